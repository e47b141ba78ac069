"""The later steps of a case (domain §5, issue 10): stalling an unresolvable case, the
callback after a repair, re-classifying a complaint, and which tickets can carry a flag.

Each write is one ticket step (``tickets._step``): permission, rule, write, event, audit."""

from __future__ import annotations

import datetime

import arrow
import peewee
from dutyboard.rules.facts import CLOSED, DISPATCHED, OPEN, RESOLVED
from dutyboard.rules.tickets import check_callback, check_stall

from .context import Context
from .facts import ticket_fact
from .models import Person, Ticket
from .tickets import _need, _step
from .timeutil import to_db

# Records are kept one year (篇3 6.0): a closed repair owing its callback is flagged that long.
CALLBACK_LOOKBACK = datetime.timedelta(days=366)


def stall(ctx: Context, ticket_id: int, reason: str) -> Ticket:
    """Set an open case apart as stalled (unresolvable for now, 篇4 ⒀): it stays open, leaves
    the follow-up clock and is listed apart until a new dispatch or the quarterly review."""
    _need(reason, "--reason")
    now = to_db(ctx.now())

    def apply(t: Ticket, _: Person) -> str:
        check_stall(ticket_fact(t), reason)
        t.stalled_at, t.stall_reason = now, reason.strip()
        return f"stalled: {reason.strip()}"
    return _step(ctx, ticket_id, "ticket.stall", "stall", apply)


def callback(ctx: Context, ticket_id: int, satisfied: bool, manner: bool | None = None,
             note: str = "") -> Ticket:
    """Record the callback (回访, 000 篇3 6.0): is the requester satisfied with the result,
    and with the repairer's manners and attitude."""
    now = to_db(ctx.now())

    def apply(t: Ticket, _: Person) -> str:
        check_callback(ticket_fact(t))
        t.callback_at, t.callback_satisfied, t.callback_manner = now, satisfied, manner
        t.callback_note = note.strip()
        text = f"callback: result {'satisfied' if satisfied else 'NOT satisfied'}"
        if manner is not None:
            text += f", manner {'satisfied' if manner else 'NOT satisfied'}"
        return text + (f": {note.strip()}" if note.strip() else "")
    return _step(ctx, ticket_id, "ticket.callback", "callback", apply)


def flag_tickets(now: arrow.Arrow) -> peewee.ModelSelect[Ticket]:
    """Every ticket that can carry a flag at ``now``: the open ones (stalled too), and closed
    repairs whose requester is still owed the callback (kept a year)."""
    return Ticket.select().where(
        Ticket.state.in_([OPEN, DISPATCHED, RESOLVED])
        | ((Ticket.state == CLOSED) & (Ticket.kind == "repair") & Ticket.callback_at.is_null()
           & (Ticket.unresolvable == False)  # noqa: E712 - a SQL comparison
           & (Ticket.resolved_at >= to_db(now - CALLBACK_LOOKBACK))))

