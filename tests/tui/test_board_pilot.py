"""Behaviour of the board, driven with Textual's pilot at a frozen instant."""

from __future__ import annotations

import pytest
from boardkit import open_context, wait_for
from dutyboard.rules.facts import DONE, PENDING, VERIFIED
from dutyboard.store import tasks as task_service
from dutyboard.store.models import Task
from dutyboard.store.timeutil import must
from dutyboard.tui.board.app import BoardApp

pytestmark = pytest.mark.asyncio


def loaded(app: BoardApp) -> bool:
    return app.snapshot is not None and bool(app.table("tasks")._order)


async def select_task(pilot, app: BoardApp, predicate) -> Task:  # noqa: ANN001
    """Jump to pane 2 and move the cursor (with j) onto the first row matching ``predicate``."""
    await pilot.press("2")
    table = app.table("tasks")
    now = app.ctx.now()
    for index, key in enumerate(table._order):  # noqa: B007 - index is used after the loop
        task = Task.get_by_id(int(key[1:]))
        if predicate(task, now):
            break
    else:
        raise AssertionError("no task row matches")
    await pilot.press("g", *["j"] * index)
    assert table.selected_key == key
    return task


def checkable(task: Task, now) -> bool:  # noqa: ANN001
    return task.state == PENDING and must(task.earliest_at) <= now


async def test_first_board_shows_every_pane(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert len(app.table("venues")._order) == 7          # every meeting today, cancelled too
        assert app.table("tickets")._order[0] == "k11"       # the emergency first
        escalations = app.table("escalations")._order
        assert escalations[0].startswith("emergency:ticket:")
        assert "1 emergencies" in str(app.query_one("#header").render())


async def test_space_checks_off_the_selected_item(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, checkable)
        await pilot.press("space")
        await wait_for(pilot, lambda: "Checked off" in app.status_text)
        row = Task.get_by_id(task.id)
        assert row.state == DONE
        assert row.done_by.login == "duty"


async def test_undo_takes_back_my_last_check_off(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, checkable)
        await pilot.press("space")
        await wait_for(pilot, lambda: "Checked off" in app.status_text)
        await pilot.press("u")
        await wait_for(pilot, lambda: "Undone" in app.status_text)
        assert Task.get_by_id(task.id).state == PENDING
        assert f"#{task.id}" in app.status_text


async def test_v_verifies_a_reported_item(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, lambda t, now: t.state == DONE and t.verify)
        await pilot.press("v")
        await wait_for(pilot, lambda: "Verified" in app.status_text)
        row = Task.get_by_id(task.id)
        assert row.state == VERIFIED
        assert row.verified_by.login == "duty"


async def test_refused_action_shows_the_rule_and_changes_nothing(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, lambda t, now: t.state == PENDING
                                 and must(t.earliest_at) > now)
        before = Task.get_by_id(task.id)
        await pilot.press("space")
        await wait_for(pilot, lambda: "Refused" in app.status_text)
        assert "task.too_early" in app.status_text
        after = Task.get_by_id(task.id)
        assert (after.state, after.version) == (before.state, before.version)


async def test_lead_of_another_department_is_not_permitted(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="sec-lead")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, lambda t, now: checkable(t, now) and t.dept == "eng")
        await pilot.press("space")
        await wait_for(pilot, lambda: "Not permitted" in app.status_text)
        assert Task.get_by_id(task.id).state == PENDING


