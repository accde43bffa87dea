"""On-disk embedding cache keyed by (embedder name, text hash), so re-runs embed only what is new.

Layout, one folder per embedder under the cache directory::

    <directory>/<embedder slug>/embedder.json          name, dim, dtype, format
    <directory>/<embedder slug>/<shard>.keys.npy       (n, 2) uint64: the 128-bit BLAKE2b hash of each text
    <directory>/<embedder slug>/<shard>.vecs.npy       (n, dim) float32 vectors, row-aligned with the keys

Shards are append-only and written under a temporary name then renamed (vectors first, keys last, so a keys
file always has its vectors). Readers memory-map the vectors and gather only the rows they need. Any number of
processes can read and write at once: at worst two of them embed the same new text (a harmless duplicate
entry), never a torn file. :meth:`EmbeddingCache.compact` merges shards under a file lock. The cache stores
hashes and vectors, never texts.

Example:
    >>> import tempfile, numpy as np
    >>> cache = EmbeddingCache(tempfile.mkdtemp())
    >>> keys = text_keys(["a", "b"])
    >>> cache.store("demo", keys[:1], np.ones((1, 3), np.float32))
    >>> found, vecs = cache.lookup("demo", keys)
    >>> found.tolist(), vecs.shape
    ([True, False], (2, 3))
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
import uuid
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from voices.embed.locations import cache_root
from voices.embed.protocol import Embedder, EmbedProgress
from voices.errors import VoicesError

log = logging.getLogger(__name__)

FORMAT = 1
#: More shards than this are merged into one after a write.
COMPACT_AFTER = 64


class EmbeddingCacheError(VoicesError):
    """The embedding cache folder holds something voices cannot use."""


def text_keys(texts: Sequence[str]) -> np.ndarray:
    """128-bit BLAKE2b hash of each text's UTF-8 bytes, as an ``(n, 2)`` uint64 array.

    Example:
        >>> text_keys(["hello"]).shape
        (1, 2)
    """
    digests = b"".join(hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest() for t in texts)
    return np.frombuffer(digests, dtype="<u8").reshape(len(texts), 2).copy()


def slug(name: str) -> str:
    """Folder name for an embedder: readable prefix plus a hash of the full name."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:48]
    return f"{readable}-{hashlib.blake2b(name.encode(), digest_size=6).hexdigest()}"


@dataclass
class _Shard:
    keys: np.ndarray
    vecs: np.ndarray  # memory-mapped


