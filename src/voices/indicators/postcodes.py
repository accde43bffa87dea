"""UK postcodes as respondents type them: normalise, and say whether it is a full unit or only a district.

Respondents write ``sr28lu``, ``SR2  8LU``, ``sr2-8lu`` or just ``SR2``. :func:`normalise` upper-cases, drops
everything that is not a letter or digit and puts one space before the inward code — the ONS ``pcds`` spelling
the lookups join on. :func:`parse` also says what kind of code it is, so a district or sector is kept at the
grain it was given instead of being guessed into a unit.

Example:
    >>> normalise(" sr28lu "), normalise("SR2  8LU"), normalise("sr2-8lu")
    ('SR2 8LU', 'SR2 8LU', 'SR2 8LU')
    >>> [(p.kind, p.code) for p in (parse("sr2"), parse("SR2 8"), parse("SR2 8LU"))]
    [('district', 'SR2'), ('sector', 'SR2 8'), ('unit', 'SR2 8LU')]
    >>> parse("not a postcode") is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

PostcodeKind = Literal["unit", "sector", "district"]

_JUNK = re.compile(r"[^A-Z0-9]")
_OUTWARD = r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?)"
_UNIT = re.compile(rf"(?P<out>{_OUTWARD})(?P<in>[0-9][A-Z]{{2}})")
_SECTOR = re.compile(rf"(?P<out>{_OUTWARD})(?P<in>[0-9])")
_DISTRICT = re.compile(_OUTWARD)
_SPECIAL = {"GIR0AA": "GIR 0AA"}


@dataclass(frozen=True)
class Postcode:
    """A parsed postcode: ``unit`` (``SR2 8LU``), ``sector`` (``SR2 8``) or ``district`` (``SR2``)."""

    kind: PostcodeKind
    code: str

    @property
    def district(self) -> str:
        """The outward code (``SR2``)."""
        return self.code.split(" ")[0]


def _squash(text: str) -> str:
    return _JUNK.sub("", text.upper())


def normalise(postcode: str) -> str:
    """Upper-case, letters and digits only, one space before a 3-character inward code (the ``pcds`` form).

    Strings that are not shaped like a full postcode come back squashed but otherwise unchanged (``"sr2"`` →
    ``"SR2"``), so a district stays a district.
    """
    s = _squash(postcode)
    if s in _SPECIAL:
        return _SPECIAL[s]
    m = _UNIT.fullmatch(s)
    return f"{m['out']} {m['in']}" if m else s


def parse(postcode: str) -> Postcode | None:
    """Parse a typed postcode into a unit, sector or district; None when it is none of them.

    Only the shape is checked, not that the postcode exists: existence is the lookup's job.
    """
    if not isinstance(postcode, str):
        return None
    s = _squash(postcode)
    if not s:
        return None
    if s in _SPECIAL:
        return Postcode("unit", _SPECIAL[s])
    if m := _UNIT.fullmatch(s):
        return Postcode("unit", f"{m['out']} {m['in']}")
    # A sector ("SR2 8") needs the space to be told apart from a district such as SR28 (which does not exist but
    # W1A-style districts do): squashed, "SR28" is ambiguous, so it is a sector only when typed with a space.
    spaced = re.sub(r"\s+", " ", postcode.strip().upper())
    if (m := _SECTOR.fullmatch(s)) and re.fullmatch(rf"{_OUTWARD} [0-9]", spaced):
        return Postcode("sector", f"{m['out']} {m['in']}")
    if _DISTRICT.fullmatch(s):
        return Postcode("district", s)
    return None


def district(postcode: str) -> str | None:
    """The outward code of a typed unit, sector or district; None when it is not a postcode.

    Example:
        >>> district("sr2 8lu"), district("SR2"), district("hello")
        ('SR2', 'SR2', None)
    """
    parsed = parse(postcode)
    return parsed.district if parsed else None
