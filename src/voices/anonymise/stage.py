"""The anonymise stages: ``voices.anonymise.v1`` masks personal data; ``declare_anonymous.v1`` records an opt-out.

:class:`Anonymise` runs between ingest and everything else. It rewrites ``text``, ``speaker`` and ``meta``,
fills ``area_code`` from postcodes before they are masked, and adds the ``redactions`` table (per segment, a JSON
log of offsets into the original text, never values), the ``review_queue`` table (quasi-identifiers,
low-confidence detections and rare terms, with offsets into the anonymised text) and the ``anonymisation``
artifact (the residual-risk report). The corpus leaves with ``privacy = "anonymised"``; the run store refuses
to write a corpus that is still ``raw``.

Example:
    >>> import pandas as pd
    >>> from voices.corpus import Corpus, conform
    >>> from voices.stage import RunContext
    >>> seg = conform(pd.DataFrame({"segment_id": ["a/1"], "document_id": ["a"], "source_kind": ["consultation"],
    ...     "source_format": ["csv"], "source_file": ["a.csv"], "source_row": [2],
    ...     "text": ["Ring 07700 900123, postcode LS6 2AB"]}))
    >>> out = Anonymise(names=False)(Corpus(seg), RunContext())
    >>> out.segments["text"][0], out.segments["area_code"][0], out.privacy
    ('Ring [PHONE_1], postcode [POSTCODE_1]', 'LS6', 'anonymised')
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

import pandas as pd

from voices.anonymise.engine import Anonymiser
from voices.anonymise.fields import FieldPlan, plan_fields, put
from voices.anonymise.generalise import default_area_lookup
from voices.anonymise.ids import anonymise_file_names, pseudonymise_platform_ids
from voices.anonymise.memo import StageMemo, frame_digest, model_version, package_fingerprint
from voices.anonymise.models import DetectionCache, default_cache_dir, describe_stats
from voices.anonymise.report import candidate_terms, rare_terms, residual_report
from voices.anonymise.spans import Detector
from voices.anonymise.transform import resolve_operators
from voices.corpus import Corpus
from voices.errors import PipelineError
from voices.stage import RunContext

log = logging.getLogger(__name__)

REVIEW_COLUMNS: tuple[str, ...] = ("segment_id", "field", "reason", "label", "detector", "confidence", "start", "end")


def _clean(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _parse_meta(raw: str) -> Any:
    """The meta object; text that is not JSON is kept (and anonymised) under ``meta_text``."""
    try:
        return json.loads(raw)
    except ValueError:
        log.warning("meta is not JSON (%d characters); anonymising it as text under 'meta_text'", len(raw))
        return {"meta_text": raw}


def _load_names(path: str, ctx: RunContext) -> list[str]:
    p = ctx.resolve(path)
    if not p.is_file():
        raise PipelineError(
            f"names_file {str(p)!r} does not exist: expected a UTF-8 text file with one name per line. "
            "Fix: correct the path (relative paths resolve against the pipeline file)."
        )
    return [line.strip() for line in p.read_text(encoding="utf-8-sig").splitlines() if line.strip()]


class Anonymise:
    """Mask personal data in text, speakers and meta; generalise postcodes and ages; log every redaction.

    Args:
        scope: ``document`` (``[PERSON_1]`` restarts per document) or ``corpus`` (one numbering for all).
        operators: operator per label (``placeholder``, ``hash``, ``generalise``, ``redact``, ``keep``),
            overriding the defaults, e.g. ``{QUASI_SCHOOL = "redact"}``.
        known_names: names always masked (respondent or staff lists).
        names_file: a text file with one known name per line (relative to the pipeline file).
        names: run the person-name detectors (spaCy); False leaves names to ``known_names`` and speakers only.
        names_model: spaCy pipeline for the name detectors (default: theirs).
        k: a capitalised word used by fewer than ``k`` documents is queued for review as a rare term.
        review_threshold: masked detections below this confidence are queued for review too.
        salt_env: environment variable holding the secret salt for hashed handles; default: derived from the
            run seed (consistent and reproducible, but guessable by someone who knows the seed).
        key_file: where to write the encrypted re-identification key (keep it outside the run directory).
        key_env: environment variable holding the Fernet key for ``key_file``.
        area_lookup: how a postcode becomes an area code before it is masked: ``"bundled"`` (default: the
            LSOA 2011 code from voices' bundled ONS postcode lookup, the postcode district when it is not
            there), ``"district"`` (postcode district only), ``"nspl"`` (LSOA from the NSPL / ONSPD CSV at
            ``nspl``), or a callable ``postcode -> code``.
        nspl: path of an NSPL / ONSPD postcode lookup CSV, for ``area_lookup = "nspl"``.
        detectors: detectors to use instead of the defaults (tests and plugins).
        platform_ids: ``hash`` replaces social post, parent and thread ids (which can be looked up on the
            platform to find the author) with keyed hashes, consistent within the run; ``keep`` leaves them.
        file_names: mask personal data found in input file names (and the ids built from them).
        cache: remember this stage's whole output for an identical input, settings and code (see
            :mod:`voices.anonymise.memo`), and keep the detectors' spans between runs (offsets and labels only,
            never text), keyed by the exact texts of each chunk of documents and the detectors' code, model and
            settings, so a re-run over the same data parses nothing again and new data parses only what is new.
        cache_dir: the detection cache folder; default ``<run cache_dir>/anonymise`` when the pipeline sets
            ``cache_dir``, else ``<user cache folder>/anonymise``.
        workers: processes for name detection (default: ``$VOICES_WORKERS``, else every CPU when there are
            20,000 texts or more); the output does not depend on it.
    """

    name: ClassVar[str] = "voices.anonymise.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    produces: ClassVar[frozenset[str]] = frozenset({"text", "redactions", "review_queue", "anonymisation"})

    def __init__(
        self,
        *,
        scope: Literal["document", "corpus"] = "document",
        operators: dict[str, str] | None = None,
        known_names: list[str] | None = None,
        names_file: str | None = None,
        names: bool = True,
        names_model: str | None = None,
        k: int = 5,
        review_threshold: float = 0.5,
        salt_env: str | None = None,
        key_file: str | None = None,
        key_env: str = "VOICES_KEY",
        area_lookup: Literal["bundled", "district", "nspl"] | Callable[[str], str | None] = "bundled",
        nspl: str | None = None,
        detectors: Sequence[Detector] | None = None,
        platform_ids: Literal["hash", "keep"] = "hash",
        file_names: bool = True,
        cache: bool = True,
        cache_dir: str | None = None,
        workers: int | None = None,
    ) -> None:
        self.scope = scope
        self.operators = operators
        self.known_names = known_names
        self.names_file = names_file
        self.names = names
        self.names_model = names_model
        self.k = k
        self.review_threshold = review_threshold
        self.salt_env = salt_env
        self.key_file = key_file
        self.key_env = key_env
        self.area_lookup = area_lookup
        self.nspl = nspl
        self.detectors = detectors
        self.platform_ids = platform_ids
        self.file_names = file_names
        self.cache = cache
        self.cache_dir = cache_dir
        self.workers = workers

    def _salt(self, ctx: RunContext) -> str:
        if self.salt_env is None:
            return f"voices.anonymise.v1:{ctx.seed}"
        salt = os.environ.get(self.salt_env)
        if not salt:
            raise PipelineError(
                f"{self.name}: salt_env = {self.salt_env!r} but that environment variable is not set or empty. "
                "Fix: set it to a secret string, or remove salt_env to derive the salt from the run seed."
            )
        return salt

    def _key(self) -> str:
        key = os.environ.get(self.key_env)
        if not key:
            raise PipelineError(
                f"{self.name}: key_file is set but the environment variable {self.key_env!r} holding the key is "
                "not. Fix: export it (generate a key with voices.anonymise.keyfile.generate_key()), or remove key_file."
            )
        return key

    def resolve_area_lookup(self, ctx: RunContext) -> Callable[[str], str | None]:
        """The postcode → area code function named by ``area_lookup`` (built once per run)."""
        if callable(self.area_lookup):
            return self.area_lookup
        if self.area_lookup == "district":
            return default_area_lookup
        from voices.indicators.geography import area_lookup_factory

        nspl = str(ctx.resolve(self.nspl)) if self.nspl else None
        return area_lookup_factory(self.area_lookup, nspl=nspl)

    def detection_cache(self, ctx: RunContext) -> DetectionCache | None:
        """Where the name detectors' spans are kept between runs (None when ``cache = false``)."""
        if not self.cache:
            return None
        if self.cache_dir is not None:
            return DetectionCache(ctx.resolve(self.cache_dir))
        if ctx.cache_dir is not None:
            return DetectionCache(Path(ctx.cache_dir) / "anonymise")
        return DetectionCache(default_cache_dir())

    def engine(self, ctx: RunContext) -> Anonymiser:
        """The engine this stage runs, configured from its arguments."""
        names = list(self.known_names or [])
        if self.names_file:
            names += _load_names(self.names_file, ctx)
        return Anonymiser(
            self.detectors,
            names=self.names,
            names_model=self.names_model,
            known_names=names,
            operators=self.operators,
            scope=self.scope,
            salt=self._salt(ctx),
            review_threshold=self.review_threshold,
            area_lookup=self.resolve_area_lookup(ctx),
            cache=self.detection_cache(ctx),
            workers=self.workers,
        )

    def memo_key(self, corpus: Corpus, ctx: RunContext) -> str | None:
        """The key under which this stage's output for ``corpus`` is remembered (None: never remembered).

        Everything the output depends on: every column of the input segments, quarantine and dropped rows, the
        settings, the salt (hashed), known names, the names model's version and every file of voices itself.
        Custom detectors or area lookups (code voices cannot fingerprint) and key files turn it off.
        """
        if not self.cache or self.detectors is not None or callable(self.area_lookup) or self.key_file:
            return None
        names = list(self.known_names or [])
        if self.names_file:
            names += _load_names(self.names_file, ctx)
        nspl = None
        if self.area_lookup == "nspl" and self.nspl:
            path = ctx.resolve(self.nspl)
            stat = path.stat() if path.is_file() else None
            nspl = [str(path), stat.st_size if stat else None, stat.st_mtime_ns if stat else None]
        settings = {
            "stage": self.name,
            "scope": self.scope,
            "operators": dict(sorted(resolve_operators(self.operators).items())),
            "known_names": names,
            "names": self.names,
            "names_model": model_version(self.names_model),
            "k": self.k,
            "review_threshold": self.review_threshold,
            "salt": hashlib.sha256(self._salt(ctx).encode()).hexdigest(),
            "area_lookup": self.area_lookup,
            "nspl": nspl,
            "platform_ids": self.platform_ids,
            "file_names": self.file_names,
        }
        h = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode())
        h.update(package_fingerprint().encode())
        for frame in (corpus.segments, corpus.quarantine, corpus.dropped):
            h.update(frame_digest(frame).encode())
        return h.hexdigest()

    def memo(self, ctx: RunContext) -> StageMemo | None:
        """Where whole outputs of this stage are remembered (beside the detection cache)."""
        cache = self.detection_cache(ctx)
        return StageMemo(cache.directory / "stage") if cache is not None else None

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        resolve_operators(self.operators)  # fail before any work on a bad configuration
        memo = self.memo(ctx)
        memo_key = self.memo_key(corpus, ctx) if memo is not None else None
        if memo is not None and memo_key is not None:
            hit = memo.load(memo_key)
            if hit is not None:
                log.info("anonymise: same input, settings and code as a previous run; reusing its output")
                ctx.stats.update(hit.stats)
                ctx.stats["memo"] = "reused"
                return (
                    corpus.evolve(
                        segments=hit.frames["segments"],
                        quarantine=hit.frames["quarantine"],
                        dropped=hit.frames["dropped"],
                        privacy="anonymised",
                    )
                    .with_table("redactions", hit.frames["redactions"])
                    .with_table("review_queue", hit.frames["review_queue"])
                    .with_artifact("anonymisation", hit.report)
                )
        before = set(ctx.stats)
        out = self._anonymise(corpus, ctx)
        if memo is not None and memo_key is not None:
            stats = {k: v for k, v in ctx.stats.items() if k not in before}
            frames = {
                "segments": out.segments,
                "quarantine": out.quarantine,
                "dropped": out.dropped,
                "redactions": out.tables["redactions"],
                "review_queue": out.tables["review_queue"],
            }
            memo.save(memo_key, frames, out.artifacts["anonymisation"], stats)
            ctx.stats["memo"] = "stored"
        return out

    def _anonymise(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        key = self._key() if self.key_file else None
        engine = self.engine(ctx)
        seg, quarantine, dropped = corpus.segments, corpus.quarantine, corpus.dropped
        if self.platform_ids == "hash":
            seg, _ = pseudonymise_platform_ids(seg, salt=self._salt(ctx))
        if self.file_names and len(seg):
            files_before = seg["source_file"].astype(str)
            seg, _ = anonymise_file_names(seg, lambda stems: [t or "" for t in engine.run(stems).texts])
            renamed = {a: b for a, b in zip(files_before, seg["source_file"].astype(str), strict=True) if a != b}
            if renamed:
                quarantine = quarantine.assign(file=quarantine["file"].map(lambda f: renamed.get(f, f)))
                dropped = dropped.assign(file=dropped["file"].map(lambda f: renamed.get(f, f)))
                ctx.count("file_names_masked", len(renamed))
        n = len(seg)
        texts = [_clean(t) for t in seg["text"].tolist()]
        docs = [str(d) for d in seg["document_id"].tolist()]
        kinds = [_clean(k) for k in seg["source_kind"].tolist()]
        speakers = [_clean(s) for s in seg["speaker"].tolist()]
        plans: list[FieldPlan | None] = []
        for raw in seg["meta"].tolist():
            plans.append(None if not raw or raw == "{}" else plan_fields(_parse_meta(raw)))
        all_texts: list[str | None] = list(texts)
        all_docs, all_kinds = list(docs), list(kinds)
        forced: list[str | None] = [None] * n
        where: list[tuple[int, tuple[str | int, ...]]] = []
        for row, plan in enumerate(plans):
            for f in plan.fields if plan else []:
                all_texts.append(f.value)
                all_docs.append(docs[row])
                all_kinds.append(kinds[row])
                forced.append(f.label)
                where.append((row, f.path))
        result = engine.run_blocks(
            all_texts,
            document_ids=all_docs,
            speakers=speakers + [None] * len(where),
            source_kinds=all_kinds,
            forced_labels=forced,
            context_free=[False] * n + [True] * len(where),
            keep_key=key is not None,
            progress=ctx.progress,
        )
        for (row, path), value in zip(where, result.texts[n:], strict=True):
            plan = plans[row]
            assert plan is not None
            put(plan.meta, path, value)
        metas = [
            raw if plan is None else json.dumps(plan.meta, ensure_ascii=False, sort_keys=True, default=str)
            for raw, plan in zip(seg["meta"].tolist(), plans, strict=True)
        ]
        lookup = engine.area_lookup or default_area_lookup
        areas: list[str | None] = []
        for row, existing in enumerate(seg["area_code"].tolist()):
            plan = plans[row]
            if isinstance(existing, str) and existing:
                areas.append(existing)
            elif plan is not None and plan.postcode:
                areas.append(lookup(plan.postcode) or result.area_codes[row])
            else:
                areas.append(result.area_codes[row])
        new_seg = seg.assign(
            text=pd.Series(result.texts[:n], index=seg.index, dtype="str"),
            speaker=pd.Series(result.speakers[:n], index=seg.index, dtype="str"),
            area_code=pd.Series(areas, index=seg.index, dtype="str"),
            meta=pd.Series(metas, index=seg.index, dtype="str"),
        )
        seg_ids = seg["segment_id"].tolist()
        redactions = pd.DataFrame(
            {
                "segment_id": pd.Series(seg_ids, dtype="str"),
                "redactions": pd.Series([json.dumps(r) for r in result.redactions[:n]], dtype="str"),
            }
        )
        review_rows: list[dict[str, Any]] = []
        for row in range(n):
            for item in result.review[row]:
                review_rows.append({"segment_id": seg_ids[row], "field": "text", **item})
        for (row, path), items in zip(where, result.review[n:], strict=True):
            for item in items:
                field = "meta." + ".".join(str(p) for p in path)
                review_rows.append({"segment_id": seg_ids[row], "field": field, **item})
        # A text in another language is already queued whole; its capitalised nouns ("Radwege") are no signal.
        foreign = [any(item["reason"] == "not_english" for item in items) for items in result.review[:n]]
        candidates = [[] if f else candidate_terms(t or "") for t, f in zip(result.texts[:n], foreign, strict=True)]
        for row, hits in enumerate(rare_terms(result.texts[:n], docs, self.k, candidates=candidates)):
            for start, end, _ in hits:
                review_rows.append(
                    {
                        "segment_id": seg_ids[row],
                        "field": "text",
                        "reason": "rare_term",
                        "label": "QUASI_RARE_TERM",
                        "detector": "voices.anonymise.rare_terms",
                        "confidence": 0.5,
                        "start": start,
                        "end": end,
                    }
                )
        review = pd.DataFrame(review_rows, columns=list(REVIEW_COLUMNS))
        review = review.astype(
            {
                "segment_id": "str",
                "field": "str",
                "reason": "str",
                "label": "str",
                "detector": "str",
                "confidence": "float64",
                "start": "int64",
                "end": "int64",
            }
        )
        seg_summary = _summary(result.redactions[:n], result.review[:n])
        reasons = Counter(review["reason"].tolist())
        report = residual_report(
            seg_summary,
            result.texts[:n],
            docs,
            len(review),
            dict(reasons),
            k=self.k,
            review_threshold=self.review_threshold,
            candidates=candidates,
        )
        report.update(
            {
                "stage": self.name,
                "scope": self.scope,
                "operators": dict(sorted(resolve_operators(self.operators).items())),
                "name_detection": bool(self.names) if self.detectors is None else "custom detectors",
                "speakers_pseudonymised": sum(1 for a, b in zip(speakers, result.speakers[:n], strict=True) if a != b),
                "meta_values_masked": sum(1 for r in result.redactions[n:] if r),
                "area_codes_filled": sum(
                    1 for a, b in zip(seg["area_code"].tolist(), areas, strict=True) if not isinstance(a, str) and b
                ),
                "key_file": None,
            }
        )
        if key is not None and self.key_file:
            from voices.anonymise import keyfile

            written = keyfile.write(ctx.resolve(self.key_file), {"scope": self.scope, "entries": result.key}, key)
            report["key_file"] = str(written)
            log.info("re-identification key written to %s (encrypted)", written)
        ctx.count("segments", n)
        ctx.count("redactions", report["redactions"])
        ctx.count("segments_with_redactions", report["texts_with_redactions"])
        ctx.count("review_rows", len(review))
        runner = engine.model_runner() if engine._built is not None else None
        if runner is not None and runner.detectors:
            for stat, amount in runner.stats.items():
                ctx.stats[f"names_{stat}"] = amount
            log.info("name detection: %s", describe_stats(runner.stats))
        return (
            corpus.evolve(segments=new_seg, quarantine=quarantine, dropped=dropped, privacy="anonymised")
            .with_table("redactions", redactions)
            .with_table("review_queue", review)
            .with_artifact("anonymisation", report)
        )


def _summary(redactions: list[list[dict[str, Any]]], review: list[list[dict[str, Any]]]) -> dict[str, Any]:
    by_label: Counter[str] = Counter()
    by_detector: Counter[str] = Counter()
    for entries in redactions:
        for r in entries:
            by_label[r["label"]] += 1
            by_detector[r["detector"]] += 1
    return {
        "segments": len(redactions),
        "texts_with_redactions": sum(1 for r in redactions if r),
        "redactions": sum(by_label.values()),
        "by_label": dict(sorted(by_label.items())),
        "by_detector": dict(sorted(by_detector.items())),
        "segments_for_review": sum(1 for r in review if r),
    }


class DeclareAnonymous:
    """Record that the input is already anonymised: no masking, ``privacy = "declared_anonymous"``.

    The reason is required and is written to the ``declared_anonymous`` artifact (and the run manifest), so
    whoever reads the run sees who decided what and why.

    Args:
        reason: why the text needs no anonymisation, e.g. "synthetic sample data" or "published transcripts".

    Example:
        >>> from voices.corpus import Corpus
        >>> DeclareAnonymous("synthetic data")(Corpus(), RunContext()).privacy
        'declared_anonymous'
    """

    name: ClassVar[str] = "voices.anonymise.declare_anonymous.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    produces: ClassVar[frozenset[str]] = frozenset({"declared_anonymous"})

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        reason = (self.reason or "").strip()
        if not reason:
            raise PipelineError(
                f"{self.name} needs a reason: expected a sentence saying why the text is already anonymised, "
                'found an empty string. Fix: add `reason = "..."` to the stage.'
            )
        log.warning("anonymisation skipped for %d segments: declared anonymous (%s)", len(corpus), reason)
        ctx.count("segments", len(corpus))
        return corpus.evolve(privacy="declared_anonymous").with_artifact(
            "declared_anonymous", {"reason": reason, "stage": self.name, "segments": len(corpus)}
        )
