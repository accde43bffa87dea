"""Running the model detectors (person names) at scale: chunked by document, cached on disk, in worker processes.

Pattern detectors (identifiers) are cheap and run in the engine's own process. Model detectors (spaCy NER and
its rules) are ~95% of anonymisation time, so :class:`ModelRunner` gives them three things:

* **Chunks aligned to documents.** Texts go to the detectors in chunks of about ``batch_size`` texts that never
  split a document, so a detector's document-level context (name propagation) is always whole, and what a
  chunk yields depends only on that chunk's texts, document ids, source kind and known names.
* **A detection cache.** Because of that, a chunk's spans can be stored under a hash of the chunk's inputs and
  the detectors' *fingerprint* (class, model name and version, voices' detector code and data). A re-run over
  the same texts reads the spans instead of parsing again. The cache stores offsets, labels and confidences,
  never text, and detectors without a fingerprint (custom detectors, loaded ``Language`` objects) are never
  cached.
* **Worker processes.** Large inputs are spread over ``workers`` processes (started with ``spawn``, each
  loading its own copy of the model). Chunks are independent, so the result is identical for any number of
  workers.

Example:
    >>> from voices.anonymise.spans import Span
    >>> class Upper:
    ...     name = "upper"
    ...     fingerprint = "upper-1"
    ...     def detect(self, texts, context=None):
    ...         return [[Span(0, len(t), "PERSON", "upper", 1.0)] if t.isupper() else [] for t in texts]
    >>> runner = ModelRunner([Upper()], batch_size=2, workers=1)
    >>> [len(s) for s in runner.spans(["AB", "cd", "EF"], ["1", "2", "3"])]
    [1, 0, 1]
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from voices.anonymise.spans import DetectContext, Detector, Span
from voices.errors import VoicesError

log = logging.getLogger(__name__)

FORMAT = 1
#: Below this many texts, worker processes cost more (start-up, model loading) than they save.
MIN_TEXTS_FOR_WORKERS = 20_000

ProgressFn = Callable[[str, int, int], None]


class DetectionCacheError(VoicesError):
    """The detection cache folder cannot be used."""


def files_digest(package: str, salt: str = "") -> str:
    """SHA-256 over every file of an installed package (code and data; no bytecode), after ``salt``."""
    h = hashlib.sha256(salt.encode())
    base = Path(str(resources.files(package)))
    for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        if path.suffix in (".pyc", ".pyo"):
            continue
        h.update(str(path.relative_to(base)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@cache
def code_fingerprint() -> str:
    """SHA-256 over voices' anonymisation code and packaged data, so a changed rule or list empties the cache."""
    return files_digest("voices.anonymise")


def default_cache_dir() -> Path:
    """``<user cache folder>/anonymise`` (``$VOICES_CACHE_DIR`` if set, as for embeddings)."""
    from voices.embed.locations import cache_root

    return cache_root() / "anonymise"


class DetectionCache:
    """Spans per chunk of texts, on disk, keyed by a hash of the chunk's inputs and the detectors' fingerprint.

    One gzip-compressed JSON file per chunk under ``<directory>/<key[:2]>/<key>.json.gz``, written under a
    temporary name and renamed, so concurrent runs never see a torn file. No text is stored.

    Args:
        directory: the cache folder (created on first write).
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory).expanduser()

    def __repr__(self) -> str:
        return f"DetectionCache({str(self.directory)!r})"

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json.gz"

    def get(self, key: str, n: int) -> list[list[Span]] | None:
        """The cached spans for ``key`` (``n`` texts), or None when absent or unreadable."""
        path = self._path(key)
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("detection cache entry %s is unreadable (%s); detecting again", path.name, exc)
            return None
        if data.get("format") != FORMAT or len(data.get("spans", ())) != n:
            return None
        return [
            [Span(int(a), int(b), str(label), str(det), float(c)) for a, b, label, det, c in row]
            for row in data["spans"]
        ]

    def put(self, key: str, spans: Sequence[Sequence[Span]]) -> None:
        """Store the spans for ``key`` (failures to write are logged, never fatal)."""
        path = self._path(key)
        rows = [[[s.start, s.end, s.label, s.detector, round(float(s.confidence), 6)] for s in row] for row in spans]
        payload = gzip.compress(json.dumps({"format": FORMAT, "spans": rows}, separators=(",", ":")).encode())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
            tmp.write_bytes(payload)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("cannot write the detection cache at %s (%s); continuing without it", self.directory, exc)


def fingerprint(detectors: Sequence[Detector]) -> str | None:
    """One fingerprint for a list of detectors, or None when any of them has none (then nothing is cached)."""
    from voices.anonymise.identifiers.pattern import DetectorSuite, PatternDetector

    parts = []
    for det in detectors:
        if isinstance(det, (DetectorSuite, PatternDetector)):
            # Only compiled patterns and settings: the class, its state and voices' code say it all.
            members = det.detectors if isinstance(det, DetectorSuite) else [det]
            state = [(type(d).__module__, type(d).__qualname__, sorted(vars(d).items(), key=repr)) for d in members]
            parts.append(f"{type(det).__qualname__}|{state!r}|{code_fingerprint()}")
            continue
        fp = getattr(det, "fingerprint", None)
        value = fp() if callable(fp) else fp
        if not value:
            return None
        parts.append(str(value))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def chunk_key(fp: str, texts: Sequence[str], docs: Sequence[str], source_kind: str | None, known: Sequence[str]) -> str:
    """The cache key of one chunk: everything a detector may read, plus the detectors' fingerprint."""
    h = hashlib.sha256()
    h.update(f"voices.detect.v{FORMAT}\x1e{fp}\x1e{source_kind or ''}\x1e".encode())
    h.update("\x1f".join(known).encode())
    for text, doc in zip(texts, docs, strict=True):
        h.update(b"\x1e")
        h.update(doc.encode())
        h.update(b"\x1f")
        h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def chunks(docs: Sequence[str], size: int) -> list[list[int]]:
    """Positions ``0..len(docs)-1`` in chunks of at least ``size`` that never split a run of one document."""
    out: list[list[int]] = []
    cur: list[int] = []
    for i, doc in enumerate(docs):
        if len(cur) >= size and doc != docs[cur[-1]]:
            out.append(cur)
            cur = []
        cur.append(i)
    if cur:
        out.append(cur)
    return out


