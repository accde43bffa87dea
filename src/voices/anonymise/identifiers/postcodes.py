"""UK postcodes: full units anywhere, districts and sectors only with context.

A full unit (``LS6 2AB``, ``sw1a1aa``) averages about 15 addresses, so it is masked wherever it appears; the
validator (area list, letter rules, inward-code letters) sets the confidence. A district on its own (``LS6``)
collides with roads and models (``M1``, ``A1``), so it is only taken after context words ("in LS6",
"postcode LS6") or as a sector ("LS6 2"), and only for real postcode areas.

Example:
    >>> [(s.label, s.start, s.end) for s in PostcodeDetector().detect(["My postcode is LS6 2AB, in LS6."])[0]]
    [('POSTCODE', 15, 22), ('POSTCODE_DISTRICT', 27, 30)]
    >>> district("sw1a1aa")
    'SW1A'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import PatternDetector
from voices.anonymise.spans import Span

#: The 121 geographic postcode areas plus BF (BFPO) and BX (non-geographic).
AREAS: frozenset[str] = frozenset(
    """AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC
    EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M
    ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW
    SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE""".split()  # noqa: SIM905 - a block of codes reads better than 124 list lines
)
_STRICT = re.compile(
    r"(?:GIR0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})"
)
_DISTRICT_SHAPE = re.compile(r"[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]?")
_FULL = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<out>[A-Za-z]{1,2}[0-9][A-Za-z0-9]?)[ \t\u00a0]{0,3}(?P<in>[0-9][A-Za-z]{2})"
    r"|(?P<gir>GIR[ \t]?0AA)|(?P<bfpo>BFPO[ \t]?[0-9]{1,4}))(?![A-Za-z0-9])",
    re.IGNORECASE,
)
#: A mistyped full postcode: a valid outward code, then a space and an inward code with one character too many
#: ("SW1A 1AAA", "LS6 2AV1"). Upper-case only.
_TYPO = re.compile(r"(?<![A-Za-z0-9])(?P<out>[A-Z]{1,2}[0-9][A-Z0-9]?) (?P<in>[0-9][A-Z]{2}[A-Z0-9])(?![A-Za-z0-9])")
_CONTEXT = (
    r"(?:\b(?:in|from|near|around|outside|of|postcodes?|post[ \t]codes?|district|area|areas|covering|across|and)"
    r"[ \t]+(?:the[ \t]+)?)"
)
_DISTRICT = re.compile(
    rf"(?:{_CONTEXT}(?P<d1>[A-Z]{{1,2}}[0-9][A-Z0-9]?)(?:[ \t](?P<s1>[0-9]))?"
    r"|(?<![A-Za-z0-9])(?P<d2>[A-Z]{2}[0-9][A-Z0-9]?)[ \t](?P<s2>[0-9])(?![A-Za-z0-9.,:/]?[0-9]))"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_UPPER_DIGIT = re.compile(r"[A-Z][0-9]")
_POSTCODE_WORD = re.compile(r"post[ \t]?codes?", re.IGNORECASE)
_AFTER_WORD = re.compile(
    r"\bpost[ \t]?codes?\b[^.\n0-9]{0,24}?(?<![A-Za-z0-9])(?P<d1>[A-Za-z]{1,2}[0-9][A-Za-z0-9]?)(?:[ \t](?P<s1>[0-9]))?"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def normalise(postcode: str) -> str:
    """Upper-case with one space before the inward code (``sw1a1aa`` → ``SW1A 1AA``); districts unchanged."""
    s = re.sub(r"\s+", "", postcode).upper()
    return f"{s[:-3]} {s[-3:]}" if len(s) >= 5 and s[-3].isdigit() and s[-2:].isalpha() else s


def district(postcode: str) -> str:
    """The outward code (district) of a full postcode or a district (``LS6 2AB`` → ``LS6``)."""
    return normalise(postcode).split(" ")[0]


def is_valid(postcode: str) -> bool:
    """Whether a full postcode passes the letter rules and names a real postcode area."""
    s = re.sub(r"\s+", "", postcode).upper()
    if not _STRICT.fullmatch(s):
        return False
    return s == "GIR0AA" or re.match(r"[A-Z]+", s).group(0) in AREAS  # type: ignore[union-attr]


class PostcodeDetector(PatternDetector):
    """Full postcodes (always) and districts / sectors (with context)."""

    name: ClassVar[str] = "voices.anonymise.postcode"
    prefilter: ClassVar[re.Pattern[str] | None] = re.compile(r"[A-Za-z][0-9]|BFPO|GIR")

    def find(self, text: str) -> Iterator[Span]:
        taken: list[tuple[int, int]] = []
        for m in _FULL.finditer(text):
            surface = m.group(0)
            if m.group("bfpo") or m.group("gir"):
                conf = 0.9
            elif is_valid(surface):
                conf = 0.95 if surface.isupper() or " " in surface else 0.85
            elif surface.upper() == surface:
                conf = 0.4  # shaped like a postcode, fails the rules (Q1 1AA, AB1 1CI): masked, low confidence
            else:
                continue  # lower-case and invalid ("mp3 4me"): not a postcode
            taken.append((m.start(), m.end()))
            yield Span(m.start(), m.end(), "POSTCODE", self.name, conf)
        for m in _TYPO.finditer(text):
            out = m.group("out")
            area = re.match(r"[A-Z]+", out).group(0)  # type: ignore[union-attr]
            if area in AREAS and _DISTRICT_SHAPE.fullmatch(out):
                taken.append((m.start(), m.end()))
                yield Span(m.start(), m.end(), "POSTCODE", self.name, 0.3)
        matches = list(_DISTRICT.finditer(text)) if _UPPER_DIGIT.search(text) else []
        if _POSTCODE_WORD.search(text):
            matches += list(_AFTER_WORD.finditer(text))
        for m in matches:
            key = "d1" if m.group("d1") else "d2"
            start = m.start(key)
            end = m.end("s1" if key == "d1" and m.group("s1") else key if key == "d1" else "s2")
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            code = m.group(key)
            area = re.match(r"[A-Za-z]+", code).group(0).upper()  # type: ignore[union-attr]
            if area not in AREAS or not _DISTRICT_SHAPE.fullmatch(code.upper()):
                continue
            has_word = _POSTCODE_WORD.search(text, max(0, start - 30), start) is not None
            if not code.isupper() and not has_word:
                continue
            yield Span(start, end, "POSTCODE_DISTRICT", self.name, 0.8 if has_word or key == "d2" else 0.6)
