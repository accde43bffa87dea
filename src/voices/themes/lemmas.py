"""On-disk cache of keyword tokens (spaCy lemmas) keyed by text hash, so a re-run lemmatises only new texts.

Lemmatising is the slowest part of describing themes (spaCy runs its tagger on every sampled text, and loading
the model alone takes seconds). The tokens depend only on the text and the tokeniser, so they are kept in the
run's ``cache_dir`` exactly like embeddings (see :mod:`voices.embed.cache`, whose keys and file handling this
reuses), one folder per tokeniser::

    <directory>/<tokeniser slug>/tokeniser.json        name, format
    <directory>/<tokeniser slug>/<shard>.tokens.json   list of token lists, row-aligned with the keys
    <directory>/<tokeniser slug>/<shard>.keys.npy      (n, 2) uint64: the 128-bit BLAKE2b hash of each text

Shards are append-only and written under a temporary name then renamed (tokens first, keys last). Unlike the
embedding cache it holds words of the texts (the content words of the anonymised segments that were sampled for
keywords), so it lives only in the run's ``cache_dir``, next to the run, never in the user cache folder.

Example:
    >>> import tempfile
    >>> from voices.themes.tokens import RegexTokeniser
    >>> cached = CachedTokeniser(RegexTokeniser(), LemmaCache(tempfile.mkdtemp()), name="regex-demo")
    >>> cached(["Buses late", "Litter again"]), cached(["Buses late"]), cached.from_cache
    ([['buses', 'late'], ['litter']], [['buses', 'late']], 1)
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from voices.themes.errors import ThemeError
from voices.themes.tokens import Tokeniser

log = logging.getLogger(__name__)

FORMAT = 1
#: More shards than this are merged into one after a write.
COMPACT_AFTER = 32


class LemmaCache:
    """Token lists on disk, one append-only store per tokeniser name.

    Args:
        directory: the cache folder (the stage uses ``<run cache_dir>/lemmas``).
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory).expanduser()

    def __repr__(self) -> str:
        return f"LemmaCache({str(self.directory)!r})"

    def folder(self, name: str) -> Path:
        """The folder holding tokeniser ``name``'s shards."""
        from voices.embed.cache import slug

        return self.directory / slug(name)

    def _shards(self, name: str) -> list[tuple[np.ndarray, list[list[str]]]]:
        shards = []
        for keys_path in sorted(self.folder(name).glob("*.keys.npy")):
            tokens_path = keys_path.with_name(keys_path.name[: -len(".keys.npy")] + ".tokens.json")
            try:
                keys = np.load(keys_path)
                tokens = json.loads(tokens_path.read_text(encoding="utf-8"))
            except (ValueError, OSError, EOFError) as exc:  # vanished (compacted) or unreadable: skip it
                log.warning("Ignoring unreadable lemma cache shard %s (%s)", keys_path, exc)
                continue
            if keys.ndim != 2 or keys.shape[1] != 2 or not isinstance(tokens, list) or len(tokens) != len(keys):
                log.warning("Ignoring malformed lemma cache shard %s", keys_path)
                continue
            shards.append((keys, tokens))
        return shards

    def lookup(self, name: str, keys: np.ndarray) -> list[list[str] | None]:
        """Cached tokens for each key (from :func:`voices.embed.cache.text_keys`), ``None`` where not cached."""
        keys = np.asarray(keys, dtype="<u8").reshape(-1, 2)
        out: list[list[str] | None] = [None] * len(keys)
        shards = self._shards(name)
        if not shards or not len(keys):
            return out
        index = {(int(a), int(b)): (s, r) for s, (k, _) in enumerate(shards) for r, (a, b) in enumerate(k.tolist())}
        for i, (a, b) in enumerate(keys.tolist()):
            hit = index.get((a, b))
            if hit is not None:
                out[i] = list(shards[hit[0]][1][hit[1]])
        return out

    def store(self, name: str, keys: np.ndarray, tokens: Sequence[Sequence[str]]) -> None:
        """Append ``tokens`` for ``keys`` as a new shard (atomic: readers see all of it or none of it).

        Raises:
            ThemeError: the folder holds the tokens of another tokeniser.
        """
        from voices.embed.cache import _atomic_save

        keys = np.ascontiguousarray(keys, dtype="<u8").reshape(-1, 2)
        if len(keys) != len(tokens):
            raise ValueError(f"{len(keys)} keys but {len(tokens)} token lists")
        if not len(keys):
            return
        folder = self.folder(name)
        folder.mkdir(parents=True, exist_ok=True)
        self._check_meta(folder, name)
        stem = f"{time.time_ns():020d}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tokens_path = folder / f"{stem}.tokens.json"
        tmp = tokens_path.with_name(f".{tokens_path.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_text(json.dumps([list(t) for t in tokens], ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, tokens_path)
        _atomic_save(folder / f"{stem}.keys.npy", keys)
        if len(list(folder.glob("*.keys.npy"))) > COMPACT_AFTER:
            self.compact(name)

    def _check_meta(self, folder: Path, name: str) -> None:
        meta_path = folder / "tokeniser.json"
        if meta_path.is_file():
            have = json.loads(meta_path.read_text(encoding="utf-8"))
            if have.get("name") != name or have.get("format") != FORMAT:
                raise ThemeError(
                    expected=f"{meta_path} to hold tokens of {name!r} (format {FORMAT})",
                    found=f"{have.get('name')!r} (format {have.get('format')})",
                    fix=f"delete the folder {folder} (it is only a cache)",
                )
            return
        tmp = meta_path.with_name(f".tokeniser.json.{uuid.uuid4().hex[:8]}")
        tmp.write_text(json.dumps({"name": name, "format": FORMAT}, indent=2) + "\n", encoding="utf-8")
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
                return sum(len(k) for k, _ in shards)
            keys = np.concatenate([k for k, _ in shards])
            tokens = [t for _, toks in shards for t in toks]
            _, first = np.unique(keys, axis=0, return_index=True)
            first.sort()
            for keys_path in paths:
                keys_path.unlink(missing_ok=True)
                keys_path.with_name(keys_path.name[: -len(".keys.npy")] + ".tokens.json").unlink(missing_ok=True)
            self.store(name, keys[first], [tokens[i] for i in first])
            return len(first)


class CachedTokeniser:
    """A :class:`~voices.themes.tokens.Tokeniser` that serves repeated texts from a :class:`LemmaCache`.

    Identical texts are tokenised once; only texts not in the cache reach the wrapped tokeniser (so a warm
    re-run never loads spaCy).

    Args:
        tokeniser: the tokeniser to wrap.
        cache: where tokens are kept.
        name: the cache key of the tokeniser (model, version and rules); default ``tokeniser.cache_name``.

    Attributes:
        tokenised, from_cache: distinct texts tokenised and served from the cache so far.
    """

    def __init__(self, tokeniser: Tokeniser, cache: LemmaCache, *, name: str | None = None) -> None:
        self.tokeniser = tokeniser
        self.cache = cache
        name = name or getattr(tokeniser, "cache_name", None)
        if not name:
            raise ThemeError(
                expected="a cache name for the tokeniser (its model, version and rules)",
                found=f"{type(tokeniser).__name__} without a cache_name",
                fix="pass name=... to CachedTokeniser, or give the tokeniser a cache_name property",
            )
        self.name = str(name)
        self.tokenised = 0
        self.from_cache = 0

    def __call__(self, texts: Sequence[str]) -> list[list[str]]:
        from voices.embed.cache import text_keys

        texts = [str(t) for t in texts]
        keys = text_keys(texts)
        _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        distinct = keys[first]
        found = self.cache.lookup(self.name, distinct)
        missing = [i for i, t in enumerate(found) if t is None]
        if missing:
            new = self.tokeniser([texts[int(first[i])] for i in missing])
            for i, toks in zip(missing, new, strict=True):
                found[i] = toks
            self.cache.store(self.name, distinct[missing], new)
        self.tokenised += len(missing)
        self.from_cache += len(distinct) - len(missing)
        log.info("keyword tokens: %d texts tokenised, %d from the cache", len(missing), len(distinct) - len(missing))
        return [list(found[j] or []) for j in inverse]
