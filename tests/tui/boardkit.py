"""Helpers for the board tests (imported by name; pytest puts this folder on sys.path)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.store.context import Context
from dutyboard.store.db import connect

NOW = "2026-11-23T09:30"
TZ = "Asia/Shanghai"
BUSY_GROUPS = ("write", "read", "prompt")


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> float:  # noqa: ANN001
    """Let the app (and its worker threads) run until ``condition`` holds; the wall time it
    took. Fails after ``timeout`` seconds of wall time."""
    started = time.monotonic()
    while True:
        if condition():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise AssertionError(f"condition not met within {timeout:.1f} s")
        await pilot.pause(0.02)


async def settle(pilot, app: Any, timeout: float = 10.0) -> None:  # noqa: ANN001
    """Wait until the board's prompt, read and write workers have finished and their result
    messages were handled (never the poller, which runs until the app ends)."""
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        busy = [w for w in app.workers if w.group in BUSY_GROUPS and not w.is_finished]
        if not busy:
            await pilot.pause()
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"workers still running after {timeout:.1f} s: {busy}")
        try:
            await asyncio.wait_for(app.workers.wait_for_complete(busy), left)
        except TimeoutError:
            continue


def loaded(app: Any, pane: str = "tasks") -> bool:
    return app.board.snapshot is not None and bool(app.board.table(pane).keys)


def shown(table: Any) -> dict:
    """The rows a table shows: {RowRef: cells}."""
    return {key: table.cells(key) for key in table.keys}


def open_context(url: str, login: str, now: str = NOW) -> Context:
    return Context(connect(url), FrozenClock(parse_instant(now, TZ)), login)


async def check_off(pilot, app: Any, key: str = "space") -> None:  # noqa: ANN001
    """Check off the selected item: ``key``, then ``y`` on the confirmation naming it, and
    wait for the write's outcome."""
    from dutyboard.tui.board.confirm import ChoiceScreen
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
    await pilot.press("y")
    await wait_for(pilot, lambda: not isinstance(app.screen, ChoiceScreen))
    await settle(pilot, app)


def countdowns_only(app: Any) -> Any:
    """The board with its time-driven re-derivation held off (these tests are about the
    countdowns' tick only), after a first tick that settles the frozen clock's texts."""
    board = app.board
    board.flags_at = float("inf")
    board.tick()
    return board


def tick_later(app: Any, **shift: float) -> None:
    """Move the frozen clock on, keep the data fresh (its age stays 0s), and tick."""
    app.ctx.clock.instant = app.ctx.clock.instant.shift(**shift)
    app.board.poller.last_ok_at = app.ctx.clock.instant
    app.board.tick()
