"""Column types that behave the same on SQLite and PostgreSQL: UTC timestamps and JSON documents."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

PortableJSON: TypeEngine[Any] = JSON().with_variant(JSONB(), "postgresql")
"""JSON on SQLite, JSONB (indexable, compact) on PostgreSQL."""


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC.

    Returns:
        ``datetime.now(UTC)``.

    Example:
        >>> utcnow().tzinfo
        datetime.timezone.utc
    """
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    PostgreSQL keeps ``timestamptz`` natively; SQLite has no time zones, so values are converted to UTC on the
    way in and labelled UTC on the way out. Naive datetimes are refused: their zone is unknowable.

    Example:
        >>> from datetime import timedelta, timezone
        >>> from sqlalchemy.dialects import sqlite
        >>> t = UtcDateTime()
        >>> t.process_bind_param(datetime(2025, 1, 1, 12, tzinfo=timezone(timedelta(hours=1))), sqlite.dialect())
        datetime.datetime(2025, 1, 1, 11, 0)
        >>> t.process_result_value(datetime(2025, 1, 1, 11, 0), sqlite.dialect()).isoformat()
        '2025-01-01T11:00:00+00:00'
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"timestamp {value.isoformat()}: expected a timezone-aware datetime, found a naive one. "
                "Fix: use voices.db.columns.utcnow() or datetime.now(UTC)."
            )
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
