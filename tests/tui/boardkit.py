"""Helpers for the board tests (imported by name; pytest puts this folder on sys.path)."""

from __future__ import annotations

from collections.abc import Callable

from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.store.context import Context
from dutyboard.store.db import connect

NOW = "2026-11-23T09:30"
TZ = "Asia/Shanghai"


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # noqa: ANN001
    """Let the app (and its worker threads) run until ``condition`` holds."""
    steps = int(timeout / 0.05)
    for _ in range(steps):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"condition not met within {timeout:.1f} s")


def open_context(url: str, login: str, now: str = NOW) -> Context:
    return Context(connect(url), FrozenClock(parse_instant(now, TZ)), login)
