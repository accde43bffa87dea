"""The tables of the decisions database, as typed SQLAlchemy models.

Machine output (runs) lives on disk and is never edited; this database holds what people decide about it.
``run_id``, ``theme_id`` and ``segment_id`` are therefore plain strings that point into run directories,
not foreign keys. People are never deleted (set ``active`` to False), so every decision stays attributable.

Example:
    >>> sorted(Base.metadata.tables)[:4]
    ['audit_events', 'codings', 'decisions', 'memos']
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal, get_args

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from voices.db.columns import PortableJSON, UtcDateTime, utcnow

Role = Literal["researcher", "panel_member"]
Verdict = Literal["yes", "partly", "no", "not_sure"]
DecisionKind = Literal["rename", "merge", "split", "drop", "move_quote", "adopt_panel_name"]
FlagReason = Literal["misplaced", "identifying", "harmful", "other"]

ROLES: tuple[str, ...] = get_args(Role)
VERDICTS: tuple[str, ...] = get_args(Verdict)
DECISION_KINDS: tuple[str, ...] = get_args(DecisionKind)
FLAG_REASONS: tuple[str, ...] = get_args(FlagReason)

RUN_ID = 200
OBJECT_ID = 200
NAME = 200

# Deterministic constraint names, so migrations can alter them on both backends.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    """Declarative base: naming convention, UTC timestamps and portable JSON."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), dict[str, Any]: PortableJSON}


class Person(Base):
    """Someone who signs in: a researcher, or a member of a lived-experience panel.

    The access code is never stored: ``code_id`` is its public first group (to find the row quickly) and
    ``access_code_hash`` a salted scrypt hash of the secret rest.
    """

    __tablename__ = "people"
    __table_args__ = (CheckConstraint(_one_of("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(NAME))
    role: Mapped[str] = mapped_column(String(20))
    code_id: Mapped[str] = mapped_column(String(16), unique=True)
    access_code_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"Person(id={self.id!r}, display_name={self.display_name!r}, role={self.role!r})"


class Panel(Base):
    """A lived-experience panel: a group of people invited to review some runs."""

    __tablename__ = "panels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PanelMember(Base):
    """A person invited to a panel."""

    __tablename__ = "panel_members"

    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)


class PanelRun(Base):
    """A run a panel may see."""

    __tablename__ = "panel_runs"

    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True)
    run_id: Mapped[str] = mapped_column(String(RUN_ID), primary_key=True)
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class Review(Base):
    """One person's current verdict on one theme of one run; saving again replaces it."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("person_id", "run_id", "theme_id"),
        CheckConstraint(_one_of("verdict", VERDICTS), name="verdict"),
        Index(None, "run_id", "theme_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    run_id: Mapped[str] = mapped_column(String(RUN_ID))
    theme_id: Mapped[str] = mapped_column(String(OBJECT_ID))
    verdict: Mapped[str] = mapped_column(String(20))
    own_name: Mapped[str | None] = mapped_column(String(NAME))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuoteFlag(Base):
    """A quote a person thinks does not belong under a theme, or should not be shown at all."""

    __tablename__ = "quote_flags"
    __table_args__ = (
        UniqueConstraint("person_id", "run_id", "theme_id", "segment_id"),
        CheckConstraint(_one_of("reason", FLAG_REASONS), name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    run_id: Mapped[str] = mapped_column(String(RUN_ID))
    theme_id: Mapped[str] = mapped_column(String(OBJECT_ID))
    segment_id: Mapped[str] = mapped_column(String(OBJECT_ID))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MissingThemeSuggestion(Base):
    """Something a person expected to see among a run's themes and did not, in their own words."""

    __tablename__ = "missing_theme_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    run_id: Mapped[str] = mapped_column(String(RUN_ID), index=True)
    name: Mapped[str] = mapped_column(String(NAME))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ThemeVersion(Base):
    """A reviewed theme set: the run's themes (or an earlier version) plus the decisions recorded against it."""

    __tablename__ = "theme_versions"
    __table_args__ = (
        UniqueConstraint("run_id", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(String(RUN_ID))
    version: Mapped[int] = mapped_column(Integer)
    derived_from: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Decision(Base):
    """A researcher's change to a run's themes (rename, merge, split, drop, move a quote, adopt a panel name)."""

    __tablename__ = "decisions"
    __table_args__ = (
        ForeignKeyConstraint(["run_id", "reviewed_version"], ["theme_versions.run_id", "theme_versions.version"]),
        CheckConstraint(_one_of("kind", DECISION_KINDS), name="kind"),
        Index(None, "run_id", "reviewed_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(String(RUN_ID))
    reviewed_version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    payload: Mapped[dict[str, Any]]
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Coding(Base):
    """A code applied to a transcript segment, or to a character span of it (``start`` and ``end``)."""

    __tablename__ = "codings"
    __table_args__ = (
        CheckConstraint('("start" IS NULL AND "end" IS NULL) OR ("start" >= 0 AND "end" > "start")', name="span"),
        Index(None, "run_id", "segment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(String(RUN_ID))
    segment_id: Mapped[str] = mapped_column(String(OBJECT_ID))
    code: Mapped[str] = mapped_column(String(NAME))
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    coder_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Memo(Base):
    """A researcher's note on a run, theme, segment or code."""

    __tablename__ = "memos"
    __table_args__ = (Index(None, "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str | None] = mapped_column(String(RUN_ID))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(OBJECT_ID))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """One write to the database: who did what to which object, and when.

    ``actor`` is the label at the time (a person's display name, or ``system`` for set-up tasks run before
    anyone exists); ``actor_id`` links to the person when there is one.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "object_type", "object_id"), Index(None, "run_id", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    actor: Mapped[str] = mapped_column(String(NAME))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(OBJECT_ID))
    run_id: Mapped[str | None] = mapped_column(String(RUN_ID))
    details: Mapped[dict[str, Any]]
    at: Mapped[datetime] = mapped_column(default=utcnow)
