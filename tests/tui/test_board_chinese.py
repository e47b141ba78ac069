"""The Chinese board is Chinese: every screen a key reaches (the main screen, each dialog,
form, picker, confirmation, the detail of a meeting and of a ticket, the reports screen, the
timeline, the handover, the service notice) is scanned for English words. A word of three or
more ASCII letters fails the test unless it is a proper name or code in the allowlist below
(the demo's data, key names, file formats)."""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from boardkit import loaded, open_context, settle, wait_for

# proper names and codes that stay as they are on the Chinese board
ALLOWED = {
    # key names
    "tab", "esc", "enter", "ctrl", "shift", "space", "home",
    # the command the header names when the audit trail is broken, the program's name
    "dutyboard",
    # the demo's data: venues, organizers, people, places, titles typed in the tests
    "room", "leak", "plumber", "back", "fire", "door", "fixed", "garage", "car", "called",
    "propped", "open", "security", "told",
    # formats and units written as the procedures write them
    "yyyy", "csv",
}
WORD = re.compile(r"[A-Za-z]{3,}")


def screen_text(app) -> str:  # noqa: ANN001
    """Every character the terminal shows, from the SVG screenshot, one line per row."""
    return svg_text(app.export_screenshot())


def svg_text(svg: str) -> str:
    """The characters of a Textual SVG screenshot (a recorded snapshot), one line per row."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(r'<text[^>]*\bx="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join("".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items()))


def english_words(text: str, names: set[str] = frozenset()) -> list[str]:
    """The English words of ``text`` that are neither allowed nor the data's own words (a
    cell cut short shows the start of a name, a wrapped one its end)."""
    def data(word: str) -> bool:
        return any(name.startswith(word) or name.endswith(word) for name in names)
    return sorted({w for w in WORD.findall(text) if w.lower() not in ALLOWED and not data(w.lower())})


def demo_names(url: str) -> set[str]:
    """The words of the demo's own data (venue, meeting, organizer, people, places)."""
    from dutyboard.store import models
    ctx = open_context(url, "duty")
    words: set[str] = set()
    with ctx.db.connection_context():
        for row in models.Venue.select():
            words |= set(WORD.findall(row.name))
        for row in models.Meeting.select():
            for value in (row.title, row.organizer, row.contact):
                words |= set(WORD.findall(value or ""))
        for row in models.Ticket.select():
            for value in (row.location, row.contact, row.content, row.result):
                words |= set(WORD.findall(value or ""))
        for row in models.Site.select():
            words |= set(WORD.findall(row.name)) | set(WORD.findall(row.timezone))
        for row in models.Person.select():
            words |= set(WORD.findall(row.login)) | set(WORD.findall(row.name or ""))
    return {w.lower() for w in words} | {"board"}  # the database file, board.db


def screen_is(pilot, name: str) -> Callable[[], bool]:  # noqa: ANN001
    return lambda: pilot.app.screen.__class__.__name__ == name


async def _main(pilot) -> None:  # noqa: ANN001
    pass


async def _help(pilot) -> None:  # noqa: ANN001
    await pilot.press("question_mark")


async def _palette(pilot) -> None:  # noqa: ANN001
    await pilot.press("ctrl+p")
    await wait_for(pilot, screen_is(pilot, "BoardPalette"))
    await pilot.pause(0.3)


async def _meeting(pilot) -> None:  # noqa: ANN001
    await pilot.press("1", "enter")
    await wait_for(pilot, screen_is(pilot, "DetailScreen"))


async def _notice(pilot) -> None:  # noqa: ANN001
    await _meeting(pilot)
    await pilot.press("n")
    await wait_for(pilot, screen_is(pilot, "NoticeScreen"))


async def _ticket(pilot) -> None:  # noqa: ANN001
    await pilot.press("3", "enter")
    await wait_for(pilot, screen_is(pilot, "DetailScreen"))


