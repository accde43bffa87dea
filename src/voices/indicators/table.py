"""The tidy indicator table: one value per indicator × area (or × period), with its source and licence.

Columns (:data:`COLUMNS`): ``indicator``, ``geography`` (the level *with its vintage*: ``lsoa11``, ``lsoa21``,
``wd19``, ``lad19``, ``lad23``, ``rgn``… or ``national`` for a time series), ``area_code`` (an ONS code, or for
``lsoa11``/``wd19``/``lad19``/``rgn`` an area name the bundled lookups know; empty for a national series),
``period`` (``2024-01``, ``2024-Q1``, ``2024``, ``2024-W03``; empty for a snapshot), ``value`` (a number),
``source`` and ``licence``.

:func:`read_indicators` loads one from CSV or XLSX (an ONS time-series CSV is recognised and converted),
checks it and quarantines bad rows with their row number and reason. :func:`validate` does the checks on a
frame already in memory; :func:`builtin_indicators` is the bundled IMD 2019 set.

Example:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"indicator": "fuel_poverty", "geography": "lad19",
    ...     "area_code": ["E08000024", "County Durham", "Wearside"], "value": ["14.2", "13", "12"],
    ...     "source": "DESNZ 2021", "licence": "OGL v3.0"})
    >>> checked = validate(frame)
    >>> checked.table["area_code"].tolist()
    ['E08000024', 'E06000047']
    >>> print(checked.quarantine["reason"].iloc[0])
    area_code 'Wearside' is not an ONS code for geography lad19 (expected E06/E07/E08/E09/W06…)
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from voices.errors import InputFormatError
from voices.indicators.errors import IndicatorError
from voices.indicators.periods import label, parse_period

log = logging.getLogger(__name__)

COLUMNS: tuple[str, ...] = ("indicator", "geography", "area_code", "period", "value", "source", "licence")
QUARANTINE_COLUMNS: tuple[str, ...] = ("file", "row", "reason")
#: Header spellings accepted for each column (lower case, spaces as underscores).
ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "measure", "variable", "indicator_name", "name"),
    "geography": ("geography", "geography_level", "level", "geography_type", "area_type"),
    "area_code": ("area_code", "area", "code", "geography_code", "area_cd", "areacode"),
    "period": ("period", "date", "time", "time_period"),
    "value": ("value", "obs_value", "observation", "val"),
    "source": ("source",),
    "licence": ("licence", "license"),
}
#: Code prefixes allowed per geography family (the vintage is in the level name, the prefix is stable).
PREFIXES: dict[str, tuple[str, ...]] = {
    "oa": ("E00", "W00"),
    "lsoa": ("E01", "W01"),
    "msoa": ("E02", "W02"),
    "wd": ("E05", "W05"),
    "lad": ("E06", "E07", "E08", "E09", "W06"),
    "cty": ("E10", "E06", "E13"),
    "rgn": ("E12", "W92"),
    "ctry": ("E92", "W92", "S92", "N92", "K02", "K03", "K04"),
    "dz": ("S01",),
}
_LEVEL = re.compile(r"([a-z]+?)(\d{2})?")
_CODE = re.compile(r"[EWSNK][0-9]{8}")


@dataclass(frozen=True)
class IndicatorSet:
    """A checked indicator table and the rows that were left out, with why."""

    table: pd.DataFrame
    quarantine: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(QUARANTINE_COLUMNS)))

    def names(self) -> list[str]:
        """The indicators present."""
        return sorted(self.table["indicator"].unique().tolist())

    def area_indicators(self) -> pd.DataFrame:
        """Rows with an area code (values per area)."""
        return self.table[self.table["area_code"].notna()]

    def time_series(self) -> pd.DataFrame:
        """Rows without an area code (national values per period)."""
        return self.table[self.table["area_code"].isna() & self.table["period"].notna()]

    def __add__(self, other: IndicatorSet) -> IndicatorSet:
        table = pd.concat([self.table, other.table], ignore_index=True)
        dup = table.duplicated(["indicator", "geography", "area_code", "period"], keep="first")
        if dup.any():
            first = table[dup].iloc[0]
            raise IndicatorError(
                "indicator tables",
                expected="each indicator × geography × area × period once across all tables",
                found=f"{int(dup.sum())} repeats, e.g. {first['indicator']} for {first['area_code']}",
                fix="rename the indicator in one of the files",
            )
        return IndicatorSet(table, pd.concat([self.quarantine, other.quarantine], ignore_index=True))


def _rename(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    norm = {c: re.sub(r"[\s\-]+", "_", str(c).strip().lower()) for c in frame.columns}
    rename: dict[str, str] = {}
    for target, names in ALIASES.items():
        for alias in names:
            hit = next((c for c, n in norm.items() if n == alias and c not in rename), None)
            if hit is not None:
                rename[hit] = target
                break
    out = frame.rename(columns=rename)
    missing = [c for c in ("indicator", "value") if c not in out.columns]
    if "area_code" not in out.columns and "period" not in out.columns:
        missing.append("area_code or period")
    if missing:
        raise IndicatorError(
            where,
            expected=f"columns {list(COLUMNS)} (one row per indicator × area or period)",
            found=f"columns {list(frame.columns)}; missing {missing}",
            fix="reshape to one row per indicator and area (e.g. pandas melt of a wide table) with those headers",
        )
    return out


def _check_code(geography: str, code: str) -> str | None:
    """Why ``code`` cannot be an area of ``geography``, or None when it can."""
    m = _LEVEL.fullmatch(geography)
    family = m[1] if m else geography
    if not _CODE.fullmatch(code.upper()):
        prefixes = PREFIXES.get(family)
        expect = f" (expected {'/'.join(prefixes)}…)" if prefixes else ""
        return f"area_code {code!r} is not an ONS code for geography {geography}{expect}"
    prefixes = PREFIXES.get(family)
    if prefixes and code[:3].upper() not in prefixes:
        return f"area_code {code} has prefix {code[:3]}, not one of {'/'.join(prefixes)} for geography {geography}"
    return None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return None if value is None or pd.isna(value) else value


#: Geographies whose areas may be given by name (resolved with the bundled lookups).
_NAMED: dict[str, str] = {"lsoa11": "lsoa11cd", "wd19": "wd19cd", "lad19": "lad19cd", "rgn": "rgncd"}


def _by_name(name: str, geography: str) -> str | None:
    from voices.indicators.areas import resolve_areas

    hit = resolve_areas([name]).iloc[0]
    wanted = {"lsoa11": "lsoa11", "wd19": "ward", "lad19": "lad", "rgn": "region"}[geography]
    code = hit[_NAMED[geography]]
    return str(code) if hit["match"] == wanted and isinstance(code, str) else None


def validate(
    frame: pd.DataFrame,
    *,
    where: str = "indicator table",
    source: str | None = None,
    licence: str | None = None,
    geography: str | None = None,
    first_row: int = 2,
) -> IndicatorSet:
    """Check an indicator table and return the good rows, typed, with the bad ones quarantined.

    Args:
        frame: the table (headers as in :data:`ALIASES`).
        where: the file name, for messages.
        source: the source for rows without one.
        licence: the licence for rows without one.
        geography: the geography for rows without one (e.g. ``lsoa11``).
        first_row: the file row number of the frame's first row (2 for a CSV with a header).

    Raises:
        IndicatorError: a required column is missing, or source / licence / geography are given nowhere.
    """
    df = _rename(frame, where).reset_index(drop=True)
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = None
    df = df[list(COLUMNS)].astype("object").map(_clean)
    for col, default, example in (
        ("source", source, "ONS"),
        ("licence", licence, "OGL v3.0"),
        ("geography", geography, "lsoa11"),
    ):
        if default is not None:
            df[col] = df[col].where(df[col].notna(), default)
        if df[col].isna().any():
            row = int(df.index[df[col].isna()][0]) + first_row
            raise IndicatorError(
                f"{where}, row {row}",
                expected=f"a {col} on every row",
                found="none",
                fix=f"add a {col} column, or pass {col}= (e.g. {example!r}); it is shown with every result",
            )
    bad: list[dict[str, Any]] = []
    names: dict[str, str | None] = {}
    codes: dict[int, str] = {}
    keep: list[int] = []
    values: list[float] = []
    periods: list[str | None] = []
    for i, raw in enumerate(df.itertuples(index=False)):
        number = i + first_row
        row = raw._replace(**{f: _clean(getattr(raw, f)) for f in raw._fields})
        reason = None
        geo = str(row.geography).lower()
        value = pd.to_numeric(str(row.value).replace(",", "") if row.value is not None else None, errors="coerce")
        period = parse_period(str(row.period)) if row.period is not None else None
        if row.indicator is None:
            reason = "no indicator name"
        elif pd.isna(value):
            reason = f"value {row.value!r} is not a number"
        elif row.period is not None and period is None:
            reason = f"period {row.period!r} is not a year, quarter, month or ISO week"
        elif geo == "national":
            if period is None:
                reason = "a national value needs a period"
        elif row.area_code is None:
            reason = f"geography {geo} needs an area_code"
        else:
            code = str(row.area_code)
            reason = _check_code(geo, code)
            if reason and geo in _NAMED:
                named = names.get(code)
                if named is None:
                    named = names[code] = _by_name(code, geo)
                if named:
                    codes[i], reason = named, None
        if reason:
            bad.append({"file": where, "row": number, "reason": reason})
            continue
        keep.append(i)
        values.append(float(value))
        periods.append(label(period) if period is not None else None)
    out = df.iloc[keep].copy()
    out["geography"] = out["geography"].str.lower()
    area = [codes.get(i, _clean(df["area_code"].iat[i])) for i in keep]
    out["area_code"] = [str(c).upper() if c is not None else None for c in area]
    out.loc[out["geography"] == "national", "area_code"] = None
    out["value"] = values
    out["period"] = periods
    out = out.astype(
        {
            "indicator": "str",
            "geography": "str",
            "area_code": "str",
            "period": "str",
            "value": "float64",
            "source": "str",
            "licence": "str",
        }
    )
    dup = out.duplicated(["indicator", "geography", "area_code", "period"], keep="first")
    for idx in out.index[dup]:
        bad.append(
            {
                "file": where,
                "row": int(idx) + first_row,
                "reason": f"repeats {out.loc[idx, 'indicator']} for {out.loc[idx, 'area_code'] or 'national'} "
                f"{out.loc[idx, 'period'] or ''}".rstrip()
                + "; first kept",
            }
        )
    out = out[~dup].reset_index(drop=True)
    quarantine = pd.DataFrame(bad, columns=list(QUARANTINE_COLUMNS))
    if len(quarantine):
        log.warning(
            "%s: %d rows quarantined (first: row %s, %s)", where, len(quarantine), bad[0]["row"], bad[0]["reason"]
        )
    return IndicatorSet(out, quarantine)


def read_indicators(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    source: str | None = None,
    licence: str | None = None,
    geography: str | None = None,
) -> IndicatorSet:
    """Load and check an indicator table from CSV or XLSX, or an ONS time-series CSV.

    Args:
        path: the file.
        sheet: for XLSX, the sheet (default: the first).
        source: the source for rows without one (default for an ONS series: from its metadata).
        licence: the licence for rows without one.
        geography: the geography for rows without one.

    Raises:
        InputFormatError: the file cannot be read.
        IndicatorError: columns are missing or source / licence / geography are given nowhere.
    """
    from voices.indicators.timeseries import is_ons_layout, read_ons_timeseries

    p = Path(path)
    if not p.is_file():
        raise InputFormatError(
            p, expected="an indicator table (CSV or XLSX)", found="no such file", fix="check the path"
        )
    if is_ons_layout(p):
        series = read_ons_timeseries(p, **({"licence": licence} if licence else {}))
        checked = validate(series.to_rows(), where=p.name)
        q = series.quarantine.assign(file=p.name)[list(QUARANTINE_COLUMNS)]
        return IndicatorSet(checked.table, pd.concat([q, checked.quarantine], ignore_index=True))
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        try:
            frame = pd.read_excel(p, sheet_name=sheet if sheet is not None else 0, dtype=str, engine=excel_engine())
        except ValueError as exc:
            raise InputFormatError(p, expected=f"a sheet {sheet!r}", found=str(exc), fix="pass sheet=") from exc
    elif suffix in (".csv", ".txt", ".gz"):
        frame = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    else:
        raise InputFormatError(
            p,
            expected="a .csv or .xlsx file",
            found=f"a {suffix or 'extensionless'} file",
            fix="save the table as CSV or XLSX",
        )
    return validate(frame, where=p.name, source=source, licence=licence, geography=geography)


def excel_engine() -> str:
    """``calamine`` when python-calamine is installed (about 10× faster), else ``openpyxl``."""
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return "openpyxl"
    return "calamine"


def builtin_indicators() -> IndicatorSet:
    """The bundled English Indices of Deprivation 2019 (LSOA 2011 and LAD 2019) as an indicator set."""
    from voices.indicators.imd import imd_indicators

    rows = imd_indicators()
    return IndicatorSet(rows.astype({"period": "str", "area_code": "str"}))
