"""Person-name detection: spaCy NER on truecased text with recall boosters.

The anonymise engine calls :func:`default_detectors`; everything else here is for people who want to tune
or extend name detection.

Example:
    >>> detectors = default_detectors(known_names=["Sarah O'Connor"])
    >>> [d.name for d in detectors]
    ['names']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from voices.anonymise.names.detector import PersonNameDetector, Propagation
from voices.anonymise.names.lexicon import NameLexicon
from voices.anonymise.names.model import DEFAULT_MODEL, FAST_MODEL
from voices.anonymise.names.placeholders import PLACEHOLDER
from voices.anonymise.spans import Detector

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "DEFAULT_MODEL",
    "FAST_MODEL",
    "PLACEHOLDER",
    "NameLexicon",
    "PersonNameDetector",
    "Propagation",
    "default_detectors",
]


def default_detectors(*, model: str | Language | None = None, known_names: Sequence[str] = ()) -> list[Detector]:
    """The name detectors the anonymise engine runs by default.

    Args:
        model: spaCy pipeline name, path or loaded ``Language`` (default :data:`DEFAULT_MODEL`,
            en_core_web_sm); :data:`FAST_MODEL` trades a little precision for about twice the speed.
        known_names: names that must always be masked (respondent and staff lists).

    Returns:
        Detectors returning ``PERSON`` spans; nothing heavy is loaded until the first ``detect`` call.
    """
    return [PersonNameDetector(model, known_names=known_names)]
