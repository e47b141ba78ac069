"""Plain facts the rules reason about. The store builds these from rows;
tests build them by hand. Times are UTC ``arrow.Arrow``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # annotations only: the parser's choices load without arrow
    import arrow

# The states and kinds live in rules/names.py (no imports: the parser's choices); here too
from .names import (  # noqa: F401
    CATEGORIES,
    CHANNELS,
    CLOSED,
    DISPATCHED,
    DONE,
    INQUIRY,
    NATURES,
    OPEN,
    PENDING,
    PRIORITIES,
    RESOLVED,
    STALLED,
    TASK_STATES,
    TICKET_KINDS,
    TICKET_LIST_STATES,
    TICKET_STATES,
    VERIFIED,
)


@dataclass(frozen=True)
class Booking:
    venue: str
    venue_class: str
    venue_kind: str
    capacity: int
    start: arrow.Arrow
    end: arrow.Arrow
    attendees: int
    booked_at: arrow.Arrow
    services: frozenset[str] = frozenset()
    approval_ref: str | None = None
    size: str = ""  # small | medium | large | important; '' = by attendees and venue kind
    purchases: frozenset[str] = frozenset()  # bought on the organizer's behalf (PURCHASES)


@dataclass(frozen=True)
class Slot:
    """Another booking of the same venue, for the overlap and gap check."""
    meeting_id: int
    title: str
    start: arrow.Arrow
    end: arrow.Arrow


@dataclass(frozen=True)
class TaskSpec:
    code: str
    dept: str
    title: str
    title_zh: str
    due: arrow.Arrow
    earliest: arrow.Arrow
    verify: bool
    short_notice: bool = False  # its time had passed at booking: due as soon as possible


@dataclass(frozen=True)
class TaskFact:
    id: int
    meeting_id: int
    dept: str
    title: str
    due: arrow.Arrow
    state: str
    verify: bool
    meeting_start: arrow.Arrow
    meeting_title: str = ""
    earliest: arrow.Arrow | None = None
    cancelled: bool = False
    short_notice: bool = False


@dataclass(frozen=True)
class TicketFact:
    id: int
    kind: str
    priority: str
    state: str
    opened_at: arrow.Arrow
    location: str = ""
    dept: str | None = None
    dispatched_at: arrow.Arrow | None = None
    follow_ups: tuple[arrow.Arrow, ...] = ()
    escalated_at: arrow.Arrow | None = None
    resolved_at: arrow.Arrow | None = None
    signed: bool = False
    major: bool = False
    approvals: tuple[tuple[str, str], ...] = ()  # (login, role)
    related_pending: bool = False
    notified: frozenset[str] = field(default_factory=frozenset)
    clock_at: arrow.Arrow | None = None  # when the clock (re)started: dispatch or reopen
    follow_up_count: int = 0                   # every follow-up made since the clock started
    last_follow_up_at: arrow.Arrow | None = None
    stalled_at: arrow.Arrow | None = None      # set apart as unresolvable (stays open)
    callback_at: arrow.Arrow | None = None     # the requester was called back (回访)
    unresolvable: bool = False                 # closed as unresolvable

    @property
    def is_emergency(self) -> bool:
        return self.priority == "emergency"

    @property
    def goes_up_at_once(self) -> bool:
        """Urgent or major: to the desk supervisor at once (000 篇4 4(1)⑶), as emergencies."""
        return self.priority == "urgent" or self.major or self.is_emergency

    @property
    def made_follow_ups(self) -> int:
        return max(self.follow_up_count, len(self.follow_ups))

    @property
    def needs_approval(self) -> bool:
        return self.major or self.is_emergency


@dataclass(frozen=True)
class Flag:
    kind: str
    severity: str  # "info" < "warn" < "alarm"
    subject: str   # "task:12", "ticket:7", "day:2026-11-23"
    due_at: arrow.Arrow | None
    message: str
    dept: str | None = None
    # what the message says, as data, so a board words the flag in its own language: ids,
    # titles, minutes, role codes (comma-separated), local times. Not part of equality.
    values: Mapping[str, str | int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def subject_id(self) -> int | None:
        tail = self.subject.split(":", 1)[1]
        return int(tail) if tail.isdigit() else None


SEVERITY_ORDER = {"alarm": 0, "warn": 1, "info": 2}


def minutes(delta: timedelta) -> int:
    return int(abs(delta.total_seconds()) // 60)
