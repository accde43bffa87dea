"""Quasi-identifiers in consultation text: named schools, GP surgeries, workplaces, and roles tied to a place.

None of these is masked by default: each is flagged for a human reviewer (the ``QUASI_*`` labels), because
"St Mary's Catholic Primary School" is often what the answer is about, yet "the only lollipop lady at Roundhay
Primary" singles one person out. The operator for each label can be changed to mask them. Rare terms (used by
fewer than k respondents) are found across the corpus, in :mod:`voices.anonymise.report`.

Example:
    >>> t = "As the only lollipop lady at Roundhay Primary I see this daily."
    >>> [(s.label, t[s.start:s.end]) for s in QuasiDetector().detect([t])[0]]
    [('QUASI_ROLE', 'the only lollipop lady at Roundhay Primary'), ('QUASI_SCHOOL', 'Roundhay Primary')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import PatternDetector, has_any
from voices.anonymise.spans import Span

_NAME = r"(?:(?:St|Saint|Sts)\.?[ \t]+)?[A-Z][A-Za-z'’\-]+(?:[ \t]+(?:[A-Z][A-Za-z'’\-]+|of|the|and|&|de|le)){0,5}?"
_SCHOOL = re.compile(
    rf"(?<![A-Za-z]){_NAME}[ \t]+(?:(?:C[ \t]?of[ \t]?E|CofE|CE|RC|R\.C\.|Catholic|Church[ \t]+of[ \t]+England|"
    r"Methodist|Community|Free|Church|Junior[ \t]+and[ \t]+Infant|Primary[ \t]+and[ \t]+Nursery)[ \t]+)?"
    r"(?:Primary|Secondary|Infants?|Junior|Grammar|High|Academy|College|Nursery|Sixth[ \t]+Form|Prep)"
    r"(?:[ \t]+(?:School|Academy|College))?\b"
)
_SURGERY = re.compile(
    rf"(?<![A-Za-z]){_NAME}[ \t]+(?:Surgery|Medical[ \t]+(?:Centre|Center|Practice)|Health[ \t]+Centre|"
    r"Health[ \t]+Center|Group[ \t]+Practice|Practice|Clinic|Hospital|Infirmary|Care[ \t]+Home|Nursing[ \t]+Home|"
    r"Hospice|Pharmacy|Chemist|Dental[ \t]+(?:Practice|Surgery|Care))\b"
)
_WORKPLACE = re.compile(
    rf"(?<![A-Za-z]){_NAME}[ \t]+(?:Ltd|Limited|PLC|plc|LLP|& Sons|and Sons|Garage|Bakery|Butchers|Cafe|Café|"
    r"Pub|Inn|Arms|Tavern|Hotel|Church|Chapel|Mosque|Temple|Gurdwara|Synagogue|Library|Leisure[ \t]+Centre|"
    r"Community[ \t]+Centre|Sports[ \t]+Centre|Youth[ \t]+Club|Social[ \t]+Club|Football[ \t]+Club|FC|"
    r"Foodbank|Food[ \t]+Bank|Job[ \t]?centre|Depot|Factory|Warehouse|Mill|Works|Stores?|Supermarket)\b"
)
_PLACE = r"(?:St\.?[ \t]+)?[A-Z][A-Za-z'’\-]+(?:[ \t]+[A-Z][A-Za-z'’\-]+)*"
_ROLE = re.compile(
    r"(?i:\b(?:as|being|i'?m|i’m|i[ \t]+am|im|was|he'?s|she'?s|they'?re)[ \t]+)"
    r"(?P<role>(?i:the|a|an)[ \t]+(?P<only>(?i:only|sole|one[ \t]+of[ \t]+(?:the[ \t]+)?(?:two|three|few))[ \t]+)?"
    r"(?P<words>(?:[a-z][a-z'\-]+[ \t]+){0,3}?[a-z][a-z'\-]+)[ \t]+(?:at|of|for|in|from)[ \t]+(?:the[ \t]+)?"
    rf"{_PLACE})"
    r"|\b(?P<role2>(?i:head[ \t]?teacher|vicar|rector|imam|rabbi|landlord|landlady|councillor|chair|chairman|"
    r"chairwoman|secretary|treasurer|manager|owner|warden|caretaker|matron|practice[ \t]+manager|lollipop[ \t]+"
    rf"(?:lady|man)|postman|postwoman|MP)[ \t]+(?:of|for|at)[ \t]+(?:the[ \t]+)?{_PLACE})"
)
#: Roles too common to single anyone out unless written as "the only ...".
_COMMON_ROLES = frozenset(
    [
        "resident",
        "residents",
        "member",
        "user",
        "parent",
        "mum",
        "dad",
        "mother",
        "father",
        "tenant",
        "homeowner",
        "citizen",
        "taxpayer",
        "customer",
        "patient",
        "student",
        "pupil",
        "person",
        "woman",
        "man",
        "lady",
        "gentleman",
        "family",
        "local",
        "driver",
        "cyclist",
        "pedestrian",
        "worker",
    ]
)
_LEAD = re.compile(r"(?:The|A|An|My|Our|Their|His|Her|At|In|To|From|And|But|So|We|I|As)[ \t]+")
_CAPS_TAIL = re.compile(r"[A-Z]")
_CAPITAL = re.compile(r"[A-Z][a-z]")
_CAP_WORDS = re.compile(r"[A-Z][A-Za-z]*|plc|&")
_SCHOOL_WORDS = frozenset(
    [
        "Primary",
        "Secondary",
        "Infant",
        "Infants",
        "Junior",
        "Grammar",
        "High",
        "Academy",
        "College",
        "Nursery",
        "Sixth",
        "Prep",
        "School",
    ]
)
_SURGERY_WORDS = frozenset(
    [
        "Surgery",
        "Medical",
        "Health",
        "Practice",
        "Clinic",
        "Hospital",
        "Infirmary",
        "Care",
        "Nursing",
        "Hospice",
        "Pharmacy",
        "Chemist",
        "Dental",
    ]
)
_WORKPLACE_WORDS = frozenset(
    [
        "Ltd",
        "Limited",
        "PLC",
        "plc",
        "LLP",
        "&",
        "Sons",
        "Garage",
        "Bakery",
        "Butchers",
        "Cafe",
        "Café",
        "Pub",
        "Inn",
        "Arms",
        "Tavern",
        "Hotel",
        "Church",
        "Chapel",
        "Mosque",
        "Temple",
        "Gurdwara",
        "Synagogue",
        "Library",
        "Leisure",
        "Community",
        "Sports",
        "Youth",
        "Social",
        "Football",
        "FC",
        "Foodbank",
        "Food",
        "Jobcentre",
        "Job",
        "Depot",
        "Factory",
        "Warehouse",
        "Mill",
        "Works",
        "Store",
        "Stores",
        "Supermarket",
    ]
)
_ROLE_NEEDLES = (
    "as a",
    "as an",
    "as the",
    "m a ",
    "m an ",
    "m the ",
    "am a ",
    "am an ",
    "am the ",
    "being ",
    "was a",
    "was an",
    "was the",
    "he's",
    "she's",
    "they're",
    "teacher",
    "vicar",
    "rector",
    "imam",
    "rabbi",
    "landlord",
    "landlady",
    "councillor",
    "chair",
    "secretary",
    "treasurer",
    "manager",
    "owner",
    "warden",
    "caretaker",
    "matron",
    "lollipop",
    "postman",
    "postwoman",
    " mp ",
)


def _trim_lead(text: str, start: int, end: int) -> int:
    while True:
        m = _LEAD.match(text, start, end)
        if not m:
            return start
        start = m.end()


class QuasiDetector(PatternDetector):
    """Named schools, surgeries and workplaces, and "the only <role> at <Place>" phrases, for human review."""

    name: ClassVar[str] = "voices.anonymise.quasi"
    needs_digit: ClassVar[bool] = False

    def wanted(self, text: str, low: str) -> bool:
        return _CAPITAL.search(text) is not None

    def find(self, text: str) -> Iterator[Span]:
        low = text.lower()
        words = frozenset(_CAP_WORDS.findall(text))
        roles = has_any(low, _ROLE_NEEDLES)
        for m in _ROLE.finditer(text) if roles else ():
            key = "role" if m.group("role") else "role2"
            if key == "role" and not m.group("only") and m.group("words").split()[-1] in _COMMON_ROLES:
                continue
            yield Span(m.start(key), m.end(key), "QUASI_ROLE", self.name, 0.5)
        for pattern, label, keys in (
            (_SCHOOL, "QUASI_SCHOOL", _SCHOOL_WORDS),
            (_SURGERY, "QUASI_SURGERY", _SURGERY_WORDS),
            (_WORKPLACE, "QUASI_WORKPLACE", _WORKPLACE_WORDS),
        ):
            if keys.isdisjoint(words):
                continue
            for m in pattern.finditer(text):
                start = _trim_lead(text, m.start(), m.end())
                if start >= m.end() or not _CAPS_TAIL.match(text, start):
                    continue
                if len(text[start : m.end()].split()) < 2:
                    continue
                yield Span(start, m.end(), label, self.name, 0.5)
