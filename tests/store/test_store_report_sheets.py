"""The desk's working sheets (issue 12) read through indexes bounded by time or by the
meeting (issue 13), on SQLite (with and without the statistics of a large site) and on
PostgreSQL, with the checks of ``test_store_query_plans``; and they read the right rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from dutyboard.store import report_sheets
from dutyboard.store.context import Context
from dutyboard.store.db import is_sqlite
from dutyboard.store.errors import NotFound, UsageError
from dutyboard.store.models import Meeting, Task
from dutyboard.store.timeutil import must, to_db
from test_store_query_plans import (
    LARGE_SITE_STATS,
    NOW,
    captured,
    pg_problems,
    small_site,
    sqlite_problems,
)


@pytest.fixture
def site(db_url: str) -> Iterator[Context]:
    yield from small_site(db_url)


@pytest.fixture
def sqlite_site(sqlite_url: str) -> Iterator[Context]:
    yield from small_site(sqlite_url)


def sheet_reads(ctx: Context) -> dict[str, Callable[[], Any]]:
    meeting = Meeting.select(Meeting.id).order_by(Meeting.id.desc()).first()
    assert meeting is not None
    return {
        "bookings": lambda: report_sheets.bookings_report(ctx),
        "bookings --days 10": lambda: report_sheets.bookings_report(ctx, 10),
        "worksheet": lambda: report_sheets.worksheet(ctx, "eng"),
        "readiness": lambda: report_sheets.readiness_sheet(ctx, meeting.id),
    }


def problems(ctx: Context) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, run in sheet_reads(ctx).items():
        for sql, params in captured(ctx, run):
            found = (sqlite_problems(ctx.db, sql, params) if is_sqlite(ctx.db)
                     else pg_problems(ctx.db, sql, params))
            out.update({name: found} if found else {})
    return out


def test_sheets_read_through_bounded_indexes(site: Context) -> None:
    db = site.db
    if is_sqlite(db):
        db.execute_sql("ANALYZE")
        db.execute_sql("DELETE FROM sqlite_stat1")
        db.execute_sql("ANALYZE sqlite_schema")
        assert problems(site) == {}
    else:
        with db.atomic():
            for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
                db.execute_sql(f"SET LOCAL {setting} = off")
            assert problems(site) == {}


def test_sheet_plans_hold_with_the_statistics_of_a_large_site(sqlite_site: Context) -> None:
    db = sqlite_site.db
    db.execute_sql("ANALYZE")
    db.execute_sql("DELETE FROM sqlite_stat1")
    for table, index, stat in LARGE_SITE_STATS:
        db.execute_sql("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", (table, index, stat))
    db.execute_sql("ANALYZE sqlite_schema")
    assert problems(sqlite_site) == {}


def test_sheets_hold_the_rows_the_rules_say(site: Context) -> None:
    cal = site.book.calendar
    today = cal.today(NOW)
    lo, hi = cal.day_bounds(today)
    sheet = report_sheets.worksheet(site, "eng")
    expected = {t.id for t in Task.select(Task.id).join(Meeting).where(
        (Task.dept == "eng") & (Task.due_at >= to_db(lo)) & (Task.due_at < to_db(hi))
        & (Meeting.status == "booked"))}
    assert {i.id for i in sheet.items} == expected and expected

    report = report_sheets.bookings_report(site, 10)
    wlo, _ = cal.day_bounds(report.first)
    _, whi = cal.day_bounds(report.last)
    overlapping = {m.id for m in Meeting.select(Meeting.id).where(
        (Meeting.start_at < to_db(whi)) & (Meeting.end_at > to_db(wlo)))}
    assert {m.id for m in report.meetings} == overlapping
    assert all(must(to_db(m.start)) < whi for m in report.meetings)

    meeting = Meeting.select().order_by(Meeting.id).first()
    assert meeting is not None
    ready = report_sheets.readiness_sheet(site, meeting.id)
    assert {i.id for i in ready.items} == {t.id for t in Task.select(Task.id).where(Task.meeting == meeting)}
    with pytest.raises(NotFound):
        report_sheets.readiness_sheet(site, 10 ** 9)
    with pytest.raises(UsageError):
        report_sheets.worksheet(site, "nope")
    with pytest.raises(UsageError):
        report_sheets.bookings_report(site, 0)
