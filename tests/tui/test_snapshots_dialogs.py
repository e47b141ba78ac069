"""Snapshots of every dialog and screen the board pushes, at 160x48 and 80x24, in English and
Chinese (issue 11's acceptance), on the demo day at the frozen 09:30.

What the board pushes (``grep -n push_screen tui/board/``) and the scene that shows it:

=====================  ===========================================  ==========================
dialog / screen        class (module)                               scene(s) here
=====================  ===========================================  ==========================
help (``?``)           HelpScreen (dialogs.py)                      help
command palette        BoardPalette (palette.py)                    palette
meeting detail         DetailScreen (dialogs.py), with notice hint  meeting-detail
task detail            DetailScreen (dialogs.py)                    task-detail
ticket detail          DetailScreen (dialogs.py)                    ticket-detail
service notice (``n``) NoticeScreen (notice.py)                     notice
one-line prompt        PromptScreen (dialogs.py): follow-up note,   prompt
                       stall reason, link, reasons, filter, move
dispatch picker        PickerScreen (picker.py)                     dispatch-picker
department focus       PickerScreen (picker.py)                     dept-picker
check-off (space)      no dialog: written at once, ``u`` undoes it  -
verify (``v``)         ChoiceScreen via confirm() (readiness.py)    verify
revoke verify (``V``)  ChoiceScreen via confirm() (readiness.py)    unverify
undo (``u``)           ChoiceScreen via confirm() (readiness.py)    undo
sign-off (``S``)       ChoiceScreen with summary + warnings         signoff
                       (supervisor.py)
revoke sign-off (W)    ChoiceScreen via confirm() (supervisor.py)   revoke-signoff
approve close (``A``)  ChoiceScreen via confirm() (supervisor.py)   approve
callback (``C``)       ChoiceScreen via yes_no(), then yes_no()     callback, callback-manner
                       with "not asked" (casework.py)
classify (``K``)       ChoiceScreen via confirm() (casework.py)     classify
stall (``s``)          PromptScreen (casework.py)                   (as prompt)
ticket form (``n``)    TicketForm (ticket_form.py)                  ticket-form,
                                                                    ticket-form-error,
                                                                    ticket-form-phone
emergency intake (!)   TicketForm(emergency=True): where, what,     emergency
                       who have you told
booking form (``b``)   BookingForm (booking_form.py)                test_board_booking_snapshots
booking summary        DetailScreen (meeting_actions.py)            (as meeting-detail)
move meeting (``M``)   ConfirmScreen (meeting_actions.py)           move
cancel meeting (X)     ConfirmScreen (meeting_actions.py)           cancel
handover note (``H``)  HandoverWriteScreen (handover.py)            handover-write
handover on opening    HandoverShowScreen (handover.py)             handover-show
reports (``R``)        ReportsScreen (reports_screen.py)            reports, report-worksheet
report's department    PickScreen (reports_screen.py)               report-picker
timeline (``T``)       the venues pane's Timeline (timeline.py)     test_timeline_snapshots
main screen            BoardScreen (screen.py)                      test_board_snapshots;
                                                                    16 colours in
                                                                    test_board_colours
(16 colours)           signoff, emergency, ticket-form-error        test_dialog_at_16_colours
=====================  ===========================================  ==========================

Each scene is one coroutine run on the demo board (and, for a few, a write made before the
board opens: a second connection inside the running board would rebind the models). Review a
diff in snapshot_report.html and the SVG's text before accepting it with --snapshot-update.
Every Chinese snapshot is scanned for English by test_board_chinese. The main screen and
a few dialogs are also recorded as a 16-colour terminal (``TERM=xterm``) shows them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from boardkit import loaded, open_context, settle, wait_for
from colourkit import at_16_colours
from textual.widgets import Input, TextArea

LANGS = ["en", "zh"]
SIZES = {"160x48": (160, 48), "80x24": (80, 24)}

Run = Callable[..., Awaitable[None]]

# what the scenes type: data, not the board's words (test_board_chinese allows their words)
FOLLOW_UP_NOTE = "called"
UNVERIFY_REASON = "wrong hall"
REVOKE_REASON = "garage fire at 07:48"
CANCEL_REASON = "Mr Wu called"
TYPED = (FOLLOW_UP_NOTE, UNVERIFY_REASON, REVOKE_REASON, CANCEL_REASON, "Room 305", "Mr Wu", "Leak",
         "B2 garage", "Car on fire", "Room 305 leak: plumber back at 08:00", "B2 fire door fixed",
         "Room 305 leak: plumber back at 10:00\nB2 fire door [propped] open, security told")


@dataclass(frozen=True)
class Scene:
    run: Run
    login: str = "duty"
    before: Callable[[str], None] | None = None   # a write on the database URL, board not open


def screen_is(pilot, name: str) -> Callable[[], bool]:  # noqa: ANN001
    return lambda: pilot.app.screen.__class__.__name__ == name


async def until(pilot, name: str) -> None:  # noqa: ANN001
    await wait_for(pilot, screen_is(pilot, name))


async def select(pilot, pane: str, table: str, match: Callable[[object], bool]) -> None:  # noqa: ANN001
    """Pane ``pane`` (its digit), the cursor on the first row of ``table`` that matches."""
    await pilot.press(pane)
    keys = pilot.app.board.table(table).keys
    await pilot.press("g", *["j"] * keys.index(next(k for k in keys if match(k))))


async def answer(pilot, text: str, replace: bool = False) -> None:  # noqa: ANN001
    """Answer the one-line prompt that is open (``replace``: instead of its offered value)."""
    await until(pilot, "PromptScreen")
    field = pilot.app.screen.query_one(Input)
    if replace:
        field.value = ""
    await pilot.press(*text, "enter")
    await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ != "PromptScreen"
                   or pilot.app.screen.query_one(Input) is not field)


# -- the scenes ------------------------------------------------------------------------------

async def _help(pilot) -> None:  # noqa: ANN001
    await pilot.press("question_mark")
    await until(pilot, "HelpScreen")


async def _palette(pilot) -> None:  # noqa: ANN001
    await pilot.press("ctrl+p")
    await until(pilot, "BoardPalette")
    await pilot.pause(0.3)


async def _meeting_detail(pilot) -> None:  # noqa: ANN001
    from dutyboard.store.models import Meeting
    ident = Meeting.get(Meeting.title.contains("Press conference")).id
    await select(pilot, "1", "venues", lambda k: k.entity == "meeting" and k.number == ident)
    await pilot.press("enter")
    await until(pilot, "DetailScreen")


async def _task_detail(pilot) -> None:  # noqa: ANN001
    await pilot.press("2", "g", "enter")
    await until(pilot, "DetailScreen")


async def _ticket_detail(pilot) -> None:  # noqa: ANN001
    await pilot.press("3", "g", "enter")
    await until(pilot, "DetailScreen")


async def _notice(pilot) -> None:  # noqa: ANN001
    from dutyboard.store.models import Meeting
    ident = Meeting.get(Meeting.title.contains("Budget review")).id
    await select(pilot, "1", "venues", lambda k: k.entity == "meeting" and k.number == ident)
    await pilot.press("enter")
    await until(pilot, "DetailScreen")
    await pilot.press("n")
    await until(pilot, "NoticeScreen")


async def _prompt(pilot) -> None:  # noqa: ANN001
    await pilot.press("3", "g", "f")
    await until(pilot, "PromptScreen")
    await pilot.press(*FOLLOW_UP_NOTE)


async def _dispatch_picker(pilot) -> None:  # noqa: ANN001
    await pilot.press("3", "g", "D")
    await until(pilot, "PickerScreen")


async def _dept_picker(pilot) -> None:  # noqa: ANN001
    await pilot.press("d")
    await until(pilot, "PickerScreen")


async def _choice(pilot) -> None:  # noqa: ANN001
    await until(pilot, "ChoiceScreen")


async def _verify(pilot) -> None:  # noqa: ANN001
    from dutyboard.rules.facts import DONE
    from dutyboard.store.models import Task
    await select(pilot, "2", "tasks", lambda k: (t := Task.get_by_id(k.number)).state == DONE and t.verify)
    await pilot.press("v")
    await _choice(pilot)


def _verified_by_duty(url: str) -> None:
    from dutyboard.rules.facts import DONE
    from dutyboard.store import tasks
    from dutyboard.store.models import Task
    ctx = open_context(url, "duty")
    task = next(t for t in Task.select().where((Task.state == DONE) & Task.verify).order_by(Task.id)
                if t.meeting.status == "booked" and t.done_by.login != "duty")
    tasks.change_task(ctx, task.id, "verify")


async def _unverify(pilot) -> None:  # noqa: ANN001
    from dutyboard.rules.facts import VERIFIED
    from dutyboard.store.models import Task
    task = Task.select().where((Task.state == VERIFIED) & (Task.verified_by.is_null(False))) \
        .order_by(Task.verified_at.desc(), Task.id).get()
    await pilot.press("V")
    await answer(pilot, str(task.id), replace=True)
    await answer(pilot, UNVERIFY_REASON)
    await _choice(pilot)


async def _undo(pilot) -> None:  # noqa: ANN001
    await pilot.press("u")
    await _choice(pilot)


async def _signoff(pilot) -> None:  # noqa: ANN001
    """The day's summary with both warnings (09:30, an emergency open), focus on Cancel."""
    await pilot.press("S")
    await _choice(pilot)


