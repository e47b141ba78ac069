"""Every step confirmable, and correctable (issue 11), and the later steps of a case
(issue 10), on the board at a frozen instant: a confirmation that is cancelled writes
nothing, one that is confirmed writes, what it names is what it acts on, and who may is
decided by the store."""

from __future__ import annotations

import json

import pytest
from boardkit import check_off, loaded, open_context, settle, wait_for
from dutyboard.rules.facts import DONE, PENDING, VERIFIED
from dutyboard.store import oversight
from dutyboard.store import tasks as task_service
from dutyboard.store.models import Audit, Signoff, Task, Ticket
from dutyboard.store.timeutil import must
from dutyboard.tui.board.app import BoardApp
from dutyboard.tui.board.confirm import ChoiceScreen
from dutyboard.tui.board.dialogs import PromptScreen
from dutyboard.tui.board.refs import RowRef
from textual.widgets import Input, Static

pytestmark = pytest.mark.asyncio
TODAY = "2026-11-23"


def dialog(app: BoardApp) -> ChoiceScreen | None:
    screen = app.screen
    return screen if isinstance(screen, ChoiceScreen) else None


async def opened(pilot, app: BoardApp) -> str:  # noqa: ANN001
    """Wait for the confirmation; its whole text (title, facts, warnings)."""
    await wait_for(pilot, lambda: dialog(app) is not None)
    box = dialog(app)
    assert box is not None
    parts = [box.title_text, *box.lines, *box.warnings]
    assert str(box.query_one("#choice-body", Static).render()) == "\n".join(box.lines)
    return "\n".join(parts)


async def answer(pilot, app: BoardApp, key: str) -> None:  # noqa: ANN001
    """Press ``key`` on the open confirmation and wait until it is gone (another may follow)."""
    box = dialog(app)
    assert box is not None
    await pilot.press(key)
    await wait_for(pilot, lambda: app.screen is not box)


async def prompt(pilot, app: BoardApp, text: str, replace: bool = False) -> None:  # noqa: ANN001
    """Wait for a one-line prompt and answer it (``replace``: instead of its offered value)."""
    await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
    field = app.screen.query_one(Input)
    if replace:
        field.value = ""
    await pilot.press(*text, "enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, PromptScreen) or app.screen.query_one(Input)
                   is not field)


async def select_task(pilot, app: BoardApp, predicate) -> Task:  # noqa: ANN001
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


async def select_ticket(pilot, app: BoardApp, ident: int) -> None:  # noqa: ANN001
    await pilot.press("3")
    order = app.board.table("tickets").keys
    await pilot.press("g", *["j"] * order.index(RowRef("ticket", ident)))
    assert app.board.table("tickets").selected == RowRef("ticket", ident)


def signed(day: str = TODAY) -> bool:
    return Signoff.select().where(Signoff.day == day).exists()


def last_audit() -> Audit:
    return Audit.select().order_by(Audit.id.desc()).get()


# -- sign-off ---------------------------------------------------------------------------------

async def test_signoff_shows_the_summary_and_warns_before_close_of_business(
        board_url: str, make_board) -> None:  # noqa: ANN001
    """09:30 with an emergency open: the summary, both warnings, the focus on Cancel; n and
    Esc write nothing; y signs."""
    summary = oversight.day_summary(open_context(board_url, "super"))
    app = make_board(board_url, login="super")   # (its own connection, opened after)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        audit_rows = Audit.select().count()
        await pilot.press("S")
        text = await opened(pilot, app)
        assert f"Sign off the records of {TODAY}?" in text
        for label, value in (("Cases registered that day", summary.registered),
                             ("Emergencies still open", 1), ("Closes awaiting approval", 1),
                             ("Readiness reported, not verified", summary.readiness_unverified)):
            line = next(li for li in text.splitlines() if li.startswith(label))
            assert line.split()[-1] == str(value), line
        assert "It is before close of business (18:00)" in text
        assert "1 emergencies still open" in text
        assert app.focused is not None and app.focused.id == "choice-1"  # Cancel, not Sign off
        await answer(pilot, app, "n")
        await settle(pilot, app)
        assert "Cancelled" in app.board.status_text
        await pilot.press("S")
        await opened(pilot, app)
        await answer(pilot, app, "escape")
        await settle(pilot, app)
        await pilot.press("S")
        await opened(pilot, app)
        await pilot.press("enter")   # the focused answer: Cancel
        await wait_for(pilot, lambda: dialog(app) is None)
        await settle(pilot, app)
        assert not signed() and Audit.select().count() == audit_rows
        await pilot.press("S")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert f"Signed off: {TODAY}" in app.board.status_text
        assert signed()
        await pilot.press("S")  # a second time: said at once, no dialog
        await settle(pilot, app)
        assert dialog(app) is None
        assert f"{TODAY} is already signed off by super at 09:30" in app.board.status_text


