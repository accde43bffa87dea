"""Re-identification key files: encrypted round trip, wrong keys, no overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest

from voices.anonymise import keyfile
from voices.anonymise.keyfile import KeyFileError


def test_keyfile_round_trip(tmp_path: Path) -> None:
    key = keyfile.generate_key()
    mapping = {
        "scope": "document",
        "entries": [{"scope": "d1", "placeholder": "[PERSON_1]", "label": "PERSON", "values": ["Sarah O'Connor"]}],
    }
    path = keyfile.write(tmp_path / "keys" / "reid.key", mapping, key)
    assert b"Sarah" not in path.read_bytes()
    assert (path.stat().st_mode & 0o777) == 0o600
    back = keyfile.read(path, key)
    assert back["entries"] == mapping["entries"]
    assert keyfile.lookup(back, "[PERSON_1]", "d1") == ["Sarah O'Connor"]


def test_keyfile_wrong_key_is_refused(tmp_path: Path) -> None:
    path = keyfile.write(tmp_path / "reid.key", {"entries": []}, keyfile.generate_key())
    with pytest.raises(KeyFileError, match="does not decrypt"):
        keyfile.read(path, keyfile.generate_key())


def test_keyfile_bad_key_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="generate_key"):
        keyfile.write(tmp_path / "reid.key", {"entries": []}, "not-a-key")


def test_keyfile_never_overwrites(tmp_path: Path) -> None:
    key = keyfile.generate_key()
    keyfile.write(tmp_path / "reid.key", {"entries": []}, key)
    with pytest.raises(KeyFileError, match="never overwrites"):
        keyfile.write(tmp_path / "reid.key", {"entries": []}, key)
