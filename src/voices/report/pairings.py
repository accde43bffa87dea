"""Indicator pairings in plain English: correlations with area indicators and time series, group differences,
and how respondents' areas were matched — read from the run's pairing tables and ``pairing`` artifact as given.

Example:
    >>> import pandas as pd
    >>> t = pd.DataFrame({"scope": ["all"], "theme_id": [0], "label": ["Bills"], "indicator": ["imd2019_rank"],
    ...     "geography": ["lsoa11"], "rho": [-0.4], "ci_low": [-0.6], "ci_high": [-0.2],
    ...     "reading": ["voiced more in more deprived areas"], "note": [""]})
    >>> a = indicator_associations(t)[0]
    >>> a.rows[0].measure, a.rows[0].reading
    ('IMD 2019 rank (1 = most deprived)', 'voiced more in more deprived areas')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from voices.report import words
from voices.report.model import Association, Associations, Section, Table
from voices.report.themes import scope_title, theme_key

#: Area indicators charted (every indicator is in the tables); user indicators are always charted.
HEADLINE_INDICATORS: frozenset[str] = frozenset({"imd2019_rank"})
#: How an area was matched, in words.
MATCH_LEVELS: dict[str, str] = {
    "oa11": "placed in an output area (2011)",
    "lsoa11": "placed in a neighbourhood (LSOA 2011), so in a deprivation decile",
    "ward": "placed in a ward only",
    "lad": "placed in a council area only",
    "region": "placed in a region only",
    "district": "a postcode district only (not placed in a neighbourhood)",
    "unmatched": "not matched to any area",
    "missing": "no area given",
}


def indicator_name(indicator: str) -> str:
    """An indicator's name in words.

    Example:
        >>> indicator_name("imd2019_income_decile"), indicator_name("fuel_poverty")
        ('IMD 2019 income deprivation decile (1 = most deprived)', 'fuel poverty')
    """
    if indicator == "imd2019_rank":
        return "IMD 2019 rank (1 = most deprived)"
    if indicator == "imd2019_decile":
        return "IMD 2019 decile (1 = most deprived)"
    if indicator.startswith("imd2019_lad_"):
        return "IMD 2019 council " + indicator.removeprefix("imd2019_lad_").replace("_", " ")
    if indicator.startswith("imd2019_") and indicator.endswith("_decile"):
        domain = indicator.removeprefix("imd2019_").removesuffix("_decile").replace("_", " ")
        return f"IMD 2019 {domain} deprivation decile (1 = most deprived)"
    return indicator.replace("_", " ")


def _label(row: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    tid = theme_key(row.get("theme_id"))
    return labels.get(tid) or str(row.get("label") or f"Theme {tid}")


def _reading(row: Mapping[str, Any], rho: float | None) -> str:
    reading = "" if words.is_missing(row.get("reading")) else str(row.get("reading") or "")
    note = "" if words.is_missing(row.get("note")) else str(row.get("note") or "")
    if rho is None:
        return f"not estimated: {note}" if note else "not estimated"
    return f"{reading} ({note})" if note and reading else reading or note


def indicator_associations(
    table: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    title_of: Callable[[str], str] = scope_title,
) -> list[Associations]:
    """Correlations of theme shares with area indicators (``pair_indicators``), one group per scope."""
    labels = labels or {}
    need = {"scope", "theme_id", "indicator", "rho"}
    if table.empty or not need <= set(table.columns):
        return []
    out = []
    for scope, chunk in table.groupby("scope", sort=False):
        rows = []
        for row in chunk.to_dict("records"):
            rho = words.number(row.get("rho"))
            indicator = str(row["indicator"])
            geography = str(row.get("geography") or "")
            measure = indicator_name(indicator)
            if geography and not (indicator.startswith("imd2019_") and geography == "lsoa11"):
                measure += f" [{geography}]"
            rows.append(
                Association(
                    theme=_label(row, labels),
                    measure=measure,
                    rho=rho,
                    low=words.number(row.get("ci_low")),
                    high=words.number(row.get("ci_high")),
                    reading=_reading(row, rho),
                    charted=indicator in HEADLINE_INDICATORS or not indicator.startswith("imd2019_"),
                )
            )
        out.append(Associations("indicator", str(scope), title_of(str(scope)), "Themes and area indicators", rows))
    return out


def _strength(rho: float) -> str:
    size = abs(rho)
    strength = "weak" if size < 0.3 else "moderate" if size < 0.6 else "strong"
    direction = "rises and falls with" if rho > 0 else "moves against"
    return f"{strength}: the theme {direction} the series"


def lag_words(series: str, lag: int, frequency: str) -> str:
    """A series at a lag, in words.

    Example:
        >>> lag_words("cpi", 0, "month"), lag_words("cpi", 2, "month")
        ('cpi, same month', 'cpi, 2 months earlier')
    """
    if lag == 0:
        return f"{series}, same {frequency}"
    return f"{series}, {lag} {frequency}{'s' if lag != 1 else ''} earlier"


def lag_associations(
    table: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    title_of: Callable[[str], str] = scope_title,
) -> list[Associations]:
    """Lagged correlations of theme shares over time with time series (``pair_lags``), one group per scope."""
    labels = labels or {}
    need = {"scope", "theme_id", "series", "lag", "spearman"}
    if table.empty or not need <= set(table.columns):
        return []
    out = []
    for scope, chunk in table.groupby("scope", sort=False):
        rows = []
        for row in chunk.to_dict("records"):
            rho = words.number(row.get("spearman"))
            lag = int(words.number(row.get("lag")) or 0)
            n = words.number(row.get("n_periods"))
            note = "" if words.is_missing(row.get("note")) else str(row.get("note") or "")
            if rho is None:
                reading = f"not estimated: {note}" if note else "not estimated"
            else:
                reading = f"{_strength(rho)} over {int(n or 0)} periods"
            rows.append(
                Association(
                    theme=_label(row, labels),
                    measure=lag_words(str(row["series"]), lag, str(row.get("frequency") or "period")),
                    rho=rho,
                    low=None,
                    high=None,
                    reading=reading,
                )
            )
        out.append(Associations("lag", str(scope), title_of(str(scope)), "Themes over time and time series", rows))
    return out


def _q(value: Any) -> str:
    shown = words.p_value(value)
    return f"q {shown.replace('<', '< ')}" if shown.startswith("<") else f"q = {shown}"


def group_differences(
    tests: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    title_of: Callable[[str], str] = scope_title,
    fdr: float = 0.05,
) -> Section:
    """The chi-square tests (``pair_tests``) in words: which themes differ between groups, after FDR control."""
    labels = labels or {}
    need = {"scope", "variable", "theme_id", "p_value", "q_value", "significant"}
    if tests.empty or not need <= set(tests.columns):
        return Section("Differences between groups", ["No tests of differences between groups were run."])
    lines: list[str] = []
    rows: list[list[str]] = []
    flagged = 0
    for row in tests.to_dict("records"):
        significant = bool(row.get("significant")) and not words.is_missing(row.get("significant"))
        label = _label(row, labels)
        variable = words.variable_name(str(row["variable"]))
        note = "" if words.is_missing(row.get("note")) else str(row.get("note") or "")
        if significant:
            flagged += 1
            lines.append(f"“{label}” ({title_of(str(row['scope']))}) differs by {variable} ({_q(row.get('q_value'))}).")
        rows.append(
            [
                label,
                title_of(str(row["scope"])),
                variable,
                words.p_value(row.get("p_value")),
                words.p_value(row.get("q_value")),
                "yes" if significant else "no",
                note,
            ]
        )
    run = sum(1 for r in tests["p_value"] if words.number(r) is not None)
    intro = (
        f"{run} comparisons were tested (each theme against each grouping); {flagged} "
        f"{'differences stand' if flagged != 1 else 'difference stands'} out after controlling the false "
        f"discovery rate at {fdr:.0%}."
    )
    table = Table(
        caption="Tests of whether each theme is voiced equally across groups (chi-square; q-values after "
        "Benjamini–Hochberg)",
        columns=["Theme", "Scope", "Grouping", "p-value", "q-value", "Stands out", "Note"],
        rows=rows,
    )
    return Section("Differences between groups", [intro, *lines], [table])


def geography(report: Mapping[str, Any]) -> Section:
    """How respondents' areas were matched (from the ``pairing`` artifact; hidden counts stay hidden)."""
    geo = report.get("geography") or {}
    by_level = geo.get("by_level") or {}
    unit = str(report.get("unit") or "people")
    rows = [[MATCH_LEVELS.get(str(k), str(k)), words.count_text(v)] for k, v in sorted(by_level.items())]
    tables = [Table(f"People by how their area was matched (counted as {unit})", ["Match", "People"], rows)]
    listed = geo.get("not_at_lsoa") or []
    if listed:
        tables.append(
            Table(
                "Areas not placed in a neighbourhood",
                ["Area", "Match", "People", "Why"],
                [
                    [str(i.get("area")), str(i.get("match")), words.count_text(i.get("count")), str(i.get("note"))]
                    for i in listed
                ],
            )
        )
    lines = []
    total = geo.get("not_at_lsoa_total")
    if listed:
        who = (
            "A few people (too few to show)" if words.number(total) is None else words.plural(total, "person", "people")
        )
        lines.append(
            f"{who} could not be placed in a neighbourhood; they are shown as their own rows in the tables "
            "(“not placed” or “no area”), never dropped."
        )
    return Section("How areas were matched", lines, tables if rows else [])