async def test_signoff_after_close_of_business_has_no_closing_warning(
        board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="super", now=f"{TODAY}T18:30")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("S")
        text = await opened(pilot, app)
        assert "close of business" not in text
        assert "1 emergencies still open" in text
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert signed()


async def test_a_clerk_sees_the_summary_but_the_store_refuses_the_signoff(
        board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("S")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert "Not permitted" in app.board.status_text and not signed()


async def test_revoke_signoff_with_a_reason_is_audited(board_url: str, make_board) -> None:  # noqa: ANN001
    ctx = open_context(board_url, "super", now=f"{TODAY}T07:48")
    oversight.sign_off(ctx)
    app = make_board(board_url, login="super")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("W")
        await prompt(pilot, app, "")                       # today, as offered
        await prompt(pilot, app, "signed at 07:48 with an emergency open")
        text = await opened(pilot, app)
        assert f"Revoke the sign-off of {TODAY}?" in text
        assert "Signed off by super at 07:48" in text
        assert "Reason: signed at 07:48 with an emergency open" in text
        await answer(pilot, app, "n")
        await settle(pilot, app)
        assert signed()
        await pilot.press("W")
        await prompt(pilot, app, "")
        await prompt(pilot, app, "signed at 07:48 with an emergency open")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert f"Sign-off revoked: {TODAY}" in app.board.status_text
        assert not signed()
        row = last_audit()
        assert (row.actor, row.action, row.note) == ("super", "signoff.revoke",
                                                     "signed at 07:48 with an emergency open")
        assert json.loads(row.before)["by"] == "super"
        await pilot.press("W")  # nothing left to revoke: said, no reason asked
        await prompt(pilot, app, "")
        await settle(pilot, app)
        assert f"{TODAY} is not signed off" in app.board.status_text
        await pilot.press("W")
        await prompt(pilot, app, "23/11", replace=True)
        await settle(pilot, app)
        assert "Not a day: 23/11" in app.board.status_text


async def test_a_clerk_cannot_revoke_a_signoff(board_url: str, make_board) -> None:  # noqa: ANN001
    oversight.sign_off(open_context(board_url, "super"))
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("W")
        await prompt(pilot, app, "")
        await prompt(pilot, app, "mistake")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert "Not permitted" in app.board.status_text and signed()


# -- verify, undo, revoke a verification --------------------------------------------------------

async def test_verify_names_the_item_and_asks_first(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, lambda t, now: t.state == DONE and t.verify)
        await pilot.press("v")
        text = await opened(pilot, app)
        assert f"Item #{task.id}: {task.title}" in text
        assert task.meeting.venue.name in text and "Reported by" in text
        await answer(pilot, app, "n")
        await settle(pilot, app)
        assert Task.get_by_id(task.id).state == DONE
        await pilot.press("v")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert f"Verified: #{task.id}" in app.board.status_text
        row = Task.get_by_id(task.id)
        assert (row.state, row.verified_by.login) == (VERIFIED, "duty")


def checkable(task: Task, now) -> bool:  # noqa: ANN001
    return task.state == PENDING and must(task.earliest_at) <= now


async def test_check_off_names_the_item_and_one_audit_row_by_the_real_login(
        board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, checkable)
        audits = Audit.select().where(Audit.entity == "task", Audit.entity_id == task.id).count()
        await pilot.press("space")
        text = await opened(pilot, app)
        meeting = task.meeting
        assert text.startswith("Check off this readiness item?")
        assert f"Item #{task.id}: {task.title}" in text
        assert f"Department: {app.t('dept.' + task.dept)}" in text
        assert f"Meeting: {meeting.title}, {meeting.venue.name}, " in text
        assert f"Due: {must(task.due_at).to(app.ctx.tz).format('HH:mm')}" in text
        assert Task.get_by_id(task.id).state == PENDING   # nothing written while it asks
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert f"Checked off: #{task.id}" in app.board.status_text
        row = Task.get_by_id(task.id)
        assert (row.state, row.done_by.login) == (DONE, "duty")
        rows = list(Audit.select().where(Audit.entity == "task", Audit.entity_id == task.id)
                    .order_by(Audit.id))
        assert len(rows) == audits + 1
        assert (rows[-1].action, rows[-1].actor, rows[-1].os_login) == \
            ("task.done", "duty", app.ctx.real_login)


async def test_check_off_cancelled_with_esc_writes_nothing(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, checkable)
        before = Audit.select().count()
        await pilot.press("space")
        await opened(pilot, app)
        await answer(pilot, app, "escape")
        await settle(pilot, app)
        assert "Cancelled" in app.board.status_text
        assert (Task.get_by_id(task.id).version, Audit.select().count()) == (task.version, before)


async def test_check_off_of_an_item_changed_meanwhile_is_refused(board_url: str, make_board) -> None:  # noqa: ANN001
    """The write carries the version the confirmation showed: another session's check-off
    and undo while it is open leave the item pending but newer, and the check-off is refused."""
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, checkable)
        await pilot.press("space")
        await opened(pilot, app)
        other = open_context(board_url, "duty")
        task_service.change_task(other, task.id, "done")
        task_service.change_task(other, task.id, "undo")
        changed = Task.get_by_id(task.id)
        assert (changed.state, changed.version > task.version) == (PENDING, True)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert "Refused" in app.board.status_text, app.board.status_text
        after = Task.get_by_id(task.id)
        assert (after.state, after.version) == (PENDING, changed.version)


