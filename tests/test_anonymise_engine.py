"""Engine, merging, operators, pseudonyms, generalisation and speakers."""

from __future__ import annotations

import pytest

from voices.anonymise.engine import Anonymiser, DetectorError
from voices.anonymise.generalise import age_band, decade_band, default_area_lookup
from voices.anonymise.identifiers import default_detectors
from voices.anonymise.merge import clip, covered, merge
from voices.anonymise.pseudonyms import Pseudonyms, key
from voices.anonymise.spans import DetectContext, Span
from voices.anonymise.transform import PLACEHOLDER, OperatorError, resolve_operators

IDS = default_detectors()


class FixedNames:
    """A stand-in person detector: marks the given names wherever they appear (case-insensitive)."""

    name = "test.names"

    def __init__(self, *names: str) -> None:
        self.names = names

    def detect(self, texts, context: DetectContext | None = None) -> list[list[Span]]:
        out = []
        for text in texts:
            spans = []
            low = text.lower()
            for n in self.names:
                i = low.find(n.lower())
                while i != -1:
                    spans.append(Span(i, i + len(n), "PERSON", self.name, 0.9))
                    i = low.find(n.lower(), i + 1)
            out.append(spans)
        return out


def engine(*names: str, **kw) -> Anonymiser:
    return Anonymiser([*IDS, FixedNames(*names)], **kw)


def test_merge_overlapping_spans_take_union_and_longest_label() -> None:
    spans = [Span(0, 5, "PERSON", "a", 0.9), Span(3, 12, "EMAIL", "b", 0.98), Span(20, 25, "AGE", "c", 0.7)]
    assert merge(spans) == [Span(0, 12, "EMAIL", "b", 0.98), Span(20, 25, "AGE", "c", 0.7)]


def test_merge_equal_length_uses_priority_then_confidence() -> None:
    merged = merge([Span(0, 10, "REFERENCE_NUMBER", "ref", 0.9), Span(0, 10, "NHS_NUMBER", "nhs", 0.4)])
    assert merged[0].label == "NHS_NUMBER"


def test_merge_touching_spans_stay_apart() -> None:
    assert len(merge([Span(0, 3, "AGE", "a"), Span(3, 6, "AGE", "a")])) == 2


def test_clip_removes_placeholder_regions_and_keeps_outside_pieces() -> None:
    pieces = clip([Span(0, 16, "PERSON", "x")], [(0, 10)])
    assert [(p.start, p.end) for p in pieces] == [(10, 16)]
    assert covered([Span(0, 4, "A", "x"), Span(4, 9, "B", "x")], 1, 8)
    assert not covered([Span(0, 4, "A", "x")], 1, 8)


def test_pseudonyms_case_insensitive_and_first_name_linked() -> None:
    p = Pseudonyms()
    for s in ["Dave", "Sarah O'Connor", "SARAH O'CONNOR", "sarah", "Mrs Sarah O'Connor's"]:
        p.observe("d", "PERSON", s)
    got = [
        p.placeholder("d", "PERSON", s)
        for s in ["Dave", "Sarah O'Connor", "SARAH O'CONNOR", "sarah", "Mrs Sarah O'Connor's"]
    ]
    assert got == ["[PERSON_1]", "[PERSON_2]", "[PERSON_2]", "[PERSON_2]", "[PERSON_2]"]


def test_pseudonyms_unique_surname_links_to_full_name() -> None:
    p = Pseudonyms()
    for s in ["Sarah O'Connor", "Mrs O'Connor", "Dave Smith", "Anna Smith", "Smith"]:
        p.observe("d", "PERSON", s)
    got = [p.placeholder("d", "PERSON", s) for s in ["Mrs O'Connor", "Dave Smith", "Anna Smith", "Smith"]]
    assert got == ["[PERSON_1]", "[PERSON_2]", "[PERSON_3]", "[PERSON_4]"]  # two Smiths: "Smith" stays apart


def test_pseudonyms_phone_key_ignores_format() -> None:
    assert key("PHONE", "+44 7700 900123") == key("PHONE", "07700900123")


