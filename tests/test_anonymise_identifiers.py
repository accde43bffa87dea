"""Identifier detectors against the UK identifier fixture (valid, invalid-but-shaped, tricky negatives) and more.

Policy under test: anything shaped like an identifier is masked; checksums, allocation rules and context only set
the label and the confidence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voices.anonymise.engine import Anonymiser
from voices.anonymise.identifiers import REGISTRY, default_detectors
from voices.anonymise.identifiers.banking import iban_ok, luhn_ok
from voices.anonymise.identifiers.government import nhs_checksum_ok, nino_valid
from voices.anonymise.identifiers.postcodes import district, is_valid
from voices.anonymise.identifiers.vehicles import age_identifier_ok
from voices.anonymise.spans import Detector

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "anonymise" / "uk_identifiers.json").read_text("utf-8"))
IDS = FIXTURE["identifiers"]
ENGINE = Anonymiser(default_detectors(), names=False)

#: fixture family → label its valid strings must get
FAMILY_LABEL = {
    "postcode": "POSTCODE",
    "nino": "NINO",
    "nhs": "NHS_NUMBER",
    "iban": "IBAN",
    "vrm_current": "VEHICLE_REG",
    "phone": "PHONE",
}

#: invalid fixture strings: (label expected, or None for "masked under another label", or "unmasked")
INVALID = {
    "postcode": {
        "Q1 1AA": "POSTCODE",
        "AB1 1CI": "POSTCODE",
        "LS6 2AV1": "POSTCODE",
        "12345": "unmasked",  # in a sentence; alone in a field it is masked (test below)
        "SW1A 1AAA": "POSTCODE",
    },
    "nino": {
        "QQ123456C": "NINO",
        "GB123456A": "NINO",
        "AB123456E": "REFERENCE_NUMBER",
        "DA123456A": "NINO",
        "AO123456B": "NINO",
        "AB12345C": "REFERENCE_NUMBER",
    },
    "nhs": {"943 476 5918": "NHS_NUMBER", "123 456 7890": "NHS_NUMBER", "485 777 3456": "NHS_NUMBER"},
    "iban": {"GB82 WEST 1234 5698 7654 33": "IBAN", "GB00 ABCD 0000 0000 0000 00": "IBAN"},
    "vrm_current": {
        "BD51 SMQ": "VEHICLE_REG",
        "IL51 ABC": "VEHICLE_REG",
        "AB00 CDE": "VEHICLE_REG",
        "AB99 CDE": "VEHICLE_REG",
    },
    "phone": {"07700 90012": "PHONE", "0207 946 09589": "PHONE", "44 20 7946": "REFERENCE_NUMBER"},
}


def redactions(text: str) -> list[dict]:
    return ENGINE.run([text]).redactions[0]


def whole(text: str, value: str) -> dict | None:
    """The redaction covering all of ``value`` inside ``text`` (None if it is not covered by one)."""
    start = text.index(value)
    end = start + len(value)
    for r in redactions(text):
        if r["start"] <= start and end <= r["end"]:
            return r
    return None


def valid_cases() -> list[tuple[str, str]]:
    return [(family, value) for family in FAMILY_LABEL for value in IDS[family]["valid"]]


def invalid_cases() -> list[tuple[str, str, str]]:
    out = []
    for family, values in IDS.items():
        for value in values["invalid"]:
            out.append((family, value, INVALID[family][value]))
    return out


def test_fixture_invalid_table_covers_every_invalid_string() -> None:
    for family, values in IDS.items():
        assert set(values["invalid"]) == set(INVALID[family]), family


@pytest.mark.parametrize(("family", "value"), valid_cases())
def test_identifiers_valid_fixture_strings_masked_with_their_label(family: str, value: str) -> None:
    for text in (value, f"Please note {value} thanks", f"({value})."):
        r = whole(text, value)
        assert r is not None, f"{value!r} not masked in {text!r}"
        assert r["label"] == FAMILY_LABEL[family]
        assert r["confidence"] >= 0.7


@pytest.mark.parametrize(("family", "value", "expected"), invalid_cases())
def test_identifiers_invalid_fixture_strings_masked_low_or_left(family: str, value: str, expected: str) -> None:
    text = f"Please note {value} thanks"
    r = whole(text, value)
    if expected == "unmasked":
        start = text.index(value)
        assert not [x for x in redactions(text) if x["start"] < start + len(value) and start < x["end"]]
        return
    assert r is not None, f"shaped identifier {value!r} was not masked"
    assert r["label"] == expected
    if expected == FAMILY_LABEL[family]:
        valid_conf = min(whole(f"Please note {v} thanks", v)["confidence"] for v in IDS[family]["valid"])
        assert r["confidence"] < valid_conf, "a failed check must lower the confidence"


@pytest.mark.parametrize("value", [v for family in IDS.values() for kind in ("valid", "invalid") for v in family[kind]])
def test_identifiers_every_fixture_string_masked_as_a_whole_field(value: str) -> None:
    """A cell holding nothing but an identifier-shaped string is masked, valid or not."""
    assert whole(value, value) is not None, f"{value!r} alone was not masked"


SENTENCE_LABELS = {
    "address": ["ADDRESS"],
    "address_flat": ["ADDRESS"],
    "postcode": ["POSTCODE"],
    "postcode_nospace": ["POSTCODE"],
    "postcode_district": ["POSTCODE_DISTRICT"],
    "nino": ["NINO"],
    "nino_dummy": ["NINO"],
    "nhs": ["NHS_NUMBER"],
    "phone_mobile": ["PHONE"],
    "phone_intl": ["PHONE"],
    "phone_landline": ["PHONE"],
    "email": ["EMAIL"],
    "email_obf": ["EMAIL"],
    "url": ["URL"],
    "handle": ["HANDLE", "HANDLE"],
    "sort_code": ["SORT_CODE", "ACCOUNT_NUMBER"],
    "iban": ["IBAN"],
    "vrm": ["VEHICLE_REG"],
    "dob": ["DATE_OF_BIRTH"],
    "dob_numeric": ["DATE_OF_BIRTH"],
    "age": ["AGE"],
    "age2": ["AGE"],
}
SENTENCE_REVIEW = {"street_only": {"QUASI_STREET"}, "school": {"QUASI_SCHOOL"}, "job": {"QUASI_ROLE"}}
NAME_KINDS = {"name", "name_lower", "name_caps"}


def sentences() -> list[tuple[str, str]]:
    return [(s["kind"], s["text"]) for s in FIXTURE["sentences"]]


def test_fixture_sentences_all_have_expectations() -> None:
    kinds = {k for k, _ in sentences()}
    assert kinds == set(SENTENCE_LABELS) | set(SENTENCE_REVIEW) | NAME_KINDS


@pytest.mark.parametrize(("kind", "text"), [s for s in sentences() if s[0] in SENTENCE_LABELS])
def test_identifiers_fixture_sentences_masked_with_expected_labels(kind: str, text: str) -> None:
    assert [r["label"] for r in redactions(text)] == SENTENCE_LABELS[kind]


@pytest.mark.parametrize(("kind", "text"), [s for s in sentences() if s[0] in SENTENCE_REVIEW])
def test_identifiers_fixture_quasi_sentences_queued_for_review_not_masked(kind: str, text: str) -> None:
    out = ENGINE.run([text])
    assert out.texts[0] == text
    assert SENTENCE_REVIEW[kind] <= {item["label"] for item in out.review[0]}


def test_identifiers_email_domain_never_leaks() -> None:
    out = ENGINE.run(
        [
            "Email me at sarah.oconnor@example.co.uk.",
            "write to sarah dot oconnor at example dot com",
            "or sarah [at] example [dot] org",
        ]
    )
    for text in out.texts:
        assert "example" not in text and "oconnor" not in text and "sarah" not in text


@pytest.mark.parametrize(
    "text",
    [
        "the M1 was shut",
        "on the a61 now",
        "went to24 the shop",
        "THE M1 WAS SHUT AGAIN",
        "meet at 22.00 by the hall",
        "I'm 5 minutes away",
        "I'm 100% sure about it",
        "12 Angry Men is a film",
        "31/02/1985 was a typo",
        "in 2010-2020 we moved",
        "dates 2020-01-01 and 01/02/2021",
        "Please note 12345 thanks",
        "it cost £1500000 last year",
        "back in 2023 and 2024",
        "COVID-19 hit us hard",
        "open 10am-12pm on Mondays",
        "the A1 2 miles north",
        "opened at 9.30 sharp",
        "In 2050, Bowling Green will be a city",
        "fast 4 St nach Linz",
    ],
)
def test_identifiers_tricky_negatives_left_alone(text: str) -> None:
    assert redactions(text) == []


@pytest.mark.parametrize(
    ("text", "value", "label"),
    [
        ("reach me: Sarah@Example.org", "Sarah@Example.org", "EMAIL"),
        ("write to sarah.oconnor @ example.co.uk today", "sarah.oconnor @ example.co.uk", "EMAIL"),
        ("(dave_99@mail.example.com)", "dave_99@mail.example.com", "EMAIL"),
        ("mail x_y+z@mail.example.gov.uk now", "x_y+z@mail.example.gov.uk", "EMAIL"),
        ("profile https://facebook.com/sarah.oconnor.123", "https://facebook.com/sarah.oconnor.123", "URL"),
        ("petition at savethepark.org.uk/sign today", "savethepark.org.uk/sign", "URL"),
        ("cc @SaveRoundhayParkAndTheWoodsForever2026", "@SaveRoundhayParkAndTheWoodsForever2026", "HANDLE"),
        ("ask @alice@mastodon.social", "@alice@mastodon.social", "HANDLE"),
        ("per u/leeds_resident", "u/leeds_resident", "HANDLE"),
        ("tiktok @dance.queen_99 posted", "@dance.queen_99", "HANDLE"),
        ("from 192.168.10.254 yesterday", "192.168.10.254", "IP_ADDRESS"),
        ("ipv6 2001:db8::ff00:42:8329 logged", "2001:db8::ff00:42:8329", "IP_ADDRESS"),
        ("ring 0121 496 0123 anytime", "0121 496 0123", "PHONE"),
        ("mob +447700900321.", "+447700900321", "PHONE"),
        ("tel 028 9649 6123", "028 9649 6123", "PHONE"),
        ("card 4111 1111 1111 1111 expired", "4111 1111 1111 1111", "CARD_NUMBER"),
        ("s/c 40 47 84 a/c 7012345", "40 47 84", "SORT_CODE"),
        ("s/c 40 47 84 a/c 7012345", "7012345", "ACCOUNT_NUMBER"),
        ("number plate is ls24 xyz honestly", "ls24 xyz", "VEHICLE_REG"),
        ("my car A123 BCD was towed", "A123 BCD", "VEHICLE_REG"),
        ("VRM: AB00 CDE", "AB00 CDE", "VEHICLE_REG"),
        ("IBAN: GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32", "IBAN"),
        ("date of birth 1985-04-03", "1985-04-03", "DATE_OF_BIRTH"),
        ("born April 3, 1985 in Leeds", "April 3, 1985", "DATE_OF_BIRTH"),
        ("I was born in 1952 here", "1952", "DATE_OF_BIRTH"),
        ("a seventy-two-year-old man", "seventy-two", "AGE"),
        ("aged 81 and alone", "81", "AGE"),
        ("mum (34yo) of three", "34", "AGE"),
        ("now in my early 40s", "40s", "AGE"),
        ("I live in flat 12b above", "flat 12b", "ADDRESS"),
        ("10–12 Park Terrace flooded", "10–12 Park Terrace", "ADDRESS"),
        ("at 22 HIGH STREET WE", "22 HIGH STREET", "ADDRESS"),
        ("my case ref is HX/2023/04512", "HX/2023/04512", "REFERENCE_NUMBER"),
        ("customer number 88812345", "88812345", "REFERENCE_NUMBER"),
        ("licence MORGA753116SM9IJ 35 renewed", "MORGA753116SM9IJ 35", "REFERENCE_NUMBER"),
        ("postcode is ls6 please", "ls6", "POSTCODE_DISTRICT"),
        ("BFPO 123 address", "BFPO 123", "POSTCODE"),
        ("CHI 0101011234 is mine", "0101011234", "NHS_NUMBER"),
        ("postcode: SR4  7AB thanks", "SR4  7AB", "POSTCODE"),
        ("at SR4\u00a07AB", "SR4\u00a07AB", "POSTCODE"),
        ("Flat 2/1, 45 Argyle Street, Glasgow", "Flat 2/1, 45 Argyle Street", "ADDRESS"),
        ("Apartment 5, Bede Court is damp", "Apartment 5, Bede Court", "ADDRESS"),
        ("flat 3, Mill House since May", "flat 3, Mill House", "ADDRESS"),
        ("my UTR 1234567890 from HMRC", "1234567890", "REFERENCE_NUMBER"),
        ("case ref 1234567890123 please", "1234567890123", "REFERENCE_NUMBER"),
        ("NHS 485 777 3456 again", "485 777 3456", "NHS_NUMBER"),
    ],
)
def test_identifiers_own_cases_masked(text: str, value: str, label: str) -> None:
    r = whole(text, value)
    assert r is not None, f"{value!r} not masked in {text!r}"
    assert r["label"] == label


def test_identifiers_nhs_context_raises_confidence() -> None:
    bare = whole("ref 943 476 5919 here", "943 476 5919")
    with_context = whole("my NHS number is 943 476 5919", "943 476 5919")
    assert bare is not None and with_context is not None
    assert with_context["confidence"] > bare["confidence"]


def test_identifiers_sort_code_without_context_masked_low() -> None:
    r = whole("what a score 20-00-00?", "20-00-00")
    assert r is not None and r["label"] == "SORT_CODE" and r["confidence"] < 0.5


def test_identifiers_validators() -> None:
    assert nhs_checksum_ok("9434765919") and not nhs_checksum_ok("4857773456")
    assert nino_valid("AB", "C") and not nino_valid("QQ", "C") and not nino_valid("GB", "A")
    assert iban_ok("GB82WEST12345698765432") and not iban_ok("GB82WEST12345698765433")
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert is_valid("SW1A 1AA") and not is_valid("Q1 1AA") and district("sw1a1aa") == "SW1A"
    assert age_identifier_ok("51") and not age_identifier_ok("00") and not age_identifier_ok("99")


def test_identifiers_every_registered_detector_follows_the_protocol() -> None:
    for name, cls in REGISTRY.items():
        det = cls()
        assert isinstance(det, Detector)
        assert det.name == name
        assert det.detect(["", "plain words only"]) == [[], []]


def test_identifiers_default_detectors_exclude_unknown_name_raises() -> None:
    from voices.errors import VoicesError

    with pytest.raises(VoicesError, match="Unknown identifier detector"):
        default_detectors(exclude=["voices.anonymise.nope"])
