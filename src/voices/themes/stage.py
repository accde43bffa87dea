"""Stages ``voices.themes.v1`` (discover themes) and ``voices.themes.deductive.v1`` (map to a codebook).

Both read ``text`` and the ``embeddings`` array, and add the ``themes`` table (one row per theme and sub-theme),
the ``assignments`` table (one row per segment and theme it carries; a ``-1`` row for unassigned segments) and
the ``themes_quality`` artifact (coherence, diversity, unassigned share, stability). ``voices.themes.v1`` also
adds ``theme_models``: each fitted model as data (see :func:`voices.themes.persist.from_state`), so a saved run
reloads and assigns new text exactly as it was fitted.

With ``split_by`` (e.g. ``question_id``) a separate model is fitted per group and theme ids run on across groups;
both tables then carry a ``group`` column. With ``shares_by`` (e.g. ``["period"]`` or ``["speaker_role"]``) the
stage also adds ``theme_shares``: each theme's share per period, role, area or group, with small cells suppressed.

Example:
    >>> from voices.stage import Stage
    >>> isinstance(Themes(), Stage), sorted(Themes.produces)
    (True, ['assignments', 'theme_models', 'themes', 'themes_quality'])
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from voices.corpus import Corpus
from voices.stage import RunContext
from voices.themes.assign import Assignment
from voices.themes.describe import THEME_COLUMNS, FittedThemes, describe_themes
from voices.themes.errors import ThemeError
from voices.themes.split import groups
from voices.themes.tokens import RegexTokeniser, SpacyLemmatiser, Tokeniser, default_tokeniser

log = logging.getLogger(__name__)

ASSIGNMENT_COLUMNS: tuple[str, ...] = ("segment_id", "theme_id", "subtheme_id", "probability", "primary", "group")


def make_tokeniser(kind: Literal["spacy", "regex", "auto"]) -> Tokeniser:
    """The keyword tokeniser named in a pipeline file."""
    if kind == "spacy":
        return SpacyLemmatiser()
    if kind == "regex":
        return RegexTokeniser()
    return default_tokeniser()


def _cached(tokeniser: Tokeniser, ctx: RunContext) -> Tokeniser:
    """``tokeniser`` behind the run's lemma cache (``<cache_dir>/lemmas``) when the run has a cache folder and
    the tokeniser is worth caching (the spaCy lemmatiser; plain words are cheaper to recompute than to load)."""
    if ctx.cache_dir is None or not hasattr(tokeniser, "cache_name"):
        return tokeniser
    from voices.themes.lemmas import CachedTokeniser, LemmaCache

    return CachedTokeniser(tokeniser, LemmaCache(Path(ctx.cache_dir) / "lemmas"))


def _embeddings(corpus: Corpus) -> np.ndarray:
    if "embeddings" not in corpus.arrays:
        raise ThemeError(
            expected="an 'embeddings' array on the corpus",
            found=f"arrays {sorted(corpus.arrays)}",
            fix="run the voices.embed.v1 stage before the themes stage",
        )
    return np.asarray(corpus.arrays["embeddings"])


def _take(emb: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``emb[rows]`` without a copy when ``rows`` are all rows in order (one group, every segment with text):
    at a million 256-d segments each copy is a gigabyte.

    Example:
        >>> x = np.zeros((3, 2))
        >>> _take(x, np.arange(3)) is x, _take(x, np.array([0, 2])).shape
        (True, (2, 2))
    """
    if len(rows) == len(emb) and (len(rows) == 0 or (rows[0] == 0 and bool((np.diff(rows) == 1).all()))):
        return emb
    return emb[rows]


def _has_text(corpus: Corpus) -> np.ndarray:
    return corpus.segments["text"].fillna("").astype(str).str.strip().str.len().to_numpy() > 0


def _shift(table: pd.DataFrame, columns: tuple[str, ...], offset: int) -> pd.DataFrame:
    for col in columns:
        table[col] = np.where(table[col] >= 0, table[col] + offset, table[col])
    return table


