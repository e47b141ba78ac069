"""New emergencies and newly overdue readiness items: the board rings once for each and keeps
it highlighted until someone acknowledges it (``a``); the acknowledgement is recorded (who,
when, what) as an audit row per alert. What is already on the board when it opens is not news.
An acknowledgement made on another board reaches this one with the next snapshot (the store's
``Snapshot.acknowledged``): its highlight goes, and it never rings here again.

What is alerting is kept by the rows' derivation (derive.py, live_rows.py) as changes and due
instants arrive: nothing scans every item each second."""

from __future__ import annotations

from typing import TYPE_CHECKING

import arrow

if TYPE_CHECKING:
    from dutyboard.store.board import Snapshot

    from .screen import BoardScreen


class Alerts:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen

    def current(self) -> set[str]:
        """The subjects that deserve an alert now: open emergencies, overdue items, items past
        their verification deadline. Kept by the rows' derivation as changes and due times
        arrive (derive.py), not found by scanning every item each second."""
        return self.screen.live.alerting

    def check(self, now: arrow.Arrow) -> None:
        """Ring once for what is new since the last check, and highlight it."""
        screen = self.screen
        current = self.current()
        if screen.alerted is None:  # first load: what is already on the board is not news
            screen.alerted = current
            return
        new = current - screen.alerted
        screen.alerted |= new
        if new:
            screen.highlighted |= new
            screen.live.touch(new, now)   # the tasks pane marks them NEW too
            screen.app.bell()

    def acknowledged_elsewhere(self, snap: Snapshot) -> None:
        """Drop the highlights someone acknowledged (on any board), count them as alerted so
        that they do not ring here later, and re-derive their rows (no NEW mark)."""
        screen = self.screen
        done = set(snap.acknowledged)
        if not done:
            return
        screen.highlighted -= done
        if screen.alerted is not None:
            screen.alerted |= done
        screen.live.touch(done, screen.ctx.now())

    def acknowledge(self) -> None:
        """Clear the highlights and record who acknowledged what, and when (shown in the
        item's detail); a read-only board only clears its highlights."""
        screen = self.screen
        subjects = set(screen.highlighted)
        screen.highlighted.clear()
        screen.render_panes({"flags", "tasks"})
        if not subjects:
            screen.say(screen.t("msg.nothing_ack"))
            return
        if screen.readonly:
            return
        from dutyboard.store.acknowledge import acknowledge

        def run() -> str:
            return f"{screen.t('msg.acknowledged')}: {acknowledge(screen.ctx, subjects)}"
        screen.write(run)
