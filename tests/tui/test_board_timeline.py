"""The venues timeline (T), driven with the pilot on the demo day at frozen instants."""

from __future__ import annotations

import pytest
from boardkit import NOW, TZ, loaded, open_context, wait_for
from dutyboard.rules import parse_instant
from dutyboard.store import admin, meetings
from dutyboard.tui.board import timeline_layout as L
from dutyboard.tui.board.timeline import Timeline
from rich.cells import cell_len

pytestmark = pytest.mark.asyncio


def lines(timeline: Timeline) -> list[str]:
    return [L.text_of(timeline.line_runs(y)) for y in range(timeline.size.height)]


def chart(timeline: Timeline, y: int) -> str:
    """Line ``y`` without the venue column (its first run)."""
    return L.text_of(timeline.line_runs(y)[1:])


def row_of(timeline: Timeline, venue: str) -> str:
    """The chart part of a venue's first lane."""
    found = [chart(timeline, y) for y in range(1, timeline.size.height)
             if L.text_of(timeline.line_runs(y)).startswith(venue)]
    assert found, venue
    return found[0]


def cell_at(text: str, x: int) -> str:
    """The character at cell ``x`` ("" for the right half of a wide one)."""
    used = 0
    for char in text:
        if used == x:
            return char
        used += cell_len(char)
        if used > x:
            return ""
    raise IndexError(x)


def ruler(timeline: Timeline) -> str:
    return chart(timeline, 0)


async def open_timeline(pilot, app) -> Timeline:  # noqa: ANN001
    await wait_for(pilot, lambda: loaded(app), timeout=30)
    await pilot.press("T")
    timeline = app.board.timeline
    await wait_for(pilot, lambda: timeline.size.width > 0 and timeline.lanes != [], timeout=30)
    await pilot.pause()
    return timeline


async def test_T_swaps_the_venues_list_and_the_timeline(board_url: str, make_board) -> None:  # noqa: ANN001, N802
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("3")
        timeline, table = app.board.timeline, app.board.table("venues")
        assert table.region.height > 0 and timeline.region.height == 0
        await pilot.press("T")
        await pilot.pause()
        assert app.board.current_pane == "venues" and timeline.has_focus
        assert timeline.region.height > 0 and table.region.height == 0
        pane = app.board.query_one("#pane-venues")
        assert "Timeline" in str(pane.border_title) and "! overdue" in str(pane.border_subtitle)
        assert app.board.selected() is None      # Enter opens nothing hidden behind the chart
        await pilot.press("T")
        await pilot.pause()
        assert table.has_focus and table.region.height > 0 and timeline.region.height == 0
        assert not pane.border_subtitle


@pytest.mark.parametrize(("now", "hour", "offset"), [
    ("2026-11-23T09:30", "09", 3), ("2026-11-23T09:39", "09", 3), ("2026-11-23T09:40", "09", 4),
    ("2026-11-23T14:05", "13", 6), ("2026-11-23T15:59", "15", 5),
])
async def test_the_now_line_stands_at_the_frozen_time(board_url: str, make_board, now: str, hour: str,  # noqa: ANN001
                                                      offset: int) -> None:
    app = make_board(board_url, now=now)
    async with app.run_test(size=(160, 48)) as pilot:
        timeline = await open_timeline(pilot, app)
        top = ruler(timeline)
        x = top.index(hour) + offset
        assert top[x] == "▼"
        for y in range(1, 1 + len(timeline.lanes)):
            line = chart(timeline, y)
            assert cell_at(line, x) == L.NOW, line
        # a quarter of the way in, so most of what is coming is on screen (unless the rest of
        # the day fits: then the view ends at midnight)
        first = L.first_column(timeline.scale.column(timeline.now), timeline.chart_width,
                               timeline.scale.columns)
        assert x == timeline.scale.column(timeline.now) - first
        assert x == timeline.chart_width // 4 or first == timeline.scale.columns - timeline.chart_width


async def test_the_now_line_moves_with_the_clock_and_redraws_only_on_a_new_column(
        board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, now="2026-11-23T09:30")
    async with app.run_test(size=(160, 48)) as pilot:
        timeline = await open_timeline(pilot, app)
        before = ruler(timeline).index("▼")
        app.ctx.clock.advance(minutes=5)           # 09:35: same ten-minute column
        assert timeline.clock(app.ctx.now()) is False
        app.ctx.clock.advance(minutes=5)           # 09:40: the next column
        app.board.tick()
        await pilot.pause()
        assert ruler(timeline).index("▼") == before + 1
        assert timeline.clock(app.ctx.now()) is False


async def test_overdue_preparation_is_marked(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, now="2026-11-23T09:30")
    async with app.run_test(size=(160, 48)) as pilot:
        timeline = await open_timeline(pilot, app)
        # the report hall's level-2 check was due 07:45 and is still open; the main hall's
        # items fall due at 10:20
        assert L.OVERDUE in row_of(timeline, "报告厅")
        assert L.OVERDUE not in row_of(timeline, "大礼堂")
        kinds = {kind for y in range(1, 8) for _, kind in timeline.line_runs(y)}
        assert L.BAR_LATE in kinds and L.SHADE in kinds
    app = make_board(board_url, now="2026-11-23T10:30")
    async with app.run_test(size=(160, 48)) as pilot:
        timeline = await open_timeline(pilot, app)
        main_hall = row_of(timeline, "大礼堂")
        assert L.OVERDUE + "全区" in main_hall


