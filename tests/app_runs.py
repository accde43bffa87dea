"""Small run directories for the review app's tests: anonymised segments, themes, assignments, anonymisation.

Built with :func:`voices.runstore.write_run`, so the tests never depend on the theme model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from conftest import make_segments
from voices import db
from voices.corpus import Corpus
from voices.db import access
from voices.db.models import Person
from voices.review import sessions
from voices.runstore import write_run

EVIL = "<script>alert('pwned')</script> **bold** [click](http://evil.example) :red[x] ![i](http://evil.example/i.png)"
"""A quote that must show as these exact characters, never as HTML or Markdown."""

_TEXTS = {
    "0": [
        "The heating costs more than the rent now and we sit in coats",
        "We skip meals so the meter doesn't run out",
        "Heating or eating, that's the choice every week",
        "My energy bill doubled and the council tax went up",
        "I turn the heating off when the kids are at school",
        "We go to bed early to keep warm",
        "Cold house all winter, damp on the walls",
        "Prepayment meter eats everything",
        "Energy is the biggest worry",
        "Can't afford to put the heating on",
        "Bills keep rising faster than wages",
        "I worry about the gas bill every day",
    ],
    "1": [
        "The food bank has been a lifeline for my family",
        "Food prices are shocking in the big shop",
        "Zebedee at the food bank helped us a lot",
        "I buy the cheapest food and still can't make it last",
        "Children go to school hungry",
        "The pantry scheme saved us this winter",
        "Food bank volunteers never judge you",
        "We share meals with the neighbours",
    ],
    "2": [
        "The buses are too expensive to get to work",
        "I walk two miles because the fare went up",
        "No bus after seven so I can't take evening shifts",
        "Transport costs stop me seeing my family",
        "Cheaper bus passes would help most",
        "Trains are out of reach for us",
    ],
    "3": [
        "Nobody asks people like us what we need",
        "The council should listen more",
        "Forms are too long and confusing",
        "I felt ashamed asking for help",
    ],
}


def segments_and_assignments() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segments (with question, area, period, an age band in meta) and their theme assignments."""
    texts, themes = [], []
    for theme_id, items in _TEXTS.items():
        texts.extend(items)
        themes.extend([int(theme_id)] * len(items))
    texts += ["Not sure what to say", "No comment really", "Ok"]
    themes += [-1, -1, -1]
    n = len(texts)
    segments = make_segments(
        texts,
        question_id=["Q1" if i % 3 else "Q2" for i in range(n)],
        question_text=["What worries you most about money?" if i % 3 else "What would help?" for i in range(n)],
        area_code=["E05000001" if i % 2 else "E05000002" for i in range(n)],
        period=["2025-01" if i < n // 2 else "2025-02" for i in range(n)],
        meta=[json.dumps({"age_band": "18-34" if i % 2 else "35-64"}) for i in range(n)],
    )
    assignments = pd.DataFrame(
        {
            "segment_id": segments["segment_id"],
            "theme_id": themes,
            "probability": [0.9 if t >= 0 else 0.0 for t in themes],
        }
    )
    return segments, assignments


def themes_table(segments: pd.DataFrame, assignments: pd.DataFrame, *, evil: bool = True) -> pd.DataFrame:
    """Four themes with labels, keywords, descriptions, quotes, sizes, shares, intervals and stability."""
    labels = {
        "0": "0_heating_energy_bills",
        "1": "Food banks and food prices",
        "2": "Transport costs",
        "3": "Not being listened to",
    }
    descriptions = {
        "0": "People choose between heating their homes and eating. Bills have risen sharply.",
        "1": "Food banks and pantries help families who cannot afford food.",
        "2": "Bus and train fares keep people from work and family.",
        "3": "People feel nobody asks them what they need.",
    }
    keywords = {
        "0": ["heating", "energy", "bills"],
        "1": ["food", "bank"],
        "2": ["bus", "fare"],
        "3": ["listen", "council"],
    }
    total = len(segments)
    text_of = dict(zip(segments["segment_id"], segments["text"], strict=True))
    rows = []
    for theme_id in labels:
        members = assignments.loc[assignments["theme_id"] == int(theme_id), "segment_id"].tolist()
        quotes = [{"segment_id": s, "text": text_of[s]} for s in members[:4]]
        if theme_id == "1":
            quotes.append({"segment_id": members[2], "text": text_of[members[2]]})  # the Zebedee quote, twice
            quotes = quotes[:4]
        if evil and theme_id == "3":
            quotes[0] = {"segment_id": members[0], "text": EVIL}
        share = len(members) / total
        rows.append(
            {
                "theme_id": int(theme_id),
                "parent_id": -1,
                "label": labels[theme_id],
                "keywords": keywords[theme_id],
                "description": descriptions[theme_id],
                "quotes": quotes,
                "size": len(members),
                "share": share,
                "share_ci": [max(0.0, share - 0.1), min(1.0, share + 0.1)],
                "stability": 0.9 - 0.1 * int(theme_id),
            }
        )
    return pd.DataFrame(rows)


def build_run(runs_dir: Path, *, name: str = "housing", evil: bool = True) -> Path:
    """Write a small anonymised run with themes, assignments and an anonymisation report; return its path."""
    segments, assignments = segments_and_assignments()
    if evil:
        segments.loc[segments["text"] == "Nobody asks people like us what we need", "text"] = EVIL
    zebedee = segments.index[segments["text"].str.contains("Zebedee")][0]
    start = segments.loc[zebedee, "text"].index("Zebedee")
    review_queue = pd.DataFrame(
        {
            "segment_id": [segments.loc[zebedee, "segment_id"], segments.loc[1, "segment_id"]],
            "field": ["text", "text"],
            "reason": ["rare_term", "low_confidence"],
            "label": ["QUASI_RARE_TERM", "PERSON"],
            "detector": ["voices.anonymise.rare_terms", "voices.anonymise.names"],
            "confidence": [0.5, 0.4],
            "start": [start, 3],
            "end": [start + len("Zebedee"), 10],
        }
    )
    redactions = pd.DataFrame({"segment_id": segments["segment_id"], "redactions": ["[]"] * len(segments)})
    report = {
        "segments": len(segments),
        "texts_with_redactions": 3,
        "redactions": 5,
        "by_label": {"PERSON": 3, "PHONE": 2},
        "by_detector": {"names": 3, "phones": 2},
        "review_queue": {"rows": len(review_queue), "by_reason": {"rare_term": 1, "low_confidence": 1}},
    }
    corpus = Corpus(
        segments,
        tables={
            "themes": themes_table(segments, assignments, evil=evil),
            "assignments": assignments,
            "redactions": redactions,
            "review_queue": review_queue,
            "pair_imd_decile": pd.DataFrame(
                {
                    "theme_id": [0, 0, 1],
                    "imd_decile": [1, 2, 1],
                    "segments": [10, None, 12],
                    "suppressed": [False, True, False],
                }
            ),
        },
        artifacts={"anonymisation": report, "themes_quality": {"unassigned_share": 3 / len(segments)}},
        privacy="anonymised",
    )
    return write_run(corpus, runs_dir=runs_dir, name=name, seed=0)


# --- a whole world for app tests: two runs, two panels, a researcher and three members ----------------------

APP = Path(__file__).resolve().parents[1] / "app" / "streamlit_app.py"


@dataclass
class World:
    """Runs, a database and people for the review app's tests."""

    runs_dir: Path
    run_id: str
    secret_run_id: str
    url: str
    engine: Engine
    codes: dict[str, str]
    people: dict[str, Person]

    def token(self, name: str) -> str:
        """A fresh session token for a person (as if they had just signed in)."""
        with db.session(self.engine) as s:
            signed = sessions.sign_in(s, self.codes[name])
        assert signed is not None
        return signed.token

    def app(self, name: str | None = None, **params: str) -> AppTest:
        """An AppTest of the app, signed in as ``name`` (via the URL token) with extra query parameters."""
        at = AppTest.from_file(str(APP), default_timeout=30)
        if name is not None:
            at.query_params["s"] = self.token(name)
        for key, value in params.items():
            at.query_params[key] = value
        return at


@pytest.fixture(scope="session")
def app_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Two runs in one folder: ``housing`` (shown to the tenants panel) and ``secret`` (carers panel only)."""
    runs_dir = tmp_path_factory.mktemp("app-runs")
    housing = build_run(runs_dir, name="housing")
    secret = build_run(runs_dir, name="secret", evil=False)
    return runs_dir, housing.name, secret.name


@pytest.fixture
def world(app_runs: tuple[Path, str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """A fresh SQLite database with Asha (researcher), Jo and Kez (tenants panel), Lou (carers panel)."""
    runs_dir, run_id, secret_id = app_runs
    monkeypatch.setattr(access, "SCRYPT_N", 2**10)
    url = f"sqlite:///{tmp_path / 'voices.db'}"
    monkeypatch.setenv("VOICES_DATABASE_URL", url)
    monkeypatch.setenv("VOICES_APP_RUNS", str(runs_dir))
    engine = db.connect(url)
    db.upgrade(engine)
    with db.session(engine) as s:
        asha, asha_code = db.create_person(s, "Asha", role="researcher", by=None)
        people, codes = {"Asha": asha}, {"Asha": asha_code}
        tenants = db.create_panel(s, "Tenants panel", by=asha)
        carers = db.create_panel(s, "Carers panel", by=asha)
        for name, panel in (("Jo", tenants), ("Kez", tenants), ("Lou", carers)):
            people[name], codes[name] = db.create_person(s, name, role="panel_member", by=asha)
            db.invite(s, panel, people[name], by=asha)
        db.grant_run(s, tenants, run_id, by=asha)
        db.grant_run(s, carers, secret_id, by=asha)
    yield World(runs_dir, run_id, secret_id, url, engine, codes, people)
    engine.dispose()


def page_text(at: AppTest) -> str:
    """Everything an AppTest page shows as text, joined (for 'is this visible anywhere?' checks)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "text", "caption", "info", "success", "warning", "error"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(parts)
