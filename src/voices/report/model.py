"""What a report shows, as plain data: built from a run by :mod:`voices.report.build`, drawn by the renderers.

Nothing here computes a statistic. Shares, intervals and suppression come from the run's tables as they are;
a :class:`Cell` that is suppressed carries no number at all, so no renderer can show one.

Example:
    >>> Cell.hidden("primary").text
    'suppressed'
    >>> Cell.of(0.25, 0.2, 0.3).text
    '25% (20–30%)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from voices.report import words

BreakdownKind = Literal["question", "decile", "group", "time"]


@dataclass(frozen=True)
class Cell:
    """One share in a breakdown: the share and interval as published, or hidden.

    Attributes:
        share: the share (None when hidden).
        low: lower end of its interval.
        high: upper end of its interval.
        suppressed: True when the run hid this cell; it then has no numbers.
        suppression: ``primary`` (a small count) or ``secondary`` (hidden to protect one), when suppressed.
    """

    share: float | None
    low: float | None
    high: float | None
    suppressed: bool = False
    suppression: str = ""

    @classmethod
    def of(cls, share: Any, low: Any = None, high: Any = None) -> Cell:
        """A shown cell."""
        return cls(words.number(share), words.number(low), words.number(high))

    @classmethod
    def hidden(cls, suppression: str = "") -> Cell:
        """A suppressed cell (no numbers)."""
        return cls(None, None, None, True, suppression)

    @property
    def text(self) -> str:
        """``25% (20–30%)``, or ``suppressed``."""
        if self.suppressed:
            return words.SUPPRESSED
        if self.share is None:
            return "–"
        band = words.interval(self.low, self.high)
        return f"{words.percent(self.share)} ({band})" if band else words.percent(self.share)


@dataclass(frozen=True)
class Quote:
    """A representative quote (anonymised text) and the segment it comes from."""

    text: str
    segment_id: str


@dataclass(frozen=True)
class ThemeCard:
    """One theme as a reader sees it.

    Attributes:
        theme_id: the theme's id as text (``"3"``; ``"3.1"`` in reviewed versions).
        label: its name.
        description: a sentence or two.
        keywords: its key terms.
        quotes: 3–5 representative quotes (fewer when the theme has fewer).
        size: how many segments it holds.
        share: its share of the segments in scope.
        share_ci: the interval of that share.
        share_words: ``about 1 in 5 responses (17–23%)``.
        stability: 0–1, how reliably it reappears across re-runs.
        stability_words: that score in words.
        scope: the question(s) it was found in (``""`` when themes span the whole corpus).
        children: its sub-themes.
        origin: for codebook themes, "from the codebook" or "found in the data, not in the codebook".
    """

    theme_id: str
    label: str
    description: str
    keywords: list[str]
    quotes: list[Quote]
    size: int | None
    share: float | None
    share_ci: tuple[float, float] | None
    share_words: str
    stability: float | None
    stability_words: str
    scope: str = ""
    children: list[ThemeCard] = field(default_factory=list)
    origin: str = ""


@dataclass(frozen=True)
class Scope:
    """A set of themes found together (one question, or the whole corpus), with what they were found in.

    Attributes:
        key: the question id (or other split value); ``""`` or ``all`` for the whole corpus.
        title: the scope in words.
        themes: its top-level themes, largest first.
        unassigned: the share of its texts that fit no theme, when the run says.
    """

    key: str
    title: str
    themes: list[ThemeCard]
    unassigned: float | None = None


@dataclass(frozen=True)
class Breakdown:
    """Theme shares by group for one scope and one grouping, exactly as the run published them.

    Attributes:
        kind: ``question``, ``decile``, ``group`` or ``time``.
        scope: the scope key from the pairing tables (``Q1``, ``all``).
        scope_title: the scope in words.
        variable: the grouping (``imd2019_decile``, ``demographics.age_band``, ``month``).
        title: a heading for it.
        groups: the group keys in order.
        group_labels: the groups as shown.
        group_sizes: people in each group (None when hidden).
        themes: ``(theme_id, label)`` in display order (``-1`` is "no theme").
        cells: ``(group, theme_id)`` → :class:`Cell`.
        noun: what is counted (people).
    """

    kind: BreakdownKind
    scope: str
    scope_title: str
    variable: str
    title: str
    groups: list[str]
    group_labels: list[str]
    group_sizes: list[int | None]
    themes: list[tuple[str, str]]
    cells: dict[tuple[str, str], Cell]

    @property
    def hidden(self) -> int:
        """How many cells are suppressed."""
        return sum(1 for c in self.cells.values() if c.suppressed)


@dataclass(frozen=True)
class Association:
    """One theme against one indicator (or one series at one lag): a correlation as the run published it.

    Attributes:
        theme: the theme's label.
        measure: what it is paired with, in words (``IMD 2019 rank``, ``cpi, 2 months earlier``).
        rho: the (Spearman) correlation, None when not estimated.
        low: lower end of its interval (None when there is none).
        high: upper end.
        reading: what it means in words.
        charted: whether charts show it (headline indicators; every row is in the table).
    """

    theme: str
    measure: str
    rho: float | None
    low: float | None
    high: float | None
    reading: str
    charted: bool = True


@dataclass(frozen=True)
class Associations:
    """Correlations of one scope's themes with area indicators (``indicator``) or time series (``lag``)."""

    kind: Literal["indicator", "lag"]
    scope: str
    scope_title: str
    title: str
    rows: list[Association]


@dataclass(frozen=True)
class Section:
    """A titled block of plain-English lines and tables (what was analysed, anonymisation, method…)."""

    title: str
    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class Table:
    """A small table for a page: a caption, column headings and rows of display text.

    Cells equal to ``suppressed`` are styled as hidden by the renderers.
    """

    caption: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass(frozen=True)
class Report:
    """Everything a report shows, and the tables its workbook holds.

    Attributes:
        title: the report's title.
        subtitle: one line under it (the run, or the reviewed version).
        version_note: e.g. "Reviewed version 3, with the panel's names" (empty for a machine run).
        run_id: the run it was built from.
        made_at: when the report was built (ISO 8601).
        noun: what a segment is called (``responses``, ``posts``…).
        glance: headline lines.
        analysed: what was analysed.
        anonymisation: how personal details were removed.
        scopes: themes, by question.
        breakdowns: theme shares by question, area decile, group and time.
        associations: correlations of themes with area indicators and time series.
        pairings: indicator pairings in words and tables (differences between groups, what was matched).
        pairing_caveats: the pairing's caveats in plain English.
        method: how it was made, with quality and versions.
        caveats: what to keep in mind reading it.
        attribution: attribution lines the data's licences require.
        threshold: the small-cell threshold used by the run (None when unpaired).
        tables: the workbook's tables (name → frame; suppressed cells already the word ``suppressed``).
        notes: remarks about the report itself (replaced themes, missing parts).
    """

    title: str
    subtitle: str
    version_note: str
    run_id: str
    made_at: str
    noun: str
    glance: list[str]
    analysed: Section
    anonymisation: Section
    scopes: list[Scope]
    breakdowns: list[Breakdown]
    associations: list[Associations]
    pairings: list[Section]
    pairing_caveats: list[str]
    method: Section
    caveats: list[str]
    attribution: list[str]
    threshold: int | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