async def _prompt(pilot) -> None:  # noqa: ANN001
    await pilot.press("3", "f")
    await wait_for(pilot, screen_is(pilot, "PromptScreen"))


async def _form(pilot) -> None:  # noqa: ANN001
    await pilot.press("n", "ctrl+s")


async def _emergency(pilot) -> None:  # noqa: ANN001
    await pilot.press("exclamation_mark", *"B2 garage", "tab", *"Car on fire", "tab", "space")


async def _booking(pilot) -> None:  # noqa: ANN001
    await pilot.press("b")
    await pilot.pause(0.5)


async def _dispatch_picker(pilot) -> None:  # noqa: ANN001
    await pilot.press("3", "D")
    await wait_for(pilot, screen_is(pilot, "PickerScreen"))


async def _dept_picker(pilot) -> None:  # noqa: ANN001
    await pilot.press("d")
    await wait_for(pilot, screen_is(pilot, "PickerScreen"))


async def _confirm(pilot) -> None:  # noqa: ANN001
    await wait_for(pilot, screen_is(pilot, "ChoiceScreen"))


async def _signoff(pilot) -> None:  # noqa: ANN001
    await pilot.press("S")
    await _confirm(pilot)


async def _approve(pilot) -> None:  # noqa: ANN001
    keys = pilot.app.board.table("tickets").keys
    await pilot.press("3", "g", *["j"] * keys.index(next(k for k in keys if k.number == 6)), "A")
    await _confirm(pilot)


async def _move(pilot) -> None:  # noqa: ANN001
    await pilot.press("1", "M", "enter")
    await wait_for(pilot, screen_is(pilot, "PromptScreen"))
    await pilot.press("enter")
    await pilot.pause(0.3)


async def _reports(pilot) -> None:  # noqa: ANN001
    await pilot.press("R")
    await wait_for(pilot, screen_is(pilot, "ReportsScreen"))


async def _report(pilot) -> None:  # noqa: ANN001
    await _reports(pilot)
    await pilot.press("enter")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot, pilot.app)
    await pilot.pause(0.5)


async def _timeline(pilot) -> None:  # noqa: ANN001
    await pilot.press("T")
    await pilot.pause(0.3)


async def _handover(pilot) -> None:  # noqa: ANN001
    await pilot.press("H", *"Room leak", "enter")


async def _denied(pilot) -> None:  # noqa: ANN001
    """A close the duty officer may not make: why, on the status line."""
    await pilot.press("3", "c")
    await wait_for(pilot, screen_is(pilot, "PromptScreen"))
    await pilot.press("enter")
    await settle(pilot, pilot.app)
    assert pilot.app.board.status_text


async def _dispatched(pilot) -> None:  # noqa: ANN001
    """A dispatch through the picker: what the status line says it did."""
    await _dispatch_picker(pilot)
    await pilot.press("enter")
    await settle(pilot, pilot.app)
    assert pilot.app.board.status_text


async def _undo(pilot) -> None:  # noqa: ANN001
    await pilot.press("2", "u")
    await pilot.pause(0.5)


async def _verify(pilot) -> None:  # noqa: ANN001
    await pilot.press("2", "v")
    await pilot.pause(0.5)


def _keys(*keys: str, pane: str = "3") -> Callable[..., Awaitable[None]]:
    """Press the keys on a pane and let whatever they open (a prompt, a confirmation) show."""
    async def run(pilot) -> None:  # noqa: ANN001
        await pilot.press(pane, *keys)
        await pilot.pause(0.5)
    return run


async def _each_report(pilot) -> None:  # noqa: ANN001
    """The last report of the list, asked for and shown."""
    await _reports(pilot)
    await pilot.press("end", "enter")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot, pilot.app)
    await pilot.pause(0.5)


