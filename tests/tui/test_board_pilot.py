"""Behaviour of the board, driven with Textual's pilot at a frozen instant."""

from __future__ import annotations

import pytest
from boardkit import check_off, loaded, open_context, settle, shown, wait_for
from dutyboard.rules.facts import DONE, PENDING, VERIFIED
from dutyboard.store import tasks as task_service
from dutyboard.store.models import Task
from dutyboard.store.timeutil import must
from dutyboard.tui.board.app import BoardApp
from dutyboard.tui.board.refs import RowRef

pytestmark = pytest.mark.asyncio
# README: "other sessions' changes appear within two seconds": checked on the real command by
# tests/e2e/test_tmux.py (LIVE_LIMIT there). Here, in-process and on a machine that may be
# busy with other tests, the bound is looser: the change must arrive by itself (no key, no
# write on this board) within a few poll cycles of wall time.
ARRIVAL_LIMIT = 5.0


async def select_task(pilot, app: BoardApp, predicate) -> Task:  # noqa: ANN001
    """Jump to pane 2 and move the cursor (with j) onto the first row matching ``predicate``."""
    await pilot.press("2")
    table = app.board.table("tasks")
    now = app.ctx.now()
    for index, key in enumerate(table.keys):  # noqa: B007 - index is used after the loop
        task = Task.get_by_id(key.number)
        if predicate(task, now):
            break
    else:
        raise AssertionError("no task row matches")
    await pilot.press("g", *["j"] * index)
    assert table.selected == key
    return task


async def confirm_yes(pilot, app: BoardApp) -> None:  # noqa: ANN001
    """Answer the confirmation (confirm.py) with y, once it is open."""
    from dutyboard.tui.board.confirm import ChoiceScreen
    await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
    await pilot.press("y")
    await wait_for(pilot, lambda: not isinstance(app.screen, ChoiceScreen))


def checkable(task: Task, now) -> bool:  # noqa: ANN001
    return task.state == PENDING and must(task.earliest_at) <= now


