"""Acknowledging alerts: a new emergency or a newly overdue readiness item stays highlighted
on the board until someone presses ``a``; who acknowledged what, and when, is an audit row
(``task.acknowledge`` / ``ticket.acknowledge``), shown in the item's detail. The write
changes no state: the audit log is the record (``audit verify`` reads only states)."""

from __future__ import annotations

from collections.abc import Iterable

import arrow

from .context import Context
from .models import Audit, Task, Ticket
from .timeutil import iso, must

MODELS: dict[str, type[Task] | type[Ticket]] = {"task": Task, "ticket": Ticket}


def acknowledge(ctx: Context, subjects: Iterable[str]) -> int:
    """Record that the acting person saw these alerts ("task:12", "ticket:3"); one
    transaction, one audit row each. Subjects that name nothing are skipped. Any dutyboard
    user may acknowledge (it grants nothing); a read-only board does not write."""
    wanted = sorted({s for s in subjects if _parse(s) is not None})
    count = 0
    with ctx.write():
        person = ctx.actor()
        at = ctx.now()
        for subject in wanted:
            parsed = _parse(subject)
            assert parsed is not None
            entity, ident = parsed
            model = MODELS[entity]
            if model.get_or_none(model.id == ident) is None:
                continue
            ctx.audit(f"{entity}.acknowledge", entity, ident, None,
                      {"acknowledged_by": person.login, "acknowledged_at": iso(at, ctx.tz)},
                      note="alert acknowledged")
            count += 1
    return count


def acknowledgements(entity: str, ident: int) -> list[tuple[str, arrow.Arrow]]:
    """(login, when) of every acknowledgement of this task or ticket, oldest first."""
    rows = (Audit.select(Audit.actor, Audit.clock_at, Audit.at)
            .where((Audit.entity == entity) & (Audit.entity_id == ident)
                   & (Audit.action == f"{entity}.acknowledge")).order_by(Audit.id))
    return [(r.actor, must(r.clock_at or r.at)) for r in rows]


def _parse(subject: str) -> tuple[str, int] | None:
    entity, _, ident = subject.partition(":")
    if entity not in MODELS or not ident.isdigit() or len(ident) > 18:
        return None
    return entity, int(ident)
