"""Thread roots for platforms whose posts name only the post they reply to (Mastodon, X v1.1).

Example:
    >>> resolve_roots(["1", "2", "3", "9"], [None, "1", "2", "8"])
    ['1', '1', '1', '8']
"""

from __future__ import annotations


def resolve_roots(post_ids: list[str | None], parent_ids: list[str | None]) -> list[str | None]:
    """Follow ``parent_ids`` within the file up to the topmost post that is present.

    The root of a post is the topmost ancestor found in the file; when that ancestor itself replies to a post
    outside the file, the root is that outside post (the nearest thread id we can know), so siblings replying
    to the same missing post still share a thread. Posts that reply to nothing are their own root.

    Args:
        post_ids: platform id of each post (``None`` when it has none).
        parent_ids: platform id of the post each one replies to.

    Returns:
        One root id per post (``None`` only for a post with neither an id nor a parent).
    """
    parent_of = {p: q for p, q in zip(post_ids, parent_ids, strict=True) if p}
    cache: dict[str, str] = {}
    roots: list[str | None] = []
    for pid, parent in zip(post_ids, parent_ids, strict=True):
        if not parent:
            roots.append(pid)
            continue
        path: list[str] = []
        node = parent
        seen: set[str] = set()
        while node in parent_of and node not in cache and node not in seen:
            seen.add(node)
            path.append(node)
            up = parent_of[node]
            if not up:
                break
            node = up
        root = cache.get(node, node)
        for visited in path:
            cache[visited] = root
        roots.append(root)
    return roots
