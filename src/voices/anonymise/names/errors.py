"""Errors raised by name detection."""

from __future__ import annotations

from voices.errors import VoicesError


class BatchShapeError(VoicesError):
    """``DetectContext.document_ids`` does not line up with the batch of texts."""

    def __init__(self, n_texts: int, n_ids: int) -> None:
        super().__init__(
            f"DetectContext.document_ids: expected one id per text ({n_texts}), found {n_ids}. "
            "Fix: pass document_ids aligned with texts, or None to treat each text as its own document."
        )
