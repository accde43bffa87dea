"""The anonymisation engine: detect, merge, pseudonymise, generalise and log, for a batch of texts.

:class:`Anonymiser` runs every detector (the identifier detectors here plus the person-name detectors from
:mod:`voices.anonymise.names`), masks speakers' and known names, merges overlapping spans, and rewrites each text
with the configured operator per label. It returns, per text, the anonymised text, a redaction log of offsets into
the *original* text (never the values), items for human review, and an area code derived from postcodes before
they were masked. Both the ``voices.anonymise.v1`` stage and the file-to-file command use it.

Example:
    >>> from voices.anonymise.identifiers import default_detectors
    >>> engine = Anonymiser(default_detectors(), names=False)
    >>> out = engine.run(["Call 07700 900123, I'm 38, postcode LS6 2AB."])
    >>> out.texts[0]
    "Call [PHONE_1], I'm [AGE_35-44], postcode [POSTCODE_1]."
    >>> out.area_codes[0], [r["label"] for r in out.redactions[0]]
    ('LS6', ['PHONE', 'AGE', 'POSTCODE'])
"""

from __future__ import annotations

import logging
import re
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from voices.anonymise.generalise import AreaLookup, default_area_lookup
from voices.anonymise.identifiers.pattern import DetectorSuite, PatternDetector
from voices.anonymise.merge import clip, covered, merge
from voices.anonymise.models import DetectionCache, ModelRunner
from voices.anonymise.pseudonyms import Pseudonyms
from voices.anonymise.spans import Detector, Span
from voices.anonymise.speakers import NameMatcher, is_generic_speaker, speaker_label, split_role
from voices.anonymise.transform import PLACEHOLDER, Operator, render, resolve_operators
from voices.errors import VoicesError

log = logging.getLogger(__name__)

Scope = Literal["document", "corpus"]
ProgressFn = Callable[[str, int, int], None]

SPEAKER_DETECTOR = "voices.anonymise.speaker"
KNOWN_NAMES_DETECTOR = "voices.anonymise.known_names"
FIELD_DETECTOR = "voices.anonymise.meta_field"


class DetectorError(VoicesError):
    """A detector broke the protocol (wrong number of results, spans outside the text) or cannot be loaded."""


