"""Theme cards for lived-experience panels: a plain name, one sentence, a few real quotes, how common in words.

No jargon reaches a card: labels lose machine prefixes and underscores, shares become "about 1 in 5
responses", and quotes are the anonymised (and masked) words people wrote.

Example:
    >>> share_in_words(0.21), share_in_words(0.5), share_in_words(0.004, unit="posts")
    ('about 1 in 5 responses', 'about half of responses', 'fewer than 1 in 100 posts')
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from voices.review.masking import MaskRule, mask_quotes, mask_text

UNITS: dict[str, str] = {"consultation": "responses", "transcript": "things people said", "social": "posts"}
MIN_QUOTES, MAX_QUOTES = 3, 5

# Simple fractions people read at a glance, from the Plain English Campaign's advice to prefer "1 in 5" to 20%.
_FRACTIONS: tuple[tuple[int, int], ...] = (
    (1, 5),
    (1, 4),
    (3, 10),
    (1, 3),
    (2, 5),
    (1, 2),
    (3, 5),
    (2, 3),
    (7, 10),
    (3, 4),
    (4, 5),
    (9, 10),
)
_MACHINE_PREFIX = re.compile(r"^\s*-?\d+[_\s:.-]+")


@dataclass(frozen=True)
class ThemeCard:
    """What a panel member sees for one theme."""

    theme_id: str
    name: str
    about: str
    quotes: list[dict[str, str]] = field(default_factory=list)
    share: float = math.nan
    how_common: str = ""
    question: str = ""


def share_in_words(share: float, *, unit: str = "responses") -> str:
    """A share as a plain-English frequency.

    Args:
        share: a proportion between 0 and 1 (NaN for unknown).
        unit: what is being counted, e.g. ``responses``, ``posts``.

    Returns:
        E.g. ``about 1 in 5 responses``, ``about 3 in 4 responses``, ``almost all responses``.

    Example:
        >>> [share_in_words(p) for p in (0.07, 0.33, 0.74, 0.98)]
        ['about 1 in 14 responses', 'about 1 in 3 responses', 'about 3 in 4 responses', 'almost all responses']
    """
    if share is None or math.isnan(share) or share < 0:
        return f"not known how many {unit}"
    if share == 0:
        return f"none of the {unit}"
    if share < 0.01:
        return f"fewer than 1 in 100 {unit}"
    if share >= 0.95:
        return f"almost all {unit}"
    if share < 0.18:
        return f"about 1 in {round(1 / share)} {unit}"
    num, den = min(_FRACTIONS, key=lambda f: (abs(f[0] / f[1] - share), f[1]))
    if (num, den) == (1, 2):
        return f"about half of {unit}"
    return f"about {num} in {den} {unit}"


def plain_label(label: str) -> str:
    """A machine label made readable: ``"3_heating_bills_energy"`` -> ``"Heating bills energy"``.

    Example:
        >>> plain_label("3_heating_bills_energy"), plain_label("Food banks"), plain_label("")
        ('Heating bills energy', 'Food banks', 'A theme without a name yet')
    """
    text = _MACHINE_PREFIX.sub("", label or "").replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return "A theme without a name yet"
    return text[0].upper() + text[1:]


def first_sentence(text: str, *, limit: int = 220) -> str:
    """The first sentence of a description, cut at a word boundary if very long.

    Example:
        >>> first_sentence("People skip meals to pay for heating. Some use food banks.")
        'People skip meals to pay for heating.'
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    match = re.search(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


def unit_for(segments: pd.DataFrame) -> str:
    """What a run's segments are, in words (``responses``, ``posts``…), from the most common source kind."""
    if segments.empty or "source_kind" not in segments.columns:
        return "responses"
    kind = str(segments["source_kind"].mode().iloc[0])
    return UNITS.get(kind, "responses")


def _more_quotes(
    assignments: pd.DataFrame, texts: Mapping[str, str], theme_id: str, have: set[str]
) -> list[dict[str, str]]:
    mine = assignments[assignments["theme_id"] == theme_id].sort_values(
        ["probability", "segment_id"], ascending=[False, True], kind="stable", na_position="last"
    )
    return [
        {"segment_id": sid, "text": texts[sid]}
        for sid in mine["segment_id"]
        if sid not in have and texts.get(sid, "").strip()
    ]


def theme_cards(
    themes: pd.DataFrame,
    *,
    run_id: str,
    rules: Sequence[MaskRule] = (),
    unit: str = "responses",
    questions: dict[str, str] | None = None,
    assignments: pd.DataFrame | None = None,
    texts: Mapping[str, str] | None = None,
) -> list[ThemeCard]:
    """One card per theme, biggest first within each question, quotes masked with the run's rules.

    Args:
        themes: a normalised themes table (:func:`voices.review.themeset.normalise_themes`).
        run_id: the run (for masking).
        rules: mask rules from the anonymisation check.
        unit: what is counted, for the "how common" sentence.
        questions: question id -> question wording, shown on cards when themes carry a ``question_id``.
        assignments: normalised assignments; with ``texts``, tops a card up to three quotes from the theme's
            most confidently assigned segments when the themes table has fewer.
        texts: segment id -> masked text.

    Returns:
        Cards.
    """
    questions = questions or {}
    frame = themes[themes["level"] == 0].copy() if "level" in themes.columns else themes.copy()  # no sub-themes
    column = "question_id" if "question_id" in frame.columns else "group" if "group" in frame.columns else None
    frame["question_key"] = [str(v) if isinstance(v, str) else "" for v in frame[column]] if column else ""
    frame = frame.sort_values(["question_key", "size", "theme_id"], ascending=[True, False, True], kind="stable")
    cards = []
    for row in frame.itertuples(index=False):
        quotes = mask_quotes(list(row.quotes), run_id, rules)[:MAX_QUOTES]
        if len(quotes) < MIN_QUOTES and assignments is not None and texts:
            quotes += _more_quotes(assignments, texts, row.theme_id, {q["segment_id"] for q in quotes})[
                : MIN_QUOTES - len(quotes)
            ]
        words = ", ".join(list(row.keywords)[:5])
        about = first_sentence(row.description) or (f"Words that come up: {words}." if words else "")
        about = mask_text(about, run_id, rules)
        cards.append(
            ThemeCard(
                theme_id=row.theme_id,
                name=mask_text(plain_label(row.label), run_id, rules),
                about=about,
                quotes=quotes,
                share=float(row.share),
                how_common=share_in_words(float(row.share), unit=unit),
                question=questions.get(row.question_key, row.question_key),
            )
        )
    return cards
