"""Speakers and known names: who is talking, and every place their name appears.

Transcript speakers ("Alice Jones") are people: the speaker field gets their ``[PERSON_n]`` and their full name,
first name and surname are masked wherever they appear in their own document (full names everywhere). Social
authors are handles: the field gets their hashed ``[HANDLE_…]``, the same hash every ``@mention`` of them gets.
Generic labels ("Interviewer", "Speaker 2", "P3") identify no one and stay as they are.

Example:
    >>> is_generic_speaker("Speaker 2"), is_generic_speaker("Alice Jones"), is_generic_speaker("Jo")
    (True, False, False)
    >>> m = NameMatcher({"Alice Jones": "Alice Jones"}, tokens=True)
    >>> [(s, e, c) for s, e, c in m.find("Thanks alice jones, and Jones too")]
    [(7, 18, 'Alice Jones'), (24, 29, 'Alice Jones')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from voices.anonymise.transform import PLACEHOLDER

_GENERIC = re.compile(
    r"(?:speaker|participant|interviewer|interviewee|respondent|moderator|facilitator|researcher|host|guest|"
    r"unknown|narrator|chair|member|panel(?:list)?|audience|caller|presenter|note[ -]?taker|observer|"
    r"[a-z]|[a-z]{1,2}[0-9]+|spk|spkr|int|resp)(?:[ _\-#]*[0-9]+|[ _\-]*[a-z])?",
    re.IGNORECASE,
)
#: A short capitalised word ("Jo", "Ed"): a name unless it is a role word ("Int", "Spk").
_SHORT_NAME = re.compile(r"[A-Z][a-z]{1,3}")
_ROLE_WORDS = frozenset({"host", "int", "resp", "spk", "spkr", "chair", "unknown", "guest"})
#: Words that are never masked as parts of a speaker's name.
_NOT_NAMES = frozenset(
    """the and of de la le van von der mr mrs ms miss mx dr doctor prof professor sir dame lord lady baron baroness
    rt hon cllr councillor rev revd reverend father sister jr sr st a an mp chair chairman chairwoman""".split()  # noqa: SIM905
)


def is_generic_speaker(speaker: str, source_kind: str | None = None) -> bool:
    """True for role labels that identify no one, and for placeholders written by an earlier pass.

    A social author is never generic: "p3" or "host" is somebody's handle.
    """
    s = speaker.strip()
    if not s or PLACEHOLDER.fullmatch(s) is not None:
        return True
    if _SHORT_NAME.fullmatch(s) and s.lower() not in _ROLE_WORDS:
        return False  # "Jo", "Ed", "Al": a name, though shaped like the initials "JS"
    return source_kind != "social" and _GENERIC.fullmatch(s) is not None


_BRACKETED = re.compile(r"(.+?)(\s*[(\[]\s*)(.+?)(\s*[)\]])")
_PREFIXED = re.compile(r"(.+?)(\s*[:\-\u2013]\s+)(.+)")


def split_role(speaker: str, source_kind: str | None = None) -> tuple[str, str, str]:
    """``(before, name, after)``: a transcript speaker's name apart from a role label around it.

    "Interviewer (Sam Patel)", "Sam Patel [Interviewer]" and "Interviewer - Sam Patel" name Sam Patel, who must
    get the same pseudonym as the speaker "Sam Patel" while the role stays readable. Anything else (and every
    social author) is all name.

    Example:
        >>> split_role("Interviewer (Sam Patel)"), split_role("Sam Patel [Interviewer]")
        (('Interviewer (', 'Sam Patel', ')'), ('', 'Sam Patel', ' [Interviewer]'))
        >>> split_role("Moderator - Jo"), split_role("Alice Jones")
        (('Moderator - ', 'Jo', ''), ('', 'Alice Jones', ''))
    """
    if source_kind == "social":
        return "", speaker, ""
    s = speaker.strip()

    def generic(part: str) -> bool:  # a placeholder from an earlier pass stands where the name stood
        return is_generic_speaker(part, source_kind) and PLACEHOLDER.fullmatch(part.strip()) is None

    m = _BRACKETED.fullmatch(s)
    if m:
        outer, inner = m.group(1), m.group(3)
        if generic(outer) and not generic(inner):
            return outer + m.group(2), inner, m.group(4)
        if generic(inner) and not generic(outer):
            return "", outer, m.group(2) + inner + m.group(4)
    m = _PREFIXED.fullmatch(s)
    if m and generic(m.group(1)) and not generic(m.group(3)):
        return m.group(1) + m.group(2), m.group(3), ""
    return "", speaker, ""


def speaker_label(speaker: str, source_kind: str | None) -> str:
    """``HANDLE`` for social authors and ``@names``; ``PERSON`` otherwise."""
    return "HANDLE" if source_kind == "social" or speaker.strip().startswith(("@", "u/")) else "PERSON"


def _flexible(name: str) -> str:
    """A regex for a name that tolerates any run of spaces and either apostrophe (O'Connor, O’Connor)."""
    return re.sub(r"['’]", "['’]", re.escape(name).replace(r"\ ", r"\s+"))


class NameMatcher:
    """Finds known names (and, with ``tokens``, their capitalised parts) in text.

    Args:
        names: surface name → canonical name (the full name the pseudonym is keyed on).
        tokens: also match each part of a multi-word name on its own, as written or in capitals.
    """

    def __init__(self, names: Mapping[str, str], *, tokens: bool = False) -> None:
        full: list[str] = []
        parts: dict[str, str] = {}
        self._canonical: dict[str, str] = {}
        for surface, canonical in names.items():
            s = " ".join(surface.split())
            if len(s) < 2:
                continue
            full.append(s)
            self._canonical[s.casefold().replace("’", "'")] = canonical
            if tokens:
                for tok in re.findall(r"[^\W\d_][\w'’\-]*", s):
                    if len(tok) >= 2 and tok.casefold() not in _NOT_NAMES and tok[0].isupper():
                        parts.setdefault(tok, canonical)
                        parts.setdefault(tok.upper(), canonical)
        self._parts = parts
        alts = sorted(full, key=len, reverse=True)
        self._full = (
            re.compile(
                r"(?<![\w@])(?:" + "|".join(_flexible(a) for a in alts) + r")(?!\w)",
                re.IGNORECASE,
            )
            if alts
            else None
        )
        self._tok = (
            re.compile(
                r"(?<![\w@])(?:" + "|".join(_flexible(p) for p in sorted(parts, key=len, reverse=True)) + r")(?!\w)"
            )
            if parts
            else None
        )

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, canonical)`` for every mention; full names first, then lone parts."""
        taken: list[tuple[int, int]] = []
        if self._full is not None:
            for m in self._full.finditer(text):
                found = " ".join(m.group(0).split()).casefold().replace("’", "'")
                canonical = self._canonical.get(found, m.group(0))
                taken.append((m.start(), m.end()))
                yield m.start(), m.end(), canonical
        if self._tok is not None:
            for m in self._tok.finditer(text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                yield m.start(), m.end(), self._parts[m.group(0)]
