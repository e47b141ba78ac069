"""UTC in the database, arrow everywhere else."""

from __future__ import annotations

import datetime
from typing import Any

import arrow


def to_db(value: arrow.Arrow) -> datetime.datetime:
    return value.to("UTC").naive


# what ``tzinfo="UTC"`` means to arrow, resolved once: ``Arrow.fromdatetime(value,
# tzinfo="UTC")`` parsed the name for every instant read (a board's first read converts
# thousands; tests/store/test_store_timeutil.py holds the two alike)
UTC = arrow.parser.TzinfoParser.parse("UTC")


def from_db(value: datetime.datetime | str | None) -> arrow.Arrow | None:
    """The stored instant (UTC, naive) as an Arrow in UTC: ``Arrow.fromdatetime(value,
    tzinfo="UTC")``, without parsing the zone's name each time."""
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands back text for computed columns
        value = datetime.datetime.fromisoformat(value)
    return arrow.Arrow(value.year, value.month, value.day, value.hour, value.minute, value.second,
                       value.microsecond, UTC, fold=value.fold)


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


class Instants(dict[Any, Any]):
    """``from_db`` once per distinct value (SQLite: ISO text, PostgreSQL: a naive datetime):
    ``instants[value]`` is the Arrow (None for None). A dict that converts on a miss, so a
    value seen before is a lookup in C, not a call of a Python method: a board's first read
    looks up ~35,000 instants, ~10,000 of them distinct (the tickets in hand: 14 columns,
    mostly empty); the flags read tens of thousands of tasks sharing a few hundred times.
    Arrow is immutable, so the rows may share one."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, value: Any) -> arrow.Arrow | None:
        out = self[value] = from_db(value)
        return out
