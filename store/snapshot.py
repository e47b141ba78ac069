"""The board's read model, as data: what one snapshot holds (today's meetings, the
departments' lists, the tickets in hand, the days, the site's notes) and the delta a
refresh or a window step carries. store/board.py reads them; the board shows them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import arrow
from dutyboard.rules import TicketFact

TYPE_CHECKING = False   # the trend's module (and the reports' under it) loads only for a trend
if TYPE_CHECKING:
    from .trend import Trend

TREND_ROLES = ("supervisor", "manager")   # whose board shows the month's trend (store/trend.py)


@dataclass
class MeetingRow:
    id: int
    venue: str
    venue_class: str
    kind: str
    title: str
    start: arrow.Arrow
    end: arrow.Arrow
    status: str
    total: int = 0
    done: int = 0
    verified: int = 0
    pre_pending: int = 0
    next_due: arrow.Arrow | None = None
    # the timeline (tui/board/timeline.py): the first preparation item due on the day, from
    # which its window is shaded, and the first preparation item still pending (overdue once
    # the clock passes it); both None when there is none
    prep_from: arrow.Arrow | None = None
    prep_due: arrow.Arrow | None = None

    def phase(self, now: arrow.Arrow) -> str:
        if self.status == "cancelled":
            return "cancelled"
        if now >= self.end:
            return "finished"
        if now >= self.start:
            return "in progress"
        return "ready" if self.pre_pending == 0 else "preparing"


@dataclass
class TaskRow:
    id: int
    meeting_id: int
    venue: str
    dept: str
    code: str
    title: str
    title_zh: str
    due: arrow.Arrow
    earliest: arrow.Arrow
    state: str
    verify: bool
    version: int
    meeting_start: arrow.Arrow
    meeting_title: str = ""   # masked for a viewer not cleared for a confidential meeting
    verifier: str = "fcc"     # the department that verifies it (rulebook [verification])


@dataclass
class TicketRow:
    fact: TicketFact
    kind: str
    location: str
    dept: str | None
    content: str
    contact: str
    version: int


@dataclass(frozen=True)
class Viewer:
    """Who the board is open for, as the header says it: an empty ``role`` is a login that
    is not an active dutyboard user here (NOT A USER)."""
    login: str
    name: str = ""
    role: str = ""
    depts: tuple[str, ...] = ()

    @property
    def is_user(self) -> bool:
        return bool(self.role)


@dataclass(frozen=True)
class SiteNotes:
    """What the header tells everyone about the database itself, read with the data (never on
    the UI thread): a practice database, a broken audit trail, a year the official working
    calendar does not cover."""
    training: bool = False
    audit_break: int | None = None   # the first audit row whose chain does not hold
    calendar_gap: int | None = None  # a year with no official calendar (weekends + rulebook only)
    viewer: Viewer | None = None     # None: not read yet


@dataclass(frozen=True)
class Delta:
    """What one refresh re-read, by id, so the board re-derives only those rows: the meetings
    whose counts were re-read, the tasks whose row appeared, changed or left a department's
    list, the tickets written to, and whether the days (sign-off, bookings report) were."""
    meetings: frozenset[int] = frozenset()
    tasks: frozenset[int] = frozenset()
    tickets: frozenset[int] = frozenset()
    days: bool = False
    since: int = 0    # the token of the snapshot this delta applies to


@dataclass
class Snapshot:
    token: int
    meetings: dict[int, MeetingRow] = field(default_factory=dict)
    dept_tasks: dict[str, list[TaskRow]] = field(default_factory=dict)
    tickets: dict[int, TicketRow] = field(default_factory=dict)
    unsigned: list[datetime.date] = field(default_factory=list)
    # working days whose bookings report is not recorded as sent (000 §3.3B): the board's
    # escalations show rules.flags.bookings_report_flag for each
    unsent_bookings: list[datetime.date] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)   # panes touched by the last delta
    changed_ids: set[str] = field(default_factory=set)  # "task:12", "ticket:3" ...
    site: SiteNotes = field(default_factory=SiteNotes)  # what the header must say
    trend: Trend | None = None    # the supervisor's sparkline (store/trend.py); None for others
    # alerts acknowledged (``a``, on any board) since the previous snapshot: subject ("task:12")
    # -> (login, when); every board drops their highlights (tui/board/alerts.py)
    acknowledged: dict[str, tuple[str, arrow.Arrow]] = field(default_factory=dict)

    delta: Delta | None = None    # what changed since the previous snapshot; None: a full load