async def test_filter_keeps_only_matching_rows(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("2", "slash")
        await pilot.press(*"Brew tea", "enter")
        await wait_for(pilot, lambda: app.table("tasks").filter_text == "Brew tea")
        rows = app.table("tasks")._rows
        assert rows and all("Brew tea" in str(cells) for cells in rows.values())
        await pilot.press("slash", "ctrl+a", "ctrl+k", "enter")
        await wait_for(pilot, lambda: len(app.table("tasks")._rows) > len(rows))


async def test_change_from_a_second_connection_appears_within_a_second(
        board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        key = next(k for k in app.table("tasks")._order
                   if checkable(Task.get_by_id(int(k[1:])), app.ctx.now())
                   and not Task.get_by_id(int(k[1:])).verify)
        other = open_context(board_url, "eng-lead" if Task.get_by_id(int(key[1:])).dept == "eng"
                             else "duty")
        task_service.change_task(other, int(key[1:]), "done")
        await wait_for(pilot, lambda: key not in app.table("tasks")._order, timeout=1.0)


async def test_dept_key_focuses_one_department(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("2", "d")  # all -> eng
        depts = {str(cells[1]) for cells in app.table("tasks")._rows.values()}
        assert depts == {"Eng"}


async def test_enter_opens_the_ticket_with_its_history(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("3", "enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DetailScreen")
        body = str(app.screen.query_one("#detail-body").render())
        assert "History" in body and "dispatch" in body and "notify" in body
        await pilot.press("escape")


async def test_ticket_follow_up_from_the_ticket_pane(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("3", "j", "j", "j", "j")
        key = app.table("tickets").selected_key
        await pilot.press("f")
        await pilot.press(*"called the lead", "enter")
        await wait_for(pilot, lambda: "follow-up" in app.status_text)
        from dutyboard.store.tickets import history
        assert history(int(key[1:]))[-1]["note"] == "called the lead"


async def test_readonly_board_changes_nothing(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, readonly=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, checkable)
        await pilot.press("space")
        assert "Read-only" in app.status_text
        assert Task.get_by_id(task.id).state == PENDING


async def test_narrow_terminal_shows_one_pane_and_digits_switch(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert app.screen.has_class("narrow")
        assert app.query_one("#pane-venues").display
        assert not app.query_one("#pane-tickets").display
        await pilot.press("3")
        assert app.query_one("#pane-tickets").display
        assert not app.query_one("#pane-venues").display
        await pilot.press("tab")
        assert app.query_one("#pane-escalations").display


async def test_new_ticket_form_validates_then_registers(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.models import Ticket
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        before = Ticket.select().count()
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "TicketForm")
        await pilot.press("ctrl+s")  # empty: refused on the form, nothing saved
        await pilot.pause(0.1)
        assert str(app.screen.query_one("#e-location").render()) == "required"
        assert Ticket.select().count() == before
        app.screen.query_one("#f-location").value = "报告厅 Report hall"
        app.screen.query_one("#f-contact").value = "周女士 Ms Zhou"
        app.screen.query_one("#f-phone").value = "13800001111"  # a registered case records it
        app.screen.query_one("#f-content").value = "Projector flickers"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Registered ticket" in app.status_text)
        ticket = Ticket.select().order_by(Ticket.id.desc()).get()
        assert (ticket.kind, ticket.priority, ticket.state, ticket.opened_by.login) == \
            ("repair", "normal", "open", "clerk")


async def test_emergency_intake_goes_to_the_top_of_escalations(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.models import Ticket
    app = make_board(board_url, login="duty")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "TicketForm")
        app.screen.query_one("#f-location").value = "B2 garage"
        app.screen.query_one("#f-content").value = "Car on fire"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Registered ticket" in app.status_text)
        ticket = Ticket.select().order_by(Ticket.id.desc()).get()
        assert ticket.priority == "emergency" and ticket.escalated_at is not None
        await wait_for(pilot, lambda: f"emergency:ticket:{ticket.id}" in app.table("escalations")._order)
        assert app.table("escalations")._order[0].startswith("emergency:")
        assert f"ticket:{ticket.id}" in app.highlighted  # rang the bell, highlighted until ack
        await pilot.press("a")
        assert not app.highlighted


async def test_marked_tickets_are_dispatched_together(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.models import Ticket
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("3")
        order = app.table("tickets")._order
        targets = [int(k[1:]) for k in order if Ticket.get_by_id(int(k[1:])).state == "open"]
        targets += [int(k[1:]) for k in order if Ticket.get_by_id(int(k[1:])).state == "dispatched"
                    and Ticket.get_by_id(int(k[1:])).priority == "normal"][:1]
        for ident in targets:
            await pilot.press("g", *["j"] * order.index(f"k{ident}"), "m")
        assert app.marked == set(targets)
        await pilot.press("D", *"env", "enter")
        await wait_for(pilot, lambda: "-> env" in app.status_text)
        assert all(Ticket.get_by_id(i).dept == "env" for i in targets)
        assert not app.marked


async def test_supervisor_signs_off_the_day(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.models import Signoff
    app = make_board(board_url, login="super")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("S")
        await wait_for(pilot, lambda: "Signed off" in app.status_text)
        assert Signoff.select().where(Signoff.by == Signoff.by).count() >= 1