def available_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def resolve_workers(workers: int | None, n_texts: int) -> int:
    """How many processes to use: ``workers`` if given, else ``$VOICES_WORKERS``, else all CPUs for big inputs."""
    if workers is None:
        env = os.environ.get("VOICES_WORKERS", "").strip()
        if env:
            try:
                workers = int(env)
            except ValueError as exc:
                raise VoicesError(
                    f"VOICES_WORKERS={env!r}: expected a whole number of worker processes. Fix: set e.g. 2, or "
                    "unset it to use every CPU on large inputs."
                ) from exc
        else:
            workers = available_cpus() if n_texts >= MIN_TEXTS_FOR_WORKERS else 1
    if workers < 1:
        raise VoicesError(f"workers must be at least 1, got {workers}. Fix: use 1 to stay in one process.")
    return workers


# Worker side: the detectors arrive pickled once per process and are reused for every chunk.
_WORKER_DETECTORS: list[Detector] = []


def _init_worker(blob: bytes) -> None:
    global _WORKER_DETECTORS
    _WORKER_DETECTORS = pickle.loads(blob)


def _detect_chunk(texts: list[str], context: DetectContext) -> list[list[Span]]:
    return detect_all(_WORKER_DETECTORS, texts, context)


def detect_all(detectors: Sequence[Detector], texts: list[str], context: DetectContext) -> list[list[Span]]:
    """Every detector over one chunk; spans per text in input order.

    Raises:
        VoicesError: a detector returned the wrong number of results.
    """
    found: list[list[Span]] = [[] for _ in texts]
    for det in detectors:
        result = det.detect(texts, context)
        if len(result) != len(texts):
            from voices.anonymise.engine import DetectorError

            raise DetectorError(
                f"Detector {getattr(det, 'name', det)!r} returned {len(result)} results for {len(texts)} texts. "
                "Fix: detect() must return one list of spans per text, in input order."
            )
        for row, spans in zip(found, result, strict=True):
            row.extend(spans)
    return found


