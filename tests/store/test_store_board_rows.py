"""The board's meetings and department lists read as tuples (store/board_rows.py) are the rows
the named-row read made before issue 13, field for field and in the same order, on SQLite
and PostgreSQL: the same queries, read again as Peewee's named rows and converted the old
way (below), for viewers cleared and not, over randomised meetings and tasks."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from dutyboard.store import board, board_rows, meeting_counts
from dutyboard.store.board import BOARD_DEPTS, BoardReader, MeetingRow, TaskRow
from dutyboard.store.errors import Refused
from dutyboard.store.facts import MASK
from dutyboard.store.models import Meeting, Task, Venue
from dutyboard.store.timeutil import must, to_db
from storekit import acting, at, book, seed, set_now

SLOTS = [("2026-11-23 08:00", "2026-11-23 09:30"), ("2026-11-23 11:00", "2026-11-23 12:00"),
         ("2026-11-23 13:00", "2026-11-23 15:00"), ("2026-11-23 15:30", "2026-11-23 17:00"),
         ("2026-11-23 19:00", "2026-11-23 21:00"), ("2026-11-24 09:00", "2026-11-24 10:00")]


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    return seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))


def scramble(ctx, seed_: int) -> None:  # noqa: ANN001
    """Meetings in every venue and slot, then their fields and their tasks' set at random:
    confidential, cancelled, instants with and without microseconds, every state, verify,
    venues in buildings with their own verifier."""
    rng = random.Random(seed_)
    set_now(ctx, "2026-11-09 10:00")   # booked in good time: no notice refused
    for venue in ("Hall", "Room A", "Room B", "Lounge"):
        for start, end in SLOTS:
            try:
                book(ctx, venue, start, end, approval_ref="ZY-1")
            except Refused:
                pass
    set_now(ctx, "2026-11-23 10:00")
    Venue.update(building="Office block").where(Venue.name == "Room A").execute()
    now = at("2026-11-23 10:00")

    def instant(spread_min: int) -> Any:
        moment = now + timedelta(minutes=rng.randrange(-spread_min, spread_min))
        return to_db(moment.shift(microseconds=rng.choice([0, 0, 250000])))

    for m in Meeting.select(Meeting.id, Meeting.start_at):
        Meeting.update(confidential=rng.random() < 0.4,
                       status=rng.choice(["booked", "booked", "booked", "cancelled"]),
                       start_at=m.start_at + timedelta(microseconds=rng.choice([0, 0, 500000])),
                       ).where(Meeting.id == m.id).execute()
    for t in Task.select(Task.id):
        Task.update(state=rng.choice(["pending", "pending", "done", "verified"]),
                    verify=rng.random() < 0.5, due_at=instant(36 * 60),
                    earliest_at=instant(48 * 60), version=rng.randrange(1, 5),
                    ).where(Task.id == t.id).execute()


def old_meetings(query: Any, counts: Any, cleared: bool) -> dict[int, MeetingRow]:
    """board.py's ``_meetings`` before issue 13: named rows."""
    out: dict[int, MeetingRow] = {}
    for m in query.namedtuples():
        out[m.id] = MeetingRow(m.id, m.venue, m.venue_class, m.kind,
                               MASK if m.confidential and not cleared else m.title,
                               must(m.start_at), must(m.end_at), m.status)
    for c in counts.namedtuples():
        row = out.get(c.meeting_id)
        if row is not None:
            row.total, row.done, row.verified = c.total or 0, c.done or 0, c.verified or 0
            row.pre_pending = c.pre_pending or 0
            row.next_due = must(c.next_due) if c.next_due else None
            row.prep_from = must(c.prep_from) if c.prep_from else None
            row.prep_due = must(c.prep_due) if c.prep_due else None
    return out


def old_counts(window: Any, lo: Any) -> Any:
    """The meetings' counts as one grouped join of their tasks: the SQLite read before 0016
    (store/meeting_counts.py), the PostgreSQL read before its LATERAL subquery."""
    named = meeting_counts.figures(lo)
    return (Task.select(Task.meeting.alias("meeting_id"),
                        *(value.alias(name) for name, value in named.items()))
            .join(Meeting, on=(Task.meeting == Meeting.id)).where(window).group_by(Task.meeting))


