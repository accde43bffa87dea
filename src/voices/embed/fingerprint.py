"""A short, stable fingerprint of a model folder, so embedding caches follow the model, not its location.

The fingerprint hashes every file's relative path and size, the full content of small files (configs,
tokenizers, vocabularies) and the first and last MiB of large ones (weights). It takes milliseconds, needs no
model library, and changes whenever the model does; moving or copying the folder does not change it.

Example:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "config.json").write_text("{}")
    >>> len(fingerprint(d))
    12
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_SMALL = 4 << 20
_EDGE = 1 << 20
_SKIP = frozenset({".gitattributes", "README.md", "manifest.json"})


def fingerprint(directory: str | Path, *, length: int = 12) -> str:
    """Hex fingerprint of the model files under ``directory`` (see module docstring)."""
    root = Path(directory)
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if path.name in _SKIP or any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        size = path.stat().st_size
        h.update(f"{rel}\0{size}\0".encode())
        with path.open("rb") as fh:
            if size <= _SMALL:
                h.update(fh.read())
            else:
                h.update(fh.read(_EDGE))
                fh.seek(size - _EDGE)
                h.update(fh.read(_EDGE))
    return h.hexdigest()[:length]