async def test_undo_names_my_last_action_and_only_undoes_mine(board_url: str, make_board) -> None:  # noqa: ANN001
    """Someone else's check-off (of another meeting) is later than mine: ``u`` still names
    and undoes mine. (Written before the board opens: a second connection in this process
    would rebind the models under the board's writes.)"""
    other = open_context(board_url, "boss", now="2026-11-23T09:45")
    theirs = next(t for t in Task.select().where(Task.state == PENDING).order_by(Task.due_at)
                  if must(t.earliest_at) <= other.now() and t.meeting.status == "booked")
    task_service.change_task(other, theirs.id, "done")
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        mine = await select_task(pilot, app, lambda t, now: t.state == PENDING
                                 and must(t.earliest_at) <= now and t.meeting_id != theirs.meeting_id)
        await check_off(pilot, app)
        assert Task.get_by_id(mine.id).state == DONE
        await pilot.press("u")
        text = await opened(pilot, app)
        assert "Your check-off at 09:30: back to pending" in text
        assert f"Item #{mine.id}: {mine.title}" in text
        assert f"Meeting: {mine.meeting.title}, {mine.meeting.venue.name}" in text
        assert f"#{theirs.id}" not in text
        await answer(pilot, app, "n")
        await settle(pilot, app)
        assert Task.get_by_id(mine.id).state == DONE
        await pilot.press("u")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert f"Undone: #{mine.id}" in app.board.status_text
        assert Task.get_by_id(mine.id).state == PENDING
        assert Task.get_by_id(theirs.id).state == DONE      # never someone else's
        await pilot.press("u")    # the next one back is an earlier action of mine (the demo's)
        text = await opened(pilot, app)
        assert f"#{mine.id}:" not in text and f"#{theirs.id}:" not in text
        await answer(pilot, app, "n")
        await settle(pilot, app)


