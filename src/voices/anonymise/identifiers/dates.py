"""Dates of birth: dates (numeric, written out, ISO) near birth context, read day-first as in the UK.

Only dates near a context word ("DOB", "date of birth", "born on", "birthday") are dates of birth; other dates are
left to analysis. Near such a word, an impossible date (``31/02/1985``) is still masked with low confidence: it is
what the person typed as their date of birth.

Example:
    >>> t = "I was born on 3rd April 1985 in Harehills."
    >>> [(s.label, t[s.start:s.end]) for s in DateOfBirthDetector().detect([t])[0]]
    [('DATE_OF_BIRTH', '3rd April 1985')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import PatternDetector, has_any
from voices.anonymise.spans import Span

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_DATE = re.compile(
    r"(?<![0-9])(?:(?P<d>[0-9]{1,2})[/.\-](?P<m>[0-9]{1,2})[/.\-](?P<y>[0-9]{4}|[0-9]{2})"
    r"|(?P<iy>(?:19|20)[0-9]{2})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})"
    rf"|(?P<td>[0-9]{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH}(?:,?[ \t]+(?P<ty>[0-9]{{4}}|'[0-9]{{2}}))?"
    rf"|{_MONTH.replace('mon', 'mon2')}[ \t]+(?P<md>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:,?[ \t]+(?P<my>[0-9]{{4}}))?)"
    r"(?![0-9])",
    re.IGNORECASE,
)
_CONTEXT = re.compile(
    r"\bd\.?o\.?b\b|date[ \t]+of[ \t]+birth|\bborn\b|birth[ \t]?day|\bbday\b|\bb'day|\bdate[ \t]+born|birthdate",
    re.IGNORECASE,
)
_BORN_YEAR = re.compile(r"\bborn[ \t]+in[ \t]+(?:the[ \t]+year[ \t]+)?(?P<y>(?:19|20)[0-9]{2})\b", re.IGNORECASE)
_PREFILTER = re.compile(r"d\.?o\.?b|birth|born|b'?day", re.IGNORECASE)


def parse_day_first(day: int, month: int, year: int | None) -> dt.date | None:
    """A plausible date read UK-style, or None (impossible date, or year outside 1900..today)."""
    if year is not None and year < 100:
        year += 1900 if year > dt.date.today().year % 100 else 2000
    try:
        date = dt.date(year if year is not None else 2000, month, day)
    except ValueError:
        return None
    if year is not None and not (1900 <= year <= dt.date.today().year):
        return None
    return date


class DateOfBirthDetector(PatternDetector):
    """Dates within about 40 characters after a birth context word."""

    name: ClassVar[str] = "voices.anonymise.date_of_birth"

    def wanted(self, text: str, low: str) -> bool:
        return has_any(low, ("dob", "d.o.b", "birth", "born", "bday", "b'day"))

    def find(self, text: str) -> Iterator[Span]:
        cues = [m.end() for m in _CONTEXT.finditer(text)]
        if not cues:
            return
        for m in _BORN_YEAR.finditer(text):
            yield Span(m.start("y"), m.end("y"), "DATE_OF_BIRTH", self.name, 0.6)
        for m in _DATE.finditer(text):
            if not any(0 <= m.start() - c <= 40 for c in cues) and not any(0 <= c - m.end() <= 3 for c in cues):
                continue
            year: int | None
            if m.group("d"):
                day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
            elif m.group("iy"):
                day, month, year = int(m.group("id")), int(m.group("im")), int(m.group("iy"))
            elif m.group("td"):
                day, month = int(m.group("td")), _MONTHS[m.group("mon").lower().rstrip(".")]
                year = int(m.group("ty").lstrip("'")) if m.group("ty") else None
            else:
                day, month = int(m.group("md")), _MONTHS[m.group("mon2").lower().rstrip(".")]
                year = int(m.group("my")) if m.group("my") else None
            ok = parse_day_first(day, month, year) is not None
            conf = (0.95 if year is not None else 0.75) if ok else 0.4
            yield Span(m.start(), m.end(), "DATE_OF_BIRTH", self.name, conf)
