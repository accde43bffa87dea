"""Turning caption markup into the plain text a segment carries.

Caption files carry markup (``<v Name>``, ``<c.colour>``, ``<i>``, inline ``<00:17.500>`` timestamps, HTML
entities). Segment text is plain: tags stripped, entities unescaped, whitespace tidied. Notation such as
``[inaudible 00:00:07]`` or ``(laughs)`` is kept as text (it is evidence) but counted, so a reader can report it.

Example:
    >>> strip_markup("That's <00:00:21.000><c.colorE5E5E5>amore</c> &amp; more")
    "That's amore & more"
"""

from __future__ import annotations

import html
import re

# Tags: an element name after '<' or '</' (v, c.x, i, b, u, lang, ruby, rt, font…), or a timestamp tag.
_TAG_RE = re.compile(r"</?[A-Za-z][^<>\n]*>|<\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,9})?>")
_SPACE_RE = re.compile(r"\s+")

#: Transcription notation worth counting: Rev / Otter / Teams style brackets.
NOTATION_RE = re.compile(
    r"\[(?P<square>(?:inaudible|crosstalk|unintelligible|indiscernible|overlapping|laughter|laughs|laughing|"
    r"foreign|music|applause|silence|pause|noise|background noise|cough|coughs|sighs?)\b[^\]\n]*)\]"
    r"|\((?P<round>(?:laughs|laughter|laughing|inaudible|crosstalk|pause|sighs?|coughs?)\b[^)\n]*)\)",
    re.IGNORECASE,
)


def tidy(text: str) -> str:
    """Collapse every run of whitespace (including newlines and no-break spaces) to one space and trim.

    Example:
        >>> tidy("  two\\n lines\\u00a0here ")
        'two lines here'
    """
    return _SPACE_RE.sub(" ", text.replace("\u00a0", " ")).strip()


def strip_markup(text: str) -> str:
    """Remove caption tags and timestamp tags, unescape HTML entities, then :func:`tidy`.

    A ``<`` that does not open a tag (``a < b``) is kept.

    Example:
        >>> strip_markup("<v.loud Mary>Hi &lt;3</v>")
        'Hi <3'
    """
    return tidy(html.unescape(_TAG_RE.sub("", text)))


_LETTER_RE = re.compile(r"[^\W\d_]")


def shape(text: str, limit: int = 40) -> str:
    """``text`` with every letter replaced by ``x``: enough to see what is wrong with a line, no words leaked.

    Quarantine reasons and notes end up in run manifests, which must never hold raw text.

    Example:
        >>> shape("0:1:oops --> 0:1:7.0")
        '0:1:xxxx --> 0:1:7.0'
    """
    return _LETTER_RE.sub("x", text[:limit])


def notations(text: str) -> list[str]:
    """The transcription notations in ``text`` (``inaudible 00:00:07``, ``crosstalk``, ``laughs``…).

    Example:
        >>> notations("since [inaudible 00:00:07] 2019. [crosstalk] (laughs)")
        ['inaudible 00:00:07', 'crosstalk', 'laughs']
    """
    return [(m["square"] or m["round"]).strip() for m in NOTATION_RE.finditer(text)]


_MARKER_RE = re.compile(r"^\s*\S.{0,120}?\s+(?:started|stopped)\s+transcription\.?\s*$", re.IGNORECASE)

#: Reason recorded when a Teams transcription notice is dropped.
MARKER_REASON = "Teams 'started/stopped transcription' notice, not speech"


def transcription_marker(text: str) -> bool:
    """Whether ``text`` is a Teams ``"<Name> started transcription"`` / ``"stopped transcription"`` notice.

    Example:
        >>> transcription_marker("Priya Shah stopped transcription"), transcription_marker("I started a job")
        (True, False)
    """
    return bool(_MARKER_RE.match(text))
