"""The residual-risk report: what was masked, what is left for a human to check.

After masking, three things still deserve a reviewer's eye: quasi-identifiers (named schools, roles tied to a
place, small streets), low-confidence detections, and *rare terms*: capitalised words (other than at the start of
a sentence) that fewer than ``k`` documents use, which are often names the detectors missed. The report counts
them; the review queue lists the segments and offsets (into the anonymised text) to look at. Neither holds an
original value: rare terms are counted, never listed.

Example:
    >>> texts = ["We met Zebedee at the Hall.", "The Hall was shut.", "Hall hours are short. Great."]
    >>> [[t[a:b] for a, b, _ in hits] for t, hits in zip(texts, rare_terms(texts, ["1", "2", "3"], k=2))]
    [['Zebedee'], [], []]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from voices.anonymise.transform import PLACEHOLDER

_CAPITALISED = re.compile(r"(?<![\w\[\-'’])[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*")
_ENDERS = frozenset('.!?:;\n"“(-–*•>')
#: Capitalised words that are not names wherever they appear.
_COMMON = frozenset(
    [
        "I",
        "I'm",
        "I've",
        "I'd",
        "I'll",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Dr",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Christmas",
        "Easter",
        "English",
        "British",
        "UK",
        "England",
        "Scotland",
        "Wales",
        "Britain",
        "God",
        "OK",
        "Ok",
    ]
)


def candidate_terms(text: str) -> list[tuple[int, int, str]]:
    """Capitalised words not at a sentence start and not inside a placeholder: ``(start, end, term)``."""
    if not text:
        return []
    protected = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)] if "[" in text else []
    out = []
    for m in _CAPITALISED.finditer(text):
        word = m.group(0).rstrip("'’-")
        if word in _COMMON or _at_start(text, m.start()):
            continue
        if any(a <= m.start() < b for a, b in protected):
            continue
        out.append((m.start(), m.start() + len(word), word.casefold()))
    return out


def _at_start(text: str, pos: int) -> bool:
    window = text[max(0, pos - 20) : pos]
    before = window.rstrip()
    if not before:
        return pos <= 20
    return before[-1] in _ENDERS


Hits = list[tuple[int, int, str]]


def rare_terms(
    texts: Sequence[str | None], document_ids: Sequence[str], k: int, *, candidates: Sequence[Hits] | None = None
) -> list[Hits]:
    """Per text, the candidate terms used in fewer than ``k`` distinct documents.

    Args:
        texts: anonymised texts.
        document_ids: per text, its document.
        k: the threshold in documents.
        candidates: :func:`candidate_terms` of each text, if already computed.
    """
    per_text = list(candidates) if candidates is not None else [candidate_terms(t or "") for t in texts]
    docs_of: dict[str, set[str]] = {}
    for hits, doc in zip(per_text, document_ids, strict=True):
        for _, _, term in hits:
            docs_of.setdefault(term, set()).add(doc)
    return [[h for h in hits if len(docs_of[h[2]]) < k] for hits in per_text]


def residual_report(
    summary: dict[str, Any],
    texts: Sequence[str | None],
    document_ids: Sequence[str],
    review_rows: int,
    review_by_reason: dict[str, int],
    *,
    k: int,
    review_threshold: float,
    candidates: Sequence[Hits] | None = None,
) -> dict[str, Any]:
    """The ``anonymisation`` artifact: counts by label and detector, review queue size, capitalised words left.

    Only counts, and capitalised words used by at least ``k`` documents (common enough not to single anyone out),
    appear; nothing rarer.
    """
    per_text = list(candidates) if candidates is not None else [candidate_terms(t or "") for t in texts]
    docs_of: dict[str, set[str]] = {}
    total = Counter[str]()
    for hits, doc in zip(per_text, document_ids, strict=True):
        for _, _, term in hits:
            docs_of.setdefault(term, set()).add(doc)
            total[term] += 1
    rare = {t for t, d in docs_of.items() if len(d) < k}
    common = sorted(((t, n) for t, n in total.items() if t not in rare), key=lambda x: (-x[1], x[0]))[:20]
    return {
        **summary,
        "review_queue": {"rows": review_rows, "by_reason": dict(sorted(review_by_reason.items()))},
        "capitalised_unmasked": {
            "tokens": int(sum(total.values())),
            "distinct": len(docs_of),
            "segments": sum(1 for hits in per_text if hits),
            "rare_distinct": len(rare),
            "rare_k": k,
            "common": [{"term": t, "count": n} for t, n in common],
        },
        "review_threshold": review_threshold,
    }
