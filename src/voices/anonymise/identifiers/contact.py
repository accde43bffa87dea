"""Contact details: email addresses (also obfuscated ones), URLs and profile links, social handles, IP addresses.

Emails are masked whole, domain included: the obfuscated form ``sarah dot oconnor at example dot com`` is one
span (scrubadub leaks the domain of such addresses). A bare `` at `` never makes an email on its own: the
obfuscated form needs ``dot`` or a bracketed ``[at]``, so "meet at 22.00" is left alone. Handles have no length
cap (scrubadub ignores handles longer than 15 characters) and cover X, Instagram, TikTok, Reddit ``u/`` and
Mastodon ``@user@instance``.

Example:
    >>> t = "write to sarah dot oconnor at example dot com"
    >>> [(s.label, t[s.start : s.end]) for s in EmailDetector().detect([t])[0]]
    [('EMAIL', 'sarah dot oconnor at example dot com')]
    >>> [s.label for s in HandleDetector().detect(["Follow @SaveRoundhayPark and u/leeds_resident"])[0]]
    ['HANDLE', 'HANDLE']
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import PatternDetector, has_any
from voices.anonymise.spans import Span

_TLDS = (
    r"(?:co|org|gov|ac|nhs|sch|police|ltd|plc|me|net|mod)\.uk|uk|com|org|net|info|io|co|me|eu|ie|scot|wales|cymru|"
    r"london|social|online|app|dev|ly|gl|tv|biz|xyz|site|page|blog|email|de|fr|es|it|nl|be|au|ca|us|in|nz"
)
_EMAIL = re.compile(
    r"(?<![\w.+@'%-])[A-Za-z0-9._%+'-]*[A-Za-z0-9_%+-]\s?@\s?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b"
)
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+'-")
_DOMAIN = re.compile(
    r" ?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b"
)
_DOT = r"\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|\s(?:dot|DOT)\s|\.)\s*"
_AT = r"(?:\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|\[\s*@\s*\]|\(\s*@\s*\))\s*|\s+(?:at|AT)\s+)"
_WORD = r"[A-Za-z0-9_%+-]+"
_OBFUSCATED = re.compile(
    rf"(?<![\w.@-])(?P<local>{_WORD}(?:{_DOT}{_WORD})*)(?P<at>{_AT})(?P<domain>[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*"
    rf"{_DOT}(?:{_TLDS}))\b",
    re.IGNORECASE,
)
_BRACKET_AT = re.compile(r"[\[({]\s*(?:at|@)\s*[\])}]", re.IGNORECASE)
_DOT_WORD = re.compile(r"(?:\bdot\b|[\[({]\s*dot\s*[\])}])", re.IGNORECASE)

_URL = re.compile(
    r"(?:\b(?:https?://|www\.)|(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+"
    rf"(?:{_TLDS})\b(?=[/:?#]|[\s,;!)\]'\"]|\.(?:\s|$)|$))[^\s<>\"']*",
    re.IGNORECASE,
)
_PROFILE = re.compile(
    r"(?:facebook|fb|instagram|linkedin|x|twitter|tiktok|reddit|threads|youtube|bsky|mastodon)\.[a-z.]+/.+",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}'\""

_HANDLE = re.compile(
    r"(?<![\w@./])@(?P<user>[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)"
    r"(?P<instance>@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?"
    r"|(?<![\w/])/?u/[A-Za-z0-9_-]{2,}"
)
_TIMEISH = re.compile(r"@\d{1,2}(?:[:.]\d{2})?(?:am|pm)?$", re.IGNORECASE)

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


def _strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        end -= 1
    return end


class EmailDetector(PatternDetector):
    """Email addresses, standard and obfuscated (``name [at] domain [dot] com``, ``x dot y at z dot com``)."""

    name: ClassVar[str] = "voices.anonymise.email"
    needs_digit: ClassVar[bool] = False

    def wanted(self, text: str, low: str) -> bool:
        return "@" in text or (has_any(low, ("at ", "[at", "(at", "{at")) and has_any(low, ("dot", ".", "[")))

    def find(self, text: str) -> Iterator[Span]:
        at = text.find("@")
        while at != -1:
            local_end = at - 1 if at > 0 and text[at - 1] == " " else at  # "sarah @ example.org"
            start = local_end
            while start > 0 and text[start - 1] in _LOCAL_CHARS:
                start -= 1
            while start < local_end and text[start] in ".'-":
                start += 1  # a local part does not start with a dot, quote or hyphen
            if local_end > start and (start == 0 or text[start - 1] != "@"):
                dom = _DOMAIN.match(text, at + 1)
                if dom is not None:
                    yield Span(start, dom.end(), "EMAIL", self.name, 0.98)
            at = text.find("@", at + 1)
        low = text.lower()
        if not has_any(low, ("at ", "[at", "(at", "{at", "at]", "at)", "[@", "(@")):
            return
        for m in _OBFUSCATED.finditer(text):
            whole = m.group(0)
            if _BRACKET_AT.search(m.group("at")) or _DOT_WORD.search(whole):
                yield Span(m.start(), m.end(), "EMAIL", self.name, 0.9)
            elif re.search(r"[._\d]", m.group("local")) and "." in m.group("domain"):
                # "sarah.oconnor at example.co.uk": an email-shaped local part and a real domain.
                yield Span(m.start(), m.end(), "EMAIL", self.name, 0.7)


class UrlDetector(PatternDetector):
    """URLs with a scheme or ``www.``, and bare domains with a common TLD; profile links score highest."""

    name: ClassVar[str] = "voices.anonymise.url"
    needs_digit: ClassVar[bool] = False
    prefilter: ClassVar[re.Pattern[str] | None] = re.compile(r"\.[A-Za-z]|://")

    def wanted(self, text: str, low: str) -> bool:
        return "." in text and self.prefilter.search(text) is not None  # type: ignore[union-attr]

    def find(self, text: str) -> Iterator[Span]:
        for m in _URL.finditer(text):
            end = _strip_trailing(text, m.start(), m.end())
            if end <= m.start():
                continue
            surface = text[m.start() : end]
            conf = 0.95 if _PROFILE.search(surface) else 0.85
            yield Span(m.start(), end, "URL", self.name, conf)


class HandleDetector(PatternDetector):
    """Social handles: ``@user`` of any length, Mastodon ``@user@instance``, Reddit ``u/user``."""

    name: ClassVar[str] = "voices.anonymise.handle"
    needs_digit: ClassVar[bool] = False

    def wanted(self, text: str, low: str) -> bool:
        return "@" in text or "u/" in text

    def find(self, text: str) -> Iterator[Span]:
        for m in _HANDLE.finditer(text):
            surface = m.group(0)
            conf = 0.4 if _TIMEISH.match(surface) else (0.95 if m.group("instance") else 0.9)
            yield Span(m.start(), m.end(), "HANDLE", self.name, conf)


class IpAddressDetector(PatternDetector):
    """IPv4 and IPv6 addresses; a dotted quad outside 0–255 is still masked, with low confidence."""

    name: ClassVar[str] = "voices.anonymise.ip_address"
    prefilter: ClassVar[re.Pattern[str] | None] = re.compile(r"[0-9][.:][0-9A-Fa-f]|[0-9A-Fa-f]:[0-9A-Fa-f:]")

    def wanted(self, text: str, low: str) -> bool:
        return ("." in text or ":" in text) and self.prefilter.search(text) is not None  # type: ignore[union-attr]

    def find(self, text: str) -> Iterator[Span]:
        for m in _IPV4.finditer(text):
            try:
                ipaddress.IPv4Address(m.group(0))
                conf = 0.9
            except ValueError:
                conf = 0.4
            yield Span(m.start(), m.end(), "IP_ADDRESS", self.name, conf)
        if ":" in text:
            for m in _IPV6.finditer(text):
                try:
                    ipaddress.IPv6Address(m.group(0))
                except ValueError:
                    continue
                if not re.fullmatch(r"[\d:]+", m.group(0)):
                    yield Span(m.start(), m.end(), "IP_ADDRESS", self.name, 0.85)
