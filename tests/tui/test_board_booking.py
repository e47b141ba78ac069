"""Bookings on the board (issue 12): the booking form (a valid save, each refusal beside its
field, completion), moving and cancelling a meeting with a confirmation naming it. The demo
day is Monday 2026-11-23 09:30; 第一会议室 Room 201 is class A (30 seats, 1 h notice)."""

from __future__ import annotations

import pytest
from boardkit import loaded, settle, wait_for
from dutyboard.store.models import Meeting, Task
from dutyboard.tui.board.app import BoardApp
from dutyboard.tui.board.booking_form import BookingForm
from dutyboard.tui.board.dialogs import DetailScreen
from dutyboard.tui.board.meeting_actions import ConfirmScreen
from dutyboard.tui.board.refs import RowRef
from textual.widgets import Input, Label

pytestmark = pytest.mark.asyncio

ROUTINE = ("b", *"201", "tab", *"14:00", "tab", "tab", *"Budget talk", "tab", *"Finance Bureau",
           "tab", *"Mr Qian", "tab", *"0571-1234", "tab", *"12")


def form(app: BoardApp) -> BookingForm:
    assert isinstance(app.screen, BookingForm), app.screen
    return app.screen


def beside(app: BoardApp, name: str) -> str:
    return str(form(app).query_one(f"#bk-e-{name}", Label).render())


async def checked(pilot, app: BoardApp) -> None:  # noqa: ANN001
    """Let the live check's timer fire and its worker answer."""
    await pilot.pause(0.3)
    await settle(pilot, app)


async def field(pilot, app: BoardApp, name: str, text: str) -> None:  # noqa: ANN001
    widget = form(app).query_one(f"#bk-{name}", Input)
    widget.focus()
    widget.value = text
    await checked(pilot, app)


