"""Whether a booking may be taken: times, capacity, notice, approval, overlap."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import arrow

from .durations import format_duration
from .facts import Booking, Slot
from .rulebook import SERVICES, Rulebook, VenueClass


class RuleViolation(ValueError):
    """A rule refused the request. ``rule`` names it; the message gives the numbers."""

    def __init__(self, rule: str, message: str) -> None:
        self.rule = rule
        super().__init__(f"[{rule}] {message}")


def check_booking(booking: Booking, others: Iterable[Slot], book: Rulebook,
                  now: arrow.Arrow) -> None:
    """Raise RuleViolation for the first rule the booking breaks."""
    if booking.end <= booking.start:
        raise RuleViolation("booking.times", f"end {booking.end.to(book.tz).format('YYYY-MM-DD HH:mm')} "
                            f"is not after start {booking.start.to(book.tz).format('YYYY-MM-DD HH:mm')}")
    if booking.start < now:
        raise RuleViolation("booking.past", "the meeting would start in the past")
    if booking.attendees <= 0:
        raise RuleViolation("booking.attendees", "attendees must be at least 1")
    if booking.capacity and booking.attendees > booking.capacity:
        raise RuleViolation("booking.capacity", f"{booking.attendees} attendees exceed "
                            f"{booking.venue}'s capacity of {booking.capacity}")
    unknown = sorted(set(booking.services) - set(SERVICES))
    if unknown:
        raise RuleViolation("booking.services", f"unknown service {', '.join(unknown)}; "
                            f"known: {', '.join(SERVICES)}")
    rule = book.classes[booking.venue_class]
    short = _notice_violation(rule, booking, book)
    if short is not None and not _a_stricter_class_accepts(rule, booking, book):
        raise short
    if rule.approval and not (booking.approval_ref or "").strip():
        raise RuleViolation(f"class.{rule.name}.approval",
                            f"class {rule.name} needs the approved rental application "
                            "(租用会议室申请表) reference: --approval REF")
    gap = book.min_gap
    for slot in others:
        if slot.start < booking.end and booking.start < slot.end:
            raise RuleViolation("booking.overlap",
                                f"{booking.venue} is booked {_span(slot, book)} "
                                f"(meeting {slot.meeting_id})")
        if slot.start < booking.end + gap and booking.start < slot.end + gap:
            raise RuleViolation("booking.min_gap",
                                f"{booking.venue} needs {format_duration(gap)} between meetings; "
                                f"meeting {slot.meeting_id} is {_span(slot, book)}")


def _notice_violation(rule: VenueClass, booking: Booking, book: Rulebook) -> RuleViolation | None:
    """The class's own notice rule: wall-clock notice, then working-day notice if set."""
    lead = booking.start - booking.booked_at
    if rule.notice and lead < rule.notice:
        return RuleViolation(f"class.{rule.name}.notice",
                             f"class {rule.name} needs at least {format_duration(rule.notice)} "
                             f"notice; this booking gives {format_duration(max(lead, timedelta(0)))}")
    if rule.notice_working_days:
        need = book.calendar.working_day_length() * rule.notice_working_days
        have = book.calendar.working_time_between(booking.booked_at, booking.start)
        if have < need:
            return RuleViolation(f"class.{rule.name}.notice_working_days",
                                 f"class {rule.name} needs {rule.notice_working_days:g} working day "
                                 f"({format_duration(need)} of working hours) notice; "
                                 f"this booking gives {format_duration(have)}")
    return None


# Domain §2: "class B is never stricter than class C: a booking class C would accept, class B
# accepts" (B's half day must not refuse a Friday-evening call for Monday that C takes).
NEVER_STRICTER_THAN = {"B": ("C",)}


def _a_stricter_class_accepts(rule: VenueClass, booking: Booking, book: Rulebook) -> bool:
    return any(_notice_violation(book.classes[name], booking, book) is None
               for name in NEVER_STRICTER_THAN.get(rule.name, ()))


def _span(slot: Slot, book: Rulebook) -> str:
    a, b = slot.start.to(book.tz), slot.end.to(book.tz)
    return f"{a.format('YYYY-MM-DD HH:mm')}-{b.format('HH:mm')}"
