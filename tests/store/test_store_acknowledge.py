"""Acknowledging alerts (issue 11): one audited write per alert, who and when, read back for
the item's detail; it changes no state and leaves the audit chain whole."""

from __future__ import annotations

from dutyboard.store import audit
from dutyboard.store.acknowledge import acknowledge, acknowledgements
from dutyboard.store.models import Audit, Task
from storekit import acting, at, book, counts, open_ticket, seed, set_now


def test_an_acknowledgement_is_an_audit_row_naming_who_and_when(db_url, make_ctx) -> None:  # noqa: ANN001
    ctx = seed(make_ctx(db_url, "boss"))
    book(ctx, "Room A", "2026-11-23 14:00", "2026-11-23 15:00")
    ticket = open_ticket(ctx).id
    task = Task.select().order_by(Task.due_at).first()
    set_now(ctx, "2026-11-23 13:40")
    states = {t.id: (t.state, t.version) for t in Task.select()}
    with acting(ctx, "duty"):
        n = acknowledge(ctx, [f"task:{task.id}", f"ticket:{ticket}", "task:999999", "day:2026-11-23",
                              "task:x"])
    assert n == 2
    rows = list(Audit.select().where(Audit.action.endswith(".acknowledge")).order_by(Audit.id))
    assert [(r.actor, r.action, r.entity, r.entity_id) for r in rows] == [
        ("duty", "task.acknowledge", "task", task.id), ("duty", "ticket.acknowledge", "ticket", ticket)]
    assert acknowledgements("task", task.id) == [("duty", at("2026-11-23 13:40"))]
    assert acknowledgements("task", task.id + 1) == []
    assert {t.id: (t.state, t.version) for t in Task.select()} == states   # no state changed
    assert audit.verify() is None                                          # the chain holds


def test_nothing_to_acknowledge_writes_nothing(db_url, make_ctx) -> None:  # noqa: ANN001
    ctx = seed(make_ctx(db_url, "boss"))
    before = counts()
    with acting(ctx, "eng-lead"):
        assert acknowledge(ctx, ["task:424242", "nonsense"]) == 0
    assert counts() == before
