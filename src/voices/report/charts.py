"""Plotly charts for a report: theme shares, breakdowns (small multiples, one per theme), correlations.

Accessible by construction: the Okabe–Ito colour-blind-safe palette, every marker outlined in near-black and
each series a different marker shape (colour is never the only cue), percentages in the axis labels, a text
alternative for every chart, and a data table under each one on the page. Suppressed cells draw no bar: the
word "suppressed" is written where the bar would be. Every text a chart shows is escaped, because plotly reads
``<b>``, ``<a href>`` and entities in labels as markup; a theme name is data, never markup.

Charts are plain JSON specifications (``data``, ``layout``, ``config``) that the page hands to ``Plotly.newPlot``;
plotly is imported only to check them (``validate=True``) and to read its JavaScript bundle.

Example:
    >>> from voices.report.model import Breakdown, Cell
    >>> b = Breakdown("group", "all", "All responses", "age", "By age", ["16-24", "25-34"], ["16-24", "25-34"],
    ...     [None, 40], [("0", "Bills")], {("16-24", "0"): Cell.hidden("primary"), ("25-34", "0"): Cell.of(0.3)})
    >>> chart = breakdown_charts(b)[0]
    >>> [a["text"] for a in chart.spec["layout"]["annotations"]]
    ['suppressed']
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from voices.report import words
from voices.report.model import Associations, Breakdown, Scope

#: Okabe & Ito (2008) colour-blind-safe palette, darkest first; yellow last (it is pale on white).
OKABE_ITO: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "star", "hexagon")
INK = "#1a1a1a"
MUTED = "#4b5563"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
#: Themes charted per breakdown (largest first); every theme is in the table under the charts.
MAX_THEMES = 6
#: Plotly options for every chart: no logo link, no toolbar, resizes with the page.
CONFIG: dict[str, Any] = {"displaylogo": False, "displayModeBar": False, "responsive": True}


@dataclass(frozen=True)
class Chart:
    """One chart: an id for its element, a title, a text alternative and the plotly specification."""

    id: str
    title: str
    alt: str
    spec: dict[str, Any]


def plain(text: str, limit: int = 0) -> str:
    """Text as plotly must receive it to show it literally (escaped), optionally shortened with an ellipsis.

    Example:
        >>> plain("<b>Bills</b> & rent")
        '&lt;b&gt;Bills&lt;/b&gt; &amp; rent'
        >>> plain("A very long theme name indeed", 12)
        'A very long…'
    """
    text = " ".join(str(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text, quote=False)


def _slug(*parts: str) -> str:
    raw = "-".join(parts)
    return re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")[:60] or "chart"


def _layout(height: int, **more: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "height": height,
        "autosize": True,
        "margin": {"l": 10, "r": 16, "t": 40, "b": 40},
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "hoverlabel": {"font": {"family": FONT}},
    }
    layout.update(more)
    return layout


def _axis(title: str, **more: Any) -> dict[str, Any]:
    axis = {
        "title": {"text": plain(title)},
        "automargin": True,
        "gridcolor": "#d1d5db",
        "zerolinecolor": MUTED,
        "linecolor": MUTED,
        "tickfont": {"color": INK},
    }
    axis.update(more)
    return axis


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 2)


def _check(spec: dict[str, Any]) -> dict[str, Any]:
    """Validate a specification with plotly (a typo in a property fails here, not silently in a browser)."""
    import plotly.graph_objects as go

    go.Figure(data=spec["data"], layout=spec["layout"])
    return spec


def theme_shares(scope: Scope, noun: str = "responses") -> Chart | None:
    """Horizontal bars: each top-level theme's share of the scope, with its interval; None without shares."""
    cards = [c for c in scope.themes if c.share is not None]
    if not cards:
        return None
    labels = [f"{plain(c.label, 48)} — {words.percent(c.share)}" for c in cards]
    shares = [_pct(c.share) or 0.0 for c in cards]
    plus = [(_pct(c.share_ci[1]) or 0) - s if c.share_ci else 0.0 for c, s in zip(cards, shares, strict=True)]
    minus = [s - (_pct(c.share_ci[0]) or 0) if c.share_ci else 0.0 for c, s in zip(cards, shares, strict=True)]
    hover = [plain(c.share_words) for c in cards]
    top = max((s + p for s, p in zip(shares, plus, strict=True)), default=10.0)
    spec = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": shares,
                "y": labels,
                "marker": {"color": OKABE_ITO[0], "line": {"color": INK, "width": 1}},
                "error_x": {"type": "data", "array": plus, "arrayminus": minus, "color": INK, "thickness": 1.5},
                "customdata": hover,
                "hovertemplate": "%{y}<br>%{customdata}<extra></extra>",
            }
        ],
        "layout": _layout(
            80 + 34 * len(cards),
            xaxis=_axis(f"% of {noun}", range=[0, max(5.0, top * 1.08)], ticksuffix="%"),
            yaxis=_axis("", autorange="reversed"),
        ),
        "config": CONFIG,
    }
    alt = (
        f"Bar chart of how common each theme is in {scope.title}: "
        + "; ".join(f"{c.label}: {c.share_words}" for c in cards[:12])
        + ("; and more in the table." if len(cards) > 12 else ".")
    )
    return Chart(_slug("themes", scope.key or "all"), f"How common each theme is — {scope.title}", alt, _check(spec))


