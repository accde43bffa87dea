"""Pair themes with indicators: every table the ``pair`` stage publishes, suppressed, plus plain-English caveats.

:func:`pair` takes the segment table, the ``themes`` and ``assignments`` tables and an indicator set, and
returns a :class:`Pairing` holding:

``pair_deciles``
    theme share by area decile (IMD 2019 by default) with Wilson intervals and lift;
``pair_groups``
    theme share by group (demographics, speaker role, question, or any meta field) with intervals and lift;
``pair_tests``
    one chi-square test per theme × grouping, q-values under Benjamini–Hochberg across all of them;
``pair_indicators``
    theme share against each area indicator: respondent-weighted Spearman with a bootstrap interval;
``pair_time``
    theme volume and share by week, month or quarter;
``pair_lags``
    theme share against each time series, lag by lag;

and a ``pairing`` report (what was matched, what was not and why, what was hidden, the caveats and the
attribution). Every table that breaks themes down by area, group or period is suppressed before it is returned.

Example:
    >>> import pandas as pd
    >>> from voices.corpus import conform
    >>> seg = conform(pd.DataFrame({"segment_id": [f"r{i}/Q1" for i in range(40)],
    ...     "document_id": [f"r{i}" for i in range(40)], "source_kind": "consultation", "source_format": "csv",
    ...     "source_file": "a.csv", "source_row": range(2, 42), "text": "x", "question_id": "Q1",
    ...     "area_code": ["E01008736"] * 20 + ["E01008803"] * 20}))
    >>> themes = pd.DataFrame({"theme_id": [0], "parent_id": [None], "label": ["bills"]})
    >>> asg = pd.DataFrame({"segment_id": seg["segment_id"], "theme_id": [0] * 25 + [-1] * 15,
    ...                     "probability": 1.0})
    >>> result = pair(seg, themes, asg)
    >>> sorted(result.tables)
    ['pair_deciles', 'pair_groups', 'pair_indicators', 'pair_lags', 'pair_tests', 'pair_time']
    >>> result.report["geography"]["by_level"]
    {'lsoa11': 40}
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from voices.indicators import bundled
from voices.indicators.areas import match_report, resolve_areas
from voices.indicators.breakdowns import BREAKDOWN_COLUMNS, TEST_COLUMNS, association_tests, breakdown, control_fdr
from voices.indicators.imd import DOMAINS, MEANINGS
from voices.indicators.membership import (
    Scope,
    UnitKind,
    crosstab,
    meta_keys,
    meta_values,
    scopes,
    unit_ids,
    unit_mode,
)
from voices.indicators.periods import Frequency, frequency_of, parse_period
from voices.indicators.spatial import CORRELATION_COLUMNS, area_keys, correlate
from voices.indicators.suppression import THRESHOLD
from voices.indicators.table import IndicatorSet, builtin_indicators
from voices.indicators.temporal import LAG_COLUMNS, lag_table, segment_periods, series_frequency, shares_by_period
from voices.indicators.timeseries import TimeSeries

log = logging.getLogger(__name__)

NOT_PLACED = "(not placed at LSOA)"
NO_AREA = "(no area)"
#: Correlated by default: the IMD rank and the seven domain deciles, at LSOA level.
DEFAULT_CORRELATE: tuple[str, ...] = ("imd2019_rank", *(f"imd2019_{d}_decile" for d in DOMAINS))
TABLES: tuple[str, ...] = ("pair_deciles", "pair_groups", "pair_tests", "pair_indicators", "pair_time", "pair_lags")


@dataclass(frozen=True)
class PairingOptions:
    """How to pair (every field has a default; see :class:`voices.indicators.stage.Pair` for their meaning)."""

    group_by: Sequence[str] | None = None
    deciles: Sequence[str] = ("imd2019_decile",)
    correlate: Sequence[str] | None = None
    freq: Frequency = "month"
    max_lag: int = 3
    threshold: int = THRESHOLD
    confidence: float = 0.95
    n_resamples: int = 1000
    fdr: float = 0.05
    unit: UnitKind = "auto"
    min_areas: int = 5
    min_periods: int = 6
    max_groups: int = 30
    seed: int = 0


@dataclass(frozen=True)
class Pairing:
    """The published tables (already suppressed) and the ``pairing`` report."""

    tables: dict[str, pd.DataFrame]
    report: dict[str, Any] = field(default_factory=dict)


def _labels(themes: pd.DataFrame) -> dict[int, str]:
    if "label" not in themes.columns:
        return {int(t): f"theme {t}" for t in themes["theme_id"]}
    return {int(t): str(lbl) for t, lbl in zip(themes["theme_id"], themes["label"], strict=True)}


def _group_variables(segments: pd.DataFrame, scope_list: list[Scope], options: PairingOptions) -> list[str]:
    if options.group_by is not None:
        return list(options.group_by)
    found = meta_keys(segments, "demographics")
    if "speaker_role" in segments.columns and segments["speaker_role"].notna().any():
        found.append("speaker_role")
    if any(len(s.questions) > 1 for s in scope_list):
        found.append("question_id")
    return found


def _values(segments: pd.DataFrame, variable: str) -> pd.Series:
    if variable in segments.columns and variable != "meta":
        col = segments[variable]
        return col.astype("object").where(col.notna(), None).reset_index(drop=True)
    path = variable if "." in variable else f"demographics.{variable}"
    values = meta_values(segments, path)
    if values.isna().all() and "." not in variable:
        values = meta_values(segments, variable)
    return values.reset_index(drop=True)


def _series(indicators: IndicatorSet) -> dict[str, TimeSeries]:
    out: dict[str, TimeSeries] = {}
    for name, rows in indicators.time_series().groupby("indicator", sort=True):
        periods = [parse_period(p) for p in rows["period"]]
        data = pd.DataFrame(
            {
                "period": periods,
                "frequency": [frequency_of(p) for p in periods],
                "value": rows["value"].to_numpy(dtype="float64"),
            }
        )
        out[str(name)] = TimeSeries(
            str(name), str(name), "", str(rows["source"].iloc[0]), str(rows["licence"].iloc[0]), data
        )
    return out


def _caveats(report: dict[str, Any], options: PairingOptions) -> list[str]:
    t = options.threshold
    caveats = [
        f"Small numbers are hidden: any count of fewer than {t} people is shown as suppressed, and so are some "
        "larger counts next to it, so that hidden numbers cannot be worked out from the totals.",
        f"Counts are of people ({report['unit']}), not of comments, and each theme's share is out of the people "
        "who answered the question(s) the theme was found in.",
    ]
    n_tests = report["tests"]["run"]
    if n_tests:
        caveats.append(
            f"Many comparisons: {n_tests} tests were run (each theme against each grouping). By chance alone about "
            f"1 in 20 would look 'significant' at the 5% level, so a difference is flagged only when it passes the "
            f"Benjamini–Hochberg false discovery rate control at {options.fdr:.0%}: about {options.fdr:.0%} of the "
            f"flagged differences ({report['tests']['significant']} here) may still be chance findings."
        )
    geo = report["geography"]["by_level"]
    shown = [v for v in geo.values() if v is not None]
    at_lsoa = geo.get("lsoa11", 0)
    if shown and None not in geo.values() and at_lsoa is not None:
        placed = f"{at_lsoa} of {sum(shown)} people could be placed"
    else:
        placed = "most people could be placed (some counts are too small to show)"
    if geo:
        caveats.append(
            f"Areas: {placed} in a 2011 LSOA and so in an IMD 2019 decile; the others (a postcode district only, "
            f"a postcode outside the lookup, another kind of area, or none) are shown as '{NOT_PLACED}' or "
            f"'{NO_AREA}', never dropped."
        )
    caveats += [
        "Vintages: IMD 2019 is published on 2011 LSOAs; wards and councils are their December 2019 boundaries.",
        "Association is not causation: a theme voiced more in deprived areas, or by one group, says who raised "
        "it among those who responded, not why, and responses are rarely a random sample of residents.",
    ]
    lags = report["time"].get("lags_reported", 0)
    if report["time"].get("series"):
        caveats.append(
            "Over time, two series that both trend can correlate without any link; "
            + (
                f"{lags} lagged correlations were estimated."
                if lags
                else f"no lagged correlation was estimated: fewer than {options.min_periods} periods overlap."
            )
        )
    return caveats


def pair(
    segments: pd.DataFrame,
    themes: pd.DataFrame,
    assignments: pd.DataFrame,
    indicators: IndicatorSet | None = None,
    options: PairingOptions | None = None,
) -> Pairing:
    """Compute every pairing table for a corpus' themes (see the module docstring).

    Args:
        segments: the segment table (anonymised; ``area_code`` holds area codes or postcode districts).
        themes: the themes table (``theme_id``, ``parent_id``, ``label`` …).
        assignments: ``segment_id``, ``theme_id`` (``-1`` = unassigned), ``probability``.
        indicators: the indicator set; default: the bundled IMD 2019 only. User tables are added to it by the
            caller (``builtin_indicators() + read_indicators(path)``).
        options: how to pair.
    """
    options = options or PairingOptions()
    indicators = indicators if indicators is not None else builtin_indicators()
    labels = _labels(themes)
    segments = segments.reset_index(drop=True)
    scope_list = scopes(segments, themes, assignments, unit=options.unit)
    # Geography: one resolution of every distinct area code, shared by every scope.
    resolved = resolve_areas(segments["area_code"].tolist()).set_index("area")
    area_values = segments["area_code"].where(segments["area_code"].notna(), None)
    seg_areas = pd.DataFrame(
        {c: area_values.map(resolved[c]) for c in ("match", "lsoa11cd", "wd19cd", "lad19cd", "rgncd")}
    )
    seg_areas["area_code"] = area_values
    seg_areas["match"] = seg_areas["match"].fillna("missing")
    units = unit_ids(segments, options.unit)
    first_area = pd.DataFrame({"unit": units, "area": area_values.fillna(NO_AREA)}).drop_duplicates("unit")
    listed = resolved.reset_index().assign(area=lambda f: f["area"].fillna(NO_AREA))
    geo = match_report(listed, first_area.groupby("area").size(), threshold=options.threshold)
    area_table = indicators.area_indicators()
    tables: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    tests: list[pd.DataFrame] = []
    skipped: list[dict[str, str]] = []
    exposed = hidden = 0
    variables = _group_variables(segments, scope_list, options)
    want_corr = (
        list(options.correlate)
        if options.correlate is not None
        else [*DEFAULT_CORRELATE, *sorted(set(area_table["indicator"]) - set(MEANINGS))]
    )
    series = _series(indicators)
    shares_cache: dict[tuple[str, str], pd.DataFrame] = {}
    lags_reported = 0
    periods_seen: dict[str, int] = {}
    for scope in scope_list:
        pos = pd.Series(segments.index, index=segments["segment_id"].astype("str"))
        idx = pos[scope.segments["segment_id"].astype("str")].to_numpy()
        scoped_areas = seg_areas.iloc[idx].reset_index(drop=True)
        kw = {"themes": scope.themes, "labels": labels, "threshold": options.threshold}

        def add(variable: str, keys: pd.Series, target: str, scope: Scope = scope, kw: dict = kw) -> None:
            nonlocal exposed, hidden
            ct = crosstab(scope, keys)
            table = breakdown(scope.key, variable, ct, confidence=options.confidence, **kw)
            exposed += int(table.attrs["exposed"])
            hidden += int(table.attrs["hidden"])
            tables[target].append(table)
            tests.append(association_tests(scope.key, variable, ct, **kw))

        for name in options.deciles:
            values = area_table[(area_table["indicator"] == name) & (area_table["geography"] == "lsoa11")]
            if values.empty:
                skipped.append({"variable": name, "reason": "no LSOA 2011 values in the indicator set"})
                continue
            lookup = values.set_index("area_code")["value"]
            lsoa = scoped_areas["lsoa11cd"]
            decile = lsoa.map(lookup)
            keys = decile.map(lambda v: str(int(v)) if pd.notna(v) else None).astype("object")
            unplaced = scoped_areas["area_code"].map(lambda a: NOT_PLACED if isinstance(a, str) and a else NO_AREA)
            keys = keys.where(keys.notna(), unplaced)
            add(name, unit_mode(scope, keys), "pair_deciles")
        for variable in variables:
            values = _values(scope.segments, variable)
            distinct = values.dropna().nunique()
            if distinct < 2 or distinct > options.max_groups:
                skipped.append(
                    {
                        "variable": variable,
                        "scope": scope.key,
                        "reason": f"{distinct} distinct values (need 2 to {options.max_groups})",
                    }
                )
                continue
            add(variable, unit_mode(scope, values), "pair_groups")
        for name in want_corr:
            rows_ = area_table[area_table["indicator"] == name]
            if rows_.empty:
                skipped.append({"variable": name, "reason": "not in the indicator set"})
                continue
            for geography, by_geo in rows_.groupby("geography"):
                keys = area_keys(scoped_areas, str(geography))
                tables["pair_indicators"].append(
                    correlate(
                        scope,
                        keys,
                        by_geo.set_index("area_code")["value"],
                        indicator=name,
                        geography=str(geography),
                        labels=labels,
                        themes=scope.themes,
                        n_resamples=options.n_resamples,
                        confidence=options.confidence,
                        min_areas=options.min_areas,
                        seed=options.seed,
                    )
                )
        periods = segment_periods(scope.segments, options.freq)
        periods_seen[scope.key] = int(periods.dropna().nunique())
        if periods.notna().any():
            add(options.freq, periods, "pair_time")
        for name, ts in series.items():
            freq = series_frequency(ts.frequencies(), options.freq)
            if freq is None:
                continue
            if (scope.key, freq) not in shares_cache:
                shares_cache[(scope.key, freq)] = shares_by_period(scope, segment_periods(scope.segments, freq), freq)
            lag = lag_table(
                scope,
                shares_cache[(scope.key, freq)],
                ts.at(freq),
                name=name,
                freq=freq,
                labels_=labels,
                max_lag=options.max_lag,
                min_periods=options.min_periods,
            )
            lags_reported += int(lag["spearman"].notna().sum())
            tables["pair_lags"].append(lag)
    columns = {
        "pair_deciles": BREAKDOWN_COLUMNS,
        "pair_groups": BREAKDOWN_COLUMNS,
        "pair_time": BREAKDOWN_COLUMNS,
        "pair_tests": TEST_COLUMNS,
        "pair_indicators": CORRELATION_COLUMNS,
        "pair_lags": LAG_COLUMNS,
    }
    out: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        parts = [t for t in (tests if name == "pair_tests" else tables[name]) if len(t)]
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(columns[name]))
        out[name] = frame
    out["pair_tests"] = control_fdr(out["pair_tests"], options.fdr)
    out = {k: _tidy(v) for k, v in out.items()}
    report = _report(
        out, geo, indicators, options, scope_list, skipped, exposed, hidden, series, lags_reported, periods_seen
    )
    return Pairing(out, report)


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame.attrs = {}
    for col in frame.columns:
        if frame[col].dtype == "object":
            frame[col] = frame[col].astype("str")
    return frame


def _report(
    out: dict[str, pd.DataFrame],
    geo: dict[str, Any],
    indicators: IndicatorSet,
    options: PairingOptions,
    scope_list: list[Scope],
    skipped: list[dict[str, str]],
    exposed: int,
    hidden: int,
    series: dict[str, TimeSeries],
    lags_reported: int,
    periods_seen: dict[str, int],
) -> dict[str, Any]:
    sources = indicators.table[["indicator", "source", "licence"]].drop_duplicates("indicator")
    uses_bundled = sources["source"].isin([bundled.IMD_SOURCE]).any()
    tests = out["pair_tests"]
    report: dict[str, Any] = {
        "stage": "voices.pair.v1",
        "threshold": options.threshold,
        "unit": {
            "auto": "respondents, speakers or authors by source",
            "document": "respondents (documents)",
            "speaker": "speakers",
            "segment": "segments (texts)",
        }[options.unit],
        "confidence": options.confidence,
        "scopes": [
            {
                "scope": s.key,
                "themes": len(s.themes) - 1,
                "units": int(s.segments["unit"].nunique()),
                "segments": len(s.segments),
            }
            for s in scope_list
        ],
        "geography": geo,
        "tests": {
            "run": int(tests["p_value"].notna().sum()),
            "significant": int(tests["significant"].sum()),
            "fdr": options.fdr,
            "method": "Pearson chi-square per theme × grouping; Benjamini–Hochberg",
        },
        "suppression": {
            "cells_hidden": hidden,
            "values_still_fixed_by_published_totals": exposed,
            "method": "primary below threshold (zeros included), secondary until no hidden value "
            "follows from totals and non-negativity (exact flow-network check)",
        },
        "time": {
            "frequency": options.freq,
            "periods": periods_seen,
            "series": sorted(series),
            "lags_reported": lags_reported,
            "max_lag": options.max_lag,
        },
        "indicators": [
            {"indicator": str(i), "source": str(s), "licence": str(lc)}
            for i, s, lc in sources.itertuples(index=False)
            if not str(i).startswith("imd2019_")
        ],
        "skipped": skipped,
        "attribution": bundled.attribution(postcodes=True) if uses_bundled else [],
        "sources": [bundled.IMD_SOURCE, bundled.LOOKUP_SOURCE, bundled.NSPL_SOURCE] if uses_bundled else [],
    }
    report["caveats"] = _caveats(report, options)
    return report
