"""Numbers in plain English for councils and charities: shares, intervals, stability, counts, group names.

Every phrase a report shows about a number comes from here, so the wording is the same in the HTML page and the
workbook, and is tested once. A hidden (suppressed) count is always the word ``suppressed``, never a number.

Example:
    >>> share_words(0.2, (0.17, 0.23))
    'about 1 in 5 responses (17–23%)'
    >>> stability_words(0.9)
    'very stable: found again in almost every re-run'
    >>> count_text(None)
    'suppressed'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

#: The word shown wherever a small count (or anything derived from it) is hidden.
SUPPRESSED = "suppressed"

#: What one segment is called, by source kind.
NOUNS: dict[str, str] = {"consultation": "responses", "transcript": "speaker turns", "social": "posts"}

#: Plain names for anonymisation labels (anything else is shown lower-cased with spaces).
LABELS: dict[str, str] = {
    "PERSON": "names of people",
    "PHONE": "phone numbers",
    "EMAIL": "email addresses",
    "POSTCODE": "postcodes",
    "ADDRESS": "street addresses",
    "URL": "web addresses",
    "DATE_OF_BIRTH": "dates of birth",
    "DATE": "dates",
    "AGE": "ages",
    "NHS_NUMBER": "NHS numbers",
    "NI_NUMBER": "National Insurance numbers",
    "BANK_ACCOUNT": "bank account numbers",
    "SORT_CODE": "sort codes",
    "CARD_NUMBER": "card numbers",
    "IBAN": "bank account numbers (IBAN)",
    "VEHICLE_REG": "vehicle registrations",
    "HANDLE": "social media handles",
    "LANGUAGE": "texts in another language",
    "IP_ADDRESS": "IP addresses",
    "ORG": "organisation names",
    "LOCATION": "places",
    "REFERENCE": "reference numbers",
}

#: Plain names for review-queue reasons.
REASONS: dict[str, str] = {
    "rare_term": "rare capitalised words (possibly names the detectors missed)",
    "low_confidence": "masked, but with low confidence",
    "quasi_identifier": "details that could identify someone in context (a school, a role, a small street)",
    "not_english": "texts not in English, where names are found less reliably: read them before sharing",
}


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas' missing values.

    Example:
        >>> is_missing(None), is_missing(float("nan")), is_missing(0)
        (True, True, False)
    """
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, pd.NA (raises), NaT
    except (TypeError, ValueError):
        return True


def number(value: Any) -> float | None:
    """A finite float, or None when the value is missing, infinite or not a number.

    Example:
        >>> number("0.5"), number(None), number("x"), number(float("inf"))
        (0.5, None, None, None)
    """
    if is_missing(value):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _pct_number(share: float) -> str:
    pct = 100 * share
    if 0 < pct < 0.05:
        return "<0.1"
    if 99.5 <= pct < 100:
        return ">99"
    if abs(pct) < 9.95 and round(pct) != round(pct, 1):
        return f"{pct:.1f}"
    return f"{pct:.0f}"


def percent(share: Any) -> str:
    """A share as a percentage: ``17%``, ``3.4%``, ``0.1%``, ``<0.1%``; an en dash when missing.

    Example:
        >>> percent(0.172), percent(0.034), percent(0.001), percent(0.0001), percent(None)
        ('17%', '3.4%', '0.1%', '<0.1%', '–')
    """
    value = number(share)
    return "–" if value is None else f"{_pct_number(value)}%"


def interval(low: Any, high: Any) -> str:
    """An interval of shares: ``17–23%``; empty when either end is missing.

    Example:
        >>> interval(0.17, 0.231), interval(None, 0.2)
        ('17–23%', '')
    """
    lo, hi = number(low), number(high)
    if lo is None or hi is None:
        return ""
    return f"{_pct_number(lo)}–{_pct_number(hi)}%"


def as_interval(value: Any) -> tuple[float, float] | None:
    """A ``(low, high)`` pair from a list, tuple or array cell; None when it is not one.

    Example:
        >>> as_interval([0.1, 0.2]), as_interval(None), as_interval([0.1])
        ((0.1, 0.2), None, None)
    """
    if value is None or isinstance(value, (str, bytes, float, int)):
        return None
    try:
        items = list(value)
    except TypeError:
        return None
    if len(items) != 2:
        return None
    lo, hi = number(items[0]), number(items[1])
    return None if lo is None or hi is None else (lo, hi)


def how_many(share: Any, noun: str = "responses") -> str:
    """A share as "about 1 in 5 responses", "about 6 in 10 posts", "about half of speaker turns".

    Example:
        >>> how_many(0.17), how_many(0.62, "posts"), how_many(0.5), how_many(0.004)
        ('about 1 in 6 responses', 'about 6 in 10 posts', 'about half of responses', 'fewer than 1 in 100 responses')
    """
    p = number(share)
    if p is None:
        return "share not measured"
    if p <= 0:
        return f"none of the {noun}"
    if p < 0.01:
        return f"fewer than 1 in 100 {noun}"
    if p < 0.35:
        return f"about 1 in {round(1 / p)} {noun}"
    if p >= 0.95:
        return f"almost all {noun}"
    tenths = round(10 * p)
    if tenths == 5:
        return f"about half of {noun}"
    return f"about {tenths} in 10 {noun}"