def _range(b: Breakdown, themes: list[tuple[str, str]]) -> float:
    highs = [
        c.high if c.high is not None else c.share
        for (_, t), c in b.cells.items()
        if t in {tid for tid, _ in themes} and not c.suppressed and c.share is not None
    ]
    top = max((100 * h for h in highs if h is not None), default=10.0)
    return max(5.0, min(100.0, top * 1.08))


def _alt(b: Breakdown, label: str, theme: str) -> str:
    shown = [(gl, b.cells[(g, theme)]) for g, gl in zip(b.groups, b.group_labels, strict=True) if (g, theme) in b.cells]
    visible = [(gl, c) for gl, c in shown if not c.suppressed and c.share is not None]
    hidden = sum(1 for _, c in shown if c.suppressed)
    what = "Column chart" if b.kind == "time" else "Bar chart"
    text = f"{what} of the share of people raising “{label}”, {b.title.lower()}, {b.scope_title}."
    if visible:
        high = max(visible, key=lambda gc: gc[1].share or 0.0)
        low = min(visible, key=lambda gc: gc[1].share or 0.0)
        text += (
            f" Highest: {high[0]} at {words.percent(high[1].share)}; lowest: {low[0]} at {words.percent(low[1].share)}."
        )
    if hidden:
        text += f" {hidden} of {len(shown)} groups suppressed (too few people to show)."
    return text + " The numbers are in the table below."


def shown(b: Breakdown, theme: str) -> bool:
    """Whether any group of a breakdown shows a share for ``theme`` (not every cell suppressed)."""
    return any(not c.suppressed and c.share is not None for (_, t), c in b.cells.items() if t == theme)


def breakdown_charts(b: Breakdown, max_themes: int = MAX_THEMES) -> list[Chart]:
    """Small multiples: one chart per theme (the largest ``max_themes``), share by group with intervals.

    Groups are bars down the side (columns along the bottom for periods); a suppressed group has no bar and the
    word "suppressed" in its place. Every chart of a breakdown shares one scale so they can be compared. A theme
    with every group suppressed has nothing to draw and gets no chart (the table still lists it).
    """
    themes = [(t, lbl) for t, lbl in b.themes if t != "-1" and shown(b, t)][:max_themes]
    top = _range(b, themes)
    vertical = b.kind == "time"
    categories = [plain(g, 28) for g in b.group_labels]
    charts = []
    for theme, label in themes:
        cells = [b.cells.get((g, theme)) for g in b.groups]
        values = [None if c is None or c.suppressed else _pct(c.share) for c in cells]
        plus = [
            (_pct(c.high) or v) - v if c is not None and v is not None and c.high is not None else 0
            for c, v in zip(cells, values, strict=True)
        ]
        minus = [
            v - (_pct(c.low) or 0) if c is not None and v is not None and c.low is not None else 0
            for c, v in zip(cells, values, strict=True)
        ]
        hover = [plain(c.text) if c is not None else "–" for c in cells]
        bar: dict[str, Any] = {
            "type": "bar",
            "marker": {"color": OKABE_ITO[0], "line": {"color": INK, "width": 1}},
            "customdata": hover,
            "hovertemplate": ("%{x}" if vertical else "%{y}") + ": %{customdata}<extra></extra>",
        }
        errors = {"type": "data", "array": plus, "arrayminus": minus, "color": INK, "thickness": 1.2}
        notes = []
        for position, c in enumerate(cells):
            if c is not None and c.suppressed:
                # positions, not names: plotly reads an annotation at "2" on a category axis as index 2
                note: dict[str, Any] = {
                    "text": words.SUPPRESSED,
                    "showarrow": False,
                    "font": {"color": MUTED, "size": 11, "style": "italic"},
                    "xref": "x",
                    "yref": "y",
                }
                if vertical:
                    note |= {"x": position, "y": 0, "textangle": -90, "yanchor": "bottom"}
                else:
                    note |= {"x": 0, "y": position, "xanchor": "left"}
                notes.append(note)
        if vertical:
            bar |= {"x": categories, "y": values, "error_y": errors}
            axes = {
                "xaxis": _axis("", type="category"),
                "yaxis": _axis("% of people", range=[0, top], ticksuffix="%"),
            }
            height = 250
        else:
            bar |= {"orientation": "h", "x": values, "y": categories, "error_x": errors}
            axes = {
                "xaxis": _axis("% of people", range=[0, top], ticksuffix="%"),
                "yaxis": _axis("", type="category", autorange="reversed"),
            }
            height = 62 + 24 * len(categories)
        spec = {
            "data": [bar],
            "layout": _layout(height, annotations=notes, margin={"l": 10, "r": 16, "t": 12, "b": 40}, **axes),
            "config": CONFIG,
        }
        charts.append(Chart(_slug(b.kind, b.scope, b.variable, theme), label, _alt(b, label, theme), _check(spec)))
    return charts


