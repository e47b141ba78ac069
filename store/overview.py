"""The manager's overview (issue 13 item 5): one row per building with what needs attention
there now, for the board's ``O`` screen (tui/board/overview.py).

Each count is one grouped query over the sites the viewer may see, bounded by time or by the
live tickets' partial index, never by history:

- overdue readiness items: pending, due in the board's look-back window and already past;
- unverified readiness: reported done, awaiting verification, due in the last two days;
- open tickets: the tickets in hand (open, dispatched, resolved, stalled included);
- open emergencies: those of them registered as emergencies.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import peewee as pw
from dutyboard.rules.facts import DONE, PENDING

from . import sites
from .board import BOARD_DEPTS, LOOKBACK
from .context import Context
from .errors import NotPermitted
from .models import Audit, Site, Task, Ticket
from .scope import every_site
from .tickets import tickets_in_hand
from .timeutil import to_db

UNVERIFIED_SINCE = datetime.timedelta(days=2)  # as ``flags``


@dataclass(frozen=True)
class SiteCounts:
    site_id: int
    code: str
    name: str
    name_zh: str
    overdue: int = 0
    unverified: int = 0
    open_tickets: int = 0
    emergencies: int = 0


def may_see_overview(ctx: Context) -> bool:
    """People of more than one building, the manager and the administrator."""
    person = ctx.actor()
    if sites.sees_every_site(person, ctx.db, ctx.real_login):
        return True
    return len(sites.site_ids_of(person, ctx.db, ctx.real_login)) > 1


def token() -> int:
    """The newest audit id: the overview recounts when it moves."""
    return Audit.select(pw.fn.MAX(Audit.id)).scalar() or 0


def _by_site(query: Any) -> dict[int, int]:
    return {site_id: count for site_id, count in query.tuples()}


def site_counts(ctx: Context) -> list[SiteCounts]:
    """Every site the viewer may see, in code order; NotPermitted for anyone else."""
    if not may_see_overview(ctx):
        raise NotPermitted(f"{ctx.login}: not permitted: the overview is for people of several "
                           "sites, the manager and the administrator", "overview")
    person = ctx.actor()
    ids = sites.site_ids_of(person, ctx.db, ctx.real_login)
    now = ctx.now()
    with every_site():
        shown = list(Site.select().where(Site.id.in_(ids)).order_by(Site.code))
        task = Task.select(Task.site, pw.fn.COUNT(Task.id)).where(
            Task.site.in_(ids) & Task.dept.in_(BOARD_DEPTS)).group_by(Task.site)
        overdue = _by_site(task.where((Task.state == PENDING) & (Task.due_at < to_db(now))
                                      & (Task.due_at >= to_db(now - LOOKBACK))))
        unverified = _by_site(task.where((Task.state == DONE) & Task.verify
                                         & (Task.due_at >= to_db(now - UNVERIFIED_SINCE))))
        live = tickets_in_hand(Ticket.site, pw.fn.COUNT(Ticket.id)).where(
            Ticket.site.in_(ids)).group_by(Ticket.site)
        open_tickets = _by_site(live)
        emergencies = _by_site(live.where(Ticket.priority == "emergency"))
    return [SiteCounts(s.id, s.code, s.name, s.name_zh, overdue.get(s.id, 0),
                       unverified.get(s.id, 0), open_tickets.get(s.id, 0), emergencies.get(s.id, 0))
            for s in shown]
