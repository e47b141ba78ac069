"""The text of the detail screen for a row: a meeting with its tasks, a ticket with its
history (who, when, what), a task (venue, meeting, due, who reported, who must verify and by
when, who acknowledged its alert), or a flag's subject. Runs in a worker thread."""

from __future__ import annotations

from dutyboard.rules.durations import format_span
from dutyboard.store.acknowledge import acknowledgements
from dutyboard.store.context import Context
from dutyboard.store.errors import NotFound
from dutyboard.store.models import Meeting, Person, Task, Ticket
from dutyboard.store.tasks import tasks_query, verifier_of
from dutyboard.store.tickets import history
from dutyboard.store.timeutil import iso, must
from dutyboard.store.views import meeting_view, task_view, ticket_view

from .i18n import STRINGS, Translator
from .refs import RowRef


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
        return task_detail(ctx, task, viewer, t)
    if key.entity == "meeting":
        meeting = Meeting.get_or_none(Meeting.id == key.number)
        if meeting is None:
            raise NotFound(f"no meeting {key.ident}")
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
    ticket = Ticket.get_or_none(Ticket.id == key.number)
    if ticket is None:
        raise NotFound(f"no ticket {key.ident}")
    view = ticket_view(ticket, ctx.book, now)
    lines = [f"{k}: {v}" for k, v in view.items() if v not in (None, "", [])]
    if ticket.priority == "emergency" and ticket.state != "closed":
        told = set(view["notified"])
        missing = [t(f"role.{r}") if f"role.{r}" in STRINGS else r
                   for r in ctx.book.notify_emergency if r not in told]
        lines.append(t("flag.emergency").format(loc=ticket.location, who=", ".join(missing))
                     if missing else t("flag.emergency.all").format(loc=ticket.location))
    lines += _acks("ticket", ticket.id, ctx.tz, t)
    lines += ["", t("detail.history") + ":"]
    for event in history(ticket.id):
        lines.append(f"  {iso(must(event['at']), ctx.tz)}  {event['actor']:10} {event['kind']:12} "
                     f"{event['note']}")
    return (f"#{ticket.id} {ticket.location}", "\n".join(lines))


def task_detail(ctx: Context, task: Task, viewer: Person | None, t: Translator) -> tuple[str, str]:
    """One readiness item, whole: what, where, for which meeting, due when, who reported it,
    which department must verify it and by when (T-30min), who verified, who acknowledged."""
    now, tz = ctx.now(), ctx.tz
    names = {p.id: p.login for p in Person.select(Person.id, Person.login)}
    v = task_view(task, ctx.book, now, viewer, names)
    meeting = task.meeting
    start = must(meeting.start_at)
    title = v["title_zh"] if t.lang == "zh" else v["title"]
    due = must(task.due_at)
    late = f"  ({t('overdue')} {format_span(now - due)})" if v["state"] == "pending" and now >= due else ""
    lines = [f"{t('detail.task.item')}: {title}",
             f"{t('detail.task.dept')}: {t(f'dept.{task.dept}')}",
             f"{t('detail.task.state')}: {t(f'state.{_state_key(v)}')}",
             f"{t('detail.task.venue')}: {v['venue']}",
             f"{t('detail.task.meeting')}: #{meeting.id} {iso(start, tz)} - "
             f"{iso(must(meeting.end_at), tz)}  {v['meeting']}",
             f"{t('detail.task.due')}: {v['due_at']}{late}"]
    if v["done_by"]:
        lines.append(f"{t('detail.task.reported')}: {v['done_by']}  {v['done_at']}")
    if task.verify:
        deadline = start + ctx.book.verify_by
        lines.append(f"{t('detail.task.verifier')}: {t('dept.' + verifier_of(ctx, meeting))}")
        lines.append(f"{t('detail.task.verify_by')}: {iso(deadline, tz)}")
    if v["verified_by"]:
        lines.append(f"{t('detail.task.verified')}: {v['verified_by']}  {v['verified_at']}")
    lines += _acks("task", task.id, tz, t)
    return (f"#{task.id} {title}", "\n".join(lines))


def _state_key(view: dict) -> str:
    if view["state"] == "done" and view["verify"]:
        return "unverified"
    return str(view["state"])


def _acks(entity: str, ident: int, tz: str, t: Translator) -> list[str]:
    rows = acknowledgements(entity, ident)
    if not rows:
        return []
    return ["", t("detail.acks") + ":"] + [f"  {login}  {iso(at, tz)}" for login, at in rows]
