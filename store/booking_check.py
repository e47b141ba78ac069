"""One set of booking checks for the store and the booking form.

``add_meeting`` raises the first problem; the board's booking form shows every problem beside
its field while the clerk types (read-only, nothing written). Both build the booking the same
way (``new_meeting``, ``other_slots``) and ask the same rules (``rules.booking``), so the form
cannot accept what the store would refuse, nor the other way round. The store stays the
enforcer: what the form saw may have changed by the time the clerk saves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import arrow
from dutyboard.rules import Slot
from dutyboard.rules.booking import booking_violations, search_window
from dutyboard.rules.facts import Booking
from dutyboard.rules.preparation import default_size
from dutyboard.rules.rulebook import PURCHASES, SERVICES, SIZES, Rulebook

from .errors import NotFound
from .facts import booking_of
from .models import Meeting, Person, Venue
from .timeutil import must, to_db

REQUIRED = ("title", "organizer", "contact", "phone")


@dataclass
class MeetingInput:
    """A booking as the desk takes it (the service notice, 《会议服务通知单》)."""
    venue: str
    start: arrow.Arrow
    end: arrow.Arrow
    title: str
    organizer: str          # the organizing unit
    contact: str
    phone: str
    attendees: int
    services: tuple[str, ...] = ()
    approval_ref: str | None = None
    confidential: bool = False
    layout: str = ""
    size: str = ""  # small | medium | large | important; '' = from attendees and venue kind
    purchases: tuple[str, ...] = ()  # bought on the organizer's behalf (rulebook.PURCHASES)


@dataclass(frozen=True)
class Problem:
    """Why a booking cannot be taken: the form field it belongs beside, the rule (as in the
    store's refusal: ``class.A.notice``; ``required`` / ``usage`` for bad input), the message."""
    field: str
    rule: str
    message: str
    hint: str = ""  # the command line's hint at the message's end (RuleViolation.hint)

    @property
    def usage(self) -> bool:
        """Bad input (exit 2) rather than a rule's refusal (exit 3)."""
        return self.rule in ("required", "usage")


def rule_field(rule: str) -> str:
    """The form field a rule's refusal is shown beside."""
    if rule in ("booking.times", "booking.max_duration"):
        return "end"
    if rule in ("booking.attendees", "booking.capacity"):
        return "attendees"
    if rule == "booking.services":
        return "services"
    if rule.endswith(".approval"):
        return "approval"
    return "start"  # the notice, the past, the venue's other meetings and the margins


def input_problems(data: MeetingInput, book: Rulebook) -> list[Problem]:
    """What is wrong with the input itself, before any rule or database is asked."""
    out = [Problem(f, "required", f"--{f} must not be empty") for f in REQUIRED
           if not str(getattr(data, f)).strip()]
    bad = [s for s in data.services if s not in SERVICES]
    if bad:
        out.append(Problem("services", "usage",
                           f"unknown service {', '.join(bad)}; known: {', '.join(SERVICES)}"))
    bad = [s for s in data.purchases if s not in PURCHASES]
    if bad:
        out.append(Problem("purchases", "usage",
                           f"unknown purchase {', '.join(bad)}; known: {', '.join(PURCHASES)}"))
    if data.size and data.size not in SIZES:
        out.append(Problem("size", "usage", f"unknown size {data.size!r}; sizes: {', '.join(SIZES)}"))
    out.extend(length_problems(data.start, data.end, book))
    return out


def length_problems(start: arrow.Arrow, end: arrow.Arrow, book: Rulebook) -> list[Problem]:
    """Bounded work: a meeting longer than ``booking.max_duration`` (default 24 h)."""
    limit = book.max_meeting
    if end - start <= limit:
        return []
    hours = limit.total_seconds() / 3600
    return [Problem("end", "booking.max_duration",
                    f"[booking.max_duration] a meeting lasts at most {hours:g} h; "
                    f"{start.to(book.tz).format('YYYY-MM-DD HH:mm')} to "
                    f"{end.to(book.tz).format('YYYY-MM-DD HH:mm')} is longer")]


def moved_booking(meeting: Meeting, start: arrow.Arrow, end: arrow.Arrow, now: arrow.Arrow) -> Booking:
    """A booking at its new times, as a fresh request: the notice counts from now."""
    moved = Meeting(**{**meeting.__data__, "start_at": to_db(start), "end_at": to_db(end)})
    return replace(booking_of(moved, meeting.venue), booked_at=now)


def move_problems(meeting: Meeting, start: arrow.Arrow, end: arrow.Arrow, book: Rulebook,
                  now: arrow.Arrow) -> list[Problem]:
    """Every problem of moving a booking (a read, before the board asks to confirm); the
    store's ``move_meeting`` checks the same again when it writes."""
    if meeting.status == "cancelled":
        return [Problem("start", "meeting.cancelled",
                        f"[meeting.cancelled] meeting {meeting.id} is cancelled")]
    too_long = length_problems(start, end, book)
    if too_long:
        return too_long
    return rule_problems(moved_booking(meeting, start, end, now),
                         other_slots(meeting.venue, start, end, book, meeting.id), book, now)


def services_of(data: MeetingInput) -> tuple[str, ...]:
    """The services stored: a purchase on the organizer's behalf implies the purchase service."""
    return tuple(sorted(set(data.services) | ({"purchase"} if data.purchases else set())))


def new_meeting(data: MeetingInput, venue: Venue, person: Person | None,
                now: arrow.Arrow, book: Rulebook) -> Meeting:
    """The unsaved row a booking becomes (the store saves it; the form only checks it)."""
    return Meeting(
        venue=venue, title=data.title, organizer=data.organizer, contact=data.contact,
        phone=data.phone, attendees=data.attendees, layout=data.layout,
        services=",".join(services_of(data)), purchases=",".join(sorted(set(data.purchases))),
        approval_ref=data.approval_ref or None, confidential=data.confidential,
        start_at=to_db(data.start), end_at=to_db(data.end), booked_at=to_db(now), booked_by=person,
        size=data.size or default_size(data.attendees, venue.kind, book))


def other_slots(venue: Venue, start: arrow.Arrow, end: arrow.Arrow, book: Rulebook,
                exclude: int | None = None) -> list[Slot]:
    """The venue's other live bookings near enough to matter (overlap, gap, margins)."""
    window = search_window(venue.kind, book).total_seconds()
    lo, hi = start.shift(seconds=-window), end.shift(seconds=window)
    query = Meeting.select().where(
        (Meeting.venue == venue) & (Meeting.status == "booked")
        & (Meeting.start_at < to_db(hi)) & (Meeting.end_at > to_db(lo)))
    if exclude is not None:
        query = query.where(Meeting.id != exclude)
    return [Slot(m.id, m.title, must(m.start_at), must(m.end_at)) for m in query]


def find_venue(name_or_id: str) -> Venue:
    venue = Venue.get_or_none((Venue.name == name_or_id) & Venue.active)
    if venue is None and name_or_id.isdigit():
        venue = Venue.get_or_none(Venue.id == int(name_or_id))
    if venue is None:
        known = ", ".join(v.name for v in Venue.select(Venue.name).where(Venue.active)
                          .order_by(Venue.name).limit(12))
        raise NotFound(f"unknown venue {name_or_id!r}; venues: {known or '(none yet)'}")
    return venue


def rule_problems(booking: Booking, others: list[Slot], book: Rulebook,
                  now: arrow.Arrow) -> list[Problem]:
    return [Problem(rule_field(v.rule), v.rule, str(v), v.hint)
            for v in booking_violations(booking, others, book, now)]


def booking_problems(data: MeetingInput, book: Rulebook, now: arrow.Arrow) -> list[Problem]:
    """Every problem of a booking as it stands (a read; call it outside a write). The
    venue is looked up as ``add_meeting`` does (``find_venue``)."""
    problems = input_problems(data, book)
    try:
        venue = find_venue(data.venue)
    except NotFound as exc:
        return [Problem("venue", "venue", str(exc)), *problems]
    if data.end - data.start > book.max_meeting:
        return problems  # bounded work: no search over a flood of a window
    meeting = new_meeting(data, venue, None, now, book)
    booking = booking_of(meeting, venue)
    return problems + rule_problems(booking, other_slots(venue, data.start, data.end, book), book, now)
