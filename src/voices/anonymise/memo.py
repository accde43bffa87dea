"""Remembering a whole anonymise stage: the same input, settings and code give the same output, so keep it.

Anonymisation is deterministic: its output depends only on the input corpus (every column of every segment,
the quarantine and the dropped rows), the stage's settings, the salt and voices' code and models. A re-run of a
pipeline over unchanged data (to try other theme settings, say) can therefore reuse the anonymised corpus of
the last run instead of parsing every text again. :class:`StageMemo` stores that output under a SHA-256 of all
of those inputs.

What is stored is what the run store would write anyway: anonymised segments, the redaction log (offsets, no
values), the review queue and the residual-risk report. Never raw text, never the re-identification key
(a stage with ``key_file`` is never memoised, so its key file is written on every run). The folder keeps the
:data:`KEEP` most recently used entries.

Example:
    >>> import tempfile, pandas as pd
    >>> memo = StageMemo(tempfile.mkdtemp())
    >>> memo.load("0" * 64) is None
    True
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

FORMAT = 1
#: Entries kept in the memo folder (least recently used removed first).
KEEP = 8
_FRAMES = ("segments", "quarantine", "dropped", "redactions", "review_queue")


@cache
def package_fingerprint() -> str:
    """SHA-256 over every file of the installed voices package (code and data) and its version."""
    from voices import __version__
    from voices.anonymise.models import files_digest

    return files_digest("voices", salt=__version__)


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a data frame's columns, dtypes and values (row order matters)."""
    h = hashlib.sha256(json.dumps([list(map(str, frame.columns)), [str(t) for t in frame.dtypes]]).encode())
    if len(frame):
        values = pd.util.hash_pandas_object(frame.astype(object), index=False, categorize=False)
        h.update(np.ascontiguousarray(values.to_numpy(dtype=np.uint64)).tobytes())
    h.update(str(len(frame)).encode())
    return h.hexdigest()


def model_version(name: str | None) -> str:
    """The installed version of a spaCy pipeline package, or the name itself (paths, packaged models)."""
    from importlib.metadata import PackageNotFoundError, version

    from voices.anonymise.names.model import DEFAULT_MODEL

    model = name or DEFAULT_MODEL
    try:
        return f"{model}=={version(model.replace('_', '-'))}"
    except (PackageNotFoundError, ValueError):
        return model


@dataclass
class Remembered:
    """A stage output read back from the memo."""

    frames: dict[str, pd.DataFrame]
    report: dict[str, Any]
    stats: dict[str, Any]


class StageMemo:
    """Whole-stage outputs on disk, one folder per key.

    Args:
        directory: the memo folder (created on first write).
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory).expanduser()

    def __repr__(self) -> str:
        return f"StageMemo({str(self.directory)!r})"

    def load(self, key: str) -> Remembered | None:
        """The output stored under ``key``, or None (absent, incomplete or unreadable: the stage runs)."""
        folder = self.directory / key
        try:
            info = json.loads((folder / "output.json").read_text(encoding="utf-8"))
            if info.get("format") != FORMAT:
                return None
            frames = {}
            for name in _FRAMES:
                frame = pd.read_parquet(folder / f"{name}.parquet")
                dtypes = info["dtypes"][name]
                frames[name] = frame.astype(dtypes) if len(frame.columns) else frame
                if list(frames[name].columns) != list(dtypes):
                    return None
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("anonymise memo entry %s is unreadable (%s); anonymising again", key[:12], exc)
            return None
        with contextlib.suppress(OSError):
            os.utime(folder)  # most recently used
        return Remembered(frames, info["report"], info["stats"])

    def save(self, key: str, frames: dict[str, pd.DataFrame], report: dict[str, Any], stats: dict[str, Any]) -> None:
        """Store an output under ``key`` (atomically; failures are logged, never fatal), then prune old entries."""
        final = self.directory / key
        tmp = self.directory / f".{key}.{uuid.uuid4().hex}.tmp"
        try:
            tmp.mkdir(parents=True)
            for name in _FRAMES:
                frames[name].to_parquet(tmp / f"{name}.parquet", index=False)
            dtypes = {name: {str(c): str(t) for c, t in frames[name].dtypes.items()} for name in _FRAMES}
            payload = {"format": FORMAT, "report": report, "stats": stats, "dtypes": dtypes, "saved": time.time()}
            (tmp / "output.json").write_text(json.dumps(payload, default=str), encoding="utf-8")
            if final.exists():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                os.replace(tmp, final)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            log.warning("cannot write the anonymise memo at %s (%s); continuing without it", self.directory, exc)
            return
        self.prune()

    def prune(self, keep: int = KEEP) -> None:
        """Remove all but the ``keep`` most recently used entries."""
        try:
            entries = [p for p in self.directory.iterdir() if p.is_dir() and not p.name.startswith(".")]
        except OSError:
            return
        entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            shutil.rmtree(old, ignore_errors=True)
