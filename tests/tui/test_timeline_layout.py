"""The timeline's pure layout: hour -> column at the boundaries, lanes for overlapping
meetings, meetings crossing midnight or outside the visible hours, text cut by cells."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from dutyboard.tui.board import timeline_layout as L
from rich.cells import cell_len

CN = timezone(timedelta(hours=8))
DAY = datetime(2026, 11, 23, tzinfo=CN)
SCALE = L.Scale(DAY, DAY + timedelta(days=1), cols_per_hour=6)


def at(hh: int, mm: int = 0, day: int = 0) -> datetime:
    return DAY + timedelta(days=day, hours=hh, minutes=mm)


def slot(ident: int, start: datetime, end: datetime, venue: str = "Hall", title: str = "Meeting",
         prep_from: datetime | None = None, prep_due: datetime | None = None) -> L.Slot:
    return L.Slot(ident, venue, title, start, end, prep_from, prep_due)


@pytest.mark.parametrize(("instant", "column"), [
    (at(0), 0), (at(0, 9), 0), (at(0, 10), 1), (at(9, 30), 57), (at(23, 59), 143),
    (at(0, 0, day=1), 144), (at(23, 59) - timedelta(days=1), -1),
    (at(10) - timedelta(microseconds=1), 59), (at(10), 60),
])
def test_an_instant_falls_in_the_column_that_covers_it(instant: datetime, column: int) -> None:
    assert SCALE.column(instant) == column


def test_the_day_has_24_hours_of_columns_and_an_hour_tick_at_each() -> None:
    assert SCALE.columns == 144
    assert SCALE.hour_columns()[:3] == [(0, 0), (6, 1), (12, 2)]
    assert SCALE.hour_columns()[-1] == (138, 23)
    assert L.Scale(DAY, DAY + timedelta(days=1), cols_per_hour=4).column(at(9, 30)) == 38


def test_a_meeting_covers_every_column_it_touches_and_at_least_one() -> None:
    bar = L.place(slot(1, at(10), at(11)), SCALE)
    assert bar is not None and (bar.start, bar.end) == (60, 66)
    bar = L.place(slot(1, at(10, 5), at(10, 25)), SCALE)
    assert bar is not None and (bar.start, bar.end) == (60, 63)
    bar = L.place(slot(1, at(10, 3), at(10, 4)), SCALE)
    assert bar is not None and (bar.start, bar.end) == (60, 61)


def test_the_preparation_window_runs_from_the_first_item_to_the_start() -> None:
    bar = L.place(slot(1, at(10), at(11), prep_from=at(8)), SCALE)
    assert bar is not None and bar.prep == 48
    assert L.place(slot(1, at(10), at(11), prep_from=at(10)), SCALE).prep is None  # type: ignore[union-attr]
    early = L.place(slot(1, at(1), at(2), prep_from=at(23, day=-1)), SCALE)
    assert early is not None and early.prep == 0          # began yesterday: shaded from midnight


def test_meetings_crossing_midnight_are_cut_at_the_day_and_marked() -> None:
    late = L.place(slot(1, at(22), at(2, day=1)), SCALE)
    assert late is not None
    assert (late.start, late.end, late.cut_left, late.cut_right) == (132, 144, False, True)
    early = L.place(slot(2, at(22, day=-1), at(1)), SCALE)
    assert early is not None
    assert (early.start, early.end, early.cut_left, early.cut_right) == (0, 6, True, False)
    assert L.place(slot(3, at(20, day=-1), at(0)), SCALE) is None       # ended at midnight
    assert L.place(slot(4, at(0, day=1), at(1, day=1)), SCALE) is None  # tomorrow
    line = L.text_of(L.chart_line(L.Lane("Hall", True, (late,)), SCALE, 144 - 20, 20, at(9)))
    assert line.endswith(L.CUT_RIGHT)
    line = L.text_of(L.chart_line(L.Lane("Hall", True, (early,)), SCALE, 0, 20, at(9)))
    assert line.startswith(L.CUT_LEFT + "Meet")


def test_overlapping_meetings_of_a_venue_stack_in_lanes() -> None:
    slots = [slot(1, at(9), at(11)), slot(2, at(10), at(12)), slot(3, at(11), at(13)),
             slot(4, at(10, 30), at(10, 45)), slot(5, at(9), at(10), venue="Annex")]
    lanes = L.layout(slots, SCALE)
    assert [(lane.venue, lane.first, [b.slot.id for b in lane.bars]) for lane in lanes] == [
        ("Annex", True, [5]),
        ("Hall", True, [1, 3]),     # 3 starts when 1 ends: same lane
        ("Hall", False, [2]),
        ("Hall", False, [4]),
    ]


def test_back_to_back_meetings_in_one_lane_are_told_apart() -> None:
    lanes = L.layout([slot(1, at(9), at(10), title="AAAAAAAA"), slot(2, at(10), at(11), title="BBBBBBBB")],
                     SCALE)
    assert len(lanes) == 1
    line = L.text_of(L.chart_line(lanes[0], SCALE, 54, 12, at(8)))
    assert line == "AAAAA…" + L.SEPARATOR + "BBBB…"


def test_a_line_shows_preparation_bar_now_line_and_overdue_mark() -> None:
    meeting = slot(1, at(10), at(11), title="Review", prep_from=at(9), prep_due=at(9, 20))
    lane = L.layout([meeting], SCALE)[0]
    before = L.text_of(L.chart_line(lane, SCALE, 48, 24, at(9, 10)))
    #        08:00 (col 48) ... 09:00 = col 54, 10:00 = col 60
    assert before == "·     " + L.PREP + L.NOW + L.PREP * 4 + "Review" + "·     "
    after = L.chart_line(lane, SCALE, 48, 24, at(9, 30))
    assert L.text_of(after) == "·     " + L.PREP * 3 + L.NOW + L.PREP * 2 + "!Revi…" + "·     "
    kinds = {kind for _, kind in after}
    assert L.BAR_LATE in kinds and L.SHADE_LATE in kinds and L.BAR not in kinds


def test_the_now_line_crosses_a_bar() -> None:
    lane = L.layout([slot(1, at(10), at(11), title="Review")], SCALE)[0]
    runs = L.chart_line(lane, SCALE, 60, 6, at(10, 25))
    assert L.text_of(runs) == "Re" + L.NOW + "iew"
    assert ("│", L.NOWLINE) in runs


def test_rows_outside_the_visible_hours_are_marked_at_the_edge() -> None:
    lane = L.layout([slot(1, at(7), at(8)), slot(2, at(18), at(19))], SCALE)[0]
    line = L.text_of(L.chart_line(lane, SCALE, 60, 30, at(12, 0)))
    assert line[0] == L.MORE_LEFT and line[-1] == L.MORE_RIGHT
    assert "Meeting" not in line


@pytest.mark.parametrize("width", range(1, 14))
def test_chinese_titles_are_cut_at_cell_boundaries(width: int) -> None:
    title = "全区安全生产大会 District"
    lane = L.layout([slot(1, at(10), at(14), title=title)], SCALE)[0]
    runs = L.chart_line(lane, SCALE, 60, width, at(8))
    line = L.text_of(runs)
    assert cell_len(line) == width
    shown = line.rstrip(" " + L.ELLIPSIS)
    assert title.startswith(shown)
    assert cell_len(L.cut(title, width)) <= width
    assert cell_len(L.fit(title, width)) == width


def test_the_now_line_over_a_chinese_character_blanks_its_other_half() -> None:
    lane = L.layout([slot(1, at(10), at(11), title="新闻发布")], SCALE)[0]
    line = L.text_of(L.chart_line(lane, SCALE, 60, 6, at(10, 10)))   # column 61: right half of 新
    assert line == " " + L.NOW + "闻… "    # "新闻…" fits 5 of the 6 cells; 新 lost its left half
    assert cell_len(line) == 6


def test_ruler_names_the_hours_and_points_at_now() -> None:
    line = L.text_of(L.ruler_line(SCALE, 54, 14, at(9, 40)))
    assert line == "09  ▼ 10    11"


def test_label_width_and_first_column() -> None:
    assert L.label_width(["第一会议室 Room 201", "Hall"], 80) == 19
    assert L.label_width(["第一会议室 Room 201"], 60) == 15
    assert L.label_width([], 80) == 6
    assert L.first_column(57, 60, 144) == 42
    assert L.first_column(3, 60, 144) == 0
    assert L.first_column(140, 60, 144) == 84


def test_a_daylight_saving_day_has_25_hours_and_local_hour_labels() -> None:
    zone = pytest.importorskip("zoneinfo").ZoneInfo("America/New_York")
    start = datetime(2026, 11, 1, tzinfo=zone)       # clocks go back at 02:00
    scale = L.Scale(start, datetime(2026, 11, 2, tzinfo=zone), cols_per_hour=6)
    assert scale.columns == 150
    assert [hour for _, hour in scale.hour_columns()][:4] == [0, 1, 1, 2]
    assert scale.column(datetime(2026, 11, 1, 3, tzinfo=zone)) == 24