async def test_a_routine_booking_saves_and_lists_the_items_by_department(board_url: str,
                                                                         make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        before = Meeting.select().count()
        await pilot.press(*ROUTINE)
        await checked(pilot, app)
        assert form(app).problems == {}
        assert "class A" in str(form(app).query_one("#bk-venue-info", Label).render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        meeting = Meeting.select().order_by(Meeting.id.desc()).first()
        assert Meeting.select().count() == before + 1
        assert (meeting.venue.name, meeting.title, meeting.organizer, meeting.attendees) == \
            ("第一会议室 Room 201", "Budget talk", "Finance Bureau", 12)
        assert meeting.service_set == {"water"}                        # the usual default
        assert (meeting.end_at - meeting.start_at).total_seconds() == 7200  # end = start + 2 h
        summary = app.screen.body
        assert app.screen.title_text.startswith(f"Meeting #{meeting.id} booked")
        for dept in ("Engineering", "Security", "Meeting service"):
            assert dept in summary
        assert str(Task.select().where(Task.meeting == meeting).count()) in app.screen.title_text
        assert f"#{meeting.id} Budget talk" in app.board.status_text


async def test_each_refusal_is_shown_beside_its_field_and_nothing_is_saved(board_url: str,
                                                                          make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        before = Meeting.select().count()
        await pilot.press(*ROUTINE)
        await checked(pilot, app)
        await field(pilot, app, "start", "10:00")             # class A: 1 h notice, 30 min given
        said = beside(app, "start")                            # the sentence, not the rule's code
        assert said.startswith("class A needs at least") and "class.A.notice" not in said
        await field(pilot, app, "start", "25:00")
        assert "14:00" in beside(app, "start")                # how to type a time
        await field(pilot, app, "start", "14:00")
        await field(pilot, app, "attendees", "31")
        assert "capacity of 30" in beside(app, "attendees")
        await field(pilot, app, "attendees", "12")
        await field(pilot, app, "venue", "305")               # Room 305 is booked 13:50-15:20
        assert "is booked" in beside(app, "start") and "[" not in beside(app, "start")
        await field(pilot, app, "start", "15:40")             # after it, inside its clear-down
        assert any(w in beside(app, "start") for w in ("clear-down", "preparation", "between meetings"))
        await field(pilot, app, "venue", "Main hall")         # class C: a day's notice, approval
        await field(pilot, app, "start", "+2 10:00")
        assert beside(app, "approval").startswith("class C needs the approved rental application")
        assert "--approval" not in beside(app, "approval")   # the field is beside it: no flag
        assert "1h00m" in said and "30m" in said              # durations, not clock times
        assert beside(app, "start") == ""
        await field(pilot, app, "title", "")
        assert beside(app, "title") == "required"
        await pilot.press("ctrl+s")
        await checked(pilot, app)
        assert isinstance(app.screen, BookingForm)            # still open, everything kept
        assert Meeting.select().count() == before
        await field(pilot, app, "title", "Safety drill")
        await field(pilot, app, "approval", "租审-2026-118")
        assert form(app).problems == {}
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert Meeting.select().count() == before + 1


async def test_reasons_in_chinese(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk", lang="zh")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press(*ROUTINE)
        await field(pilot, app, "start", "10:00")
        assert beside(app, "start") == "A类会场须至少提前 1h00m 预订"
        await field(pilot, app, "attendees", "31")
        assert beside(app, "attendees") == "超过会场 30 座容量"


async def test_completion_fills_organizer_contact_and_phone(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("b")
        await wait_for(pilot, lambda: bool(form(app).choices.venues))
        await pilot.press(*"第一")
        await pilot.pause(0.1)                                # the suggestion comes from a worker
        await pilot.press("right")                            # completion of the venue name
        assert form(app).query_one("#bk-venue", Input).value == "第一会议室 Room 201"
        organizer = form(app).query_one("#bk-organizer", Input)
        organizer.focus()
        await pilot.press(*"发改")
        await pilot.pause(0.1)
        await pilot.press("right")                            # an organizer seen before
        assert organizer.value == "发改委 Development Commission"
        assert form(app).query_one("#bk-contact", Input).value == "联络员 Liaison"   # its last contact
        assert form(app).query_one("#bk-phone", Input).value == "0571-8800 1234"    # their phone
        organizer.value = ""
        await pilot.press(*"财政")                            # only in a confidential booking:
        await pilot.pause(0.1)                                # never offered (domain §6)
        await pilot.press("right")
        assert organizer.value == "财政"


async def select_meeting(pilot, app: BoardApp, title_part: str) -> Meeting:  # noqa: ANN001
    meeting = Meeting.get(Meeting.title.contains(title_part))
    await pilot.press("1")
    keys = app.board.table("venues").keys
    await pilot.press("g", *["j"] * keys.index(RowRef("meeting", meeting.id)))
    return meeting


async def test_move_asks_confirms_naming_the_meeting_and_moves_pending_items(board_url: str,
                                                                           make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "venues"))
        meeting = await select_meeting(pilot, app, "Press conference")
        done = Task.select().where((Task.meeting == meeting) & (Task.state != "pending")).count()
        await pilot.press("M", "ctrl+u", *"16:00", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Press conference" in app.screen.question and "16:00-17:00" in app.screen.question
        await pilot.press("y")
        await settle(pilot, app)
        row = Meeting.get_by_id(meeting.id)
        assert row.start_at.hour == 8 and row.end_at.hour == 9    # 16:00-17:00 local, in UTC
        assert "Moved" in app.board.status_text
        assert Task.select().where((Task.meeting == meeting) & (Task.state != "pending")).count() == done


async def test_move_refused_by_the_rules_says_why_and_changes_nothing(board_url: str,
                                                                      make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "venues"))
        meeting = await select_meeting(pilot, app, "Press conference")
        await pilot.press("M", "ctrl+u", *"09:40", "enter", "enter")   # class B: half a day
        await settle(pilot, app)
        assert app.board.status_text.startswith("Refused: class B needs at least")  # before confirming
        assert not isinstance(app.screen, ConfirmScreen)
        assert Meeting.get_by_id(meeting.id).start_at == meeting.start_at


async def test_declined_confirmation_changes_nothing(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "venues"))
        meeting = await select_meeting(pilot, app, "Press conference")
        await pilot.press("X", *"organizer called", "enter", "n")
        await settle(pilot, app)
        assert Meeting.get_by_id(meeting.id).status == "booked"
        assert "not changed" in app.board.status_text


async def test_cancel_with_a_reason_after_confirmation(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "venues"))
        meeting = await select_meeting(pilot, app, "Press conference")
        await pilot.press("X", "enter")                       # no reason: refused on the board
        await settle(pilot, app)
        assert "needs a reason" in app.board.status_text
        await pilot.press("X", *"organizer called", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Press conference" in app.screen.question and "organizer called" in app.screen.question
        await pilot.press("y")
        await settle(pilot, app)
        assert Meeting.get_by_id(meeting.id).status == "cancelled"
        assert "Cancelled" in app.board.status_text


async def test_a_read_only_board_opens_no_form(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk", readonly=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("b")
        await settle(pilot, app)
        assert not isinstance(app.screen, BookingForm)
        assert "read-only" in app.board.status_text.lower()


async def test_the_duty_officer_may_not_book(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="duty")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        before = Meeting.select().count()
        await pilot.press(*ROUTINE, "enter")
        await wait_for(pilot, lambda: "meeting.add" in str(form(app).query_one("#bk-status", Label).render()))
        assert Meeting.select().count() == before


async def test_enter_saves_though_the_check_of_the_typing_answers_after_it(board_url: str, make_board,
                                                                          monkeypatch) -> None:  # noqa: ANN001
    """The live check of the last keystrokes may answer after Enter and before the save's own
    check: that older answer is dropped, the save goes on (it ended the save, and Enter was
    lost: seen in tests/e2e/test_tmux_booking.py under load)."""
    import threading
    import time

    from dutyboard.tui.board import booking_form

    calls: list[int] = []
    typing_started = threading.Event()
    original = booking_form.booking_problems

    def slow(data, book, now):  # noqa: ANN001, ANN202
        calls.append(1)
        if len(calls) == 1:          # the typing's check: answers after Enter...
            typing_started.set()
            time.sleep(0.3)
        else:                        # ...and before the save's own check
            time.sleep(0.8)
        return original(data, book, now)
    monkeypatch.setattr(booking_form, "booking_problems", slow)
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        before = Meeting.select().count()
        await pilot.press(*ROUTINE)
        await wait_for(pilot, typing_started.is_set)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert Meeting.select().count() == before + 1
