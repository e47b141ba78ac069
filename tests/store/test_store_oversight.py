"""Sign-off, site flags, confidential titles in views, and the demo (with SQLite/PostgreSQL parity)."""

from __future__ import annotations

import datetime
import os

import pytest
from dutyboard.rules import FrozenClock
from dutyboard.store import admin, oversight
from dutyboard.store.context import Context
from dutyboard.store.db import connect, open_database
from dutyboard.store.demo import AlreadyDemo, build_demo
from dutyboard.store.errors import Refused, UsageError
from dutyboard.store.facts import MASK
from dutyboard.store.identity import is_demo, is_training
from dutyboard.store.models import Meeting, Person, Task, Venue
from dutyboard.store.views import flag_view, meeting_view, task_view
from storekit import acting, at, book, counts, last_audit, seed, set_now

DEMO_NOW = "2026-11-23 10:00"


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    return seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))


def test_signoff_once_per_day(ctx):
    set_now(ctx, "2026-11-23 17:00")
    with acting(ctx, "super"):
        row = oversight.sign_off(ctx, note="checked")
    assert row.day == datetime.date(2026, 11, 23)
    audit = last_audit()
    assert (audit.actor, audit.action, audit.note) == ("super", "signoff", "checked")
    before = counts()
    with acting(ctx, "super"), pytest.raises(Refused) as err:
        oversight.sign_off(ctx)
    assert err.value.rule == "signoff.once" and "2026-11-23 is already signed off" in str(err.value)
    with acting(ctx, "boss"), pytest.raises(Refused, match="already signed off"):
        oversight.sign_off(ctx, datetime.date(2026, 11, 23))
    with acting(ctx, "super"), pytest.raises(UsageError, match="has not happened yet"):
        oversight.sign_off(ctx, datetime.date(2026, 11, 24))
    assert counts() == before
    with acting(ctx, "super"):  # an earlier day may still be signed
        assert oversight.sign_off(ctx, datetime.date(2026, 11, 20)).day.isoformat() == "2026-11-20"


def test_an_unsigned_day_is_flagged_after_close_of_business(ctx):
    def missing() -> list[str]:
        return [f.subject for f in oversight.site_flags(ctx) if f.kind == "signoff_missing"]

    set_now(ctx, "2026-11-23 17:59")
    assert missing() == []
    set_now(ctx, "2026-11-23 18:00")
    assert missing() == ["day:2026-11-23"]
    set_now(ctx, "2026-11-24 09:00")
    assert oversight.unsigned_days(ctx) == [datetime.date(2026, 11, 23), datetime.date(2026, 11, 24)]
    assert missing() == ["day:2026-11-23"]
    with acting(ctx, "super"):
        oversight.sign_off(ctx, datetime.date(2026, 11, 23))
    assert missing() == []


def test_site_flags_shape(ctx):
    m = book(ctx, "Room A", "2026-11-23 14:00", "2026-11-23 15:00")
    set_now(ctx, "2026-11-23 13:10")
    flags = oversight.site_flags(ctx)
    kinds = {f.kind for f in flags}
    assert {"task_overdue", "task_due_soon"} <= kinds
    severities = [f.severity for f in flags]
    order = {"alarm": 0, "warn": 1, "info": 2}
    assert severities == sorted(severities, key=order.__getitem__)  # most severe first
    ac = Task.get((Task.meeting == m) & (Task.code == "eng.ac"))
    view = flag_view(next(f for f in flags if f.subject == f"task:{ac.id}"), ctx.book)
    assert (view["kind"], view["severity"], view["dept"]) == ("task_overdue", "alarm", "eng")
    assert set(view) >= {"kind", "severity", "subject", "due_at", "message"}
    assert view["due_at"] == "2026-11-23T13:00+08:00" and f"meeting {m.id}" in view["message"]


