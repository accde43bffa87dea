"""A first look at a corpus: how much there is, from where, about what.

The ``voices.summarise.v1`` stage adds an artifact ``summary`` with counts by source, question, speaker role
and platform, answer lengths, the date range, and the most frequent terms (placeholders such as
``[PERSON_1]`` excluded). It runs after anonymisation, so the terms never include raw personal data.

Example:
    >>> from voices.runstore import conform_example
    >>> from voices.corpus import Corpus
    >>> summarise(Corpus(conform_example()))["segments"]
    1
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from voices.corpus import Corpus
from voices.stage import RunContext

_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*(?:_[0-9A-Za-z.\-]+)?\]")


def top_terms(texts: pd.Series, n: int = 15) -> list[tuple[str, int]]:
    """The ``n`` most frequent unigrams and bigrams (English stop words and placeholders removed)."""
    from sklearn.feature_extraction.text import CountVectorizer

    clean = texts.fillna("").astype(str).str.replace(_PLACEHOLDER, " ", regex=True)
    if not clean.str.strip().any():
        return []
    vec = CountVectorizer(
        stop_words="english",
        ngram_range=(1, 2),
        min_df=2 if len(clean) > 50 else 1,
        token_pattern=r"(?u)\b[^\W\d_][^\W\d_']+\b",
        max_features=20000,
    )
    try:
        counts = vec.fit_transform(clean)
    except ValueError:  # nothing but stop words
        return []
    totals = np.asarray(counts.sum(axis=0)).ravel()
    order = np.argsort(-totals, kind="stable")[:n]
    vocab = vec.get_feature_names_out()
    return [(str(vocab[i]), int(totals[i])) for i in order]


def _lengths(texts: pd.Series) -> dict[str, float]:
    words = texts.fillna("").astype(str).str.split().str.len()
    if len(words) == 0:
        return {}
    return {
        "mean_words": round(float(words.mean()), 1),
        "median_words": float(words.median()),
        "max_words": int(words.max()),
    }


def summarise(corpus: Corpus, *, terms: int = 15) -> dict[str, Any]:
    """Build the summary dict described in the module docstring."""
    seg = corpus.segments
    out: dict[str, Any] = corpus.summary()
    out["length"] = _lengths(seg["text"])
    if seg["created_at"].notna().any():
        out["date_range"] = [str(seg["created_at"].min()), str(seg["created_at"].max())]
    out["top_terms"] = top_terms(seg["text"], terms)
    questions = seg.dropna(subset=["question_id"])
    if len(questions):
        out["questions"] = [
            {
                "question_id": str(qid),
                "question_text": str(group["question_text"].iloc[0] or ""),
                "answers": len(group),
                **_lengths(group["text"]),
                "top_terms": top_terms(group["text"], 8),
            }
            for qid, group in questions.groupby("question_id", sort=False)
        ]
    if seg["speaker_role"].notna().any():
        out["speaker_roles"] = {str(k): int(v) for k, v in seg["speaker_role"].value_counts().items()}
        out["speakers"] = int(seg["speaker"].nunique())
    if seg["duplicate_of"].notna().any():
        out["duplicates"] = int(seg["duplicate_of"].notna().sum())
    if seg["lang"].notna().any():
        out["languages"] = {str(k): int(v) for k, v in seg["lang"].value_counts().head(10).items()}
    if len(corpus.quarantine):
        out["quarantine_reasons"] = {
            str(k): int(v) for k, v in corpus.quarantine["reason"].value_counts().head(10).items()
        }
    return out


class Summarise:
    """Add a ``summary`` artifact (see :func:`summarise`).

    Args:
        terms: how many top terms to list overall.
    """

    name: ClassVar[str] = "voices.summarise.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    produces: ClassVar[frozenset[str]] = frozenset({"summary"})

    def __init__(self, terms: int = 15) -> None:
        self.terms = terms

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        return corpus.with_artifact("summary", summarise(corpus, terms=self.terms))
