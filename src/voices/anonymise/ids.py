"""Identifiers that are not text but still point at people: platform post ids and file names.

A social post id can be looked up on the platform to find its author, so the anonymise stage replaces
``post_id``, ``parent_id`` and ``thread_id`` of social segments with keyed hashes (consistent within a run, so
reply threads still join up) and rebuilds ``segment_id`` / ``document_id`` / ``duplicate_of`` from them.
Transcript and export file names often carry a participant's name ("Interview - Jane Smith.vtt"); the stage
runs each distinct file stem through the same detectors and rewrites ``source_file``, ``document_id`` and
``segment_id`` where anything was masked.

Example:
    >>> hash_id("1880000000000000002", salt="s")
    'p_4936573c7c4e'
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import PurePath

import pandas as pd

ID_COLUMNS: tuple[str, ...] = ("post_id", "parent_id", "thread_id")


def hash_id(value: str, *, salt: str, length: int = 12) -> str:
    """A keyed, stable pseudonym for a platform id (``p_`` + hex)."""
    digest = hashlib.blake2b(value.encode("utf-8"), key=salt.encode("utf-8")[:64], digest_size=16).hexdigest()
    return "p_" + digest[:length]


def _rename(series: pd.Series, mapping: dict[str, str]) -> pd.Series:
    return series.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v).astype("str")


def pseudonymise_platform_ids(seg: pd.DataFrame, *, salt: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Hash the platform ids of social segments; return the new table and the old → new segment_id map."""
    social = (seg["source_kind"] == "social").to_numpy()
    if not social.any():
        return seg, {}
    out = seg.copy()
    for col in ID_COLUMNS:
        out[col] = pd.Series(
            [
                hash_id(v, salt=salt) if s and isinstance(v, str) and v else v
                for s, v in zip(social, out[col].tolist(), strict=True)
            ],
            index=out.index,
            dtype="str",
        )
    old_ids = out["segment_id"].astype(str).tolist()
    new_ids = [
        (f"{p}/{h}" if isinstance(h, str) and h else f"{p}/{hash_id(o, salt=salt)}") if s else o
        for s, p, h, o in zip(social, out["source_format"].astype(str), out["post_id"].tolist(), old_ids, strict=True)
    ]
    mapping = {o: n for o, n in zip(old_ids, new_ids, strict=True) if o != n}
    out["segment_id"] = pd.Series(new_ids, index=out.index, dtype="str")
    out["document_id"] = pd.Series(
        [
            (t if isinstance(t, str) and t else n) if s else d
            for s, t, n, d in zip(social, out["thread_id"].tolist(), new_ids, out["document_id"].tolist(), strict=True)
        ],
        index=out.index,
        dtype="str",
    )
    out["duplicate_of"] = _rename(out["duplicate_of"], mapping)
    return out, mapping


def anonymise_file_names(
    seg: pd.DataFrame, anonymise: Callable[[list[str]], list[str]]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rewrite file names (and the ids built from them) in which the detectors find personal data.

    Args:
        seg: the segment table.
        anonymise: maps a list of texts to their anonymised versions (the stage's engine).

    Returns:
        The new table and the old → new segment_id map (empty when no file name held personal data).
    """
    files = sorted(set(seg["source_file"].dropna().astype(str)))
    if not files:
        return seg, {}
    stems = [PurePath(f).stem.replace("_", " ") for f in files]
    masked = anonymise(stems)
    changed = {
        f: (PurePath(f).stem, m.replace(" ", "_"), PurePath(f).suffix)
        for f, s, m in zip(files, stems, masked, strict=True)
        if m != s
    }
    if not changed:
        return seg, {}
    out = seg.copy()
    files_col = out["source_file"].astype(str).tolist()
    new_files, new_docs, new_segs = [], [], []
    for f, d, sid in zip(files_col, out["document_id"].astype(str), out["segment_id"].astype(str), strict=True):
        if f in changed:
            old_stem, new_stem, suffix = changed[f]
            new_files.append(new_stem + suffix)
            new_docs.append(d.replace(old_stem, new_stem))
            new_segs.append(sid.replace(old_stem, new_stem))
        else:
            new_files.append(f)
            new_docs.append(d)
            new_segs.append(sid)
    mapping = {o: n for o, n in zip(out["segment_id"].astype(str), new_segs, strict=True) if o != n}
    out["source_file"] = pd.Series(new_files, index=out.index, dtype="str")
    out["document_id"] = pd.Series(new_docs, index=out.index, dtype="str")
    out["segment_id"] = pd.Series(new_segs, index=out.index, dtype="str")
    out["duplicate_of"] = _rename(out["duplicate_of"], mapping)
    return out, mapping
