"""The report as one self-contained HTML page: a jinja2 template, autoescaped, with plotly.js inlined once.

Every piece of text from a run — labels, descriptions, quotes, group names — is escaped by the template; none is
ever marked safe. Chart specifications are JSON in ``<script type="application/json">`` blocks with ``<``, ``>``
and ``&`` escaped, drawn by a few lines of script at the end of the page. Nothing is loaded from elsewhere.

Example:
    >>> from voices.report.model import Table
    >>> html = render_table(Table("Ages", ["Group", "Share"], [["<b>x</b>", "suppressed"]]))
    >>> "<b>" in html, '<td class="suppressed">suppressed</td>' in html
    (False, True)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

from voices.report import charts as charts_
from voices.report import words
from voices.report.model import Associations, Breakdown, Report, Scope, Table


@cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("voices.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def _css() -> str:
    return (files("voices.report") / "templates" / "report.css").read_text(encoding="utf-8")


def render_table(table: Table) -> str:
    """One table rendered with the page's macro (escaped; hidden cells styled), for tests and previews."""
    module = _environment().get_template("macros.html.j2").make_module({"suppressed": words.SUPPRESSED})
    return str(module.table(table))


def scope_table(scope: Scope) -> Table:
    """The themes of one scope as a table: name, how common, stability, size."""
    return Table(
        caption=f"Themes — {scope.title}",
        columns=["Theme", "How common", "Stability", "Size"],
        rows=[
            [c.label, c.share_words, c.stability_words, words.count_text(c.size) if c.size is not None else "–"]
            for c in scope.themes
        ],
    )


def breakdown_table(b: Breakdown, threshold: int | None) -> Table:
    """A breakdown as a table: a row of group sizes, then one row per theme, one column per group; hidden cells
    read "suppressed"."""
    rule = f"fewer than {threshold} people, or hidden to protect a small number" if threshold else "hidden"
    return Table(
        caption=f"Share of people raising each theme, {b.title.lower()} — {b.scope_title} (suppressed: {rule})",
        columns=["Theme", *b.group_labels],
        rows=[
            ["People in the group", *[words.count_text(size) for size in b.group_sizes]],
            *[
                [label, *[b.cells[(g, t)].text if (g, t) in b.cells else "–" for g in b.groups]]
                for t, label in b.themes
            ],
        ],
    )


def hidden_words(b: Breakdown) -> str:
    """How much of a breakdown is suppressed, in words (empty when nothing is)."""
    total = len(b.cells)
    if not b.hidden:
        return ""
    if b.hidden == total:
        return (
            f"All {total} cells are suppressed: every group here is too small to show safely, so there is "
            "nothing to chart. The table lists the themes and groups."
        )
    return f"{b.hidden} of {total} cells are suppressed."


def association_table(a: Associations, *, charted: bool = True) -> Table | None:
    """Correlations as a table, each with its meaning in words: the charted ones, or (``charted=False``) the
    others (the IMD domains); None when there are none."""
    rows = [r for r in a.rows if r.charted == charted]
    if not rows:
        return None
    return Table(
        caption=f"{a.title} — {a.scope_title}" + ("" if charted else ": every other indicator"),
        columns=["Theme", "Paired with", "Correlation", "95% interval", "What it means"],
        rows=[
            [
                r.theme,
                r.measure,
                words.correlation(r.rho),
                f"{words.correlation(r.low)} to {words.correlation(r.high)}" if r.low is not None else "–",
                r.reading,
            ]
            for r in rows
        ],
    )


def not_estimated(a: Associations) -> str:
    """A sentence when none of a scope's correlations could be estimated (empty otherwise).

    Example:
        >>> from voices.report.model import Association
        >>> a = Associations("lag", "Q1", "Question Q1", "Themes over time", [
        ...     Association("Bills", "cpi, same month", None, None, None, "not estimated: only 2 periods")])
        >>> not_estimated(a)
        'No correlation could be estimated here (not estimated: only 2 periods).'
    """
    if any(r.rho is not None for r in a.rows) or not a.rows:
        return ""
    readings = [r.reading for r in a.rows]
    common = max(sorted(set(readings)), key=readings.count)
    return f"No correlation could be estimated here ({common})."


class _Ids:
    """Unique element ids for charts on one page."""

    def __init__(self) -> None:
        self.n = 0

    def view(self, chart: charts_.Chart | None) -> dict[str, Any] | None:
        if chart is None:
            return None
        self.n += 1
        return {"element": f"c{self.n}-{chart.id}", "chart": chart, "json": charts_.embed(chart)}


def _views(report: Report, max_themes: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    ids = _Ids()
    yield (
        "scopes",
        [
            {
                "scope": s,
                "index": i,
                "chart": ids.view(charts_.theme_shares(s, report.noun)),
                "table": scope_table(s),
                "unassigned": (
                    f"{words.percent(s.unassigned)} of {report.noun} here did not fit any theme."
                    if s.unassigned is not None
                    else ""
                ),
            }
            for i, s in enumerate(report.scopes, start=1)
        ],
    )
    yield (
        "breakdowns",
        [
            {
                "b": b,
                "charts": [ids.view(c) for c in charts_.breakdown_charts(b, max_themes)],
                "table": breakdown_table(b, report.threshold),
                "hidden": hidden_words(b),
            }
            for b in report.breakdowns
        ],
    )
    yield (
        "associations",
        [
            {
                "a": a,
                "chart": ids.view(charts_.association_chart(a)),
                "table": association_table(a),
                "more": association_table(a, charted=False),
                "none": not_estimated(a),
            }
            for a in report.associations
        ],
    )


def render(report: Report, *, max_themes: int = charts_.MAX_THEMES) -> str:
    """The report as one HTML string (plotly.js inlined when there is any chart).

    Args:
        report: from :func:`voices.report.build.build_report`.
        max_themes: themes charted per breakdown (every theme is in the tables).
    """
    views = dict(_views(report, max_themes))
    charts_present = any(v.get("chart") for v in views["scopes"] + views["associations"]) or any(
        b["charts"] for b in views["breakdowns"]
    )
    made = datetime.fromisoformat(report.made_at).strftime("%d %B %Y, %H:%M UTC")
    versions = {"voices": _version("voices"), "plotlyjs": charts_.plotly_version() if charts_present else ""}
    template = _environment().get_template("report.html.j2")
    return template.render(
        r=report,
        made=made,
        css=_css(),
        plotly_js=charts_.plotly_js() if charts_present else "",
        charts_present=charts_present,
        suppressed=words.SUPPRESSED,
        versions=versions,
        max_themes=max_themes,
        **views,
    )


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"