@dataclass
class Result:
    """What :meth:`Anonymiser.run` returns, one entry per input text.

    Attributes:
        texts: anonymised texts (None where the input was None).
        speakers: pseudonymised speakers (generic labels and None unchanged).
        redactions: per text, ``{start, end, label, detector, confidence}`` with offsets into the original text.
        review: per text, ``{reason, label, detector, confidence, start, end}`` with offsets into the output.
        area_codes: per text, the area of the first postcode generalised (None when there was none).
        key: re-identification entries ``{scope, placeholder, label, values}`` (only when requested).
    """

    texts: list[str | None]
    speakers: list[str | None]
    redactions: list[list[dict[str, Any]]]
    review: list[list[dict[str, Any]]]
    area_codes: list[str | None]
    key: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Counts by label and detector, texts with redactions, and review items by reason."""
        by_label: Counter[str] = Counter()
        by_detector: Counter[str] = Counter()
        reasons: Counter[str] = Counter()
        for entries in self.redactions:
            for r in entries:
                by_label[r["label"]] += 1
                by_detector[r["detector"]] += 1
        for items in self.review:
            for item in items:
                reasons[item["reason"]] += 1
        return {
            "texts": len(self.texts),
            "texts_with_redactions": sum(1 for r in self.redactions if r),
            "redactions": sum(by_label.values()),
            "by_label": dict(sorted(by_label.items())),
            "by_detector": dict(sorted(by_detector.items())),
            "texts_for_review": sum(1 for r in self.review if r),
            "review_by_reason": dict(sorted(reasons.items())),
        }


def name_detectors(*, model: str | None = None, known_names: Sequence[str] = ()) -> list[Detector]:
    """The person-name detectors from :mod:`voices.anonymise.names` (imported only when called).

    Raises:
        DetectorError: the names package cannot be imported.
    """
    try:
        from voices.anonymise import names
    except ImportError as exc:
        raise DetectorError(
            f"Person-name detection is unavailable: voices.anonymise.names cannot be imported ({exc}). "
            "Expected the names detectors to ship with voices. Fix: reinstall voices; to run with identifier "
            "detectors only, pass names=False (CLI: --no-names), knowing that names will not be masked."
        ) from exc
    return list(names.default_detectors(model=model, known_names=tuple(known_names)))


class Anonymiser:
    """Detects and masks personal data in batches of texts.

    Args:
        detectors: detectors to run; None means every identifier detector plus the person-name detectors.
        names: with ``detectors=None``, whether to add the person-name detectors (spaCy; loaded lazily).
        names_model: spaCy pipeline name or path for the name detectors (None: their default).
        known_names: names that are always masked (respondent or staff lists), case-insensitively.
        operators: operator per label, overriding :data:`~voices.anonymise.transform.DEFAULT_OPERATORS`.
        scope: ``document``: ``[PERSON_1]`` restarts in each document; ``corpus``: one numbering for all.
        salt: secret for hashed pseudonyms; the same salt gives the same hashes in every run. None: a random salt
            made on first use and kept by this engine (consistent across its calls, never across engines).
        hash_length: hex digits in hashed pseudonyms.
        review_threshold: masked spans below this confidence are also queued for review.
        area_lookup: postcode or district → area code; default: the postcode district.
        batch_size: texts per detector call (aligned to document boundaries).
        max_rounds: extra detection passes over the output until nothing new is found (0: one pass only). Each
            pass parses only the texts whose masked form the models have not seen yet.
        cache: a :class:`~voices.anonymise.models.DetectionCache` (or its folder) where the model detectors'
            spans are kept between runs, keyed by the exact inputs of each chunk and the detectors' fingerprint
            (no text is stored); None: no cache.
        workers: processes for the model detectors (None: ``$VOICES_WORKERS``, else every CPU for inputs of
            20,000 texts or more; results do not depend on it).
    """

    def __init__(
        self,
        detectors: Sequence[Detector] | None = None,
        *,
        names: bool = True,
        names_model: str | None = None,
        known_names: Sequence[str] = (),
        operators: Mapping[str, str] | None = None,
        scope: Scope = "document",
        salt: bytes | str | None = None,
        hash_length: int = 6,
        review_threshold: float = 0.5,
        area_lookup: AreaLookup | None = None,
        batch_size: int = 2000,
        max_rounds: int = 2,
        cache: DetectionCache | str | Path | None = None,
        workers: int | None = None,
    ) -> None:
        self.detectors = detectors
        self.names = names
        self.names_model = names_model
        self.known_names = tuple(known_names)
        self.operators = operators
        self.scope = scope
        self.salt = salt
        self.hash_length = hash_length
        self.review_threshold = review_threshold
        self.area_lookup = area_lookup
        self.batch_size = batch_size
        self.max_rounds = max_rounds
        self.cache = cache if cache is None or isinstance(cache, DetectionCache) else DetectionCache(cache)
        self.workers = workers
        self._runner: ModelRunner | None = None
        self._pattern_runner: ModelRunner | None = None
        self._in_blocks = False
        self._built: list[Detector] | None = None
        self._random_salt: bytes | None = None

    def build_detectors(self) -> list[Detector]:
        """The detectors this engine runs (built on first use, then reused)."""
        if self._built is None:
            if self.detectors is not None:
                built = list(self.detectors)
            else:
                from voices.anonymise.identifiers import default_detectors

                built = default_detectors()
                if self.names:
                    built += name_detectors(model=self.names_model, known_names=self.known_names)
            for det in built:
                if not callable(getattr(det, "detect", None)):
                    raise DetectorError(
                        f"{det!r} is not a detector: expected an object with detect(texts, context). "
                        "Fix: pass objects that follow voices.anonymise.spans.Detector."
                    )
            self._built = built
        return self._built

    def run(
        self,
        texts: Sequence[str | None],
        *,
        document_ids: Sequence[str] | None = None,
        speakers: Sequence[str | None] | None = None,
        source_kinds: Sequence[str | None] | None = None,
        forced_labels: Sequence[str | None] | None = None,
        context_free: Sequence[bool] | None = None,
        keep_key: bool = False,
        progress: ProgressFn | None = None,
    ) -> Result:
        """Anonymise a batch of texts.

        Args:
            texts: the texts; None and empty strings pass through with empty logs.
            document_ids: per text, its document (pseudonym scope and name propagation); default: one each.
            speakers: per text, the speaker or author (pseudonymised, and masked in the text).
            source_kinds: per text, consultation / transcript / social.
            forced_labels: per text, a label that makes the whole text one span (for fields such as an
                author-name column); None for ordinary detection.
            context_free: per text, True when its detection needs no document context (field values such as
                closed answers): identical such texts are detected once.
            keep_key: also return the re-identification entries (raw values: handle with care).
            progress: callback ``(task, done, total)``.

        Returns:
            A :class:`Result` with one entry per text, in input order.
        """
        n = len(texts)
        raw = [t if isinstance(t, str) else "" for t in texts]
        docs = [str(d) for d in document_ids] if document_ids is not None else [str(i) for i in range(n)]
        kinds: list[str | None] = list(source_kinds) if source_kinds is not None else [None] * n
        spk: list[str | None] = [s if isinstance(s, str) and s.strip() else None for s in (speakers or [None] * n)]
        forced: list[str | None] = list(forced_labels) if forced_labels is not None else [None] * n
        for name, seq in (("document_ids", docs), ("speakers", spk), ("source_kinds", kinds), ("forced", forced)):
            if len(seq) != n:
                raise VoicesError(f"{name} has {len(seq)} entries for {n} texts. Fix: pass one per text.")
        # "Interviewer (Sam Patel)" is Sam Patel, and the role stays in the output: "Interviewer ([PERSON_2])".
        roles: list[tuple[str, str]] = [("", "")] * n
        for i, who in enumerate(spk):
            if who is not None:
                before, name, after = split_role(who, kinds[i])
                if before or after:
                    spk[i], roles[i] = name, (before, after)
        if not 4 <= self.hash_length <= 16:
            raise VoicesError(
                f"hash_length must be between 4 and 16 hex digits, got {self.hash_length}. Fix: use the default 6 "
                "(longer hashes would not be recognised as placeholders on a second pass)."
            )
        ops = resolve_operators(self.operators)
        if self.salt:
            salt = self.salt.encode() if isinstance(self.salt, str) else self.salt
        else:
            if self._random_salt is None:
                self._random_salt = secrets.token_bytes(16)
            salt = self._random_salt
        scopes = docs if self.scope == "document" else [""] * n
        lookup = self.area_lookup or default_area_lookup

        shared = list(context_free) if context_free is not None else [False] * n
        kind_set = {k for k in kinds if k}
        source_kind = next(iter(kind_set)) if len(kind_set) == 1 else None
        found, idx, copies = self._detect_patterns(raw, docs, source_kind, forced, shared)
        canonical: dict[tuple[int, int, int], str] = {}
        seen: list[str | None] = [None] * n
        masked: list[list[Span]] = [[] for _ in range(n)]
        kept: list[list[Span]] = [[] for _ in range(n)]

        def split() -> None:
            """Each text's spans into masked (merged) and review-only."""
            for i in range(n):
                text = raw[i]
                if not found[i]:
                    continue
                protected = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)] if "[" in text else []
                spans = _tidy(clip(found[i], protected), text)
                masked[i] = merge(s for s in spans if ops.get(s.label, "placeholder") != "keep")
                kept[i] = sorted({s for s in spans if ops.get(s.label, "placeholder") == "keep"})

        def render() -> tuple[Pseudonyms, list[_Rendered | None]]:
            pseudo = Pseudonyms(salt=salt, hash_length=self.hash_length)
            for i in range(n):
                speaker = spk[i]
                if (
                    speaker
                    and not is_generic_speaker(speaker, kinds[i])
                    and speaker_label(speaker, kinds[i]) == "PERSON"
                ):
                    pseudo.observe(scopes[i], "PERSON", speaker, speaker)
                for s in masked[i]:
                    op = ops.get(s.label, "placeholder")
                    if op == "placeholder" or (op == "generalise" and s.label != "AGE"):
                        pseudo.observe(scopes[i], s.label, raw[i][s.start : s.end], canonical.get((i, s.start, s.end)))
            rendered = [
                _render(raw[i], masked[i], ops, pseudo, scopes[i], i, canonical, lookup) if masked[i] else None
                for i in range(n)
            ]
            return pseudo, rendered

        has_models = any(not _is_pattern(d) for d in self.build_detectors()) if idx else False
        if has_models:
            # The models read each text with its identifiers already masked, exactly as the output will show
            # them, so a text in which they find nothing needs no second look.
            split()
            _, pre = render()
            first = [pre[i] for i in idx]
            found_models = self._detect_models(
                [r.text if r is not None else raw[i] for r, i in zip(first, idx, strict=True)],
                first,
                [docs[i] for i in idx],
                source_kind,
                ops,
                progress,
                task="anonymise",
            )
            for i, r, spans in zip(idx, first, found_models, strict=True):
                found[i].extend(spans)
                seen[i] = _unnumbered(r.text if r is not None else raw[i])
            del pre, first, found_models  # one rendering of every text: free it before the next
        elif progress is not None:
            progress("anonymise", len(idx), len(idx))
        for i, j in copies:
            found[i] = list(found[j])
            seen[i] = seen[j]  # what the models read for j; i's own masked form may differ (another document)
        self._speaker_spans(raw, docs, kinds, spk, forced, found, canonical)
        split()

        # Detect again on the output until nothing new turns up, so that anonymise(anonymise(x)) == anonymise(x)
        # also for context-sensitive detectors (a model may read "[ADDRESS_1], Leeds" differently).
        pseudo, rendered = render()
        needed = has_models and any(r is not None for r in rendered)
        for _ in range(self.max_rounds if needed else 0):
            # Only texts whose masked form the models have not read yet: a text whose spans did not change
            # since the last pass would give the same answer again.
            # Placeholder numbers are ignored: "[PERSON_3]" becoming "[PERSON_4]" because a name was found earlier
            # in the document changes nothing a detector looks at (placeholders are never names).
            todo = [
                i
                for i in range(n)
                if (r := rendered[i]) is not None and forced[i] is None and _unnumbered(r.text) != seen[i]
            ]
            if not todo:
                break
            again = [r for r in (rendered[i] for i in todo) if r is not None]
            new = self._detect_models([r.text for r in again], list(again), [docs[i] for i in todo], source_kind, ops)
            grew = False
            for i, r, spans in zip(todo, again, new, strict=True):
                seen[i] = _unnumbered(r.text)
                # Review flags (kept spans) came with the first read; only new spans to mask count here.
                extra = [
                    s
                    for s in spans
                    if ops.get(s.label, "placeholder") != "keep" and not covered(masked[i], s.start, s.end)
                ]
                if extra:
                    masked[i] = merge([*masked[i], *extra])
                    grew = True
            if not grew:
                break
            pseudo, rendered = render()

        out_texts: list[str | None] = []
        out_speakers: list[str | None] = []
        redactions: list[list[dict[str, Any]]] = []
        review: list[list[dict[str, Any]]] = []
        areas: list[str | None] = []
        key: dict[tuple[str, str], dict[str, Any]] = {}
        for i in range(n):
            speaker = spk[i]
            if speaker is None or is_generic_speaker(speaker, kinds[i]):
                out_speakers.append(speakers[i] if speakers is not None else None)
            elif speaker_label(speaker, kinds[i]) == "HANDLE":
                out_speakers.append(pseudo.hashed("HANDLE", speaker))
            else:
                before, after = roles[i]
                out_speakers.append(before + pseudo.placeholder(scopes[i], "PERSON", speaker, speaker) + after)
            r = rendered[i]
            if r is None and not kept[i]:
                out_texts.append(texts[i] if isinstance(texts[i], str) else None)
                redactions.append([])
                review.append([])
                areas.append(None)
                continue
            moves = r.moves if r is not None else []
            items: list[dict[str, Any]] = []
            for s in kept[i]:
                if not covered(masked[i], s.start, s.end):
                    items.append(_review("not_english" if s.label == "LANGUAGE" else "quasi_identifier", s, moves))
            for s in masked[i]:
                if s.confidence < self.review_threshold:
                    items.append(_review("low_confidence", s, moves))
            out_texts.append(r.text if r is not None else raw[i])
            redactions.append(
                [
                    {
                        "start": s.start,
                        "end": s.end,
                        "label": s.label,
                        "detector": s.detector,
                        "confidence": round(float(s.confidence), 3),
                    }
                    for s in masked[i]
                ]
            )
            review.append(items)
            areas.append(r.area if r is not None else None)
            if keep_key and r is not None:
                for s, repl in zip(masked[i], r.replacements, strict=True):
                    scope_key = None if ops.get(s.label) == "hash" else scopes[i]
                    entry = key.setdefault(
                        (scope_key or "", repl),
                        {"scope": scope_key, "placeholder": repl, "label": s.label, "values": set()},
                    )
                    entry["values"].add(raw[i][s.start : s.end])
        key_entries = [{**v, "values": sorted(v["values"])} for v in key.values()] if keep_key else []
        if not self._in_blocks:
            self.close()
        return Result(out_texts, out_speakers, redactions, review, areas, key_entries)

    def close(self) -> None:
        """Stop any worker processes the model detectors started (they start again when needed)."""
        for runner in (self._runner, self._pattern_runner):
            if runner is not None:
                runner.close()

    def run_blocks(
        self,
        texts: Sequence[str | None],
        *,
        document_ids: Sequence[str],
        speakers: Sequence[str | None] | None = None,
        source_kinds: Sequence[str | None] | None = None,
        forced_labels: Sequence[str | None] | None = None,
        context_free: Sequence[bool] | None = None,
        keep_key: bool = False,
        block_texts: int = 200_000,
        progress: ProgressFn | None = None,
    ) -> Result:
        """:meth:`run` over blocks of whole documents, so memory is bounded by the block, not the corpus.

        With ``scope = "document"`` every pseudonym and every name memory lives inside one document, so running
        documents in separate blocks gives the same masks (detection chunks restart at block boundaries, as they
        restart every ~``batch_size`` texts anyway). With ``scope = "corpus"`` numbering spans the corpus, so
        everything runs as one block.

        Args:
            texts: as for :meth:`run`, and so are ``speakers``, ``source_kinds``, ``forced_labels``,
                ``context_free`` and ``keep_key``.
            document_ids: per text, its document (required: blocks never split a document).
            block_texts: texts per block (a document larger than this is a block of its own).
            progress: callback ``(task, done, total)``; the first pass counts across blocks.

        Returns:
            One :class:`Result` in input order.
        """
        n = len(texts)
        docs = [str(d) for d in document_ids]
        if len(docs) != n:
            raise VoicesError(f"document_ids has {len(docs)} entries for {n} texts. Fix: pass one per text.")
        options: dict[str, Any] = {
            "speakers": speakers,
            "source_kinds": source_kinds,
            "forced_labels": forced_labels,
            "context_free": context_free,
        }
        if self.scope != "document" or n <= block_texts:
            return self.run(texts, document_ids=docs, keep_key=keep_key, progress=progress, **options)
        by_doc: dict[str, list[int]] = {}
        for i, d in enumerate(docs):
            by_doc.setdefault(d, []).append(i)
        blocks: list[list[int]] = [[]]
        for rows in by_doc.values():
            if blocks[-1] and len(blocks[-1]) + len(rows) > block_texts:
                blocks.append([])
            blocks[-1].extend(rows)
        total = sum(1 for t in texts if t)
        self._in_blocks = True  # one pool of worker processes for every block
        try:
            return self._run_blocks(texts, docs, blocks, options, keep_key, total, progress)
        finally:
            self._in_blocks = False
            self.close()

    def _run_blocks(
        self,
        texts: Sequence[str | None],
        docs: list[str],
        blocks: list[list[int]],
        options: dict[str, Any],
        keep_key: bool,
        total: int,
        progress: ProgressFn | None,
    ) -> Result:
        n = len(texts)
        out_texts: list[str | None] = [None] * n
        out_speakers: list[str | None] = [None] * n
        redactions: list[list[dict[str, Any]]] = [[] for _ in range(n)]
        review: list[list[dict[str, Any]]] = [[] for _ in range(n)]
        areas: list[str | None] = [None] * n
        key: dict[tuple[str, str], dict[str, Any]] = {}
        done_before = 0
        for number, block in enumerate(blocks, 1):
            log.info("anonymising block %d of %d (%d texts)", number, len(blocks), len(block))
            sub: dict[str, Any] = {
                name: None if value is None else [value[i] for i in block] for name, value in options.items()
            }

            def block_progress(task: str, done: int, _total: int, base: int = done_before) -> None:
                if progress is not None:
                    progress(task, base + done, total) if task == "anonymise" else progress(task, done, _total)

            result = self.run(
                [texts[i] for i in block],
                document_ids=[docs[i] for i in block],
                keep_key=keep_key,
                progress=block_progress,
                **sub,
            )
            for j, i in enumerate(block):
                out_texts[i] = result.texts[j]
                out_speakers[i] = result.speakers[j]
                redactions[i] = result.redactions[j]
                review[i] = result.review[j]
                areas[i] = result.area_codes[j]
            for entry in result.key:
                merged = key.setdefault((entry["scope"] or "", entry["placeholder"]), {**entry, "values": set()})
                merged["values"].update(entry["values"])
            done_before += sum(1 for i in block if texts[i])
            del result
        key_entries = [{**v, "values": sorted(v["values"])} for v in key.values()]
        return Result(out_texts, out_speakers, redactions, review, areas, key_entries)

    def model_runner(self) -> ModelRunner:
        """The runner for this engine's model detectors (chunking, detection cache, worker processes)."""
        if self._runner is None:
            models = [d for d in self.build_detectors() if not _is_pattern(d)]
            self._runner = ModelRunner(
                models,
                batch_size=self.batch_size,
                known_names=self.known_names,
                cache=self.cache,
                workers=self.workers,
            )
        return self._runner

    def _detect_models(
        self,
        texts: list[str],
        rendered: list[_Rendered | None],
        docs: list[str],
        source_kind: str | None,
        ops: dict[str, Operator],
        progress: ProgressFn | None = None,
        task: str = "anonymise: second look",
    ) -> list[list[Span]]:
        """Model spans on (partly) masked texts, mapped back to offsets in the original texts.

        Pattern detectors only look at local shapes and never match inside placeholders, so their output on
        masked text adds nothing (tests/test_anonymise_properties.py checks this); only the models read it.
        """
        found = self.model_runner().spans(texts, docs, source_kind=source_kind, progress=progress, task=task)
        out: list[list[Span]] = []
        for text, r, spans in zip(texts, rendered, found, strict=True):
            # A whole-text review flag (another language) is kept whole, mapped to the original's length.
            whole = [s for s in spans if s.label == "LANGUAGE"]
            spans = [s for s in spans if s.label != "LANGUAGE"]
            if r is None:  # nothing was masked: offsets are the original's
                out.append([s for s in _tidy(spans, text) if ops.get(s.label, "placeholder") != "keep"] + whole)
                continue
            protected = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
            end = _unmap(len(text), r.moves)
            mapped = [Span(0, end, s.label, s.detector, s.confidence) for s in whole if end]
            for s in _tidy(clip(spans, protected), text):
                if ops.get(s.label, "placeholder") == "keep":
                    continue
                a, b = _unmap(s.start, r.moves), _unmap(s.end, r.moves)
                if a is not None and b is not None and b > a:
                    mapped.append(Span(a, b, s.label, s.detector, s.confidence))
            out.append(mapped)
        return out

    def _detect_patterns(
        self,
        raw: list[str],
        docs: list[str],
        source_kind: str | None,
        forced: list[str | None],
        shared: list[bool],
    ) -> tuple[list[list[Span]], list[int], list[tuple[int, int]]]:
        """Pattern detectors and forced labels; returns the spans, the texts the models must read, and copies.

        ``copies`` pairs ``(i, j)``: context-free text ``i`` is identical to ``j`` and takes all of ``j``'s spans
        once the models have read ``j`` (:meth:`run` copies them).
        """
        n = len(raw)
        found: list[list[Span]] = [[] for _ in range(n)]
        idx: list[int] = []
        first: dict[str, int] = {}
        copies: list[tuple[int, int]] = []
        for i in range(n):
            if not raw[i] or forced[i] is not None:
                continue
            if shared[i]:
                j = first.setdefault(raw[i], i)
                if j != i:
                    copies.append((i, j))
                    continue
            idx.append(i)
        if idx:
            if self._pattern_runner is None:
                self._pattern_runner = ModelRunner(
                    [d for d in self.build_detectors() if _is_pattern(d)],
                    batch_size=self.batch_size,
                    known_names=self.known_names,
                    cache=self.cache,
                    workers=1,  # cheap: not worth a process
                )
            spans = self._pattern_runner.spans([raw[i] for i in idx], [docs[i] for i in idx], source_kind=source_kind)
            for i, found_i in zip(idx, spans, strict=True):
                found[i].extend(found_i)
        for i in range(n):
            label = forced[i]
            if label is None or not raw[i].strip() or PLACEHOLDER.fullmatch(raw[i].strip()):
                continue
            start = len(raw[i]) - len(raw[i].lstrip())
            end = len(raw[i].rstrip())
            found[i].append(Span(start, end, label, FIELD_DETECTOR, 1.0))
        return found, idx, copies

    def _speaker_spans(
        self,
        raw: list[str],
        docs: list[str],
        kinds: list[str | None],
        spk: list[str | None],
        forced: list[str | None],
        found: list[list[Span]],
        canonical: dict[tuple[int, int, int], str],
    ) -> None:
        people: dict[str, dict[str, str]] = defaultdict(dict)
        handles: dict[str, dict[str, str]] = defaultdict(dict)
        everywhere: dict[str, str] = {}
        for i, speaker in enumerate(spk):
            if speaker is None or is_generic_speaker(speaker, kinds[i]):
                continue
            s = " ".join(speaker.split())
            if speaker_label(s, kinds[i]) == "PERSON":
                people[docs[i]][s] = s
                if " " in s:
                    everywhere[s] = s
            else:
                bare = re.sub(r"^(?:@|/?u/)", "", s)
                if re.search(r"[_0-9]", bare) or re.search(r"[a-z][A-Z]", bare):
                    handles[docs[i]][bare] = s
        known = {name: name for name in self.known_names}
        corpus_matcher = NameMatcher({**everywhere, **known}) if (everywhere or known) else None
        matchers: dict[str, NameMatcher] = {}
        handle_matchers: dict[str, NameMatcher] = {}
        for i, text in enumerate(raw):
            if not text or forced[i] is not None:
                continue
            doc = docs[i]
            hits: list[tuple[int, int, str, str, str]] = []
            if corpus_matcher is not None:
                for a, b, c in corpus_matcher.find(text):
                    det = KNOWN_NAMES_DETECTOR if c in known else SPEAKER_DETECTOR
                    hits.append((a, b, c, "PERSON", det))
            if doc in people:
                if doc not in matchers:
                    matchers[doc] = NameMatcher(people[doc], tokens=True)
                hits += [(a, b, c, "PERSON", SPEAKER_DETECTOR) for a, b, c in matchers[doc].find(text)]
            if doc in handles:
                if doc not in handle_matchers:
                    handle_matchers[doc] = NameMatcher(handles[doc])
                hits += [(a, b, c, "HANDLE", SPEAKER_DETECTOR) for a, b, c in handle_matchers[doc].find(text)]
            for a, b, c, label, det in hits:
                found[i].append(Span(a, b, label, det, 0.95))
                if label == "PERSON" and c not in known:
                    canonical[(i, a, b)] = c


