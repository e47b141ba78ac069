"""UTC in the database, arrow everywhere else."""

from __future__ import annotations

import datetime

import arrow


def to_db(value: arrow.Arrow) -> datetime.datetime:
    return value.to("UTC").naive


def from_db(value: datetime.datetime | str | None) -> arrow.Arrow | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands back text for computed columns
        value = datetime.datetime.fromisoformat(value)
    return arrow.Arrow.fromdatetime(value, tzinfo="UTC")


def must(value: datetime.datetime | str) -> arrow.Arrow:
    out = from_db(value)
    assert out is not None
    return out


def iso(value: arrow.Arrow | None, tz: str) -> str | None:
    """ISO-8601 with the site's offset, to the minute (seconds when they are not zero)."""
    if value is None:
        return None
    local = value.to(tz)
    return local.isoformat(timespec="seconds" if local.second else "minutes")