async def test_undo_of_my_verification_puts_it_back_to_reported(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        task = await select_task(pilot, app, lambda t, now: t.state == DONE and t.verify)
        await pilot.press("v")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        await pilot.press("u")
        text = await opened(pilot, app)
        assert "Your verification at 09:30" in text and f"#{task.id}" in text
        await answer(pilot, app, "y")
        await settle(pilot, app)
        row = Task.get_by_id(task.id)
        assert (row.state, row.verified_by) == (DONE, None)
        assert last_audit().action == "task.unverify"


async def test_revoke_a_wrong_verification_with_a_reason(board_url: str, make_board) -> None:  # noqa: ANN001
    ctx = open_context(board_url, "duty")
    task = next(t for t in Task.select().where((Task.state == DONE) & Task.verify)
                if t.meeting.status == "booked" and t.done_by.login != "duty")
    task_service.change_task(ctx, task.id, "verify")
    app = make_board(board_url, login="super")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("V")
        await prompt(pilot, app, str(task.id), replace=True)
        await prompt(pilot, app, "verified the wrong hall")
        text = await opened(pilot, app)
        assert f"Item #{task.id}: {task.title}" in text
        assert "Verified by duty at 09:30" in text and "Reason: verified the wrong hall" in text
        await answer(pilot, app, "n")
        await settle(pilot, app)
        assert Task.get_by_id(task.id).state == VERIFIED
        await pilot.press("V")
        await prompt(pilot, app, str(task.id), replace=True)
        await prompt(pilot, app, "verified the wrong hall")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert f"Verification revoked: #{task.id}" in app.board.status_text
        assert Task.get_by_id(task.id).state == DONE
        row = last_audit()
        assert (row.actor, row.action, row.entity_id) == ("super", "task.unverify", task.id)
        assert row.note.endswith("verification revoked: verified the wrong hall")


async def test_a_number_that_is_not_one_is_said_and_nothing_is_asked_further(
        board_url: str, make_board) -> None:  # noqa: ANN001
    """Revoke (V) and callback (C) ask a record's number the same way (acting.ask_number)."""
    app = make_board(board_url, login="super")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        before = Audit.select().count()
        for keys in (("V",), ("3", "C")):
            await pilot.press(*keys)
            await prompt(pilot, app, "#x12", replace=True)
            await settle(pilot, app)
            assert app.board.status_text == "Not a number: x12"
            assert app.screen is app.board
        assert Audit.select().count() == before


async def test_a_clerk_may_not_revoke_a_verification(board_url: str, make_board) -> None:  # noqa: ANN001
    task = next(t for t in Task.select().where(Task.state == VERIFIED) if t.meeting.status == "booked")
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("V")
        await prompt(pilot, app, str(task.id), replace=True)
        await prompt(pilot, app, "x")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert "Not permitted" in app.board.status_text
        assert Task.get_by_id(task.id).state == VERIFIED


# -- approvals -------------------------------------------------------------------------------------

def major_resolved() -> Ticket:
    return Ticket.get(Ticket.major & (Ticket.state == "resolved"))


async def test_supervisor_approves_a_close_from_the_board(board_url: str, make_board) -> None:  # noqa: ANN001
    ticket = major_resolved()
    app = make_board(board_url, login="super")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        assert RowRef("ticket", ticket.id, "approval_awaited") in app.board.table("escalations").keys
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("A")
        text = await opened(pilot, app)
        assert f"Approve closing ticket #{ticket.id}?" in text
        for part in (ticket.location, ticket.content, ticket.result, "major case",
                     "Work order signed: Yes"):
            assert part in text, part
        await answer(pilot, app, "n")
        await settle(pilot, app)
        assert Ticket.get_by_id(ticket.id).approved_by is None
        await pilot.press("A")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert f"Close approved: #{ticket.id}" in app.board.status_text
        assert Ticket.get_by_id(ticket.id).approved_by.login == "super"
        await wait_for(pilot, lambda: RowRef("ticket", ticket.id, "approval_awaited")
                       not in app.board.table("escalations").keys)


async def test_a_clerk_approving_is_refused_by_the_store(board_url: str, make_board) -> None:  # noqa: ANN001
    ticket = major_resolved()
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("A")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await settle(pilot, app)
        assert "Not permitted" in app.board.status_text and "ticket.approve" in app.board.status_text
        assert Ticket.get_by_id(ticket.id).approved_by is None


async def test_readonly_board_asks_nothing(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="super", readonly=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        for key in ("S", "W", "u", "V"):
            await pilot.press(key)
            await settle(pilot, app)
            assert dialog(app) is None and not isinstance(app.screen, PromptScreen)
            assert "Read-only" in app.board.status_text


# -- the later steps of a case (issue 10) ---------------------------------------------------------

async def test_stall_sets_the_case_apart_in_the_tickets_pane(board_url: str, make_board) -> None:  # noqa: ANN001
    ticket = Ticket.get(Ticket.location == "第三会议室 Room 305")   # dispatched, not stalled
    already = Ticket.get(Ticket.stalled_at.is_null(False))
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        table = app.board.table("tickets")
        assert table.keys[-1] == RowRef("ticket", already.id)        # stalled: last, apart
        assert str(table.cells(RowRef("ticket", already.id))[3]) == "stalled"
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("s")
        await prompt(pilot, app, "ceiling needs scaffolding; the owner decides")
        await settle(pilot, app)
        assert f"#{ticket.id} Set apart as stalled" in app.board.status_text
        assert Ticket.get_by_id(ticket.id).stall_reason == "ceiling needs scaffolding; the owner decides"
        await wait_for(pilot, lambda: set(table.keys[-2:]) == {RowRef("ticket", already.id),
                                                               RowRef("ticket", ticket.id)})
        assert str(table.cells(RowRef("ticket", ticket.id))[3]) == "stalled"


async def test_callback_on_keys_not_typed_yes(board_url: str, make_board) -> None:  # noqa: ANN001
    ticket = Ticket.get(Ticket.location == "Office block 3F corridor")   # a closed repair
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        await pilot.press("3", "C")
        await prompt(pilot, app, str(ticket.id), replace=True)
        text = await opened(pilot, app)
        assert "satisfied with the result?" in text and ticket.location in text
        await answer(pilot, app, "escape")   # Esc: the whole step is cancelled
        await settle(pilot, app)
        assert Ticket.get_by_id(ticket.id).callback_at is None
        await pilot.press("C")
        await prompt(pilot, app, str(ticket.id), replace=True)
        await opened(pilot, app)
        await answer(pilot, app, "y")
        text = await opened(pilot, app)
        assert "manner and attitude" in text
        await answer(pilot, app, "s")         # not asked
        await prompt(pilot, app, "lamp fine now")
        await settle(pilot, app)
        row = Ticket.get_by_id(ticket.id)
        assert (row.callback_satisfied, row.callback_manner, row.callback_note) == (True, None,
                                                                                    "lamp fine now")
        assert f"#{ticket.id} Callback recorded" in app.board.status_text


async def test_classify_a_communicative_complaint_as_valid(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.tickets import TicketInput, open_ticket
    ctx = open_context(board_url, "clerk")
    venting = open_ticket(ctx, TicketInput("complaint", "phone", "Lobby", "Mr Gu", "Shouted at the desk",
                                           "13800009999", nature="venting"))
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        await select_ticket(pilot, app, venting.id)
        await pilot.press("K")
        text = await opened(pilot, app)
        assert f"Re-classify ticket #{venting.id} as a valid complaint?" in text and "Now: venting" in text
        await answer(pilot, app, "n")
        await settle(pilot, app)
        assert Ticket.get_by_id(venting.id).nature == "venting"
        await pilot.press("K")
        await opened(pilot, app)
        await answer(pilot, app, "y")
        await prompt(pilot, app, "nobody called him back for two days")
        await settle(pilot, app)
        assert Ticket.get_by_id(venting.id).nature == "valid"
        assert f"#{venting.id} Re-classified as valid" in app.board.status_text


async def test_a_failed_read_before_a_confirmation_is_said_and_the_board_carries_on(
        board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    import peewee

    def broken(*_: object, **__: object) -> None:
        raise peewee.OperationalError("disk I/O error")
    monkeypatch.setattr(oversight, "day_summary", broken)
    app = make_board(board_url, login="super")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("S")
        await settle(pilot, app)
        assert dialog(app) is None and not signed()
        assert app.board.status_text.startswith("Could not load")
        await pilot.press("3")                     # still answering keys
        assert app.board.current_pane == "tickets"
