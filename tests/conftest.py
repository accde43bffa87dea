"""Shared fixtures for the whole suite. Database fixtures live in tests/db_fixtures.py (registered below)."""

from __future__ import annotations

import os
import pathlib
import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(pathlib.Path(__file__).parent))
pytest_plugins = ["db_fixtures"]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# Shared machines are noisy: no per-example deadlines. In CI, examples are derandomised so a red run can be
# reproduced exactly; locally hypothesis explores freely.
settings.register_profile("ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

REPO = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = pathlib.Path(__file__).parent / "fixtures"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def repo_root() -> pathlib.Path:
    """The repository root (pipelines/, data/samples/ …)."""
    return REPO


@pytest.fixture(scope="session")
def fixtures_dir() -> pathlib.Path:
    return FIXTURES


@pytest.fixture(scope="session")
def artifacts_dir() -> pathlib.Path:
    """Where tests save artefacts worth keeping (screenshots, reports); ignored by git."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep caches out of the user's home unless a test asks for the real one."""
    if "VOICES_TEST_REAL_CACHE" not in os.environ:
        monkeypatch.setenv("VOICES_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "voices-cache"))


def make_segments(texts: list[str], **columns: list) -> pd.DataFrame:
    """A conformed segment table from a list of texts (ids and provenance filled in)."""
    from voices.corpus import conform

    n = len(texts)
    frame = pd.DataFrame(
        {
            "segment_id": [f"doc{i}/q1" for i in range(n)],
            "document_id": [f"doc{i}" for i in range(n)],
            "source_kind": ["consultation"] * n,
            "source_format": ["test"] * n,
            "source_file": ["test.csv"] * n,
            "source_row": list(range(2, n + 2)),
            "text": texts,
            **columns,
        }
    )
    return conform(frame)
