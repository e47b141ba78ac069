"""Database trouble never ends the board, and the board never lies about it: each fault is
injected into a running board (pilot) and the board says what happened and carries on."""

from __future__ import annotations

import os
from pathlib import Path

import peewee
import pytest
from boardkit import check_off, loaded, open_context, settle, wait_for
from dutyboard.rules import FrozenClock
from dutyboard.rules.facts import DONE, PENDING
from dutyboard.store import tasks as task_service
from dutyboard.store import tickets as ticket_service
from dutyboard.store.admin import set_rulebook
from dutyboard.store.db import database_proxy
from dutyboard.store.errors import Unavailable
from dutyboard.store.models import Task, Ticket
from dutyboard.store.tickets import TicketInput
from dutyboard.store.timeutil import must
from dutyboard.tui.board.app import BoardApp, Cadence

pytestmark = pytest.mark.asyncio
TZ = "Asia/Shanghai"
FAST = Cadence(tick=0.1, flags=0.5, poll=0.05)
# the real drivers' messages (sqlite3 / psycopg2), as peewee raises them
SQLITE_FAULTS = [
    ("database is locked", "database busy"),
    ("attempt to write a readonly database", "read-only"),
    ("database or disk is full", "disk full"),
]


def header(app: BoardApp) -> str:
    return str(app.board.query_one("#header").render())


async def select_checkable_task(pilot, app: BoardApp) -> Task:  # noqa: ANN001
    await pilot.press("2")
    table = app.board.table("tasks")
    now = app.ctx.now()
    for index, key in enumerate(table.keys):
        task = Task.get_by_id(key.number)
        if task.state == PENDING and must(task.earliest_at) <= now:
            await pilot.press("g", *["j"] * index)
            assert table.selected == key
            return task
    raise AssertionError("no checkable task on the board")


def failing(message: str):  # noqa: ANN201
    def fail(*args: object, **kwargs: object) -> None:
        raise peewee.OperationalError(message)
    return fail


@pytest.mark.parametrize("message, reason", SQLITE_FAULTS)
async def test_a_failed_check_off_says_not_saved_and_the_board_carries_on(
        board_url, make_board, monkeypatch, message, reason) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_checkable_task(pilot, app)
        with monkeypatch.context() as patch:
            patch.setattr(task_service, "change_task", failing(message))
            await check_off(pilot, app)
        assert app.is_running and app.return_code is None
        assert app.board.status_text == f"NOT SAVED: {reason}"
        assert Task.get_by_id(task.id).state == PENDING
        await check_off(pilot, app)  # the fault is gone: the same key works
        assert "Checked off" in app.board.status_text
        assert Task.get_by_id(task.id).state == DONE


async def test_a_write_busy_past_the_wait_is_not_saved(board_url, make_board, monkeypatch) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await select_checkable_task(pilot, app)

        def busy(*args: object, **kwargs: object) -> None:
            raise Unavailable("database unavailable, nothing written: database busy")
        monkeypatch.setattr(task_service, "change_task", busy)
        await check_off(pilot, app)
        assert app.board.status_text == "NOT SAVED: database busy"


async def test_a_failed_detail_view_says_so(board_url, make_board, monkeypatch) -> None:  # noqa: ANN001
    from dutyboard.tui.board import detail
    monkeypatch.setattr(detail, "detail_text", failing("disk I/O error"))
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("3", "enter")
        await settle(pilot, app)
        assert app.is_running and app.screen is app.board
        assert app.board.status_text == "Could not load: disk error"


async def test_the_form_keeps_what_was_typed_and_enter_retries(board_url, make_board, monkeypatch) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    real = ticket_service.open_ticket
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        before = Ticket.select().count()
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "TicketForm")
        form = app.screen
        monkeypatch.setattr(ticket_service, "open_ticket", failing("database is locked"))
        await pilot.press(*"Room 305")
        form.query_one("#f-contact").value = "Mr Wu"
        form.query_one("#f-phone").value = "13800001111"  # a registered case records it
        form.query_one("#f-content").value = "Ceiling light flickering"
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen is form and app.is_running
        assert "NOT SAVED: database busy" in str(form.query_one("#form-status").render())
        assert form.query_one("#f-location").value == "Room 305"
        assert form.query_one("#f-content").value == "Ceiling light flickering"
        assert Ticket.select().count() == before
        monkeypatch.setattr(ticket_service, "open_ticket", real)
        form.query_one("#f-content").focus()
        await pilot.press("enter")  # retry
        await settle(pilot, app)
        assert app.screen is app.board
        assert "Registered ticket" in app.board.status_text
        assert Ticket.select().order_by(Ticket.id.desc()).get().location == "Room 305"


