"""``ticket_flags`` compares and subtracts the datetimes inside the Arrows (issue 13): the same
flags, messages and values as the function as it was (Arrow's operators), kept verbatim
below as the reference, for tickets in every state at instants in any zone."""

from __future__ import annotations

import arrow
from dutyboard.rules import TicketFact, ticket_flags
from dutyboard.rules.durations import format_span
from dutyboard.rules.facts import CLOSED, INQUIRY, RESOLVED, Flag
from dutyboard.rules.flag_times import ticket_instants
from dutyboard.rules.flags import (
    ROLE_NAMES,
    _escalated_flag,
    _missing,
    _step_values,
    callback_flag,
    local_minute,
)
from dutyboard.rules.rulebook import Rulebook
from dutyboard.rules.tickets import UNKNOWN, ClockStep, Unknown, next_step
from hypothesis import given, settings
from hypothesis import strategies as st
from test_rules_flags_clock import NOW, ZONES, full, instants, tickets


def reference_ticket_flags(t: TicketFact, book: Rulebook, now: arrow.Arrow, *,
                 step: ClockStep | None | Unknown = UNKNOWN,
                 close: arrow.Arrow | None = None) -> list[Flag]:
    """Every flag a ticket carries now. ``step`` (``next_step(t, book)``) and ``close`` (the
    close of business of the day it was opened, ``end_of_working_day(t.opened_at)``) are
    worked out here unless the caller already holds them for these very facts and rulebook
    (the board's ticket clock): the same flags either way."""
    subject = f"ticket:{t.id}"
    out: list[Flag] = []
    if t.state == INQUIRY:
        return out
    if (callback := callback_flag(t, book, now)) is not None:
        out.append(callback)
    if t.state == CLOSED:
        return out
    if t.is_emergency:
        missing = [ROLE_NAMES.get(r, r) for r in book.notify_emergency if r not in t.notified]
        tell = f"; still to notify: {', '.join(missing)}" if missing else "; all notified"
        out.append(Flag("emergency", "alarm", subject, t.opened_at,
                        f"EMERGENCY at {t.location or '?'}: the clerk stays on post{tell}", t.dept,
                        {"id": t.id, "location": t.location, "missing": _missing(t, book.notify_emergency)}))
    if step is UNKNOWN:
        step = next_step(t, book)
    if step is not None:
        if step.kind == "escalate" and now >= step.due:
            out.append(Flag("escalation_due", "alarm", subject, step.due,
                            f"ticket {t.id}: report to the desk supervisor now "
                            f"({'emergency' if t.is_emergency else 'follow-ups exhausted'})",
                            t.dept, {"id": t.id, "location": t.location,
                                     "why": "emergency" if t.is_emergency else "exhausted"}))
        elif step.kind == "follow-up" and step.number == 2 and t.escalated_at is None \
                and now >= step.due:
            due = local_minute(step.due, book.tz)
            out.append(Flag("escalation_due", "alarm", subject, step.due,
                            f"ticket {t.id}: follow-up #2 missed by close of business "
                            f"{due}: report to the desk supervisor now", t.dept,
                            {"id": t.id, "location": t.location, "why": "second_missed",
                             "due": due}))
        elif now >= step.due:
            out.append(Flag("follow_up_overdue", "alarm", subject, step.due,
                            f"ticket {t.id}: {step.label()} overdue "
                            f"{format_span(now - step.due)}", t.dept,
                            _step_values(t, step, now - step.due)))
        elif now >= step.due - book.ticket_due_soon:
            out.append(Flag("follow_up_due", "warn", subject, step.due,
                            f"ticket {t.id}: {step.label()} due in "
                            f"{format_span(step.due - now)}", t.dept,
                            _step_values(t, step, step.due - now)))
    if t.escalated_at is not None:
        out.append(_escalated_flag(t, book))
    if t.stalled_at is not None and t.state != RESOLVED:
        out.append(Flag("stalled", "info", subject, t.stalled_at,
                        f"ticket {t.id}: stalled (unresolvable for now), off the follow-up clock; "
                        "the desk supervisor sets a new approach or the quarterly review closes it",
                        t.dept, {"id": t.id, "location": t.location}))
    if t.state == RESOLVED and t.needs_approval and not any(
            role in book.major_approvers for _, role in t.approvals):
        out.append(Flag("approval_awaited", "warn", subject, t.resolved_at,
                        f"ticket {t.id}: close awaits approval by "
                        f"{' or '.join(book.major_approvers)}", t.dept,
                        {"id": t.id, "location": t.location,
                         "approvers": ",".join(book.major_approvers)}))
    eod = close if close is not None else book.calendar.end_of_working_day(t.opened_at)
    if now >= eod and t.stalled_at is None:
        due = local_minute(eod, book.tz)
        out.append(Flag("unclosed_end_of_day", "warn", subject, eod,
                        f"ticket {t.id}: still {t.state} after close of business {due}", t.dept,
                        {"id": t.id, "location": t.location, "state": t.state, "due": due}))
    return out


@settings(max_examples=500, deadline=None)
@given(tickets(), st.integers(-3000, 30_000), st.sampled_from(ZONES), st.booleans())
def test_ticket_flags_are_the_reference(book: Rulebook, t: TicketFact, later: int, zone: str,
                                        held: bool) -> None:
    now = NOW.shift(minutes=later).to(zone)
    step, close = (next_step(t, book), book.calendar.end_of_working_day(t.opened_at)) if held \
        else (UNKNOWN, None)
    assert full(ticket_flags(t, book, now, step=step, close=close)) == \
        full(reference_ticket_flags(t, book, now, step=step, close=close))


@settings(max_examples=300, deadline=None)
@given(tickets(), instants())
def test_ticket_flags_are_the_reference_near_dst_changes(book: Rulebook, t: TicketFact,
                                                         now: arrow.Arrow) -> None:
    assert full(ticket_flags(t, book, now)) == full(reference_ticket_flags(t, book, now))


@settings(max_examples=300, deadline=None)
@given(tickets(), st.sampled_from(ZONES), st.sampled_from((-1, 0, 1)))
def test_ticket_flags_are_the_reference_at_the_instants_they_change(book: Rulebook, t: TicketFact,
                                                                    zone: str, micro: int) -> None:
    for instant in ticket_instants(t, book):
        now = instant.shift(microseconds=micro).to(zone)
        assert full(ticket_flags(t, book, now)) == full(reference_ticket_flags(t, book, now))