def _signed_at_0748(url: str) -> None:
    from dutyboard.store import oversight
    oversight.sign_off(open_context(url, "super", now="2026-11-23T07:48"))


async def _revoke_signoff(pilot) -> None:  # noqa: ANN001
    await pilot.press("W")
    await answer(pilot, "")
    await answer(pilot, REVOKE_REASON)
    await _choice(pilot)


async def _approve(pilot) -> None:  # noqa: ANN001
    """A close to approve, with the case's summary (the demo's major case)."""
    from dutyboard.store.models import Ticket
    ident = Ticket.get(Ticket.major & (Ticket.state == "resolved")).id
    await select(pilot, "3", "tickets", lambda k: k.number == ident)
    await pilot.press("A")
    await _choice(pilot)


async def _callback(pilot) -> None:  # noqa: ANN001
    from dutyboard.store.models import Ticket
    ident = Ticket.get(Ticket.location == "Office block 3F corridor").id   # a closed repair
    await pilot.press("3", "C")
    await answer(pilot, str(ident), replace=True)
    await _choice(pilot)


async def _callback_manner(pilot) -> None:  # noqa: ANN001
    await _callback(pilot)
    first = pilot.app.screen
    await pilot.press("y")
    await wait_for(pilot, lambda: pilot.app.screen is not first)
    await _choice(pilot)