def test_confidential_titles_are_masked_for_uncleared_viewers(ctx):
    m = book(ctx, "Lounge", "2026-11-23 16:00", "2026-11-23 17:00", title="Budget review",
             organizer="Finance Bureau", confidential=True)
    plain = book(ctx, "Room A", "2026-11-23 16:00", "2026-11-23 17:00", title="Study session")
    task = (Task.select(Task, Meeting, Venue).join(Meeting).join(Venue)
            .where(Task.meeting == m.id).first())
    for login, hidden in (("clerk", True), ("duty", True), ("eng-lead", True), ("super", False),
                          ("boss", False), (None, True)):
        viewer = Person.get(Person.login == login) if login else None
        mv = meeting_view(Meeting.get_by_id(m.id), ctx.book, viewer)
        tv = task_view(task, ctx.book, ctx.now(), viewer)
        if hidden:
            assert (mv["title"], mv["organizer"], tv["meeting"]) == (MASK, MASK, MASK), login
        else:
            assert (mv["title"], mv["organizer"], tv["meeting"]) == (
                "Budget review", "Finance Bureau", "Budget review"), login
        assert mv["confidential"] is True and mv["venue"] == "Lounge"
        assert meeting_view(Meeting.get_by_id(plain.id), ctx.book, viewer)["title"] == "Study session"
    # a cleared clerk sees it
    admin.add_user(ctx, "clerk2", "clerk", depts=["desk"], cleared=True)
    assert meeting_view(Meeting.get_by_id(m.id), ctx.book,
                        Person.get(Person.login == "clerk2"))["title"] == "Budget review"


def test_demo_fills_an_empty_database_and_refuses_a_full_one(db_url, make_ctx):
    ctx = make_ctx(db_url, "boss", DEMO_NOW)
    summary = build_demo(ctx)
    assert summary["venues"] == 10 and summary["meetings"] == 8 and summary["tickets"] == 11
    assert summary["users"] == 8 and summary["tasks"] == Task.select().count() > 100
    assert Person.get(Person.login == "boss").role == "manager"
    assert ctx.login == "boss" and ctx.now() == at(DEMO_NOW)  # the context is given back
    kinds = {f.kind for f in oversight.site_flags(ctx)}
    assert {"task_overdue", "task_due_soon", "emergency", "escalated", "approval_awaited",
            "follow_up_overdue", "readiness_reported"} <= kinds
    assert is_training() and is_demo()
    before = counts()
    with pytest.raises(AlreadyDemo):  # run again on its own demo: nothing to do
        build_demo(ctx)
    assert counts() == before


def test_demo_refuses_an_initialised_site(db_url, make_ctx):
    """A non-user once wrote ~200 demo rows attributed to real people into a real site."""
    ctx = make_ctx(db_url, "chief", DEMO_NOW)
    admin.init_site(ctx)
    before = counts()
    with pytest.raises(Refused, match=r"\[demo\.empty\].*real site"):
        build_demo(ctx)
    assert counts() == before and not is_training()


def test_demo_refuses_a_database_with_venues(db_url, make_ctx):
    ctx = seed(make_ctx(db_url, "boss", DEMO_NOW))
    before = counts()
    with pytest.raises(Refused, match=r"\[demo\.empty\]"):
        build_demo(ctx)
    assert counts() == before


def _demo_snapshot(url: str) -> tuple[dict[str, int], list[tuple]]:
    db = connect(url)
    try:
        ctx = Context(db, FrozenClock(at(DEMO_NOW)), "boss")
        build_demo(ctx)
        flags = [(f.kind, f.severity, f.subject, f.due_at.isoformat() if f.due_at else None)
                 for f in oversight.site_flags(ctx)]
        return counts(), flags
    finally:
        db.close()


def test_demo_parity_between_sqlite_and_postgresql(sqlite_url):
    pg = os.environ.get("DUTYBOARD_TEST_PG")
    if not pg:
        pytest.skip("PostgreSQL parity needs DUTYBOARD_TEST_PG=postgresql://host:port/db (unset)")
    wipe = open_database(pg)
    wipe.connect()
    wipe.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    wipe.execute_sql("CREATE SCHEMA public")
    wipe.close()
    lite_counts, lite_flags = _demo_snapshot(sqlite_url)
    pg_counts, pg_flags = _demo_snapshot(pg)
    lite_counts.pop("setting"), pg_counts.pop("setting")  # PostgreSQL also stores its administrator
    assert lite_counts == pg_counts
    assert sorted({k for k, *_ in lite_flags}) == sorted({k for k, *_ in pg_flags})
    assert lite_flags == pg_flags
