"""The ``voices.pair.v1`` stage: pair a corpus' themes with deprivation, other area indicators and time series.

Reads the ``themes`` and ``assignments`` tables, the segments' ``area_code`` (filled from postcodes by the
anonymise stage's ``area_lookup`` hook — see :func:`voices.indicators.geography.default_area_lookup`) and
``created_at`` / ``period``; adds the tables ``pair_deciles``, ``pair_groups``, ``pair_tests``,
``pair_indicators``, ``pair_time`` and ``pair_lags`` (each already suppressed) and the ``pairing`` artifact
(matches, what was hidden, caveats in plain English, attribution). See :mod:`voices.indicators.pairing`.

In a pipeline file::

    [[stage]]
    use = "voices.pair.v1"
    indicators = ["builtin:cpi", "../data/fuel_poverty_lad.csv"]
    freq = "week"

Example:
    >>> import pandas as pd
    >>> from voices.corpus import Corpus, conform
    >>> from voices.stage import RunContext
    >>> seg = conform(pd.DataFrame({"segment_id": ["a/1"], "document_id": ["a"], "source_kind": ["consultation"],
    ...     "source_format": ["csv"], "source_file": ["a.csv"], "source_row": [2], "text": ["x"]}))
    >>> corpus = (Corpus(seg, privacy="anonymised")
    ...     .with_table("themes", pd.DataFrame({"theme_id": [0], "parent_id": [None], "label": ["bills"]}))
    ...     .with_table("assignments", pd.DataFrame({"segment_id": ["a/1"], "theme_id": [0], "probability": [1.0]})))
    >>> out = Pair()(corpus, RunContext(seed=1))
    >>> out.tables["pair_deciles"]["suppressed"].all(), "caveats" in out.artifacts["pairing"]
    (np.True_, True)
"""

from __future__ import annotations

import logging
from typing import ClassVar, Literal

from voices.corpus import Corpus
from voices.indicators import bundled
from voices.indicators.pairing import TABLES, PairingOptions, pair
from voices.indicators.table import IndicatorSet, builtin_indicators, read_indicators
from voices.stage import RunContext

log = logging.getLogger(__name__)

#: Names that stand for files shipped with voices, usable wherever an indicator file is expected.
BUILTIN_FILES: dict[str, str] = {"builtin:cpi": "ons_d7g7_cpi_annual_rate.csv"}


def load_indicators(paths: list[str], ctx: RunContext | None = None, *, builtin: bool = True) -> IndicatorSet:
    """The bundled IMD 2019 set (unless ``builtin`` is False) plus each indicator file, checked.

    Paths are resolved against the pipeline file's folder; ``builtin:cpi`` is the bundled CPI series (D7G7).
    """
    ctx = ctx or RunContext()
    out = builtin_indicators() if builtin else None
    for raw in paths:
        path = bundled.path(BUILTIN_FILES[raw]) if raw in BUILTIN_FILES else ctx.resolve(raw)
        loaded = read_indicators(path)
        out = loaded if out is None else out + loaded
    return out if out is not None else IndicatorSet(builtin_indicators().table.iloc[0:0])


