"""The text of the detail screen for a row: a meeting with its tasks, a ticket with its
history (who, when, what), a task, or a flag's subject. Runs in a worker thread."""

from __future__ import annotations

from dutyboard.store.context import Context
from dutyboard.store.errors import NotFound
from dutyboard.store.models import Meeting, Person, Task, Ticket
from dutyboard.store.tasks import tasks_query
from dutyboard.store.tickets import history
from dutyboard.store.timeutil import iso, must
from dutyboard.store.views import meeting_view, task_view, ticket_view

from .i18n import Translator
from .refs import RowRef
from .wording import event_kind, event_note, task_words, unmask, view_lines


def detail_text(ctx: Context, key: RowRef, t: Translator) -> tuple[str, str]:
    """(title, body) of what the row stands for; an escalation row opens its subject."""
    viewer = Person.get_or_none(Person.login == ctx.login)
    now = ctx.now()
    key = key.subject
    if key.entity == "day":
        return (key.ident, "")
    if key.entity == "task":
        task = Task.get_or_none(Task.id == key.number)
        if task is None:
            raise NotFound(f"no task {key.ident}")
        key = RowRef("meeting", task.meeting_id)
    if key.entity == "meeting":
        meeting = Meeting.get_or_none(Meeting.id == key.number)
        if meeting is None:
            raise NotFound(f"no meeting {key.ident}")
        view = meeting_view(meeting, ctx.book, viewer)
        names = {p.id: p.login for p in Person.select(Person.id, Person.login)}
        lines = view_lines(view, t)
        lines += ["", t("detail.tasks") + ":"]
        for task in tasks_query(meeting.id):
            v = task_view(task, ctx.book, now, viewer, names)
            who = f" {v['done_by']}" if v["done_by"] else ""
            dept, state = task_words(v, t)
            lines.append(f"  #{v['id']:<5} {v['due_at'][11:16]} {dept:4} {state:8}"
                         f"{who:10} {v['title_zh'] if t.lang == 'zh' else v['title']}")
        return (f"{view['venue']} {unmask(view['title'], t)}", "\n".join(lines))
    ticket = Ticket.get_or_none(Ticket.id == key.number)
    if ticket is None:
        raise NotFound(f"no ticket {key.ident}")
    view = ticket_view(ticket, ctx.book, now)
    lines = view_lines(view, t, skip_empty=True, entity="ticket")
    lines += ["", t("detail.history") + ":"]
    for event in history(ticket.id):
        lines.append(f"  {iso(must(event['at']), ctx.tz)}  {event['actor']:10} "
                     f"{event_kind(event['kind'], t):12} {event_note(event['kind'], event['note'], t)}")
    return (f"#{ticket.id} {ticket.location}", "\n".join(lines))
