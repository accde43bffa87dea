"""Which runs the app serves: run directories found under the paths it was started with.

A run is looked up by its id in this catalogue, never by joining a user-supplied string onto a path, so a
tampered ``?run=../../etc`` finds nothing.

Example:
    >>> RunCatalogue({}).get("../../etc") is None
    True
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from voices.runstore import MANIFEST, Run, open_run

log = logging.getLogger(__name__)

ENV_VAR = "VOICES_APP_RUNS"
"""Run directories or runs folders the app serves, separated by ``os.pathsep``."""


@dataclass(frozen=True)
class RunCatalogue:
    """Run ids mapped to their directories.

    Attributes:
        paths: ``run_id -> directory``.
    """

    paths: Mapping[str, Path] = field(default_factory=dict)

    @classmethod
    def discover(cls, locations: Iterable[str | Path]) -> RunCatalogue:
        """Find runs: each location is a run directory, or a folder whose subfolders are runs.

        Args:
            locations: paths; missing ones are skipped with a warning.

        Returns:
            The catalogue.

        Example:
            >>> RunCatalogue.discover(["/nonexistent"]).ids()
            []
        """
        found: dict[str, Path] = {}
        for location in locations:
            path = Path(location).expanduser()
            if (path / MANIFEST).is_file():
                candidates = [path]
            elif path.is_dir():
                candidates = sorted(p for p in path.iterdir() if (p / MANIFEST).is_file())
            else:
                log.warning("%s is neither a run nor a folder of runs; skipped", path)
                continue
            for candidate in candidates:
                found[run_id_of(candidate)] = candidate.resolve()
        return cls(found)

    @classmethod
    def from_environment(cls) -> RunCatalogue:
        """The catalogue named by ``$VOICES_APP_RUNS`` (default: ``./runs``)."""
        raw = os.environ.get(ENV_VAR, "").strip()
        return cls.discover(raw.split(os.pathsep) if raw else ["runs"])

    def ids(self) -> list[str]:
        """Run ids, newest first (ids start with their creation time)."""
        return sorted(self.paths, reverse=True)

    def get(self, run_id: str | None) -> Path | None:
        """The directory of a known run id, or None."""
        if run_id is None:
            return None
        return self.paths.get(run_id)

    def open(self, run_id: str) -> Run | None:
        """Open a known run, or None for an unknown id."""
        path = self.get(run_id)
        return None if path is None else open_run(path)


def run_id_of(path: Path) -> str:
    """A run's id: its manifest's ``run_id``, else its folder name."""
    try:
        return str(open_run(path).manifest.get("run_id") or path.name)
    except (OSError, ValueError):
        return path.name
