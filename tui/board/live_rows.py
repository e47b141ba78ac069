"""The four tables kept up to date from snapshots and the clock (the rows themselves come
from derive.py): a snapshot with a delta patches the rows it names, a full load the rows
that differ from the last one (same day, same rulebook); a day change, a new rulebook, a
filter, focus, mark or acknowledgement re-derives the panes it touches; the clock re-derives
what its schedule says fell due; every ``Cadence.flags`` seconds a full derivation runs as a
safety net."""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING

import arrow

from .derive import PANES, BoardRows, View, diff

if TYPE_CHECKING:
    from .screen import BoardScreen

TABLES = dict(zip(PANES, PANES, strict=True))   # derive's pane -> the screen's table
SNAPSHOT_PANES = {"meetings": "venues", "tasks": "tasks", "tickets": "tickets", "flags": "escalations"}


class LiveRows:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen
        self.rows: BoardRows | None = None
        self.day: date | None = None
        self.minute = 0     # the minute the escalation rows in view were last derived

    def _view(self) -> View:
        screen, ctx = self.screen, self.screen.ctx
        return View(screen.t, ctx.tz, ctx.book, screen.dept_focus, set(screen.highlighted),
                    set(screen.marked))

    def _today(self, now: arrow.Arrow) -> date:
        return self.screen.ctx.book.calendar.today(now)

    def render(self, changed: set[str] | None) -> set[str]:
        """Bring the tables to the snapshot; the panes that may have changed."""
        screen = self.screen
        snap = screen.snapshot
        assert snap is not None
        now = screen.ctx.now()
        rows = self.rows
        delta = snap.delta
        if rows is None or changed is None or self.day != self._today(now):
            return self.rebuild(PANES, now)
        if rows.snap is not snap:            # a new snapshot: its delta, if it follows ours
            assert rows.snap is not None
            if delta is None and rows.view.book is screen.ctx.book:
                delta = diff(rows.snap, snap)    # a full load: what differs from ours
                changed = set(SNAPSHOT_PANES)
            if delta is None or delta.since != rows.snap.token:
                return self.rebuild(PANES, now)
            rows.view = self._view()
            rows.apply(snap, delta, now)
            self.patch()
            return {name for name, pane in SNAPSHOT_PANES.items() if name in changed} | {"flags"}
        # the same snapshot, the view changed (filter, focus, marks, acknowledgement)
        return self.rebuild([SNAPSHOT_PANES[name] for name in changed if name in SNAPSHOT_PANES], now)

    def rebuild(self, panes: list[str] | tuple[str, ...], now: arrow.Arrow) -> set[str]:
        screen = self.screen
        assert screen.snapshot is not None
        if self.rows is None:
            self.rows = BoardRows(self._view())
        self.rows.view = self._view()
        self.rows.rebuild(screen.snapshot, now, panes)
        if set(panes) == set(PANES):
            self.day = self._today(now)
            screen.flags_at = time.monotonic()
        self.patch()
        return {name for name, pane in SNAPSHOT_PANES.items() if pane in panes}

    def patch(self) -> None:
        """Every table takes what changed in its pane's rows; the venues table's window
        moves on to the first meeting not over when the rows were derived (table_window.py)."""
        assert self.rows is not None
        for name, pane in self.rows.panes.items():
            order, touched = pane.take()
            table = self.screen.table(TABLES[name])
            start = pane.first_live()
            if order is not None or touched or start != table.start:
                table.patch(order, touched, start)

    def touch(self, subjects: set[str], now: arrow.Arrow) -> None:
        """These subjects' highlight changed."""
        if self.rows is not None:
            self.rows.view = self._view()
            self.rows.touch(subjects, now)
            self.patch()

    @property
    def alerting(self) -> set[str]:
        return set(self.rows.alerting) if self.rows is not None else set()

    def time_passes(self, now: arrow.Arrow) -> None:
        """Each tick: the safety net or a new day re-derive everything; otherwise what the
        schedule says fell due, and the ages of the escalation rows in view."""
        screen = self.screen
        if self.rows is None or screen.snapshot is None:
            return
        if self.day != self._today(now) or time.monotonic() - screen.flags_at >= screen.cadence.flags:
            screen.render_panes()
            return
        self.rows.view = self._view()
        table = screen.table("escalations")
        changed = self.rows.advance(now)
        minute = int(now.timestamp() // 60)
        if minute != self.minute:       # messages that say "overdue 12 min" in view move on
            self.minute = minute
            self.rows.rederive(table.visible_keys(), now)
            changed += 1
        if changed:
            screen.ticker.reset()
            self.patch()
            screen.alerts.check(now)
            screen.show_filters()
        keys = screen.ticker.due("escalation-age", table.visible_keys(), now)
        table.update_column("age", self.rows.escalation_ages(keys, now))
        screen.ticker.plan_ages("escalation-age", self.rows.escalation_since(keys), now)
