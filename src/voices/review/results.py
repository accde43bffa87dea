"""Panel results for researchers: verdicts per theme, agreement, members' own names, flags, missing themes.

Dissent is never averaged away: every member's verdict and words stay on the page, and each theme says how
many members answered differently from the most common verdict.

Example:
    >>> dissent_in_words({"yes": 3, "no": 1})
    '1 of 4 answered differently (no)'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from voices.db import reviews_for
from voices.db.models import MissingThemeSuggestion, Person, QuoteFlag, Review
from voices.review.agreement import PanelAgreement, panel_agreement, theme_agreement
from voices.review.cards import plain_label
from voices.review.masking import MaskRule, mask_text
from voices.review.panel import FLAG_WORDS, VERDICT_WORDS

VERDICT_COLUMNS: tuple[str, ...] = ("yes", "partly", "no", "not_sure")


def people_names(s: Session) -> dict[int, str]:
    """Person id -> display name."""
    return {pid: name for pid, name in s.execute(select(Person.id, Person.display_name))}


def dissent_in_words(counts: Mapping[str, int]) -> str:
    """How many answered differently from the most common verdict, in words ('' when everyone agreed)."""
    given = {k: v for k, v in counts.items() if v}
    total = sum(given.values())
    if total < 2 or len(given) < 2:
        return ""
    top = max(given, key=lambda k: (given[k], k == "yes"))
    others = {k: v for k, v in given.items() if k != top}
    words = ", ".join(f"{VERDICT_WORDS.get(k, k).lower()}" for k in sorted(others, key=lambda k: -others[k]))
    return f"{sum(others.values())} of {total} answered differently ({words})"


def verdict_table(reviews: Sequence[Review], labels: Mapping[str, str]) -> pd.DataFrame:
    """One row per theme: counts of each verdict, agreement between members, and dissent in words."""
    by_theme: dict[str, list[str]] = {tid: [] for tid in labels}
    for review in reviews:
        by_theme.setdefault(review.theme_id, []).append(review.verdict)
    rows = []
    for tid, verdicts in by_theme.items():
        counts = Counter(verdicts)
        rows.append(
            {
                "theme_id": tid,
                "theme": plain_label(labels.get(tid, tid)),
                **{VERDICT_WORDS[v]: counts.get(v, 0) for v in VERDICT_COLUMNS},
                "answers": len(verdicts),
                "members agreeing (pairs)": theme_agreement(verdicts),
                "dissent": dissent_in_words(counts),
            }
        )
    return pd.DataFrame(rows)


def agreement(reviews: Sequence[Review], *, resamples: int = 500) -> PanelAgreement:
    """Krippendorff's alpha (ordinal) over all verdicts of a run, with a bootstrap interval over themes."""
    verdicts = {(str(r.person_id), r.theme_id): r.verdict for r in reviews}
    return panel_agreement(verdicts, level="ordinal", resamples=resamples)


def names_table(reviews: Sequence[Review], labels: Mapping[str, str], names: Mapping[int, str]) -> pd.DataFrame:
    """Every member's verdict, own name and comment, theme by theme, side by side with the machine's name."""
    rows = [
        {
            "theme_id": r.theme_id,
            "theme": plain_label(labels.get(r.theme_id, r.theme_id)),
            "member": names.get(r.person_id, f"person {r.person_id}"),
            "rings true?": VERDICT_WORDS.get(r.verdict, r.verdict),
            "their name for it": r.own_name or "",
            "comment": r.comment or "",
            "review_id": r.id,
            "saved": r.updated_at,
        }
        for r in reviews
    ]
    columns = ["theme_id", "theme", "member", "rings true?", "their name for it", "comment", "review_id", "saved"]
    return pd.DataFrame(rows, columns=columns)


def flags_table(
    s: Session,
    run_id: str,
    labels: Mapping[str, str],
    names: Mapping[int, str],
    texts: Mapping[str, str],
    rules: Sequence[MaskRule],
) -> pd.DataFrame:
    """Quotes members flagged, with the (masked) quote, the reason in their words and any note."""
    flags = s.scalars(select(QuoteFlag).where(QuoteFlag.run_id == run_id).order_by(QuoteFlag.theme_id, QuoteFlag.id))
    rows = [
        {
            "theme_id": f.theme_id,
            "theme": plain_label(labels.get(f.theme_id, f.theme_id)),
            "segment_id": f.segment_id,
            "quote": mask_text(texts.get(f.segment_id, ""), run_id, rules),
            "reason": FLAG_WORDS.get(f.reason, f.reason),
            "member": names.get(f.person_id, f"person {f.person_id}"),
            "note": f.note or "",
        }
        for f in flags
    ]
    columns = ["theme_id", "theme", "segment_id", "quote", "reason", "member", "note"]
    return pd.DataFrame(rows, columns=columns)


def suggestions_table(s: Session, run_id: str, names: Mapping[int, str]) -> pd.DataFrame:
    """Themes members think are missing, in their words."""
    rows = s.scalars(
        select(MissingThemeSuggestion)
        .where(MissingThemeSuggestion.run_id == run_id)
        .order_by(MissingThemeSuggestion.id)
    )
    data = [
        {"suggestion": r.name, "more": r.description or "", "member": names.get(r.person_id, ""), "when": r.created_at}
        for r in rows
    ]
    return pd.DataFrame(data, columns=["suggestion", "more", "member", "when"])


def run_reviews(s: Session, run_id: str) -> list[Review]:
    """Every current review of a run."""
    return reviews_for(s, run_id)