class Pair:
    """Pair themes with indicators; publish suppressed breakdowns, tests, correlations and caveats.

    Args:
        indicators: indicator files (tidy CSV / XLSX, or ONS time-series CSVs), relative to the pipeline file;
            ``builtin:cpi`` is the bundled CPI annual rate.
        builtin: include the bundled IMD 2019 indicators (LSOA 2011 and LAD 2019).
        group_by: groupings for ``pair_groups``: segment columns (``speaker_role``, ``question_id``) or meta paths
            (``demographics.age_band``, ``answers.Q6``); default: every ``demographics`` field, the speaker role
            when there is one, and the question when themes span questions.
        deciles: LSOA-level decile indicators for ``pair_deciles`` (``imd2019_income_decile``…).
        correlate: area indicators for ``pair_indicators``; default: IMD 2019 rank, the 7 domain deciles and
            every area indicator from ``indicators``.
        freq: ``week``, ``month``, ``quarter`` or ``year`` for ``pair_time`` and ``pair_lags``.
        max_lag: largest lag (in periods) for ``pair_lags``.
        threshold: small-cell threshold: counts below it are suppressed.
        confidence: interval coverage (Wilson and bootstrap).
        n_resamples: bootstrap resamples for the correlation intervals.
        fdr: false discovery rate for the Benjamini–Hochberg control.
        unit: what is counted: ``auto`` (respondents, speakers, authors), ``document``, ``speaker`` or ``segment``.
        min_areas: fewest areas with a value for a correlation to be reported.
        min_periods: fewest overlapping periods for a lagged correlation to be reported.
        max_groups: groupings with more distinct values than this are skipped (and listed as skipped).
    """

    name: ClassVar[str] = "voices.pair.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"themes", "assignments"})
    produces: ClassVar[frozenset[str]] = frozenset({*TABLES, "pairing"})

    def __init__(
        self,
        *,
        indicators: list[str] | None = None,
        builtin: bool = True,
        group_by: list[str] | None = None,
        deciles: list[str] | None = None,
        correlate: list[str] | None = None,
        freq: Literal["week", "month", "quarter", "year"] = "month",
        max_lag: int = 3,
        threshold: int = 10,
        confidence: float = 0.95,
        n_resamples: int = 1000,
        fdr: float = 0.05,
        unit: Literal["auto", "document", "speaker", "segment"] = "auto",
        min_areas: int = 5,
        min_periods: int = 6,
        max_groups: int = 30,
    ) -> None:
        self.indicators = indicators
        self.builtin = builtin
        self.group_by = group_by
        self.deciles = deciles
        self.correlate = correlate
        self.freq = freq
        self.max_lag = max_lag
        self.threshold = threshold
        self.confidence = confidence
        self.n_resamples = n_resamples
        self.fdr = fdr
        self.unit = unit
        self.min_areas = min_areas
        self.min_periods = min_periods
        self.max_groups = max_groups

    def options(self, seed: int) -> PairingOptions:
        """The pairing options this stage runs with."""
        return PairingOptions(
            group_by=self.group_by,
            deciles=tuple(self.deciles) if self.deciles is not None else ("imd2019_decile",),
            correlate=self.correlate,
            freq=self.freq,
            max_lag=self.max_lag,
            threshold=self.threshold,
            confidence=self.confidence,
            n_resamples=self.n_resamples,
            fdr=self.fdr,
            unit=self.unit,
            min_areas=self.min_areas,
            min_periods=self.min_periods,
            max_groups=self.max_groups,
            seed=seed,
        )

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        indicators = load_indicators(list(self.indicators or []), ctx, builtin=self.builtin)
        result = pair(
            corpus.segments, corpus.tables["themes"], corpus.tables["assignments"], indicators, self.options(ctx.seed)
        )
        report = dict(result.report)
        bad = indicators.quarantine
        report["indicator_rows_quarantined"] = [
            {"file": str(f), "row": int(r), "reason": str(why)} for f, r, why in bad.itertuples(index=False)
        ][:200]
        report["indicator_rows_quarantined_total"] = len(bad)
        if len(bad):
            log.warning("%d indicator rows quarantined (first: %s row %s: %s)", len(bad), *bad.iloc[0].tolist())
        ctx.count("cells_hidden", report["suppression"]["cells_hidden"])
        ctx.count("tests", report["tests"]["run"])
        ctx.count("tests_significant", report["tests"]["significant"])
        if report["geography"]["not_at_lsoa_total"] is not None:  # None: too few to show
            ctx.count("not_at_lsoa", report["geography"]["not_at_lsoa_total"])
        out = corpus
        for name, table in result.tables.items():
            out = out.with_table(name, table)
        return out.with_artifact("pairing", report)
