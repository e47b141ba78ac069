"""Intake in one save: register a case and, in the same transaction, dispatch it to a
department and tick off the people already told of an emergency.

The intake form asks for all of it at once (a routine phone repair is registered and
dispatched in one go; the emergency checklist records who the clerk has told). Each part is
the ordinary audited step of ``store.tickets`` (``ticket.open``, ``ticket.dispatch``,
``ticket.notify``), joined in one transaction: all are written or none.
"""

from __future__ import annotations

from collections.abc import Iterable

from dutyboard.rules.rulebook import DEPARTMENTS, ROLES

from . import tickets
from .context import Context
from .errors import UsageError
from .models import Ticket


def known_phones(limit: int = 300) -> dict[str, str]:
    """Contact -> the phone last recorded for them, from the newest tickets: the form fills
    the phone in when the contact is someone who called before."""
    rows = (Ticket.select(Ticket.contact, Ticket.phone).where(Ticket.phone != "")
            .order_by(Ticket.id.desc()).limit(limit))
    phones: dict[str, str] = {}
    for row in rows:
        phones.setdefault(row.contact.strip().casefold(), row.phone)
    return phones


def register(ctx: Context, data: tickets.TicketInput, inquiry: bool = False,
             dept: str | None = None, told: Iterable[str] = ()) -> Ticket:
    """Register (or log an inquiry), then dispatch to ``dept`` and record each role in
    ``told`` as notified, in one transaction."""
    told = list(dict.fromkeys(told))
    if dept is not None and dept not in DEPARTMENTS:
        raise UsageError(f"unknown department {dept!r}; codes are {', '.join(DEPARTMENTS)}")
    if inquiry and (dept or told):
        raise UsageError("an inquiry is settled on the phone: it is neither dispatched nor escalated")
    if unknown := [r for r in told if r not in ROLES]:
        raise UsageError(f"unknown role {unknown[0]!r}; roles are {', '.join(ROLES)}")
    with ctx.write():
        ticket = tickets.open_ticket(ctx, data, inquiry=inquiry)
        if dept:
            ticket = tickets.dispatch(ctx, ticket.id, dept)
        for role in told:
            ticket = tickets.notify(ctx, ticket.id, role)
    return ticket
