"""Free-form fields (the segment ``meta`` JSON): generalise demographics, mask identifying values.

* Postcode fields (``postcode``, ``Post code``, ``home_postcode``…) become the segment's ``area_code`` (through the
  area lookup) when it has none, and are removed.
* Age fields become ``age_band`` (``35-44``); date-of-birth fields are removed.
* Fields whose name says they identify someone (``name``, ``email``, ``phone``, ``address``, ``author``,
  ``username``, ``ip``…) are masked whole, with the label their name implies.
* Every other string value goes through the same detectors as the text.

Example:
    >>> meta = {"postcode": "LS6 2AB", "age": 38, "email": "a@b.org", "q2": "Agree"}
    >>> plan = plan_fields(meta)
    >>> plan.meta, plan.postcode
    ({'age_band': '35-44', 'email': 'a@b.org', 'q2': 'Agree'}, 'LS6 2AB')
    >>> [(f.path, f.label) for f in plan.fields]
    [(('email',), 'EMAIL'), (('q2',), None)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from voices.anonymise.generalise import age_band

_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@dataclass
class Field:
    """One string value to anonymise: where it sits in the meta object and the label forced on it (if any)."""

    path: tuple[str | int, ...]
    value: str
    label: str | None


@dataclass
class FieldPlan:
    """The meta object with demographics generalised, and the values left to anonymise."""

    meta: Any
    postcode: str | None = None
    fields: list[Field] = field(default_factory=list)


def _words(key: str) -> list[str]:
    return [w for w in _SPLIT.split(_CAMEL.sub(" ", key).lower()) if w]


def field_kind(key: str) -> str | None:
    """What a meta key holds: ``postcode``, ``age``, ``dob``, a label to mask the value with, or None."""
    words = _words(key)
    joined = "".join(words)
    if not words:
        return None
    if "postcode" in joined or "postalcode" in joined or words[-1] in ("zip", "zipcode", "pc"):
        return "postcode"
    if joined in ("dob", "dateofbirth", "birthdate", "birthday") or ("birth" in words and "date" in words):
        return "dob"
    if words[0] == "age" and len(words) <= 3 and not {"band", "group", "range", "bracket", "category"} & set(words):
        return "age"
    if joined in ("whatisyourage", "howoldareyou", "yourage", "respondentage"):
        return "age"
    if "email" in joined or joined in ("mail", "emailaddress"):
        return "EMAIL"
    if {"phone", "telephone", "tel", "mobile", "phonenumber"} & set(words):
        return "PHONE"
    if words[-1] == "ip" or joined in ("ipaddress", "ipaddr"):
        return "IP_ADDRESS"
    if {"address", "street", "addr"} & set(words):
        return "ADDRESS"
    if {"username", "screenname", "handle", "userhandle"} & {joined, *words} or joined in (
        "user",
        "author",
        "authorid",
        "userid",
        "authorhandle",
        "authorusername",
        "accountid",
        "account",
        "uid",
        "profile",
        "profileurl",
        "userurl",
        "authorurl",
        "channel",
        "channelid",
    ):
        return "HANDLE"
    if "name" in words and not {
        "file",
        "question",
        "sheet",
        "platform",
        "source",
        "column",
        "theme",
        "group",
        "org",
        "organisation",
        "organization",
        "company",
        "place",
        "area",
        "ward",
        "street",
        "school",
        "product",
        "event",
        "channel",
    } & set(words):
        return "PERSON"
    if joined in (
        "fullname",
        "firstname",
        "lastname",
        "surname",
        "forename",
        "respondent",
        "authorname",
        "displayname",
        "nickname",
    ):
        return "PERSON"
    if {"nhs", "nino", "ni", "national", "passport", "licence", "license"} & set(words):
        return "REFERENCE_NUMBER"
    return None


def _age(value: Any) -> str | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    if number != number or number < 0 or number > 130:
        return None
    return age_band(int(number))


def plan_fields(meta: Any) -> FieldPlan:
    """Generalise demographics in a meta object and list the values that still need anonymising."""
    plan = FieldPlan(meta=None)
    plan.meta = _walk(meta, (), plan, None)
    return plan


def _walk(value: Any, path: tuple[str | int, ...], plan: FieldPlan, label: str | None) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            kind = field_kind(str(k))
            if kind == "postcode":
                if isinstance(v, str) and v.strip() and plan.postcode is None:
                    plan.postcode = v.strip()
                continue
            if kind == "dob":
                continue
            if kind == "age":
                band = _age(v)
                if band is not None:
                    out["age_band"] = band
                    continue
                kind = "AGE" if v not in (None, "") else None
            out[k] = _walk(v, (*path, k), plan, kind if kind and kind.isupper() else label)
        return out
    if isinstance(value, list):
        return [_walk(v, (*path, i), plan, label) for i, v in enumerate(value)]
    if isinstance(value, str):
        if value.strip():
            plan.fields.append(Field(path, value, label))
        return value
    if label is not None and value is not None and not isinstance(value, bool):
        plan.fields.append(Field(path, str(value), label))  # a phone number or user id stored as a number
        return str(value)
    return value


def put(meta: Any, path: tuple[str | int, ...], value: Any) -> None:
    """Set the value at ``path`` inside a meta object (in place)."""
    target = meta
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