def test_pseudonyms_hash_is_salted_and_consistent() -> None:
    a, b = Pseudonyms(salt=b"one"), Pseudonyms(salt=b"two")
    assert a.hashed("HANDLE", "@Sarah_OC") == a.hashed("HANDLE", "sarah_oc")
    assert a.hashed("HANDLE", "@sarah_oc") != b.hashed("HANDLE", "@sarah_oc")
    assert PLACEHOLDER.fullmatch(a.hashed("HANDLE", "@x"))


def test_transform_placeholder_consistent_within_document_and_restarts_per_document() -> None:
    out = engine("Sarah O'Connor", "Sarah", "Dave").run(
        ["Sarah O'Connor met Dave.", "Later sarah said hi to Dave.", "Dave alone."],
        document_ids=["a", "a", "b"],
    )
    assert out.texts == ["[PERSON_1] met [PERSON_2].", "Later [PERSON_1] said hi to [PERSON_2].", "[PERSON_1] alone."]


def test_transform_corpus_scope_numbers_across_documents() -> None:
    out = engine("Dave", "Priya", scope="corpus").run(["Priya here.", "Dave and Priya."], document_ids=["a", "b"])
    assert out.texts == ["[PERSON_1] here.", "[PERSON_2] and [PERSON_1]."]


def test_transform_operators_configurable_per_label() -> None:
    out = Anonymiser(IDS, operators={"PHONE": "redact", "EMAIL": "hash", "AGE": "placeholder"}).run(
        ["Call 07700 900123 or a@b.org, I'm 38"]
    )
    text = out.texts[0]
    assert "[REDACTED]" in text and "[AGE_1]" in text
    assert PLACEHOLDER.search(text.split(" or ")[1]).group(0).startswith("[EMAIL_")


def test_transform_quasi_operator_can_mask() -> None:
    text = "My son goes to St Mary's Catholic Primary School on Green Lane."
    kept = Anonymiser(IDS).run([text])
    masked = Anonymiser(IDS, operators={"QUASI_SCHOOL": "redact"}).run([text])
    assert kept.texts[0] == text
    assert "St Mary" not in masked.texts[0] and "[REDACTED]" in masked.texts[0]


def test_resolve_operators_rejects_unknown_label_and_operator() -> None:
    with pytest.raises(OperatorError, match="Unknown label"):
        resolve_operators({"PERSONS": "redact"})
    with pytest.raises(OperatorError, match="Unknown operator"):
        resolve_operators({"PERSON": "shred"})


@pytest.mark.parametrize(
    ("age", "band"),
    [(0, "0-15"), (15, "0-15"), (16, "16-24"), (38, "35-44"), (72, "65-74"), (84, "75-84"), (85, "85+"), (104, "85+")],
)
def test_generalise_age_band(age: int, band: str) -> None:
    assert age_band(age) == band


def test_generalise_ages_in_text_become_bands() -> None:
    out = Anonymiser(IDS).run(["As a 72-year-old widow", "I'm 38 and fine", "in my 40s", "I'm 5 minutes away"])
    assert out.texts == [
        "As a [AGE_65-74]-year-old widow",
        "I'm [AGE_35-44] and fine",
        "in my [AGE_40-49]",
        "I'm 5 minutes away",
    ]
    assert decade_band(90) == "85+"


def test_generalise_postcode_sets_area_code_before_masking() -> None:
    out = Anonymiser(IDS).run(["Post to LS6 2AB please", "Everyone in LS7 is cross", "no place", "sw1a1aa"])
    assert out.area_codes == ["LS6", "LS7", None, "SW1A"]
    assert "LS6" not in out.texts[0] and "2AB" not in out.texts[0]
    assert default_area_lookup("ls6 2ab") == "LS6"


def test_generalise_area_lookup_is_pluggable() -> None:
    lookup = {"LS6 2AB": "E01011312"}.get
    out = Anonymiser(IDS, area_lookup=lambda pc: lookup(pc.upper())).run(["at LS6 2AB"])
    assert out.area_codes == ["E01011312"]


def test_engine_speakers_pseudonymised_in_field_and_text() -> None:
    out = Anonymiser(IDS).run(
        ["Thanks Alice, tell me more.", "Well, Alice Jones is my name and Jones my family.", "Bye"],
        document_ids=["t1", "t1", "t1"],
        speakers=["Interviewer", "Alice Jones", "Alice Jones"],
        source_kinds=["transcript"] * 3,
    )
    assert out.speakers == ["Interviewer", "[PERSON_1]", "[PERSON_1]"]
    assert out.texts[0] == "Thanks [PERSON_1], tell me more."
    assert "Alice" not in out.texts[1] and "Jones" not in out.texts[1]


