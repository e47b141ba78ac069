"""The append-only audit log: every write records who, when, what, and from what.

Each row carries the hash of the row before it (``prev_hash``) and its own hash over that
and its content, so an edited, deleted or inserted row breaks the chain at that point:
:func:`verify` walks the whole log, :func:`verify_tail` only its last rows (cheap enough for
the board to call every few seconds). Triggers (migration 0004) refuse UPDATE and DELETE.
The chain has no secret key: it shows tampering by anyone who does not recompute every
later hash, which the triggers and file permissions are there to stop.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import arrow
import peewee

from .db import is_sqlite
from .models import Audit, Meeting, Task, Ticket
from .scope import every_site
from .timeutil import to_db

GENESIS = ""
# PostgreSQL: one advisory lock serialises appends, so two sessions never chain off the same
# row (SQLite's BEGIN IMMEDIATE already serialises writers).
APPEND_LOCK = 804_771_001


def _plain(value: Any) -> Any:
    if isinstance(value, arrow.Arrow):
        return value.to("UTC").isoformat()
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):  # an amount (a repair's charge), exactly
        return str(value)
    return value


def snapshot(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a model row, JSON-ready (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = row._meta.fields[name]
        value = getattr(row, field.column_name if hasattr(field, "rel_model") else name)
        out[name] = _plain(value)
    return out


def _stamp(value: datetime.datetime | str | None) -> str | None:
    """A stored timestamp in one spelling, whatever the driver hands back."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value.replace(tzinfo=None).isoformat(timespec="microseconds")


def row_hash(prev_hash: str, at: Any, clock_at: Any, actor: str, os_login: str, action: str,
             entity: str, entity_id: int | None, before: str, after: str, note: str,
             site_id: int | None = None) -> str:
    """The row's hash. The site (0014) is hashed only when there is one, so the rows written
    before sites (and company-wide rows) keep the hash they were written with."""
    content = [prev_hash, _stamp(at), _stamp(clock_at), actor, os_login, action, entity,
               entity_id, before, after, note]
    if site_id is not None:
        content.append(site_id)
    payload = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def hash_of(row: Audit) -> str:
    """The hash ``row`` should carry, from its stored content and its stored ``prev_hash``."""
    return row_hash(row.prev_hash, row.at, row.clock_at, row.actor, row.os_login, row.action,
                    row.entity, row.entity_id, row.before, row.after, row.note, row.site_id)


def _last_hash(db: peewee.Database) -> str:
    if not is_sqlite(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (APPEND_LOCK,))
    newest = Audit.select(peewee.fn.MAX(Audit.id))  # one primary-key lookup on both databases
    last = Audit.select(Audit.hash).where(Audit.id == newest).first()
    return last.hash if last else GENESIS


def record(db: peewee.Database, wall: arrow.Arrow, actor: str, action: str, entity: str,
           entity_id: int | None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           note: str = "", os_login: str = "", clock_at: arrow.Arrow | None = None,
           site_id: int | None = None) -> Audit:
    """Append one row (inside the caller's write transaction). ``wall`` is the real time."""
    fields: dict[str, Any] = dict(
        at=to_db(wall), actor=actor, os_login=os_login or actor,
        clock_at=to_db(clock_at) if clock_at is not None else None, action=action, entity=entity,
        entity_id=entity_id,
        before=json.dumps(before, ensure_ascii=False, sort_keys=True) if before else "",
        after=json.dumps(after, ensure_ascii=False, sort_keys=True) if after else "",
        note=note,
    )
    prev = _last_hash(db)
    digest = row_hash(prev, **fields, site_id=site_id)
    return Audit.create(prev_hash=prev, hash=digest, site=site_id, **fields)


@dataclass(frozen=True)
class Break:
    """The first row where the trail does not hold, and why."""
    row_id: int
    reason: str

    def __str__(self) -> str:
        return f"[audit.chain] audit row {self.row_id}: {self.reason}"


def _check(rows: Any, prev: str | None, prev_id: int | None) -> Break | None:
    for row in rows:
        if prev is not None and row.prev_hash != prev:
            where = f"row {prev_id}" if prev_id is not None else "the start of the log"
            return Break(row.id, f"does not follow {where}: a row between was deleted or "
                                 "inserted, or the row before it was edited")
        if row.hash != hash_of(row):
            return Break(row.id, "its content does not match its hash: edited or inserted "
                                 "directly in the database")
        prev, prev_id = row.hash, row.id
    return None


def verify_tail(rows: int = 50) -> Break | None:
    """Check only the last ``rows`` rows: cheap, for the board's periodic check."""
    tail = list(Audit.select().order_by(Audit.id.desc()).limit(rows))[::-1]
    return _check(tail, None, None)


def verify() -> Break | None:
    """The whole chain from the first row, then each task's and ticket's state against the
    last state its audit rows recorded (a row edited outside dutyboard shows there)."""
    broken = _check(Audit.select().order_by(Audit.id).iterator(), GENESIS, None)
    return (broken or _entity_history(Task, "task", "state")
            or _entity_history(Ticket, "ticket", "state")
            or _entity_history(Meeting, "meeting", "status"))


def _entity_history(model: type[Task] | type[Ticket] | type[Meeting], entity: str,
                    field: str) -> Break | None:
    last: dict[int, tuple[int, str]] = {}
    query = (Audit.select(Audit.id, Audit.entity_id, Audit.after)
             .where((Audit.entity == entity) & (Audit.after != "")).order_by(Audit.id))
    for row_id, entity_id, after in query.tuples().iterator():
        state = json.loads(after).get(field)
        if state is not None and entity_id is not None:
            last[entity_id] = (row_id, state)
    with every_site():  # the log is the company's: every building's rows
        for ident, state in model.select(model.id, getattr(model, field)).tuples().iterator():
            seen = last.get(ident)
            if seen is not None and seen[1] != state:
                return Break(seen[0], f"{entity} {ident} is '{state}' but its last audit row says "
                                      f"'{seen[1]}': the {entity} was changed outside dutyboard")
    return None
