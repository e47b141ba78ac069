"""Issue 11, reading the board: what is late is on top (one urgency order across
departments, the verifier's own list, overdue readiness per meeting in the escalations),
highlights until acknowledged, and nothing can be misread (units on durations, the due time
beside each countdown, whole text on Enter, columns that give the text room)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from boardkit import NOW, loaded, open_context, settle, wait_for
from dutyboard.rules.facts import PENDING
from dutyboard.store.board import BoardReader
from dutyboard.store.models import Audit, Meeting, Task, Venue
from dutyboard.store.tasks import change_task
from dutyboard.tui.board import rows as R
from dutyboard.tui.board.i18n import Translator
from dutyboard.tui.board.refs import RowRef

TZ = "Asia/Shanghai"


def snapshot(url: str, login: str = "duty", now: str = NOW):  # noqa: ANN201
    ctx = open_context(url, login, now)
    return ctx, BoardReader(ctx).full()


def report_at_the_office_block(url: str, now: str) -> int:
    """The engineering lead reports readiness for the meeting in the Office block (where
    the service desk verifies); the demo has none reported there yet."""
    ctx = open_context(url, "eng-lead", now)
    meeting = Meeting.select().join(Venue).where((Venue.building == "Office block")
                                                 & (Meeting.status == "booked")
                                                 & (Meeting.start_at > ctx.now().naive)).first()
    task = Task.get((Task.meeting == meeting) & (Task.code == "eng.report"))
    change_task(ctx, task.id, "done")
    return task.id


async def test_overdue_items_lead_across_departments(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        table = app.board.table("tasks")
        texts = [str(table.cells(k)[0]) for k in table.keys]
        overdue = [i for i, text in enumerate(texts) if "overdue" in text]
        assert overdue == list(range(len(overdue))) and len(overdue) >= 4, texts
        depts = {str(table.cells(k)[3]) for k in table.keys[:len(overdue)]}
        assert len(depts) > 1          # not one department's list after another
        # every row says where and for which meeting, and its absolute due time
        for key in table.keys:
            cells = table.cells(key)
            assert re.fullmatch(r"\d\d:\d\d", cells[1]) and cells[5] and re.match(r"\d\d:\d\d ", cells[6])


def test_urgency_order_puts_a_nearing_verification_before_due_soon(board_url: str) -> None:
    ctx, snap = snapshot(board_url)
    now = ctx.now()
    keyed = [r for rows in snap.dept_tasks.values() for r in rows]
    ordered = [k.number for k, _ in R.task_rows(snap, now, Translator("en"), TZ)]
    ranks = [R.urgency(next(r for r in keyed if r.id == i), now)[0] for i in ordered]
    assert ranks == sorted(ranks)
    task = next(r for r in keyed if R.awaiting_verification(r))
    late = now.shift(minutes=1)
    soon = task.meeting_start - timedelta(minutes=30)       # the T-30min deadline, ahead
    assert R.urgency(task, soon.shift(minutes=-20))[0] == 1   # nearing: above "due soon"
    assert R.urgency(task, soon.shift(minutes=1))[0] == 0     # past it: with the overdue
    assert late > now


@pytest.mark.parametrize("verifier", ["fcc", "desk"])
def test_the_verifier_focus_lists_what_waits_for_its_verification(board_url: str, verifier: str) -> None:
    later = "2026-11-23T12:30"
    reported = report_at_the_office_block(board_url, later)
    ctx, snap = snapshot(board_url, now=later)
    now, t = ctx.now(), Translator("en")
    every = {r.id: r for rows in snap.dept_tasks.values() for r in rows}
    waiting = {i for i, r in every.items() if R.awaiting_verification(r) and r.verifier == verifier}
    rows = R.task_rows(snap, now, t, TZ, dept=verifier)
    first = [k.number for k, _ in rows[:len(waiting)]]
    assert set(first) == waiting and waiting
    assert (reported in waiting) is (verifier == "desk")
    for key, cells in rows[:len(waiting)]:
        task = every[key.number]
        deadline = task.meeting_start + ctx.book.verify_by
        assert cells[1] == deadline.to(TZ).format("HH:mm")        # by when: T-30min
        assert str(cells[0]).startswith("? verify ") or "overdue" in str(cells[0])
    others = [every[k.number] for k, _ in rows[len(waiting):]]
    assert all(r.dept == verifier for r in others)


def test_the_demo_gives_the_duty_officer_something_to_verify(board_url: str) -> None:
    """Today focusing fcc showed an empty pane: the items waiting for the duty officer."""
    ctx, snap = snapshot(board_url)
    rows = R.task_rows(snap, ctx.now(), Translator("en"), TZ, dept="fcc")
    assert rows and str(rows[0][1][0]).startswith("? verify ")


def test_overdue_readiness_is_grouped_per_meeting(board_url: str) -> None:
    ctx, snap = snapshot(board_url)
    now, t = ctx.now(), Translator("en")
    rows = dict(R.escalation_rows(R.escalation_flags(snap, now, ctx.book), snap, now, t, set(), TZ))
    groups = {k: c for k, c in rows.items() if k.flag == "readiness_overdue"}
    overdue = [r for rs in snap.dept_tasks.values() for r in rs if r.state == PENDING and r.due <= now]
    assert len(groups) == len({r.meeting_id for r in overdue}) >= 1
    key, cells = next(iter(groups.items()))
    items = [r for r in overdue if r.meeting_id == key.number]
    message = str(cells[3])
    assert message.startswith(f"{items[0].venue} {items[0].meeting_start.to(TZ).format('HH:mm')}: "
                              f"{len(items)} items overdue, ")
    for dept in {r.dept for r in items}:
        n = sum(r.dept == dept for r in items)
        assert f"{t(f'dept.{dept}')} {n}" in message
    order = list(rows)
    assert order.index(key) < order.index(RowRef("ticket", 3, "follow_up_overdue"))


async def test_an_emergency_names_everyone_still_to_notify(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "escalations"))
        await pilot.pause()
        table = app.board.table("escalations")
        message = str(table.cells(RowRef("ticket", 11, "emergency"))[3])
        assert message.endswith("still to notify: manager, department lead")
        assert table.columns["message"].width >= len(message)   # the whole of it shows


async def test_newly_overdue_stays_highlighted_until_acknowledged(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        board = app.board
        snap = board.snapshot
        now = app.ctx.now()
        task = min((r for rs in snap.dept_tasks.values() for r in rs
                    if r.state == PENDING and r.due > now), key=lambda r: r.due)
        app.ctx.clock.instant = task.due.shift(seconds=1)
        board.tick()
        key = RowRef("task", task.id)
        table = board.table("tasks")
        await wait_for(pilot, lambda: str(table.cells(key)[4]).startswith("NEW "))
        assert f"task:{task.id}" in board.highlighted
        await pilot.press("a")
        await settle(pilot, app)
        assert not str(table.cells(key)[4]).startswith("NEW ")
        acks = list(Audit.select().where((Audit.action == "task.acknowledge")
                                         & (Audit.entity_id == task.id)))
        assert [a.actor for a in acks] == ["duty"]
        board.tick()                                   # still overdue, already acknowledged
        await pilot.pause()
        assert not str(table.cells(key)[4]).startswith("NEW ")
        # the item's detail says who acknowledged, and when
        await pilot.press("2", "g")
        index = table.keys.index(key)
        await pilot.press(*["j"] * index, "enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DetailScreen")
        body = app.screen.body
        assert "Acknowledged:" in body and "duty" in body


async def test_an_acknowledgement_on_one_board_clears_the_other(board_url: str, make_board) -> None:  # noqa: ANN001
    """Two boards on one database: ``a`` on the duty officer's clears the NEW mark on the
    supervisor's within a second (its next poll), it does not ring there again, and the
    supervisor's detail of the item says who acknowledged it, and when."""
    from dutyboard.rules import FrozenClock
    from dutyboard.store.context import Context
    from dutyboard.tui.board.app import BoardApp, Cadence
    fast = Cadence(tick=0.1, flags=0.5, poll=0.05)
    duty = make_board(board_url, cadence=fast)
    # the same database, another person's board (the models are bound to one database object
    # per process: the second board shares it, each thread with its own connection)
    other = BoardApp(Context(duty.ctx.db, FrozenClock(duty.ctx.now()), "super"), lang="en", cadence=fast)
    async with duty.run_test(size=(160, 48)) as pilot, other.run_test(size=(160, 48)) as watcher:
        await wait_for(pilot, lambda: loaded(duty))
        await wait_for(watcher, lambda: loaded(other))
        now = duty.ctx.now()
        task = min((r for rs in duty.board.snapshot.dept_tasks.values() for r in rs
                    if r.state == PENDING and r.due > now), key=lambda r: r.due)
        key, subject = RowRef("task", task.id), f"task:{task.id}"
        for app in (duty, other):
            app.ctx.clock.instant = task.due.shift(seconds=1)
            app.board.tick()
        table = other.board.table("tasks")
        await wait_for(watcher, lambda: subject in other.board.highlighted
                       and str(table.cells(key)[4]).startswith("NEW "))
        await wait_for(pilot, lambda: subject in duty.board.highlighted)
        await pilot.press("a")
        acks = Audit.select().where((Audit.action == "task.acknowledge") & (Audit.entity_id == task.id))
        await wait_for(pilot, lambda: acks.count() == 1)
        ack_id = acks.get().id
        # the first snapshot the other board takes after the acknowledgement clears it (the
        # poller looks every 0.25 s by default: within a second, not timed here)
        await wait_for(watcher, lambda: other.board.snapshot.token >= ack_id)
        assert subject not in other.board.highlighted
        assert not str(table.cells(key)[4]).startswith("NEW ")
        other.board.alerts.check(other.ctx.now())      # still overdue: not news, no NEW again
        assert subject not in other.board.highlighted
        await watcher.press("2", "g", *["j"] * table.keys.index(key), "enter")
        await wait_for(watcher, lambda: other.screen.__class__.__name__ == "DetailScreen")
        body = other.screen.body
        when = task.due.shift(seconds=1).to(TZ).format("HH:mm")      # today's: the time alone
        assert re.search(rf"Acknowledged:\n\s+duty\s+{when}", body), body


