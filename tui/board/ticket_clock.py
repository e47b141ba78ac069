"""Each ticket's clock worked out once, not once per use (issue 13).

The board asks for a ticket's next step (``rules.tickets.next_step``) for its cells, for
the instant its countdown counts to (every second, for the rows in view) and for the
instants at which its flags can change (``rules.flag_times.ticket_instants``): the same
answer each time, for the same facts and rulebook. Its flags (``rules.flags.ticket_flags``)
and those instants take that step and the close of business of the day it was opened,
both worked out here once. All are kept here by ticket id with
the fact and the rulebook they were worked out for: a ticket's fact is frozen and replaced,
not changed, when a snapshot brings news of it, and a new rulebook is a new object, so an
answer is used only for the very objects it was worked out from. No time goes in: neither
depends on the instant.
"""

from __future__ import annotations

import arrow
from dutyboard.rules import Flag, Rulebook, TicketFact
from dutyboard.rules.flag_times import TicketClock, ticket_instants
from dutyboard.rules.flags import ticket_flags
from dutyboard.rules.tickets import ClockStep, next_step

LIMIT = 50_000      # tickets kept; past it the cache starts again (a board holds a few thousand)
_UNSET = object()


class _Entry:
    __slots__ = ("book", "close", "fact", "instants", "step")

    def __init__(self, fact: TicketFact, book: Rulebook) -> None:
        self.fact, self.book = fact, book
        self.step: object = _UNSET
        self.close: arrow.Arrow | None = None
        self.instants: tuple[arrow.Arrow, ...] | None = None


_CLOCKS: dict[int, _Entry] = {}


def _entry(fact: TicketFact, book: Rulebook) -> _Entry:
    entry = _CLOCKS.get(fact.id)
    if entry is None or entry.fact is not fact or entry.book is not book:
        if len(_CLOCKS) >= LIMIT:
            _CLOCKS.clear()
        entry = _CLOCKS[fact.id] = _Entry(fact, book)
    return entry


def step(fact: TicketFact, book: Rulebook) -> ClockStep | None:
    """``next_step(fact, book)``, worked out once for this fact and rulebook."""
    entry = _entry(fact, book)
    if entry.step is _UNSET:
        entry.step = next_step(fact, book)
    return entry.step  # type: ignore[return-value]


def close(fact: TicketFact, book: Rulebook) -> arrow.Arrow:
    """The close of business of the working day the ticket was opened on (its end-of-day flag)."""
    entry = _entry(fact, book)
    if entry.close is None:
        entry.close = book.calendar.end_of_working_day(fact.opened_at)
    return entry.close


def flags(fact: TicketFact, book: Rulebook, now: arrow.Arrow) -> list[Flag]:
    """``ticket_flags(fact, book, now)`` on the step and close of business held here."""
    return ticket_flags(fact, book, now, step=step(fact, book), close=close(fact, book))


def due(fact: TicketFact, book: Rulebook) -> arrow.Arrow | None:
    """When the next step falls due (None: the clock is not running)."""
    s = step(fact, book)
    return s.due if s is not None else None


def instants(fact: TicketFact, book: Rulebook) -> tuple[arrow.Arrow, ...]:
    """``ticket_instants(fact, book)``, worked out once for this fact and rulebook."""
    entry = _entry(fact, book)
    if entry.instants is None:
        entry.instants = tuple(ticket_instants(fact, book, step=step(fact, book),
                                               close=close(fact, book)))
    return entry.instants


def seed(fact: TicketFact, book: Rulebook, clock: TicketClock) -> None:
    """Take ``clock``, worked out elsewhere for this fact and rulebook (the launch's read-ahead,
    store/read_ahead.py), as if worked out here."""
    entry = _entry(fact, book)
    entry.step, entry.close, entry.instants = clock.step, clock.close, clock.instants


def forget() -> None:
    """Drop every answer (tests)."""
    _CLOCKS.clear()
