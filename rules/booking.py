"""Whether a booking may be taken: times, capacity, notice, approval, overlap."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta

import arrow

from .durations import format_length
from .facts import Booking, Slot
from .rulebook import SERVICES, Rulebook, VenueClass


class RuleViolation(ValueError):
    """A rule refused the request. ``rule`` names it; the message gives the numbers. ``hint``
    is what to type on the command line to satisfy it (``--approval REF``), apart from the
    sentence: the command line prints it in parentheses at the end, the board, which has no
    flags, drops it and says which key or field to use instead."""

    def __init__(self, rule: str, message: str, hint: str = "") -> None:
        self.rule, self.message, self.hint = rule, message, hint
        super().__init__(f"[{rule}] {message}" + (f" ({hint})" if hint else ""))


def check_booking(booking: Booking, others: Iterable[Slot], book: Rulebook,
                  now: arrow.Arrow) -> None:
    """Raise RuleViolation for the first rule the booking breaks."""
    for violation in booking_violations(booking, others, book, now):
        raise violation


def booking_violations(booking: Booking, others: Iterable[Slot], book: Rulebook,
                       now: arrow.Arrow) -> Iterator[RuleViolation]:
    """Every rule the booking breaks, in the order ``check_booking`` checks them (it raises
    the first): the booking form shows each beside its field. A later check may rest on an
    earlier one (the gap checks assume the times are in order), so a consumer that wants
    more than the first should read it as "also wrong", never as "the only thing wrong"."""
    if booking.end <= booking.start:
        yield RuleViolation("booking.times", f"end {booking.end.to(book.tz).format('YYYY-MM-DD HH:mm')} "
                            f"is not after start {booking.start.to(book.tz).format('YYYY-MM-DD HH:mm')}")
    if booking.start < now:
        yield RuleViolation("booking.past", "the meeting would start in the past")
    if booking.attendees <= 0:
        yield RuleViolation("booking.attendees", "attendees must be at least 1")
    if booking.capacity and booking.attendees > booking.capacity:
        yield RuleViolation("booking.capacity", f"{booking.attendees} attendees exceed "
                            f"{booking.venue}'s capacity of {booking.capacity}")
    unknown = sorted(set(booking.services) - set(SERVICES))
    if unknown:
        yield RuleViolation("booking.services", f"unknown service {', '.join(unknown)}; "
                            f"known: {', '.join(SERVICES)}")
    rule = book.classes[booking.venue_class]
    short = _notice_violation(rule, booking, book)
    if short is not None and not _a_stricter_class_accepts(rule, booking, book):
        yield short
    kind = book.kinds.get(booking.venue_kind)
    if not (booking.approval_ref or "").strip():
        if rule.approval:
            yield RuleViolation(f"class.{rule.name}.approval",
                                f"class {rule.name} needs the approved rental application "
                                "(租用会议室申请表) reference", hint="--approval REF")
        elif kind is not None and kind.approval:
            # every conference-building meeting is one the administration office approved
            # in writing or set itself (篇2 §5.1.3, domain §2)
            yield RuleViolation(f"kind.{kind.name}.approval",
                                f"a {kind.name} meeting needs the administration office's "
                                "approval reference", hint="--approval REF")
    gap = book.min_gap
    prep, cleardown = venue_margins(booking.venue_kind, book)
    for slot in sorted(others, key=lambda s: s.start):
        if slot.start < booking.end and booking.start < slot.end:
            yield RuleViolation("booking.overlap",
                                f"{booking.venue} is booked {_span(slot, book)} "
                                f"(meeting {slot.meeting_id})")
        if slot.start < booking.end + gap and booking.start < slot.end + gap:
            yield RuleViolation("booking.min_gap",
                                f"{booking.venue} needs {format_length(gap)} between meetings; "
                                f"meeting {slot.meeting_id} is {_span(slot, book)}")
        if slot.end <= booking.start and booking.start - prep < slot.end + cleardown:
            yield RuleViolation("booking.gap",
                                f"{booking.venue}: this meeting's preparation starts "
                                f"{_hm(booking.start - prep, book)} (T-{format_length(prep)}), "
                                f"before meeting {slot.meeting_id} ({_span(slot, book)}) is cleared "
                                f"down at {_hm(slot.end + cleardown, book)} "
                                f"(E+{format_length(cleardown)})")
        if booking.end <= slot.start and slot.start - prep < booking.end + cleardown:
            yield RuleViolation("booking.gap",
                                f"{booking.venue}: this meeting's clear-down runs to "
                                f"{_hm(booking.end + cleardown, book)} (E+{format_length(cleardown)}), "
                                f"after meeting {slot.meeting_id} ({_span(slot, book)}) starts its "
                                f"preparation at {_hm(slot.start - prep, book)} "
                                f"(T-{format_length(prep)})")


def venue_margins(kind: str, book: Rulebook) -> tuple[timedelta, timedelta]:
    """(prep, cleardown) of a venue kind: how long before T its on-the-day preparation
    starts and how long after E it is cleared down."""
    k = book.kinds.get(kind)
    return (k.prep, k.cleardown) if k is not None else (timedelta(0), timedelta(0))


def search_window(kind: str, book: Rulebook) -> timedelta:
    """How far either side of a booking another meeting can be and still matter."""
    prep, cleardown = venue_margins(kind, book)
    return max(book.min_gap, prep + cleardown)


def _hm(instant: arrow.Arrow, book: Rulebook) -> str:
    return instant.to(book.tz).format("YYYY-MM-DD HH:mm")


def _notice_violation(rule: VenueClass, booking: Booking, book: Rulebook) -> RuleViolation | None:
    """The class's own notice rule: wall-clock notice, then working-day notice if set."""
    lead = booking.start - booking.booked_at
    if rule.notice and lead < rule.notice:
        return RuleViolation(f"class.{rule.name}.notice",
                             f"class {rule.name} needs at least {format_length(rule.notice)} "
                             f"notice; this booking gives {format_length(max(lead, timedelta(0)))}")
    if rule.notice_working_days:
        need = book.calendar.working_day_length() * rule.notice_working_days
        have = book.calendar.working_time_between(booking.booked_at, booking.start)
        if have < need:
            return RuleViolation(f"class.{rule.name}.notice_working_days",
                                 f"class {rule.name} needs {rule.notice_working_days:g} working day "
                                 f"({format_length(need)} of working hours) notice; "
                                 f"this booking gives {format_length(have)}")
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
