"""Street addresses and flat numbers; street or estate names without a number are quasi-identifiers.

``12 Acacia Road``, ``Flat 3, 45 High Street``, ``12a Mill Lane`` and ``10–12 Park Terrace`` are addresses and
are masked. ``Wellington Road`` or ``the Lincoln Green Estate`` on their own point at a few households, so they
are flagged for review (``QUASI_STREET``) rather than masked: "Abbey Road" is also an album.

Example:
    >>> t = "Flat 3, 45 High Street floods; lorries use Wellington Road. 12 Angry Men is a film."
    >>> [(s.label, t[s.start:s.end]) for s in AddressDetector().detect([t])[0]]
    [('ADDRESS', 'Flat 3, 45 High Street'), ('QUASI_STREET', 'Wellington Road')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import HAS_DIGIT, PatternDetector
from voices.anonymise.spans import Span

STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Crescent|Cres|Drive|Dr|Way|Gardens|Gdns|Grove|Gr|Place|Pl|"
    "Terrace|Terr|Court|Ct|Mews|Row|Walk|Hill|Rise|View|Square|Sq|Parade|Green|Park|Vale|Wharf|Yard|Chase|Gate|"
    "Mount|Quay|Fields|Meadow|Meadows|Approach|Parkway|Boulevard|Broadway|Circus|Croft|End|Garth|Wynd|Heights|"
    "Hollow|Path|Passage|Promenade|Side|Villas|Embankment|Bank|Brow|Fold|Nook|Dale|Estate|Buildings|Cottages"
)
_WORD = r"(?:St\.?[ \t]+)?[A-Z][A-Za-z'’\-]+"
_NUMBER = r"[0-9]{1,4}[A-Za-z]?(?:[ \t]*[\-–][ \t]*[0-9]{1,4}[A-Za-z]?)?"
#: A flat's number: "3", "3b", and the Scottish floor/position form "2/1" ("Flat 2/1, 45 Argyle Street").
_FLAT_NUMBER = r"[0-9]{1,4}(?:/[0-9]{1,2})?[A-Za-z]?"
_UNIT = rf"(?:(?:[Ff]lat|FLAT|[Aa]partment|[Aa]pt\.?|[Uu]nit|[Ss]uite|[Rr]oom)[ \t]+{_FLAT_NUMBER},?[ \t]+)"
#: Names of blocks and buildings that follow a flat number without a house number: "Flat 5, Bede Court".
_BUILDING_TYPES = f"{STREET_TYPES}|House|Tower|Towers|Lodge|Mansions|Hall|Point|Block"
_ADDRESS = re.compile(
    rf"(?<![A-Za-z0-9])(?:{_UNIT}?{_NUMBER},?[ \t]+(?:{_WORD}[ \t]+){{1,3}}(?:{STREET_TYPES}|{STREET_TYPES.upper()})"
    r"\b(?![A-Za-z'’])"
    rf"|{_UNIT}(?:{_WORD}[ \t]+){{1,3}}(?:{_BUILDING_TYPES})\b(?![A-Za-z'’])"
    rf"|(?:[Ff]lat|FLAT|[Aa]partment|[Aa]pt\.?)[ \t]+{_FLAT_NUMBER}\b)"
)
_YEAR = re.compile(r"(?:1[89]|20)[0-9]{2}\b")
_FLAT_ONLY = re.compile(rf"(?:[Ff]lat|FLAT|[Aa]partment|[Aa]pt\.?)[ \t]+{_FLAT_NUMBER}")
_STREET = re.compile(
    rf"(?<![A-Za-z0-9])(?:{_WORD}[ \t]+){{1,3}}(?:Road|Street|Avenue|Lane|Close|Crescent|Drive|Gardens|Grove|"
    r"Terrace|Mews|Walk|Rise|Parade|Estate|Way|Place|Court|Square|Row)\b"
)
_NOT_STREET_START = re.compile(r"(?:The|A|An|In|On|At|Of|To|From|Down|Up|Along|Near|By|And|Our|My|This|That)[ \t]+")
_WORDS = re.compile(r"[A-Za-z]+")
_KEYWORDS = frozenset(
    STREET_TYPES.split("|")
    + STREET_TYPES.upper().split("|")
    + ["Flat", "flat", "FLAT", "Apartment", "apartment", "Apt", "apt"]
)


class AddressDetector(PatternDetector):
    """Numbered street addresses and flat numbers (masked); un-numbered street names (flagged)."""

    name: ClassVar[str] = "voices.anonymise.address"
    needs_digit: ClassVar[bool] = False

    def wanted(self, text: str, low: str) -> bool:
        return not _KEYWORDS.isdisjoint(_WORDS.findall(text))

    def find(self, text: str) -> Iterator[Span]:
        taken: list[tuple[int, int]] = []
        for m in _ADDRESS.finditer(text) if HAS_DIGIT.search(text) else ():
            if _YEAR.match(m.group(0)):
                continue  # "In 2050, Bowling Green will be…": a year, not a house number
            end = m.end()
            conf = 0.6 if _FLAT_ONLY.fullmatch(m.group(0)) else 0.9
            taken.append((m.start(), end))
            yield Span(m.start(), end, "ADDRESS", self.name, conf)
        for m in _STREET.finditer(text):
            start = m.start()
            lead = _NOT_STREET_START.match(text, start)
            if lead:
                start = lead.end()
                if not re.match(rf"{_WORD}[ \t]+", text[start:]):
                    continue
            if any(a < m.end() and start < b for a, b in taken):
                continue
            yield Span(start, m.end(), "QUASI_STREET", self.name, 0.5)