class ModelRunner:
    """Runs model detectors over texts in document-aligned chunks, with a detection cache and worker processes.

    Args:
        detectors: the model detectors (each with ``detect(texts, context)``; a ``fingerprint`` enables caching).
        batch_size: texts per chunk (chunks never split a document).
        known_names: names passed to the detectors in their context.
        cache: where to keep spans between runs; None for no cache.
        workers: processes to use (None: ``$VOICES_WORKERS``, else every CPU when there are at least
            :data:`MIN_TEXTS_FOR_WORKERS` texts to parse).

    Attributes:
        stats: ``chunks``, ``from_cache``, ``texts_parsed`` and ``workers`` of the last calls, summed.
    """

    def __init__(
        self,
        detectors: Sequence[Detector],
        *,
        batch_size: int = 2000,
        known_names: Sequence[str] = (),
        cache: DetectionCache | None = None,
        workers: int | None = None,
    ) -> None:
        self.detectors = list(detectors)
        self.batch_size = batch_size
        self.known_names = tuple(known_names)
        self.cache = cache
        self.workers = workers
        self.stats: dict[str, int] = {"chunks": 0, "from_cache": 0, "texts_parsed": 0, "workers": 1}
        self._fingerprint: str | None = None
        self._fingerprinted = False
        self._pool: ProcessPoolExecutor | None = None
        self._pool_workers = 0

    def _fp(self) -> str | None:
        if not self._fingerprinted:
            self._fingerprint = fingerprint(self.detectors) if self.cache is not None else None
            self._fingerprinted = True
        return self._fingerprint

    def spans(
        self,
        texts: Sequence[str],
        docs: Sequence[str],
        *,
        source_kind: str | None = None,
        progress: ProgressFn | None = None,
        task: str = "anonymise",
    ) -> list[list[Span]]:
        """Spans per text from every model detector, in input order.

        Args:
            texts: the texts (keep a document's texts together: chunks split only between documents).
            docs: per text, its document id.
            source_kind: consultation / transcript / social, when all texts share one.
            progress: callback ``(task, done, total)`` after each chunk.
            task: the task name given to ``progress``.
        """
        out: list[list[Span]] = [[] for _ in texts]
        if not texts or not self.detectors:
            return out
        parts = chunks(docs, self.batch_size)
        fp = self._fp()
        keys: list[str | None] = []
        todo: list[int] = []
        done = 0
        for c, part in enumerate(parts):
            key = (
                chunk_key(fp, [texts[i] for i in part], [docs[i] for i in part], source_kind, self.known_names)
                if fp and self.cache is not None
                else None
            )
            keys.append(key)
            hit = self.cache.get(key, len(part)) if key and self.cache is not None else None
            if hit is None:
                todo.append(c)
                continue
            for i, spans in zip(part, hit, strict=True):
                out[i] = spans
            self.stats["from_cache"] += len(part)
            done += len(part)
        self.stats["chunks"] += len(parts)
        total = len(texts)
        if progress is not None and done:
            progress(task, done, total)

        def contexts(c: int) -> tuple[list[str], DetectContext]:
            part = parts[c]
            ctx = DetectContext(
                document_ids=[docs[i] for i in part], known_names=self.known_names, source_kind=source_kind
            )
            return [texts[i] for i in part], ctx

        def accept(c: int, result: list[list[Span]]) -> None:
            nonlocal done
            part = parts[c]
            for i, spans in zip(part, result, strict=True):
                out[i] = spans
            key = keys[c]
            if key and self.cache is not None:
                self.cache.put(key, result)
            self.stats["texts_parsed"] += len(part)
            done += len(part)
            if progress is not None:
                progress(task, done, total)

        n_todo = sum(len(parts[c]) for c in todo)
        if self._pool is not None:  # already started (an earlier pass or block): reuse it whatever the size
            workers = self._pool_workers
        else:
            workers = min(resolve_workers(self.workers, n_todo), len(todo)) if todo else 1
        pool = self._get_pool(workers) if workers > 1 and todo else None
        if pool is not None:
            self.stats["workers"] = max(self.stats["workers"], workers)
            log.info("detecting names in %d texts with %d worker processes", n_todo, workers)
            # A bounded window of chunks in flight: all of them at once would copy every text into the queue.
            pending: deque[tuple[int, Future[list[list[Span]]]]] = deque()
            for c in todo:
                pending.append((c, pool.submit(_detect_chunk, *contexts(c))))
                if len(pending) >= 2 * workers:
                    first, fut = pending.popleft()
                    accept(first, fut.result())
            while pending:
                first, fut = pending.popleft()
                accept(first, fut.result())
        else:
            for c in todo:
                batch, ctx = contexts(c)
                accept(c, detect_all(self.detectors, batch, ctx))
        return out

    def _get_pool(self, workers: int) -> ProcessPoolExecutor | None:
        """The worker pool (started on first use, kept until :meth:`close`); None if detectors cannot travel."""
        if self._pool is not None and self._pool_workers == workers:
            return self._pool
        self.close()
        blob = self._picklable()
        if blob is None:
            return None
        ctx_mp = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(workers, mp_context=ctx_mp, initializer=_init_worker, initargs=(blob,))
        self._pool_workers = workers
        return self._pool

    def close(self) -> None:
        """Stop the worker processes (a later call starts them again)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._pool_workers = 0

    def __del__(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _picklable(self) -> bytes | None:
        try:
            return pickle.dumps(self.detectors)
        except Exception as exc:
            log.info("model detectors cannot be sent to worker processes (%s); detecting in this process", exc)
            return None


def describe_stats(stats: dict[str, Any]) -> str:
    """A one-line summary of :attr:`ModelRunner.stats` for logs."""
    return (
        f"{stats.get('texts_parsed', 0):,} texts parsed, {stats.get('from_cache', 0):,} from the detection cache, "
        f"{stats.get('chunks', 0):,} chunks, {stats.get('workers', 1)} process(es)"
    )
