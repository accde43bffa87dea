"""Merging spans from many detectors into one non-overlapping set, so nothing is left half-masked.

Overlapping spans become one span covering their union; the label, detector and confidence come from the
winning span: the longest, then the label with the higher :data:`PRIORITY`, then the more confident. Spans
inside a placeholder the engine wrote earlier (``[PERSON_1]``) are clipped away, so anonymising twice changes
nothing.

Example:
    >>> a = Span(5, 17, "PHONE", "phone", 0.95)
    >>> b = Span(11, 17, "REFERENCE_NUMBER", "reference", 0.6)
    >>> merge([b, a])
    [Span(start=5, end=17, label='PHONE', detector='phone', confidence=0.95)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from voices.anonymise.spans import Span

#: Higher wins when two overlapping spans are equally long. Specific, checksummed identifiers rank first;
#: the catch-all reference number last.
PRIORITY: dict[str, int] = {
    label: rank
    for rank, label in enumerate(
        reversed(
            [
                "IBAN",
                "CARD_NUMBER",
                "EMAIL",
                "NINO",
                "NHS_NUMBER",
                "PHONE",
                "POSTCODE",
                "VEHICLE_REG",
                "SORT_CODE",
                "ACCOUNT_NUMBER",
                "DATE_OF_BIRTH",
                "HANDLE",
                "URL",
                "IP_ADDRESS",
                "PERSON",
                "ADDRESS",
                "AGE",
                "POSTCODE_DISTRICT",
                "REFERENCE_NUMBER",
            ]
        )
    )
}


def _rank(span: Span) -> tuple[int, int, float]:
    return (span.length, PRIORITY.get(span.label, -1), span.confidence)


def merge(spans: Iterable[Span]) -> list[Span]:
    """Union overlapping spans; return them sorted and non-overlapping (touching spans stay apart)."""
    ordered = sorted((s for s in spans if s.end > s.start), key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    cluster: list[Span] = []
    end = -1
    for span in ordered:
        if cluster and span.start < end:
            cluster.append(span)
            end = max(end, span.end)
            continue
        if cluster:
            out.append(_collapse(cluster, end))
        cluster, end = [span], span.end
    if cluster:
        out.append(_collapse(cluster, end))
    return out


def _collapse(cluster: list[Span], end: int) -> Span:
    best = max(cluster, key=_rank)
    if len(cluster) == 1:
        return best
    return Span(cluster[0].start, end, best.label, best.detector, best.confidence)


def clip(spans: Iterable[Span], protected: Sequence[tuple[int, int]]) -> list[Span]:
    """Remove the parts of ``spans`` that fall inside ``protected`` regions (placeholders already written).

    A span cut in two keeps both pieces; pieces with no letter or digit left are dropped.
    """
    if not protected:
        return list(spans)
    out: list[Span] = []
    for span in spans:
        pieces = [(span.start, span.end)]
        for a, b in protected:
            nxt: list[tuple[int, int]] = []
            for s, e in pieces:
                if b <= s or e <= a:
                    nxt.append((s, e))
                    continue
                if s < a:
                    nxt.append((s, a))
                if b < e:
                    nxt.append((b, e))
            pieces = nxt
        for s, e in pieces:
            out.append(Span(s, e, span.label, span.detector, span.confidence))
    return out


def covered(spans: Sequence[Span], start: int, end: int) -> bool:
    """Whether ``start:end`` lies entirely inside the union of ``spans`` (sorted, non-overlapping)."""
    pos = start
    for s in spans:
        if s.start > pos:
            break
        if s.end > pos:
            pos = s.end
        if pos >= end:
            return True
    return pos >= end
