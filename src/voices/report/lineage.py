"""A run's lineage: its manifest and those of the runs it was derived from (``voices pair`` writes derived runs).

A derived run's manifest records only the stage that made it; what was read, how it was anonymised and which
versions found the themes are in its parent's manifest. :func:`manifests` follows ``derived_from`` back to the
first run, checking each parent's manifest hash, and stops (with a warning) where a parent is gone or changed.

Example:
    >>> from voices.runstore import Run
    >>> manifests(Run(Path("/nonexistent")), first={"run_id": "r1"})[0]["run_id"]
    'r1'
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from voices.runstore import MANIFEST, Run

log = logging.getLogger(__name__)
MAX_DEPTH = 8


def _parent(manifest: dict[str, Any]) -> dict[str, Any] | None:
    derived = manifest.get("derived_from")
    if not isinstance(derived, dict) or not derived.get("path"):
        return None
    path = Path(str(derived["path"])) / MANIFEST
    if not path.is_file():
        log.warning("run %s was derived from %s, which is no longer there", manifest.get("run_id"), path.parent)
        return None
    raw = path.read_bytes()
    expected = derived.get("manifest_sha256")
    if expected and hashlib.sha256(raw).hexdigest() != expected:
        log.warning("the parent run %s has changed since %s was derived from it", path.parent, manifest.get("run_id"))
        return None
    parent: dict[str, Any] = json.loads(raw.decode("utf-8"))
    return parent


def manifests(run: Run, *, first: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The manifests of ``run``'s lineage, oldest first, ending with ``run``'s own.

    Args:
        run: the run.
        first: its manifest, if already read (default: ``run.manifest``).
    """
    chain = [first if first is not None else run.manifest]
    while len(chain) < MAX_DEPTH:
        parent = _parent(chain[0])
        if parent is None:
            break
        chain.insert(0, parent)
    return chain


def root_counts(chain: list[dict[str, Any]]) -> dict[str, Any]:
    """Ingest counts from the first run of the lineage (derived runs read no files), or from ``derived_from``.

    Example:
        >>> root_counts([{"counts": {"records_in": 5}}, {"counts": {"records_in": 0}}])["records_in"]
        5
    """
    counts = dict(chain[0].get("counts") or {})
    if len(chain) == 1:
        derived = chain[0].get("derived_from")
        if isinstance(derived, dict) and isinstance(derived.get("counts"), dict):
            counts = dict(derived["counts"])
    return counts


def stages(chain: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every stage record across the lineage, in the order they ran."""
    return [s for m in chain for s in (m.get("stages") or []) if isinstance(s, dict)]


def packages(chain: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Package → the distinct versions recorded across the lineage (usually one).

    Example:
        >>> env = {"environment": {"packages": {"pandas": "3.1"}}}
        >>> packages([env, env])
        {'pandas': ['3.1']}
    """
    out: dict[str, list[str]] = {}
    for manifest in chain:
        env = manifest.get("environment") or {}
        items = dict(env.get("packages") or {})
        if env.get("python"):
            items = {"python": str(env["python"]), **items}
        for name, version in items.items():
            seen = out.setdefault(str(name), [])
            if str(version) not in seen:
                seen.append(str(version))
    return out
