"""Social media exports: one segment per post, from X, Reddit, Mastodon, Bluesky, YouTube, TikTok, CrowdTangle
and generic CSV / JSONL files.

The public API is three functions:

* :func:`detect` names a file's platform (one of :data:`PLATFORMS`);
* :func:`read` reads one file into a :class:`~voices.ingest.reading.ReadResult`;
* :func:`mark_duplicates` fills ``duplicate_of`` across a whole corpus of posts.

Example:
    >>> PLATFORMS[:3]
    ('x_v2', 'x_v1_1', 'reddit')
"""

from __future__ import annotations

from voices.ingest.social.detect import PLATFORMS, detect
from voices.ingest.social.duplicates import mark_duplicates
from voices.ingest.social.readers import PlatformError, read

__all__ = ["PLATFORMS", "PlatformError", "detect", "mark_duplicates", "read"]
