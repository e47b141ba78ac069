"""From a snapshot and an instant, the rows each pane shows (no widgets here)."""

from __future__ import annotations

from datetime import timedelta

import arrow
from dutyboard.rules import Flag, Rulebook
from dutyboard.rules.facts import DONE, PENDING, SEVERITY_ORDER, TaskFact
from dutyboard.rules.flags import bookings_report_flag, signoff_flag, task_flag
from dutyboard.rules.text import visible
from dutyboard.store.board import MeetingRow, Snapshot, TaskRow, TicketRow
from rich.text import Text

from . import ticket_clock
from .fmt import STYLES, age, countdown, local_hm, task_mark, verify_countdown
from .i18n import Translator
from .refs import RowRef
from .wording import flag_text, unmask

ESCALATION_KINDS = {"emergency", "follow_up_overdue", "escalation_due", "escalated",
                    "approval_awaited", "readiness_unverified", "unclosed_end_of_day",
                    "signoff_missing", "bookings_report_due"}
DEPT_ORDER = ("eng", "sec", "svc", "env", "desk", "fcc")


Rows = list[tuple[RowRef, tuple]]


def meeting_rows(snap: Snapshot, now: arrow.Arrow, t: Translator, tz: str) -> Rows:
    return [(RowRef("meeting", m.id), meeting_cells(m, now, t, tz))
            for m in sorted(snap.meetings.values(), key=lambda m: (m.start, m.venue))]


PHASE_STYLES = {"cancelled": "dim strike", "finished": "dim", "in progress": STYLES["hour"],
                "ready": STYLES["verified"], "preparing": ""}
PRIORITY_STYLES = {"emergency": STYLES["overdue"], "urgent": STYLES["soon"]}


def meeting_cells(m: MeetingRow, now: arrow.Arrow, t: Translator, tz: str) -> tuple:
    phase = m.phase(now)
    phase_text = Text(t(f"phase.{phase}"), style=PHASE_STYLES[phase])
    worst = countdown(m.next_due, now, t) if phase not in ("cancelled", "finished") \
        or m.next_due is not None and phase == "finished" else Text("-")
    if phase == "cancelled":
        worst = Text("-")
    return (f"{local_hm(m.start, tz)}-{local_hm(m.end, tz)}", m.venue, phase_text, worst,
            f"{m.done}/{m.verified}/{m.total}", unmask(m.title, t))


def meeting_countdowns(snap: Snapshot, keys: list[RowRef], now: arrow.Arrow, t: Translator) -> dict:
    out = {}
    for key in keys:
        m: MeetingRow | None = snap.meetings.get(key.number)
        if m is not None and m.status != "cancelled":
            out[key] = countdown(m.next_due, now, t)
    return out


def meeting_dues(snap: Snapshot, keys: list[RowRef]) -> dict:
    """When each meeting's worst countdown counts to (``meeting_countdowns``; ticking.py)."""
    return {key: m.next_due if (m := snap.meetings.get(key.number)) is not None
            and m.status != "cancelled" else None for key in keys}


VERIFY_BY = timedelta(minutes=-30)  # the rulebook's default; the screen passes the site's
NEARING = timedelta(hours=1)        # a verification deadline this close ranks above due soon
VERIFIERS = ("fcc", "desk")


def awaiting_verification(task: TaskRow) -> bool:
    return task.state == DONE and task.verify


def urgency(task: TaskRow, now: arrow.Arrow, verify_by: timedelta = VERIFY_BY) -> tuple:
    """One order across departments: overdue items (and reported items past their T-30min
    verification deadline) first, then reported items nearing that deadline, then the rest
    by when they fall due."""
    if awaiting_verification(task):
        deadline = task.meeting_start + verify_by
        rank = 0 if now >= deadline else 1 if deadline - now <= NEARING else 2
        return (rank, deadline, task.id)
    return (0 if now >= task.due else 2, task.due, task.id)


