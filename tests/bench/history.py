"""History for a generated site: past days of meetings with their tasks, and more closed
tickets. Used by generate.py (``--history-days``, ``--closed-tickets``) and by
bench_history.py, which grows one database step by step (0 -> 30 -> 180 days).

A past day is a copy of today's programme (the meetings generate.py made for today and
their tasks) shifted back by whole days, with the states a finished day leaves: nearly
every item done, most verifiable items verified, a few never reported. Ids are given
explicitly so the copies need no read-back; PostgreSQL's sequences are moved on after.
"""

from __future__ import annotations

import datetime
import random
import time
from typing import Any

import peewee as pw
from dutyboard.rules.facts import DONE, PENDING, VERIFIED
from dutyboard.store.audit import GENESIS, row_hash
from dutyboard.store.db import is_sqlite
from dutyboard.store.models import Audit, Meeting, Person, Task, Ticket
from dutyboard.store.scope import every_site

MEETING_COLS = [Meeting.id, Meeting.venue, Meeting.title, Meeting.organizer, Meeting.contact,
                Meeting.phone, Meeting.attendees, Meeting.layout, Meeting.services,
                Meeting.approval_ref, Meeting.confidential, Meeting.start_at, Meeting.end_at,
                Meeting.status, Meeting.booked_at, Meeting.booked_by, Meeting.notes, Meeting.version,
                Meeting.size]
TASK_COLS = [Task.id, Task.meeting, Task.dept, Task.code, Task.title, Task.title_zh, Task.due_at,
             Task.earliest_at, Task.verify, Task.state, Task.done_by, Task.done_at, Task.verified_by,
             Task.verified_at, Task.version, Task.short_notice, Task.meeting_end_at]


def with_defaults(model: type[pw.Model], fields: list[pw.Field],
                  rows: list[tuple]) -> tuple[list[pw.Field], list[tuple]]:
    """``fields``/``rows`` plus every NOT NULL column they leave out, at the model's default:
    columns a later migration adds have no database default, only Peewee's."""
    given = {f.name for f in fields}  # by name: ``field in list`` builds a SQL expression
    extra = [f for f in model._meta.sorted_fields
             if f.name not in given and not f.null and f.default is not None
             and not isinstance(f, pw.AutoField)]
    if not extra:
        return fields, rows
    values = tuple(f.db_value(f.default() if callable(f.default) else f.default) for f in extra)
    return fields + extra, [row + values for row in rows]


AUDIT_COLS = [Audit.at, Audit.actor, Audit.os_login, Audit.action, Audit.entity, Audit.entity_id,
              Audit.before, Audit.after, Audit.note, Audit.prev_hash, Audit.hash]


def chain_rows(rows: list[tuple]) -> list[tuple]:
    """(at, actor, action, entity, entity_id, before, after, note) rows as AUDIT_COLS, chained
    (``store.audit``) after the rows already there: the log passes ``dutyboard audit verify``."""
    last = Audit.select(Audit.hash).order_by(Audit.id.desc()).first()
    prev, out = (last.hash if last else GENESIS), []
    for at, actor, action, entity, entity_id, before, after, note in rows:
        digest = row_hash(prev, at, None, actor, actor, action, entity, entity_id, before, after, note)
        out.append((at, actor, actor, action, entity, entity_id, before, after, note, prev, digest))
        prev = digest
    return out


def insert_rows(db: pw.Database, model: type[pw.Model], fields: list[pw.Field], rows: list[tuple]) -> None:
    """The driver's bulk path: executemany (SQLite), COPY (psycopg 3), execute_values (psycopg2)."""
    if not rows:
        return
    fields, rows = with_defaults(model, fields, rows)
    table = model._meta.table_name
    cols = ", ".join(f'"{f.column_name}"' for f in fields)
    cursor = db.cursor()
    if is_sqlite(db):
        marks = ", ".join("?" * len(fields))
        for i in range(0, len(rows), 20000):
            cursor.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows[i:i + 20000])
    elif type(cursor).__module__.split(".")[0] == "psycopg":   # psycopg 3: COPY, the fastest path
        with cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    else:
        from psycopg2.extras import execute_values
        execute_values(cursor, f'INSERT INTO "{table}" ({cols}) VALUES %s', rows, page_size=5000)


def _bump_sequences(db: pw.Database, *models: type[pw.Model]) -> None:
    if is_sqlite(db):
        return
    for model in models:
        table = model._meta.table_name
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))")