def old_tasks(query: Any, cleared: bool, verifier: Any) -> list[TaskRow]:
    """board.py's ``_task_row`` before issue 13, over named rows."""
    return [TaskRow(r.id, r.meeting_id, r.venue, r.dept, r.code, r.title, r.title_zh,
                    must(r.due_at), must(r.earliest_at), r.state, bool(r.verify), r.version,
                    must(r.meeting_start), MASK if r.confidential and not cleared
                    else r.meeting_title, verifier(r.venue, r.building or ""))
            for r in query.namedtuples()]


def same(new: Any, old: Any) -> None:
    assert new == old
    assert repr(new) == repr(old)   # True is not 1, a str not bytes, an int not a Decimal


@pytest.mark.parametrize("seed_", [1, 2])
@pytest.mark.parametrize("login", ["boss", "duty"])   # cleared (the manager) and not
def test_the_tuple_read_is_the_named_row_read(ctx, monkeypatch, seed_: int, login: str) -> None:  # noqa: ANN001
    scramble(ctx, seed_)
    first = Meeting.select(Meeting.id).order_by(Meeting.start_at, Meeting.id).first()
    assert first is not None
    Task.delete().where(Task.meeting == first.id).execute()   # a meeting with no items
    late = Meeting.select(Meeting.id, Meeting.start_at).order_by(Meeting.start_at, Meeting.id)[1]
    Task.update(state="pending", due_at=late.start_at + timedelta(hours=1)).where(   # all due
        Task.meeting == late.id).execute()                                          # after it starts
    queries: list[Any] = []
    rows_of = board_rows.rows_of

    def recording(query: Any) -> Any:
        queries.append(query)
        return rows_of(query)

    windows: list[Any] = []
    counts_of = board.meeting_counts

    def counting(db: Any, window: Any, lo: Any) -> Any:
        windows.append((window, lo))
        return counts_of(db, window, lo)

    monkeypatch.setattr(board_rows, "rows_of", recording)
    monkeypatch.setattr(board, "meeting_counts", counting)
    with acting(ctx, login):
        reader = BoardReader(ctx)
        with ctx.read():
            snap = reader.full()
            verifier = ctx.book.verification.verifier
            meeting_q, *task_qs = queries
            same(list(snap.meetings.items()),
                 list(old_meetings(meeting_q, old_counts(*windows[0]), reader.cleared).items()))
            old_lists = [old_tasks(q, reader.cleared, verifier) for q in task_qs]
            some = set(list(snap.meetings)[::3])
            assert len(snap.meetings) > 10 and some
            queries.clear()
            by_id = reader._meetings(some)
            same(list(by_id.items()),
                 list(old_meetings(queries[0], old_counts(*windows[1]), reader.cleared).items()))
    per_dept, awaiting = old_lists[:len(BOARD_DEPTS)], old_lists[len(BOARD_DEPTS)]
    for dept, rows in zip(BOARD_DEPTS, per_dept, strict=True):
        waiting = sorted([r for r in awaiting if r.dept == dept], key=lambda r: (r.due, r.id))
        same(snap.dept_tasks[dept], sorted(rows + waiting[:40], key=lambda r: (r.due, r.id)))
    assert reader.cleared == (login == "boss")
    assert any(r.title == MASK for r in snap.meetings.values()) != reader.cleared
    assert any(r.next_due for r in snap.meetings.values())
    assert any(r.prep_due for r in snap.meetings.values())
    assert any(r.next_due and not r.prep_due for r in snap.meetings.values())   # pending after the start
    assert any(r.total == 0 for r in snap.meetings.values())   # the meeting with no items
    assert sum(len(v) for v in snap.dept_tasks.values()) > 10
    assert {r.verifier for v in snap.dept_tasks.values() for r in v} == {"fcc", "desk"}
    assert any(r.state == "done" for v in snap.dept_tasks.values() for r in v)