def _unassigned(ids: np.ndarray, group: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "segment_id": ids,
            "theme_id": -1,
            "subtheme_id": -1,
            "probability": 0.0,
            "primary": True,
            "group": group,
        }
    )


def _finish(
    corpus: Corpus,
    ctx: RunContext,
    themes: list[pd.DataFrame],
    assignments: list[pd.DataFrame],
    quality: dict[str, Any],
) -> Corpus:
    empty = pd.DataFrame({c: [] for c in (*THEME_COLUMNS, "group")})
    themes_table = pd.concat(themes, ignore_index=True) if themes else empty
    order = {sid: i for i, sid in enumerate(corpus.segments["segment_id"].astype(str))}
    table = pd.concat(assignments, ignore_index=True)[list(ASSIGNMENT_COLUMNS)]
    table = table.assign(_o=table["segment_id"].map(order)).sort_values(
        ["_o", "primary", "probability"], ascending=[True, False, False], kind="stable"
    )
    table = table.drop(columns="_o").reset_index(drop=True)
    per_segment = table.groupby("segment_id", sort=False)["theme_id"]
    n = len(corpus)
    unassigned = int((per_segment.max() < 0).sum())
    quality["segments"] = n
    quality["unassigned_share"] = round(unassigned / n, 4) if n else 0.0
    quality["themes"] = int((themes_table["level"] == 0).sum()) if len(themes_table) else 0
    groups_q = list(quality.get("groups", {}).values())
    for key in ("coherence_npmi", "diversity"):
        vals = [g[key] for g in groups_q if g.get(key) is not None]
        quality[key] = round(float(np.mean(vals)), 4) if vals else None
    aris = [g["stability"]["between_run_ari"] for g in groups_q if isinstance(g.get("stability"), dict)]
    quality["between_run_ari"] = round(float(np.mean(aris)), 4) if aris else None
    for key in ("themes", "unassigned_share", "coherence_npmi", "diversity", "between_run_ari"):
        ctx.stats[key] = quality[key]
    ctx.stats["assignment_rows"] = len(table)
    return (
        corpus.with_table("themes", themes_table)
        .with_table("assignments", table)
        .with_artifact("themes_quality", quality)
    )


def _describe(
    model: FittedThemes,
    assignment: Assignment,
    emb: np.ndarray,
    seg: pd.DataFrame,
    rows: np.ndarray,
    *,
    tokeniser: Tokeniser,
    n_quotes: int,
    top_n: int,
    keyword_sample: int,
    seed: int,
) -> tuple[pd.DataFrame, dict[str, Any], pd.DataFrame]:
    ids = seg["segment_id"].astype(str).to_numpy()[rows]
    texts = seg["text"].astype(str).to_numpy()[rows].tolist()
    table, quality = describe_themes(
        model,
        assignment,
        _take(emb, rows),
        texts,
        ids.tolist(),
        tokeniser=tokeniser,
        n_quotes=n_quotes,
        top_n=top_n,
        keyword_sample=keyword_sample,
        seed=seed,
    )
    return table, quality, assignment.to_frame(ids)