def task_rows(snap: Snapshot, now: arrow.Arrow, t: Translator, tz: str,
              dept: str | None = None, verify_by: timedelta = VERIFY_BY,
              highlighted: set[str] | frozenset[str] = frozenset()) -> Rows:
    """The readiness items in urgency order across departments, each with its venue and
    meeting. ``dept`` narrows to one department; for a verifying department (``fcc``, or
    ``desk`` where the service desk verifies) the items waiting for ITS verification come
    first, with the time left to the T-30min deadline, then its own items."""
    every = [r for rows in snap.dept_tasks.values() for r in rows]
    mine = [r for r in every if dept is None or r.dept == dept]
    waiting: list[TaskRow] = []
    if dept in VERIFIERS:
        waiting = sorted((r for r in every if awaiting_verification(r) and r.verifier == dept),
                         key=lambda r: urgency(r, now, verify_by))
    seen = {r.id for r in waiting}
    ordered = waiting + sorted((r for r in mine if r.id not in seen),
                               key=lambda r: urgency(r, now, verify_by))
    return [(RowRef("task", r.id), _task_cells(r, now, t, tz, verify_by, f"task:{r.id}" in highlighted))
            for r in ordered]


def _task_countdown(task: TaskRow, now: arrow.Arrow, t: Translator, verify_by: timedelta) -> Text:
    if awaiting_verification(task):
        return verify_countdown(task.meeting_start + verify_by, now, t)
    return countdown(task.due, now, t) if task.state == PENDING else Text("-")


def _task_cells(task: TaskRow, now: arrow.Arrow, t: Translator, tz: str, verify_by: timedelta,
                new: bool = False) -> tuple:
    title = task.title_zh if t.lang == "zh" else task.title
    item = Text(f"{t('new')} ", style=STYLES["new"]) if new else Text()
    item.append(visible(title))
    by = task.meeting_start + verify_by if awaiting_verification(task) else task.due
    return (_task_countdown(task, now, t, verify_by), local_hm(by, tz), task_mark(task.state, task.verify),
            t(f"dept.{task.dept}"), item, task.venue,
            f"{local_hm(task.meeting_start, tz)} {task.meeting_title}")


_TASK_INDEX: dict[int, tuple[Snapshot, dict[int, TaskRow]]] = {}


def task_index(snap: Snapshot) -> dict[int, TaskRow]:
    """The snapshot's tasks by id, made once per snapshot (the countdown tick asks every
    second: indexing every department's list each time cost the large site a millisecond
    a second). A snapshot is replaced, not changed, when news arrives."""
    cached = _TASK_INDEX.get(id(snap))
    if cached is not None and cached[0] is snap:
        return cached[1]
    index = {r.id: r for rows in snap.dept_tasks.values() for r in rows}
    _TASK_INDEX.clear()    # one snapshot on show at a time
    _TASK_INDEX[id(snap)] = (snap, index)
    return index


def task_countdowns(snap: Snapshot, keys: list[RowRef], now: arrow.Arrow, t: Translator,
                    verify_by: timedelta = VERIFY_BY) -> dict:
    index = task_index(snap)
    return {k: _task_countdown(r, now, t, verify_by) for k in keys if k.entity == "task"
            and (r := index.get(k.number)) and (r.state == PENDING or awaiting_verification(r))}


def task_dues(snap: Snapshot, keys: list[RowRef], verify_by: timedelta = VERIFY_BY) -> dict:
    """When each task's countdown counts to (``task_countdowns``; ticking.py)."""
    index = task_index(snap)
    out: dict[RowRef, arrow.Arrow | None] = {}
    for key in keys:
        r = index.get(key.number) if key.entity == "task" else None
        if r is not None and awaiting_verification(r):
            out[key] = r.meeting_start + verify_by
        else:
            out[key] = r.due if r is not None and r.state == PENDING else None
    return out


