"""The later steps of a case (domain §5, issue 10): stalling an unresolvable case, the
callback after a repair, re-classifying a complaint, and which tickets can carry a flag.

Each write is one ticket step (``tickets._step``): permission, rule, write, event, audit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import arrow
from dutyboard.rules.facts import CLOSED
from dutyboard.rules.reports import month_days, parse_month
from dutyboard.rules.tickets import check_callback, check_classify, check_stall
from peewee import SQL

from .context import Context
from .errors import UsageError
from .facts import ticket_fact
from .models import Person, Ticket
from .tickets import _need, _step, tickets_in_hand
from .timeutil import must, to_db

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


def flag_tickets(now: arrow.Arrow) -> list[Ticket]:
    """Every ticket that can carry a flag at ``now``: the ones in hand (stalled too), and
    closed repairs whose requester is still owed the callback (kept a year). Two queries,
    each through its own index, so neither reads the closed history."""
    live = tickets_in_hand().order_by(Ticket.opened_at)
    owed = Ticket.select().where(callback_owed() & (Ticket.resolved_at >= to_db(now - CALLBACK_LOOKBACK))
                                 & (Ticket.unresolvable == False))  # noqa: E712 - a SQL comparison
    return [*live, *(t for t in owed if t.state == CLOSED)]  # resolved ones are in ``live``


def callback_owed() -> Any:
    """Repairs not yet called back, written as the partial index ``ticket_callback_owed``
    (0008) has it: SQLite uses a partial index only when the query repeats its WHERE. The
    state is left to the caller: a state term would steer SQLite to the state index."""
    return Ticket.kind.in_(SQL("('repair')")) & Ticket.callback_at.is_null()


def classify(ctx: Context, ticket_id: int, nature: str, note: str) -> Ticket:
    """Re-classify a communicative complaint handled badly as valid (domain §5). It then
    counts in the complaint rate of the month it was registered in."""
    _need(note, "--note")

    def apply(t: Ticket, _: Person) -> str:
        before = t.nature
        check_classify(ticket_fact(t), before, nature, note)
        t.nature = nature
        return f"re-classified {before or 'unclassified'} -> {nature}: {note.strip()}"
    return _step(ctx, ticket_id, "ticket.classify", "classify", apply)


@dataclass(frozen=True)
class PaymentNotice:
    """A charged repair's payment notice (《缴费通知书》), raised when it was resolved."""
    id: int
    resolved_at: arrow.Arrow
    location: str
    contact: str
    phone: str
    dept: str | None
    amount: Decimal


def payment_notices(ctx: Context, month: str | None = None) -> tuple[str, list[PaymentNotice]]:
    """The payment notices of a local month (YYYY-MM, default the current one), oldest first."""
    if month is None:
        today = ctx.book.calendar.today(ctx.now())
        year, mon = today.year, today.month
    else:
        try:
            year, mon = parse_month(month)
        except ValueError as exc:
            raise UsageError(f"--month: {exc}") from None
    first, last = month_days(year, mon)
    lo, _ = ctx.book.calendar.day_bounds(first)
    _, hi = ctx.book.calendar.day_bounds(last)
    rows = (Ticket.select().where(Ticket.charge.is_null(False) & (Ticket.resolved_at >= to_db(lo))
                                  & (Ticket.resolved_at < to_db(hi)))
            .order_by(Ticket.resolved_at, Ticket.id))
    return f"{year:04d}-{mon:02d}", [
        PaymentNotice(t.id, must(t.resolved_at), t.location, t.contact, t.phone, t.dept,
                      Decimal(t.charge)) for t in rows
        if t.resolved_at is not None and t.charge is not None]  # both true by the query
