"""Postcode lookups: a narrow provider interface, the bundled NSPL extract, and the anonymise hook.

A *postcode source* is anything with a ``name`` and a ``table()`` of postcodes (``pcds`` spelling) and the
areas they lie in; the column names carry their vintage (``oa11cd``, ``lsoa11cd``, ``lsoa21cd``…).
:class:`BundledPostcodes` is the extract shipped with voices (NSPL November 2021, 20 postcode areas including
SR); :class:`voices.indicators.nspl.NsplLookup` reads a full NSPL or ONSPD CSV the user points to.

:func:`default_area_lookup` returns the callable the anonymise stage's ``area_lookup`` hook expects: it turns a
typed postcode into its LSOA 2011 code *before* the postcode is masked, so the postcode never survives but the
area does. A postcode it cannot place at LSOA level (only a district was typed, a typo, a postcode outside the
lookup) becomes its **postcode district**, e.g. ``SR4``: never dropped, never a guess at a finer area, and
plainly not an ONS code, so :func:`voices.indicators.areas.resolve_areas` later counts and lists it as
"district only" (and places it in a local authority when the district lies in one).

Example:
    >>> lookup = default_area_lookup()
    >>> lookup("sr28lu"), lookup("SR2  8LU"), lookup("sr4"), lookup("SR2 8ZZ"), lookup("n/a")
    ('E01008736', 'E01008736', 'SR4', 'SR2', None)
    >>> lookup.counts()["lsoa11"], lookup.counts()["district"]
    (2, 2)
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Literal, Protocol, runtime_checkable

import pandas as pd

from voices.indicators import bundled
from voices.indicators.errors import IndicatorError
from voices.indicators.postcodes import parse

log = logging.getLogger(__name__)

#: Levels the hook can return, finest first.
HookLevel = Literal["oa11", "lsoa11", "lsoa21", "oa21"]
#: Area columns a postcode source may provide (vintage in the name); ``pcds`` is always there.
SOURCE_COLUMNS: tuple[str, ...] = ("oa11cd", "lsoa11cd", "oa21cd", "lsoa21cd", "wdcd", "ladcd", "rgncd")


@runtime_checkable
class PostcodeSource(Protocol):
    """Where postcodes are looked up: a name (shown in reports) and a table indexed by ``pcds``.

    ``table()`` returns one row per postcode, index ``pcds`` (upper case, one space), and any of
    :data:`SOURCE_COLUMNS`; missing geography is null.
    """

    name: str

    def table(self) -> pd.DataFrame: ...


class BundledPostcodes:
    """The postcode extract shipped with voices: live postcodes of 20 areas (SR, DT, HG…), NSPL Nov 2021.

    Example:
        >>> BundledPostcodes().table().loc["SR2 8LU", "lsoa11cd"]
        'E01008736'
    """

    name: str = bundled.NSPL_SOURCE + " (bundled extract: 20 postcode areas, live postcodes)"

    def table(self) -> pd.DataFrame:
        return _bundled_table()


@cache
def _bundled_table() -> pd.DataFrame:
    return bundled.postcodes().set_index("pcds")


def districts(source: PostcodeSource) -> pd.DataFrame:
    """Per postcode district: the local authority holding most of its postcodes and that share.

    Returns a frame indexed by district with ``ladcd``, ``lad_share`` (0–1), ``rgncd``, ``postcodes``.

    Example:
        >>> d = districts(BundledPostcodes())
        >>> d.loc["SR4", "ladcd"], d.loc["SR7", "ladcd"], round(float(d.loc["SR7", "lad_share"]), 3)
        ('E08000024', 'E06000047', 0.996)
    """
    table = source.table()
    memo = _DISTRICTS.get(id(table))
    if memo is not None and memo[0] is table:
        return memo[1]
    result = _districts(table)
    _DISTRICTS[id(table)] = (table, result)
    return result


_DISTRICTS: dict[int, tuple[pd.DataFrame, pd.DataFrame]] = {}


def _districts(table: pd.DataFrame) -> pd.DataFrame:
    if "ladcd" not in table.columns:
        return pd.DataFrame(columns=["ladcd", "lad_share", "rgncd", "postcodes"])
    frame = pd.DataFrame(
        {
            "district": table.index.str.split(" ").str[0],
            "ladcd": table["ladcd"],
            "rgncd": table["rgncd"] if "rgncd" in table.columns else pd.NA,
        }
    ).dropna(subset=["ladcd"])
    counts = frame.groupby(["district", "ladcd"], observed=True).size().rename("n").reset_index()
    totals = counts.groupby("district")["n"].transform("sum")
    counts["lad_share"] = counts["n"] / totals
    counts["postcodes"] = totals
    top = counts.sort_values(["district", "n", "ladcd"], ascending=[True, False, True]).drop_duplicates("district")
    rgn = frame.dropna(subset=["rgncd"]).drop_duplicates(["district", "ladcd"]).set_index(["district", "ladcd"])
    top = top.set_index("district")
    top["rgncd"] = [rgn["rgncd"].get((d, lad)) for d, lad in zip(top.index, top["ladcd"], strict=True)]
    return top[["ladcd", "lad_share", "rgncd", "postcodes"]]


class AreaLookup:
    """A postcode → area code function for the anonymise stage, counting what it could and could not place.

    Call it with a typed postcode; it returns the code at ``level`` (LSOA 2011 by default), the postcode
    district when the postcode cannot be placed at that level, or None when the text is not a postcode.
    ``counts()`` says how many calls ended each way and ``unplaced()`` lists the districts of the postcodes that
    were not placed (never the postcodes themselves: they are personal data). Thread-safe.

    Args:
        source: where postcodes are looked up (default: the bundled extract).
        level: which code to return: ``lsoa11`` (default; ~1,500 residents), ``oa11`` (~300 residents: finer,
            more identifying), or the 2021 equivalents when the source has them.
    """

    def __init__(self, source: PostcodeSource | None = None, *, level: HookLevel = "lsoa11") -> None:
        self.source = source
        self.level = level
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._unplaced: Counter[str] = Counter()
        self._codes: dict[str, str] | None = None

    def _table(self) -> dict[str, str]:
        if self._codes is None:
            source = self.source or BundledPostcodes()
            table = source.table()
            column = f"{self.level}cd"
            if column not in table.columns:
                raise IndicatorError(
                    f"postcode lookup {source.name!r}",
                    expected=f"a {column} column for area_lookup level {self.level!r}",
                    found=f"columns {sorted(c for c in table.columns if c in SOURCE_COLUMNS)}",
                    fix="choose a level the lookup has (lsoa11 for the bundled extract), or point to an NSPL/ONSPD "
                    "release that carries it",
                )
            codes = table[column].dropna()
            self._codes = dict(zip(codes.index.tolist(), codes.tolist(), strict=True))
        return self._codes

    def __call__(self, postcode: str) -> str | None:
        parsed = parse(postcode) if isinstance(postcode, str) else None
        if parsed is None:
            with self._lock:
                self._counts["not_a_postcode"] += 1
            return None
        code = self._table().get(parsed.code) if parsed.kind == "unit" else None
        with self._lock:
            if code is not None:
                self._counts[self.level] += 1
            else:
                self._counts["district"] += 1
                reason = "not in lookup" if parsed.kind == "unit" else f"{parsed.kind} only"
                self._unplaced[f"{parsed.district} ({reason})"] += 1
        return code if code is not None else parsed.district

    def counts(self) -> dict[str, int]:
        """Calls so far by outcome: the level (e.g. ``lsoa11``), ``district``, ``not_a_postcode``."""
        with self._lock:
            return {self.level: 0, "district": 0, "not_a_postcode": 0, **self._counts}

    def unplaced(self) -> dict[str, int]:
        """Districts of the postcodes not placed at ``level``, with why, e.g. ``{"SR4 (district only)": 9}``."""
        with self._lock:
            return dict(self._unplaced.most_common())


def default_area_lookup(source: PostcodeSource | None = None, *, level: HookLevel = "lsoa11") -> AreaLookup:
    """The postcode → LSOA 2011 hook for ``voices.anonymise.v1``'s ``area_lookup`` argument.

    Args:
        source: a postcode source (e.g. ``NsplLookup("NSPL_FEB_2025_UK.csv")``); default: the bundled extract.
        level: the code to return; see :class:`AreaLookup`.

    Returns:
        A callable ``postcode -> LSOA code | postcode district | None`` that also counts its outcomes.

    Example:
        >>> default_area_lookup()("DT1 1AA") is not None
        True
    """
    return AreaLookup(source, level=level)


def area_lookup_factory(name: str = "bundled", *, nspl: str | None = None) -> Callable[[str], str | None]:
    """Build an ``area_lookup`` hook from plain data, for pipeline files: ``"bundled"`` or ``"nspl"`` + a path.

    Example:
        >>> area_lookup_factory("bundled")("SR2 8LU")
        'E01008736'
    """
    if name == "bundled":
        return default_area_lookup()
    if name == "nspl" and nspl:
        from voices.indicators.nspl import NsplLookup

        return default_area_lookup(NsplLookup(nspl))
    raise IndicatorError(
        "area_lookup",
        expected="'bundled', or 'nspl' with the path of an NSPL/ONSPD CSV",
        found=repr(name) if name != "nspl" else "'nspl' without a path",
        fix="write area_lookup = 'bundled', or area_lookup = 'nspl' and nspl = 'path/to/NSPL.csv'",
    )
