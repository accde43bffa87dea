"""The HTML page: self-contained, escaped, accessible, and suppressed cells visibly marked in tables and charts."""

# ruff: noqa: F811  (the report_runs fixtures are imported by name)

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from report_runs import EVIL_LABEL, EVIL_QUOTE, paired_run  # noqa: F401 (fixtures)
from voices.report import build_report, write_report
from voices.report.charts import OKABE_ITO
from voices.report.page import render
from voices.runstore import open_run

URL_ATTRIBUTES = {"src", "href", "action", "formaction", "srcset", "poster", "data", "background", "xlink:href"}


class _Page(HTMLParser):
    """Collects tags, URL-bearing attributes, headings, tables, table cells and chart elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.cells: list[tuple[str, str]] = []  # (class, text) of every td
        self.charts: list[dict[str, str]] = []
        self.specs: list[tuple[str, str]] = []  # (data-for, json text)
        self._td: tuple[str, list[str]] | None = None
        self._spec: tuple[str, list[str]] | None = None
        self._section: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        for key, value in a.items():
            if key in URL_ATTRIBUTES:
                self.urls.append((tag, key, value))
        if tag == "section":
            self._section.append(a.get("id", ""))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "td":
            self._td = (a.get("class", ""), [])
        if tag == "div" and "chart" in a.get("class", "").split():
            self.charts.append(a)
        if tag == "script" and "chart-spec" in a.get("class", ""):
            self._spec = (a.get("data-for", ""), [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._td is not None:
            self.cells.append((self._td[0], "".join(self._td[1]).strip()))
            self._td = None
        if tag == "script" and self._spec is not None:
            self.specs.append((self._spec[0], "".join(self._spec[1])))
            self._spec = None

    def handle_data(self, data: str) -> None:
        if self._td is not None:
            self._td[1].append(data)
        if self._spec is not None:
            self._spec[1].append(data)


@pytest.fixture
def page(paired_run: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, _Page]:
    out = tmp_path_factory.getbasetemp() / "report-page"
    if not (out / "report.html").exists():
        write_report(paired_run, out)
    text = (out / "report.html").read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(text)
    return text, parsed


def test_report_page_shows_untrusted_quotes_and_labels_as_text(page) -> None:
    text, parsed = page
    assert str(escape(EVIL_QUOTE)) in text  # exactly these characters, escaped as jinja escapes them
    assert "<script>alert" not in text and "<img" not in text
    assert "img" not in parsed.tags
    assert str(escape(EVIL_LABEL)) in text
    assert '<a href="http://evil.example"' not in text
    assert "**bold**" in text  # markdown is not interpreted either


def test_report_page_loads_nothing_from_elsewhere(page) -> None:
    _, parsed = page
    external = [(t, k, v) for t, k, v in parsed.urls if not v.startswith("#")]
    assert external == []
    assert not {"iframe", "link", "object", "embed", "img", "video", "audio"} & set(parsed.tags)


def test_report_page_inlines_plotly_once(page) -> None:
    text, parsed = page
    assert text.count("plotly.js v") == 1  # the bundle's header comment
    inline = [t for t in parsed.tags if t == "script"]
    assert len(inline) == len(parsed.specs) + 2  # the bundle, one JSON block per chart, the drawing script
    assert re.search(r"url\(\s*['\"]?https?:", text) is None


def test_report_page_every_chart_has_a_text_alternative_and_a_spec(page) -> None:
    _, parsed = page
    assert len(parsed.charts) >= 10
    ids = [c["id"] for c in parsed.charts]
    assert len(set(ids)) == len(ids)
    assert sorted(ids) == sorted(target for target, _ in parsed.specs)
    for chart in parsed.charts:
        assert chart.get("role") == "img"
        assert len(chart.get("aria-label", "")) > 40


def test_report_page_every_table_has_a_caption(page) -> None:
    _, parsed = page
    assert parsed.tables > 10 and parsed.captions == parsed.tables


def test_report_page_headings_never_skip_a_level(page) -> None:
    _, parsed = page
    assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1
    for before, after in zip(parsed.headings, parsed.headings[1:], strict=False):
        assert after <= before + 1


def test_report_page_marks_every_suppressed_cell(paired_run: Path, page) -> None:
    _, parsed = page
    marked = [cls for cls, text in parsed.cells if text == "suppressed"]
    assert marked and all(cls == "suppressed" for cls in marked)
    assert all(text == "suppressed" for cls, text in parsed.cells if cls == "suppressed")
    report = build_report(open_run(paired_run))
    hidden_cells = sum(b.hidden for b in report.breakdowns)
    hidden_sizes = sum(1 for b in report.breakdowns for n in b.group_sizes if n is None)
    assert len(marked) == hidden_cells + hidden_sizes


def test_report_page_charts_draw_no_bar_where_a_cell_is_suppressed(paired_run: Path, page) -> None:
    _, parsed = page
    specs = {target: json.loads(body) for target, body in parsed.specs}
    report = build_report(open_run(paired_run))
    decile = next(b for b in report.breakdowns if b.kind == "decile")
    theme = decile.themes[0][0]
    spec = next(s for t, s in specs.items() if t.endswith(f"decile-{decile.scope.lower()}-imd2019-decile-{theme}"))
    bar = spec["data"][0]
    cells = [decile.cells[(g, theme)] for g in decile.groups]
    assert [v is None for v in bar["x"]] == [c.suppressed for c in cells]
    notes = spec["layout"]["annotations"]
    assert [n["y"] for n in notes] == [i for i, c in enumerate(cells) if c.suppressed]
    assert {n["text"] for n in notes} == {"suppressed"}


def test_report_page_chart_text_is_escaped_for_plotly(page) -> None:
    _, parsed = page
    bodies = [body for _, body in parsed.specs]
    assert all("<" not in b and ">" not in b for b in bodies)
    decoded = "".join(json.dumps(json.loads(b)) for b in bodies)
    assert "&lt;a href=" in decoded and "<a href" not in decoded


def test_report_page_charts_use_the_okabe_ito_palette_and_distinct_shapes(page) -> None:
    _, parsed = page
    specs = [json.loads(body) for _, body in parsed.specs]
    colours = {
        t["marker"]["color"] for s in specs for t in s["data"] if isinstance(t.get("marker", {}).get("color"), str)
    }
    assert colours <= set(OKABE_ITO)
    multi = [s for s in specs if len(s["data"]) > 1]
    assert multi  # the lag chart has one series per lag
    for s in multi:
        symbols = [t["marker"]["symbol"] for t in s["data"]]
        assert len(set(symbols)) == len(symbols)  # never colour alone


def test_report_page_says_what_was_analysed_and_how_it_was_anonymised(page) -> None:
    text, _ = page
    for phrase in (
        "603 records were read from 1 file",
        "44 personal details were masked in 31 of 1,200 texts.",
        "names of people",
        "queued for a person to check",
        "about 1 in 3 responses (",
        "very stable: found again in almost every re-run",
        "not causation",
        "Benjamini–Hochberg",
        "Contains OS data © Crown copyright and database right.",
    ):
        assert str(escape(phrase)) in text, phrase


def test_report_page_renders_a_reviewed_version_with_its_note(paired_run: Path) -> None:
    run = open_run(paired_run)
    themes = run.table("themes").assign(label=lambda f: f["label"].where(f["theme_id"] != 1, "Food, renamed"))
    text = render(build_report(run, themes=themes, version_note="Reviewed version 3 — panel names adopted"))
    assert "Reviewed version 3 — panel names adopted" in text and "Food, renamed" in text


def test_report_page_charts_nothing_for_a_breakdown_with_every_cell_suppressed() -> None:
    from voices.report.charts import breakdown_charts
    from voices.report.model import Breakdown, Cell
    from voices.report.page import breakdown_table, hidden_words

    groups = ["1", "2", "3"]
    b = Breakdown(
        "decile",
        "Q1",
        "Question Q1",
        "imd2019_decile",
        "By area deprivation",
        groups,
        groups,
        [12, 15, None],
        [("0", "Bills"), ("1", "Food")],
        {(g, t): Cell.hidden("primary") for g in groups for t in ("0", "1")},
    )
    assert breakdown_charts(b) == []
    assert hidden_words(b).startswith("All 6 cells are suppressed")
    table = breakdown_table(b, 10)
    assert table.columns == ["Theme", "1", "2", "3"]
    assert table.rows[0] == ["People in the group", "12", "15", "suppressed"]
    assert table.rows[1] == ["Bills", "suppressed", "suppressed", "suppressed"]
    shown = {**b.cells, ("2", "1"): Cell.of(0.4, 0.3, 0.5)}
    partly = Breakdown(
        *[getattr(b, f) for f in ("kind", "scope", "scope_title", "variable", "title")],
        groups,
        groups,
        b.group_sizes,
        b.themes,
        shown,
    )
    assert [c.title for c in breakdown_charts(partly)] == ["Food"]  # only the theme with something to show


def _tiny_report(text: str):
    from voices.report.model import Quote, Report, Scope, Section, ThemeCard

    card = ThemeCard(text, text, text, [text], [Quote(text, text)] * 3, 3, None, None, text, None, text)
    return Report(
        title=text, subtitle=text, version_note=text, run_id=text, made_at="2026-01-01T00:00:00+00:00",
        noun="responses", glance=[text], analysed=Section(text, [text]), anonymisation=Section(text, [text]),
        scopes=[Scope(text, text, [card])], breakdowns=[], associations=[], pairings=[], pairing_caveats=[text],
        method=Section(text, [text]), caveats=[text], attribution=[text], threshold=10, notes=[text],
    )  # fmt: skip


def _tags(page: str) -> list[str]:
    parsed = _Page()
    parsed.feed(page)
    return parsed.tags


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'/=ab !-[]()*`:\\\n")) | st.characters(), max_size=60))
def test_report_page_never_turns_run_text_into_markup(text: str) -> None:
    baseline = _tags(render(_tiny_report("plain")))
    page = render(_tiny_report("x" + text))  # never empty: empty optional text leaves its element out
    assert _tags(page) == baseline  # the same elements, whatever the text holds
