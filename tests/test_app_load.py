"""Load: ten panel members answer at once (and a researcher decides meanwhile), on SQLite and PostgreSQL.

Each member is a thread with its own engine (like separate app processes), signs in with their code, and goes
through every card three times, changing their answers, flagging a quote and suggesting a missing theme.
Nothing may be lost or duplicated: one current review per member and theme holding their last answer, every
save in the audit trail, every flag, suggestion, session and decision exactly once.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from sqlalchemy import Engine, func, select

from app_runs import segments_and_assignments, themes_table
from db_fixtures import Team
from voices import db
from voices.db.models import AuditEvent, Decision, MissingThemeSuggestion, Panel, Person, QuoteFlag, Review
from voices.review import panel, sessions, versions
from voices.review.cards import ThemeCard, theme_cards
from voices.review.themeset import normalise_themes

MEMBERS = 10
ROUNDS = 3
ANSWERS = list(panel.VERDICTS)


def cards_for(run_id: str) -> list[ThemeCard]:
    segments, assignments = segments_and_assignments()
    return theme_cards(normalise_themes(themes_table(segments, assignments)), run_id=run_id)


def final_answer(member: int, card: int) -> str:
    return ANSWERS[(member + card + ROUNDS - 1) % len(ANSWERS)]


def test_load_ten_members_answering_at_once_lose_and_duplicate_nothing(
    db_url: str, db_engine: Engine, team: Team, artifacts_dir: Path
) -> None:
    cards = cards_for(team.run_id)
    with db.session(db_engine) as s:
        panel_row = s.scalar(select(Panel))
        codes = {0: team.codes["Jo"], 1: team.codes["Kez"]}
        for i in range(2, MEMBERS):
            person, codes[i] = db.create_person(s, f"Member {i}", role="panel_member", by=team.lead)
            db.invite(s, panel_row, person, by=team.lead)

    barrier = threading.Barrier(MEMBERS + 1)
    errors: list[BaseException] = []
    timings: list[float] = []

    def member(i: int) -> None:
        engine = db.connect(db_url)
        try:
            barrier.wait()
            with db.session(engine) as s:
                signed = sessions.sign_in(s, codes[i])
            assert signed is not None
            for round_ in range(ROUNDS):
                for c, card in enumerate(cards):
                    start = time.perf_counter()
                    with db.session(engine, readonly=True) as s:
                        person = sessions.resume(s, signed.token)
                    assert person is not None
                    with db.session(engine) as s:
                        panel.answer(
                            s,
                            person,
                            team.run_id,
                            cards,
                            card.theme_id,
                            verdict_words=ANSWERS[(i + c + round_) % len(ANSWERS)],
                            own_name=f"name {i}-{c}-{round_}",
                            comment=f"round {round_}",
                        )
                    timings.append(time.perf_counter() - start)
                if round_ == 0:
                    with db.session(engine) as s:
                        quote = cards[i % len(cards)].quotes[0]["segment_id"]
                        panel.flag(
                            s,
                            person,
                            team.run_id,
                            cards,
                            cards[i % len(cards)].theme_id,
                            quote,
                            reason_words="It's in the wrong place",
                        )
                        panel.suggest(s, person, team.run_id, f"Missing from member {i}")
        except BaseException as error:  # collected and re-raised in the main thread
            errors.append(error)
        finally:
            engine.dispose()

    def researcher() -> None:
        engine = db.connect(db_url)
        try:
            barrier.wait()
            for k in range(5):
                with db.session(engine) as s:
                    version = versions.open_or_start(s, team.run_id, by=team.lead)
                    db.record_decision(
                        s,
                        team.run_id,
                        version,
                        "rename",
                        {"theme_id": "0", "name": f"Name {k}"},
                        by=team.lead,
                        reason="load test",
                    )
        except BaseException as error:
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=member, args=(i,)) for i in range(MEMBERS)]
    threads.append(threading.Thread(target=researcher))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    elapsed = time.perf_counter() - started
    assert not any(t.is_alive() for t in threads), "a member never finished"
    assert not errors, errors

    with db.session(db_engine, readonly=True) as s:
        reviews = s.scalars(select(Review).where(Review.run_id == team.run_id)).all()
        saves = s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "review.save"))
        flags = s.scalar(select(func.count()).select_from(QuoteFlag))
        suggestions = s.scalar(select(func.count()).select_from(MissingThemeSuggestion))
        starts = s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == sessions.START))
        decisions = s.scalars(select(Decision)).all()
    assert len(reviews) == MEMBERS * len(cards)  # one current review each: nothing duplicated
    assert saves == MEMBERS * len(cards) * ROUNDS  # every save audited: nothing lost
    assert flags == MEMBERS and suggestions == MEMBERS and starts == MEMBERS
    assert len(decisions) == 5 and {d.reviewed_version for d in decisions} == {1}
    ids = {team.member.id: 0, team.other_member.id: 1}
    with db.session(db_engine, readonly=True) as s:
        for person in s.scalars(select(Person).where(Person.display_name.like("Member %"))):
            ids[person.id] = int(person.display_name.split()[1])
    for review in reviews:
        i = ids[review.person_id]
        c = next(k for k, card in enumerate(cards) if card.theme_id == review.theme_id)
        assert panel.VERDICT_WORDS[review.verdict] == final_answer(i, c)
        assert review.own_name == f"name {i}-{c}-{ROUNDS - 1}"

    timings.sort()
    backend = db_url.split(":", 1)[0]
    report = {
        "backend": backend,
        "members": MEMBERS,
        "saves": len(timings),
        "elapsed_s": round(elapsed, 2),
        "saves_per_s": round(len(timings) / elapsed, 1),
        "median_save_ms": round(1000 * timings[len(timings) // 2], 1),
        "p95_save_ms": round(1000 * timings[int(len(timings) * 0.95)], 1),
    }
    (artifacts_dir / f"app-load-{backend.split('+')[0]}.json").write_text(json.dumps(report, indent=2))
    print(report)