async def test_enter_on_a_task_shows_that_task(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        table = app.board.table("tasks")
        snap = app.board.snapshot
        every = {r.id: r for rs in snap.dept_tasks.values() for r in rs}
        index = next(i for i, k in enumerate(table.keys) if R.awaiting_verification(every[k.number]))
        task = every[table.keys[index].number]
        await pilot.press("2", "g", *["j"] * index, "enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DetailScreen")
        body = app.screen.body
        assert task.title in body and f"Venue: {task.venue}" in body
        assert f"Meeting: #{task.meeting_id} " in body and "Due: " in body
        assert "Reported by: " in body and "Verified by (department): fire-control centre" in body
        assert "Verify by: " in body and "Tasks:" not in body       # not the meeting's list


async def test_the_tickets_age_ticks(board_url: str, make_board) -> None:  # noqa: ANN001
    """An age moves once a minute (its seconds were noise that repainted the row each
    second); a countdown in its last ten minutes ticks each second."""
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        table = app.board.table("tickets")
        key = RowRef("ticket", 11)
        assert str(table.cells(key)[5]) == "8m"
        app.ctx.clock.instant = app.ctx.clock.instant.shift(seconds=59)
        app.board.tick()
        assert str(table.cells(key)[5]) == "8m"
        app.ctx.clock.instant = app.ctx.clock.instant.shift(seconds=1)
        app.board.tick()
        assert str(table.cells(key)[5]) == "9m"


async def test_a_readonly_board_acknowledges_without_writing(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, readonly=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        app.board.highlighted.add("ticket:11")
        before = Audit.select().count()
        await pilot.press("a")
        await settle(pilot, app)
        assert not app.board.highlighted and Audit.select().count() == before


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("room", [45, 61, 77, 93, 157])
def test_text_columns_get_the_room_and_nothing_overflows(lang: str, room: int) -> None:
    from dutyboard.tui.board.columns import (
        CELL_PADDING,
        ESCALATION_COLUMNS,
        TASK_COLUMNS,
        TICKET_COLUMNS,
        VENUE_COLUMNS,
        column_widths,
    )
    t = Translator(lang)
    for columns in (VENUE_COLUMNS, TASK_COLUMNS, TICKET_COLUMNS, ESCALATION_COLUMNS):
        widths = column_widths(columns, t, room)
        used = sum(widths.values()) + 2 * CELL_PADDING * len(widths)
        flexible = [c for c in columns if c.weight and c.key in widths]
        assert all(c.key in widths for c in columns if not c.drop)   # where and what always show
        assert all(widths[c.key] >= c.minimum for c in flexible)
        if any(c.drop and c.key in widths for c in columns):     # something left to drop: fits
            assert used <= room, (columns[0].key, widths)
    tasks = column_widths(TASK_COLUMNS, t, room)
    assert tasks["venue"] >= 18                                  # "大礼堂 Main hall" whole
    assert ("meeting" in tasks) is (room >= 93)
    venues = column_widths(VENUE_COLUMNS, t, room)
    if room >= 157:                                              # 160 wide: every title whole
        assert venues["title"] >= 43 and set(venues) == {c.key for c in VENUE_COLUMNS}


async def test_enter_on_an_emergency_shows_everyone_still_to_notify(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "escalations"))
        await pilot.press("4", "g", "enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DetailScreen")
        assert "突发事件：大礼堂 Main hall B1 switch room；尚未通知：项目经理、部门主管" in app.screen.body


async def test_a_missed_verification_deadline_is_highlighted_too(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        board = app.board
        task = next(r for rs in board.snapshot.dept_tasks.values() for r in rs if R.awaiting_verification(r))
        app.ctx.clock.instant = task.meeting_start + app.ctx.book.verify_by
        board.tick()
        key = RowRef("task", task.id)
        await wait_for(pilot, lambda: str(board.table("tasks").cells(key)[4]).startswith("NEW "))
        assert str(board.table("tasks").cells(key)[0]).startswith("!? ")


def test_a_whole_message_never_sends_user_controls_to_the_terminal(board_url: str) -> None:
    """The message column now shows the whole flag: a location holding ESC [2J (clear the
    screen) or a bidi override must reach the terminal as visible text, never as itself."""
    from dutyboard.store.tickets import TicketInput, open_ticket
    clerk = open_context(board_url, "clerk")
    hostile = "Hall \x1b[2J \u202eevil"
    open_ticket(clerk, TicketInput("repair", "phone", hostile, "Mr Wu", "Fire alarm", "13800001111",
                                   priority="emergency"))
    ctx, snap = snapshot(board_url)
    now, t = ctx.now(), Translator("en")
    rows = R.escalation_rows(R.escalation_flags(snap, now, ctx.book), snap, now, t, set(), TZ)
    text = " ".join(str(c) for _, cells in rows for c in cells)
    assert "Hall " in text and "\x1b" not in text and "\u202e" not in text
