"""The floor: a Textual app that shows one static line and does nothing else.

Every figure of the board's benchmark is set against this app measured in the same run
(first paint, idle CPU, terminal bytes), so a ratio says what dutyboard adds on top of
Textual itself on this machine.

    python tests/bench/floor_app.py        # the real thing, q quits
"""

from __future__ import annotations

import asyncio
import time

from textual.app import App, ComposeResult
from textual.widgets import Static

LINE = "dutyboard floor: one static line"


class FloorApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(LINE)


async def first_paint(size: tuple[int, int] = (160, 48)) -> float:
    """Seconds from construction to the first frame on screen, under run_test."""
    started = time.perf_counter()
    app = FloorApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        took = time.perf_counter() - started
        await pilot.press("q")
    return took


def measure_first_paint(size: tuple[int, int] = (160, 48), runs: int = 3) -> float:
    """The median of ``runs`` first paints."""
    values = sorted(asyncio.run(first_paint(size)) for _ in range(runs))
    return values[len(values) // 2]


if __name__ == "__main__":
    FloorApp().run()
