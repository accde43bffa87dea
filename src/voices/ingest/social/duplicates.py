"""Duplicate and near-duplicate posts: each points at the earliest post with the same (or nearly the same) text.

Two posts are duplicates when their texts match after normalisation: lower case, ``RT @user:`` prefixes, URLs
and ``@mentions`` removed, and every punctuation, space and control character dropped (letters, digits, marks,
emoji and other symbols are kept, in any script). So a retweet, a copy with a different short link, and a copy
with other spacing or punctuation all match. Texts that still differ by a few characters are linked by
character-shingle MinHash (see :mod:`voices.ingest.social.minhash`); that needs at least 24 bytes of
normalised text, so short replies ("Agreed") only ever match exactly.

Every post of a group except the earliest (by ``created_at``, then by row order; posts without a time come
last) gets ``duplicate_of`` = the earliest post's ``segment_id``. A near-duplicate is always similar to that
earliest post itself, not only through a chain of small edits. Nothing is compared pair by pair: texts are hashed
and bucketed with Arrow and NumPy, so a million posts take seconds.

Example:
    >>> import pandas as pd
    >>> seg = pd.DataFrame({"segment_id": ["x/1", "x/2", "x/3"],
    ...     "text": ["Bus late AGAIN!! https://t.co/a", "RT @ann: bus late again https://t.co/b", "Fares up"],
    ...     "created_at": pd.to_datetime(["2026-01-15 08:00", "2026-01-15 09:00", "2026-01-15 10:00"], utc=True)})
    >>> mark_duplicates(seg)["duplicate_of"].tolist()
    [nan, 'x/1', nan]
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from voices.ingest.social.minhash import near_roots

log = logging.getLogger(__name__)

_RT_PREFIX = r"^(\s*rt\s*@[0-9a-z_.\-]+(@[0-9a-z_.\-]+)?\s*:?\s*)+"
_LINKS = r"(https?://|www\.)[^\s]*|@[0-9a-z_.\-]+(@[0-9a-z_.\-]+)?"
_NOISE = r"[\p{P}\p{Z}\p{C}\s]+"
_ASCII_NOISE = np.array([b < 0x80 and not chr(b).isalnum() for b in range(256)], dtype=bool)
_ASCII_NOISE[[ord(c) for c in "$+<=>^`|~"]] = False  # symbols, kept like other symbols (\p{S})


def normalise(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """The comparison key of each text (see the module docstring); null stays null.

    Example:
        >>> normalise(pa.array(["RT @bus_user: Same on the 1 route! https://t.co/x", "سعر الخبز 😡"])).to_pylist()
        ['sameonthe1route', 'سعرالخبز😡']
    """
    if not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
        texts = texts.cast(pa.large_string())
    x = pc.utf8_lower(texts)
    x = pc.replace_substring_regex(x, _RT_PREFIX, "")
    x = pc.replace_substring_regex(x, _LINKS, "")
    if isinstance(x, pa.ChunkedArray):
        x = x.combine_chunks()
    x = pc.fill_null(x, "").cast(pa.large_string())
    non_ascii = pc.invert(pc.string_is_ascii(x))
    if pc.any(non_ascii).as_py():
        # Unicode punctuation, spaces and format characters need the regex; ASCII noise goes by table below.
        rows = pc.filter(x, non_ascii)
        x = pc.replace_with_mask(x, non_ascii, pc.replace_substring_regex(rows, _NOISE, ""))
    return _drop_ascii_noise(x)


def _drop_ascii_noise(x: pa.Array) -> pa.Array:
    """Remove ASCII punctuation, spaces and control bytes from a null-free large_string array, in bulk."""
    n = len(x)
    offsets = np.frombuffer(x.buffers()[1], dtype=np.int64)[x.offset : x.offset + n + 1]
    data_buf = x.buffers()[2]
    if n == 0 or data_buf is None:
        return x
    lo, hi = int(offsets[0]), int(offsets[-1])
    data = np.frombuffer(data_buf, dtype=np.uint8)[lo:hi]
    noise = _ASCII_NOISE[data]
    dropped = np.flatnonzero(noise)
    new_offsets = (offsets - lo) - np.searchsorted(dropped, offsets - lo)  # minus noise bytes before each offset
    kept = data[~noise]
    return pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(new_offsets), pa.py_buffer(kept)])


def mark_duplicates(segments: pd.DataFrame) -> pd.DataFrame:
    """Fill ``duplicate_of`` for exact and near-duplicate posts across all of ``segments``.

    Args:
        segments: a segment table (at least ``segment_id`` and ``text``; ``created_at`` orders the posts).
            Any existing ``duplicate_of`` is recomputed.

    Returns:
        A copy of ``segments``, same rows in the same order, with ``duplicate_of`` set to the ``segment_id`` of
        the earliest post of each group for every other member, and null elsewhere.
    """
    out = segments.copy()
    n = len(out)
    dup_of = np.full(n, None, dtype=object)
    if n < 2:
        out["duplicate_of"] = pd.Series(dup_of, index=out.index, dtype="str")
        return out
    text = pa.array(out["text"].astype("str"), from_pandas=True)
    keys = normalise(text)
    valid = np.asarray(pc.fill_null(pc.greater(pc.binary_length(keys), 0), False))
    order = _order(out)  # order[k] = position of the k-th earliest post
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    encoded = pc.dictionary_encode(keys)
    codes = np.asarray(encoded.indices.fill_null(-1), dtype=np.int64)
    codes[~valid] = -1
    uniques = encoded.dictionary
    m = len(uniques)
    first = np.full(m, n, dtype=np.int64)
    has = codes >= 0
    np.minimum.at(first, codes[has], rank[has])
    labels = _near_groups(uniques, first)
    comp_first = np.full(labels.max() + 1 if m else 0, n, dtype=np.int64)
    np.minimum.at(comp_first, labels, first)
    rows = np.flatnonzero(has)
    canonical = order[comp_first[labels[codes[rows]]]]
    is_dup = canonical != rows
    ids = out["segment_id"].astype("str").to_numpy(dtype=object)
    dup_of[rows[is_dup]] = ids[canonical[is_dup]]
    out["duplicate_of"] = pd.Series(dup_of, index=out.index, dtype="str")
    log.debug(
        "mark_duplicates: %d of %d posts are duplicates (%d distinct texts, %d groups)",
        int(is_dup.sum()),
        n,
        m,
        len(comp_first),
    )
    return out


def _order(seg: pd.DataFrame) -> np.ndarray:
    n = len(seg)
    if "created_at" in seg.columns:
        when = pd.DatetimeIndex(pd.to_datetime(seg["created_at"], utc=True, errors="coerce"))
        stamp = when.as_unit("us").asi8.copy()
        stamp[when.isna()] = np.iinfo(np.int64).max
    else:
        stamp = np.zeros(n, dtype=np.int64)
    return np.lexsort((np.arange(n), stamp))


def _near_groups(uniques: pa.Array, first: np.ndarray) -> np.ndarray:
    """Group label of each distinct key: the index of the earliest key it is a near-duplicate of."""
    return near_roots(uniques, order=first)
