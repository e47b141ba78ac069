"""Ticket triage on the board: each action, each refusal, and the clock crossing the 2 h
mark and the end of the working day, at frozen instants."""

from __future__ import annotations

import pytest
from boardkit import loaded as board_loaded
from boardkit import settle, wait_for
from dutyboard.store.models import Ticket, TicketEvent
from dutyboard.tui.board.app import BoardApp, Cadence
from dutyboard.tui.board.refs import RowRef

pytestmark = pytest.mark.asyncio


def loaded(app: BoardApp) -> bool:
    return board_loaded(app, "tickets")


async def select_ticket(pilot, app: BoardApp, ident: int) -> None:  # noqa: ANN001
    await pilot.press("3")
    order = app.board.table("tickets").keys
    await pilot.press("g", *["j"] * order.index(RowRef("ticket", ident)))
    assert app.board.table("tickets").selected == RowRef("ticket", ident)


def first(state: str, priority: str = "normal", kind: str | None = None) -> Ticket:
    query = Ticket.select().where((Ticket.state == state) & (Ticket.priority == priority))
    if kind:
        query = query.where(Ticket.kind == kind)
    return query.order_by(Ticket.id).first()


async def test_dispatch_resolve_and_close_a_repair(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        ticket = first("open", "urgent")
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("D", *"eng", "enter")
        await settle(pilot, app)
        assert "-> eng" in app.board.status_text
        await pilot.press("r", *"Mic cable replaced", "enter", "y", "enter")
        await settle(pilot, app)
        assert "resolved" in app.board.status_text
        await pilot.press("c", "enter")
        await settle(pilot, app)
        assert "Close" in app.board.status_text
        row = Ticket.get_by_id(ticket.id)
        assert (row.state, row.dept, row.signed, row.closed_by.login) == ("closed", "eng", True, "clerk")
        kinds = [e.kind for e in TicketEvent.select().where(TicketEvent.ticket == ticket.id)
                 .order_by(TicketEvent.id)]
        assert kinds == ["open", "escalate", "dispatch", "resolve", "close"]  # urgent: up at once


async def test_close_of_an_unsigned_repair_is_refused(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        ticket = first("dispatched", kind="repair")
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("r", *"Fixed", "enter", "n", "enter")
        await settle(pilot, app)
        assert "resolved" in app.board.status_text
        await pilot.press("c", "enter")
        await settle(pilot, app)
        assert "Refused" in app.board.status_text
        assert app.board.status_text.startswith("Refused: a repair closes only when the requester signed")
        assert Ticket.get_by_id(ticket.id).state == "resolved"


async def test_major_case_close_needs_approval(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        major = Ticket.get(Ticket.major & (Ticket.state == "resolved"))
        await select_ticket(pilot, app, major.id)
        await pilot.press("c", "enter")
        await settle(pilot, app)
        assert app.board.status_text.startswith("Refused: a major case closes only with the approval")
        assert Ticket.get_by_id(major.id).state == "resolved"
        await pilot.press("c", *"super", "enter")  # named, but super has not approved yet
        await settle(pilot, app)
        assert "has not approved" in app.board.status_text
        assert Ticket.get_by_id(major.id).state == "resolved"


async def test_escalate_needs_a_note_and_records_it(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="duty")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        ticket = first("dispatched")
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("e", "enter")  # empty note
        await settle(pilot, app)
        assert "Refused" in app.board.status_text
        assert Ticket.get_by_id(ticket.id).escalated_at is None
        await pilot.press("e", *"no parts", "enter")
        await settle(pilot, app)
        assert "Escalate: no parts" in app.board.status_text
        assert Ticket.get_by_id(ticket.id).escalated_at is not None


async def test_lead_cannot_dispatch(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="eng-lead")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("escape")   # a lead's board opens on their department's tickets
        ticket = first("open", "urgent")
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("D", *"eng", "enter")
        await settle(pilot, app)
        assert "Not permitted" in app.board.status_text
        assert Ticket.get_by_id(ticket.id).state == "open"


async def test_clock_crosses_the_two_hour_mark_and_close_of_business(
        board_url: str, make_board) -> None:  # noqa: ANN001
    """Ticket 2 was dispatched at 08:25; its first follow-up is due 10:25. At 10:26 it is
    overdue on the board; after a follow-up the second is due at 18:00, and at 18:01 the
    case goes to the desk supervisor and is open past close of business."""
    app = make_board(board_url, login="clerk", now="2026-11-23T10:20",
                     cadence=Cadence(tick=0.25, flags=0.5))
    k2 = RowRef("ticket", 2)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        tickets, escalations = app.board.table("tickets"), app.board.table("escalations")
        ticket = Ticket.get_by_id(2)
        assert "in 5m00s follow-up #1" in str(tickets.cells(k2)[2])
        app.ctx.clock.advance(minutes=6)   # the board's own timers redraw and re-flag
        await wait_for(pilot, lambda: "overdue 1m00s" in str(tickets.cells(k2)[2]), timeout=3)
        await wait_for(pilot, lambda: RowRef("ticket", 2, "follow_up_overdue") in escalations.keys,
                       timeout=3)
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("f", *"plumber on the way", "enter")
        await settle(pilot, app)
        await wait_for(pilot, lambda: RowRef("ticket", 2, "follow_up_overdue") not in escalations.keys,
                       timeout=3)
        assert "follow-up #2" in str(tickets.cells(k2)[2])
        app.ctx.clock.advance(hours=7, minutes=35)  # 18:01
        await wait_for(pilot, lambda: RowRef("ticket", 2, "unclosed_end_of_day") in escalations.keys,
                       timeout=3)
        # follow-up #2 missed at close of business: the case goes to the supervisor
        assert RowRef("ticket", 2, "escalation_due") in escalations.keys


async def test_unresolvable_needs_the_manager_and_reopen_restarts(board_url: str, make_board) -> None:  # noqa: ANN001
    clerk = make_board(board_url, login="clerk")
    async with clerk.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(clerk))
        ticket = first("dispatched")
        await select_ticket(pilot, clerk, ticket.id)
        await pilot.press("U", *"needs capital budget", "enter")
        await settle(pilot, clerk)
        assert clerk.board.status_text.startswith("Refused: an unresolvable case closes only with")
        assert Ticket.get_by_id(ticket.id).state == "dispatched"
    boss = make_board(board_url, login="boss", now="2026-12-01T10:00")  # the quarterly review
    async with boss.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(boss))
        await select_ticket(pilot, boss, ticket.id)
        await pilot.press("U", *"needs capital budget", "enter")
        await settle(pilot, boss)
        assert "unresolvable" in boss.board.status_text.lower()
        row = Ticket.get_by_id(ticket.id)
        assert (row.state, row.unresolvable, row.close_reason) == ("closed", True, "needs capital budget")


async def test_reopen_a_resolved_case_from_the_board(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        ticket = Ticket.get((Ticket.state == "resolved") & ~Ticket.major)
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("o", *"leak is back", "enter")
        await settle(pilot, app)
        assert "Reopen" in app.board.status_text
        row = Ticket.get_by_id(ticket.id)
        assert row.state == "dispatched" and row.resolved_at is None


async def test_unregistered_related_problem_blocks_close_until_linked(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        ticket = Ticket.get((Ticket.state == "resolved") & ~Ticket.major)
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("L", *"cable tray also loose", "enter")
        await settle(pilot, app)
        assert "Link" in app.board.status_text
        await pilot.press("c", "enter")
        await settle(pilot, app)
        assert app.board.status_text.startswith("Refused: a related problem is still being handled")
        assert Ticket.get_by_id(ticket.id).state == "resolved"
        await pilot.press("L", "1", "enter")   # registered as ticket 1: the original may close
        await settle(pilot, app)
        assert "Link related case: 1" in app.board.status_text
        await pilot.press("c", "enter")
        await settle(pilot, app)
        assert "Close" in app.board.status_text and "Refused" not in app.board.status_text
        assert Ticket.get_by_id(ticket.id).state == "closed"