class Themes:
    """Discover themes (with sub-themes), describe them, measure their stability, assign every segment.

    Args:
        split_by: fit separate themes per value of this segment column (``question_id`` for consultations) or
            ``meta.<key>``; ``None`` for one theme space.
        min_themes, max_themes, min_theme_size, max_subthemes, max_fit_size, threshold, outlier_z: see
            :class:`~voices.themes.model.ThemeModel`.
        n_quotes: representative quotes per theme.
        keywords: keywords per theme.
        keyword_sample: most segments lemmatised per group for keywords and coherence.
        tokeniser: ``spacy`` (lemmas), ``regex`` (plain words, no model) or ``auto``.
        stability_runs: refits on resamples for the stability scores (0 to skip).
        stability_fraction: share of the fitted sample each refit sees.
        stability_sample: most segments of the fitted sample the stability refits draw from and are compared on
            (a seeded subset when the sample is larger; see :mod:`voices.themes.stability`).
        shares_by: segment columns (or ``meta.<key>``) to cross-tabulate theme shares by, e.g. ``["period"]``
            for themes over time or ``["area_code"]``; adds the ``theme_shares`` table (column ``by`` names the
            split) with Wilson intervals and counts below ``min_cell`` suppressed.
        min_cell: smallest count shown in ``theme_shares``.

    Stats recorded in ``ctx.stats``: ``themes``, ``unassigned_share``, ``coherence_npmi``, ``diversity``,
    ``between_run_ari``, ``assignment_rows``; with the lemma cache also ``lemmatised`` and
    ``lemmas_from_cache`` (distinct texts).

    When the run has a ``cache_dir``, the spaCy lemmas of the texts sampled for keywords are kept in
    ``<cache_dir>/lemmas`` (see :mod:`voices.themes.lemmas`), so a re-run lemmatises only new texts.
    """

    name: ClassVar[str] = "voices.themes.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text", "embeddings"})
    produces: ClassVar[frozenset[str]] = frozenset({"themes", "assignments", "themes_quality", "theme_models"})

    def __init__(
        self,
        *,
        split_by: str | None = None,
        min_themes: int = 5,
        max_themes: int = 40,
        min_theme_size: int | None = None,
        max_subthemes: int = 8,
        max_fit_size: int = 20_000,
        threshold: float = 0.25,
        outlier_z: float = 3.0,
        n_quotes: int = 5,
        keywords: int = 10,
        keyword_sample: int = 5000,
        tokeniser: Literal["spacy", "regex", "auto"] = "auto",
        stability_runs: int = 3,
        stability_fraction: float = 0.8,
        stability_sample: int = 10_000,
        shares_by: list[str] | None = None,
        min_cell: int = 10,
    ) -> None:
        self.split_by = split_by
        self.shares_by = shares_by
        self.min_cell = min_cell
        self.min_themes = min_themes
        self.max_themes = max_themes
        self.min_theme_size = min_theme_size
        self.max_subthemes = max_subthemes
        self.max_fit_size = max_fit_size
        self.threshold = threshold
        self.outlier_z = outlier_z
        self.n_quotes = n_quotes
        self.keywords = keywords
        self.keyword_sample = keyword_sample
        self.tokeniser = tokeniser
        self.stability_runs = stability_runs
        self.stability_fraction = stability_fraction
        self.stability_sample = stability_sample

    def model_params(self, seed: int) -> dict[str, Any]:
        """Parameters of every :class:`~voices.themes.model.ThemeModel` this stage fits."""
        return {
            "min_themes": self.min_themes,
            "max_themes": self.max_themes,
            "min_theme_size": self.min_theme_size,
            "max_subthemes": self.max_subthemes,
            "max_fit_size": self.max_fit_size,
            "threshold": self.threshold,
            "outlier_z": self.outlier_z,
            "seed": seed,
        }

    def _fit(self, x: np.ndarray, ctx: RunContext) -> tuple[Any, Any]:
        """The fitted model and its stability report (None when not measured), from the run's fit cache if the
        same embeddings, parameters, seed and code were fitted before (see :mod:`voices.themes.fitcache`)."""
        from voices.themes.fitcache import FitCache
        from voices.themes.model import ThemeModel
        from voices.themes.stability import stability

        params = self.model_params(ctx.seed)
        measured = {"runs": self.stability_runs, "fraction": self.stability_fraction, "sample": self.stability_sample}
        cache = FitCache(Path(ctx.cache_dir) / "theme_fits") if ctx.cache_dir is not None else None
        key = cache.key(x, params, measured) if cache is not None else None
        if cache is not None and key is not None:
            hit = cache.load(key, x)
            if hit is not None:
                ctx.count("fits_from_cache")
                return hit
        model = ThemeModel(**params).fit(x)
        report = None
        if self.stability_runs > 0 and model.n_themes_ > 1:
            report = stability(
                model,
                x,
                runs=self.stability_runs,
                fraction=self.stability_fraction,
                max_sample=self.stability_sample,
                seed=ctx.seed,
            )
        if cache is not None and key is not None:
            cache.save(key, model, report)
            ctx.count("fits")
        return model, report

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        from voices.themes.persist import to_state

        emb = _embeddings(corpus)
        seg = corpus.segments
        has_text = _has_text(corpus)
        tokeniser = _cached(make_tokeniser(self.tokeniser), ctx)
        ids = seg["segment_id"].astype(str).to_numpy()
        themes: list[pd.DataFrame] = []
        assignments: list[pd.DataFrame] = []
        states: dict[str, Any] = {}
        quality: dict[str, Any] = {"split_by": self.split_by, "parameters": self.model_params(ctx.seed), "groups": {}}
        offset = 0
        parts = groups(seg, self.split_by)
        for step, (group, all_rows) in enumerate(parts.items()):
            ctx.progress("themes", step, len(parts))
            rows = all_rows[has_text[all_rows]]
            empty = all_rows[~has_text[all_rows]]
            if len(empty):
                assignments.append(_unassigned(ids[empty], group))
            if len(rows) < 2:
                log.warning("group %r has %d segments with text: left unassigned", group, len(rows))
                assignments.append(_unassigned(ids[rows], group))
                quality["groups"][group] = {"segments": len(all_rows), "skipped": "fewer than 2 texts"}
                continue
            x = _take(emb, rows)
            model, report = self._fit(x, ctx)
            table, q, frame = _describe(
                model,
                model.assignment_,
                emb,
                seg,
                rows,
                tokeniser=tokeniser,
                n_quotes=self.n_quotes,
                top_n=self.keywords,
                keyword_sample=self.keyword_sample,
                seed=ctx.seed,
            )
            q["k_scores"] = {n: {str(k): v for k, v in s.items()} for n, s in model.k_scores_.items()}
            q["segments_without_text"] = len(empty)
            if report is not None:
                top = table["level"] == 0
                table.loc[top, "stability"] = table.loc[top, "theme_id"].map(report.per_theme).astype(float)
                q["stability"] = report.to_dict()
            state = to_state(model)
            state["fit_index"] = rows[model.fit_index_].tolist()  # rows of the run's embeddings array
            state["theme_id_offset"] = offset
            states[group] = state
            table = _shift(table, ("theme_id", "parent_id"), offset).assign(group=group)
            frame = _shift(frame, ("theme_id", "subtheme_id"), offset).assign(group=group)
            themes.append(table)
            assignments.append(frame)
            quality["groups"][group] = q
            offset += model.n_themes_ + len(model.subtheme_parent_)
        ctx.progress("themes", len(parts), len(parts))
        from voices.themes.lemmas import CachedTokeniser

        if isinstance(tokeniser, CachedTokeniser):
            ctx.stats["lemmatised"] = tokeniser.tokenised
            ctx.stats["lemmas_from_cache"] = tokeniser.from_cache
        out = _finish(corpus, ctx, themes, assignments, quality)
        if self.shares_by:
            from voices.themes.split import theme_shares

            shares = [
                theme_shares(out.tables["assignments"], seg, by=by, min_cell=self.min_cell).assign(by=by)
                for by in self.shares_by
            ]
            out = out.with_table("theme_shares", pd.concat(shares, ignore_index=True))
        return out.with_artifact("theme_models", states)