def test_engine_speaker_with_a_role_keeps_the_role_and_shares_the_pseudonym() -> None:
    speakers = ["Interviewer (Sam Patel)", "Alice Jones", "Sam Patel", "Alice Jones [Participant]", "Moderator - Sam"]
    texts = ["Thanks Alice, tell me more.", "Sam, it is cold.", "Go on.", "That's all.", "Bye"]
    out = Anonymiser(IDS).run(texts, document_ids=["t"] * 5, speakers=speakers, source_kinds=["transcript"] * 5)
    assert out.speakers == [
        "Interviewer ([PERSON_1])",
        "[PERSON_2]",
        "[PERSON_1]",
        "[PERSON_2] [Participant]",
        "Moderator - [PERSON_1]",
    ]
    assert out.texts[:2] == ["Thanks [PERSON_2], tell me more.", "[PERSON_1], it is cold."]
    again = Anonymiser(IDS).run(
        out.texts, document_ids=["t"] * 5, speakers=out.speakers, source_kinds=["transcript"] * 5
    )
    assert (again.texts, again.speakers) == (out.texts, out.speakers)


def test_engine_social_author_hashed_like_their_mentions() -> None:
    out = Anonymiser(IDS).run(
        ["hello all", "agree with @sarah_oc and sarah_oc"],
        document_ids=["p1", "p1"],
        speakers=["sarah_oc", "bob"],
        source_kinds=["social", "social"],
    )
    handle = out.speakers[0]
    assert handle.startswith("[HANDLE_") and out.speakers[1].startswith("[HANDLE_")
    assert out.texts[1] == f"agree with {handle} and {handle}"


def test_engine_known_names_masked_everywhere_case_insensitively() -> None:
    out = Anonymiser(IDS, known_names=["Zebedee Quist"]).run(["ZEBEDEE QUIST called", "zebedee quist again"])
    assert out.texts == ["[PERSON_1] called", "[PERSON_1] again"]


def test_engine_redaction_log_offsets_point_into_original_text() -> None:
    text = "Ring 07700 900123 or mail me at a.b@example.org now"
    out = Anonymiser(IDS).run([text])
    spans = {(text[r["start"] : r["end"]], r["label"]) for r in out.redactions[0]}
    assert spans == {("07700 900123", "PHONE"), ("a.b@example.org", "EMAIL")}
    assert set(out.redactions[0][0]) == {"start", "end", "label", "detector", "confidence"}


def test_engine_idempotent_on_its_own_output() -> None:
    texts = [
        "Ring 07700 900123, I'm 38, @sarah_oc, LS6 2AB, born 3rd April 1985, 12 Acacia Road",
        "[PERSON_1] wrote to [EMAIL_2] about [AGE_35-44]",
    ]
    e = Anonymiser(IDS)
    once = e.run(texts)
    twice = e.run(once.texts)
    assert twice.texts == once.texts
    assert twice.redactions == [[], []]


def test_engine_placeholder_lookalikes_in_input_are_not_protected() -> None:
    out = Anonymiser(IDS).run(["[SARAH] call 07700 900123"])
    assert out.texts[0] == "[SARAH] call [PHONE_1]"


def test_engine_review_queue_low_confidence_and_quasi() -> None:
    out = Anonymiser(IDS, review_threshold=0.5).run(
        ["score 20-00-00. As the only lollipop lady at Roundhay Primary I see it"]
    )
    reasons = {(r["reason"], r["label"]) for r in out.review[0]}
    assert ("low_confidence", "SORT_CODE") in reasons and ("quasi_identifier", "QUASI_ROLE") in reasons
    text = out.texts[0]
    role = next(r for r in out.review[0] if r["label"] == "QUASI_ROLE")
    assert text[role["start"] : role["end"]] == "the only lollipop lady at Roundhay Primary"


def test_engine_none_and_empty_texts_pass_through() -> None:
    out = Anonymiser(IDS).run([None, "", "07700 900123"])
    assert out.texts[:2] == [None, ""] and out.redactions[:2] == [[], []]


