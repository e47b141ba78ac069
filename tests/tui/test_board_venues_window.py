"""The venues pane of a day with more meetings than its cap shows a window of them (issue 13,
item 3): from the first meeting not over yet, kept full at the end of the day, under a row
"… N earlier — / to filter" and above "… N more — / to filter"; Enter on either opens the
filter, which searches every meeting from the start of the day; the window moves on as
meetings end, the cursor staying on its row (or the nearest shown). A small cap stands for
the large site's 300 (the demo has seven meetings today, the first over at 09:30)."""

from __future__ import annotations

from typing import Any

import arrow
from boardkit import loaded, settle, wait_for
from dutyboard.tui.board import screen as screen_module
from dutyboard.tui.board.opening import Opening
from dutyboard.tui.board.refs import RowRef
from dutyboard.tui.board.table import EARLIER, MORE, BoardTable
from textual.coordinate import Coordinate

CAP = 3


def meetings(*ids: int) -> list[RowRef]:
    return [RowRef("meeting", i) for i in ids]


def row_text(table: BoardTable, row: int) -> str:
    return " ".join(str(c) for c in table.get_row_at(row))


def painted(table: BoardTable) -> list[str]:
    """The rows the DataTable holds, top to bottom (their keys)."""
    return [str(table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value)
            for row in range(table.row_count)]


def later(app: Any, utc: str) -> None:
    """The clock at ``utc`` (the poller paused: a moved clock loads everything), one tick:
    the meetings that ended meanwhile are derived again (their end is in the schedule)."""
    app.board.poller.paused = True
    app.ctx.clock.instant = arrow.get(utc)
    app.board.tick()


async def open_board(pilot: Any, app: Any) -> BoardTable:
    await wait_for(pilot, lambda: loaded(app, "venues") and app.board.live.rows is not None)
    await settle(pilot, app)
    return app.board.table("venues")


async def test_the_window_starts_at_the_first_meeting_not_over(
        board_url: str, make_board, monkeypatch: Any) -> None:  # noqa: ANN001
    monkeypatch.setitem(screen_module.CAPS, "venues", CAP)
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        table = await open_board(pilot, app)
        # 09:30: meeting 1 ended at 06:00, meeting 2 runs until 11:15
        assert table.total == 7 and table.keys == meetings(2, 3, 4)
        assert (table.earlier, table.more) == (1, 3)
        assert painted(table) == ["earlier:rows", "meeting:2", "meeting:3", "meeting:4", "more:rows"]
        assert "… 1 earlier — / to filter" in row_text(table, 0)
        assert "… 3 more — / to filter" in row_text(table, CAP + 1)
        assert table.selected == RowRef("meeting", 2)     # the cursor on the first meeting shown
        assert table.visible_keys()[0] == RowRef("meeting", 2)
        assert not table._all[RowRef("meeting", 7)].made   # never shown: never worked out
        # late in the day the window stays full: the last three, no "more" row
        later(app, "2026-11-23T06:21:00+00:00")
        await pilot.pause()
        assert table.keys == meetings(5, 6, 7) and (table.earlier, table.more) == (4, 0)
        assert table.row_count == CAP + 1 and "… 4 earlier — / to filter" in row_text(table, 0)


async def test_enter_on_earlier_or_more_opens_the_filter_never_a_detail(
        board_url: str, make_board, monkeypatch: Any) -> None:  # noqa: ANN001
    monkeypatch.setitem(screen_module.CAPS, "venues", CAP)
    details: list[RowRef] = []
    monkeypatch.setattr(Opening, "detail", lambda self, key: details.append(key))
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        table = await open_board(pilot, app)
        board = app.board
        await pilot.press("1", "g")
        assert table.selected == EARLIER and board.selected() == EARLIER
        assert board.meeting_desk.selected_meeting() is None   # nothing takes it for a meeting
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not board)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is board)
        await pilot.press("G")
        assert table.selected == MORE
        await pilot.press("enter")
        await pilot.press(*"room", "enter")   # a filter typed at the prompt Enter opened
        await wait_for(pilot, lambda: table.filter_text == "room")
        assert details == []


async def test_the_filter_searches_every_meeting_from_the_start_of_the_day(
        board_url: str, make_board, monkeypatch: Any) -> None:  # noqa: ANN001
    monkeypatch.setitem(screen_module.CAPS, "venues", CAP)
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        table = await open_board(pilot, app)
        first = table._all[RowRef("meeting", 1)]        # over: before the window
        venue = str(first[1])
        table.filter_text = venue
        table.refilter()
        await pilot.pause()
        assert RowRef("meeting", 1) in table.keys and table.earlier == 0
        table.filter_text = ":"                          # every meeting (its times): no window
        table.refilter()
        await pilot.pause()
        assert table.keys == meetings(1, 2, 3) and (table.earlier, table.more) == (0, 4)
        assert painted(table) == ["meeting:1", "meeting:2", "meeting:3", "more:rows"]
        assert table.row_count == CAP + 1 and "… 4 more — / to filter" in row_text(table, CAP)
        table.filter_text = ""
        table.refilter()
        await pilot.pause()
        assert table.keys == meetings(2, 3, 4) and (table.earlier, table.more) == (1, 3)


async def test_the_cursor_keeps_its_meeting_when_the_window_moves_on(
        board_url: str, make_board, monkeypatch: Any) -> None:  # noqa: ANN001
    monkeypatch.setitem(screen_module.CAPS, "venues", CAP)
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        table = await open_board(pilot, app)
        await pilot.press("1", "down", "down")
        assert table.selected == RowRef("meeting", 4)
        # 11:16: meetings 2 (until 11:15) and 3 (until 11:10) ended: the window moves on
        later(app, "2026-11-23T03:16:00+00:00")
        await pilot.pause()
        assert table.keys == meetings(4, 5, 6) and (table.earlier, table.more) == (3, 1)
        assert painted(table) == ["earlier:rows", "meeting:4", "meeting:5", "meeting:6", "more:rows"]
        assert "… 3 earlier — / to filter" in row_text(table, 0)
        assert table.selected == RowRef("meeting", 4) and table.cursor_row == 1


async def test_a_meeting_the_window_moved_past_leaves_the_cursor_on_the_nearest(
        board_url: str, make_board, monkeypatch: Any) -> None:  # noqa: ANN001
    monkeypatch.setitem(screen_module.CAPS, "venues", CAP)
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        table = await open_board(pilot, app)
        await pilot.press("1")
        assert table.selected == RowRef("meeting", 2)
        later(app, "2026-11-23T03:16:00+00:00")
        await pilot.pause()
        assert table.keys == meetings(4, 5, 6)
        assert table.selected == RowRef("meeting", 4)


async def test_a_day_within_the_cap_shows_every_meeting_as_before(
        board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        table = await open_board(pilot, app)
        assert table.keys == meetings(1, 2, 3, 4, 5, 6, 7)
        assert (table.earlier, table.more) == (0, 0) and table.selected == RowRef("meeting", 1)