def find_task(snap: Snapshot, key: RowRef | None) -> TaskRow | None:
    if key is None or key.entity != "task":
        return None
    ident = key.number
    return next((r for rows in snap.dept_tasks.values() for r in rows if r.id == ident), None)


def ticket_rows(snap: Snapshot, now: arrow.Arrow, t: Translator, book: Rulebook,
                marked: set[int] | frozenset[int] = frozenset()) -> Rows:
    rank = {"emergency": 0, "urgent": 1, "normal": 2}
    out = []
    # stalled cases (open, set apart as unresolvable for now) come after every case in hand
    for row in sorted(snap.tickets.values(),
                      key=lambda r: (is_stalled(r), rank.get(r.fact.priority, 3), r.fact.opened_at,
                                     r.fact.id)):
        cells = _ticket_cells(row, now, t, book)
        if row.fact.id in marked:
            cells = (Text(f"*{cells[0]}", style="reverse"),) + cells[1:]
        out.append((RowRef("ticket", row.fact.id), cells))
    return out


def _ticket_cells(row: TicketRow, now: arrow.Arrow, t: Translator, book: Rulebook) -> tuple:
    f = row.fact
    pri_style = PRIORITY_STYLES.get(f.priority, "")
    nxt = _ticket_next(row, now, t, book)
    state = Text(t("state.stalled"), style="dim italic") if is_stalled(row) else t(f"state.{f.state}")
    return (str(f.id), Text(t(f"pri.{f.priority}"), style=pri_style), nxt, state,
            t(f"dept.{row.dept}") if row.dept else "-", age(f.opened_at, now), row.location)


def _ticket_next(row: TicketRow, now: arrow.Arrow, t: Translator, book: Rulebook) -> Text:
    """The next step's countdown and name: ``* in 25m follow-up #1``."""
    step = ticket_clock.step(row.fact, book)
    if step is None:
        return Text("-")
    nxt = countdown(step.due, now, t)
    nxt.append(f" {step.label()}" if t.lang == "en" else
               (" 升级" if step.kind == "escalate" else f" 第{step.number}次跟进"))
    return nxt


def is_stalled(row: TicketRow) -> bool:
    """Set apart as unresolvable for now (issue 10): open, off the follow-up clock."""
    return row.fact.stalled_at is not None and row.fact.state in ("open", "dispatched")


def ticket_countdowns(snap: Snapshot, keys: list[RowRef], now: arrow.Arrow, t: Translator,
                      book: Rulebook) -> dict:
    out = {}
    for key in keys:
        row = snap.tickets.get(key.number)
        if row is not None:
            out[key] = _ticket_next(row, now, t, book)
    return out


def ticket_dues(snap: Snapshot, keys: list[RowRef], book: Rulebook) -> dict:
    """When each ticket's next step falls due (``ticket_countdowns``; ticking.py)."""
    out: dict[RowRef, arrow.Arrow | None] = {}
    for key in keys:
        row = snap.tickets.get(key.number)
        out[key] = ticket_clock.due(row.fact, book) if row is not None else None
    return out


def ticket_opened(snap: Snapshot, keys: list[RowRef]) -> dict:
    """When each ticket was registered: its age counts from there (ticking.py)."""
    return {key: row.fact.opened_at if (row := snap.tickets.get(key.number)) is not None else None
            for key in keys}


def ticket_ages(snap: Snapshot, keys: list[RowRef], now: arrow.Arrow) -> dict:
    """The age column of these rows (it moves once a minute: ``12m``)."""
    return {key: age(row.fact.opened_at, now) for key in keys
            if (row := snap.tickets.get(key.number)) is not None}


