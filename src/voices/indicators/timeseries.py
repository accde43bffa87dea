"""Indicator time series: the ONS time-series CSV layout, and plain two-column CSV / XLSX series.

An ONS "full unfiltered time series" CSV (e.g. CPI annual rate D7G7) starts with metadata rows (``"Title"``,
``"CDID"``, ``"Source dataset ID"``, ``"PreUnit"``, ``"Unit"``, ``"Release date"``, ``"Next release"``,
``"Important notes"``), then ``period,value`` rows in up to three blocks: annual (``2025``), quarterly
(``2025 Q4``) and monthly (``2025 DEC``). :func:`read_ons_timeseries` reads it into a :class:`TimeSeries` holding
every block; :meth:`TimeSeries.at` gives the values at one frequency, averaging a finer block when the
frequency asked for is not published.

Example:
    >>> from voices.indicators import bundled
    >>> cpi = read_series(bundled.path("ons_d7g7_cpi_annual_rate.csv"))
    >>> cpi.indicator, cpi.unit, cpi.frequencies()
    ('D7G7', '%', ['month', 'quarter', 'year'])
    >>> m = cpi.at("month")
    >>> float(m[pd.Period("2022-10", "M")]), float(m.max())
    (11.1, 11.1)
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from voices.errors import InputFormatError
from voices.indicators.errors import IndicatorError
from voices.indicators.periods import FREQUENCIES, Frequency, coarsen, frequency_of, is_finer, label, parse_period

log = logging.getLogger(__name__)

OGL = "Open Government Licence v3.0"
_ONS_META = ("title", "cdid", "source dataset id", "preunit", "unit", "release date", "next release", "important notes")


@dataclass(frozen=True)
class TimeSeries:
    """One indicator over time, possibly at several frequencies.

    Attributes:
        indicator: a short name or code (ONS CDID such as ``D7G7``).
        title: the long name.
        unit: the unit (``%``, ``Index``…), may be empty.
        source: where it comes from (e.g. ``ONS MM23, release 25-03-2026``).
        licence: its licence.
        data: ``period`` (:class:`pandas.Period`), ``frequency`` and ``value``, one row per period.
        quarantine: rows that could not be read: ``row``, ``reason``.
    """

    indicator: str
    title: str
    unit: str
    source: str
    licence: str
    data: pd.DataFrame
    quarantine: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "reason"]))

    def frequencies(self) -> list[str]:
        """The frequencies present, finest first."""
        have = set(self.data["frequency"])
        return [f for f in FREQUENCIES if f in have]

    def at(self, freq: Frequency) -> pd.Series:
        """Values indexed by period at ``freq``: the published block, or the mean of a finer one.

        Raises:
            IndicatorError: only coarser frequencies are published (a monthly series cannot be made weekly).
        """
        block = self.data[self.data["frequency"] == freq]
        if len(block):
            return pd.Series(
                block["value"].to_numpy(dtype="float64"), index=pd.Index(block["period"]), name=self.indicator
            ).sort_index()
        finer = [f for f in self.frequencies() if is_finer(f, freq)]  # type: ignore[arg-type]
        if not finer:
            raise IndicatorError(
                f"series {self.indicator}",
                expected=f"values at {freq} or a finer frequency",
                found=f"only {', '.join(self.frequencies()) or 'no values'}",
                fix=f"aggregate theme volumes to {self.frequencies()[0] if self.frequencies() else 'month'} instead",
            )
        return coarsen(self.at(finer[-1]), freq).rename(self.indicator)  # type: ignore[arg-type]

    def to_rows(self) -> pd.DataFrame:
        """The series as tidy indicator rows (geography ``national``, no area code)."""
        return pd.DataFrame(
            {
                "indicator": self.indicator,
                "geography": "national",
                "area_code": None,
                "period": [label(p) for p in self.data["period"]],
                "value": self.data["value"].to_numpy(dtype="float64"),
                "source": self.source,
                "licence": self.licence,
            }
        )


def _rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    return [row for row in csv.reader(io.StringIO(text))]


def is_ons_layout(path: str | Path) -> bool:
    """Whether a CSV starts like an ONS time-series download (``"Title"`` then ``"CDID"`` rows)."""
    p = Path(path)
    if p.suffix.lower() != ".csv" or not p.is_file():
        return False
    with p.open(encoding="utf-8-sig", errors="replace") as fh:
        head = [next(csv.reader([line]), [""])[:1] for line, _ in zip(fh, range(3), strict=False)]
    firsts = [h[0].strip().lower() if h else "" for h in head]
    return len(firsts) >= 2 and firsts[0] == "title" and "cdid" in firsts


def read_ons_timeseries(path: str | Path, *, licence: str = OGL) -> TimeSeries:
    """Read an ONS time-series CSV (metadata rows, then annual, quarterly and monthly blocks).

    Rows whose period cannot be read, or whose value is empty or not a number (ONS writes ``x`` or leaves it
    blank for unavailable values), are quarantined with their row number, not dropped silently.

    Raises:
        InputFormatError: the file does not have the ONS layout.
    """
    p = Path(path)
    rows = _rows(p)
    meta: dict[str, str] = {}
    data: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        key = row[0].strip()
        if key.lower() in _ONS_META and not data:
            meta[key.lower()] = row[1].strip() if len(row) > 1 else ""
            continue
        period = parse_period(key)
        if period is None:
            bad.append({"row": number, "reason": f"period {key!r} is not a year, quarter or month"})
            continue
        raw = row[1].strip() if len(row) > 1 else ""
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            bad.append({"row": number, "reason": f"value {raw!r} for {key} is not a number"})
            continue
        data.append({"period": period, "frequency": frequency_of(period), "value": value})
    if "cdid" not in meta or not data:
        raise InputFormatError(
            p,
            expected="an ONS time-series CSV (Title, CDID… rows, then period,value rows)",
            found=f"metadata keys {sorted(meta)} and {len(data)} period rows",
            fix="download the series' 'CSV' from its ONS time-series page, unmodified",
        )
    source = f"ONS {meta.get('source dataset id', '')} series {meta['cdid']}".replace("  ", " ")
    if meta.get("release date"):
        source += f", release {meta['release date']}"
    frame = pd.DataFrame(data, columns=["period", "frequency", "value"])
    if bad:
        log.warning(
            "%s: %d rows could not be read (first: row %s, %s)", p.name, len(bad), bad[0]["row"], bad[0]["reason"]
        )
    return TimeSeries(
        meta["cdid"],
        meta.get("title", ""),
        meta.get("unit", ""),
        source,
        licence,
        frame,
        pd.DataFrame(bad, columns=["row", "reason"]),
    )


def read_series(
    path: str | Path,
    *,
    period_column: str | None = None,
    value_column: str | None = None,
    indicator: str | None = None,
    sheet: str | int | None = None,
    source: str | None = None,
    licence: str | None = None,
) -> TimeSeries:
    """Read a time series: the ONS layout (detected), or a CSV / XLSX with a period and a value column.

    Args:
        path: the file.
        period_column: the column of periods or dates (default: the first column).
        value_column: the column of values (default: the first numeric column after it).
        indicator: the series' name (default: the value column's name, or the ONS CDID).
        sheet: for XLSX, the sheet name or index (default: the first).
        source: where the series comes from (default: the file name).
        licence: its licence (default: OGL v3.0 for ONS files, otherwise "unknown").

    Dates are placed in the month they fall in (daily or weekly dates: use a period column instead).
    """
    p = Path(path)
    if is_ons_layout(p):
        return read_ons_timeseries(p, **({"licence": licence} if licence else {}))
    if not p.is_file():
        raise InputFormatError(p, expected="a CSV or XLSX time series", found="no such file", fix="check the path")
    if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        from voices.indicators.table import excel_engine

        frame = pd.read_excel(p, sheet_name=sheet if sheet is not None else 0, dtype=str, engine=excel_engine())
    else:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if frame.shape[1] < 2:
        raise InputFormatError(
            p,
            expected="a period column and a value column",
            found=f"columns {list(frame)}",
            fix="save the series as two columns: period (e.g. 2024-01 or 2024 Q1) and value",
        )
    pcol = period_column or str(frame.columns[0])
    vcol = value_column or next(
        (str(c) for c in frame.columns if c != pcol and pd.to_numeric(frame[c], errors="coerce").notna().any()), None
    )
    for name, col in (("period_column", pcol), ("value_column", vcol)):
        if col is None or col not in frame.columns:
            raise InputFormatError(
                p,
                expected=f"{name} {col!r} among the columns",
                found=f"columns {list(frame)}",
                fix=f"pass {name}= one of those",
            )
    assert vcol is not None
    data: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    for number, (raw_p, raw_v) in enumerate(zip(frame[pcol], frame[vcol], strict=True), start=2):
        period = parse_period(str(raw_p))
        if period is None:
            stamp = pd.to_datetime(str(raw_p), errors="coerce", dayfirst=True)
            period = None if pd.isna(stamp) else stamp.to_period("M")
        value = pd.to_numeric(str(raw_v).replace(",", ""), errors="coerce")
        if period is None:
            bad.append({"row": number, "reason": f"period {raw_p!r} is not a date, year, quarter, month or week"})
        elif pd.isna(value):
            bad.append({"row": number, "reason": f"value {raw_v!r} is not a number"})
        else:
            data.append({"period": period, "frequency": frequency_of(period), "value": float(value)})
    if not data:
        raise InputFormatError(
            p,
            expected="rows with a period and a numeric value",
            found="none readable",
            fix="check period_column and value_column",
        )
    out = pd.DataFrame(data, columns=["period", "frequency", "value"])
    dup = out.duplicated(["period"], keep="first")
    for idx in out.index[dup]:
        bad.append({"row": int(idx) + 2, "reason": f"period {label(out.loc[idx, 'period'])} repeated; first kept"})
    out = out[~dup].reset_index(drop=True)
    return TimeSeries(
        indicator or vcol,
        vcol,
        "",
        source or p.name,
        licence or "unknown",
        out,
        pd.DataFrame(bad, columns=["row", "reason"]),
    )
