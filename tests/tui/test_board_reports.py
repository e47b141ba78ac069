"""The reports screen (``R``, issue 12): each report opens and shows its rows (the same text
``dutyboard report ...`` prints), parameters asked with the board's defaults, saving writes
the file and says where, a confidential meeting is masked, and a failing read, a refusal, a
bad answer or an unwritable folder is said on the screen while the board carries on."""

from __future__ import annotations

import re
from pathlib import Path

import peewee
import pytest
from boardkit import loaded, open_context, settle, wait_for
from dutyboard.store import report_sheets, reports
from dutyboard.store.facts import MASK
from dutyboard.store.models import Meeting
from dutyboard.tui import report_text, sheet_text
from dutyboard.tui.board.app import BoardApp
from dutyboard.tui.board.report_catalog import DOCUMENTS_ENV, REPORTS
from dutyboard.tui.board.reports_screen import ReportsScreen
from rich.cells import cell_len

pytestmark = pytest.mark.asyncio
ORDER = [ident for ident, _, _ in REPORTS]


@pytest.fixture(autouse=True)
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "documents"
    monkeypatch.setenv(DOCUMENTS_ENV, str(folder))
    return folder


def screen(app: BoardApp) -> ReportsScreen:
    assert isinstance(app.screen, ReportsScreen), app.screen
    return app.screen


def body(app: BoardApp) -> str:
    return str(screen(app).query_one("#reports-body").render())


def has_row(app: BoardApp, ident: int) -> bool:
    """A table row with this id in a cell of its own (cells are padded on the screen)."""
    return re.search(rf"\| {ident} +\|", body(app)) is not None


async def open_report(pilot, app: BoardApp, report: str, *answers: str) -> None:  # noqa: ANN001
    """From the board: R, the report's row, Enter; then each answer (a value to type over
    the default, or "" to take the default; "down" moves a picker) followed by Enter."""
    if not isinstance(app.screen, ReportsScreen):
        await pilot.press("R")
    await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen))
    listing = screen(app).query_one("#reports-list")
    listing.highlighted = ORDER.index(report)
    await pilot.press("enter")
    for answer in answers:
        await pilot.pause()
        if answer == "down":
            await pilot.press("down", "enter")
            continue
        if answer:
            field = app.screen.query_one("#prompt-input")
            field.value = answer
        await pilot.press("enter")
    await settle(pilot, app)


async def start(pilot, app: BoardApp) -> None:  # noqa: ANN001
    await wait_for(pilot, lambda: loaded(app) and loaded(app, "venues"))


async def test_each_report_opens_and_shows_the_text_the_command_line_prints(board_url, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="super")
    ctx = open_context(board_url, "super")
    async with app.run_test(size=(160, 48)) as pilot:
        await start(pilot, app)

        await open_report(pilot, app, "weekly", "")
        week = reports.weekly_summary(ctx)
        assert screen(app).rendered.markdown == report_text.weekly_markdown(week)
        assert body(app).startswith("# Weekly case summary 2026-11-16 to 2026-11-22")
        assert week.cases and all(has_row(app, c.id) for c in week.cases)

        await open_report(pilot, app, "monthly", "2026-11")
        month = reports.monthly_complaint_rate(ctx, "2026-11")
        assert screen(app).rendered.markdown == report_text.monthly_markdown(month)
        assert "# Complaint rate 2026-11" in body(app)

        await open_report(pilot, app, "bookings", "")
        booked = report_sheets.bookings_report(ctx)
        assert booked.meetings and all(has_row(app, m.id) for m in booked.meetings)
        assert screen(app).rendered.csv == sheet_text.bookings_csv(booked)

        await open_report(pilot, app, "worksheet", "down", "")   # desk, then eng; today
        sheet = report_sheets.worksheet(ctx, "eng")
        assert body(app).startswith("# Work sheet eng 2026-11-23")
        assert sheet.items and all(has_row(app, i.id) for i in sheet.items)
        assert all(i.title in body(app) for i in sheet.items)
        rows = [ln for ln in body(app).splitlines() if ln.startswith("|")]   # columns line up
        assert len(rows) == len(sheet.items) + 2 and len({cell_len(r) for r in rows}) == 1

        await open_report(pilot, app, "readiness", "3")
        ready = report_sheets.readiness_sheet(ctx, 3)
        assert body(app).startswith("# Readiness sheet: meeting 3")
        assert ready.items and all(has_row(app, i.id) for i in ready.items)
        assert screen(app).status_text == "Meeting readiness sheet"
        await pilot.press("escape")
        assert app.screen is app.board and app.is_running
    ctx.db.close()


