"""Resolve area codes, names and postcodes to the statistical geographies indicators are published on.

:func:`resolve_areas` takes whatever a segment's ``area_code`` or a user's column holds — an LSOA, ward, district
or region code, a name ("Sunderland", "Hendon, Sunderland"), a postcode or a postcode district — and returns
one row per distinct input with LSOA 2011, ward 2019, LAD 2019 and region codes and names, the IMD 2019 decile
of the LSOA, the level it was matched at, and, when it could not be matched, why. Vintages are carried in
column names: IMD 2019 is published on 2011 LSOAs, so a 2021 LSOA code is reported, not forced onto them.

:func:`add_area_columns` joins those columns onto a frame; :func:`match_report` counts and lists what matched
at which level and what did not, for the ``pairing`` artifact. Nothing is dropped silently.

Example:
    >>> r = resolve_areas(["E01008736", "sr4", "Sunderland", "E01999999", None])
    >>> print(r[["area", "match", "lad19cd", "imd19_decile"]].to_string(index=False))
          area     match   lad19cd  imd19_decile
     E01008736    lsoa11 E08000024             1
           sr4  district E08000024          <NA>
    Sunderland       lad E08000024          <NA>
     E01999999 unmatched       NaN          <NA>
           NaN   missing       NaN          <NA>
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import numpy as np
import pandas as pd

from voices.indicators import bundled
from voices.indicators.geography import BundledPostcodes, PostcodeSource, districts
from voices.indicators.postcodes import parse

MatchLevel = Literal["oa11", "lsoa11", "ward", "lad", "region", "district", "unmatched", "missing"]

#: Columns :func:`resolve_areas` returns, after ``area`` (the input as given).
AREA_COLUMNS: tuple[str, ...] = (
    "match",
    "oa11cd",
    "lsoa11cd",
    "lsoa11nm",
    "wd19cd",
    "wd19nm",
    "lad19cd",
    "lad19nm",
    "rgncd",
    "rgnnm",
    "imd19_decile",
    "imd19_rank",
    "note",
)
#: A postcode district is placed in a council when at least this share of its postcodes lie in it.
_DISTRICT_SHARE = 0.9
_GSS = re.compile(r"[EWSNLMK][0-9]{8}")
#: What a report may show of an unplaced area: an ONS code, a postcode district, or "(no area)".
_SHOWABLE = re.compile(r"[EWSNLMK][0-9]{8}|[A-Z]{1,2}[0-9][A-Z0-9]?|\(NO AREA\)")
_NATION = {"S": "Scotland", "N": "Northern Ireland", "L": "the Channel Islands", "M": "the Isle of Man"}


@dataclass
class _Row:
    match: str = "unmatched"
    oa11cd: str | None = None
    lsoa11cd: str | None = None
    wd19cd: str | None = None
    lad19cd: str | None = None
    rgncd: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Lookups:
    lsoa: pd.DataFrame
    ward_lad: dict[str, str]
    lad_rgn: dict[str, str]
    names: dict[str, dict[str, str]]
    lad18_only: frozenset[str]
    imd: pd.DataFrame


@cache
def _lookups() -> _Lookups:
    lsoa = bundled.lsoa_lookup().set_index("lsoa11cd")
    ward_lad = dict(zip(lsoa["wd19cd"], lsoa["lad19cd"], strict=True))
    regions = bundled.lad_region()
    lad_rgn = dict(zip(regions["ladcd"], regions["rgncd"], strict=True))
    lad18_only = frozenset(regions.loc[regions["vintage"] == "2018", "ladcd"])
    names = {
        "lsoa": {k.lower(): v for v, k in zip(lsoa.index, lsoa["lsoa11nm"], strict=True)},
        "lad": {k.lower(): v for k, v in zip(lsoa["lad19nm"], lsoa["lad19cd"], strict=True)},
        "region": {k.lower(): v for k, v in zip(regions["rgnnm"], regions["rgncd"], strict=True)},
        "ward_lad": {
            f"{w}, {lad}".lower(): c for w, lad, c in zip(lsoa["wd19nm"], lsoa["lad19nm"], lsoa["wd19cd"], strict=True)
        },
    }
    wards = lsoa[["wd19nm", "wd19cd"]].drop_duplicates()
    unique = wards.groupby("wd19nm")["wd19cd"].transform("nunique") == 1
    names["ward"] = {
        k.lower(): v for k, v in zip(wards.loc[unique, "wd19nm"], wards.loc[unique, "wd19cd"], strict=True)
    }
    names["ward_ambiguous"] = {k.lower(): k for k in wards.loc[~unique, "wd19nm"]}
    imd = bundled.imd_lsoa().set_index("lsoa11cd")[["imd_decile", "imd_rank"]]
    return _Lookups(lsoa, ward_lad, lad_rgn, names, lad18_only, imd)


def _code(code: str, lk: _Lookups, source: PostcodeSource) -> _Row:
    prefix, nation = code[:3], code[0]
    if nation in _NATION:
        return _Row(
            note=f"{code} is in {_NATION[nation]}: the bundled lookups and IMD 2019 cover England (and "
            "Wales for geography); use that nation's own indices as an indicator table"
        )
    if prefix in ("E01", "W01"):
        if code in lk.lsoa.index:
            return _Row("lsoa11", lsoa11cd=code)
        return _Row(
            note=f"{code} is not a 2011 LSOA; 2021 LSOAs (new codes from E01033769 on) are not in the "
            "bundled lookups and IMD 2019 is published on 2011 LSOAs. Fix: supply postcodes, or pair "
            "with a 2021-LSOA indicator table (IoD 2025)"
        )
    if prefix in ("E00", "W00"):
        table = source.table()
        if "oa11cd" in table.columns:
            hit = table.loc[table["oa11cd"] == code, "lsoa11cd"].dropna()
            if len(hit):
                return _Row("oa11", oa11cd=code, lsoa11cd=str(hit.iloc[0]))
        return _Row(note=f"{code}: output area not in the postcode lookup ({source.name})")
    if prefix in ("E05", "W05"):
        if code in lk.ward_lad:
            return _Row("ward", wd19cd=code)
        return _Row(
            note=f"{code}: not a December 2019 ward (wards change most Mays). Fix: give LSOA codes or "
            "postcodes, or an indicator table on that ward vintage"
        )
    if prefix in ("E06", "E07", "E08", "E09", "W06"):
        if code in lk.lad18_only:
            return _Row(
                note=f"{code}: a 2018 district abolished in April 2019; the lookups are on 2019 districts",
                rgncd=lk.lad_rgn.get(code),
            )
        if code in lk.lad_rgn:
            return _Row("lad", lad19cd=code)
        return _Row(
            note=f"{code}: not a 2019 local authority district (2020+ codes such as North Yorkshire "
            "E06000065 are newer than the lookups). Fix: pair with an indicator table on that vintage"
        )
    if prefix in ("E12", "W92") and code in set(lk.lad_rgn.values()):
        return _Row("region", rgncd=code)
    return _Row(note=f"{code}: an ONS code of a kind voices does not place (prefix {prefix})")


def _postcode(value: str, lk: _Lookups, source: PostcodeSource) -> _Row | None:
    parsed = parse(value)
    if parsed is None:
        return None
    if parsed.kind == "unit":
        table = source.table()
        if parsed.code in table.index:
            row = table.loc[parsed.code]
            lsoa = row.get("lsoa11cd")
            if isinstance(lsoa, str) and lsoa in lk.lsoa.index:
                oa = row.get("oa11cd")
                return _Row("lsoa11", oa11cd=oa if isinstance(oa, str) else None, lsoa11cd=lsoa)
            if isinstance(lsoa, str):
                found = _code(lsoa, lk, source)
                found.note = f"postcode in {lsoa}: " + (found.note or "")
                return found
    d = districts(source)
    if parsed.district in d.index:
        hit = d.loc[parsed.district]
        share = float(hit["lad_share"])
        what = "only a postcode district was given" if parsed.kind != "unit" else "postcode not in the lookup"
        if share >= _DISTRICT_SHARE and hit["ladcd"] in lk.lad_rgn:
            return _Row(
                "district",
                lad19cd=str(hit["ladcd"]),
                note=f"{what}: district {parsed.district} placed in its main council ({share:.1%} of its postcodes)",
            )
        if share >= _DISTRICT_SHARE:
            return _Row(
                note=f"{what}: district {parsed.district}: " + (_code(str(hit["ladcd"]), lk, source).note or "")
            )
        return _Row(
            "district",
            rgncd=hit["rgncd"] if isinstance(hit["rgncd"], str) else None,
            note=f"{what}: district {parsed.district} spans several councils",
        )
    return _Row(
        note=f"postcode district {parsed.district} is not in the postcode lookup ({source.name}). Fix: "
        "point voices at a full NSPL/ONSPD (voices.indicators.nspl.NsplLookup)"
    )


def _name(value: str, lk: _Lookups) -> _Row | None:
    key = re.sub(r"\s+", " ", value.strip()).lower()
    key = re.sub(r"\s*\(([^)]*)\)$", r", \1", key)  # "Hendon (Sunderland)" → "hendon, sunderland"
    if key in lk.names["lsoa"]:
        return _Row("lsoa11", lsoa11cd=lk.names["lsoa"][key])
    if key in lk.names["lad"]:
        return _Row("lad", lad19cd=lk.names["lad"][key])
    if key in lk.names["region"]:  # before wards: "North East" is also a ward in Yorkshire
        return _Row("region", rgncd=lk.names["region"][key])
    if key in lk.names["ward_lad"]:
        return _Row("ward", wd19cd=lk.names["ward_lad"][key])
    if key in lk.names["ward"]:
        return _Row("ward", wd19cd=lk.names["ward"][key])
    if key in lk.names["ward_ambiguous"]:
        return _Row(note=f"{value!r} names wards in several districts. Fix: write it as 'Ward, District'")
    return None


def _resolve_one(value: Any, lk: _Lookups, source: PostcodeSource) -> _Row:
    if not isinstance(value, str) or not value.strip():
        return _Row("missing", note="no area")
    text = value.strip()
    upper = text.upper()
    if _GSS.fullmatch(upper):
        return _code(upper, lk, source)
    found = _name(text, lk) or _postcode(text, lk, source)
    return found or _Row(note=f"{text!r} is not an ONS code, a known area name or a postcode")


def _fill(row: _Row, lk: _Lookups) -> dict[str, Any]:
    if row.lsoa11cd and row.lsoa11cd in lk.lsoa.index:
        rec = lk.lsoa.loc[row.lsoa11cd]
        row.wd19cd, row.lad19cd = rec["wd19cd"], rec["lad19cd"]
    if row.wd19cd and not row.lad19cd:
        row.lad19cd = lk.ward_lad.get(row.wd19cd)
    if row.lad19cd and not row.rgncd:
        row.rgncd = lk.lad_rgn.get(row.lad19cd)
    return {
        "match": row.match,
        "oa11cd": row.oa11cd,
        "lsoa11cd": row.lsoa11cd,
        "wd19cd": row.wd19cd,
        "lad19cd": row.lad19cd,
        "rgncd": row.rgncd,
        "note": row.note,
    }


def resolve_areas(values: Iterable[Any], *, postcodes: PostcodeSource | None = None) -> pd.DataFrame:
    """Resolve each distinct value to LSOA 2011 / ward 2019 / LAD 2019 / region codes and names, and IMD 2019.

    Args:
        values: area codes (any ONS GSS code), area names, postcodes or postcode districts; nulls allowed.
        postcodes: where postcodes are looked up (default: the bundled NSPL extract).

    Returns:
        One row per distinct input (``area``, as given) with :data:`AREA_COLUMNS`. ``match`` is the level the
        input was placed at (``lsoa11``, ``oa11``, ``ward``, ``lad``, ``region``, ``district`` — a postcode
        district placed in its council —, ``unmatched`` or ``missing``); ``note`` says why when it is not an
        exact match. ``imd19_decile`` (1 = most deprived 10% of English LSOAs) is set only for LSOA matches.
    """
    lk = _lookups()
    source = postcodes if postcodes is not None else BundledPostcodes()
    distinct = list(dict.fromkeys(v if isinstance(v, str) else None for v in values))
    rows = [{"area": v, **_fill(_resolve_one(v, lk, source), lk)} for v in distinct]
    frame = pd.DataFrame(rows, columns=["area", "match", "oa11cd", "lsoa11cd", "wd19cd", "lad19cd", "rgncd", "note"])
    frame = frame.astype({c: "str" for c in frame.columns})
    lsoa_names = lk.lsoa["lsoa11nm"]
    wards = lk.lsoa.drop_duplicates("wd19cd").set_index("wd19cd")["wd19nm"]
    regions = bundled.lad_region()
    lads = regions.set_index("ladcd")["ladnm"]
    rgn_names = regions.drop_duplicates("rgncd").set_index("rgncd")["rgnnm"]
    frame["lsoa11nm"] = frame["lsoa11cd"].map(lsoa_names)
    frame["wd19nm"] = frame["wd19cd"].map(wards)
    frame["lad19nm"] = frame["lad19cd"].map(lads)
    frame["rgnnm"] = frame["rgncd"].map(rgn_names)
    frame["imd19_decile"] = frame["lsoa11cd"].map(lk.imd["imd_decile"]).astype("Int64")
    frame["imd19_rank"] = frame["lsoa11cd"].map(lk.imd["imd_rank"]).astype("Int64")
    no_imd = frame["lsoa11cd"].notna() & frame["imd19_decile"].isna()
    frame.loc[no_imd, "note"] = "Welsh LSOA: the English IMD 2019 does not cover it"
    return frame[["area", *AREA_COLUMNS]]


def add_area_columns(
    frame: pd.DataFrame, column: str = "area_code", *, postcodes: PostcodeSource | None = None
) -> pd.DataFrame:
    """Return ``frame`` with ``area_match``, ``lsoa11cd``, ``wd19cd``, ``lad19cd``, ``rgncd``, ``imd19_decile``.

    Example:
        >>> import pandas as pd
        >>> add_area_columns(pd.DataFrame({"area_code": ["E01008736", "SR4"]}))["lad19cd"].tolist()
        ['E08000024', 'E08000024']
    """
    resolved = resolve_areas(frame[column].tolist(), postcodes=postcodes).set_index("area")
    keys = frame[column].where(frame[column].map(lambda v: isinstance(v, str)), None)
    out = frame.copy()
    out["area_match"] = keys.map(resolved["match"]).fillna("missing").astype("str")
    for col in ("lsoa11cd", "wd19cd", "lad19cd", "rgncd"):
        out[col] = keys.map(resolved[col]).astype("str")
    out["imd19_decile"] = keys.map(resolved["imd19_decile"]).astype("Int64")
    return out


def match_report(
    resolved: pd.DataFrame, counts: pd.Series | None = None, *, limit: int = 50, threshold: int | None = None
) -> dict[str, Any]:
    """Count inputs by match level and list the ones not placed at LSOA level, with why.

    Args:
        resolved: the output of :func:`resolve_areas`.
        counts: how many people (or segments) carry each ``area``; default one each.
        limit: list at most this many areas (the total is always given).
        threshold: when set, counts below it (and enough others that the total cannot reveal them) are given as
            None, since the report leaves the library like any table. Areas that are neither an ONS code nor a
            postcode district (free text someone typed) are listed as ``(other text, not shown)``.

    Returns:
        ``{"by_level": {level: count}, "not_at_lsoa": [{"area", "match", "count", "note"}…],
        "not_at_lsoa_total": n, "listed": n_listed}``.

    Example:
        >>> r = resolve_areas(["E01008736", "SR4", "12 Acacia Avenue"])
        >>> rep = match_report(r, pd.Series({"E01008736": 30, "SR4": 12, "12 Acacia Avenue": 1}), threshold=10)
        >>> rep["by_level"], [(i["area"], i["count"]) for i in rep["not_at_lsoa"]]
        ({'district': None, 'lsoa11': 30, 'unmatched': None}, [('SR4', None), ('(other text, not shown)', None)])
    """
    from voices.indicators.suppression import suppress_margin

    n = counts.reindex(resolved["area"]).fillna(0).astype(int).to_numpy() if counts is not None else 1
    frame = resolved.assign(count=n)
    levels = frame.groupby("match")["count"].sum()
    hide_levels = suppress_margin(levels.to_numpy(), threshold) if threshold else np.zeros(len(levels), dtype=bool)
    by_level = {str(k): None if h else int(v) for (k, v), h in zip(levels.items(), hide_levels, strict=True)}
    bad = frame[frame["match"].isin(["unmatched", "district"])].sort_values(["count", "area"], ascending=[False, True])
    counts_bad = bad["count"].to_numpy()
    hide = suppress_margin(counts_bad, threshold) if threshold and len(bad) else np.zeros(len(bad), dtype=bool)
    listed = [
        {
            "area": str(a) if _SHOWABLE.fullmatch(str(a).upper()) else "(other text, not shown)",
            "match": str(m),
            "count": None if h else int(c),
            "note": str(nt) if _SHOWABLE.fullmatch(str(a).upper()) else "not an area code, name or postcode",
        }
        for a, m, c, nt, h in zip(bad["area"], bad["match"], counts_bad, bad["note"], hide, strict=True)
    ][:limit]
    total = int(counts_bad.sum())
    return {
        "by_level": by_level,
        "not_at_lsoa": listed,
        "not_at_lsoa_total": None if threshold and 0 < total < threshold else total,
        "listed": len(listed),
    }
