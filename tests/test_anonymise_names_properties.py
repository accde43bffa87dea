"""Invariants of name detection, checked with hypothesis (the spaCy model is loaded once per module)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voices.anonymise.names import PersonNameDetector
from voices.anonymise.names.casing import casing_style, truecase
from voices.anonymise.names.lexicon import NameLexicon, is_wordlike

LEX = NameLexicon.default()
#: Common, unambiguous first names and surnames of the packaged gazetteer.
FIRST_NAMES = [w for w in LEX.names(min_band=3, common=False) if LEX.entries[w].first >= 3 and is_wordlike(w)]
SURNAMES = [w for w in LEX.names(min_band=3, common=False) if LEX.entries[w].surname >= 3 and is_wordlike(w)]

TEMPLATES = [
    "I spoke to {name} about the bins.",
    "{name} said the rent went up again.",
    "Thanks to {name} for helping with the forms.",
    "My neighbour {name} has had no heating since March.",
    "we went to see {name} at the food bank",
    "Nobody listens, {name} told me, and the buses are worse.",
    "The housing officer, {name}, never rang back.",
]
MODEL_SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def detector() -> PersonNameDetector:
    det = PersonNameDetector(propagate="none")
    det.detect(["warm up"])
    return det


def _cased(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


@MODEL_SETTINGS
@given(
    first=st.sampled_from(FIRST_NAMES),
    last=st.none() | st.sampled_from(SURNAMES),
    template=st.sampled_from(TEMPLATES),
    casing=st.sampled_from(["title", "lower", "upper"]),
)
def test_gazetteer_names_planted_in_templates_are_always_detected(
    detector: PersonNameDetector, first: str, last: str | None, template: str, casing: str
) -> None:
    name = _cased(first) if last is None else f"{_cased(first)} {_cased(last)}"
    text = template.format(name=name)
    if casing == "lower":
        text, name = text.lower(), name.lower()
    elif casing == "upper":
        text, name = text.upper(), name.upper()
    start = text.index(name)
    spans = detector.detect([text])[0]
    for token_start in [start] + [start + i + 1 for i, c in enumerate(name) if c == " "]:
        assert any(s.start <= token_start < s.end for s in spans), (text, spans)


@given(st.text(max_size=200))
def test_truecase_never_changes_length(text: str) -> None:
    assert len(truecase(text)) == len(text)


@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "Zs", "P"]), max_size=120))
def test_truecase_only_changes_case(text: str) -> None:
    assert truecase(text).lower() == text.lower()
    assert casing_style(text) in ("upper", "lower", "title", "mixed")


@MODEL_SETTINGS
@given(
    st.lists(
        st.sampled_from(["PERSON", "EMAIL", "PHONE", "POSTCODE", "HANDLE", "NHS_NUMBER"]).flatmap(
            lambda label: st.integers(1, 999).map(lambda n: f"[{label}_{n}]")
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(TEMPLATES),
)
def test_placeholders_are_never_detected(detector: PersonNameDetector, placeholders: list[str], template: str) -> None:
    text = template.format(name=" and ".join(placeholders))
    assert detector.detect([text]) == [[]]
