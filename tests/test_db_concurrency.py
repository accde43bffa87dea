"""Concurrent writers on one database: no lost and no duplicated rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, func, select

from db_fixtures import Team
from voices import db
from voices.db.models import AuditEvent, Decision, Review, ThemeVersion

THREADS = 10
ROUNDS = 5
THEMES = ("1", "2", "3")


def _together(work: Callable[[int], None]) -> None:
    barrier = threading.Barrier(THREADS)

    def run(i: int) -> None:
        barrier.wait(timeout=30)
        work(i)

    with ThreadPoolExecutor(THREADS) as pool:
        for future in [pool.submit(run, i) for i in range(THREADS)]:
            future.result(timeout=60)


def test_concurrent_reviews_and_decisions_lose_and_duplicate_nothing(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        version = db.start_version(s, team.run_id, by=team.lead).version
        reviewers = [db.create_person(s, f"Reviewer {i}", role="researcher", by=team.lead)[0] for i in range(THREADS)]
    with db.session(db_engine, readonly=True) as s:
        events_before = s.scalar(select(func.count()).select_from(AuditEvent))

    def work(i: int) -> None:
        for round_ in range(ROUNDS):
            with db.session(db_engine) as s:
                # Everyone hammers the same shared key (one person, two tabs) and their own keys.
                db.save_review(s, team.lead, team.run_id, "shared", verdict="yes", comment=f"t{i} r{round_}")
                for theme in THEMES:
                    db.save_review(s, reviewers[i], team.run_id, theme, verdict="partly", comment=f"r{round_}")
            with db.session(db_engine) as s:
                payload = {"theme_id": f"{i}-{round_}", "name": f"name {i} {round_}"}
                db.record_decision(s, team.run_id, version, "rename", payload, by=team.lead)

    _together(work)

    with db.session(db_engine, readonly=True) as s:
        reviews = s.scalars(select(Review)).all()
        assert len(reviews) == 1 + THREADS * len(THEMES)
        keys = {(r.person_id, r.run_id, r.theme_id) for r in reviews}
        assert len(keys) == len(reviews)
        for r in reviews:
            if r.person_id != team.lead.id:
                assert r.comment == f"r{ROUNDS - 1}"  # each reviewer's last save won
        decisions = s.scalars(select(Decision)).all()
        assert sorted(d.payload["theme_id"] for d in decisions) == sorted(
            f"{i}-{r}" for i in range(THREADS) for r in range(ROUNDS)
        )
        saves = THREADS * ROUNDS * (1 + len(THEMES))
        events = s.scalar(select(func.count()).select_from(AuditEvent)) - events_before
        assert events == saves + len(decisions)
        audited = set(s.scalars(select(AuditEvent.object_id).where(AuditEvent.object_type == "decision")))
        assert audited == {str(d.id) for d in decisions}


def test_concurrent_start_version_gives_distinct_numbers(db_engine: Engine, team: Team) -> None:
    numbers: list[int] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        with db.session(db_engine) as s:
            number = db.start_version(s, team.run_id, by=team.lead).version
        with lock:
            numbers.append(number)

    _together(work)
    assert sorted(numbers) == list(range(1, THREADS + 1))
    with db.session(db_engine, readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(ThemeVersion)) == THREADS
