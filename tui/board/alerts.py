"""New emergencies and newly overdue readiness items: the board rings once for each and keeps
it highlighted until someone acknowledges it (``a``); the acknowledgement is recorded (who,
when, what) as an audit row per alert. What is already on the board when it opens is not news.
An acknowledgement made on another board reaches this one with the next snapshot (the store's
``Snapshot.acknowledged``): its highlight goes, and it never rings here again.

Between data changes only the clock can make news (an item falling due, a verification
deadline passing): the per-second tick checks only once the earliest such instant has come,
instead of scanning every task each second."""

from __future__ import annotations

from typing import TYPE_CHECKING

import arrow
from dutyboard.rules.facts import PENDING

from . import rows as R

if TYPE_CHECKING:
    from dutyboard.store.board import Snapshot

    from .screen import BoardScreen


class Alerts:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen
        self.next_due: arrow.Arrow | None = None   # the next instant the clock makes news

    def current(self, now: arrow.Arrow) -> set[str]:
        """The subjects that deserve an alert now: open emergencies, overdue items, items past
        their verification deadline (and notes when the next item falls due)."""
        screen = self.screen
        snap = screen.snapshot
        assert snap is not None
        verify_by = screen.ctx.book.verify_by
        subjects = {f.subject for f in screen.flags if f.kind == "emergency"}
        upcoming: list[arrow.Arrow] = []
        for rows in snap.dept_tasks.values():
            for r in rows:
                if r.state == PENDING:
                    when = r.due
                elif R.awaiting_verification(r):
                    when = r.meeting_start + verify_by
                else:
                    continue
                if when <= now:
                    subjects.add(f"task:{r.id}")
                else:
                    upcoming.append(when)
        self.next_due = min(upcoming, default=None)
        return subjects

    def check_due(self, now: arrow.Arrow) -> None:
        """The per-second check: only once an item's due time or verification deadline has
        come since the last check (data changes call ``check`` at once)."""
        if self.screen.alerted is not None and (self.next_due is None or now < self.next_due):
            return
        self.check(now)

    def check(self, now: arrow.Arrow) -> None:
        """Ring once for what is new since the last check, and highlight it."""
        screen = self.screen
        current = self.current(now)
        if screen.alerted is None:  # first load: what is already on the board is not news
            screen.alerted = current
            return
        new = current - screen.alerted
        screen.alerted |= new
        if new:
            screen.highlighted |= new
            screen.sync_tasks(now)   # the tasks pane marks them NEW too
            screen.app.bell()

    def acknowledged_elsewhere(self, snap: Snapshot) -> None:
        """Drop the highlights someone acknowledged (on any board), and count them as alerted
        so that they do not ring here later."""
        screen = self.screen
        done = set(snap.acknowledged)
        if not done:
            return
        screen.highlighted -= done
        if screen.alerted is not None:
            screen.alerted |= done

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