def escalation_flags(snap: Snapshot, now: arrow.Arrow, book: Rulebook) -> list[Flag]:
    flags: list[Flag] = []
    for row in snap.tickets.values():
        flags.extend(f for f in ticket_clock.flags(row.fact, book, now) if f.kind in ESCALATION_KINDS)
    for rows in snap.dept_tasks.values():
        for task in rows:
            if (flag := task_escalation(task, book, now)) is not None:
                flags.append(flag)
    for day in snap.unsigned:
        if (flag := signoff_flag(day, False, book, now)) is not None:
            flags.append(flag)
    for day in snap.unsent_bookings:   # the next two days' bookings to the administration office
        if (flag := bookings_report_flag(day, False, book, now)) is not None:
            flags.append(flag)
    return sorted(flags, key=flag_order)


FLAG_ORDER = {"emergency": 0, "escalation_due": 1, "follow_up_overdue": 2}
FAR = arrow.Arrow(9999, 1, 1)


def flag_order(f: Flag) -> tuple:
    return (FLAG_ORDER.get(f.kind, 5), SEVERITY_ORDER[f.severity], f.due_at or FAR, f.subject)


def task_fact(task: TaskRow) -> TaskFact:
    return TaskFact(task.id, task.meeting_id, task.dept, task.title, task.due, task.state, task.verify,
                    task.meeting_start)


def task_escalation(task: TaskRow, book: Rulebook, now: arrow.Arrow) -> Flag | None:
    """A reported item past its verification deadline (the escalations pane's task flag)."""
    if task.state != DONE or not task.verify:
        return None
    flag = task_flag(task_fact(task), book, now)
    return flag if flag is not None and flag.kind in ESCALATION_KINDS else None


def flag_message(f: Flag, snap: Snapshot, t: Translator, ref: RowRef | None = None) -> str:
    """The flag in the board's language (the rules' own message is English). ``ref``: the
    flag's row key, when the caller has it already."""
    if ref is None:
        ref = RowRef.of_flag(f.kind, f.subject)
    entity, ident = ref.entity, ref.ident
    if t.lang != "en":   # every kind, worded from the flag's values (wording.py)
        return _flag_in_words(f, ref, snap, t)
    if entity == "ticket" and (row := snap.tickets.get(ref.number)) is not None:
        if f.kind == "emergency":
            missing = [t(f"role.{r}") for r in ("supervisor", "manager", "lead")
                       if r not in row.fact.notified]
            if not missing:
                return t("flag.emergency.all").format(loc=row.location)
            return t("flag.emergency").format(loc=row.location, who=", ".join(missing))
        return t(f"flag.{f.kind}").format(id=ident, loc=row.location)
    if entity == "task":
        task = find_task(snap, ref.subject)
        title = (task.title_zh if t.lang == "zh" else task.title) if task else f"#{ident}"
        return t(f"flag.{f.kind}").format(title=title)
    if entity == "day":
        return t(f"flag.{f.kind}").format(day=ident)
    return f.message


def overdue_groups(snap: Snapshot, now: arrow.Arrow) -> list[tuple[int, list[TaskRow]]]:
    """Overdue readiness items per meeting, the meeting with the oldest first."""
    groups: dict[int, list[TaskRow]] = {}
    for rows in snap.dept_tasks.values():
        for task in rows:
            if task.state == PENDING and now >= task.due:
                groups.setdefault(task.meeting_id, []).append(task)
    return sorted(groups.items(), key=lambda g: (min(r.due for r in g[1]), g[0]))


def overdue_group_message(tasks: list[TaskRow], t: Translator, tz: str) -> str:
    """"Main hall 14:00: 3 items overdue, Eng 2, Sec 1"."""
    counts: dict[str, int] = {}
    for task in tasks:
        counts[task.dept] = counts.get(task.dept, 0) + 1
    depts = t("list.sep").join(f"{t(f'dept.{d}')} {n}" for d, n in
                      sorted(counts.items(), key=lambda c: (-c[1], DEPT_ORDER.index(c[0]))))
    first = tasks[0]
    return t("flag.readiness_overdue").format(venue=first.venue, start=local_hm(first.meeting_start, tz),
                                              n=len(tasks), depts=depts)


