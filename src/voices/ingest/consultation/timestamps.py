"""Response timestamps: parse a whole column at once, deciding day/month order from the column, never one value.

``03/04/2026`` is 3 April in a UK account and 4 March in a US one. A column settles it when some value has a
first part above 12 (day first) or a second part above 12 (month first). When no value settles it, the order
comes from the platform's documented export format if it has one (SurveyMonkey writes ``MM/DD/YYYY``);
otherwise the column stays null and the note says why. Times without a zone are read in the zone the
platform states (Qualtrics' ``timeZone`` in its ImportId row) or else taken as UTC.

Example:
    >>> import pandas as pd
    >>> ts, note = parse(pd.Series(["15/01/2026 09:01", "03/02/2026 10:00"]))
    >>> str(ts[1]), note.split(";")[0]
    ('2026-02-03 10:00:00+00:00', 'day-first dates (a day above 12 appears in the column)')
"""

from __future__ import annotations

import logging
from typing import Literal

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

DTYPE = "datetime64[us, UTC]"
Order = Literal["dmy", "mdy"]

_SLASH = (
    r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp])?\.?[Mm]?\.?)?\s*$"
)
_ISO = r"^\s*\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC)?\s*$"
_AWARE = r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC)\s*$"
_EPOCH_MS = r"^\d{12,13}$"
_EPOCH_S = r"^\d{9,10}(?:\.\d+)?$"


def empty(n: int) -> pd.Series:
    """A column of ``n`` null timestamps."""
    return pd.Series(pd.NaT, index=range(n), dtype=DTYPE)


def parse(values: pd.Series, *, prior: Order | None = None, tz: str | None = None) -> tuple[pd.Series, str]:
    """Parse a column of timestamps into UTC.

    Args:
        values: the column as text (NA for empty).
        prior: the platform's documented day/month order, used only when the column does not settle it.
        tz: IANA zone of naive times (UTC when omitted).

    Returns:
        (timestamps as ``datetime64[us, UTC]`` aligned with ``values``, a note saying how they were read).
    """
    s = values.reset_index(drop=True).astype("str")
    present = s.notna() & (s.str.strip().str.len() > 0)
    if not present.any():
        return empty(len(s)), "no timestamps"
    sample = s[present]
    if sample.str.fullmatch(_EPOCH_MS).all():
        out = pd.to_datetime(pd.to_numeric(s, errors="coerce"), unit="ms", utc=True, errors="coerce")
        return out.astype(DTYPE), "epoch milliseconds"
    if sample.str.fullmatch(_EPOCH_S).all():
        out = pd.to_datetime(pd.to_numeric(s, errors="coerce"), unit="s", utc=True, errors="coerce")
        return out.astype(DTYPE), "epoch seconds"
    out = empty(len(s))
    notes: list[str] = []
    unreadable = pd.Series(False, index=s.index)
    iso = present & s.str.match(_ISO)
    if iso.any():
        aware = iso & s.str.contains(_AWARE)
        naive = iso & ~aware
        if aware.any():
            cleaned = s[aware].str.replace("UTC", "+00:00", regex=False).str.strip()
            out[aware] = pd.to_datetime(cleaned, format="ISO8601", errors="coerce", utc=True).astype(DTYPE)
        if naive.any():
            out[naive] = _localise(pd.to_datetime(s[naive].str.strip(), format="ISO8601", errors="coerce"), tz)
        unreadable |= iso & out.isna()
        notes.append("ISO dates")
    slash = present & ~iso & s.str.match(_SLASH)
    if slash.any():
        parsed, note, settled = _parse_slashed(s[slash], prior)
        out[slash] = _localise(parsed, tz)
        if settled:
            unreadable |= slash & out.isna()
        notes.append(note)
    rest = present & ~iso & ~slash
    if rest.any():
        parsed = pd.to_datetime(s[rest], format="mixed", errors="coerce", dayfirst=False, utc=True)
        out[rest] = parsed.astype(DTYPE)
        unreadable |= rest & out.isna()
        notes.append("other date formats")
    bad = int(unreadable.sum())
    if bad:
        notes.append(f"{bad} value(s) could not be read as dates and were left empty")
    if tz is None:
        notes.append("times without a zone taken as UTC")
    return out.astype(DTYPE), "; ".join(notes)


