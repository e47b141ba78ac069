"""Issue 13, the time to the first full board: nothing before it that can wait.

What only a key opens (the booking form and the store's booking code, the time parsing of a
move, the dialogs, Textual's TextArea of the handover note) is imported when the key first
needs it, neither with the board's modules nor for its first full screen. The cyclic garbage
collector is off from the board's start to a second after its first full board
(startup_gc.py), and back on after; a process that runs without it keeps it off."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from boardkit import wait_for
from dutyboard.tui.board import startup_gc
from dutyboard.tui.board.header_bar import HeaderBar

LAZY = ("dutyboard.tui.board.booking_form", "dutyboard.tui.board.booking_when",
        "dutyboard.tui.board.form_kit", "dutyboard.tui.board.dialogs",
        "dutyboard.tui.board.ticket_form", "dutyboard.tui.board.reports_screen",
        "dutyboard.tui.board.overview", "dutyboard.store.meetings", "dutyboard.store.booking_check",
        "dutyboard.store.booking_choices", "textual.widgets._text_area", "textual.widgets._selection_list",
        "textual.widgets._checkbox",
        # the supervisor's trend and the reports under it: read for the roles that see it only
        "dutyboard.store.trend", "dutyboard.store.reports")


def _loaded_after(code: str) -> list[str]:
    """Which of LAZY a fresh interpreter holds after running ``code``."""
    probe = code + f"\nimport json, sys\nprint(json.dumps(sorted(set({LAZY!r}) & set(sys.modules))))\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_board_modules_import_no_dialog_nor_booking_code() -> None:
    assert _loaded_after("import dutyboard.tui.board.app, dutyboard.tui.board.run") == []


def test_the_first_full_board_imports_none_of_them_either(board_url: str) -> None:
    code = (
        "import asyncio\n"
        "from dutyboard.rules import FrozenClock, parse_instant\n"
        "from dutyboard.store.context import Context\n"
        "from dutyboard.store.db import connect\n"
        "from dutyboard.tui.board.app import BoardApp\n"
        f"ctx = Context(connect({board_url!r}), FrozenClock(parse_instant('2026-11-23T09:30', "
        "'Asia/Shanghai')), 'duty')\n"
        "async def main():\n"
        "    app = BoardApp(ctx, lang='en')\n"
        "    async with app.run_test(size=(160, 48)) as pilot:\n"
        "        while app.board.snapshot is None:\n"
        "            await pilot.pause(0.02)\n"
        "        await pilot.pause()\n"
        "        assert 'overdue' in str(app.board.query_one('HeaderBar').rest_shown)\n"
        "asyncio.run(main())\n"
    )
    assert _loaded_after(code) == []


def _first_board_collector(app) -> tuple[list[bool], object]:  # noqa: ANN001
    seen: list[bool] = []
    original = app.board.render_panes

    def timed(changed: set[str] | None = None) -> None:
        seen.append(gc.isenabled())
        original(changed)
    app.board.render_panes = timed
    return seen, original


async def test_the_collector_waits_for_the_first_full_board(board_url: str, make_board) -> None:  # noqa: ANN001
    assert gc.isenabled()
    app = make_board(board_url)
    seen, _ = _first_board_collector(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: bool(seen))
        assert seen[0] is False          # the first full board: derived and shown without it
        assert "overdue" in str(app.board.query_one(HeaderBar).rest_shown)
        await wait_for(pilot, gc.isenabled, timeout=startup_gc.AFTER_FIRST_BOARD + 5)
    assert gc.isenabled() and not startup_gc.held()


async def test_a_board_that_ends_at_once_turns_the_collector_back_on(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)):
        assert not gc.isenabled()
    assert gc.isenabled() and not startup_gc.held()


async def test_a_process_without_the_collector_keeps_it_off(board_url: str, make_board) -> None:  # noqa: ANN001
    gc.disable()
    try:
        app = make_board(board_url)
        seen, _ = _first_board_collector(app)
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: bool(seen))
            startup_gc.release()
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


async def test_the_tables_measure_no_cell_of_their_rows(board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    """Every column has its own width and every row is one line: DataTable's measuring of each
    new row's cells (for auto-width columns) is skipped; the labels are still measured."""
    from textual.widgets import _data_table

    measured: list[object] = []
    original = _data_table.measure

    def counting(console, renderable, default, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        measured.append(renderable)
        return original(console, renderable, default, *args, **kwargs)
    monkeypatch.setattr(_data_table, "measure", counting)
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.board.snapshot is not None
                       and all(app.board.table(p).keys for p in ("venues", "tasks", "tickets")))
        await pilot.pause()
        tables = [app.board.table(p) for p in ("venues", "tasks", "tickets", "escalations")]
        rows = sum(t.row_count for t in tables)
        labels = {str(c.label) for t in tables for c in t.columns.values()}
        assert rows > 20
        assert not [m for m in measured if str(m) not in labels]
        assert all(not c.auto_width for t in tables for c in t.columns.values())


async def test_the_footer_is_built_once_for_the_first_board(board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    """The start asks the footer for its keys several times (mount, size, first pane,
    bindings, first snapshot): its line changes once, and not again while the keys to show
    stay the same; a pane change still changes it."""
    from dutyboard.tui.board.footer import BoardFooter

    changes: list[int] = []    # each new set of keys: how many
    original = BoardFooter._show_keys

    def counting(self):  # noqa: ANN001, ANN202
        before = self.items
        original(self)
        if self.items != before:
            changes.append(len(self.items))
    monkeypatch.setattr(BoardFooter, "_show_keys", counting)
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.board.snapshot is not None)
        await pilot.pause(0.3)
        assert len(changes) == 1 and changes[0] > 5, changes
        footer = app.board.query_one(BoardFooter)
        shown = [k.description for k in footer.items]
        assert shown and "Help" in shown
        await pilot.press("3")   # the tickets pane: its own main actions
        await pilot.pause(0.3)
        assert [k.description for k in footer.items] != shown


def test_the_command_line_opens_the_board_without_the_commands_modules(board_url: str) -> None:
    """``dutyboard`` with no command: the command handlers (and the reports, sheets and
    bookings code they import) are not loaded on the way to the board (20 ms of a start)."""
    code = (
        "import sys\n"
        "from dutyboard import tui\n"
        "import dutyboard.tui.entry as entry\n"
        "def open_board(ctx, url, args):\n"
        "    return 0\n"
        f"assert entry.cli_main(['--db', {board_url!r}, '--as', 'duty'], open_board) == 0\n"
        "extra = ['dutyboard.tui.cli.commands']\n"
    )
    probe = code + ("import json\nprint(json.dumps(sorted(set(extra + "
                    f"list({LAZY!r})) & set(sys.modules))))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
