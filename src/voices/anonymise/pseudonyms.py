"""Consistent pseudonyms: ``[PERSON_3]`` is the same person throughout a document (or the whole corpus).

Surface strings are compared by a key that ignores case, spacing, titles and possessives (and, for phone
numbers, everything but the digits), so "Sarah O'Connor", "SARAH O'CONNOR" and "Mrs Sarah O'Connor's" share a
number. A first name on its own takes the number of the full name it starts, when that full name appears in the
same scope ("Sarah" → the ``[PERSON_1]`` of "Sarah O'Connor"), and so does a surname when only one full name in
scope ends with it ("Mrs O'Connor"). Numbers follow order of first appearance.

Handles are hashed instead (``[HANDLE_3f9a2c]``): a keyed HMAC of the key, the same in every scope and run
with the same salt.

Example:
    >>> p = Pseudonyms()
    >>> for s in ["Sarah O'Connor", "Dave", "sarah"]:
    ...     p.observe("doc1", "PERSON", s)
    >>> [p.placeholder("doc1", "PERSON", s) for s in ["Sarah O'Connor", "Dave", "sarah"]]
    ['[PERSON_1]', '[PERSON_2]', '[PERSON_1]']
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections import defaultdict
from functools import lru_cache

from voices.anonymise.identifiers.phones import national_digits

_TITLES = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|cllr|councillor|rev|revd|father|sister)\.?\s+")
_POSSESSIVE = re.compile(r"['’]s$")
_EDGE = re.compile(r"^[^\w@]+|[^\w]+$")


@lru_cache(maxsize=1 << 18)
def key(label: str, surface: str) -> str:
    """The comparison key of a surface string for ``label`` (case-, space- and punctuation-insensitive)."""
    s = " ".join(surface.split()).casefold().replace("’", "'")
    if label == "PHONE":
        return national_digits(surface) or s
    if label in {"NHS_NUMBER", "ACCOUNT_NUMBER", "SORT_CODE", "CARD_NUMBER"}:
        return re.sub(r"\D", "", s) or s
    if label in {"POSTCODE", "POSTCODE_DISTRICT", "NINO", "IBAN", "VEHICLE_REG", "REFERENCE_NUMBER"}:
        return re.sub(r"[\s\-]", "", s)
    if label == "HANDLE":
        return re.sub(r"^(?:@|/?u/)", "", s)
    if label == "PERSON":
        s = _TITLES.sub("", s)
        s = _POSSESSIVE.sub("", s)
    return _EDGE.sub("", s) or s


class Pseudonyms:
    """Numbering and hashing of surface strings, per scope.

    Call :meth:`observe` for every surface in order of appearance, then :meth:`placeholder`; observing after
    the first placeholder is allowed (new keys get the next number) but first-name linking only looks at what
    was observed before.

    Args:
        salt: secret bytes for :meth:`hashed`; the same salt gives the same hashes across runs.
        hash_length: hex digits kept from the HMAC (6 → about 16 million values).
    """

    def __init__(self, *, salt: bytes = b"voices", hash_length: int = 6) -> None:
        self.salt = salt
        self.hash_length = hash_length
        self._seen: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)
        self._numbers: dict[tuple[str, str], dict[str, int]] = {}
        self._alias: dict[tuple[str, str], dict[str, str]] = {}

    def observe(self, scope: str, label: str, surface: str, canonical: str | None = None) -> None:
        """Record a surface string (and, for speakers, the full name it stands for) in a scope."""
        ck = key(label, canonical) if canonical else None
        self._seen[(scope, label)].append((key(label, surface), ck))
        self._numbers.pop((scope, label), None)

    def _finalise(self, scope: str, label: str) -> None:
        seen = self._seen.get((scope, label), [])
        alias: dict[str, str] = {}
        for k, ck in seen:
            if ck and ck != k:
                alias.setdefault(k, ck)
        if label == "PERSON":
            fulls = [k for k, _ in seen if " " in k]
            firsts: dict[str, str] = {}
            lasts: dict[str, set[str]] = defaultdict(set)
            for full in fulls:
                target = alias.get(full, full)
                firsts.setdefault(full.split(" ")[0], target)
                lasts[full.split(" ")[-1]].add(target)
            for k, _ in seen:
                if " " in k or k in alias:
                    continue
                if k in firsts:
                    alias[k] = firsts[k]
                elif len(lasts.get(k, ())) == 1:
                    alias[k] = next(iter(lasts[k]))  # "Mrs O'Connor" is the only O'Connor in scope
        numbers: dict[str, int] = {}
        for k, _ in seen:
            target = alias.get(k, k)
            if target not in numbers:
                numbers[target] = len(numbers) + 1
        self._alias[(scope, label)] = alias
        self._numbers[(scope, label)] = numbers

    def number(self, scope: str, label: str, surface: str, canonical: str | None = None) -> int:
        """The number of a surface string in its scope (1-based, by first appearance)."""
        if (scope, label) not in self._numbers:
            self._finalise(scope, label)
        numbers = self._numbers[(scope, label)]
        k = key(label, canonical) if canonical else key(label, surface)
        target = self._alias[(scope, label)].get(k, k)
        if target not in numbers:
            numbers[target] = len(numbers) + 1
        return numbers[target]

    def placeholder(self, scope: str, label: str, surface: str, canonical: str | None = None) -> str:
        """``[LABEL_n]`` for a surface string in its scope."""
        return f"[{label}_{self.number(scope, label, surface, canonical)}]"

    def hashed(self, label: str, surface: str, canonical: str | None = None) -> str:
        """``[LABEL_3f9a2c]``: a keyed hash of the surface's key, the same in every scope."""
        return _hashed(self.salt, label, key(label, canonical or surface), self.hash_length)


@lru_cache(maxsize=1 << 16)
def _hashed(salt: bytes, label: str, k: str, length: int) -> str:
    digest = hmac.new(salt, f"{label}:{k}".encode(), hashlib.sha256).hexdigest()
    return f"[{label}_{digest[:length]}]"