class EmbeddingCache:
    """Embeddings on disk, one append-only store per embedder name.

    Args:
        directory: the cache folder; ``<cache root>/embeddings`` (user cache folder, or ``$VOICES_CACHE_DIR``)
            by default.
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory).expanduser() if directory is not None else cache_root() / "embeddings"

    def __repr__(self) -> str:
        return f"EmbeddingCache({str(self.directory)!r})"

    def folder(self, name: str) -> Path:
        """The folder holding embedder ``name``'s shards."""
        return self.directory / slug(name)

    # -- reading -------------------------------------------------------------------------------------------

    def _shards(self, name: str) -> list[_Shard]:
        folder = self.folder(name)
        for _attempt in range(3):
            shards: list[_Shard] = []
            vanished = False
            for keys_path in sorted(folder.glob("*.keys.npy")):
                vecs_path = keys_path.with_name(keys_path.name[: -len(".keys.npy")] + ".vecs.npy")
                try:
                    keys = np.load(keys_path)
                    vecs = np.load(vecs_path, mmap_mode="r")
                except FileNotFoundError:  # compacted away under us: list again
                    vanished = True
                    break
                except (ValueError, OSError, EOFError) as exc:
                    log.warning("Ignoring unreadable embedding cache shard %s (%s)", keys_path, exc)
                    continue
                if keys.ndim != 2 or keys.shape[1] != 2 or len(keys) != len(vecs):
                    log.warning("Ignoring malformed embedding cache shard %s", keys_path)
                    continue
                shards.append(_Shard(keys, vecs))
            if not vanished:
                return shards
        return shards

    def lookup(self, name: str, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Find cached vectors for ``keys`` (from :func:`text_keys`).

        Returns:
            ``(found, vectors)``: a boolean mask, and an ``(n, dim)`` float32 array whose rows are filled where
            ``found`` (zeros elsewhere; ``dim`` is 0 when nothing is cached for ``name``).
        """
        keys = np.asarray(keys, dtype="<u8").reshape(-1, 2)
        shards = self._shards(name)
        if not shards or len(keys) == 0:
            dim = shards[0].vecs.shape[1] if shards else 0
            return np.zeros(len(keys), dtype=bool), np.zeros((len(keys), dim), dtype=np.float32)
        dim = shards[0].vecs.shape[1]
        all_keys = np.concatenate([s.keys for s in shards])
        shard_of = np.concatenate([np.full(len(s.keys), i, dtype=np.int32) for i, s in enumerate(shards)])
        row_of = np.concatenate([np.arange(len(s.keys), dtype=np.int64) for s in shards])
        order = np.argsort(all_keys[:, 0], kind="stable")
        sorted_hi = all_keys[order, 0]
        pos = np.searchsorted(sorted_hi, keys[:, 0])
        pos = np.minimum(pos, len(sorted_hi) - 1)
        hit = order[pos]
        found = (sorted_hi[pos] == keys[:, 0]) & (all_keys[hit, 1] == keys[:, 1])
        vectors = np.zeros((len(keys), dim), dtype=np.float32)
        where = np.flatnonzero(found)
        for i, shard in enumerate(shards):
            mine = where[shard_of[hit[where]] == i]
            if len(mine):
                rows = row_of[hit[mine]]
                sort = np.argsort(rows)
                vectors[mine[sort]] = shard.vecs[rows[sort]]
        return found, vectors

    def count(self, name: str) -> int:
        """Number of entries stored for ``name`` (duplicates included until :meth:`compact`)."""
        return sum(len(s.keys) for s in self._shards(name))

    # -- writing -------------------------------------------------------------------------------------------

    def store(self, name: str, keys: np.ndarray, vectors: np.ndarray) -> None:
        """Append ``vectors`` for ``keys`` as a new shard (atomic: readers see all of it or none of it).

        Raises:
            EmbeddingCacheError: the folder already holds vectors of another dimension for ``name``.
        """
        keys = np.ascontiguousarray(keys, dtype="<u8").reshape(-1, 2)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(keys) != len(vectors):
            raise ValueError(f"{len(keys)} keys but {len(vectors)} vectors")
        if len(keys) == 0:
            return
        folder = self.folder(name)
        folder.mkdir(parents=True, exist_ok=True)
        self._check_meta(folder, name, int(vectors.shape[1]))
        stem = f"{time.time_ns():020d}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        _atomic_save(folder / f"{stem}.vecs.npy", vectors)
        _atomic_save(folder / f"{stem}.keys.npy", keys)

    def _check_meta(self, folder: Path, name: str, dim: int) -> None:
        meta_path = folder / "embedder.json"
        meta = {"name": name, "dim": dim, "dtype": "float32", "format": FORMAT}
        if meta_path.is_file():
            have = json.loads(meta_path.read_text(encoding="utf-8"))
            if have.get("name") != name or have.get("dim") != dim:
                raise EmbeddingCacheError(
                    f"{meta_path}: expected embeddings of {name!r} with dim {dim}, found {have.get('name')!r} "
                    f"with dim {have.get('dim')}. Fix: delete the folder {folder} (it is only a cache)."
                )
            return
        tmp = meta_path.with_name(f".embedder.json.{uuid.uuid4().hex[:8]}")
        tmp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, meta_path)

    def compact(self, name: str) -> int:
        """Merge ``name``'s shards into one, dropping duplicate keys; returns the number of entries kept."""
        from filelock import FileLock

        folder = self.folder(name)
        if not folder.is_dir():
            return 0
        with FileLock(str(folder / ".compact.lock")):
            paths = sorted(folder.glob("*.keys.npy"))
            shards = self._shards(name)
            if len(paths) <= 1:
                return sum(len(s.keys) for s in shards)
            keys = np.concatenate([s.keys for s in shards])
            vecs = np.concatenate([np.asarray(s.vecs) for s in shards])
            _, first = np.unique(keys, axis=0, return_index=True)
            first.sort()
            self.store(name, keys[first], vecs[first])
            for keys_path in paths:
                keys_path.unlink(missing_ok=True)
                keys_path.with_name(keys_path.name[: -len(".keys.npy")] + ".vecs.npy").unlink(missing_ok=True)
            log.info("Compacted %d embedding cache shards for %s into one (%d entries)", len(paths), name, len(first))
            return len(first)

    def shard_count(self, name: str) -> int:
        """Number of committed shards for ``name``."""
        return len(list(self.folder(name).glob("*.keys.npy")))


def _atomic_save(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with tmp.open("wb") as fh:
        np.save(fh, array, allow_pickle=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def cached_embed(
    embedder: Embedder,
    texts: Sequence[str],
    cache: EmbeddingCache | None = None,
    *,
    batch_size: int = 64,
    progress: EmbedProgress | None = None,
    stats: MutableMapping[str, Any] | None = None,
    flush_every: int = 20_000,
) -> np.ndarray:
    """Embed ``texts`` with ``embedder``, serving what ``cache`` already holds and storing what is new.

    Identical texts are embedded once. New vectors are written to the cache every ``flush_every`` texts, so an
    interrupted run keeps most of its work.

    Args:
        embedder: any :class:`~voices.embed.protocol.Embedder`.
        texts: the texts, in corpus order.
        cache: the on-disk cache, or None to embed everything.
        batch_size: passed to ``embedder.embed``.
        progress: optional ``(done, total)`` callback over the texts that need embedding.
        stats: if given, ``embedded`` (distinct texts run through the model), ``from_cache`` (distinct texts
            found in the cache) and ``duplicates`` (repeats of a text earlier in ``texts``) are added to it;
            the three add up to ``len(texts)``.

    Returns:
        ``(len(texts), embedder.dim)`` float32 array of L2-normalised rows, in input order.

    Example:
        >>> import tempfile, numpy as np
        >>> from voices.embed.protocol import l2_normalise
        >>> class Length:
        ...     name, dim = "example.length", 2
        ...     def embed(self, texts, *, batch_size=64, progress=None):
        ...         return l2_normalise(np.array([[len(t), 1.0] for t in texts]))
        >>> cache, stats = EmbeddingCache(tempfile.mkdtemp()), {}
        >>> _ = cached_embed(Length(), ["a", "bb", "a"], cache, stats=stats)
        >>> _ = cached_embed(Length(), ["a", "bb", "ccc"], cache, stats=stats)
        >>> stats
        {'embedded': 3, 'from_cache': 2, 'duplicates': 1}
    """
    texts = list(texts)
    keys = text_keys(texts)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    ukeys = keys[first]
    name = embedder.name
    if cache is not None:
        found, uvecs = cache.lookup(name, ukeys)
    else:
        found, uvecs = np.zeros(len(ukeys), dtype=bool), np.zeros((len(ukeys), 0), dtype=np.float32)
    missing = np.flatnonzero(~found)
    if len(missing):
        if uvecs.shape[1] == 0:
            uvecs = np.zeros((len(ukeys), embedder.dim), dtype=np.float32)
        done = 0
        for start in range(0, len(missing), flush_every):
            block = missing[start : start + flush_every]

            def report(d: int, _t: int, _offset: int = done) -> None:
                if progress is not None:
                    progress(_offset + d, len(missing))

            vecs = np.asarray(
                embedder.embed([texts[first[i]] for i in block], batch_size=batch_size, progress=report),
                dtype=np.float32,
            )
            if vecs.shape[1] != uvecs.shape[1]:
                raise EmbeddingCacheError(
                    f"Embedder {name!r} returned {vecs.shape[1]}-d vectors but the cache holds {uvecs.shape[1]}-d "
                    f"ones for the same name. Fix: delete {cache.folder(name) if cache else 'the cache folder'}."
                )
            uvecs[block] = vecs
            if cache is not None:
                try:
                    cache.store(name, ukeys[block], vecs)
                except OSError as exc:  # a read-only or full disk costs re-embedding later, not this run
                    log.warning(
                        "Cannot write the embedding cache in %s (%s); going on without it. Fix: free disk space "
                        "or point VOICES_CACHE_DIR (or the stage's cache_dir) at a writable folder.",
                        cache.directory,
                        exc,
                    )
                    cache = None
            done += len(block)
        if cache is not None and cache.shard_count(name) > COMPACT_AFTER:
            cache.compact(name)
    elif len(texts) == 0:
        uvecs = np.zeros((0, embedder.dim), dtype=np.float32)
    if stats is not None:
        for key, n in (
            ("embedded", len(missing)),
            ("from_cache", len(ukeys) - len(missing)),
            ("duplicates", len(texts) - len(ukeys)),
        ):
            stats[key] = int(stats.get(key, 0)) + n
    return uvecs[inverse]