def association_chart(a: Associations) -> Chart | None:
    """Dots with intervals: each theme's correlation with each charted indicator (or series at each lag).

    Each indicator (lag) has its own colour *and* marker shape, named in the legend; a line marks zero.
    """
    rows = [r for r in a.rows if r.charted and r.rho is not None]
    if not rows:
        return None
    themes = list(dict.fromkeys(r.theme for r in rows))
    measures = list(dict.fromkeys(r.measure for r in rows))
    traces = []
    for i, measure in enumerate(measures):
        mine = [r for r in rows if r.measure == measure]
        trace: dict[str, Any] = {
            "type": "scatter",
            "mode": "markers",
            "name": plain(measure, 60),
            "x": [r.rho for r in mine],
            "y": [plain(r.theme, 40) for r in mine],
            "marker": {
                "color": OKABE_ITO[i % len(OKABE_ITO)],
                "symbol": SYMBOLS[i % len(SYMBOLS)],
                "size": 11,
                "line": {"color": INK, "width": 1},
            },
            "customdata": [plain(r.reading) for r in mine],
            "hovertemplate": "%{y}: %{x:.2f}<br>%{customdata}<extra>" + plain(measure, 60) + "</extra>",
        }
        if any(r.low is not None and r.high is not None for r in mine):
            trace["error_x"] = {
                "type": "data",
                "array": [(r.high - r.rho) if r.high is not None and r.rho is not None else 0 for r in mine],
                "arrayminus": [(r.rho - r.low) if r.low is not None and r.rho is not None else 0 for r in mine],
                "color": OKABE_ITO[i % len(OKABE_ITO)],
                "thickness": 1.5,
            }
        traces.append(trace)
    spec = {
        "data": traces,
        "layout": _layout(
            150 + 34 * len(themes) + 22 * len(measures),
            showlegend=True,
            legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font": {"size": 12}},
            xaxis=_axis("correlation (−1 to 1)", range=[-1.05, 1.05], zeroline=True, zerolinewidth=2),
            yaxis=_axis(
                "",
                type="category",
                categoryorder="array",
                categoryarray=[plain(t, 40) for t in themes],
                autorange="reversed",
            ),
            margin={"l": 10, "r": 16, "t": 24 + 22 * len(measures), "b": 50},
        ),
        "config": CONFIG,
    }
    clear = sum(1 for r in rows if r.low is not None and r.high is not None and (r.low > 0 or r.high < 0))
    alt = (
        f"Dot chart of correlations between {len(themes)} themes and {', '.join(measures)}, {a.scope_title}. "
        + (f"{clear} of {len(rows)} intervals exclude zero. " if any(r.low is not None for r in rows) else "")
        + "Each is described in words in the table below."
    )
    if a.kind == "indicator":
        title = (
            "Correlation of each theme's share in an area with the indicator (dot) and its 95% interval (line). "
            "For IMD ranks and deciles 1 = most deprived, so a negative correlation means voiced more in more "
            "deprived areas."
        )
    else:
        title = "Correlation of each theme's share over time with the series, the same period and periods earlier."
    return Chart(_slug(a.kind, a.scope), title, alt, _check(spec))


def embed(chart: Chart) -> str:
    """A chart's specification as JSON safe inside ``<script type="application/json">`` (no ``<``, ``>``, ``&``).

    Example:
        >>> "</script>" in embed(Chart("c", "t", "a", {"data": [], "layout": {"title": "</script>"}, "config": {}}))
        False
    """
    from plotly.utils import PlotlyJSONEncoder

    text = json.dumps(chart.spec, cls=PlotlyJSONEncoder, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def plotly_js() -> str:
    """plotly.js (the bundle shipped with the plotly package), for inlining once per page: no network needed."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


def plotly_version() -> str:
    """The version of the plotly.js bundle, from its header comment."""
    m = re.search(r"plotly\.js v([\w.\-]+)", plotly_js()[:400])
    return m.group(1) if m else "unknown"
