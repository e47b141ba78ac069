"""The intake form (issue 11, issue 10): a routine phone repair registered and dispatched in
one save, the phone a registered case needs shown beside its field, and the emergency
checklist whose ticks are recorded as notify steps."""

from __future__ import annotations

import pytest
from boardkit import loaded, settle, wait_for
from dutyboard.store.models import Audit, Ticket, TicketEvent
from dutyboard.tui.board.refs import RowRef

pytestmark = pytest.mark.asyncio


def newest() -> Ticket:
    return Ticket.select().order_by(Ticket.id.desc()).get()


def events(ident: int) -> list[str]:
    return [e.kind for e in TicketEvent.select().where(TicketEvent.ticket == ident).order_by(TicketEvent.id)]


def audits(ident: int) -> list[str]:
    return [a.action for a in Audit.select().where((Audit.entity == "ticket") & (Audit.entity_id == ident))
            .order_by(Audit.id)]


def error_beside(app, name: str) -> str:  # noqa: ANN001
    return str(app.screen.query_one(f"#e-{name}").render())


async def open_form(pilot, app, key: str = "n") -> None:  # noqa: ANN001
    await wait_for(pilot, lambda: loaded(app))
    await pilot.press(key)
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "TicketForm")


async def test_a_routine_repair_is_registered_and_dispatched_in_one_save(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, app)
        await pilot.press(*"Room 305", "tab", *"Mr Wu", "tab", *"13800001111", "tab",
                          *"Kettle socket dead", "tab", *"eng", "enter")
        await settle(pilot, app)
        ticket = newest()
        assert app.screen is app.board
        assert app.board.status_text == f"Registered ticket #{ticket.id}, dispatched to Eng"
        assert (ticket.kind, ticket.channel, ticket.priority, ticket.state, ticket.dept, ticket.phone) == \
            ("repair", "phone", "normal", "dispatched", "eng", "13800001111")
        assert events(ticket.id) == ["open", "dispatch"]
        assert audits(ticket.id) == ["ticket.open", "ticket.dispatch"]


async def test_the_department_may_be_named_in_the_boards_language(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, app)
        await pilot.press(*"Room 305", "tab", *"Mr Wu", "tab", *"13800001111", "tab", *"Leak")
        app.screen.query_one("#f-dept").value = "保洁"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        ticket = newest()
        assert ticket.dept == "env" and ticket.state == "dispatched"
        assert app.board.status_text == f"已登记工单 #{ticket.id}, 已派工至保洁"


async def test_a_missing_phone_is_shown_beside_the_phone_field(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, app)
        before = Ticket.select().count()
        await pilot.press(*"Room 305", "tab", *"Mr Wu", "tab", "tab", *"Where is the canteen?", "enter")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "TicketForm"
        assert error_beside(app, "phone") == "needed to register"
        assert app.screen.focused is app.screen.query_one("#f-phone")
        assert all(error_beside(app, f) == "" for f in ("location", "contact", "content", "dept"))
        assert Ticket.select().count() == before
        app.screen.query_one("#f-inquiry").value = True   # an inquiry may omit it
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is app.board
        assert (newest().state, newest().phone) == ("inquiry", "")


async def test_the_phone_error_is_in_chinese_on_a_chinese_board(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, app)
        await pilot.press(*"Room 305", "tab", *"Mr Wu", "tab", "tab", *"Leak", "ctrl+s")
        await pilot.pause()
        assert error_beside(app, "phone") == "立项须填电话"


@pytest.mark.parametrize(("dept", "inquiry", "why"), [("plumbing", False, "eng sec svc env desk fcc"),
                                                      ("eng", True, "an inquiry is not dispatched")])
async def test_a_wrong_department_is_refused_beside_it(board_url: str, make_board, dept: str,  # noqa: ANN001
                                                       inquiry: bool, why: str) -> None:
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, app)
        before = Ticket.select().count()
        app.screen.query_one("#f-inquiry").value = inquiry
        await pilot.press(*"Room 305", "tab", *"Mr Wu", "tab", *"139", "tab", *"Leak", "tab", *dept, "enter")
        await settle(pilot, app)
        assert error_beside(app, "dept") == why
        assert Ticket.select().count() == before


async def test_the_emergency_checklist_records_who_was_told(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="duty")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, app, "exclamation_mark")
        # where, what, then tick the supervisor and the department lead (not the manager)
        await pilot.press(*"B2 garage", "tab", *"Car on fire", "tab", "space", "tab", "tab", "space",
                          "tab", *"sec", "ctrl+s")
        await settle(pilot, app)
        ticket = newest()
        assert app.board.status_text == (f"Registered ticket #{ticket.id}, dispatched to Sec; "
                                          "told: desk supervisor, department lead")
        assert (ticket.priority, ticket.notified, ticket.dept) == ("emergency", "supervisor,lead", "sec")
        assert events(ticket.id) == ["open", "escalate", "dispatch", "notify", "notify"]
        assert audits(ticket.id) == ["ticket.open", "ticket.dispatch", "ticket.notify", "ticket.notify"]
        flag = RowRef("ticket", ticket.id, "emergency")
        escalations = app.board.table("escalations")
        await wait_for(pilot, lambda: flag in escalations.keys)
        assert "still to notify: manager" in " ".join(str(c) for c in escalations.cells(flag))


async def test_an_emergency_with_nobody_ticked_still_lists_everyone(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="duty", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, app, "exclamation_mark")
        assert [str(c.label) for c in app.screen.query(".form-tick")] == ["客服主管", "项目经理", "部门主管"]
        await pilot.press(*"B2 garage", "tab", *"Car on fire", "ctrl+s")
        await settle(pilot, app)
        ticket = newest()
        assert (ticket.notified, ticket.dept, events(ticket.id)) == ("", None, ["open", "escalate"])


async def test_the_phone_of_a_contact_who_called_before_is_filled_in(board_url: str, make_board) -> None:  # noqa: ANN001
    known = Ticket.select().where(Ticket.phone != "").order_by(Ticket.id.desc()).get()
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, app)
        await settle(pilot, app)   # the choices have arrived
        await pilot.press(*"Room 305", "tab", *known.contact.upper(), "tab")
        assert app.screen.query_one("#f-phone").value == known.phone
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k", *"Someone New", "tab")
        assert app.screen.query_one("#f-phone").value == known.phone   # never overwritten