async def test_first_board_shows_every_pane(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert len(app.board.table("venues").keys) == 7          # every meeting today, cancelled too
        assert app.board.table("tickets").keys[0] == RowRef("ticket", 11)   # the emergency first
        escalations = app.board.table("escalations").keys
        assert escalations[0] == RowRef("ticket", 11, "emergency")
        assert "1 emergencies" in str(app.board.query_one("#header").render())


async def test_space_checks_off_the_selected_item(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, checkable)
        await check_off(pilot, app)
        assert "Checked off" in app.board.status_text
        row = Task.get_by_id(task.id)
        assert row.state == DONE
        assert row.done_by.login == "duty"


async def test_undo_takes_back_my_last_check_off(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, checkable)
        await check_off(pilot, app)
        assert "Checked off" in app.board.status_text
        await pilot.press("u")
        await confirm_yes(pilot, app)   # names the item first (test_board_confirm.py)
        await settle(pilot, app)
        assert "Undone" in app.board.status_text
        assert Task.get_by_id(task.id).state == PENDING
        assert f"#{task.id}" in app.board.status_text


async def test_v_verifies_a_reported_item(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, lambda t, now: t.state == DONE and t.verify)
        await pilot.press("v")
        await confirm_yes(pilot, app)
        await settle(pilot, app)
        assert "Verified" in app.board.status_text
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
        await check_off(pilot, app)
        assert "Refused" in app.board.status_text
        said = app.board.status_text
        assert "cannot be checked off before" in said and "[task." not in said
        after = Task.get_by_id(task.id)
        assert (after.state, after.version) == (before.state, before.version)


async def test_lead_of_another_department_is_not_permitted(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="sec-lead")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert app.board.dept_focus == "sec"   # opens on their own department; Esc shows all
        await pilot.press("escape")
        task = await select_task(pilot, app, lambda t, now: checkable(t, now) and t.dept == "eng")
        await check_off(pilot, app)
        assert "Not permitted" in app.board.status_text
        assert Task.get_by_id(task.id).state == PENDING


async def test_filter_keeps_only_matching_rows(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("2", "slash")
        await pilot.press(*"Brew tea", "enter")
        await wait_for(pilot, lambda: app.board.table("tasks").filter_text == "Brew tea")
        rows = shown(app.board.table("tasks"))
        assert rows and all("Brew tea" in str(cells) for cells in rows.values())
        await pilot.press("slash", "ctrl+a", "ctrl+k", "enter")
        await wait_for(pilot, lambda: len(app.board.table("tasks").keys) > len(rows))


async def test_change_from_a_second_connection_arrives_by_itself(
        board_url: str, make_board) -> None:  # noqa: ANN001
    """Another session's change arrives without any action on this board, measured in wall
    time (typically 0.5-0.8 s: the poller sees it within 0.3 s, redrawing takes the rest)."""
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        key = next(k for k in app.board.table("tasks").keys
                   if checkable(Task.get_by_id(k.number), app.ctx.now())
                   and not Task.get_by_id(k.number).verify)
        other = open_context(board_url, "eng-lead" if Task.get_by_id(key.number).dept == "eng"
                             else "duty")
        task_service.change_task(other, key.number, "done")
        # wait_for measures wall time and fails past the limit
        await wait_for(pilot, lambda: key not in app.board.table("tasks").keys, timeout=ARRIVAL_LIMIT)


async def test_dept_key_focuses_one_department(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("2", "d", "enter")  # the picker: all departments, then Eng (a picker)
        assert app.board.dept_focus is None
        await pilot.press("d", "down", "enter")
        await wait_for(pilot, lambda: app.board.dept_focus == "eng")
        depts = {str(cells[3]) for cells in shown(app.board.table("tasks")).values()}
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
        key = app.board.table("tickets").selected
        await pilot.press("f")
        await pilot.press(*"called the lead", "enter")
        await settle(pilot, app)
        assert "Follow-up: called the lead" in app.board.status_text
        from dutyboard.store.tickets import history
        assert history(key.number)[-1]["note"] == "called the lead"


async def test_readonly_board_changes_nothing(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, readonly=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, checkable)
        await pilot.press("space")   # no confirmation: a read-only board asks nothing it cannot write
        await settle(pilot, app)
        assert "Read-only" in app.board.status_text
        assert Task.get_by_id(task.id).state == PENDING


async def test_narrow_terminal_shows_one_pane_and_digits_switch(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert app.board.narrow
        assert app.board.query_one("#pane-venues").display
        assert not app.board.query_one("#pane-tickets").display
        await pilot.press("3")
        assert app.board.query_one("#pane-tickets").display
        assert not app.board.query_one("#pane-venues").display
        await pilot.press("tab")
        assert app.board.query_one("#pane-escalations").display


def panes_shown(app: BoardApp) -> list[str]:
    return [name for name in ("venues", "tasks", "tickets", "escalations")
            if app.board.query_one(f"#pane-{name}").display]


async def test_layout_follows_every_resize(board_url: str, make_board) -> None:  # noqa: ANN001
    """The layout matches the size after each resize (it used to show the previous size
    until the next resize), also when the terminal is resized while a dialog is open."""
    app = make_board(board_url)

    async def settles_on(narrow: bool, panes: list[str] | None) -> None:
        await wait_for(pilot, lambda: app.board.narrow == narrow
                       and (panes is None or panes_shown(app) == panes), timeout=3.0)

    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        everything = ["venues", "tasks", "tickets", "escalations"]
        await settles_on(False, everything)
        await pilot.resize_terminal(80, 24)
        await settles_on(True, ["venues"])
        await pilot.resize_terminal(160, 30)   # wide but short: still one pane
        await settles_on(True, ["venues"])
        await pilot.resize_terminal(160, 48)
        await settles_on(False, everything)
        await pilot.resize_terminal(50, 12)
        await wait_for(pilot, lambda: app.board.query_one("#too-small").display
                       and not app.board.query_one("#grid").display, timeout=3.0)
        await pilot.resize_terminal(160, 48)
        await settles_on(False, everything)
        await pilot.press("question_mark")
        await pilot.resize_terminal(80, 24)
        await pilot.press("escape")
        await settles_on(True, ["venues"])


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
        app.screen.query_one("#f-phone").value = "13900001111"   # a registered case needs a phone
        app.screen.query_one("#f-phone").value = "13800001111"  # a registered case records it
        app.screen.query_one("#f-content").value = "Projector flickers"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Registered ticket" in app.board.status_text
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
        await wait_for(pilot, lambda: "Registered ticket" in app.board.status_text)
        ticket = Ticket.select().order_by(Ticket.id.desc()).get()
        assert ticket.priority == "emergency" and ticket.escalated_at is not None
        flag = RowRef("ticket", ticket.id, "emergency")
        await wait_for(pilot, lambda: flag in app.board.table("escalations").keys)
        assert app.board.table("escalations").keys[0].flag == "emergency"
        assert f"ticket:{ticket.id}" in app.board.highlighted  # rang the bell, highlighted until ack
        await pilot.press("a")
        assert not app.board.highlighted


async def test_marked_tickets_are_dispatched_together(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.models import Ticket
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("3")
        order = app.board.table("tickets").keys
        targets = [k.number for k in order if Ticket.get_by_id(k.number).state == "open"]
        targets += [k.number for k in order if Ticket.get_by_id(k.number).state == "dispatched"
                    and Ticket.get_by_id(k.number).priority == "normal"][:1]
        for ident in targets:
            await pilot.press("g", *["j"] * order.index(RowRef("ticket", ident)), "m")
        assert app.board.marked == set(targets)
        await pilot.press("D", *"env", "enter")
        await settle(pilot, app)
        assert "-> env" in app.board.status_text
        assert all(Ticket.get_by_id(i).dept == "env" for i in targets)
        assert not app.board.marked


async def test_supervisor_signs_off_the_day(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.models import Person, Signoff
    app = make_board(board_url, login="super")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        today = app.ctx.now().to(app.ctx.tz).date()
        supervisor = Person.get(Person.login == "super")
        assert not Signoff.select().where((Signoff.day == today) & (Signoff.by == supervisor)).exists()
        await pilot.press("S")
        await confirm_yes(pilot, app)   # after the day's summary
        await settle(pilot, app)
        assert f"Signed off: {today.isoformat()}" in app.board.status_text
        assert Signoff.select().where((Signoff.day == today) & (Signoff.by == supervisor)).count() == 1
