"""Is a text in English? Counted from function words, because the name rules only know English.

The name rules read capitals, English words and English name lists. On other languages they go wrong both ways:
German capitalises every noun ("Radwege", "Klimarat"), Welsh mutates place names ("Nghaerdydd"), and both came
out as people. A text is taken for another language only on clear evidence, counting different function words
of English and of Welsh, German, French, Spanish, Italian, Dutch, Polish and Portuguese: two of one other
language and none of English; or, in a text of six words or more, three of one other language and more than
twice as many as of English. Other short texts, slang and mixed texts count as English (in a batch that is
mostly in another language, a short text with one such word and no English one does not).

The lists hold each language's most frequent function words, minus any that are also English words ("die",
"was", "also"), one-letter words and web fragments ("co", "com", "de": "t.co", "cuvox.de"). Written for this
project (CC0).

Example:
    >>> is_english("Der Klimarat soll für mehr Radwege in Wien sorgen , sagt Maria Huber .".split())
    False
    >>> is_english("I think the council should fund more buses in Wien".split())
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ENGLISH_WORDS = (
    "the and of to a in is that it for was on are with as i be at this have not but you they we by from or his her "
    "an my our your their there what which who will would should could can do does did has had been were he she "
    "them me us if so no all just about more than then also very"
)
_ENGLISH = frozenset(_ENGLISH_WORDS.split())
_OTHER = {
    "cy": "yr ac yn ar mae ei eu ni chi nhw ond hefyd gyda wedi bod oedd fy dy ein eich sy sydd fel pan mwy iawn angen "
    "ddim yng ym ydy ydw dw roedd bydd byddai hwn hon hyn hynny gan rhaid dros drwy efo achos neu",
    "de": "der das und ist nicht zu den von mit sich des auf für im dem ein eine auch es als nach wie aber wird bei "
    "noch nur oder wir sie ich du er ihr sind werden hat haben kann können muss müssen soll sollen mehr sehr schon "
    "durch gegen ohne um zum zur vom dass weil wenn alle allen jeder jede keine kein statt anstatt sollte sollten "
    "wieder über weniger dafür damit mehr",
    "fr": "le la les et est des une un du que qui dans pour pas sur au aux avec ce il elle nous vous sont plus ne se "
    "par mais ou leur leurs cette ces sont été être avoir fait très aussi comme",
    "es": "el la los las y es que en un una por con para se del al lo como pero más su sus está están son ser hay muy "
    "también cuando porque este esta estos",
    "it": "il lo la gli le e è che di un una per con non si del della dei delle al alla nel nella sono come ma più "
    "anche questo questa perché molto",
    "nl": "de het een en van is dat niet op te zijn met voor ook er maar om aan bij als dan wordt worden kan heeft "
    "naar uit nog wel geen",
    "pl": "w z na nie się że do jest jak co za po ale tak od dla przez czy jest są być może tylko już jeszcze bardzo "
    "albo oraz który która które",
    "pt": "o os as e é que de um uma para com não se do da dos das em no na por mais mas como ao pelo pela são está "
    "também muito",
}
#: One-letter words ("e", "o", "y", "w") and web fragments ("co", "com") say nothing: "E-mail", "t.co", ".com".
_NOT_EVIDENCE = frozenset({"co", "com", "de", "net", "org"})
_OTHER_WORDS = {
    lang: frozenset(w for w in words.split() if len(w) > 1) - _ENGLISH - _NOT_EVIDENCE for lang, words in _OTHER.items()
}
_ALL_OTHER = frozenset().union(*_OTHER_WORDS.values())
_WORD = re.compile(r"[^\W\d_]+")


def is_foreign_function_word(word: str) -> bool:
    """A function word of one of the other languages ("für", "yng"): never a name to carry across texts."""
    return word.lower() in _ALL_OTHER


#: Fewer words than this are always taken for English: too little evidence.
MIN_WORDS = 6


#: Function word -> the languages it belongs to ("en" included), for one pass over a text.
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _vocab in (("en", _ENGLISH), *_OTHER_WORDS.items()):
    for _w in _vocab:
        _LANGUAGES_OF[_w] = (*_LANGUAGES_OF.get(_w, ()), _lang)


def language_scores(words: Sequence[str], *, distinct: bool = False) -> dict[str, int]:
    """Function words of English ("en") and of each other language found among ``words`` (or how many
    different ones, with ``distinct``)."""
    scores = dict.fromkeys(("en", *_OTHER_WORDS), 0)
    seen: set[str] = set()
    for word in words:
        low = word.lower()
        langs = _LANGUAGES_OF.get(low)
        if langs is None or (distinct and low in seen):
            continue
        seen.add(low)
        for lang in langs:
            scores[lang] += 1
    return scores


def is_english(words: Sequence[str], *, mostly_foreign: bool = False) -> bool:
    """False only when the words are clearly in another language (see the module docstring).

    Args:
        words: the text's tokens.
        mostly_foreign: most texts of the batch are in another language (:func:`mostly_foreign`); then a short
            text counts as English only if it has at least one English function word and no fewer than of any
            other language ("Klimarat für alle" in an Austrian consultation is German).
    """
    scores = language_scores(words, distinct=True)
    english = scores.pop("en")
    best = max(scores.values())
    if best == 0:
        return True
    if english == 0 and best >= 2:
        return False  # "Klimaschutz für alle durch mehr Öffis": two different German words and no English one
    if sum(1 for w in words if _WORD.fullmatch(w)) < MIN_WORDS:
        return not (mostly_foreign and english == 0 and best >= 1)
    return not (best >= 3 and best > 2 * english)


_TOKENS = re.compile(r"https?://\S+|\S+@\S+|[^\W\d_]+")
#: Texts a batch needs before its languages say anything about its short texts.
MIN_BATCH = 20


def mostly_foreign(texts: Sequence[str]) -> bool:
    """Whether at least half of the batch's texts (of 20 or more) are clearly not in English."""
    if len(texts) < MIN_BATCH:
        return False
    foreign = sum(not is_english(_TOKENS.findall(t)) for t in texts)
    return 2 * foreign >= len(texts)