def _localise(parsed: pd.Series, tz: str | None) -> pd.Series:
    try:
        local = parsed.dt.tz_localize(tz or "UTC", ambiguous="NaT", nonexistent="shift_forward")
    except (KeyError, ValueError, TypeError):  # unknown zone name: keep the wall-clock time as UTC
        log.warning("unknown time zone %r; times taken as UTC", tz)
        local = parsed.dt.tz_localize("UTC")
    return local.dt.tz_convert("UTC").astype(DTYPE)


def infer_order(first: pd.Series, second: pd.Series) -> Order | Literal["both", "neither"]:
    """Which part of ``a/b/yyyy`` dates is the day, judged from the whole column.

    Example:
        >>> import pandas as pd
        >>> infer_order(pd.Series([1, 2]), pd.Series([13, 5])), infer_order(pd.Series([1]), pd.Series([2]))
        ('mdy', 'neither')
    """
    day_first = bool((first > 12).any())
    month_first = bool((second > 12).any())
    if day_first and month_first:
        return "both"
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    return "neither"


def _parse_slashed(s: pd.Series, prior: Order | None) -> tuple[pd.Series, str, bool]:
    num, ampm = _slashed_parts(s)
    evidence = infer_order(num[0], num[1])
    if evidence == "both":
        return (
            pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]"),
            ("dates left empty: the column has both day-first and month-first values"),
            False,
        )
    if evidence == "neither":
        if prior is None:
            return (
                pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]"),
                ("dates left empty: no value shows whether the day or the month comes first"),
                False,
            )
        order: Order = prior
        note = f"{'month' if prior == 'mdy' else 'day'}-first dates (the platform's documented export format)"
    else:
        order = evidence
        note = (
            "day-first dates (a day above 12 appears in the column)"
            if order == "dmy"
            else "month-first dates (a day above 12 appears in second place in the column)"
        )
    day, month = (num[0], num[1]) if order == "dmy" else (num[1], num[0])
    year = num[2].where(num[2] >= 100, num[2] + 2000)
    hour = num[3].fillna(0)
    hour = hour.where(~((ampm == "p") & (hour < 12)), hour + 12)
    hour = hour.where(~((ampm == "a") & (hour == 12)), 0)
    frame = pd.DataFrame(
        {"year": year, "month": month, "day": day, "hour": hour, "minute": num[4].fillna(0), "second": num[5].fillna(0)}
    )
    valid = frame.notna().all(axis=1)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
    if valid.any():
        out[valid] = pd.to_datetime(frame[valid].astype(np.int64), errors="coerce")
    return out, note, True


_NAMED_SLASH = (
    r"^\s*(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})"
    r"(?:[ T,]+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?\s*(?P<p>[AaPp])?\.?[Mm]?\.?)?\s*$"
)


def _slashed_parts(s: pd.Series) -> tuple[dict[int, pd.Series], pd.Series]:
    """Day/month/year/hour/minute/second parts of ``a/b/yyyy hh:mm:ss AM`` values, with Arrow's regex engine."""
    import pyarrow as pa  # pandas' string storage; imported lazily like every heavy dependency
    import pyarrow.compute as pc

    arr = pa.array(s.to_numpy(dtype=object, na_value=None), type=pa.string())
    parts = pc.extract_regex(arr, _NAMED_SLASH)
    num: dict[int, pd.Series] = {}
    for i, name in enumerate("abyhms"):
        col = pd.Series(parts.field(name).to_pandas(), index=s.index).replace("", None)
        num[i] = pd.to_numeric(col, errors="coerce")
    ampm = pd.Series(parts.field("p").to_pandas(), index=s.index).fillna("").str.lower()
    return num, ampm