def _venting_complaint(url: str) -> None:
    from dutyboard.store.tickets import TicketInput, open_ticket
    open_ticket(open_context(url, "clerk"), TicketInput("complaint", "phone", "一楼大堂", "顾先生",
                                                        "在前台大声吵闹", "13800009999",
                                                        nature="venting"))


async def _classify(pilot) -> None:  # noqa: ANN001
    from dutyboard.store.models import Ticket
    ident = Ticket.get(Ticket.nature == "venting").id
    await select(pilot, "3", "tickets", lambda k: k.number == ident)
    await pilot.press("K")
    await _choice(pilot)


async def _ticket_form(pilot) -> None:  # noqa: ANN001
    await pilot.press("n")
    await until(pilot, "TicketForm")


async def _ticket_form_error(pilot) -> None:  # noqa: ANN001
    await pilot.press("n", "ctrl+s")
    await until(pilot, "TicketForm")


async def _ticket_form_phone(pilot) -> None:  # noqa: ANN001
    """A registered case without a phone: the reason beside the phone field."""
    await pilot.press("n", *"Room 305", "tab", *"Mr Wu", "tab", "tab", *"Leak", "tab", *"eng", "ctrl+s")
    await until(pilot, "TicketForm")


async def _emergency(pilot) -> None:  # noqa: ANN001
    """Where and what, then the checklist of who has been told (the supervisor ticked)."""
    await pilot.press("exclamation_mark", *"B2 garage", "tab", *"Car on fire", "tab", "space")
    await until(pilot, "TicketForm")


async def _press_conference(pilot) -> None:  # noqa: ANN001
    from dutyboard.store.models import Meeting
    ident = Meeting.get(Meeting.title.contains("Press conference")).id
    await select(pilot, "1", "venues", lambda k: k.entity == "meeting" and k.number == ident)


async def _move(pilot) -> None:  # noqa: ANN001
    await _press_conference(pilot)
    await pilot.press("M")
    await until(pilot, "PromptScreen")
    await pilot.press("ctrl+u", *"16:00", "enter", "enter")
    await until(pilot, "ConfirmScreen")


