"""Telling a speaker prefix (``Priya Shah: …``, ``[SPEAKER_00]: …``, ``P04 - …``) from ordinary text.

``Time: about three years`` looks just like ``Interviewer: Thanks``. A prefix is trusted only when its label is
*known* (given by the user), *conventional* (``Interviewer``, ``P04``, ``Speaker 2``, ``SPEAKER_00``,
``Call-in User 1``…) or *repeats* (appears as a prefix on at least two lines of the same file). Labels may
contain ``:``, brackets and any script (``田中：``); where a line offers several candidate prefixes
(``Call-in User 1: Time: about…``) the most frequent trusted one wins, then the longest.

Example:
    >>> lines = ["Alice: Hi. Can I ask: why?", "Bob: Time: two years.", "Alice: Thanks.", "Bob: OK."]
    >>> prefixes = Prefixes(lines)
    >>> prefixes.split("Bob: Time: two years.")
    ('Bob', 'Time: two years.')
    >>> prefixes.split("Time: two years.")
    (None, 'Time: two years.')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

#: Only look for a prefix in the first this-many characters of a line.
MAX_LABEL_CHARS = 60
_MAX_WORDS = 6
_MAX_DASH_WORDS = 3

_CONVENTIONAL_RE = re.compile(
    r"^(?:speaker|spk|participant|respondent|interviewee|interviewer|facilitator|moderator|researcher|"
    r"chair|host|guest|caller|call-in user|unknown speaker|user|p|r|i|q|a|iv|int)(?:[\s_#-]*\d+)?$",
    re.IGNORECASE,
)
_COLON_RE = re.compile(r"[:：]")
_DASH_RE = re.compile(r"\s[-–—]\s")


def conventional(label: str) -> bool:
    """Whether ``label`` is a conventional transcript speaker label.

    Example:
        >>> conventional("SPEAKER_00"), conventional("Call-in User 1"), conventional("P04"), conventional("Time")
        (True, True, True, False)
    """
    return bool(_CONVENTIONAL_RE.match(label.strip()))


def plausible(label: str, max_words: int = _MAX_WORDS) -> bool:
    """Whether ``label`` could be a speaker label: short, few words, no sentence punctuation."""
    if not label or len(label) > MAX_LABEL_CHARS or len(label.split()) > max_words:
        return False
    if any(ch in label for ch in '?!"“”') or label[0].islower():
        return False
    return not label.endswith((".", ",", ";"))


def _unwrap(label: str) -> str:
    label = label.strip()
    if len(label) > 2 and label[0] == "[" and label[-1] == "]":
        label = label[1:-1].strip()
    return label


def candidates(line: str) -> list[tuple[str, str, str]]:
    """Every plausible ``(label, rest, kind)`` split of ``line`` at a ``:`` (or ``：``) or ``' - '``.

    A colon counts only when followed by whitespace or the end of the line (fullwidth colons need no space),
    so ``10:30`` and ``http://`` are never prefixes. Dash prefixes are at most three words. ``kind`` is
    ``"colon"`` or ``"dash"``.

    Example:
        >>> [label for label, rest, kind in candidates("Call-in User 1: Time: about three years")]
        ['Call-in User 1', 'Call-in User 1: Time']
    """
    out: list[tuple[str, str, str]] = []
    head = line[: MAX_LABEL_CHARS + 4]
    for m in _COLON_RE.finditer(head):
        after = line[m.end() : m.end() + 1]
        if m.group() == ":" and after and not after.isspace():
            continue
        label = _unwrap(line[: m.start()])
        if plausible(label, _MAX_WORDS):
            out.append((label, line[m.end() :].strip(), "colon"))
    dash = _DASH_RE.search(head)
    if dash is not None:
        label = _unwrap(line[: dash.start()])
        if plausible(label, _MAX_DASH_WORDS) and line[dash.end() :].strip():
            out.append((label, line[dash.end() :].strip(), "dash"))
    return out


class Prefixes:
    """Decide, for one file, which line prefixes are speaker labels.

    Args:
        lines: every line (or cue text) of the file that may start with a speaker prefix.
        known: labels known to be speakers (the user's ``interviewers`` and ``roles`` keys).
    """

    def __init__(self, lines: Iterable[str], known: Iterable[str] = ()) -> None:
        self.known = {k.casefold() for k in known}
        self.counts: Counter[str] = Counter()
        for line in lines:
            self.counts.update({label.casefold() for label, _, _ in candidates(line)})

    def trusted(self, label: str, kind: str = "colon") -> bool:
        """Whether ``label`` is known, conventional, or repeats as a prefix in this file.

        A dash prefix (``P04 - …``) needs more: a bare conventional letter (``I - went``) is not enough.
        """
        key = label.casefold()
        if key in self.known or self.counts[key] >= 2:
            return True
        return conventional(label) and (kind == "colon" or any(ch.isdigit() for ch in label))

    def split(self, line: str) -> tuple[str | None, str]:
        """Split a trusted speaker prefix off ``line``.

        Returns:
            ``(label, rest)``, or ``(None, line)`` when the line has no trusted prefix.
        """
        found = [(label, rest) for label, rest, kind in candidates(line) if self.trusted(label, kind)]
        if not found:
            return None, line
        label, rest = max(found, key=lambda c: (self.counts[c[0].casefold()], len(c[0])))
        return label, rest
