"""The tick formats a countdown again only when its text can have changed (ticking.py):
the planned instant is never later than the first change, and rows out of view, rows of a
new snapshot and rows whose text is constant are handled."""

from __future__ import annotations

import math
from datetime import timedelta

import arrow
import pytest
from boardkit import countdowns_only, loaded, tick_later, wait_for
from dutyboard.tui.board import rows as R
from dutyboard.tui.board.fmt import TICKING, age, countdown
from dutyboard.tui.board.i18n import Translator
from dutyboard.tui.board.refs import RowRef
from dutyboard.tui.board.ticking import EARLY, Ticker, seconds_to_change
from hypothesis import given, settings
from hypothesis import strategies as st

T = Translator("en")
NOW = arrow.get("2026-11-23T09:30:00.250+08:00")
KEY = RowRef("task", 1)


@settings(max_examples=400, deadline=None)
@given(left=st.floats(min_value=-4 * 86400, max_value=4 * 86400, allow_nan=False),
       probe=st.floats(min_value=0, max_value=1))
def test_a_countdown_keeps_its_text_until_the_planned_instant(left: float, probe: float) -> None:
    due = NOW.shift(seconds=left)
    ticker = Ticker()
    ticker.plan("c", {KEY: due}, NOW, TICKING)
    planned = ticker._next["c"][KEY]
    if planned == -math.inf:     # looked at every tick: only where seconds show, or nearly
        actual = abs(due.timestamp() - NOW.timestamp())
        assert actual < TICKING.total_seconds() + 60 or math.fmod(actual, 60) < 1e-3
        return
    assert planned > NOW.timestamp()
    later = arrow.get(NOW.timestamp() + probe * (planned - NOW.timestamp()))
    assert str(countdown(due, later, T)) == str(countdown(due, NOW, T))
    assert countdown(due, later, T).style == countdown(due, NOW, T).style


@settings(max_examples=300, deadline=None)
@given(ago=st.floats(min_value=-7200, max_value=4 * 86400, allow_nan=False),
       probe=st.floats(min_value=0, max_value=1))
def test_an_age_keeps_its_text_until_the_planned_instant(ago: float, probe: float) -> None:
    since = NOW.shift(seconds=-ago)
    ticker = Ticker()
    ticker.plan_ages("a", {KEY: since}, NOW)
    planned = ticker._next["a"][KEY]
    shown = R.flag_age(since, NOW)
    if planned == -math.inf:
        return
    later = arrow.get(NOW.timestamp() + probe * (planned - NOW.timestamp()))
    assert R.flag_age(since, later) == shown


@pytest.mark.parametrize(("left", "wait"), [
    (17 * 60 + 48, 48.0),          # in 17m: "16m" at 16m59s to go
    (-(65 * 60 + 10), 50.0),       # overdue 1h05m: 1h06m in 50 s
    (2 * 86400 + 30, 30.0),        # in 2d00h: 1d23h in 30 s
    (9 * 60, 0.0),                 # in 9m00s: seconds shown, every tick
])
def test_seconds_to_change(left: float, wait: float) -> None:
    assert seconds_to_change(left, timedelta(minutes=10)) == pytest.approx(wait)


def test_rows_out_of_view_are_forgotten_and_constant_rows_wait_for_ever() -> None:
    ticker = Ticker()
    a, b = RowRef("task", 1), RowRef("task", 2)
    assert ticker.due("c", [a, b], NOW) == [a, b]            # never looked at: now
    ticker.plan("c", {a: NOW.shift(minutes=40, seconds=20), b: None}, NOW, TICKING)
    assert ticker.due("c", [a, b], NOW.shift(seconds=1)) == []
    assert ticker.due("c", [a, b], NOW.shift(seconds=1, hours=5)) == [a]   # b: "-" for ever
    ticker.plan("c", {a: NOW.shift(minutes=40, seconds=20)}, NOW, TICKING)
    assert ticker.due("c", [b], NOW.shift(seconds=1)) == []  # a scrolled away ...
    assert ticker.due("c", [a, b], NOW.shift(seconds=2)) == [a]   # ... and back: looked at
    ticker.reset()
    assert ticker.due("c", [a, b], NOW.shift(seconds=3)) == [a, b]


def test_the_planned_instant_is_a_little_early_not_late() -> None:
    ticker = Ticker()
    ticker.plan("c", {KEY: NOW.shift(minutes=40, seconds=20)}, NOW, TICKING)
    assert ticker._next["c"][KEY] == pytest.approx(NOW.timestamp() + 20 - EARLY)
    assert age(NOW.shift(minutes=-3), NOW) == "3m"


async def test_a_tick_formats_only_the_rows_whose_text_can_have_moved(
        board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        board = countdowns_only(app)     # at 09:30:00 sharp every due (on the minute) is on a boundary ...
        app.ctx.clock.instant = app.ctx.clock.instant.shift(seconds=1)
        board.tick()     # ... a second later each row knows its next change
        asked: list[int] = []
        task_countdowns = R.task_countdowns

        def spy(snap, keys, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            asked.append(len(keys))
            return task_countdowns(snap, keys, *args, **kwargs)
        monkeypatch.setattr(R, "task_countdowns", spy)
        tick_later(app, seconds=1)
        shown = len(board.table("tasks").visible_keys())
        assert asked and asked[-1] < shown       # not every row in view, each second
        # and what the table shows is what a full recompute shows, minutes later too
        for _ in range(5):
            app.ctx.clock.instant = app.ctx.clock.instant.shift(seconds=37)
            board.tick()
        table = board.table("tasks")
        now = app.ctx.now()
        full = task_countdowns(board.snapshot, table.visible_keys(), now, board.t,
                               app.ctx.book.verify_by)
        assert {k: str(v) for k, v in full.items()} == \
            {k: str(table.cells(k)[0]) for k in full}
        await pilot.pause()


async def test_a_filter_shows_the_countdowns_of_now_not_of_the_snapshot(
        board_url: str, make_board) -> None:  # noqa: ANN001
    """A refilter puts the rows' cells back from what the panes derived; a countdown the
    tick moved since must stay moved (the tick will not look at it again until its text
    next changes)."""
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tasks"))
        board = app.board
        board.flags_at = float("inf")
        table = board.table("tasks")
        board.tick()
        app.ctx.clock.instant = app.ctx.clock.instant.shift(minutes=6, seconds=10)
        board.tick()
        for _ in range(3):                       # the same minute: the tick alone
            app.ctx.clock.instant = app.ctx.clock.instant.shift(seconds=1)
            board.tick()
        table.filter_text = "tea"
        table.refilter()
        table.filter_text = ""
        table.refilter()
        board.tick()
        full = R.task_countdowns(board.snapshot, table.visible_keys(), app.ctx.now(), board.t,
                                 app.ctx.book.verify_by)
        assert {k: str(v) for k, v in full.items()} == \
            {k: str(table.cells(k)[0]) for k in full}
        await pilot.pause()
