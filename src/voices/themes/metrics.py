"""Quality numbers for a theme solution: NPMI coherence, keyword diversity, share intervals.

Example:
    >>> wilson_interval(30, 100)
    (0.2189, 0.3959)
    >>> diversity({0: ["bus", "fare"], 1: ["bus", "park"]})
    0.75
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from voices.themes.tokens import ngrams


def wilson_interval(count: int, total: int, *, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval (95% by default) for a share ``count / total``, rounded to 4 decimals.

    Example:
        >>> wilson_interval(0, 0)
        (0.0, 1.0)
    """
    if total <= 0:
        return (0.0, 1.0)
    p = count / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return (round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4))


def diversity(top_terms: Mapping[int, Sequence[str]], top_n: int = 10) -> float:
    """Share of unique terms among every theme's top ``top_n`` keywords (1 = no keyword shared).

    Dieng, Ruiz & Blei (2020), "Topic modeling in embedding spaces".
    """
    terms = [t for kws in top_terms.values() for t in list(kws)[:top_n]]
    return round(len(set(terms)) / len(terms), 4) if terms else 0.0


def npmi_coherence(
    top_terms: Mapping[int, Sequence[str]],
    tokens: Sequence[Sequence[str]],
    *,
    top_n: int = 10,
    ngram_max: int = 2,
) -> tuple[float, dict[int, float]]:
    """Mean normalised pointwise mutual information of each theme's top keyword pairs, over documents.

    A pair that never co-occurs scores -1; a pair that always co-occurs scores 1 (Bouma 2009; Röder et al. 2015
    use the same measure with a sliding window; here a document is the window).

    Args:
        top_terms: keywords (uni- or bi-grams) per theme.
        tokens: content tokens of the reference documents (usually the themed segments themselves).
        top_n: keywords per theme used.
        ngram_max: longest n-gram, so bi-gram keywords can be found.

    Returns:
        ``(mean over themes, {theme: coherence})``, rounded to 4 decimals; themes with fewer than two keywords
        are left out.

    Example:
        >>> docs = [["bus", "late"], ["bus", "late"], ["park", "bins"], ["park", "bins"]]
        >>> npmi_coherence({0: ["bus", "late"], 1: ["bus", "bins"]}, docs)
        (0.0, {0: 1.0, 1: -1.0})
    """
    vocab = sorted({t for kws in top_terms.values() for t in list(kws)[:top_n]})
    index = {t: i for i, t in enumerate(vocab)}
    n = len(tokens)
    if n == 0 or not vocab:
        return 0.0, {}
    present = np.zeros((n, len(vocab)), dtype=np.float32)
    for d, toks in enumerate(tokens):
        for g in set(ngrams(list(toks), ngram_max)):
            j = index.get(g)
            if j is not None:
                present[d, j] = 1.0
    p = present.mean(axis=0).astype(np.float64)
    joint = (present.T @ present).astype(np.float64) / n
    per: dict[int, float] = {}
    for theme, kws in top_terms.items():
        ids = [index[t] for t in list(kws)[:top_n]]
        if len(ids) < 2:
            continue
        scores = []
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                i, j = ids[a], ids[b]
                pij = joint[i, j]
                if pij <= 0:
                    scores.append(-1.0)
                elif pij >= 1:
                    scores.append(1.0)
                else:
                    scores.append(math.log(pij / (p[i] * p[j])) / -math.log(pij))
        per[int(theme)] = round(float(np.mean(scores)), 4)
    mean = round(float(np.mean(list(per.values()))), 4) if per else 0.0
    return mean, per
