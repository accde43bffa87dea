"""Readable theme labels and one-sentence descriptions, built from keywords and representative quotes.

No language model: a label is two or three keywords that do not repeat each other's words; a description names
the keywords and quotes the sentence from the most representative quotes that uses most of them.

Example:
    >>> theme_label([("bus", 0.4), ("bus late", 0.3), ("fare", 0.2), ("driver", 0.1)])
    'Bus, late, fare'
    >>> theme_description(["bus", "late", "fare"], ["The bus was late again. I waited an hour."])
    'Segments about bus, late and fare, for example: "The bus was late again."'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def label_terms(keywords: Sequence[tuple[str, float]] | Sequence[str], max_terms: int = 3) -> list[str]:
    """Keywords for a label: each adds at least one word not already used.

    Example:
        >>> label_terms(["council tax", "council", "tax rise", "bins"])
        ['council tax', 'rise', 'bins']
    """
    used: set[str] = set()
    out: list[str] = []
    for item in keywords:
        term = item[0] if isinstance(item, tuple) else item
        words = [w for w in str(term).split() if w not in used]
        if not words:
            continue
        out.append(" ".join(words))
        used.update(str(term).split())
        if len(out) == max_terms:
            break
    return out


def theme_label(keywords: Sequence[tuple[str, float]] | Sequence[str], max_terms: int = 3) -> str:
    """A short label: up to ``max_terms`` non-overlapping keywords, comma-separated, first letter capitalised."""
    terms = label_terms(keywords, max_terms)
    if not terms:
        return "Unlabelled theme"
    text = ", ".join(terms)
    return text[0].upper() + text[1:]


def unique_labels(keywords: Mapping[int, Sequence[tuple[str, float]]], max_terms: int = 3) -> dict[int, str]:
    """A label per theme; themes whose labels collide get one more keyword until they differ (or run out).

    Example:
        >>> unique_labels({0: [("bus", 1.0), ("late", 0.5)], 1: [("bus", 1.0), ("fare", 0.5)]}, max_terms=1)
        {0: 'Bus, late', 1: 'Bus, fare'}
    """
    labels = {t: theme_label(kw, max_terms) for t, kw in keywords.items()}
    extra = 0
    while extra < 5:
        counts: dict[str, int] = {}
        for lab in labels.values():
            counts[lab] = counts.get(lab, 0) + 1
        clashes = [t for t, lab in labels.items() if counts[lab] > 1]
        if not clashes:
            break
        extra += 1
        for t in clashes:
            labels[t] = theme_label(keywords[t], max_terms + extra)
    return labels


def best_sentence(texts: Sequence[str], terms: Sequence[str], *, max_words: int = 30) -> str:
    """The sentence of ``texts`` (in order of preference) that contains most of ``terms``' words.

    Example:
        >>> best_sentence(["Nice town. The bins are never emptied."], ["bins", "emptied"])
        'The bins are never emptied.'
    """
    words = {w for t in terms for w in t.lower().split()}
    best, best_score = "", -1.0
    for rank, text in enumerate(texts):
        for sentence in _SENTENCE.split(" ".join(str(text).split())):
            tokens = re.findall(r"[a-z']+", sentence.lower())
            if len(tokens) < 3:
                continue
            stems = {t[:5] for t in tokens}
            hits = sum(1 for w in words if w[:5] in stems)
            score = hits - 0.1 * rank - (0.5 if len(tokens) > max_words else 0.0)
            if score > best_score:
                best, best_score = sentence, score
    if not best and texts:
        best = " ".join(str(texts[0]).split())
    cut = best.split()
    return " ".join(cut[:max_words]) + ("…" if len(cut) > max_words else "")


def theme_description(terms: Sequence[str], quotes: Sequence[str]) -> str:
    """One sentence: what the theme's segments talk about, with an example from its most representative quotes."""
    if not terms:
        about = "Segments with no distinctive words"
    elif len(terms) == 1:
        about = f"Segments about {terms[0]}"
    else:
        about = f"Segments about {', '.join(terms[:-1])} and {terms[-1]}"
    example = best_sentence(quotes, terms) if quotes else ""
    example = example.replace('"', "'")
    return f'{about}, for example: "{example}"' if example else f"{about}."
