"""Small paired runs for the report's tests, written with :func:`voices.runstore.write_run`.

A synthetic consultation of 600 respondents answering two questions, in real LSOAs across every IMD decile (and
a few postcode districts and blanks), over 8 months, with an age band in which one group is tiny. Themes and
assignments are hand-built (no theme model); the pairing tables come from :func:`voices.indicators.pairing.pair`
with the bundled IMD 2019 and CPI series, so every breakdown is suppressed by the real code.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from voices.corpus import Corpus, conform
from voices.indicators import bundled
from voices.indicators.pairing import PairingOptions, pair
from voices.indicators.stage import load_indicators
from voices.runstore import write_run
from voices.summary import summarise

EVIL_QUOTE = "<script>alert('pwned')</script> **bold** [click](http://evil.example) <img src=x onerror=alert(1)>"
"""A quote that must show as these exact characters, never as HTML or Markdown."""
FORMULA_QUOTE = '=HYPERLINK("http://evil.example","click me")'
"""A quote a spreadsheet would run as a formula if written carelessly."""
EVIL_LABEL = 'Bills <b>&amp;</b> <a href="http://evil.example">heating</a>'
"""A theme label with markup (e.g. a panel's rename): shown literally, in the page and in every chart."""
SECRET_PATH = "/home/jsmith-private/exports/survey.csv"
"""The input's full path in the manifest: never shown in a report."""

N_PEOPLE = 600
QUESTIONS = {"Q1": "How has the cost of living affected you?", "Q2": "What would help most?"}
_WORDS = {
    0: ["heating", "energy bill", "meter", "cold house", "gas"],
    1: ["food bank", "shopping", "meals", "pantry"],
    2: ["bus fares", "transport", "train"],
    3: ["advice", "benefits help", "forms"],
    4: ["warm spaces", "community hub", "library"],
}


_ENDINGS = [
    "worry me",
    "keep me up at night",
    "are the main thing for us",
    "have got much worse this year",
    "matter most to my family",
    "are a constant struggle",
    "came up again and again",
    "need sorting out",
]


def _lsoas() -> list[tuple[str, int]]:
    """Three LSOAs per IMD decile (deterministic)."""
    imd = bundled.imd_lsoa().sort_values("lsoa11cd")
    out = []
    for decile in range(1, 11):
        rows = imd[imd["imd_decile"] == decile].head(3)
        out += [(str(c), decile) for c in rows["lsoa11cd"]]
    return out


def corpus(*, split: bool = True, seed: int = 0) -> Corpus:
    """The synthetic corpus with themes, assignments, anonymisation tables and artifacts (not yet paired).

    Args:
        split: themes found per question (a ``question_id`` column in the themes table); otherwise themes span
            both questions, so the pairing breaks them down by question.
        seed: for the synthetic assignment.
    """
    rng = np.random.default_rng(seed)
    lsoas = _lsoas()
    people = []
    for i in range(N_PEOPLE):
        if i % 40 == 7:
            area = "SR4"  # a postcode district only
        elif i % 40 == 13:
            area = None
        else:
            area = lsoas[i % len(lsoas)][0]
        month = pd.Period("2024-01", freq="M") + (i % 8)
        age = "85+" if i % 60 == 0 else ["16-24", "25-44", "45-64", "65-84"][i % 4]
        people.append((f"r{i:03d}", area, month.to_timestamp() + pd.Timedelta(days=i % 27), age))
    rows = []
    for doc, area, when, age in people:
        for q in QUESTIONS:
            rows.append(
                {
                    "segment_id": f"{doc}/{q}",
                    "document_id": doc,
                    "source_kind": "consultation",
                    "source_format": "csv",
                    "source_file": "survey.csv",
                    "source_row": int(doc[1:]) + 3,
                    "text": "",
                    "question_id": q,
                    "question_text": QUESTIONS[q],
                    "area_code": area,
                    "created_at": when,
                    "meta": json.dumps({"demographics": {"age_band": age}}),
                }
            )
    seg = conform(pd.DataFrame(rows))
    decile_of = dict(lsoas)
    q1_themes, q2_themes = [0, 1, 2], [3, 4]
    themes_of: dict[str, list[int]] = {}
    for doc, area, _, _ in people:
        dec = decile_of.get(area or "", 5)
        p_heat = 0.55 if dec <= 3 else 0.25  # heating voiced more in deprived areas
        q1 = [t for t, p in zip(q1_themes, [p_heat, 0.3, 0.2], strict=True) if rng.random() < p]
        q2 = [t for t, p in zip(q2_themes, [0.4, 0.35], strict=True) if rng.random() < p]
        if not split:  # every theme can come up in answers to either question
            q2 += [t for t, p in zip(q1_themes, [0.15, 0.1, 0.3], strict=True) if rng.random() < p]
        themes_of[f"{doc}/Q1"] = q1 or [-1]
        themes_of[f"{doc}/Q2"] = q2 or [-1]
    texts = []
    for sid in seg["segment_id"]:
        topics = [t for t in themes_of[sid] if t >= 0]
        if not topics:
            texts.append("Not sure really")
            continue
        said = " and ".join(f"the {_WORDS[t][int(rng.integers(len(_WORDS[t])))]}" for t in topics)
        texts.append(f"{said} {_ENDINGS[int(rng.integers(len(_ENDINGS)))]}")
    seg["text"] = pd.Series(texts, index=seg.index, dtype="str")
    asg = pd.DataFrame(
        [(sid, t, 0.9 if t >= 0 else 0.0) for sid, ts in themes_of.items() for t in ts],
        columns=["segment_id", "theme_id", "probability"],
    )
    # a sub-theme of theme 0: "prepayment meters", its members a subset of theme 0's
    sub = asg[(asg["theme_id"] == 0)].iloc[::3].assign(theme_id=5, probability=0.7)
    asg = pd.concat([asg, sub], ignore_index=True)
    themes = _themes(seg, asg, split=split)
    queue = pd.DataFrame(
        {
            "segment_id": [seg["segment_id"].iloc[3], seg["segment_id"].iloc[8]],
            "field": ["text", "text"],
            "reason": ["rare_term", "low_confidence"],
            "label": ["QUASI_RARE_TERM", "PERSON"],
            "detector": ["voices.anonymise.rare_terms", "voices.anonymise.names"],
            "confidence": [0.5, 0.4],
            "start": [0, 0],
            "end": [3, 3],
        }
    )
    anonymisation = {
        "segments": len(seg),
        "texts_with_redactions": 31,
        "redactions": 44,
        "by_label": {"PERSON": 20, "PHONE": 9, "EMAIL": 7, "POSTCODE": 8},
        "by_detector": {"voices.anonymise.names": 20, "voices.anonymise.phones": 9, "voices.anonymise.contact": 15},
        "review_queue": {"rows": 2, "by_reason": {"low_confidence": 1, "rare_term": 1}},
        "capitalised_unmasked": {"rare_distinct": 1, "rare_k": 3, "tokens": 5, "distinct": 2, "segments": 3},
        "area_codes_filled": 200,
    }
    quality = {"npmi_coherence": 0.14, "diversity": 0.82, "unassigned_share": 0.18, "seed_agreement": 0.77}
    quarantine = pd.DataFrame(
        {"file": ["survey.csv"] * 2, "row": [5, 9], "reason": ["no text in any answer column"] * 2, "stage": "ingest"}
    )
    quarantine["row"] = quarantine["row"].astype("Int64")
    base = Corpus(seg, quarantine=quarantine, privacy="anonymised")
    summary = summarise(base)
    return Corpus(
        seg,
        tables={"themes": themes, "assignments": asg, "review_queue": queue},
        artifacts={"summary": summary, "anonymisation": anonymisation, "themes_quality": quality},
        quarantine=quarantine,
        privacy="anonymised",
    )


def _themes(seg: pd.DataFrame, asg: pd.DataFrame, *, split: bool) -> pd.DataFrame:
    labels = {
        0: EVIL_LABEL,
        1: "Food and shopping",
        2: "Transport costs",
        3: "Advice and help with forms",
        4: "Warm spaces and hubs",
        5: "Prepayment meters",
    }
    descriptions = {
        0: "People worry about heating and energy bills.",
        1: "Food prices and food banks.",
        2: "Bus and train fares.",
        3: "Help with benefits and forms.",
        4: "Somewhere warm to go.",
        5: "Meters that run out.",
    }
    question = {0: "Q1", 1: "Q1", 2: "Q1", 5: "Q1", 3: "Q2", 4: "Q2"}
    text_of = dict(zip(seg["segment_id"], seg["text"], strict=True))
    rows = []
    for tid, label in labels.items():
        members = asg.loc[asg["theme_id"] == tid, "segment_id"].tolist()
        distinct = list(dict.fromkeys(text_of[s] for s in members))[:5]
        first = {text_of[s]: s for s in reversed(members)}
        quotes = [{"segment_id": first[t], "text": t} for t in distinct]
        if tid == 0:
            quotes[0] = {"segment_id": members[0], "text": EVIL_QUOTE}
            quotes[1] = {"segment_id": members[1], "text": FORMULA_QUOTE}
        in_scope = N_PEOPLE if split else 2 * N_PEOPLE
        share = len(members) / in_scope
        half = 1.96 * (share * (1 - share) / in_scope) ** 0.5
        rows.append(
            {
                "theme_id": tid,
                "parent_id": 0 if tid == 5 else -1,
                "label": label,
                "keywords": np.array(_WORDS.get(tid, ["meter"])[:3], dtype=object),
                "description": descriptions[tid],
                "quotes": quotes,
                "size": len(members),
                "share": share,
                "share_ci": [max(0.0, share - half), min(1.0, share + half)],
                "stability": [0.92, 0.74, 0.55, 0.81, 0.38, 0.6][tid],
                **({"question_id": question[tid]} if split else {}),
            }
        )
    return pd.DataFrame(rows)


def ingest_record(n_segments: int, *, file: str = "survey.csv", path: str = SECRET_PATH) -> dict:
    """A stage record as `voices run` writes it for an ingest stage (for the manifest's counts and inputs)."""
    return {
        "use": "voices.ingest.consultation.v1",
        "args": {"paths": [path]},
        "segments_in": 0,
        "segments_out": n_segments,
        "quarantined": 2,
        "dropped": 1,
        "wall_s": 0.4,
        "cpu_s": 0.3,
        "stats": {
            "records_in": N_PEOPLE + 3,
            "records_kept": N_PEOPLE,
            "records_quarantined": 2,
            "records_dropped": 1,
            "sources": [
                {
                    "file": file,
                    "path": path,
                    "format": "surveymonkey_csv",
                    "records_in": N_PEOPLE + 3,
                    "segments": n_segments,
                    "quarantined": 2,
                    "dropped": 1,
                }
            ],
        },
    }


def paired(c: Corpus, *, n_resamples: int = 100) -> Corpus:
    """The corpus with the pairing tables and artifact, from the real pairing code (IMD 2019 and CPI)."""
    indicators = load_indicators(["builtin:cpi"])
    result = pair(
        c.segments,
        c.tables["themes"],
        c.tables["assignments"],
        indicators,
        PairingOptions(n_resamples=n_resamples, min_periods=6),
    )
    out = c
    for name, table in result.tables.items():
        out = out.with_table(name, table)
    return out.with_artifact("pairing", result.report)


def build_paired_run(runs_dir: Path, *, split: bool = True, name: str = "wearside") -> Path:
    """Write the paired synthetic run and return its directory."""
    c = paired(corpus(split=split))
    return write_run(c, runs_dir=runs_dir, name=name, seed=7, stages=[ingest_record(len(c))])


def build_unpaired_run(runs_dir: Path, *, name: str = "unpaired") -> Path:
    """The same corpus with themes but no pairing tables."""
    c = corpus()
    return write_run(c, runs_dir=runs_dir, name=name, seed=7, stages=[ingest_record(len(c))])


_BUILT: dict[tuple[str, str], Path] = {}


def cached_run(base: Path, kind: str) -> Path:
    """Build each kind of test run once per test session (``paired``, ``across`` questions, ``unpaired``)."""
    key = (str(base), kind)
    if key not in _BUILT:
        runs = base / f"report-runs-{kind}"
        if kind == "paired":
            _BUILT[key] = build_paired_run(runs)
        elif kind == "across":
            _BUILT[key] = build_paired_run(runs, split=False, name="across")
        else:
            _BUILT[key] = build_unpaired_run(runs)
    return _BUILT[key]


@pytest.fixture
def paired_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The paired synthetic run (themes per question), built once per session; never write into it."""
    return cached_run(tmp_path_factory.getbasetemp(), "paired")


@pytest.fixture
def across_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The paired synthetic run with themes spanning both questions (so broken down by question)."""
    return cached_run(tmp_path_factory.getbasetemp(), "across")


@pytest.fixture
def unpaired_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic run with themes but no pairing tables."""
    return cached_run(tmp_path_factory.getbasetemp(), "unpaired")
