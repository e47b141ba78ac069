"""The board's tickets in hand read as the driver hands them: plain tuples, no Ticket model
per row nor Peewee's per-field conversions (issue 13: 2,000 tickets as model instances were
half of the large site's full read). The rows and facts are the ones ``facts.ticket_fact``
makes of a Ticket model; tests/store/test_store_ticket_rows.py checks it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import peewee as pw
from dutyboard.rules import TicketFact

from .models import Ticket
from .snapshot import TicketRow
from .timeutil import Instants

# The columns :func:`ticket_rows` reads, in its order.
TICKET_ROW_COLUMNS = (
    Ticket.id, Ticket.kind, Ticket.priority, Ticket.state, Ticket.opened_at, Ticket.location,
    Ticket.dept, Ticket.dispatched_at, Ticket.clock_at, Ticket.follow_up_1_at,
    Ticket.follow_up_2_at, Ticket.escalated_at, Ticket.resolved_at, Ticket.signed, Ticket.major,
    Ticket.approved_by, Ticket.related_pending, Ticket.notified, Ticket.follow_up_count,
    Ticket.last_follow_up_at, Ticket.stalled_at, Ticket.callback_at, Ticket.unresolvable,
    Ticket.content, Ticket.contact, Ticket.version)


def ticket_rows(query: pw.ModelSelect[Ticket], roles: Mapping[int | None, str]) -> list[TicketRow]:
    """The board's row of every ticket of ``query`` (selecting ``TICKET_ROW_COLUMNS``);
    ``roles``: person id -> role, for the approval the rules weigh. SQLite hands timestamps
    back as text, which ``from_db`` parses itself, and booleans as 0/1. Each distinct
    timestamp becomes one Arrow (timeutil.Instants)."""
    at = Instants()   # at[value]: the Arrow, None for None
    empty: frozenset[str] = frozenset()
    out = []
    row: Any
    for row in query.model._meta.database.execute(query):
        (ident, kind, priority, state, opened_at, location, dept, dispatched_at, clock_at,
         follow_1, follow_2, escalated_at, resolved_at, signed, major, approved_by,
         related_pending, notified, follow_up_count, last_follow_up_at, stalled_at,
         callback_at, unresolvable, content, contact, version) = row
        role = roles.get(approved_by)
        fact = TicketFact(
            id=ident, kind=kind, priority=priority, state=state, opened_at=at[opened_at],
            location=location, dept=dept, dispatched_at=at[dispatched_at],
            follow_ups=() if follow_1 is None and follow_2 is None
            else tuple(x for x in (at[follow_1], at[follow_2]) if x),
            escalated_at=at[escalated_at], resolved_at=at[resolved_at],
            signed=bool(signed), major=bool(major),
            approvals=((str(approved_by), role),) if approved_by and role else (),
            related_pending=bool(related_pending.strip()),
            notified=frozenset(r for r in notified.split(",") if r) if notified else empty,
            clock_at=at[clock_at], follow_up_count=follow_up_count or 0,
            last_follow_up_at=at[last_follow_up_at], stalled_at=at[stalled_at],
            callback_at=at[callback_at], unresolvable=bool(unresolvable))
        out.append(TicketRow(fact, kind, location, dept, content, contact, version))
    return out
