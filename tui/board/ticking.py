"""When each countdown on screen next changes its text, so the per-second tick formats only
the rows whose text moves (issue 13, item 3: "time-driven ... by next due time").

A countdown's text is a function of its row (which only a new snapshot changes) and of
``due - now`` cut to the unit shown (``rules.durations.format_span``): seconds in the last
``seconds_under``, minutes under a day, hours beyond. From the due instant the next moment
that text changes is known, and until then the row is not looked at: a board of countdowns
an hour away formats each row once a minute, not sixty times.

    ticker = Ticker()
    keys = ticker.due("tasks", table.visible_keys(), now)     # only these may have moved
    table.update_column("countdown", compute(keys))
    ticker.plan("tasks", {key: due_instant(key) for key in keys}, now, TICKING)
    ticker.reset()    # a new snapshot, a rebuilt pane: everything is looked at again
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta

import arrow

from .refs import RowRef

DAY = 86400.0
HOUR = 3600.0
EARLY = 0.001     # look a millisecond early rather than a tick late


def seconds_to_change(left: float, seconds_under: timedelta) -> float:
    """Seconds until ``format_span`` of a span now ``left`` seconds (positive: still to
    come, shrinking; negative: past, growing) shows another text. Zero: look at every tick
    (seconds are shown, or nearly)."""
    size = abs(left)
    if size < seconds_under.total_seconds() + 60:    # seconds shown, or within a minute of it
        return 0.0
    unit = HOUR if size >= DAY else 60.0
    into = math.fmod(size, unit)
    if left > 0:                 # shrinking: the shown figure drops when size passes a unit
        return into              # (0: it drops right now: look at the next tick)
    return unit - into           # growing: it rises when size reaches the next unit


class Ticker:
    """Per column: the instant (POSIX seconds) before which each row's text cannot change."""

    def __init__(self) -> None:
        self._next: dict[str, dict[RowRef, float]] = {}

    def reset(self) -> None:
        self._next.clear()

    def due(self, column: str, keys: Iterable[RowRef], now: arrow.Arrow) -> list[RowRef]:
        """The rows among ``keys`` (the rows in view) whose text may have changed by
        ``now``. A row out of view is forgotten: the tick does not keep its cell current,
        so it is looked at again when it comes back (scrolled, filtered)."""
        before = self._next.get(column, {})
        planned = self._next[column] = {key: before.get(key, -math.inf) for key in keys}
        stamp = now.timestamp()
        return [key for key, when in planned.items() if when <= stamp]

    def plan(self, column: str, dues: Mapping[RowRef, arrow.Arrow | None], now: arrow.Arrow,
             seconds_under: timedelta) -> None:
        """Remember when each row's text next changes, from its due instant (None: the
        text does not change with time, e.g. ``-``)."""
        self._plan(column, dues, now, lambda left: seconds_to_change(left, seconds_under))

    def plan_ages(self, column: str, since: Mapping[RowRef, arrow.Arrow | None],
                  now: arrow.Arrow) -> None:
        """The same for ages (``fmt.age``: minutes, seconds in the first minute only) that
        show ``-`` until their instant comes (an escalation not yet due)."""
        minute = timedelta(minutes=1)
        self._plan(column, since, now,
                   lambda left: left if left > 0 else seconds_to_change(left, minute))

    def _plan(self, column: str, dues: Mapping[RowRef, arrow.Arrow | None], now: arrow.Arrow,
              wait_for: Callable[[float], float]) -> None:
        planned = self._next.setdefault(column, {})
        stamp = now.timestamp()
        for key, due in dues.items():
            if due is None:
                planned[key] = math.inf
                continue
            wait = wait_for(due.timestamp() - stamp)
            planned[key] = stamp + wait - EARLY if wait > 0 else -math.inf
