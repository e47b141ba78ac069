"""The board patches what changed: another session's change re-derives only the rows it
names and never rebuilds a table; a capped table ends in a "more" row whose count is right,
and the filter reaches the rows it hides."""

from __future__ import annotations

from typing import Any

import arrow
from boardkit import loaded, open_context, settle, wait_for
from dutyboard.rules.facts import PENDING
from dutyboard.store import tasks as task_service
from dutyboard.store.models import Task
from dutyboard.tui.board import screen as screen_module
from dutyboard.tui.board.table import MORE, BoardTable


async def test_another_sessions_change_re_derives_only_its_rows(
        board_url: str, make_board, monkeypatch: Any) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app) and app.board.live.rows is not None)
        await settle(pilot, app)
        board = app.board
        tables = {name: board.table(name) for name in ("venues", "tasks", "tickets", "escalations")}
        before = {name: len(t.keys) for name, t in tables.items()}
        assert before["venues"] > 3 and before["tickets"] > 3
        derived = {name: pane.derived for name, pane in board.live.rows.panes.items()}
        rebuilds: list[str] = []
        clear = BoardTable.clear

        def spy_clear(self: Any, *args: Any, **kwargs: Any) -> Any:
            rebuilds.append(str(self.id))
            return clear(self, *args, **kwargs)
        monkeypatch.setattr(BoardTable, "clear", spy_clear)
        now = app.ctx.now()
        key = next(k for k in tables["tasks"].keys
                   if (t := Task.get_by_id(k.number)).state == PENDING and t.earliest_at and not t.verify
                   and t.dept == "eng")
        token = board.snapshot.token
        task_service.change_task(open_context(board_url, "eng-lead"), key.number, "done")
        await wait_for(pilot, lambda: board.snapshot.token > token and key not in tables["tasks"].keys)
        rows = board.live.rows
        assert rows is not None
        grew = {name: pane.derived - derived[name] for name, pane in rows.panes.items()}
        assert grew["venues"] == 1            # its meeting
        assert grew["tickets"] == 0
        assert grew["tasks"] <= 2             # it left the list; an item may take its place
        assert grew["escalations"] <= 2       # its meeting's overdue group, if any
        assert sum(grew.values()) < sum(before.values()) / 10
        assert rebuilds == []                 # every table patched in place
        assert len(tables["tasks"].keys) >= before["tasks"] - 1
        assert now == app.ctx.now()


async def test_a_capped_table_says_how_many_more_and_the_filter_reaches_them(
        board_url: str, make_board, monkeypatch: Any) -> None:  # noqa: ANN001
    monkeypatch.setattr(screen_module, "CAPS", {"tickets": 3})
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        table = app.board.table("tickets")
        hidden = table.total - 3
        assert len(table.keys) == 3 and hidden > 0 and table.more == hidden
        assert table.row_count == 4                         # three rows and the "more" row
        last = " ".join(str(c) for c in table.get_row_at(3))
        assert f"… {hidden} more — / to filter" in last
        beyond = next(k for k in table._all_order[3:])     # a ticket the cap hides
        place = str(table._all[beyond][-1])                 # its location
        await pilot.press("3", "G")
        assert table.selected == MORE
        await pilot.press("enter")                          # Enter on "more": the filter prompt
        await pilot.press(*place, "enter")
        await wait_for(pilot, lambda: table.filter_text == place)
        assert beyond in table.keys
        assert all(place.lower() in " ".join(map(str, table.cells(k))).lower() for k in table.keys)


async def test_the_more_row_is_in_chinese_on_a_chinese_board(
        board_url: str, make_board, monkeypatch: Any) -> None:  # noqa: ANN001
    monkeypatch.setattr(screen_module, "CAPS", {"tickets": 2})
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        table = app.board.table("tickets")
        await settle(pilot, app)
        assert f"另有 {table.total - 2} 行 — 按 / 筛选" in " ".join(str(c) for c in table.get_row_at(2))


async def test_an_item_falling_due_is_flagged_from_the_schedule_without_a_full_derivation(
        board_url: str, make_board, monkeypatch: Any) -> None:  # noqa: ANN001
    """Time alone: the item's due instant passes, the next tick re-derives it (its row, its
    meeting's overdue group, the alert) and nothing else is derived again."""
    from dutyboard.tui.board.derive import BoardRows
    from dutyboard.tui.board.rows import group_ref

    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app) and app.board.live.rows is not None)
        await settle(pilot, app)
        board, now = app.board, app.ctx.now()
        task = min((t for k in board.table("tasks").keys
                    if (t := Task.get_by_id(k.number)).state == PENDING and t.due_at > now.naive),
                   key=lambda t: t.due_at)
        group = group_ref(task.meeting_id)
        assert f"task:{task.id}" not in board.live.alerting
        rebuilds: list[object] = []
        rebuild = BoardRows.rebuild
        monkeypatch.setattr(BoardRows, "rebuild", lambda *a, **k: rebuilds.append(a) or rebuild(*a, **k))
        board.poller.paused = True   # a moved clock makes the poller load everything (a new window)
        bells: list[int] = []
        monkeypatch.setattr(app, "bell", lambda: bells.append(1))
        app.ctx.clock.instant = arrow.get(task.due_at, tzinfo="UTC").shift(seconds=1)
        board.tick()
        await pilot.pause()
        assert f"task:{task.id}" in board.live.alerting and f"task:{task.id}" in board.highlighted
        assert group in board.table("escalations").keys
        assert bells and rebuilds == []


def test_the_readers_delta_names_what_it_re_read(board_url: str) -> None:
    """A check-off: the task, its meeting; the delta follows the snapshot it was read from.
    A full load has none (the board derives everything)."""
    from dutyboard.store.board import BoardReader

    ctx = open_context(board_url, "duty")
    reader = BoardReader(ctx)
    snap = reader.full()
    assert snap.delta is None
    now = ctx.now()
    task = next(t for rows in snap.dept_tasks.values() for t in rows
                if t.state == PENDING and t.dept == "eng" and t.earliest <= now and not t.verify)
    task_service.change_task(open_context(board_url, "eng-lead"), task.id, "done")
    new = reader.refresh(snap)
    assert new is not None and new.delta is not None
    assert new.delta.since == snap.token and task.id in new.delta.tasks
    assert new.delta.meetings == {task.meeting_id} and not new.delta.tickets and not new.delta.days
    listed = {r.id for rows in new.dept_tasks.values() for r in rows}
    before = {r.id for rows in snap.dept_tasks.values() for r in rows}
    assert listed ^ before <= new.delta.tasks      # every row that came or went is named