def test_engine_forced_labels_mask_whole_field() -> None:
    out = Anonymiser(IDS).run(["Sarah O'Connor", "7700900123"], forced_labels=["PERSON", "PHONE"])
    assert out.texts == ["[PERSON_1]", "[PHONE_1]"]


def test_engine_key_entries_hold_values_only_when_asked() -> None:
    e = Anonymiser(IDS)
    assert e.run(["07700 900123"]).key == []
    entries = e.run(["07700 900123"], keep_key=True).key
    assert entries == [{"scope": "0", "placeholder": "[PHONE_1]", "label": "PHONE", "values": ["07700 900123"]}]


def test_engine_detector_returning_wrong_shape_raises() -> None:
    class Broken:
        name = "broken"

        def detect(self, texts, context=None):
            return []

    with pytest.raises(DetectorError, match="returned 0 results for 1 texts"):
        Anonymiser([Broken()]).run(["hi"])


def test_engine_names_unavailable_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import voices.anonymise

    monkeypatch.setitem(sys.modules, "voices.anonymise.names", None)
    monkeypatch.delattr(voices.anonymise, "names", raising=False)
    with pytest.raises(DetectorError, match="names=False"):
        Anonymiser().run(["hi"])


def test_engine_context_free_texts_detected_once() -> None:
    class Counting(FixedNames):
        def __init__(self) -> None:
            super().__init__("Zebedee")
            self.seen: list[str] = []

        def detect(self, texts, context=None):
            self.seen.extend(texts)
            return super().detect(texts, context)

    det = Counting()
    out = Anonymiser([det], max_rounds=0).run(
        ["Zebedee", "Zebedee", "Agree", "Agree", "Zebedee"],
        document_ids=["a", "b", "a", "b", "c"],
        context_free=[True, True, True, True, False],
    )
    assert det.seen == ["Zebedee", "Agree", "Zebedee"]
    assert out.texts == ["[PERSON_1]", "[PERSON_1]", "Agree", "Agree", "[PERSON_1]"]


def test_transform_unknown_label_from_plugin_is_redacted() -> None:
    class Plugin:
        name = "plugin"

        def detect(self, texts, context=None):
            return [[Span(0, 5, "SECRET_THING", "plugin", 0.9)] for _ in texts]

    once = Anonymiser([Plugin()]).run(["abcde rest"])
    assert once.texts == ["[REDACTED] rest"]


def test_engine_speaker_titles_are_not_masked_alone() -> None:
    out = Anonymiser(IDS).run(
        ["Professor Preston, thank you.", "The Professor said Preston was right."],
        document_ids=["t", "t"],
        speakers=["Chair", "Professor Preston"],
    )
    assert out.texts == ["[PERSON_1], thank you.", "The Professor said [PERSON_1] was right."]


def test_engine_social_authors_are_never_generic() -> None:
    out = Anonymiser(IDS).run(["hi", "hi"], speakers=["host", "Speaker 1"], source_kinds=["social", "transcript"])
    assert out.speakers[0].startswith("[HANDLE_") and out.speakers[1] == "Speaker 1"


def test_engine_speaker_possessive_mentions_masked() -> None:
    out = Anonymiser(IDS).run(
        ["It was Alice's idea, and Jones's too."],
        document_ids=["t"],
        speakers=["Alice Jones"],
        source_kinds=["transcript"],
    )
    assert out.texts == ["It was [PERSON_1]'s idea, and [PERSON_1]'s too."]


def test_engine_known_names_match_either_apostrophe() -> None:
    out = Anonymiser(IDS, known_names=["Siobhan O'Malley"], scope="corpus").run(
        ["Siobhan O’Malley called", "SIOBHAN  O'MALLEY", "and Dave"]
    )
    assert out.texts == ["[PERSON_1] called", "[PERSON_1]", "and Dave"]


def test_engine_short_speaker_names_are_people_not_initials() -> None:
    out = Anonymiser(IDS).run(
        ["Hi Jo.", "Hi.", "Hello."],
        document_ids=["t"] * 3,
        speakers=["Ed", "Jo", "JS"],
        source_kinds=["transcript"] * 3,
    )
    assert out.speakers == ["[PERSON_1]", "[PERSON_2]", "JS"]
    assert out.texts[0] == "Hi [PERSON_2]."