@dataclass
class _Rendered:
    text: str
    moves: list[tuple[int, int, int, int]]
    replacements: list[str]
    area: str | None


def _render(
    text: str,
    spans: list[Span],
    ops: dict[str, Operator],
    pseudo: Pseudonyms,
    scope: str,
    row: int,
    canonical: dict[tuple[int, int, int], str],
    lookup: AreaLookup,
) -> _Rendered:
    """Rewrite one text: each span replaced by its operator's output; postcodes looked up before masking."""
    pieces: list[str] = []
    moves: list[tuple[int, int, int, int]] = []
    replacements: list[str] = []
    area: str | None = None
    district_area: str | None = None
    pos = out_len = 0
    for s in spans:
        surface = text[s.start : s.end]
        op: Operator = ops.get(s.label, "placeholder")
        repl = render(s, surface, op, pseudo, scope, canonical.get((row, s.start, s.end)))
        if op == "generalise" and s.label in ("POSTCODE", "POSTCODE_DISTRICT"):
            code = lookup(surface)
            if s.label == "POSTCODE" and area is None:
                area = code
            elif district_area is None:
                district_area = code
        pieces.append(text[pos : s.start])
        out_len += s.start - pos
        moves.append((s.start, s.end, out_len, out_len + len(repl)))
        pieces.append(repl)
        replacements.append(repl)
        out_len += len(repl)
        pos = s.end
    pieces.append(text[pos:])
    return _Rendered("".join(pieces), moves, replacements, area or district_area)


