"""Flags at an instant: what the board must shout about, derived from facts only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from operator import attrgetter

import arrow

from .durations import format_span
from .facts import CLOSED, DONE, INQUIRY, PENDING, RESOLVED, SEVERITY_ORDER, Flag, TaskFact, TicketFact
from .rulebook import Rulebook
from .tickets import UNKNOWN, ClockStep, Unknown, callback_due, next_step

_ZERO = timedelta(0)
ROLE_NAMES = {"supervisor": "desk supervisor", "manager": "manager", "lead": "department lead"}


def task_flag(t: TaskFact, book: Rulebook, now: arrow.Arrow) -> Flag | None:
    """The one flag a task carries now (the most severe), or None."""
    subject = f"task:{t.id}"
    if t.cancelled:
        return None
    if t.state == PENDING:
        short = ", short notice" if t.short_notice else ""
        late = now.datetime - t.due.datetime   # now - t.due, as Arrow subtracts: per item, cheap
        if late >= _ZERO:   # the two days' missed items, thousands sharing a few hundred dues
            span, minutes = _late(late)
            return Flag("task_overdue", "alarm", subject, t.due,
                        f"{t.title}: overdue {span} (meeting {t.meeting_id}{short})", t.dept,
                        {"id": t.id, "title": t.title, "meeting_id": t.meeting_id,
                         "minutes": minutes, "short_notice": int(t.short_notice)})
        if now >= t.due - book.due_soon:
            return Flag("task_due_soon", "warn", subject, t.due,
                        f"{t.title}: due in {format_span(t.due - now)} "
                        f"(meeting {t.meeting_id}{short})", t.dept,
                        _task_values(t, t.due - now))
        return None
    if t.state == DONE and t.verify:
        deadline = t.meeting_start + book.verify_by
        if now >= deadline:
            return Flag("readiness_unverified", "alarm", subject, deadline,
                        f"{t.title}: reported but not verified by the fire-control centre, "
                        f"{format_span(now - deadline)} past T{_signed(book.verify_by)}",
                        t.dept, {**_task_values(t, now - deadline), "by": _signed(book.verify_by)})
        return Flag("readiness_reported", "info", subject, deadline,
                    f"{t.title}: reported, awaiting verification by "
                    f"T{_signed(book.verify_by)}", t.dept,
                    {**_task_values(t, deadline - now), "by": _signed(book.verify_by)})
    return None


def ticket_flags(t: TicketFact, book: Rulebook, now: arrow.Arrow, *,
                 step: ClockStep | None | Unknown = UNKNOWN,
                 close: arrow.Arrow | None = None) -> list[Flag]:
    """Every flag a ticket carries now. ``step`` (``next_step(t, book)``) and ``close`` (the
    close of business of the day it was opened, ``end_of_working_day(t.opened_at)``) are
    worked out here unless the caller already holds them for these very facts and rulebook
    (the board's ticket clock): the same flags either way. Instants are compared and
    subtracted as the datetimes inside the Arrows (what Arrow's own operators do, without
    their checks and a new Arrow per sum: a tenth of the board's flags, issue 13)."""
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
    at = now.datetime
    if step is not None:
        due_at = step.due.datetime
        if step.kind == "escalate" and at >= due_at:
            out.append(Flag("escalation_due", "alarm", subject, step.due,
                            f"ticket {t.id}: report to the desk supervisor now "
                            f"({'emergency' if t.is_emergency else 'follow-ups exhausted'})",
                            t.dept, {"id": t.id, "location": t.location,
                                     "why": "emergency" if t.is_emergency else "exhausted"}))
        elif step.kind == "follow-up" and step.number == 2 and t.escalated_at is None \
                and at >= due_at:
            due = local_minute(step.due, book.tz)
            out.append(Flag("escalation_due", "alarm", subject, step.due,
                            f"ticket {t.id}: follow-up #2 missed by close of business "
                            f"{due}: report to the desk supervisor now", t.dept,
                            {"id": t.id, "location": t.location, "why": "second_missed",
                             "due": due}))
        elif at >= due_at:
            late = at - due_at
            out.append(Flag("follow_up_overdue", "alarm", subject, step.due,
                            f"ticket {t.id}: {step.label()} overdue "
                            f"{format_span(late)}", t.dept, _step_values(t, step, late)))
        elif at >= due_at - book.ticket_due_soon:
            left = due_at - at
            out.append(Flag("follow_up_due", "warn", subject, step.due,
                            f"ticket {t.id}: {step.label()} due in "
                            f"{format_span(left)}", t.dept, _step_values(t, step, left)))
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
    if t.stalled_at is None and at >= eod.datetime:
        due = local_minute(eod, book.tz)
        out.append(Flag("unclosed_end_of_day", "warn", subject, eod,
                        f"ticket {t.id}: still {t.state} after close of business {due}", t.dept,
                        {"id": t.id, "location": t.location, "state": t.state, "due": due}))
    return out


def _escalated_flag(t: TicketFact, book: Rulebook) -> Flag:
    """Escalated to the desk supervisor; an urgent or major case (not an emergency, whose own
    flag lists them) also names who must still be told, as an alarm until all are."""
    subject = f"ticket:{t.id}"
    if t.is_emergency or not t.goes_up_at_once:
        return Flag("escalated", "warn", subject, t.escalated_at,
                    f"ticket {t.id}: escalated to the desk supervisor", t.dept,
                    {"id": t.id, "location": t.location, "what": "", "missing": ""})
    what = "urgent" if t.priority == "urgent" else "major"
    missing = [ROLE_NAMES.get(r, r) for r in book.notify_urgent if r not in t.notified]
    tell = f"; still to notify: {', '.join(missing)}" if missing else "; all notified"
    return Flag("escalated", "alarm" if missing else "warn", subject, t.escalated_at,
                f"ticket {t.id}: {what} case, to the desk supervisor at once{tell}", t.dept,
                {"id": t.id, "location": t.location, "what": what,
                 "missing": _missing(t, book.notify_urgent)})


def callback_flag(t: TicketFact, book: Rulebook, now: arrow.Arrow) -> Flag | None:
    """A resolved repair whose requester was not called back within the rulebook's time."""
    due = callback_due(t, book)
    if due is None or now < due:
        return None
    by = local_minute(due, book.tz)
    return Flag("callback_overdue", "warn", f"ticket:{t.id}", due,
                f"ticket {t.id}: callback to the requester not made by {by} "
                f"({book.callback_within_working_days} working days after the repair)", t.dept,
                {"id": t.id, "location": t.location, "due": by,
                 "days": f"{book.callback_within_working_days:g}"})


def local_minute(instant: arrow.Arrow, tz: str) -> str:
    """``instant.to(tz).format('MM-DD HH:mm')``, as a deadline reads in a flag. A site's
    deadlines are a few closes of business shared by thousands of tickets, so the text is
    kept by instant (its timestamp: a wall time alone is ambiguous at a DST change) and zone."""
    return _local_minute(instant.timestamp(), tz)


@lru_cache(maxsize=1024)
def _local_minute(timestamp: float, tz: str) -> str:
    return arrow.Arrow.fromtimestamp(timestamp, tzinfo=tz).format("MM-DD HH:mm")


def signoff_flag(day: date, signed: bool, book: Rulebook, now: arrow.Arrow) -> Flag | None:
    """A working day not signed off by the supervisor by close of business."""
    if signed or not book.calendar.is_working_day(day):
        return None
    deadline = book.calendar.at(day, book.calendar.work_end)
    if now < deadline:
        return None
    return Flag("signoff_missing", "alarm", f"day:{day.isoformat()}", deadline,
                f"{day.isoformat()}: the day's records were not signed off by the "
                f"{book.signoff_role} by {deadline.to(book.tz).format('HH:mm')}", None,
                {"day": day.isoformat(), "role": book.signoff_role,
                 "time": deadline.to(book.tz).format('HH:mm')})


def bookings_report_flag(day: date, sent: bool, book: Rulebook, now: arrow.Arrow) -> Flag | None:
    """The next two days' bookings go to the administration office every working day before
    close of business (000 §3.3B): due soon from ``flags.due_soon`` before the close (warn),
    missed after it (alarm), until the clerk records it sent. No duty on a day off."""
    if sent or not book.calendar.is_working_day(day):
        return None
    deadline = book.calendar.at(day, book.calendar.work_end)
    if now < deadline - book.due_soon:
        return None
    close = deadline.to(book.tz).format("HH:mm")
    if now < deadline:
        return Flag("bookings_report_due", "warn", f"day:{day.isoformat()}", deadline,
                    f"{day.isoformat()}: the next two days' bookings to the administration office "
                    f"before close of business {close} (due in {format_span(deadline - now)})",
                    "desk", {"day": day.isoformat(), "time": close, "sent": 0})
    return Flag("bookings_report_due", "alarm", f"day:{day.isoformat()}", deadline,
                f"{day.isoformat()}: the next two days' bookings were not recorded as sent to the "
                f"administration office by close of business {close}", "desk",
                {"day": day.isoformat(), "time": close, "sent": 0})


def flags_at(tasks: Iterable[TaskFact], tickets: Iterable[TicketFact], book: Rulebook,
             now: arrow.Arrow, unsigned_days: Iterable[date] = ()) -> list[Flag]:
    """Every flag, most severe first, then by due time."""
    out = [f for t in tasks if (f := task_flag(t, book, now)) is not None]
    for ticket in tickets:
        out.extend(ticket_flags(ticket, book, now))
    for day in unsigned_days:
        if (f := signoff_flag(day, False, book, now)) is not None:
            out.append(f)
    return _by_flag_order(out)


_FAR = arrow.Arrow(9999, 1, 1).datetime


def _flag_order(f: Flag) -> tuple[int, datetime, str]:
    """Most severe first, then by due time (none: last), then by subject. By the due time's
    datetime, which orders as the Arrow does (Arrow compares its datetime) at a fraction of
    the cost: a site's flags are tens of thousands."""
    return (SEVERITY_ORDER[f.severity], _FAR if f.due_at is None else f.due_at.datetime, f.subject)


def _by_flag_order(flags: list[Flag]) -> list[Flag]:
    """``sorted(flags, key=_flag_order)`` without a key tuple per flag (tens of thousands of
    objects the garbage collector counts, issue 13): stable sorts by subject, then by due
    time, then the severities taken in turn, give the same order, ties included."""
    flags = sorted(flags, key=attrgetter("subject"))
    flags.sort(key=_due_order)
    by_severity: dict[str, list[Flag]] = {s: [] for s in SEVERITY_ORDER}
    for f in flags:
        by_severity[f.severity].append(f)
    return [f for s in sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.__getitem__) for f in by_severity[s]]


def _due_order(f: Flag) -> datetime:
    return _FAR if f.due_at is None else f.due_at.datetime


@lru_cache(maxsize=4096)
def _late(delta: timedelta) -> tuple[str, int]:
    """``format_span(delta)`` and ``_task_values``' minutes, kept by lateness."""
    return format_span(delta), int(abs(delta.total_seconds()) // 60)


def _task_values(t: TaskFact, delta: timedelta) -> dict[str, str | int]:
    return {"id": t.id, "title": t.title, "meeting_id": t.meeting_id,
            "minutes": int(abs(delta.total_seconds()) // 60), "short_notice": int(t.short_notice)}


def _step_values(t: TicketFact, step: ClockStep, delta: timedelta) -> dict[str, str | int]:
    """A clock step as data: kind (follow-up, chase, escalate), its number, minutes late or left."""
    return {"id": t.id, "location": t.location, "step": step.kind, "number": step.number,
            "minutes": int(abs(delta.total_seconds()) // 60)}


def _missing(t: TicketFact, roles: Iterable[str]) -> str:
    """The role codes still to be told, comma-separated ('' when everyone was)."""
    return ",".join(r for r in roles if r not in t.notified)


def _signed(delta: timedelta) -> str:
    """``-30min``, ``-1h``, ``+1h30min``: an offset from T as the procedures write it."""
    total = int(delta.total_seconds()) // 60
    sign, total = ("-" if total < 0 else "+"), abs(total)
    hours, mins = divmod(total, 60)
    text = (f"{hours}h" if hours else "") + (f"{mins}min" if mins or not hours else "")
    return sign + text
