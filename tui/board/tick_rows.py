"""The per-second tick of the board's tables: the countdowns and ages of the rows in view
whose text can have moved since the last tick (ticking.py knows when each next moves)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import arrow
from dutyboard.store.board import Snapshot

from . import rows as R
from .fmt import TICKING

if TYPE_CHECKING:
    from .screen import BoardScreen


def tick_rows(screen: BoardScreen, snap: Snapshot, now: arrow.Arrow) -> None:
    t, book, ticker = screen.t, screen.ctx.book, screen.ticker
    venues, tasks, tickets = screen.table("venues"), screen.table("tasks"), screen.table("tickets")
    keys = ticker.due("worst", venues.visible_keys(), now)
    venues.update_column("worst", R.meeting_countdowns(snap, keys, now, t))
    ticker.plan("worst", R.meeting_dues(snap, keys), now, TICKING)
    keys = ticker.due("countdown", tasks.visible_keys(), now)
    tasks.update_column("countdown", R.task_countdowns(snap, keys, now, t, book.verify_by))
    ticker.plan("countdown", R.task_dues(snap, keys, book.verify_by), now, TICKING)
    shown = tickets.visible_keys()
    keys = ticker.due("next", shown, now)
    tickets.update_column("next", R.ticket_countdowns(snap, keys, now, t, book))
    ticker.plan("next", R.ticket_dues(snap, keys, book), now, TICKING)
    keys = ticker.due("age", shown, now)
    tickets.update_column("age", R.ticket_ages(snap, keys, now))
    ticker.plan_ages("age", R.ticket_opened(snap, keys), now)
