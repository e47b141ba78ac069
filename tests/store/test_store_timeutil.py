"""``timeutil.from_db`` resolves the zone once (a board's first read converts thousands of
instants): the same Arrow as ``Arrow.fromdatetime(value, tzinfo="UTC")``, the conversion
before, for the naive datetimes PostgreSQL hands back and the ISO text SQLite does."""

from __future__ import annotations

import datetime

import arrow
from dutyboard.store.timeutil import from_db, to_db
from hypothesis import given
from hypothesis import strategies as st

instants = st.datetimes(min_value=datetime.datetime(1971, 1, 1),
                        max_value=datetime.datetime(2200, 1, 1))


def old_from_db(value: datetime.datetime | str | None) -> arrow.Arrow | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return arrow.Arrow.fromdatetime(value, tzinfo="UTC")


def alike(new: arrow.Arrow | None, old: arrow.Arrow | None) -> None:
    assert new == old and repr(new) == repr(old)
    if new is not None and old is not None:
        assert new.tzinfo is old.tzinfo and new.fold == old.fold
        assert new.datetime == old.datetime and hash(new) == hash(old)


@given(instants, st.sampled_from([0, 1]))
def test_a_datetime_reads_back_as_before(value: datetime.datetime, fold: int) -> None:
    value = value.replace(fold=fold)
    alike(from_db(value), old_from_db(value))


@given(instants)
def test_sqlite_text_reads_back_as_before(value: datetime.datetime) -> None:
    for text in (str(value), value.isoformat(), value.isoformat(sep=" ", timespec="seconds")):
        alike(from_db(text), old_from_db(text))


def test_none_and_a_round_trip() -> None:
    assert from_db(None) is None
    now = arrow.get("2026-11-23T01:30:00.250000+08:00")
    alike(from_db(to_db(now)), now.to("UTC"))