def history_days_present(today_lo: datetime.datetime) -> int:
    """How many whole days of history the site already has (0: today only)."""
    first = Meeting.select(pw.fn.MIN(Meeting.start_at)).scalar()
    if first is None:
        return 0
    if isinstance(first, str):
        first = datetime.datetime.fromisoformat(first)
    return max(0, -(-int((today_lo - first).total_seconds()) // 86400))


def add_history(db: pw.Database, today: tuple[datetime.datetime, datetime.datetime], now: datetime.datetime,
                first_day: int, last_day: int, seed: int = 7, say: Any = None) -> dict[str, int]:
    """Copy today's programme to the days ``first_day``..``last_day`` before today
    (1 = yesterday), in one transaction per 10 days."""

    lo, hi = today
    template = list(Meeting.select(*MEETING_COLS).where((Meeting.start_at >= lo) & (Meeting.start_at < hi))
                    .order_by(Meeting.id).tuples())
    ids = [m[0] for m in template]
    tasks = list(Task.select(*TASK_COLS).where(Task.meeting.in_(ids)).order_by(Task.id).tuples()) \
        if ids else []
    people = [p for p, in Person.select(Person.id).where(Person.role.in_(["duty", "lead"])).tuples()]
    duty = [p for p, in Person.select(Person.id).where(Person.role == "duty").tuples()] or people
    rng = random.Random(seed + first_day)
    made = {"meetings": 0, "tasks": 0}
    started = time.perf_counter()
    day = first_day
    while day <= last_day:
        upto = min(last_day, day + 9)
        with db.atomic():
            with every_site():   # ids are the whole table's, whichever building this is
                next_meeting = (Meeting.select(pw.fn.MAX(Meeting.id)).scalar() or 0) + 1
                next_task = (Task.select(pw.fn.MAX(Task.id)).scalar() or 0) + 1
            meetings: list[tuple] = []
            task_rows: list[tuple] = []
            audit: list[tuple] = []
            for back in range(day, upto + 1):
                shift = datetime.timedelta(days=back)
                new_id: dict[int, int] = {}
                for m in template:
                    new_id[m[0]] = next_meeting
                    meetings.append((next_meeting, *m[1:11], m[11] - shift, m[12] - shift, m[13],
                                     m[14] - shift, *m[15:]))
                    audit.append((m[14] - shift, "clerk", "meeting.add", "meeting", next_meeting, "", "", ""))
                    next_meeting += 1
                for t in tasks:
                    due, earliest = t[6] - shift, t[7] - shift
                    state, done_by, done_at, ver_by, ver_at, version = PENDING, None, None, None, None, 1
                    if due <= now and rng.random() < 0.95:
                        state, version = DONE, 2
                        done_by = rng.choice(people)
                        done_at = max(earliest, due - datetime.timedelta(minutes=rng.randint(0, 40)))
                        if t[8] and rng.random() < 0.9:
                            state, version = VERIFIED, 3
                            ver_by = rng.choice(duty)
                            ver_at = done_at + datetime.timedelta(minutes=rng.randint(1, 25))
                    task_rows.append((next_task, new_id[t[1]], *t[2:6], due, earliest, t[8], state, done_by,
                                      done_at, ver_by, ver_at, version, t[15], t[16] - shift))
                    next_task += 1
            insert_rows(db, Meeting, MEETING_COLS, meetings)
            insert_rows(db, Task, TASK_COLS, task_rows)
            insert_rows(db, Audit, AUDIT_COLS, chain_rows(sorted(audit, key=lambda r: r[0])))
            _bump_sequences(db, Meeting, Task)
        made["meetings"] += len(meetings)
        made["tasks"] += len(task_rows)
        if say:
            say(f"history days {day}-{upto}: {made['meetings']} meetings, {made['tasks']} tasks "
                f"({time.perf_counter() - started:.0f} s)")
        day = upto + 1
    return made


def add_closed_tickets(db: pw.Database, make: Any, count: int, start: datetime.datetime,
                       end: datetime.datetime, seed: int = 11, say: Any = None) -> int:
    """``count`` more closed tickets opened between ``start`` and ``end`` (``make(opened,
    closed=True)`` builds one row as generate.py does), in chunks of 100,000."""
    rng = random.Random(seed + count)
    span = int((end - start).total_seconds() // 60)
    done = 0
    fields = TICKET_FIELDS
    while done < count:
        n = min(100_000, count - done)
        rows = sorted((make(start + datetime.timedelta(minutes=rng.randint(0, span)), True)
                       for _ in range(n)), key=lambda r: r[11])
        with db.atomic():
            insert_rows(db, Ticket, fields, rows)
        done += n
        if say:
            say(f"{done} of {count} closed tickets")
    return done


TICKET_FIELDS = [Ticket.kind, Ticket.channel, Ticket.location, Ticket.contact, Ticket.phone,
                 Ticket.content, Ticket.priority, Ticket.nature, Ticket.category, Ticket.major,
                 Ticket.state, Ticket.opened_at, Ticket.opened_by, Ticket.dept, Ticket.assignee,
                 Ticket.clock_at, Ticket.dispatched_at, Ticket.follow_up_1_at, Ticket.follow_up_2_at,
                 Ticket.escalated_at, Ticket.resolved_at, Ticket.result, Ticket.signed,
                 Ticket.approved_by, Ticket.notified, Ticket.related_pending, Ticket.closed_at,
                 Ticket.closed_by, Ticket.unresolvable, Ticket.close_reason, Ticket.version]
