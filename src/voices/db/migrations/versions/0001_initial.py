"""Initial schema: people, panels, reviews, decisions, theme versions, codings, memos, audit events.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Migrations are frozen history: they use plain SQLAlchemy types, never voices' live models or column types.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("code_id", sa.String(length=16), nullable=False),
        sa.Column("access_code_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("role IN ('researcher', 'panel_member')", name=op.f("ck_people_role")),
        sa.ForeignKeyConstraint(["created_by_id"], ["people.id"], name=op.f("fk_people_created_by_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("code_id", name=op.f("uq_people_code_id")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=200), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["people.id"], name=op.f("fk_audit_events_actor_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_actor_id"), "audit_events", ["actor_id"], unique=False)
    op.create_index(
        op.f("ix_audit_events_object_type_object_id"), "audit_events", ["object_type", "object_id"], unique=False
    )
    op.create_index(op.f("ix_audit_events_run_id_at"), "audit_events", ["run_id", "at"], unique=False)
    op.create_table(
        "codings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=False),
        sa.Column("segment_id", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            '("start" IS NULL AND "end" IS NULL) OR ("start" >= 0 AND "end" > "start")', name=op.f("ck_codings_span")
        ),
        sa.ForeignKeyConstraint(["coder_id"], ["people.id"], name=op.f("fk_codings_coder_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_codings")),
    )
    op.create_index(op.f("ix_codings_run_id_segment_id"), "codings", ["run_id", "segment_id"], unique=False)
    op.create_table(
        "memos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=True),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["people.id"], name=op.f("fk_memos_author_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memos")),
    )
    op.create_index(op.f("ix_memos_object_type_object_id"), "memos", ["object_type", "object_id"], unique=False)
    op.create_table(
        "missing_theme_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_missing_theme_suggestions_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missing_theme_suggestions")),
    )
    op.create_index(op.f("ix_missing_theme_suggestions_run_id"), "missing_theme_suggestions", ["run_id"], unique=False)
    op.create_table(
        "panels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["people.id"], name=op.f("fk_panels_created_by_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panels")),
        sa.UniqueConstraint("name", name=op.f("uq_panels_name")),
    )
    op.create_table(
        "quote_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=False),
        sa.Column("theme_id", sa.String(length=200), nullable=False),
        sa.Column("segment_id", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "reason IN ('misplaced', 'identifying', 'harmful', 'other')", name=op.f("ck_quote_flags_reason")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_quote_flags_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_flags")),
        sa.UniqueConstraint(
            "person_id",
            "run_id",
            "theme_id",
            "segment_id",
            name=op.f("uq_quote_flags_person_id_run_id_theme_id_segment_id"),
        ),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=False),
        sa.Column("theme_id", sa.String(length=200), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("own_name", sa.String(length=200), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("verdict IN ('yes', 'partly', 'no', 'not_sure')", name=op.f("ck_reviews_verdict")),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_reviews_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("person_id", "run_id", "theme_id", name=op.f("uq_reviews_person_id_run_id_theme_id")),
    )
    op.create_index(op.f("ix_reviews_run_id_theme_id"), "reviews", ["run_id", "theme_id"], unique=False)
    op.create_table(
        "theme_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("derived_from", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_theme_versions_version_positive")),
        sa.ForeignKeyConstraint(["created_by_id"], ["people.id"], name=op.f("fk_theme_versions_created_by_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_versions")),
        sa.UniqueConstraint("run_id", "version", name=op.f("uq_theme_versions_run_id_version")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=False),
        sa.Column("reviewed_version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "kind IN ('rename', 'merge', 'split', 'drop', 'move_quote', 'adopt_panel_name')",
            name=op.f("ck_decisions_kind"),
        ),
        sa.ForeignKeyConstraint(["author_id"], ["people.id"], name=op.f("fk_decisions_author_id_people")),
        sa.ForeignKeyConstraint(
            ["run_id", "reviewed_version"],
            ["theme_versions.run_id", "theme_versions.version"],
            name=op.f("fk_decisions_run_id_reviewed_version_theme_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(
        op.f("ix_decisions_run_id_reviewed_version"), "decisions", ["run_id", "reviewed_version"], unique=False
    )
    op.create_table(
        "panel_members",
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=False),
        sa.Column("invited_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["invited_by_id"], ["people.id"], name=op.f("fk_panel_members_invited_by_id_people")),
        sa.ForeignKeyConstraint(
            ["panel_id"], ["panels.id"], name=op.f("fk_panel_members_panel_id_panels"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_panel_members_person_id_people")),
        sa.PrimaryKeyConstraint("panel_id", "person_id", name=op.f("pk_panel_members")),
    )
    op.create_table(
        "panel_runs",
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=False),
        sa.Column("granted_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["granted_by_id"], ["people.id"], name=op.f("fk_panel_runs_granted_by_id_people")),
        sa.ForeignKeyConstraint(
            ["panel_id"], ["panels.id"], name=op.f("fk_panel_runs_panel_id_panels"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("panel_id", "run_id", name=op.f("pk_panel_runs")),
    )


def downgrade() -> None:
    op.drop_table("panel_runs")
    op.drop_table("panel_members")
    op.drop_index(op.f("ix_decisions_run_id_reviewed_version"), table_name="decisions")
    op.drop_table("decisions")
    op.drop_table("theme_versions")
    op.drop_index(op.f("ix_reviews_run_id_theme_id"), table_name="reviews")
    op.drop_table("reviews")
    op.drop_table("quote_flags")
    op.drop_table("panels")
    op.drop_index(op.f("ix_missing_theme_suggestions_run_id"), table_name="missing_theme_suggestions")
    op.drop_table("missing_theme_suggestions")
    op.drop_index(op.f("ix_memos_object_type_object_id"), table_name="memos")
    op.drop_table("memos")
    op.drop_index(op.f("ix_codings_run_id_segment_id"), table_name="codings")
    op.drop_table("codings")
    op.drop_index(op.f("ix_audit_events_run_id_at"), table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_object_type_object_id"), table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_actor_id"), table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("people")
