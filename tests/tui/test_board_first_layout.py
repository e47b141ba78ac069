"""Issue 13, the time to the first full board: nothing is laid out or painted after the first
frame (first_layout.py). Textual laid the board out four more times and painted it all once
more after its first paint, in the wait for the first full board: three Resize events at the
size it was laid out at, the layouts the first layout's own sizing asked for, and the tables'
vertical scrollbars (their rows come in the first layout), placed only by a layout after it.

These tests also hold the Textual internals first_layout.py relies on: a change in them
brings a layout or a paint back after the first frame."""

from __future__ import annotations

from boardkit import loaded, wait_for
from dutyboard.tui.board.app import Cadence
from dutyboard.tui.board.paint import CellPaintCompositor
from textual._compositor import Compositor
from textual.geometry import Size

QUIET = Cadence(tick=3600)   # no tick: only the start (and a resize) lays out or paints


def record(monkeypatch, events: list[str]) -> None:  # noqa: ANN001
    """Each layout (a reflow), full render and partial render that paints something, in order."""
    reflow, full = Compositor.reflow, Compositor.render_full_update
    partial = CellPaintCompositor.render_partial_update

    def counting_reflow(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        events.append("layout")
        return reflow(self, *args, **kwargs)

    def counting_full(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        events.append("paint")
        return full(self, *args, **kwargs)
    def counting_partial(self):  # noqa: ANN001, ANN202
        update = partial(self)
        if update is not None:
            events.append("repaint")
        return update
    monkeypatch.setattr(Compositor, "reflow", counting_reflow)
    monkeypatch.setattr(CellPaintCompositor, "render_partial_update", counting_partial)
    monkeypatch.setattr(Compositor, "render_full_update", counting_full)


async def test_nothing_is_laid_out_or_painted_after_the_first_frame(board_url: str, make_board,
                                                                   monkeypatch) -> None:  # noqa: ANN001
    app = make_board(board_url, cadence=QUIET)
    events: list[str] = []
    record(monkeypatch, events)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: "paint" in events and loaded(app))
        await pilot.pause(0.3)
        seen = list(events)
    assert seen.count("paint") == 1, seen
    assert seen[seen.index("paint") + 1:] == [], seen   # before: 4 layouts, 1 paint, repaints


async def test_the_first_frame_shows_the_tables_scrollbars(board_url: str, make_board,
                                                          monkeypatch) -> None:  # noqa: ANN001
    """The tables with more rows than fit have their vertical scrollbar in the first frame,
    as they have once the board has settled (it came one layout after the first frame)."""
    app = make_board(board_url, cadence=QUIET)
    names = ("venues", "tasks", "tickets", "escalations")
    full = Compositor.render_full_update
    first: dict[str, bool] = {}

    def bars(compositor: Compositor) -> dict[str, bool]:
        tables = {name: app.board.table(name) for name in names}
        return {name: table.scrollbars_enabled[0] and table._vertical_scrollbar is not None
                and table._vertical_scrollbar in compositor.visible_widgets
                for name, table in tables.items()}

    def first_paint(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if not first:
            first.update(bars(self))
        return full(self, *args, **kwargs)
    monkeypatch.setattr(Compositor, "render_full_update", first_paint)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: bool(first) and loaded(app))
        await pilot.pause(0.3)
        settled = bars(app.board._compositor)
    assert any(settled.values()), settled     # the demo has tables that overflow at 160x48
    assert first == settled


async def test_a_resize_to_the_same_size_does_nothing_a_real_one_lays_out(board_url: str, make_board,
                                                                        monkeypatch) -> None:  # noqa: ANN001
    """A Resize at the size the board is laid out at lays nothing out (Textual laid the
    whole screen out and painted it again); a real one lays it out, with the size's classes,
    as before."""
    app = make_board(board_url, cadence=QUIET)
    events: list[str] = []
    record(monkeypatch, events)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.pause(0.3)
        before = len(events)
        await pilot.resize_terminal(160, 48)
        await pilot.pause(0.3)
        assert events[before:] == []
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: app.board.outer_size == Size(80, 24), timeout=3)
        assert "layout" in events[before:]
        assert app.board.has_class("-w-narrow", "-h-narrow") and app.board.narrow
        await pilot.resize_terminal(160, 48)
        await wait_for(pilot, lambda: app.board.outer_size == Size(160, 48), timeout=3)
        assert app.board.has_class("-w-wide", "-h-wide") and not app.board.narrow
        assert not app.board.has_class("-w-narrow") and not app.board.has_class("-h-narrow")