def _flag_in_words(f: Flag, ref: RowRef, snap: Snapshot, t: Translator) -> str:
    """The flag worded from its values, with the ticket's location and the task's title in
    the board's language where the snapshot has them."""
    if ref.entity == "ticket" and (row := snap.tickets.get(ref.number)) is not None:
        return flag_text(f, t, location=row.location)
    if ref.entity == "task" and (task := find_task(snap, ref.subject)) is not None:
        return flag_text(f, t, title=task.title_zh if t.lang == "zh" else task.title)
    return flag_text(f, t)


def escalation_rows(flags: list[Flag], snap: Snapshot, now: arrow.Arrow, t: Translator,
                    highlighted: set[str], tz: str = "Asia/Shanghai") -> Rows:
    """Emergencies and cases due to go up first, then the overdue readiness per meeting, then
    the other flags. Messages are whole (an emergency names everyone still to be told)."""
    out: list[tuple[int, RowRef, tuple]] = []
    seen: set[RowRef] = set()
    for f in flags:
        key = RowRef.of_flag(f.kind, f.subject)
        if key in seen:
            continue
        seen.add(key)
        out.append((flag_rank(f), key, flag_cells(f, snap, now, t, highlighted, key)))
    for meeting_id, tasks in overdue_groups(snap, now):
        out.append((1, group_ref(meeting_id), group_cells(tasks, now, t, highlighted, tz)))
    out.sort(key=lambda r: r[0])
    return [(key, cells) for _, key, cells in out]


def flag_rank(f: Flag) -> int:
    """Emergencies and cases due to go up (0) above the overdue readiness groups (1), then
    the rest (2)."""
    return 0 if f.kind in ("emergency", "escalation_due") else 2


def flag_cells(f: Flag, snap: Snapshot, now: arrow.Arrow, t: Translator,
               highlighted: set[str] | frozenset[str], key: RowRef | None = None) -> tuple:
    """``key``: the flag's row key, when the caller has it already."""
    if key is None:
        key = RowRef.of_flag(f.kind, f.subject)
    sev = Text(t(f"sev.{f.severity}"), style=SEVERITY_STYLES[f.severity])
    message = Text(visible(flag_message(f, snap, t, key)),  # user text: an ESC never reaches the terminal
                   style=STYLES["new"] if f.subject in highlighted else "")
    return (sev, subject_text(key, t), flag_age(f.due_at, now), message)


def flag_age(due: arrow.Arrow | None, now: arrow.Arrow) -> str:
    """The age column of an escalation row: how long since it fell due ("-" before)."""
    return age(due, now) if due and due <= now else "-"


def group_ref(meeting_id: int) -> RowRef:
    return RowRef("meeting", meeting_id, "readiness_overdue")


def group_cells(tasks: list[TaskRow], now: arrow.Arrow, t: Translator, highlighted: set[str],
                tz: str) -> tuple:
    """One meeting's overdue readiness items as one escalation row."""
    key = group_ref(tasks[0].meeting_id)
    new = any(f"task:{r.id}" in highlighted for r in tasks)
    oldest = min(r.due for r in tasks)
    return (Text(t("sev.alarm"), style=SEVERITY_STYLES["alarm"]), subject_text(key, t),
            age(oldest, now), Text(visible(overdue_group_message(tasks, t, tz)),
                                   style=STYLES["new"] if new else ""))


SEVERITY_STYLES = {"alarm": STYLES["overdue"], "warn": STYLES["soon"], "info": ""}


def subject_text(ref: RowRef, t: Translator) -> str:
    """A flag's subject in the board's language: "ticket #11", "工单#11", a day as it is."""
    if ref.entity in ("ticket", "task", "meeting"):
        return t(f"ref.{ref.entity}").format(n=ref.ident)
    return ref.ident
