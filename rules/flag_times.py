"""When a subject's flags can change by time alone: the instants at which ``task_flag`` or
``ticket_flags`` give another kind or severity for the same facts.

A board that re-derives a subject only when its facts change or one of these instants
passes shows the same flags as one that re-derives every subject all the time (the minutes
inside a flag's values move on between them; the kinds, severities and order do not).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import arrow

from .facts import CLOSED, DONE, INQUIRY, PENDING, TaskFact, TicketFact
from .rulebook import Rulebook
from .tickets import UNKNOWN, ClockStep, Unknown, callback_due, next_step


def next_instant(instants: Iterable[arrow.Arrow | None], now: arrow.Arrow) -> arrow.Arrow | None:
    """The first of ``instants`` strictly after ``now`` (None: nothing changes any more).
    Compared as the datetimes inside the Arrows, which is what Arrow's operators compare,
    without their checks: the board schedules thousands of sources (issue 13)."""
    at = now.datetime
    best: arrow.Arrow | None = None
    best_at = None
    for instant in instants:
        if instant is not None:
            moment = instant.datetime
            if moment > at and (best_at is None or moment < best_at):
                best, best_at = instant, moment
    return best


def task_instants(t: TaskFact, book: Rulebook) -> list[arrow.Arrow]:
    """Due soon, overdue; for an item reported done, its verification deadline."""
    if t.cancelled:
        return []
    if t.state == PENDING:
        return [t.due - book.due_soon, t.due]
    if t.state == DONE and t.verify:
        return [t.meeting_start + book.verify_by]
    return []


def ticket_instants(t: TicketFact, book: Rulebook, *,
                    step: ClockStep | None | Unknown = UNKNOWN,
                    close: arrow.Arrow | None = None) -> list[arrow.Arrow]:
    """The next clock step (due soon, then due), the callback deadline, the close of the
    working day it was opened on. ``step`` and ``close`` as ``ticket_flags`` takes them."""
    if t.state == INQUIRY:
        return []
    out: list[arrow.Arrow] = []
    if (callback := callback_due(t, book)) is not None:
        out.append(callback)
    if t.state == CLOSED:
        return out
    if step is UNKNOWN:
        step = next_step(t, book)
    if step is not None:
        out += [step.due - book.ticket_due_soon, step.due]
    out.append(close if close is not None else book.calendar.end_of_working_day(t.opened_at))
    return out


@dataclass(frozen=True)
class TicketClock:
    """A ticket's clock under one rulebook, none of it depending on the instant: its next
    step, the close of business of the day it was opened (``ticket_flags`` takes both) and
    the instants at which its flags can change."""
    step: ClockStep | None
    close: arrow.Arrow
    instants: tuple[arrow.Arrow, ...]


def ticket_clock(t: TicketFact, book: Rulebook) -> TicketClock:
    step = next_step(t, book)
    close = book.calendar.end_of_working_day(t.opened_at)
    return TicketClock(step, close, tuple(ticket_instants(t, book, step=step, close=close)))


def day_instants(day: date, book: Rulebook) -> list[arrow.Arrow]:
    """A day's sign-off and bookings report: due soon before close of business, then missed."""
    deadline = book.calendar.at(day, book.calendar.work_end)
    return [deadline - book.due_soon, deadline]
