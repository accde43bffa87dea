"""Missed personal data: marked once, masked everywhere it occurs, never stored."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from db_fixtures import Team
from voices import db
from voices.db.errors import DatabaseError
from voices.review import privacy
from voices.review.errors import ReviewError
from voices.review.masking import MaskRule, mask_segments, mask_text, rule_for


def test_mask_text_masks_every_occurrence_in_any_case_and_spacing() -> None:
    rule = rule_for("r", "Zebedee Smith", "PERSON")
    text = "Zebedee Smith came. ZEBEDEE   smith left; zebedee smith's dog stayed. Zebedee alone is fine."
    assert mask_text(text, "r", [rule]) == "[PERSON] came. [PERSON] left; [PERSON]'s dog stayed. Zebedee alone is fine."


def test_mask_text_never_masks_part_of_a_word() -> None:
    rule = rule_for("r", "Ann")
    assert mask_text("Ann met Anne and Joanna", "r", [rule]) == "[REDACTED] met Anne and Joanna"
    assert mask_text("O'Brien and O’BRIEN", "r", [rule_for("r", "O'Brien")]) == "[REDACTED] and [REDACTED]"


def test_mask_rules_are_specific_to_a_run() -> None:
    assert mask_text("Zebedee", "other-run", [rule_for("r", "Zebedee")]) == "Zebedee"


def test_mask_text_prefers_the_longest_marked_value() -> None:
    rules = [rule_for("r", "Smith", "PERSON"), rule_for("r", "12 Smith Street", "ADDRESS")]
    assert mask_text("at 12 Smith Street, Mr Smith", "r", rules) == "at [ADDRESS], Mr [PERSON]"


def test_mask_segments_masks_text_and_speakers_and_leaves_the_input_alone() -> None:
    frame = pd.DataFrame({"segment_id": ["1"], "text": ["ask Zebedee"], "speaker": ["Zebedee"]})
    out = mask_segments(frame, "r", [rule_for("r", "zebedee", "PERSON")])
    assert out.loc[0, ["text", "speaker"]].tolist() == ["ask [PERSON]", "[PERSON]"]
    assert frame.loc[0, "text"] == "ask Zebedee"


names = st.from_regex(r"[A-Z][a-z]{2,9}( [A-Z][a-z]{2,9})?", fullmatch=True)
fillers = st.lists(st.sampled_from(["we", "went", "to", "see", "and", "then", ",", ".", "the", "council"]), max_size=8)


@given(names, fillers, fillers, st.booleans())
def test_mask_text_never_leaves_a_marked_value_behind(
    name: str, before: list[str], after: list[str], upper: bool
) -> None:
    shown = name.upper() if upper else name
    text = " ".join([*before, shown, *after, shown])
    masked = mask_text(text, "run", [rule_for("run", name, "PERSON")])
    assert name.casefold() not in masked.casefold().replace("[person]", "")
    assert masked.count("[PERSON]") >= 2


def test_mark_missed_stores_a_fingerprint_only_and_masks_everywhere(db_engine: Engine, team: Team) -> None:
    text = "Zebedee at the food bank helped"
    with db.session(db_engine) as s:
        rule = privacy.mark_missed(s, team.run_id, "d1/q1", text, "Zebedee", by=team.lead, label="PERSON")
    with db.session(db_engine, readonly=True) as s:
        rules = privacy.mask_rules(s, team.run_id)
        events = db.audit_log(s, action=privacy.MARK)
    assert rules == [MaskRule(rule.fingerprint, 1, "PERSON", rule.first)]
    assert "zebedee" not in repr([e.details for e in events]).lower()
    assert events[0].actor == "Asha" and events[0].object_id == "d1/q1"
    assert mask_text("I know zebedee too", team.run_id, rules) == "I know [PERSON] too"


def test_mark_missed_refuses_words_not_in_the_segment_and_non_researchers(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        with pytest.raises(ReviewError):
            privacy.mark_missed(s, team.run_id, "d1/q1", "nothing here", "Zebedee", by=team.lead)
        with pytest.raises(DatabaseError):
            privacy.mark_missed(s, team.run_id, "d1/q1", "Zebedee", "Zebedee", by=team.member)
        with pytest.raises(DatabaseError):
            privacy.confirm(s, team.run_id, {"segment_id": "d", "start": 0, "end": 1, "label": "X"}, by=team.member)


def test_queue_status_records_who_confirmed_or_masked_each_span(db_engine: Engine, team: Team) -> None:
    kept = {"segment_id": "d1/q1", "field": "text", "start": 0, "end": 4, "label": "QUASI_SCHOOL"}
    masked = {"segment_id": "d2/q1", "field": "text", "start": 0, "end": 7, "label": "QUASI_RARE_TERM"}
    with db.session(db_engine) as s:
        privacy.confirm(s, team.run_id, kept, by=team.lead)
        privacy.mark_missed(s, team.run_id, "d2/q1", "Zebedee came", "Zebedee", by=team.lead, queue_item=masked)
    with db.session(db_engine, readonly=True) as s:
        status = privacy.queue_status(s, team.run_id)
    assert status == {privacy.queue_key(kept): ("confirmed", "Asha"), privacy.queue_key(masked): ("masked", "Asha")}


def test_masker_without_first_word_hints_masks_the_same_way() -> None:
    rules = [rule_for("r", "Zebedee Smith", "PERSON"), rule_for("r", "12 High Street", "ADDRESS")]
    bare = [MaskRule(r.fingerprint, r.words, r.label) for r in rules]
    text = "Zebedee Smith of 12 high street met zebedee smith's aunt at 12 High Street."
    assert (
        mask_text(text, "r", bare)
        == mask_text(text, "r", rules)
        == ("[PERSON] of [ADDRESS] met [PERSON]'s aunt at [ADDRESS].")
    )
