"""The engine with its real default detectors: identifier detectors plus the person-name detectors (spaCy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip(
    "voices.anonymise.names",
    reason="voices.anonymise.names (person-name detectors, built by the names work) is not importable yet",
)

from voices.anonymise.engine import Anonymiser

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "anonymise" / "uk_identifiers.json").read_text("utf-8"))
SENTENCES = {s["kind"]: s["text"] for s in FIXTURE["sentences"]}
NAMES_IN = {"name": "Sarah O'Connor", "name_lower": "dave smith", "name_caps": "MOHAMMED ALI"}


@pytest.fixture(scope="module")
def engine() -> Anonymiser:
    return Anonymiser()  # default: identifier detectors + names.default_detectors()


def test_integration_default_engine_runs_name_detectors(engine: Anonymiser) -> None:
    names = {getattr(d, "name", "") for d in engine.build_detectors()}
    assert "voices.anonymise.identifiers" in names and len(names) >= 2


@pytest.mark.parametrize("kind", sorted(NAMES_IN))
def test_integration_fixture_names_masked(engine: Anonymiser, kind: str) -> None:
    text = SENTENCES[kind]
    out = engine.run([text])
    start = text.index(NAMES_IN[kind])
    end = start + len(NAMES_IN[kind])
    assert any(r["label"] == "PERSON" and r["start"] <= start and end <= r["end"] for r in out.redactions[0]), (
        out.texts[0]
    )
    for part in NAMES_IN[kind].split():
        assert part not in out.texts[0]


def test_integration_all_fixture_sentences_idempotent(engine: Anonymiser) -> None:
    texts = list(SENTENCES.values())
    once = engine.run(texts)
    twice = engine.run(once.texts)
    assert twice.texts == once.texts
    assert all(r == [] for r in twice.redactions)


def test_integration_identifiers_still_masked_alongside_names(engine: Anonymiser) -> None:
    out = engine.run(["Sarah O'Connor, 12 Acacia Road, LS6 2AB, 07700 900123, sarah.oconnor@example.co.uk"])
    assert out.texts[0] == "[PERSON_1], [ADDRESS_1], [POSTCODE_1], [PHONE_1], [EMAIL_1]"


PLANTED = ["Zebedee Quist", "Priya Ramanathan", "Siobhan O'Malley", "Dmitri Okonkwo", "Aisha Bello"]
CONTEXTS = [
    "My neighbour {} said the bins were not collected.",
    "I spoke to {} at the council about it.",
    "Thanks to {} for organising the petition.",
    "{} and I run the food bank on Tuesdays.",
]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(PLANTED), st.sampled_from(CONTEXTS))
def test_integration_planted_names_never_survive(engine: Anonymiser, name: str, context: str) -> None:
    text = context.format(name)
    out = engine.run([text], keep_key=False)
    for part in name.split():
        assert part not in out.texts[0], out.texts[0]
    assert name not in json.dumps(out.redactions[0])