def share_words(share: Any, ci: Sequence[Any] | None = None, noun: str = "responses") -> str:
    """A share with its interval: ``about 1 in 5 responses (17–23%)``.

    Without an interval, the share itself is given in brackets: ``about 1 in 5 responses (20%)``.

    Example:
        >>> share_words(0.2, None, "posts")
        'about 1 in 5 posts (20%)'
    """
    words = how_many(share, noun)
    if number(share) is None:
        return words
    bounds = as_interval(ci) if ci is not None else None
    shown = interval(*bounds) if bounds else percent(share)
    return f"{words} ({shown})"


def stability_words(value: Any) -> str:
    """What a theme's stability score (0–1: how reliably it reappears across re-runs) means.

    Example:
        >>> stability_words(0.72), stability_words(0.3), stability_words(None)
        ('stable: found again in most re-runs', 'unstable: often not found again; treat as tentative', 'not measured')
    """
    s = number(value)
    if s is None:
        return "not measured"
    if s >= 0.85:
        return "very stable: found again in almost every re-run"
    if s >= 0.7:
        return "stable: found again in most re-runs"
    if s >= 0.5:
        return "fairly stable: found again in about half of re-runs or more; read with some care"
    return "unstable: often not found again; treat as tentative"


def count_text(value: Any) -> str:
    """A count for display: thousands separated, or ``suppressed`` when hidden (None / missing).

    Example:
        >>> count_text(12345), count_text(None)
        ('12,345', 'suppressed')
    """
    n = number(value)
    return SUPPRESSED if n is None else f"{int(n):,}"


def plural(count: Any, one: str, many: str) -> str:
    """A count with the right form of the words after it (``suppressed`` when the count is hidden).

    Example:
        >>> plural(1, "record was", "records were"), plural(1200, "text", "texts"), plural(None, "a", "b")
        ('1 record was', '1,200 texts', 'suppressed')
    """
    n = number(count)
    if n is None:
        return SUPPRESSED
    return f"{int(n):,} {one if int(n) == 1 else many}"


def noun_for(kinds: Sequence[str] | dict[str, int]) -> str:
    """What to call a segment, from the source kinds present (the most common one wins).

    Example:
        >>> noun_for({"social": 10, "consultation": 2}), noun_for([])
        ('posts', 'responses')
    """
    counts = dict(kinds) if isinstance(kinds, dict) else {k: 1 for k in kinds}
    if not counts:
        return "responses"
    top = max(sorted(counts), key=lambda k: counts[k])
    return NOUNS.get(top, "texts")


def label_name(label: str) -> str:
    """A plain name for an anonymisation label.

    Example:
        >>> label_name("PHONE"), label_name("QUASI_SCHOOL")
        ('phone numbers', 'quasi school')
    """
    return LABELS.get(label, label.replace("_", " ").lower())


def reason_name(reason: str) -> str:
    """A plain description of a review-queue reason.

    Example:
        >>> reason_name("rare_term")
        'rare capitalised words (possibly names the detectors missed)'
    """
    return REASONS.get(reason, reason.replace("_", " "))


def variable_name(variable: str) -> str:
    """What a breakdown's grouping is, in words.

    Example:
        >>> variable_name("demographics.age_band"), variable_name("imd2019_decile"), variable_name("month")
        ('age band', 'area deprivation (IMD 2019 decile)', 'month')
    """
    if variable == "imd2019_decile":
        return "area deprivation (IMD 2019 decile)"
    if variable.startswith("imd2019_") and variable.endswith("_decile"):
        domain = variable.removeprefix("imd2019_").removesuffix("_decile").replace("_", " ")
        return f"{domain} deprivation (IMD 2019 decile)"
    if variable == "question_id":
        return "question"
    return variable.rsplit(".", 1)[-1].replace("_", " ")


def group_name(variable: str, group: str) -> str:
    """A group's name as shown: deciles say which end is which.

    Example:
        >>> group_name("imd2019_decile", "1"), group_name("imd2019_decile", "10"), group_name("age", "16-24")
        ('1 (most deprived)', '10 (least deprived)', '16-24')
    """
    if variable.startswith("imd2019_") and variable.endswith("_decile"):
        if group == "1":
            return "1 (most deprived)"
        if group == "10":
            return "10 (least deprived)"
    return group


def p_value(value: Any) -> str:
    """A p- or q-value for display.

    Example:
        >>> p_value(0.0004), p_value(0.0312), p_value(None)
        ('<0.001', '0.031', '–')
    """
    v = number(value)
    if v is None:
        return "–"
    return "<0.001" if v < 0.001 else f"{v:.3f}"


def correlation(value: Any) -> str:
    """A correlation coefficient for display (two decimals, a proper minus sign).

    Example:
        >>> correlation(-0.256), correlation(None)
        ('−0.26', '–')
    """
    v = number(value)
    if v is None:
        return "–"
    return f"{v:.2f}".replace("-", "−")
