"""The board's incremental derivation (tui/board/derive.py) against the full one: for random
sequences of changes and of time passing, the rows patched by what changed and by the
schedule of due instants are the rows derived from scratch (the ticking columns aside:
countdowns and ages move every second and the tick repaints them); and the full derivation
is what rows.py derives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import arrow
from dutyboard.rules import load_rulebook
from dutyboard.rules.facts import TicketFact
from dutyboard.store.board import Delta, MeetingRow, Snapshot, TaskRow, TicketRow
from dutyboard.tui.board import rows as R
from dutyboard.tui.board.columns import ESCALATION_COLUMNS, TASK_COLUMNS, TICKET_COLUMNS, VENUE_COLUMNS
from dutyboard.tui.board.derive import PANES, TICKING, BoardRows, View, diff
from dutyboard.tui.board.i18n import Translator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BOOK = load_rulebook()
TZ = BOOK.tz
T = Translator("en")
NOW = arrow.get("2026-11-23T09:30:00+08:00")   # a Monday
COLUMNS = {"venues": VENUE_COLUMNS, "tasks": TASK_COLUMNS, "tickets": TICKET_COLUMNS,
           "escalations": ESCALATION_COLUMNS}
DEPTS = ("eng", "sec", "svc", "env", "desk", "fcc")

minutes = st.integers(min_value=-600, max_value=900)


@st.composite
def meetings(draw: st.DrawFn, ident: int) -> MeetingRow:
    start = NOW.shift(minutes=draw(minutes))
    return MeetingRow(ident, f"Hall {draw(st.integers(1, 3))}", "B", "hall", f"meeting {ident}", start,
                      start.shift(minutes=draw(st.integers(30, 240))),
                      draw(st.sampled_from(("booked", "booked", "cancelled"))),
                      total=3, done=draw(st.integers(0, 3)), pre_pending=draw(st.integers(0, 2)),
                      next_due=draw(st.none() | minutes.map(lambda m: NOW.shift(minutes=m))))


@st.composite
def tasks(draw: st.DrawFn, ident: int, meeting: MeetingRow) -> TaskRow:
    due = NOW.shift(minutes=draw(minutes))
    state = draw(st.sampled_from(("pending", "pending", "done", "verified")))
    return TaskRow(ident, meeting.id, meeting.venue, draw(st.sampled_from(DEPTS)), f"C{ident}",
                   f"item {ident}", f"事项 {ident}", due, due.shift(hours=-2), state, draw(st.booleans()), 1,
                   meeting.start, meeting.title, draw(st.sampled_from(("fcc", "desk"))))


@st.composite
def tickets(draw: st.DrawFn, ident: int) -> TicketRow:
    opened = NOW.shift(minutes=-draw(st.integers(0, 3000)))
    state = draw(st.sampled_from(("open", "dispatched", "resolved")))
    follow = tuple(opened.shift(minutes=m) for m in sorted(draw(st.lists(st.integers(5, 600), max_size=2))))
    fact = TicketFact(ident, draw(st.sampled_from(("repair", "complaint"))),
                      draw(st.sampled_from(("normal", "urgent", "emergency"))), state, opened,
                      location=f"room {ident}", dept=draw(st.sampled_from(DEPTS)),
                      dispatched_at=opened.shift(minutes=5) if state != "open" else None,
                      follow_ups=follow if state != "open" else (),
                      escalated_at=draw(st.none() | st.just(opened.shift(minutes=30))),
                      resolved_at=NOW.shift(minutes=-10) if state == "resolved" else None,
                      major=draw(st.booleans()),
                      notified=frozenset(draw(st.lists(st.sampled_from(("supervisor", "manager", "lead"))))),
                      clock_at=opened.shift(minutes=5) if state != "open" else None,
                      stalled_at=draw(st.none() | st.just(opened.shift(minutes=60))))
    return TicketRow(fact, fact.kind, fact.location, fact.dept, "content", "", 1)


@st.composite
def snapshots(draw: st.DrawFn) -> Snapshot:
    ms = {i: draw(meetings(i)) for i in range(1, 5)}
    ts = [draw(tasks(i, ms[draw(st.integers(1, 4))])) for i in range(1, 13)]
    dept_tasks: dict[str, list[TaskRow]] = {d: [] for d in DEPTS}
    for task in ts:
        dept_tasks[task.dept].append(task)
    tks = {i: draw(tickets(i)) for i in range(1, 8)}
    days = draw(st.lists(st.sampled_from([date(2026, 11, 20), date(2026, 11, 23)]), unique=True))
    return Snapshot(1, ms, dept_tasks, tks, unsigned=days, unsent_bookings=[date(2026, 11, 23)])


def change(draw: st.DrawFn, snap: Snapshot) -> Snapshot:
    """One external change, as the reader would deliver it: the snapshot after it and its delta."""
    what = draw(st.sampled_from(("task", "task_gone", "meeting", "ticket", "ticket_gone", "days")))
    new = replace(snap, token=snap.token + 1, meetings=dict(snap.meetings),
                  dept_tasks={d: list(r) for d, r in snap.dept_tasks.items()}, tickets=dict(snap.tickets))
    delta = Delta(since=snap.token)
    every = [r for rows in new.dept_tasks.values() for r in rows]
    if what in ("task", "task_gone") and every:
        old = draw(st.sampled_from(every))
        new.dept_tasks[old.dept] = [r for r in new.dept_tasks[old.dept] if r.id != old.id]
        if what == "task":
            fresh = draw(tasks(old.id, new.meetings[old.meeting_id]))
            new.dept_tasks[fresh.dept].append(fresh)
            new.dept_tasks[fresh.dept].sort(key=lambda r: (r.due, r.id))
        delta = Delta(meetings=frozenset({old.meeting_id}), tasks=frozenset({old.id}), since=snap.token)
    elif what == "meeting":
        ident = draw(st.sampled_from(sorted(new.meetings)))
        new.meetings[ident] = replace(new.meetings[ident], done=draw(st.integers(0, 3)),
                                      status=draw(st.sampled_from(("booked", "cancelled"))))
        delta = Delta(meetings=frozenset({ident}), since=snap.token)
    elif what in ("ticket", "ticket_gone"):
        ident = draw(st.integers(1, 9))
        if what == "ticket":
            new.tickets[ident] = draw(tickets(ident))
        else:
            new.tickets.pop(ident, None)
        delta = Delta(tickets=frozenset({ident}), since=snap.token)
    else:
        new.unsigned = draw(st.lists(st.sampled_from([date(2026, 11, 20), date(2026, 11, 23)]), unique=True))
        new.unsent_bookings = []
        delta = Delta(days=True, since=snap.token)
    new.delta = delta
    return new


def still(pane: str, rows: list) -> list:
    """The rows without their ticking columns."""
    keep = [i for i, c in enumerate(COLUMNS[pane]) if c.key not in TICKING[pane]]
    return [(k, tuple(str(cells[i]) for i in keep)) for k, cells in rows]


def view(highlighted: set[str] | None = None, dept: str | None = None) -> View:
    return View(T, TZ, BOOK, dept, highlighted or set(), set())


def derived(snap: Snapshot, now: arrow.Arrow, v: View) -> BoardRows:
    rows = BoardRows(v)
    rows.rebuild(snap, now)
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_patching_by_changes_and_due_instants_ends_in_the_full_derivation(data: st.DataObject) -> None:
    snap = data.draw(snapshots())
    dept = data.draw(st.sampled_from((None, "fcc", "eng")))
    now = NOW
    live = derived(snap, now, view(dept=dept))
    for _ in range(data.draw(st.integers(1, 12))):
        if data.draw(st.booleans()):
            now = now.shift(minutes=data.draw(st.integers(1, 240)))
            live.advance(now)
        else:
            before, snap = snap, change(data.draw, snap)
            assert snap.delta is not None
            # the reader's delta, or for a full load what differs from the snapshot before
            live.apply(snap, snap.delta if data.draw(st.booleans()) else diff(before, snap), now)
        full = derived(snap, now, view(dept=dept))
        for pane in PANES:
            assert still(pane, live.panes[pane].rows()) == still(pane, full.panes[pane].rows()), pane
            assert live.panes[pane].over == full.panes[pane].over, pane   # where a window starts
        assert live.alerting == full.alerting


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), st.integers(0, 600), st.sampled_from((None, "fcc", "desk", "eng")))
def test_the_full_derivation_is_what_rows_derives(snap: Snapshot, later: int, dept: str | None) -> None:
    now = NOW.shift(minutes=later)
    rows = derived(snap, now, view(dept=dept))
    assert rows.panes["venues"].rows() == R.meeting_rows(snap, now, T, TZ)
    assert rows.panes["tasks"].rows() == R.task_rows(snap, now, T, TZ, dept, BOOK.verify_by)
    focus = [r for r in R.ticket_rows(snap, now, T, BOOK)
             if dept is None or snap.tickets[r[0].number].dept == dept]
    assert rows.panes["tickets"].rows() == focus
    expected = R.escalation_rows(R.escalation_flags(snap, now, BOOK), snap, now, T, set(), TZ)
    assert dict(rows.panes["escalations"].rows()) == dict(expected)
    rank = {k: i for i, (k, _) in enumerate(expected)}   # the same order, ties aside
    got = [k for k, _ in rows.panes["escalations"].rows()]
    flags = {R.RowRef.of_flag(f.kind, f.subject): R.flag_order(f)
             for f in R.escalation_flags(snap, now, BOOK)}
    ours = [flags.get(k, (k.ident,)) for k in got]
    assert ours == [flags.get(k, (k.ident,)) for k in sorted(got, key=rank.get)]


def test_a_change_to_one_task_derives_its_rows_only() -> None:
    meeting = MeetingRow(1, "Hall 1", "B", "hall", "m", NOW.shift(hours=2), NOW.shift(hours=3), "booked")
    items = [TaskRow(i, 1, "Hall 1", "eng", f"C{i}", f"item {i}", f"事项 {i}", NOW.shift(minutes=i - 20),
                     NOW.shift(hours=-2), "pending", False, 1, meeting.start) for i in range(1, 50)]
    snap = Snapshot(1, {1: meeting}, {"eng": items}, {})
    live = derived(snap, NOW, view())
    counts = {p: live.panes[p].derived for p in PANES}
    for pane in PANES:
        live.panes[pane].take()
    done = replace(items[10], state="done", version=2)
    after = replace(snap, token=2, dept_tasks={"eng": items[:10] + [done] + items[11:]},
                    delta=Delta(meetings=frozenset({1}), tasks=frozenset({done.id}), since=1))
    live.apply(after, after.delta, NOW)      # type: ignore[arg-type]
    assert {p: live.panes[p].derived - counts[p] for p in PANES} == {
        "venues": 1, "tasks": 1, "tickets": 0, "escalations": 1}   # its meeting, its row, its group
    order, touched = live.panes["tasks"].take()
    assert list(touched) == [R.RowRef("task", done.id)]


def test_time_re_derives_only_what_fell_due() -> None:
    meeting = MeetingRow(1, "Hall 1", "B", "hall", "m", NOW.shift(hours=5), NOW.shift(hours=6), "booked")
    items = [TaskRow(i, 1, "Hall 1", "eng", f"C{i}", f"item {i}", f"事项 {i}", NOW.shift(minutes=30 * i),
                     NOW.shift(hours=-2), "pending", False, 1, meeting.start) for i in range(1, 9)]
    live = derived(Snapshot(1, {1: meeting}, {"eng": items}, {}), NOW, view())
    assert live.advance(NOW.shift(seconds=1)) == 0
    for pane in PANES:
        live.panes[pane].take()
    # item 1 fell due, item 2 became due soon (due_soon before it); the six others wait
    assert live.advance(NOW.shift(minutes=31)) == 2
    order, touched = live.panes["tasks"].take()
    assert R.RowRef("task", 1) in touched and set(touched) <= {R.RowRef("task", 1), R.RowRef("task", 2)}
    assert "task:1" in live.alerting and "task:2" not in live.alerting
    assert [k for k, _ in live.panes["escalations"].rows()] == [R.group_ref(1)]


def test_a_meeting_changes_phase_when_it_starts_without_a_change() -> None:
    meeting = MeetingRow(1, "Hall 1", "B", "hall", "m", NOW.shift(minutes=10), NOW.shift(hours=2), "booked")
    live = derived(Snapshot(1, {1: meeting}, {}, {}), NOW, view())
    assert str(live.panes["venues"].rows()[0][1][2]) == "ready"
    live.advance(NOW.shift(minutes=11))
    assert str(live.panes["venues"].rows()[0][1][2]) == "in progress"


def test_rederiving_rows_in_view_moves_the_minutes_in_their_messages_on() -> None:
    """No instant falls due while a reported item stays unverified, but the Chinese message
    says how long: the screen re-derives the rows in view once a minute."""
    meeting = MeetingRow(1, "Hall 1", "B", "hall", "m", NOW.shift(minutes=10), NOW.shift(hours=2), "booked")
    task = TaskRow(1, 1, "Hall 1", "eng", "C1", "item", "事项", NOW.shift(hours=-1), NOW.shift(hours=-3),
                   "done", True, 1, meeting.start)
    live = BoardRows(View(Translator("zh"), TZ, BOOK))
    live.rebuild(Snapshot(1, {1: meeting}, {"eng": [task]}, {}), NOW)
    key = R.RowRef("task", "1", "readiness_unverified")
    before = str(live.panes["escalations"].cells[key][3])
    later = NOW.shift(minutes=7)
    assert live.advance(later) == 0
    live.rederive([key], later)
    after = str(live.panes["escalations"].cells[key][3])
    assert before != after and "事项" in after