class DeductiveThemes:
    """Map segments to a codebook (several codes per segment) and discover themes the codebook misses.

    Args:
        codebook: a .csv / .json / .jsonl file, or a list of names or ``{name, description, code_id}`` dicts
            (see :func:`voices.themes.deductive.read_codebook`).
        embedder: the embedder that made the corpus embeddings (``default``, ``fast`` or a model folder).
        min_similarity, threshold, discover, max_new_themes: see
            :class:`~voices.themes.deductive.CodebookModel`.
        n_quotes, keywords, keyword_sample, tokeniser: as for :class:`Themes`.

    The ``themes`` table gains ``source`` (``codebook`` or ``discovered``) and ``code_id``; code rows keep the
    code's name as label and its description when it has one.
    """

    name: ClassVar[str] = "voices.themes.deductive.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text", "embeddings"})
    produces: ClassVar[frozenset[str]] = frozenset({"themes", "assignments", "themes_quality"})

    def __init__(
        self,
        codebook: str | Path | list[Any],
        *,
        embedder: str = "default",
        min_similarity: float = 0.3,
        threshold: float = 0.25,
        discover: bool = True,
        max_new_themes: int = 10,
        n_quotes: int = 5,
        keywords: int = 10,
        keyword_sample: int = 5000,
        tokeniser: Literal["spacy", "regex", "auto"] = "auto",
    ) -> None:
        self.codebook = codebook
        self.embedder = embedder
        self.min_similarity = min_similarity
        self.threshold = threshold
        self.discover = discover
        self.max_new_themes = max_new_themes
        self.n_quotes = n_quotes
        self.keywords = keywords
        self.keyword_sample = keyword_sample
        self.tokeniser = tokeniser

    def embed_codes(self, texts: list[str]) -> np.ndarray:
        """Embed the code texts with the configured embedder (override in tests)."""
        try:
            from voices.embed import make_embedder
        except ImportError as exc:  # pragma: no cover - the embed package ships with voices
            raise ThemeError(
                expected="the voices.embed package to embed the codebook",
                found=f"ImportError: {exc}",
                fix="reinstall voices",
            ) from exc
        return make_embedder(self.embedder).embed(texts)

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        from voices.themes.deductive import CodebookModel, read_codebook

        source = self.codebook
        codes = read_codebook(ctx.resolve(source) if isinstance(source, (str, Path)) else source)
        emb = _embeddings(corpus)
        seg = corpus.segments
        has_text = _has_text(corpus)
        rows = np.flatnonzero(has_text)
        ids = seg["segment_id"].astype(str).to_numpy()
        code_vectors = np.asarray(self.embed_codes([c.text for c in codes]), dtype=np.float32)
        model = CodebookModel(
            min_similarity=self.min_similarity,
            threshold=self.threshold,
            discover=self.discover,
            max_new_themes=self.max_new_themes,
            seed=ctx.seed,
        ).fit(emb[rows], code_vectors)
        table, q, frame = _describe(
            model,
            model.assignment_,
            emb,
            seg,
            rows,
            tokeniser=make_tokeniser(self.tokeniser),
            n_quotes=self.n_quotes,
            top_n=self.keywords,
            keyword_sample=self.keyword_sample,
            seed=ctx.seed,
        )
        is_code = table["theme_id"] < model.n_codes_
        table["source"] = np.where(is_code, "codebook", "discovered")
        table["code_id"] = [codes[t].code_id if t < model.n_codes_ else None for t in table["theme_id"]]
        for t, code in enumerate(codes):
            table.loc[table["theme_id"] == t, "label"] = code.name
            if code.description:
                table.loc[table["theme_id"] == t, "description"] = code.description
        q["codes"] = len(codes)
        q["discovered"] = int(model.n_discovered_)
        q["uncovered_share"] = round(float((model.labels_ >= model.n_codes_).mean()) if len(rows) else 0.0, 4)
        frame = frame.assign(group="all")
        parts = [frame]
        if len(rows) < len(seg):
            parts.append(_unassigned(ids[~has_text], "all"))
        quality = {"mode": "deductive", "parameters": {"min_similarity": self.min_similarity}, "groups": {"all": q}}
        ctx.stats["codes"] = len(codes)
        ctx.stats["discovered"] = int(model.n_discovered_)
        return _finish(corpus, ctx, [table.assign(group="all")], parts, quality)
