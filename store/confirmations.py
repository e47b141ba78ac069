"""What a confirmation on the board names (issue 11): a readiness item or a ticket, read
for the acting person (a confidential meeting's topic masked as everywhere else), in the
same shape as ``task show``/``ticket show`` on the command line. Reads only; the write that
follows the confirmation carries the version read here, so a change in between is refused."""

from __future__ import annotations

from typing import Any

from .context import Context, get_or_404
from .errors import NotFound
from .models import Meeting, Person, Task, Ticket, Venue
from .timeutil import iso, must
from .views import task_view, ticket_view


def task_details(ctx: Context, task_id: int) -> dict[str, Any]:
    """The item with its meeting, venue, who reported and who verified it (logins)."""
    task = (Task.select(Task, Meeting, Venue).join(Meeting).join(Venue)
            .where(Task.id == task_id).first())
    if task is None:
        raise NotFound(f"no task {task_id}")
    people = [i for i in (task.done_by_id, task.verified_by_id) if i is not None]
    logins = {p.id: p.login for p in Person.select(Person.id, Person.login).where(Person.id.in_(people))}
    view = task_view(task, ctx.book, ctx.now(), Person.get_or_none(Person.login == ctx.login), logins)
    return view | {"meeting_start": iso(must(task.meeting.start_at), ctx.tz)}


def ticket_details(ctx: Context, ticket_id: int) -> dict[str, Any]:
    """The case as ``ticket show`` has it (without its history)."""
    ticket = get_or_404(Ticket, ticket_id, "ticket")
    role = Person.get_by_id(ticket.approved_by_id).role if ticket.approved_by_id else None
    return ticket_view(ticket, ctx.book, ctx.now(), role)
