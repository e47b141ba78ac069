"""What the booking form completes from: the venues, and the organizers, contacts and layouts
of bookings seen before (the newest first). Confidential meetings are left out: their
organizer and contact are shown only to cleared people (domain §6), and completion would
show them to anyone at the desk."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Meeting, Venue

LAYOUTS = ("theatre", "classroom", "U-shape", "round table", "boardroom", "banquet")


@dataclass(frozen=True)
class VenueChoice:
    name: str
    venue_class: str
    kind: str
    capacity: int


@dataclass
class BookingChoices:
    venues: dict[str, VenueChoice] = field(default_factory=dict)
    organizers: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    phones: dict[str, str] = field(default_factory=dict)       # contact -> their last phone
    last_contact: dict[str, str] = field(default_factory=dict)  # organizer -> its last contact
    layouts: list[str] = field(default_factory=list)


def booking_choices(limit: int = 500) -> BookingChoices:
    out = BookingChoices()
    for v in Venue.select().where(Venue.active).order_by(Venue.name):
        out.venues[v.name] = VenueChoice(v.name, v.venue_class, v.kind, v.capacity)
    recent = (Meeting.select(Meeting.organizer, Meeting.contact, Meeting.phone, Meeting.layout)
              .where(~Meeting.confidential).order_by(Meeting.id.desc()).limit(limit))
    layouts: dict[str, None] = {}
    for m in recent:
        out.phones.setdefault(m.contact, m.phone)
        out.last_contact.setdefault(m.organizer, m.contact)
        if m.layout:
            layouts.setdefault(m.layout)
    out.organizers = list(out.last_contact)
    out.contacts = list(out.phones)
    out.layouts = list(dict.fromkeys([*layouts, *LAYOUTS]))
    return out
