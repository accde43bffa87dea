"""Access codes: generated, never stored in clear, verified in constant time, resettable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select, text

from db_fixtures import Team
from voices import db
from voices.db import access
from voices.db.models import Person


def test_create_person_never_stores_the_plain_code(db_engine: Engine) -> None:
    with db.session(db_engine) as s:
        _, code = db.create_person(s, "Asha", role="researcher", by=None)
    code_id, secret = access.split_code(code)
    with db_engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM people")).mappings().all()
        audit = conn.execute(text("SELECT * FROM audit_events")).mappings().all()
    stored = " ".join(str(value) for row in [*rows, *audit] for value in row.values())
    assert secret is not None and secret not in stored and code not in stored
    assert rows[0]["code_id"] == code_id
    assert rows[0]["access_code_hash"].startswith("scrypt$16384$8$1$")


def test_create_person_salts_each_hash(db_engine: Engine) -> None:
    with db.session(db_engine) as s:
        a, _ = db.create_person(s, "Asha", role="researcher", by=None)
        b, _ = db.create_person(s, "Bo", role="researcher", by=a)
    salts = {p.access_code_hash.split("$")[4] for p in (a, b)}
    assert len(salts) == 2


def test_verify_access_code_accepts_the_code_however_typed(db_engine: Engine) -> None:
    with db.session(db_engine) as s:
        person, code = db.create_person(s, "Asha", role="researcher", by=None)
    typed = " " + code.lower().replace("-", " ") + " "
    with db.session(db_engine, readonly=True) as s:
        found = db.verify_access_code(s, typed)
        assert found is not None and found.id == person.id


@pytest.mark.parametrize("wrong", ["", "hello", "AAAA-AAAA-AAAA-AAAA", "0000-0000-0000-0000"])
def test_verify_access_code_refuses_wrong_codes(db_engine: Engine, wrong: str) -> None:
    with db.session(db_engine) as s:
        db.create_person(s, "Asha", role="researcher", by=None)
    with db.session(db_engine, readonly=True) as s:
        assert db.verify_access_code(s, wrong) is None


def test_verify_access_code_refuses_right_id_with_wrong_secret(db_engine: Engine) -> None:
    with db.session(db_engine) as s:
        _, code = db.create_person(s, "Asha", role="researcher", by=None)
    code_id = code.split("-")[0]
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    with db.session(db_engine, readonly=True) as s:
        assert db.verify_access_code(s, tampered) is None
        assert db.verify_access_code(s, f"{code_id}-AAAA-AAAA-AAAA") is None


def test_reset_access_code_retires_the_old_code(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        new = db.reset_access_code(s, team.member, by=team.lead)
    with db.session(db_engine, readonly=True) as s:
        assert db.verify_access_code(s, team.codes["Jo"]) is None
        assert db.verify_access_code(s, new).id == team.member.id


def test_set_active_false_locks_out_but_keeps_the_person(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        db.set_active(s, team.member, False, by=team.lead)
    with db.session(db_engine, readonly=True) as s:
        assert db.verify_access_code(s, team.codes["Jo"]) is None
        assert s.scalar(select(Person.active).where(Person.id == team.member.id)) is False


def test_create_person_refuses_panel_member_as_creator(db_engine: Engine, team: Team) -> None:
    with (
        pytest.raises(db.DatabaseError, match="expected a researcher, found a panel_member"),
        db.session(db_engine) as s,
    ):
        db.create_person(s, "Eve", role="researcher", by=team.member)


@pytest.mark.parametrize(("name", "role"), [("  ", "researcher"), ("Asha", "admin")])
def test_create_person_validates_name_and_role(db_engine: Engine, name: str, role: str) -> None:
    with pytest.raises(db.DatabaseError, match="Fix:"), db.session(db_engine) as s:
        db.create_person(s, name, role=role, by=None)  # type: ignore[arg-type]


def test_access_code_uses_unambiguous_alphabet() -> None:
    code = access.new_code(access.new_code_id())
    assert len(code) == 19 and code.count("-") == 3
    assert not set(code.replace("-", "")) & set("01OIL")


@given(
    code_id=st.text(alphabet=access.ALPHABET, min_size=4, max_size=4),
    separators=st.lists(st.sampled_from(["", " ", "-", "  ", "\t"]), min_size=16, max_size=16),
    lower=st.lists(st.booleans(), min_size=16, max_size=16),
)
def test_split_code_ignores_case_spaces_and_dashes(code_id: str, separators: list[str], lower: list[bool]) -> None:
    code = access.new_code(code_id)
    plain = code.replace("-", "")
    typed = "".join(sep + (ch.lower() if low else ch) for sep, ch, low in zip(separators, plain, lower, strict=True))
    assert access.split_code(typed) == (plain[:4], plain[4:])


@given(st.text(max_size=40))
def test_split_code_never_accepts_what_is_not_a_code(typed: str) -> None:
    code_id, secret = access.split_code(typed)
    if code_id is not None:
        assert secret is not None and len(code_id + secret) == access.CODE_CHARS
        assert set(code_id + secret) <= set(access.ALPHABET)
