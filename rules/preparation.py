"""From a booking, the preparation tasks each department owes, with deadlines."""

from __future__ import annotations

from datetime import timedelta

import arrow

from .facts import Booking, TaskSpec
from .rulebook import Rulebook, TaskTemplate, VenueKind


def derive_tasks(booking: Booking, book: Rulebook) -> list[TaskSpec]:
    """Every task for ``booking``, sorted by due time then code."""
    specs = [_spec(t, booking, book) for t in book.tasks
             if t.applies(booking.venue_kind, booking.venue_class, booking.services)]
    kind = book.kinds.get(booking.venue_kind)
    if kind is not None:
        specs.extend(_refills(kind, booking))
    return sorted(specs, key=lambda s: (s.due, s.code))


def _spec(t: TaskTemplate, booking: Booking, book: Rulebook) -> TaskSpec:
    if t.at == "eve":
        due = book.calendar.eve(booking.start).shift(seconds=t.offset.total_seconds())
    else:
        anchor = booking.start if t.at == "start" else booking.end
        due = anchor.shift(seconds=t.offset.total_seconds())
    if t.asap is not None and due < booking.booked_at + t.asap:
        due = min(booking.booked_at + t.asap, booking.start)
    earliest = due - t.window
    return TaskSpec(t.code, t.dept, t.title, t.title_zh, due, earliest, t.verify)


def _refills(kind: VenueKind, booking: Booking) -> list[TaskSpec]:
    """Tea refills during the meeting (domain §4): a fixed interval, or 004's seasonal steps."""
    steps: list[timedelta] = list(kind.refill_schedule)
    if not steps:
        if kind.refill_every <= timedelta(0):
            return []
        steps = [kind.refill_every]
    out: list[TaskSpec] = []
    at: arrow.Arrow = booking.start
    n = 0
    while True:
        step = steps[min(n, len(steps) - 1)]
        at = at + step
        if at >= booking.end:
            return out
        n += 1
        out.append(TaskSpec(f"svc.refill.{n}", "svc", f"Tea refill #{n}", f"第{n}次续水",
                            at, at - timedelta(minutes=5), False))

