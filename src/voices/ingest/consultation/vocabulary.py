"""Header words that tell what a column is: platform metadata, personal data to drop, demographics, prompts.

Patterns match the header text lower-cased with runs of whitespace collapsed. They are deliberately
conservative: a header that matches nothing is classified from its values instead (see
:mod:`voices.ingest.consultation.columns`).

Example:
    >>> meta_kind("IP Address"), demographic_kind("Which age band are you in?"), meta_kind("Why?")
    ('ip', 'age_band', None)
"""

from __future__ import annotations

import re

# (kind, pattern). Kinds ending in "!" are personal data that voices drops rather than carries in meta.
_META: tuple[tuple[str, str], ...] = (
    ("ip!", r"ip ?address|ipaddress|ip|ip-adresse|__userinfo_ip|.*\(__userinfo_ip\)"),
    ("user_agent!", r"user ?agent|useragent|browser( identification)?|.*\(__userinfo_useragent\)|__userinfo_useragent"),
    ("location!", r"location ?(latitude|longitude|accuracy)|latitude|longitude"),
    ("email!", r"e-?mail( ?address)?|recipient ?e-?mail|what is your e-?mail( address)?\??|your e-?mail( address)?"),
    (
        "name!",
        r"(first|last|full|your|respondent|recipient) ?name|recipient(first|last)name|name|"
        r"what is your (full )?name\??|(name|vorname|nachname) des empfängers",
    ),
    ("phone!", r"(tele)?phone( number)?|mobile( number)?|contact number|what is your (tele)?phone number\??"),
    (
        "respondent_id",
        r"respondent ?id|response ?id|responseid|respondent_id|response_id|participant ?id|"
        r"submission ?id|_uuid|id|antwort-id",
    ),
    ("collector_id", r"collector ?id"),
    (
        "submitted",
        r"timestamp|end ?date|completion time|recorded ?date|recordeddate|enddate|submitted|"
        r"date submitted|submission (date|time)|date|erfassungsdatum|enddatum",
    ),
    ("started", r"start ?date|startdate|start time|anfangsdatum"),
    ("modified", r"last modified time"),
    ("custom", r"custom ?data ?\d*|custom variable ?\d*|external ?(data ?)?reference|externalreference"),
    (
        "status",
        r"status|antworttyp|response ?set|responseset|finished|beendet|progress|aktueller stand|"
        r"duration \(in seconds\)|dauer \(in sekunden\)|distribution ?channel|distributionchannel|"
        r"verteilungskanal|user ?language|userlanguage|benutzersprache|language",
    ),
    ("quiz", r"total points|quiz feedback|(points|feedback) - .+"),
    (
        "text_iq",
        r".+ - (topics|parent topics|sentiment|sentiment score|sentiment polarity|"
        r"topic sentiment label|topic sentiment score|actionability)",
    ),
    ("display_order", r"q[\w.]*_do(_\d+)?"),
    ("userinfo", r".*\(__userinfo_\w+\)|__userinfo_\w+"),
)
_META_RX = [(kind, re.compile(rf"^(?:{pat})$")) for kind, pat in _META]

# Demographic kinds, most specific first.
_DEMOGRAPHIC: tuple[tuple[str, str], ...] = (
    ("postcode", r"\bpost ?codes?\b|\bpostal code\b"),
    ("ward", r"\bwards?\b"),
    ("age_band", r"\bage (band|group|range|bracket)s?\b"),
    ("age", r"\bage\b|\bhow old\b|\byear of birth\b"),
    ("gender", r"\bgender\b|\bsex\b|\btrans\b"),
    ("ethnicity", r"\bethnic"),
    ("disability", r"\bdisab|\bhealth condition\b|\blong-term (health|illness)\b"),
    ("religion", r"\breligio"),
    ("sexual_orientation", r"\bsexual orientation\b"),
    ("local_authority", r"\blocal authority\b|\bcouncil area\b"),
    ("borough", r"\bborough\b"),
    ("district", r"\bdistrict\b"),
    ("address", r"\baddress\b"),
    (
        "area",
        r"\bdo you live in\b|\bwhere do you live\b|\bwhich (local )?area\b|^area$|\barea (do )?you live\b|"
        r"\barea of residence\b|^(country|nation|region|town)\b",
    ),
)
_DEMOGRAPHIC_RX = [(kind, re.compile(pat)) for kind, pat in _DEMOGRAPHIC]

_OPEN_PROMPT = re.compile(
    r"\bwhy\b|\bexplain|\btell us\b|\bcomments?\b|\bdescribe\b|\bin your own words\b|\bplease specify\b|"
    r"\bany other\b|\bsuggest|\bviews?\b|\bfree text\b|\bopen[- ]ended\b|\bthoughts\b|\bfeedback\b|"
    r"\bplease give\b|\bplease provide\b|\bdetails?\b|\bwhat would\b|\bhow could\b|\bwhat could\b"
)
_MULTI_PROMPT = re.compile(
    r"\ball that apply\b|\bselect all\b|\btick all\b|\bchoose all\b|\bcheck all\b|\bselect (up to|any)\b|"
    r"\bmore than one\b|\bchoose (up to|any)\b|\btick any\b"
)
_SPACE = re.compile(r"\s+")

#: Kinds (without the "!" mark) whose columns are dropped: personal data no analysis needs.
DROPPED_KINDS = frozenset({"ip", "user_agent", "location", "email", "name", "phone", "display_order", "text_iq"})


def normal(header: str) -> str:
    """Lower-case ``header`` and collapse whitespace."""
    return _SPACE.sub(" ", header).strip().lower()


def meta_kind(header: str) -> str | None:
    """The kind of platform metadata a header names (``ip``, ``submitted``, ``respondent_id``…), or ``None``."""
    h = normal(header)
    for kind, rx in _META_RX:
        if rx.match(h):
            return kind.rstrip("!")
    return None


def demographic_kind(header: str) -> str | None:
    """The demographic a header asks about (``postcode``, ``ward``, ``age_band``…), or ``None``."""
    h = normal(header)
    for kind, rx in _DEMOGRAPHIC_RX:
        if rx.search(h):
            return kind
    return None


def asks_for_text(header: str) -> bool:
    """True when the header's wording invites a free-text answer ("Why?", "Please tell us…")."""
    return bool(_OPEN_PROMPT.search(normal(header)))


def asks_for_many(header: str) -> bool:
    """True when the header says more than one option may be chosen ("Select all that apply")."""
    return bool(_MULTI_PROMPT.search(normal(header)))
