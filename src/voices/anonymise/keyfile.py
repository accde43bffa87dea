"""Re-identification key files: which original values each placeholder stands for, encrypted with the user's key.

Some research needs to go back from ``[PERSON_3]`` to the person (a safeguarding concern, a consent withdrawal).
The key file holds that mapping encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) under a
key only the user holds; voices never stores the key. Keep the file apart from the run directory and the
anonymised output: :func:`write` refuses to overwrite a file, and the CLI warns when the key file sits beside
the output.

Example:
    >>> import tempfile, pathlib
    >>> key = generate_key()
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "reid.key"
    >>> _ = write(path, {"entries": [{"placeholder": "[PERSON_1]", "values": ["Sarah"]}]}, key)
    >>> read(path, key)["entries"][0]["values"]
    ['Sarah']
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from voices.errors import VoicesError

FORMAT = "voices.reidentification.v1"
_HOW = (
    'generate one with `python -c "from voices.anonymise.keyfile import generate_key; print(generate_key())"` '
    "and keep it in an environment variable or a password manager"
)


class KeyFileError(VoicesError):
    """A key file cannot be written or read (bad key, wrong key, existing file, damaged file)."""


def generate_key() -> str:
    """A new random Fernet key (URL-safe base64 text, 44 characters)."""
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode("ascii")


def _fernet(key: str | bytes) -> Any:
    from cryptography.fernet import Fernet

    raw = key.encode("ascii") if isinstance(key, str) else key
    try:
        return Fernet(raw.strip())
    except (ValueError, TypeError) as exc:
        raise KeyFileError(
            "The key is not a Fernet key: expected 32 bytes of URL-safe base64 (44 characters), "
            f"found {len(raw.strip())} characters. Fix: {_HOW}."
        ) from exc


def write(path: str | Path, mapping: dict[str, Any], key: str | bytes, *, overwrite: bool = False) -> Path:
    """Encrypt ``mapping`` (JSON-serialisable) with ``key`` and write it to ``path`` (mode 600).

    Raises:
        KeyFileError: the key is not a Fernet key, or ``path`` exists and ``overwrite`` is False.
    """
    p = Path(path)
    if p.exists() and not overwrite:
        raise KeyFileError(
            f"{p}: a key file already exists there; voices never overwrites one (it may be the only way back to a "
            "person). Fix: choose another --key-file path, or move the old file away first."
        )
    token = _fernet(key).encrypt(
        json.dumps({"format": FORMAT, **mapping}, ensure_ascii=False, sort_keys=True).encode("utf-8")
    )
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(token)
    os.replace(tmp, p)
    return p


def read(path: str | Path, key: str | bytes) -> dict[str, Any]:
    """Decrypt a key file written by :func:`write`.

    Raises:
        KeyFileError: the file is missing, was written with another key, or is damaged.
    """
    from cryptography.fernet import InvalidToken

    p = Path(path)
    if not p.is_file():
        raise KeyFileError(f"{p}: no key file there. Fix: pass the path given to --key-file when anonymising.")
    try:
        data = _fernet(key).decrypt(p.read_bytes())
    except InvalidToken as exc:
        raise KeyFileError(
            f"{p}: expected a key file encrypted with this key, found one that does not decrypt with it "
            "(another key, or a damaged file). Fix: use the key that was set when the file was written."
        ) from exc
    mapping = json.loads(data.decode("utf-8"))
    if mapping.get("format") != FORMAT:
        raise KeyFileError(f"{p}: expected format {FORMAT}, found {mapping.get('format')!r}. Fix: upgrade voices.")
    return mapping


def lookup(mapping: dict[str, Any], placeholder: str, scope: str | None = None) -> list[str]:
    """The original values behind ``placeholder`` (in a document ``scope`` for numbered placeholders)."""
    return sorted(
        {
            v
            for e in mapping.get("entries", [])
            if e.get("placeholder") == placeholder and (scope is None or e.get("scope") in (scope, None))
            for v in e.get("values", [])
        }
    )
