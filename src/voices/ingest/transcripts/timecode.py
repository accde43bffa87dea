"""Clock times as transcripts write them, turned into float seconds.

One grammar covers every format voices reads: optional hours, minutes, seconds, and an optional fraction after
``.`` or ``,``. Fields may be unpadded (Teams writes ``0:0:0.570``) and hours may be missing (``00:17.500``).

Example:
    >>> seconds("0:0:0.570"), seconds("01:02:14"), seconds("00:00:05,230"), seconds("nonsense")
    (0.57, 3734.0, 5.23, None)
"""

from __future__ import annotations

import re

#: A clock value: ``[h:]m:s[.fff]`` with one or two digit fields (hours may be longer).
CLOCK = r"(?:\d{1,3}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,9})?"
_CLOCK_RE = re.compile(r"^\s*(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,9}))?\s*$")

#: A cue timing line: ``start --> end`` followed by optional cue settings.
TIMING_RE = re.compile(rf"^\s*(?P<start>{CLOCK})\s*-->\s*(?P<end>{CLOCK})(?:\s+(?P<settings>.*?))?\s*$")


def seconds(value: str) -> float | None:
    """Parse a clock value into seconds, or ``None`` when it is not one.

    Args:
        value: e.g. ``"00:00:02.656"``, ``"0:0:0.0"``, ``"1:02:14"``, ``"02:15"``, ``"00:00:02,656"``.

    Returns:
        Seconds as a float rounded to milliseconds, or ``None`` if ``value`` is not a clock time (including
        minutes or seconds of 60 or more when hours are given).

    Example:
        >>> seconds("1:02:14")
        3734.0
    """
    m = _CLOCK_RE.match(value)
    if m is None:
        return None
    hours, minutes, secs, frac = m.groups()
    h = int(hours) if hours is not None else 0
    mi, s = int(minutes), int(secs)
    if s >= 60 or (hours is not None and mi >= 60):
        return None
    total = h * 3600 + mi * 60 + s + (float("0." + frac) if frac else 0.0)
    return round(total, 3)


def timing(line: str) -> tuple[float, float, str] | None:
    """Parse a cue timing line (``start --> end settings``) into ``(start_s, end_s, settings)``.

    Args:
        line: one line of a WebVTT or SRT file.

    Returns:
        The two times and the cue settings text (``""`` when none), or ``None`` if either time is malformed.

    Example:
        >>> timing("00:00:01.000 --> 00:00:02.500 align:right size:50%")
        (1.0, 2.5, 'align:right size:50%')
    """
    m = TIMING_RE.match(line)
    if m is None:
        return None
    start, end = seconds(m["start"]), seconds(m["end"])
    if start is None or end is None:
        return None
    return start, end, m["settings"] or ""
