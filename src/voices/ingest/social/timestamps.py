"""Platform timestamps turned into ISO 8601 strings (parsed to UTC once, for the whole file, by the post table).

Platforms give ISO strings (X v2, Mastodon, Bluesky, YouTube), Unix seconds as int, float or string (Reddit,
TikTok), ``"Wed Jan 15 08:42:11 +0000 2026"`` (X v1.1) or ``"2026-01-15 08:00:00 GMT"`` (CrowdTangle). A value
that cannot be converted is passed on as it is, so the table can report it and keep it in ``meta``.

Example:
    >>> from_epoch(1736930531)
    '2025-01-15T08:42:11+00:00'
    >>> from_twitter("Wed Jan 15 08:42:11 +0000 2026")
    '2026-01-15T08:42:11+00:00'
    >>> from_zone_name("2026-07-15 08:00:00 BST")
    '2026-07-15T08:00:00+01:00'
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

# Time-zone abbreviations CrowdTangle and similar tools print after the time (fixed offsets, hours).
_ZONES: dict[str, str] = {
    "UTC": "+00:00",
    "GMT": "+00:00",
    "Z": "+00:00",
    "BST": "+01:00",
    "IST": "+01:00",
    "WET": "+00:00",
    "WEST": "+01:00",
    "CET": "+01:00",
    "CEST": "+02:00",
    "EET": "+02:00",
    "EEST": "+03:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CST": "-06:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
    "AEST": "+10:00",
    "AEDT": "+11:00",
}
_ZONED = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*([A-Za-z]{1,5})?\s*$")
_DIGITS = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")


def from_epoch(value: Any) -> str | None:
    """Unix seconds (int, float or numeric string; milliseconds when above 1e11) to ISO 8601 in UTC.

    Returns ``None`` for a missing value and the value as a string when it is not a usable number.
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(seconds):
        return str(value)
    if abs(seconds) > 1e11:
        seconds /= 1000.0
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return str(value)


def from_twitter(value: Any) -> str | None:
    """X v1.1 ``"Wed Jan 15 08:42:11 +0000 2026"`` to ISO 8601; ISO strings and epochs pass through."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return from_epoch(value)
    try:
        return datetime.strptime(value.strip(), "%a %b %d %H:%M:%S %z %Y").isoformat()
    except ValueError:
        return from_epoch(value) if _DIGITS.match(value) else value


def from_zone_name(value: Any) -> str | None:
    """``"YYYY-MM-DD HH:MM:SS TZ"`` with a zone abbreviation (CrowdTangle) to ISO 8601.

    Unknown abbreviations are passed on unchanged (and reported as unreadable); no abbreviation means UTC.
    """
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    m = _ZONED.match(s)
    if not m:
        return s
    date, clock, zone = m.groups()
    hour, rest = clock.split(":", 1)
    clock = f"{int(hour):02d}:{rest}"
    if zone is None:
        return f"{date}T{clock}+00:00"
    offset = _ZONES.get(zone.upper())
    if offset is None:
        return s
    return f"{date}T{clock}{offset}"


def iso(value: Any) -> str | None:
    """An ISO string as given; numbers are read as Unix seconds."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return from_epoch(value) if _DIGITS.match(value) else value
    return from_epoch(value)
