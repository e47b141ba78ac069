"""The text of the detail screen for a row: a meeting with its tasks, a ticket with its
history (who, when, what), a task (venue, meeting, due, who reported, who must verify and by
when, who acknowledged its alert), or a flag's subject. Runs in a worker thread."""

from __future__ import annotations

from collections.abc import Callable

import arrow
from dutyboard.rules.durations import format_span
from dutyboard.store.acknowledge import acknowledgements
from dutyboard.store.context import Context
from dutyboard.store.errors import NotFound
from dutyboard.store.models import Meeting, Person, Task, Ticket
from dutyboard.store.tasks import tasks_query, verifier_of
from dutyboard.store.tickets import history
from dutyboard.store.timeutil import must
from dutyboard.store.views import meeting_view, task_view, ticket_view

from .fmt import local_when
from .i18n import STRINGS, Translator
from .refs import RowRef
from .wording import event_kind, event_note, task_words, unmask, view_lines


def detail_text(ctx: Context, key: RowRef, t: Translator) -> tuple[str, str]:
    """(title, body) of what the row stands for; an escalation row opens its subject."""
    viewer = Person.get_or_none(Person.login == ctx.login)
    now = ctx.now()
    when = _when(ctx, t)
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
        lines = view_lines(view, t, when)
        lines += ["", t("detail.tasks") + _colon(t).strip()]
        for task in tasks_query(meeting.id):
            v = task_view(task, ctx.book, now, viewer, names)
            who = f" {v['done_by']}" if v["done_by"] else ""
            dept, state = task_words(v, t)
            lines.append(f"  #{v['id']:<5} {when(v['due_at'])} {dept:4} {state:8}"
                         f"{who:10} {v['title_zh'] if t.lang == 'zh' else v['title']}")
        return (f"{view['venue']} {unmask(view['title'], t)}", "\n".join(lines))
    ticket = Ticket.get_or_none(Ticket.id == key.number)
    if ticket is None:
        raise NotFound(f"no ticket {key.ident}")
    view = ticket_view(ticket, ctx.book, now)
    lines = view_lines(view, t, when, skip_empty=True, entity="ticket")
    if ticket.priority == "emergency" and ticket.state != "closed":
        told = set(view["notified"])
        missing = [t(f"role.{r}") if f"role.{r}" in STRINGS else r
                   for r in ctx.book.notify_emergency if r not in told]
        lines.append(t("flag.emergency").format(loc=ticket.location, who=t("list.sep").join(missing))
                     if missing else t("flag.emergency.all").format(loc=ticket.location))
    lines += _acks("ticket", ticket.id, when, t)
    lines += ["", t("detail.history") + _colon(t).strip()]
    for event in history(ticket.id):
        lines.append(f"  {when(must(event['at'])):15} {event['actor']:10} "
                     f"{event_kind(event['kind'], t):12} {event_note(event['kind'], event['note'], t)}")
    return (f"#{ticket.id} {ticket.location}", "\n".join(lines))


def task_detail(ctx: Context, task: Task, viewer: Person | None, t: Translator) -> tuple[str, str]:
    """One readiness item, whole: what, where, for which meeting, due when, who reported it,
    which department must verify it and by when (T-30min), who verified, who acknowledged."""
    now, when = ctx.now(), _when(ctx, t)
    c = _colon(t)
    names = {p.id: p.login for p in Person.select(Person.id, Person.login)}
    v = task_view(task, ctx.book, now, viewer, names)
    meeting = task.meeting
    start = must(meeting.start_at)
    title = v["title_zh"] if t.lang == "zh" else v["title"]
    due = must(task.due_at)
    late = f"  ({t('overdue')} {format_span(now - due)})" if v["state"] == "pending" and now >= due else ""
    lines = [f"{t('detail.task.item')}{c}{title}",
             f"{t('detail.task.dept')}{c}{t(f'deptname.{task.dept}')}",
             f"{t('detail.task.state')}{c}{t(f'state.{_state_key(v)}')}",
             f"{t('detail.task.venue')}{c}{v['venue']}",
             f"{t('detail.task.meeting')}{c}#{meeting.id} {when(start)} - "
             f"{when(must(meeting.end_at))}  {unmask(v['meeting'], t)}",
             f"{t('detail.task.due')}{c}{when(v['due_at'])}{late}"]
    if v["done_by"]:
        lines.append(f"{t('detail.task.reported')}{c}{v['done_by']}  {when(v['done_at'])}")
    if task.verify:
        deadline = start + ctx.book.verify_by
        lines.append(f"{t('detail.task.verifier')}{c}{t('deptname.' + verifier_of(ctx, meeting))}")
        lines.append(f"{t('detail.task.verify_by')}{c}{when(deadline)}")
    if v["verified_by"]:
        lines.append(f"{t('detail.task.verified')}{c}{v['verified_by']}  {when(v['verified_at'])}")
    lines += _acks("task", task.id, when, t)
    return (f"#{task.id} {title}", "\n".join(lines))


def _state_key(view: dict) -> str:
    if view["state"] == "done" and view["verify"]:
        return "unverified"
    return str(view["state"])


def _colon(t: Translator) -> str:
    return "：" if t.lang == "zh" else ": "


def _when(ctx: Context, t: Translator) -> Callable[[arrow.Arrow | str], str]:
    """Times in the site's local time, the way the board says them (fmt.local_when)."""
    now, tz = ctx.now(), ctx.tz
    return lambda value: local_when(value, now, tz, t)


def _acks(entity: str, ident: int, when: Callable[[arrow.Arrow | str], str], t: Translator) -> list[str]:
    rows = acknowledgements(entity, ident)
    if not rows:
        return []
    return ["", t("detail.acks") + _colon(t).strip()] + [f"  {login}  {when(at)}" for login, at in rows]