async def _cancel(pilot) -> None:  # noqa: ANN001
    await _press_conference(pilot)
    await pilot.press("X")
    await answer(pilot, CANCEL_REASON)
    await until(pilot, "ConfirmScreen")


async def _handover_write(pilot) -> None:  # noqa: ANN001
    await pilot.press("H")
    await until(pilot, "HandoverWriteScreen")
    await pilot.press(*"Room 305 leak: plumber back at 08:00", "enter", *"B2 fire door fixed")


def _note_left(url: str) -> None:
    from dutyboard.store.handover import write_note
    write_note(open_context(url, "clerk", "2026-11-23T08:55"),
               "Room 305 leak: plumber back at 10:00\nB2 fire door [propped] open, security told")


async def _handover_show(pilot) -> None:  # noqa: ANN001
    await until(pilot, "HandoverShowScreen")


async def _reports(pilot) -> None:  # noqa: ANN001
    await pilot.press("R")
    await until(pilot, "ReportsScreen")


async def _report_picker(pilot) -> None:  # noqa: ANN001
    from dutyboard.tui.board.report_catalog import REPORTS
    await _reports(pilot)
    pilot.app.screen.query_one("#reports-list").highlighted = \
        [ident for ident, _, _ in REPORTS].index("worksheet")
    await pilot.press("enter")
    await until(pilot, "PickScreen")


async def _report_worksheet(pilot) -> None:  # noqa: ANN001
    await _report_picker(pilot)
    await pilot.press("down", "enter")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query(Input)))
    await pilot.press("enter")
    await settle(pilot, pilot.app)


SCENES: dict[str, Scene] = {
    "help": Scene(_help), "palette": Scene(_palette),
    "meeting-detail": Scene(_meeting_detail), "task-detail": Scene(_task_detail),
    "ticket-detail": Scene(_ticket_detail), "notice": Scene(_notice),
    "prompt": Scene(_prompt), "dispatch-picker": Scene(_dispatch_picker),
    "dept-picker": Scene(_dept_picker),
    "verify": Scene(_verify), "unverify": Scene(_unverify, "super", _verified_by_duty),
    "undo": Scene(_undo), "signoff": Scene(_signoff),
    "revoke-signoff": Scene(_revoke_signoff, "super", _signed_at_0748),
    "approve": Scene(_approve, "super"),
    "callback": Scene(_callback, "clerk"), "callback-manner": Scene(_callback_manner, "clerk"),
    "classify": Scene(_classify, "clerk", _venting_complaint),
    "ticket-form": Scene(_ticket_form), "ticket-form-error": Scene(_ticket_form_error),
    "ticket-form-phone": Scene(_ticket_form_phone), "emergency": Scene(_emergency),
    "move": Scene(_move, "clerk"), "cancel": Scene(_cancel, "clerk"),
    "handover-write": Scene(_handover_write), "handover-show": Scene(_handover_show, "duty", _note_left),
    "reports": Scene(_reports), "report-picker": Scene(_report_picker),
    "report-worksheet": Scene(_report_worksheet),
}


def shown_after(app, scene: Scene) -> Run:  # noqa: ANN001
    """The board loaded, the scene played, then still: no blinking cursor in the picture."""
    async def run_before(pilot) -> None:  # noqa: ANN001
        await wait_for(pilot, lambda: loaded(app) and loaded(app, "tickets"))
        await scene.run(pilot)
        await pilot.pause()
        for field in pilot.app.screen.query("Input, TextArea"):
            if isinstance(field, Input | TextArea):
                field.cursor_blink = False
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("name", sorted(SCENES))
def test_dialog(snap_compare, board_url: str, make_board, name: str, size: str, lang: str) -> None:  # noqa: ANN001
    scene = SCENES[name]
    if scene.before is not None:
        scene.before(board_url)
    app = make_board(board_url, login=scene.login, lang=lang)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=shown_after(app, scene))


# the dialogs whose warnings and focus are told by colour too, as a 16-colour terminal shows them
AT_16_COLOURS = ("signoff", "emergency", "ticket-form-error")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", AT_16_COLOURS)
def test_dialog_at_16_colours(snap_compare, board_url: str, make_board, name: str, lang: str) -> None:  # noqa: ANN001
    scene = SCENES[name]
    app = at_16_colours(make_board(board_url, login=scene.login, lang=lang))
    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=shown_after(app, scene))