def _unmap(pos: int, moves: list[tuple[int, int, int, int]]) -> int | None:
    """Map an offset in the output back to the original text (None inside a replacement)."""
    delta = 0
    for _a, b, na, nb in moves:
        if pos <= na:
            break
        if pos < nb:
            return None
        delta = nb - b
    return pos - delta


def _is_pattern(det: Detector) -> bool:
    return isinstance(det, (DetectorSuite, PatternDetector))


_NUMBERED = re.compile(r"\[([A-Z][A-Z_]*?)_\d+\]")


def _unnumbered(text: str) -> str:
    """The text with the numbers of numbered placeholders blanked: ``[PERSON_3]`` → ``[PERSON_#]``."""
    return _NUMBERED.sub(r"[\1_#]", text) if "[" in text else text


def _tidy(spans: list[Span], text: str) -> list[Span]:
    """Clamp spans to the text and trim whitespace at their edges; drop spans with nothing alphanumeric."""
    out: list[Span] = []
    n = len(text)
    for s in spans:
        start, end = max(0, min(s.start, n)), max(0, min(s.end, n))
        piece = text[start:end]
        if not any(c.isalnum() for c in piece):
            continue
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if lead or trail or start != s.start or end != s.end:
            s = Span(start + lead, end - trail, s.label, s.detector, s.confidence)
        out.append(s)
    return out


def _review(reason: str, s: Span, moves: list[tuple[int, int, int, int]]) -> dict[str, Any]:
    return {
        "reason": reason,
        "label": s.label,
        "detector": s.detector,
        "confidence": round(float(s.confidence), 3),
        "start": _map(s.start, moves, True),
        "end": _map(s.end, moves, False),
    }


def _map(pos: int, moves: list[tuple[int, int, int, int]], is_start: bool) -> int:
    """Map an offset in the original text to the output text."""
    delta = 0
    for a, b, na, nb in moves:
        if pos < a or (pos == a and not is_start):
            break
        if pos < b:
            return na if is_start else nb
        delta = nb - b
    return pos + delta
