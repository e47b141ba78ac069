"""The text of the detail screen for a row: a meeting with its tasks, a ticket with its
history (who, when, what), a task, or a flag's subject. Runs in a worker thread."""

from __future__ import annotations

from dutyboard.store.board import Snapshot
from dutyboard.store.context import Context
from dutyboard.store.errors import NotFound
from dutyboard.store.models import Meeting, Person, Task, Ticket
from dutyboard.store.tasks import tasks_query
from dutyboard.store.tickets import history
from dutyboard.store.timeutil import iso, must
from dutyboard.store.views import meeting_view, task_view, ticket_view

from .i18n import Translator


def detail_text(ctx: Context, snap: Snapshot | None, key: str, t: Translator) -> tuple[str, str]:
    viewer = Person.get_or_none(Person.login == ctx.login)
    now = ctx.now()
    if key.startswith("t"):
        task = Task.get_or_none(Task.id == int(key[1:]))
        if task is None:
            raise NotFound(f"no task {key[1:]}")
        key = f"m{task.meeting_id}"
    if ":" in key:  # an escalation row: kind:subject:id
        _, entity, ident = key.split(":")
        key = ("k" if entity == "ticket" else "t" if entity == "task" else "") + ident
        if key.startswith("t"):
            return detail_text(ctx, snap, key, t)
        if not key.startswith("k"):
            return (key, "")
    if key.startswith("m"):
        meeting = Meeting.get_or_none(Meeting.id == int(key[1:]))
        if meeting is None:
            raise NotFound(f"no meeting {key[1:]}")
        view = meeting_view(meeting, ctx.book, viewer)
        names = {p.id: p.login for p in Person.select(Person.id, Person.login)}
        lines = [f"{k}: {v}" for k, v in view.items()]
        lines += ["", t("detail.tasks") + ":"]
        for task in tasks_query(meeting.id):
            v = task_view(task, ctx.book, now, viewer, names)
            who = f" {v['done_by']}" if v["done_by"] else ""
            lines.append(f"  #{v['id']:<5} {v['due_at'][11:16]} {v['dept']:4} {v['state']:8}"
                         f"{who:10} {v['title_zh'] if t.lang == 'zh' else v['title']}")
        return (f"{view['venue']} {view['title']}", "\n".join(lines))
    ticket = Ticket.get_or_none(Ticket.id == int(key[1:]))
    if ticket is None:
        raise NotFound(f"no ticket {key[1:]}")
    view = ticket_view(ticket, ctx.book, now)
    lines = [f"{k}: {v}" for k, v in view.items() if v not in (None, "", [])]
    lines += ["", t("detail.history") + ":"]
    for event in history(ticket.id):
        lines.append(f"  {iso(must(event['at']), ctx.tz)}  {event['actor']:10} {event['kind']:12} "
                     f"{event['note']}")
    return (f"#{ticket.id} {ticket.location}", "\n".join(lines))
