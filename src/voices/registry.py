"""The one explicit place where stage names meet code.

Built-in stages are listed in :data:`BUILTIN` as ``name -> "module:attribute"`` and imported only when used, so
``import voices`` stays fast and nothing registers itself as an import side effect. Plugins add stages the
same way through the ``voices.stages`` entry-point group; built-ins use no other mechanism.

Example:
    >>> "voices.ingest.consultation.v1" in names()
    True
    >>> suggest("voices.ingest.consultaton.v1")
    'voices.ingest.consultation.v1'
"""

from __future__ import annotations

import difflib
import importlib
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from voices.errors import PipelineError

#: Built-in stages. Names are versioned: new behaviour gets a new name, never a flag on an old one.
BUILTIN: dict[str, str] = {
    "voices.ingest.consultation.v1": "voices.ingest.stages:IngestConsultation",
    "voices.ingest.transcripts.v1": "voices.ingest.stages:IngestTranscripts",
    "voices.ingest.social.v1": "voices.ingest.stages:IngestSocial",
    "voices.ingest.corpus.v1": "voices.ingest.stages:IngestCorpus",
    "voices.filter.min_length.v1": "voices.filters:MinLength",
    "voices.filter.duplicates.v1": "voices.filters:DropDuplicates",
    "voices.summarise.v1": "voices.summary:Summarise",
    "voices.anonymise.v1": "voices.anonymise.stage:Anonymise",
    "voices.anonymise.declare_anonymous.v1": "voices.anonymise.stage:DeclareAnonymous",
    "voices.embed.v1": "voices.embed.stage:Embed",
    "voices.themes.v1": "voices.themes.stage:Themes",
    "voices.themes.deductive.v1": "voices.themes.stage:DeductiveThemes",
    "voices.pair.v1": "voices.indicators.stage:Pair",
}

ENTRY_POINT_GROUP = "voices.stages"


@cache
def _plugins() -> dict[str, str]:
    found: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found[ep.name] = ep.value
    return found


def names() -> list[str]:
    """Every registered stage name, built-ins first."""
    return list(BUILTIN) + sorted(n for n in _plugins() if n not in BUILTIN)


def suggest(name: str) -> str | None:
    """The closest registered stage name to a misspelt one, or None."""
    close = difflib.get_close_matches(name, names(), n=1, cutoff=0.6)
    return close[0] if close else None


def get(name: str) -> Any:
    """Import and return the stage class registered as ``name``.

    Raises:
        PipelineError: the name is not registered (with the closest match), or its code cannot be imported.
    """
    target = BUILTIN.get(name) or _plugins().get(name)
    if target is None:
        hint = suggest(name)
        fix = f"did you mean {hint!r}?" if hint else "run `voices stages` to list the registered stages."
        raise PipelineError(f"Unknown stage {name!r}. Fix: {fix}")
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise PipelineError(
            f"Stage {name!r} is registered to {target} but that module cannot be imported ({exc}). "
            "Fix: reinstall voices (`make demo` or `pip install -e .`)."
        ) from exc
    try:
        cls = getattr(module, attr)
    except AttributeError as exc:
        raise PipelineError(f"Stage {name!r}: {module_name} has no attribute {attr!r}.") from exc
    if getattr(cls, "name", None) != name:
        raise PipelineError(f"Stage {name!r}: class {target} declares name {getattr(cls, 'name', None)!r}.")
    return cls


def available(name: str) -> bool:
    """Whether ``name`` is registered and its code imports."""
    try:
        get(name)
    except PipelineError:
        return False
    return True
