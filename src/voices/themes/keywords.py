"""Theme keywords: class-based TF-IDF (c-TF-IDF, as in BERTopic) over lemmatised uni- and bi-grams.

All segments of a theme are joined into one document; a term's weight is its frequency in the theme (L1
normalised) times ``log(1 + A / f)``, where ``A`` is the average number of terms per theme and ``f`` the term's
frequency over all themes (Grootendorst 2022). Terms in more than ``max_df`` of the segments are left out (as
scikit-learn's ``CountVectorizer(max_df=...)``), and a unigram that is part of a higher-ranked bi-gram is dropped,
so keywords read without repetition.

Example:
    >>> toks = [["bus", "late"], ["bus", "late", "driver"], ["park", "litter"], ["park", "bins", "litter"]]
    >>> kw = theme_keywords(toks, [0, 0, 1, 1], n_themes=2, top_n=3, min_count=1, max_df=1.0)
    >>> [w for w, _ in kw[0]], [w for w, _ in kw[1]]
    (['bus', 'bus late', 'driver'], ['litter', 'park', 'bins'])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from voices.themes.tokens import ngrams


def class_tfidf(counts: sp.csr_matrix) -> sp.csr_matrix:
    """c-TF-IDF of a ``(themes, terms)`` count matrix (BERTopic's ``ClassTfidfTransformer`` defaults).

    Example:
        >>> m = class_tfidf(sp.csr_matrix(np.array([[2.0, 0.0], [1.0, 1.0]])))
        >>> np.round(m.toarray(), 3).tolist()
        [[0.511, 0.0], [0.255, 0.549]]
    """
    counts = sp.csr_matrix(counts, dtype=np.float64)
    freq = np.asarray(counts.sum(axis=0)).ravel()
    avg = int(counts.sum(axis=1).mean())
    idf = np.log(avg / np.maximum(freq, 1e-12) + 1)
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    tf = sp.diags(1.0 / np.maximum(row_sums, 1e-12)) @ counts
    return sp.csr_matrix(tf @ sp.diags(idf))


def theme_keywords(
    tokens: Sequence[Sequence[str]],
    labels: Sequence[int] | np.ndarray,
    *,
    n_themes: int,
    top_n: int = 10,
    ngram_max: int = 2,
    min_count: int = 2,
    max_df: float = 0.5,
) -> dict[int, list[tuple[str, float]]]:
    """Top c-TF-IDF keywords of every theme.

    Args:
        tokens: content tokens of each segment (see :mod:`voices.themes.tokens`).
        labels: theme of each segment (``-1`` and other negatives are ignored).
        n_themes: themes are ``0..n_themes-1`` (a theme without segments gets no keywords).
        top_n: keywords per theme.
        ngram_max: longest n-gram.
        min_count: a term must occur at least this often in the whole corpus.
        max_df: a term found in more than this share of the segments is not a keyword (corpus-wide words such as
            "say" in news, or the subject of the question itself, tell themes apart from nothing), unless a theme
            has no other words.

    Returns:
        ``{theme_id: [(term, weight), ...]}`` with weights rounded to 4 decimals, best first.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    labels = np.asarray(labels)
    keep = np.flatnonzero(labels >= 0)
    empty: dict[int, list[tuple[str, float]]] = {t: [] for t in range(n_themes)}
    if len(keep) == 0:
        return empty
    vectorizer = CountVectorizer(analyzer=lambda toks: ngrams(list(toks), ngram_max), min_df=1)
    try:
        counts = vectorizer.fit_transform([tokens[int(i)] for i in keep])
    except ValueError:  # no terms at all
        return empty
    vocab = np.asarray(vectorizer.get_feature_names_out())
    total = np.asarray(counts.sum(axis=0)).ravel()
    member = sp.csr_matrix((np.ones(len(keep)), (labels[keep], np.arange(len(keep)))), shape=(n_themes, len(keep)))
    per_theme = sp.csr_matrix(member @ counts)
    weights = class_tfidf(per_theme).toarray()
    doc_freq = np.asarray((counts > 0).sum(axis=0)).ravel() / len(keep)
    weights[:, total < min_count] = 0.0
    common = weights.copy()
    weights[:, doc_freq > max_df] = 0.0
    out: dict[int, list[tuple[str, float]]] = {}
    for theme in range(n_themes):
        # a theme made only of corpus-wide words (one theme, or one template repeated) keeps those words
        row = weights[theme] if (weights[theme] > 0).any() else common[theme]
        order = np.lexsort((vocab, -row))
        chosen: list[tuple[str, float]] = []
        for j in order:
            if row[j] <= 0 or len(chosen) >= top_n:
                break
            term = str(vocab[j])
            if " " not in term and any(term in c.split() for c, _ in chosen if " " in c):
                continue
            chosen.append((term, round(float(row[j]), 4)))
        out[theme] = chosen
    return out