SCENES: dict[str, Callable[..., Awaitable[None]]] = {
    "revoke-signoff": _keys("W"), "unverify": _keys("V", pane="2"), "stall": _keys("s"),
    "callback": _keys("C"), "classify": _keys("K"), "link": _keys("L"), "notified": _keys("N"),
    "cancel-meeting": _keys("X", pane="1"), "escalate": _keys("e"), "resolve": _keys("r"),
    "last-report": _each_report,
    "main": _main, "help": _help, "palette": _palette, "meeting": _meeting, "notice": _notice,
    "ticket": _ticket, "prompt": _prompt, "form": _form, "emergency": _emergency,
    "booking": _booking, "dispatch-picker": _dispatch_picker, "dept-picker": _dept_picker,
    "signoff": _signoff, "approve": _approve, "move": _move, "reports": _reports,
    "report": _report, "timeline": _timeline, "handover": _handover, "denied": _denied,
    "undo": _undo, "verify": _verify, "dispatched": _dispatched,
    "check-off": _keys("g", "space", pane="2"),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("scene", sorted(SCENES))
async def test_every_chinese_screen_is_chinese(board_url: str, make_board, scene: str) -> None:  # noqa: ANN001
    names = demo_names(board_url)
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app) and loaded(app, "tickets"))
        await SCENES[scene](pilot)
        await pilot.pause()
        text = screen_text(app)
    words = english_words(text, names)
    assert not words, f"{scene}: English on the Chinese board: {words}\n{text}"


# -- every recorded Chinese snapshot (main screen, each dialog, both sizes) -------------------

SNAPSHOTS = Path(__file__).parent / "__snapshots__"
CHINESE_ONLY = {"test_tickets_pane_at_80x24"}   # recorded in Chinese only, no language in the name


def chinese_snapshots() -> list[Path]:
    return sorted(p for p in SNAPSHOTS.glob("*/*.svg")
                  if re.search(r"[\[-]zh\]", p.name) or p.stem in CHINESE_ONLY)


# what the snapshot scenes type (data): the dialogs' (test_snapshots_dialogs.TYPED), the
# booking form's (test_board_booking_snapshots) and the filter that matches nothing
TYPED_IN_SNAPSHOTS = ("Budget talk", "Finance Bureau", "Mr Qian", "zzz")
# English a Chinese snapshot shows on purpose: the database driver's own message, quoted
# after the Chinese explanation in the STALE header
QUOTED = {"test_header_states[stale-zh]": {"operationalerror", "database", "locked"}}


def typed_words() -> set[str]:
    from test_snapshots_dialogs import TYPED
    return {w.lower() for text in (*TYPED, *TYPED_IN_SNAPSHOTS) for w in WORD.findall(text)}


@pytest.mark.parametrize("path", chinese_snapshots(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_chinese_snapshot_is_chinese(board_url: str, path: Path) -> None:
    """The snapshots as recorded (--snapshot-update), read as text: no English word but the
    allowed names, the demo's own data and what the scene typed."""
    text = svg_text(path.read_text(encoding="utf-8"))
    words = [w for w in english_words(text, demo_names(board_url) | typed_words())
             if w.lower() not in QUOTED.get(path.stem, set())]
    assert not words, f"{path.name}: English on the Chinese board: {words}\n{text}"


def test_every_dialog_has_a_chinese_snapshot_at_both_sizes() -> None:
    """The scan above reads files: each dialog scene must have been recorded in Chinese."""
    from test_snapshots_dialogs import SCENES, SIZES
    recorded = {p.name for p in chinese_snapshots()}
    missing = [f"test_dialog[{name}-{size}-zh].svg" for name in SCENES for size in SIZES
               if f"test_dialog[{name}-{size}-zh].svg" not in recorded]
    assert not missing, missing
    main = {f"test_board_layout[{size}-zh].svg" for size in SIZES} | {
        "test_board_at_16_colours[zh].svg", "test_board_at_16_colours_at_80x24[zh].svg"}
    assert main <= recorded, main - recorded
