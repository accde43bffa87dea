"""Analysis periods: week, month, quarter or year, from timestamps or from period labels as people write them.

Labels are ISO-like and sort as text: ``2026-W03`` (ISO week, Monday to Sunday), ``2026-01``, ``2026-Q1``,
``2026``. Timestamps are placed in periods by their date in UK local time (Europe/London), so a post at 00:30
BST on the 1st of a month counts in that month. :func:`parse_period` reads the labels voices writes and the ones
statistics producers use (ONS ``2022 OCT``, ``2022 Q4``; ``Oct 2022``, ``2022M10``).

Example:
    >>> import pandas as pd
    >>> ts = pd.Series(pd.to_datetime(["2026-01-12 09:00", "2026-03-31 23:30"], utc=True))
    >>> labels(to_periods(ts, "week")).tolist(), labels(to_periods(ts, "quarter")).tolist()
    (['2026-W03', '2026-W14'], ['2026-Q1', '2026-Q2'])
    >>> [label(parse_period(s)) for s in ["2022 OCT", "2022 Q4", "2022", "Oct 2022", "2026-W03"]]
    ['2022-10', '2022-Q4', '2022', '2022-10', '2026-W03']
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

import pandas as pd

Frequency = Literal["week", "month", "quarter", "year"]
FREQUENCIES: tuple[str, ...] = ("week", "month", "quarter", "year")
#: pandas period frequency for each analysis frequency (weeks run Monday to Sunday, as ISO weeks do).
PANDAS_FREQ: dict[str, str] = {"week": "W-SUN", "month": "M", "quarter": "Q-DEC", "year": "Y-DEC"}
TIMEZONE = "Europe/London"

_MONTHS = {
    m: i
    for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)
}
_MONTH_WORDS = {
    **{m: i for m, i in _MONTHS.items()},
    "SEPT": 9,
    **{
        name: i
        for i, name in enumerate(
            [
                "JANUARY",
                "FEBRUARY",
                "MARCH",
                "APRIL",
                "MAY",
                "JUNE",
                "JULY",
                "AUGUST",
                "SEPTEMBER",
                "OCTOBER",
                "NOVEMBER",
                "DECEMBER",
            ],
            start=1,
        )
    },
}
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d{4})"), "year"),
    (re.compile(r"(\d{4})[- ]?Q([1-4])"), "quarter"),
    (re.compile(r"Q([1-4])[- ](\d{4})"), "quarter_rev"),
    (re.compile(r"(\d{4})[- ]?W(\d{1,2})"), "week"),
    (re.compile(r"(\d{4})[-/M](\d{1,2})"), "month"),
    (re.compile(r"(\d{4}) ([A-Z]{3,9})"), "month_name"),
    (re.compile(r"([A-Z]{3,9})[- ](\d{4})"), "name_month"),
)


def frequency_of(period: pd.Period) -> Frequency:
    """The analysis frequency of a pandas period."""
    code = period.freqstr.split("-")[0]
    return {"W": "week", "M": "month", "Q": "quarter", "Y": "year", "A": "year"}[code[0]]  # type: ignore[return-value]


def label(period: pd.Period) -> str:
    """The voices label of a period: ``2026-W03``, ``2026-01``, ``2026-Q1`` or ``2026``."""
    freq = frequency_of(period)
    if freq == "week":
        iso = period.start_time.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if freq == "month":
        return f"{period.year}-{period.month:02d}"
    if freq == "quarter":
        return f"{period.year}-Q{period.quarter}"
    return str(period.year)


def labels(periods: pd.Series) -> pd.Series:
    """:func:`label` of each period in a series (missing stays missing)."""
    return periods.map(lambda p: label(p) if isinstance(p, pd.Period) else None).astype("str")


def to_periods(timestamps: pd.Series, freq: Frequency) -> pd.Series:
    """The period (week, month, quarter, year) each timestamp falls in, by its UK local date.

    Naive timestamps are taken as UK local time; missing ones give missing periods.
    """
    if freq not in PANDAS_FREQ:
        raise ValueError(f"freq must be one of {FREQUENCIES}, got {freq!r}")
    ts = pd.to_datetime(timestamps, errors="coerce", utc=False)
    if getattr(ts.dt, "tz", None) is not None:
        ts = ts.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    return ts.dt.to_period(PANDAS_FREQ[freq]).astype("object").where(ts.notna(), None)


def period_labels(timestamps: pd.Series, freq: Frequency) -> pd.Series:
    """Labels of the periods timestamps fall in (vectorised :func:`to_periods` then :func:`labels`).

    Example:
        >>> ts = pd.Series(pd.to_datetime(["2026-01-12 09:00", "2025-12-29 00:00", None], utc=True))
        >>> period_labels(ts, "week").tolist(), period_labels(ts, "quarter").tolist()[:2]
        (['2026-W03', '2026-W01', nan], ['2026-Q1', '2025-Q4'])
    """
    if freq not in PANDAS_FREQ:
        raise ValueError(f"freq must be one of {FREQUENCIES}, got {freq!r}")
    ts = pd.to_datetime(timestamps, errors="coerce")
    if getattr(ts.dt, "tz", None) is not None:
        ts = ts.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    if freq == "week":
        iso = ts.dt.isocalendar()
        out = iso["year"].astype("str") + "-W" + iso["week"].astype("str").str.zfill(2)
    elif freq == "month":
        out = ts.dt.strftime("%Y-%m")
    elif freq == "quarter":
        out = ts.dt.year.astype("Int64").astype("str") + "-Q" + ts.dt.quarter.astype("Int64").astype("str")
    else:
        out = ts.dt.year.astype("Int64").astype("str")
    return out.where(ts.notna()).astype("str")


def parse_period(text: str) -> pd.Period | None:
    """A period from a label such as ``2026-01``, ``2026-Q1``, ``2026-W03``, ``2022 OCT`` or ``2022``; else None."""
    if not isinstance(text, str):
        return None
    s = re.sub(r"\s+", " ", text.strip().upper())
    for pattern, kind in _PATTERNS:
        m = pattern.fullmatch(s)
        if not m:
            continue
        if kind == "year":
            return pd.Period(m[1], freq=PANDAS_FREQ["year"])
        if kind == "quarter":
            return pd.Period(year=int(m[1]), quarter=int(m[2]), freq=PANDAS_FREQ["quarter"])
        if kind == "quarter_rev":
            return pd.Period(year=int(m[2]), quarter=int(m[1]), freq=PANDAS_FREQ["quarter"])
        if kind == "week":
            try:
                monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            except ValueError:
                return None
            return pd.Period(monday, freq=PANDAS_FREQ["week"])
        if kind == "month" and 1 <= int(m[2]) <= 12:
            return pd.Period(year=int(m[1]), month=int(m[2]), freq="M")
        if kind == "month_name" and m[2] in _MONTH_WORDS:
            return pd.Period(year=int(m[1]), month=_MONTH_WORDS[m[2]], freq="M")
        if kind == "name_month" and m[1] in _MONTH_WORDS:
            return pd.Period(year=int(m[2]), month=_MONTH_WORDS[m[1]], freq="M")
    return None


def coarsen(values: pd.Series, freq: Frequency) -> pd.Series:
    """Average a series indexed by periods into a coarser frequency (weeks go to the month of their Thursday).

    Example:
        >>> s = pd.Series([1.0, 2.0, 3.0, 5.0], index=pd.period_range("2024-01", periods=4, freq="M"))
        >>> coarsen(s, "quarter").to_dict()
        {Period('2024Q1', 'Q-DEC'): 2.0, Period('2024Q2', 'Q-DEC'): 5.0}
    """
    target = PANDAS_FREQ[freq]
    keys = [
        (p.start_time + pd.Timedelta(days=3)).to_period(target)
        if frequency_of(p) == "week"
        else p.asfreq(target, how="start")
        for p in values.index
    ]
    return values.groupby(keys).mean()


def is_finer(a: Frequency, b: Frequency) -> bool:
    """Whether frequency ``a`` is finer than ``b`` (week < month < quarter < year)."""
    return FREQUENCIES.index(a) < FREQUENCIES.index(b)
