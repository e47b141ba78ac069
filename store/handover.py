"""Shift handover (issue 11): a note the outgoing shift writes for the next one.

A note stays *pending* until someone other than its writer acknowledges it; the board shows
the pending notes to whoever opens it next (not to the writer) until they do. Writing and
acknowledging are audited writes, permitted to the shift roles (``handover.write``,
``handover.ack``: the desk clerk, the duty officer, the supervisor, the manager).
"""

from __future__ import annotations

from collections.abc import Iterable

import arrow

from .audit import snapshot
from .context import Context, get_for_update
from .errors import Refused, UsageError
from .models import Handover, Person
from .timeutil import to_db

MAX_NOTE = 4000  # characters: a page of handover, not a document
FIELDS = ("acked_by", "acked_at")


def write_note(ctx: Context, text: str) -> Handover:
    text = (text or "").strip()
    if not text:
        raise UsageError("the handover note must not be empty")
    if len(text) > MAX_NOTE:
        raise UsageError(f"the handover note has {len(text)} characters; at most {MAX_NOTE}")
    with ctx.write():
        person = ctx.require("handover.write")
        row = Handover.create(text=text, written_by=person, written_at=to_db(ctx.now()))
        ctx.audit("handover.write", "handover", row.id,
                  after={"text": text, "written_by": person.login}, note=text)
    return row


def pending_for(login: str) -> list[Handover]:
    """Notes not yet acknowledged that ``login`` did not write, oldest first (none for a
    login that is not a user here)."""
    me = Person.get_or_none(Person.login == login)
    if me is None:
        return []
    return list(Handover.select(Handover, Person).join(Person, on=Handover.written_by)
                .where(Handover.acked_at.is_null() & (Handover.written_by != me.id))
                .order_by(Handover.written_at, Handover.id))


def acknowledge(ctx: Context, ids: Iterable[int]) -> list[Handover]:
    """Acknowledge the notes read, in one transaction. A note someone else acknowledged in
    the meantime is left as it is; acknowledging one's own note is refused."""
    unique = list(dict.fromkeys(ids))
    done: list[Handover] = []
    with ctx.write():
        person = ctx.require("handover.ack")
        for ident in unique:
            row = get_for_update(ctx, Handover, ident, "handover note")
            if row.written_by_id == person.id:
                raise Refused(f"[handover.self_ack] handover note {ident} is your own: the next "
                              "shift acknowledges it", "handover.self_ack")
            if row.acked_at is not None:
                continue
            before = snapshot(row, FIELDS)
            row.acked_by, row.acked_at = person, to_db(ctx.now())
            row.save()
            ctx.audit("handover.ack", "handover", row.id, before, snapshot(row, FIELDS))
            done.append(row)
    return done


def notes_between(start: arrow.Arrow, end: arrow.Arrow) -> list[Handover]:
    """Notes written in [start, end), oldest first, with their writers (the shift report)."""
    return list(Handover.select(Handover, Person).join(Person, on=Handover.written_by)
                .where((Handover.written_at >= to_db(start)) & (Handover.written_at < to_db(end)))
                .order_by(Handover.written_at, Handover.id))