async def test_readiness_defaults_to_the_selected_meeting_and_masks_for_the_uncleared(
        board_url, make_board) -> None:  # noqa: ANN001
    ctx = open_context(board_url, "boss")
    secret = Meeting.select().where(Meeting.confidential).get()   # the demo's one
    title = secret.title
    ctx.db.close()
    app = make_board(board_url, login="duty", lang="zh")
    async with app.run_test(size=(160, 48)) as pilot:
        await start(pilot, app)
        await pilot.press("1")
        table = app.board.table("venues")
        row = next(i for i, k in enumerate(table.keys) if k.entity == "meeting" and k.number == secret.id)
        await pilot.press("g", *["j"] * row, "R")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen))
        screen(app).query_one("#reports-list").highlighted = ORDER.index("readiness")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.query("#prompt-input"))
        assert app.screen.query_one("#prompt-input").value == str(secret.id)
        await pilot.press("enter")
        await settle(pilot, app)
        text = body(app)
        assert text.startswith(f"# 会议准备核查单：会议 {secret.id}")   # the board's language
        assert "（保密）" in text and MASK not in text and title not in text   # masked, in Chinese
        assert screen(app).status_text == "会议准备核查单"
        await open_report(pilot, app, "weekly", "")
        assert body(app).startswith("# 每周工单汇总 2026-11-16 至 2026-11-22")


async def test_save_writes_the_file_and_shows_the_path(board_url, make_board, documents: Path) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await start(pilot, app)
        await pilot.press("R")
        await pilot.press("s")      # nothing opened yet
        await settle(pilot, app)
        assert screen(app).status_text == "Nothing to save yet: open a report first"
        await open_report(pilot, app, "worksheet", "down", "2026-11-23")
        await pilot.press("s")
        await settle(pilot, app)
        md = documents / "worksheet-eng-2026-11-23.md"
        assert screen(app).status_text == f"Saved to: {md}"
        assert md.read_text(encoding="utf-8") == screen(app).rendered.markdown
        await pilot.press("c")
        await settle(pilot, app)
        csv = documents / "worksheet-eng-2026-11-23.csv"
        assert screen(app).status_text == f"Saved to: {csv}"
        assert csv.read_text(encoding="utf-8").splitlines()[0] == ",".join(sheet_text.SHEET_CSV_COLUMNS)
        await pilot.press("s")      # never over the earlier file
        await settle(pilot, app)
        assert screen(app).status_text == f"Saved to: {documents / 'worksheet-eng-2026-11-23-2.md'}"
        assert md.read_text(encoding="utf-8") == screen(app).rendered.markdown


async def test_a_folder_that_cannot_be_written_is_said_and_the_board_lives(
        board_url, make_board, documents: Path) -> None:  # noqa: ANN001
    documents.parent.mkdir(parents=True, exist_ok=True)
    documents.write_text("a file where the folder should be")
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await start(pilot, app)
        await open_report(pilot, app, "bookings", "")
        await pilot.press("s")
        await settle(pilot, app)
        assert screen(app).status_text.startswith("NOT SAVED: ")
        assert app.is_running and app.return_code is None


async def test_a_failing_read_is_said_on_the_screen_and_the_board_lives(
        board_url, make_board, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    def broken(*args: object, **kwargs: object) -> None:
        raise peewee.OperationalError("database is locked")
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await start(pilot, app)
        with monkeypatch.context() as patch:
            patch.setattr(report_sheets, "bookings_report", broken)
            await open_report(pilot, app, "bookings", "")
        assert screen(app).status_text == "Could not load: database busy"
        assert screen(app).rendered is None
        assert app.is_running and app.return_code is None
        await open_report(pilot, app, "bookings", "")           # the fault is gone
        assert body(app).startswith("# Bookings 2026-11-24")

        await open_report(pilot, app, "readiness", "999")        # a refusal from the store
        assert screen(app).status_text == "Refused: no meeting 999"
        assert body(app).startswith("# Bookings")                # the last report stays
        await open_report(pilot, app, "worksheet", "", "tomorrow")
        assert screen(app).status_text == "Not understood: tomorrow (YYYY-MM-DD)"
        await open_report(pilot, app, "bookings", "[b]x")
        assert screen(app).status_text == "Not understood: [b]x"
        await pilot.press("q")
        assert app.screen is app.board and app.is_running


async def test_a_slow_report_never_replaces_the_one_chosen_after_it(
        board_url, make_board, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    import threading
    release = threading.Event()
    real = reports.weekly_summary

    def slow(*args: object, **kwargs: object) -> object:
        release.wait(10)
        return real(*args, **kwargs)
    monkeypatch.setattr(reports, "weekly_summary", slow)
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await start(pilot, app)
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen))
        listing = screen(app).query_one("#reports-list")
        listing.highlighted = ORDER.index("weekly")
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.screen.query("#prompt-input")))
        await pilot.press("enter")                      # the weekly summary: reading, slowly
        await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen))
        listing.highlighted = ORDER.index("bookings")
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.screen.query("#prompt-input")))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen)
                       and body(app).startswith("# Bookings"))
        release.set()
        await settle(pilot, app)
        assert body(app).startswith("# Bookings") and screen(app).report == "bookings"
