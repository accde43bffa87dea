"""Near-identical texts found by character-shingle MinHash with banded LSH, vectorised (no pair loops).

Each text's UTF-8 bytes are cut into overlapping 5-byte shingles; each shingle is hashed once and falls into
one of 64 bins (one-permutation MinHash); a bin keeps its smallest hash, and empty bins borrow from the next
full bin (rotation densification), so short texts still get a full signature. Signatures are cut into 16 bands
of 4 bins; texts that share a band are candidates, and each candidate is compared with the earliest text of
its bucket: it is linked when the share of equal bins (an estimate of the Jaccard similarity of the shingle
sets) reaches the threshold. :func:`near_roots` turns the links into one root (the earliest text) per group.
Work and memory grow linearly with the number of texts; a million posts take a few seconds.

Example:
    >>> import numpy as np
    >>> texts = ["the number 56 bus has not turned up for forty minutes again",
    ...          "the number 56 bus has not turned up for forty minutes again!!",
    ...          "the number 56 bus hasnt turned up for forty minutes again",
    ...          "energy bills have doubled since last winter and we cannot pay"]
    >>> pairs = near_pairs(texts, order=np.arange(4))
    >>> sorted(map(tuple, pairs.tolist()))
    [(1, 0), (2, 0)]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SHINGLE_BYTES = 5
BINS = 64
BANDS = 16
ROWS = BINS // BANDS
THRESHOLD = 0.6
MIN_BYTES = 24
_CHUNK_BYTES = 1_000_000
_EMPTY = np.uint32(0xFFFFFFFF)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_STEP_OFFSETS = ((np.arange(BINS, dtype=np.uint64) * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a fast, well-spread 64-bit hash of 64-bit integers (in place)."""
    x ^= x >> np.uint64(30)
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def signatures(texts: pa.Array | list[str]) -> np.ndarray:
    """One-permutation MinHash signatures of ``texts``.

    Args:
        texts: strings (a pyarrow string array or a list); texts shorter than a shingle get an all-empty row.

    Returns:
        ``(len(texts), BINS)`` uint32 array.
    """
    arr = pa.array(texts, type=pa.large_string()) if not isinstance(texts, pa.Array) else texts
    arr = arr.cast(pa.large_string())
    n = len(arr)
    out = np.empty((n, BINS), dtype=np.uint32)
    if n == 0:
        return out
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset : arr.offset + n + 1]
    data_buf = arr.buffers()[2]
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    start = 0
    while start < n:
        stop = int(np.searchsorted(offsets, offsets[start] + _CHUNK_BYTES, side="left"))
        stop = min(max(stop, start + 1), n)
        out[start:stop] = _chunk(data, offsets[start : stop + 1])
        start = stop
    return out


