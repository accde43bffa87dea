"""Truecasing: rewrite ALL-CAPS, lower-case and Title-Case text so that a cased NER model can read it.

spaCy's small English model finds names by their capital letters. It misses almost every name in
"SOPHY SANTINO CALLED" and in "wow emma and kaite", and over-fires on Headline Case Tweets. Before the
model runs, each word is rewritten to the casing it usually has in English (from the lexicon's word
probabilities): names and places capitalised, common words in lower case, sentence starts capitalised.
The rewrite never changes the length of the text, so model offsets map back to the original one to one.

Example:
    >>> truecase("SOPHY SANTINO CALLED ME ABOUT THE BINS")
    'Sophy Santino called me about the bins'
    >>> truecase("wow emma and kaite are here")
    'Wow Emma and kaite are here'
"""

from __future__ import annotations

import re
from typing import Literal

from voices.anonymise.names.lexicon import NameLexicon

Style = Literal["upper", "lower", "title", "mixed"]

WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?:^|[.!?\n]\s*|^\s*)$")


def casing_style(text: str) -> Style:
    """Classify how a text uses capital letters.

    Example:
        >>> casing_style("CALL ME NOW"), casing_style("call me now"), casing_style("Call Me Now Please")
        ('upper', 'lower', 'title')
    """
    words = [m.group() for m in WORD.finditer(text)]
    cased = [w for w in words if w.upper() != w.lower()]
    if not cased:
        return "mixed"
    letters = [c for w in cased for c in w if c.upper() != c.lower()]
    upper_share = sum(c.isupper() for c in letters) / len(letters)
    if upper_share >= 0.7 and len(letters) >= 4:
        return "upper"
    if upper_share == 0:
        return "lower"
    long_words = [w for w in cased if len(w) > 1]
    if len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.8:
        return "title"
    return "mixed"


def _with_case(word: str, form: Literal["lower", "title", "keep"]) -> str:
    if form == "keep":
        return word
    chars = []
    for i, c in enumerate(word):
        new = c.upper() if (form == "title" and i == 0) else c.lower()
        chars.append(new if len(new) == 1 else c)
    return "".join(chars)


def truecase(text: str, lexicon: NameLexicon | None = None, style: Style | None = None) -> str:
    """Rewrite each word to its usual casing; the result has exactly the length of ``text``.

    Args:
        text: any text.
        lexicon: word statistics (default: the packaged lexicon).
        style: the text's casing style if already known (see :func:`casing_style`).

    Returns:
        The truecased text.

    Example:
        >>> truecase("I Hope Grace Will Come To Leeds")
        'I Hope Grace Will come to Leeds'
    """
    lex = lexicon or NameLexicon.default()
    style = style or casing_style(text)
    out: list[str] = []
    last = 0
    for m in WORD.finditer(text):
        word = m.group()
        out.append(text[last : m.start()])
        last = m.end()
        sentence_start = bool(_SENTENCE_END.search(text[max(0, m.start() - 3) : m.start()])) or m.start() == 0
        out.append(_recase_word(word, lex, style, sentence_start))
    out.append(text[last:])
    result = "".join(out)
    return result if len(result) == len(text) else text


def _recase_word(word: str, lex: NameLexicon, style: Style, sentence_start: bool) -> str:
    entry = lex.get(word)
    is_upper = word.isupper() and len(word) > 1
    is_lower = word.islower()
    if style == "upper" or (is_upper and style != "upper"):
        if not is_upper:
            return word
        if entry is None:
            # Unknown word in capitals: a name or an acronym. In shouted text, treat it as a name.
            return _with_case(word, "title") if style == "upper" else word
        if entry.prefers_title_case or sentence_start:
            return _with_case(word, "title")
        return _with_case(word, "lower")
    if is_lower:
        if entry is not None and entry.prefers_title_case and not entry.is_common_word:
            return _with_case(word, "title")
        if sentence_start and style == "lower":
            return _with_case(word, "title")
        return word
    if style == "title" and word[:1].isupper() and not sentence_start and entry is not None:
        # Headline Case: lower only words that are never names, so "Grace" and "Will" stay for the rules.
        return word if entry.prefers_title_case or entry.first >= 2 else _with_case(word, "lower")
    return word