async def test_chinese_titles_are_cut_at_cell_boundaries(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        timeline = await open_timeline(pilot, app)
        width = timeline.scrollable_content_region.width
        for y in range(timeline.size.height):
            assert timeline.render_line(y).cell_length == width
            assert cell_len(L.text_of(timeline.line_runs(y))) == width
        press = row_of(timeline, "新闻发布厅")     # 12:50-13:50: six cells for a longer title
        bar = press.strip(" " + L.PREP + L.HOUR_TICK + L.NOW).split(L.HOUR_TICK)[0].strip()
        assert bar.endswith(L.ELLIPSIS)
        assert "新闻发布会 Press conference".startswith(bar[:-1])
        assert cell_len(bar) <= 6
        assert lines(timeline)[1].startswith("大礼堂 Main hall")
        label = timeline.line_runs(3)[0][0]      # the venue column, then one space
        assert label.startswith("新闻发布厅") and label.endswith(L.ELLIPSIS + " ")
        assert cell_len(label) == timeline.label_width + 1


async def test_keys_scroll_the_chart_by_hours_and_home_returns_to_now(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(80, 24)) as pilot:
        timeline = await open_timeline(pilot, app)
        start = timeline.scroll_x
        await pilot.press("l", "right")
        await pilot.pause()
        assert timeline.scroll_x == start + 12
        assert ruler(timeline).index("10") == 60 - timeline.scroll_x    # 10:00 is column 60
        await pilot.press("h")
        await pilot.pause()
        assert timeline.scroll_x == start + 6
        for _ in range(30):
            await pilot.press("l")
        await pilot.pause()
        assert timeline.scroll_x == timeline.max_scroll_x
        assert ruler(timeline).rstrip().endswith("23")
        await pilot.press("home")
        await pilot.pause()
        assert timeline.scroll_x == start
        await pilot.press("j", "k")   # no vertical room to scroll at this size: nothing breaks
        await pilot.pause()
        assert timeline.scroll_y == 0


async def test_keys_scroll_the_venues_when_they_do_not_fit(board_url: str, make_board) -> None:  # noqa: ANN001
    """Six more venues at 80x16: more lanes than lines; j/k scroll them, the ruler stays."""
    setup = open_context(board_url, "boss")
    start = parse_instant(NOW, TZ).shift(hours=4)
    for n in range(6):
        admin.add_venue(setup, f"Annex {n}", "A", "meeting-room", 20)
        setup.login = "clerk"
        meetings.add_meeting(setup, meetings.MeetingInput(
            venue=f"Annex {n}", start=start, end=start.shift(hours=1), title=f"Talk {n}",
            organizer="General Office", contact="Ms Li", phone="0571-1234", attendees=10))
        setup.login = "boss"
    setup.db.close()
    app = make_board(board_url)
    async with app.run_test(size=(80, 16)) as pilot:
        timeline = await open_timeline(pilot, app)
        assert len(timeline.lanes) == 12
        visible = timeline.scrollable_content_region.height - 1
        assert visible < len(timeline.lanes)
        top = ruler(timeline)
        first = L.text_of(timeline.line_runs(1))
        assert first.startswith("Annex 0")
        await pilot.press("j", "j")
        await pilot.pause()
        assert timeline.scroll_y == 2
        assert L.text_of(timeline.line_runs(1)).startswith("Annex 2")
        assert ruler(timeline) == top
        await pilot.press(*["j"] * 20)
        await pilot.pause()
        last = L.text_of(timeline.line_runs(visible))
        assert last.startswith(timeline.lanes[-1].venue)
        await pilot.press("k")
        await pilot.pause()
        assert timeline.scroll_y == timeline.max_scroll_y - 1


async def test_a_new_booking_appears_on_the_timeline_by_itself(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        timeline = await open_timeline(pilot, app)
        before = len(timeline.lanes)
        other = open_context(board_url, "boss")
        admin.add_venue(other, "Annex", "A", "meeting-room", 20)
        other.login = "clerk"
        start = parse_instant(NOW, TZ).shift(hours=2)
        meetings.add_meeting(other, meetings.MeetingInput(
            venue="Annex", start=start, end=start.shift(hours=1), title="Late addition",
            organizer="General Office", contact="Ms Li", phone="0571-1234", attendees=10))
        await wait_for(pilot, lambda: len(timeline.lanes) == before + 1)
        await pilot.pause()
        assert "Late " + L.ELLIPSIS in row_of(timeline, "Annex")    # an hour: six cells


async def test_at_midnight_the_timeline_turns_to_the_new_day(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, now="2026-11-23T23:55")
    async with app.run_test(size=(160, 48)) as pilot:
        timeline = await open_timeline(pilot, app)
        assert timeline.now_col == 143
        day = timeline.day_bounds
        app.ctx.clock.advance(minutes=10)          # 00:05 on the 24th
        app.board.tick()
        await pilot.pause()
        assert timeline.day_bounds != day and timeline.now_col == 0
        assert timeline.scale is not None and timeline.scale.day_start.day == 24