def _chunk(data: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    n = len(offsets) - 1
    lo, hi = int(offsets[0]), int(offsets[-1])
    lengths = np.diff(offsets)
    sig = np.full(n * BINS, _EMPTY, dtype=np.uint32)
    count = hi - lo - SHINGLE_BYTES + 1
    if count > 0:
        # Each shingle is the 5 bytes at a position: read 8 bytes there (unaligned, stride 1) and keep 5.
        padded = np.zeros(hi - lo + 8, dtype=np.uint8)
        padded[: hi - lo] = data[lo:hi]
        windows = np.ndarray(shape=(count,), dtype="<u8", buffer=padded, strides=(1,))
        packed = windows & np.uint64((1 << (8 * SHINGLE_BYTES)) - 1)
        keep = np.ones(count, dtype=bool)
        starts, ends = offsets[:-1] - lo, offsets[1:] - lo
        for back in range(1, SHINGLE_BYTES):  # a shingle may not run past the end of its text
            pos = ends - back
            pos = pos[(pos >= starts) & (pos < count)]
            keep[pos] = False
        doc = np.repeat(np.arange(n, dtype=np.int32), lengths)[:count][keep]
        h = _mix(packed[keep] ^ _GOLDEN)
        del packed
        slot = doc.astype(np.int64) * BINS + (h >> np.uint64(58)).astype(np.int64)
        del doc
        np.minimum.at(sig, slot, (h >> np.uint64(26)).astype(np.uint32))  # the 32 bits below the 6 bin bits
    return _densify(sig.reshape(n, BINS))


def _densify(sig: np.ndarray) -> np.ndarray:
    """Fill each empty bin from the next full bin to its right (wrapping), offset by the distance.

    Works on the empty bins only, one step of distance at a time, so the cost follows the number of gaps.
    """
    flat = sig.ravel()
    empty = np.flatnonzero(flat == _EMPTY)
    if empty.size == 0:
        return sig
    out = flat.copy()
    base = empty - empty % BINS
    col = empty % BINS
    pending = np.arange(empty.size)
    for step in range(1, BINS):
        src = base[pending] + (col[pending] + step) % BINS
        values = flat[src]
        hit = values != _EMPTY
        out[empty[pending[hit]]] = values[hit] + _STEP_OFFSETS[step]
        pending = pending[~hit]
        if pending.size == 0:
            break
    return out.reshape(sig.shape)


def _prepare(texts: pa.Array | list[str], order: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Indices of the texts long enough to compare, earliest first, and their signatures."""
    arr = pa.array(texts, type=pa.large_string()) if not isinstance(texts, pa.Array) else texts
    if len(arr) < 2:
        return None
    lengths = np.asarray(pc.binary_length(arr).fill_null(0), dtype=np.int64)
    usable = np.flatnonzero(lengths >= MIN_BYTES)
    if len(usable) < 2:
        return None
    usable = usable[np.argsort(np.asarray(order)[usable], kind="stable")]
    return usable, signatures(arr.take(pa.array(usable)))


def _links(sig: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """(member, leader) row pairs: each row sharing a band with an earlier row, and similar to it.

    Rows are in time order, so a bucket's first row is its earliest; every other row is compared with it only,
    which keeps the work at one comparison per row and band whatever the bucket sizes.
    """
    words = sig.view(np.uint64)  # two bins per 64-bit word; a band of 4 bins is 2 words
    members_out: list[np.ndarray] = []
    leaders_out: list[np.ndarray] = []
    for band in range(BANDS):
        key = _mix(words[:, 2 * band] ^ _GOLDEN)
        key = _mix(key ^ words[:, 2 * band + 1])
        codes, _ = pd.factorize(key)  # codes in order of first appearance, i.e. of the earliest member
        new = np.empty(len(codes), dtype=bool)
        new[0] = True
        np.greater(codes[1:], np.maximum.accumulate(codes[:-1]), out=new[1:])
        leader = np.flatnonzero(new)[codes]
        members = np.flatnonzero(leader != np.arange(len(codes)))
        if members.size == 0:
            continue
        lead = leader[members]
        similar = _similarity(sig, members, lead) >= threshold
        members_out.append(members[similar])
        leaders_out.append(lead[similar])
    if not members_out:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(members_out), np.concatenate(leaders_out)


def _similarity(sig: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Share of equal bins between rows ``a`` and ``b`` (an estimate of their Jaccard similarity)."""
    out = np.empty(len(a), dtype=np.float64)
    step = 65_536
    for i in range(0, len(a), step):
        out[i : i + step] = (sig[a[i : i + step]] == sig[b[i : i + step]]).mean(axis=1)
    return out


def near_pairs(texts: pa.Array | list[str], *, order: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """Pairs ``(i, j)`` of near-identical texts, ``j`` the earliest text of an LSH bucket ``i`` fell in.

    Args:
        texts: the (already normalised) texts to compare.
        order: rank of each text; the lowest rank in a bucket is the one others are compared with.
        threshold: least estimated Jaccard similarity of the shingle sets to call two texts near-identical.

    Returns:
        ``(k, 2)`` int64 array of linked index pairs (no pair twice, no self pairs).
    """
    prepared = _prepare(texts, order)
    if prepared is None:
        return np.empty((0, 2), dtype=np.int64)
    usable, sig = prepared
    members, leaders = _links(sig, threshold)
    if members.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    found = np.unique(np.stack([members, leaders], axis=1), axis=0)
    return usable[found]


def near_roots(texts: pa.Array | list[str], *, order: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """For each text, the index of the earliest text it is a near-duplicate of (itself when none).

    Every text is linked to the earliest text it was found similar to; links are then followed to the start of
    their chain, but a text keeps that start as its root only if it is itself similar to it. One that is not
    becomes a root of its own, so a chain of small edits never drifts into calling unlike texts duplicates.

    Args:
        texts: the (already normalised) texts.
        order: rank of each text (lower is earlier).
        threshold: see :func:`near_pairs`.

    Returns:
        int64 array of indices into ``texts``.
    """
    n = len(texts)
    roots = np.arange(n, dtype=np.int64)
    prepared = _prepare(texts, order)
    if prepared is None:
        return roots
    usable, sig = prepared
    members, leaders = _links(sig, threshold)
    if members.size == 0:
        return roots
    k = len(usable)
    parent = np.arange(k, dtype=np.int64)
    np.minimum.at(parent, members, leaders)  # leaders come earlier, so parent[i] <= i
    while True:
        root = parent.copy()
        while True:
            jumped = root[root]
            if (jumped == root).all():
                break
            root = jumped
        check = np.flatnonzero(root != parent)  # direct parents were compared already
        if check.size == 0:
            break
        far = check[_similarity(sig, check, root[check]) < threshold]
        if far.size == 0:
            break
        parent[far] = far
    roots[usable] = usable[root]
    return roots