def _move(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            os.replace(f"{src}{suffix}", f"{dst}{suffix}")


async def test_a_renamed_file_shows_stale_refuses_writes_and_recovers(board_url, make_board) -> None:  # noqa: ANN001
    path = Path(board_url.removeprefix("sqlite:///"))
    app = make_board(board_url, cadence=FAST)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_checkable_task(pilot, app)
        away = path.with_name("away.db")
        _move(path, away)
        await wait_for(pilot, lambda: "STALE" in header(app), timeout=5)
        assert "database file missing" in header(app)
        await check_off(pilot, app)
        assert app.board.status_text == "NOT SAVED: database file missing (renamed or deleted)"
        assert not path.exists()  # no empty database made in its place
        _move(away, path)
        await wait_for(pilot, lambda: "STALE" not in header(app), timeout=5)
        await check_off(pilot, app)
        assert Task.get_by_id(task.id).state == DONE


HOSTILE = "[/b][@click=app.quit]Q[/] \x1b]0;PWNED\x07 [link=http://x]L\\"


async def test_hostile_text_is_shown_literally_everywhere(board_url, make_board) -> None:  # noqa: ANN001
    ctx = open_context(board_url, "clerk")
    ticket = ticket_service.open_ticket(ctx, TicketInput(
        kind="repair", channel="phone", location=HOSTILE, contact=HOSTILE, content=HOSTILE,
        phone="13800001111"))
    boss = open_context(board_url, "boss")
    set_rulebook(boss, '[site]\nname = "Site [/b] \\u001b]0;T\\u0007"\n', "test")
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        assert "Site [/b] \u241b]0;T\u2407" in header(app)
        table = app.board.table("tickets")
        row = next(k for k in table.keys if k.number == ticket.id)
        assert any("[/b][@click=app.quit]" in str(c) for c in table.cells(row))
        await pilot.press("3", "g", *["j"] * table.keys.index(row), "enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DetailScreen")
        body = str(app.screen.query_one("#detail-body").render())
        assert "[/b][@click=app.quit]Q[/] \u241b]0;PWNED\u2407" in body
        assert "\x1b" not in body
        await pilot.click("#detail-body")  # a click on the text is not a live link
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.is_running


async def test_the_board_follows_the_clock_and_the_stored_rulebook(board_url, make_board) -> None:  # noqa: ANN001
    """Left running overnight, with no write and no restart: today's venues change at local
    midnight, the task window moves on, and a rulebook set elsewhere is picked up."""
    app = make_board(board_url, now="2026-11-23T23:50", cadence=FAST)
    clock = app.ctx.clock
    assert isinstance(clock, FrozenClock)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "venues"))
        monday = set(app.board.table("venues").keys)
        assert "11-23 23:50" in str(app.board.query_one("#clock").render())
        clock.advance(minutes=20)  # 00:10 on Tuesday
        await wait_for(pilot, lambda: set(app.board.table("venues").keys) != monday, timeout=5)
        for key in app.board.table("venues").keys:  # only meetings still going on Tuesday
            meeting = app.board.snapshot.meetings[key.number]
            assert meeting.end.to(TZ).date().isoformat() >= "2026-11-24"
        tasks_before = set(app.board.table("tasks").keys)
        clock.advance(hours=14)  # the look-behind window drops Monday's overdue items
        await wait_for(pilot, lambda: set(app.board.table("tasks").keys) != tasks_before, timeout=5)
        other = open_context(board_url, "boss", now="2026-11-24T14:10")
        set_rulebook(other, '[site]\nname = "Night shift site"\n', "test")
        database_proxy.initialize(app.ctx.db)  # open_context rebound the models to ``other``
        await wait_for(pilot, lambda: "Night shift site" in header(app), timeout=5)
        assert app.is_running


async def test_a_poller_that_dies_is_restarted(board_url, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, cadence=FAST)
    real, calls = app.poller.run, []

    def dies_once() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("poller bug")
        real()
    app.poller.run = dies_once  # type: ignore[method-assign]
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app), timeout=10)
        assert len(calls) == 2 and app.is_running
        assert "STALE" not in header(app)
