"""The board's tickets read as tuples (store/ticket_rows.py) are the rows the Ticket models
gave (facts.ticket_fact), field for field, in the same order, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

import pytest
from dutyboard.store.board import BoardReader, TicketRow
from dutyboard.store.facts import ticket_fact
from dutyboard.store.models import Person, Ticket
from dutyboard.store.tickets import in_hand, tickets_in_hand
from dutyboard.store.timeutil import to_db
from storekit import at, open_ticket, seed


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    return seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))


def model_rows(roles: dict, query) -> list[TicketRow]:  # noqa: ANN001
    """The board's read before issue 13: a Ticket model per row."""
    return [TicketRow(ticket_fact(t, roles.get(t.approved_by_id)), t.kind, t.location, t.dept,
                      t.content, t.contact, t.version) for t in query]


def scramble(ctx, n: int, seed_: int) -> None:  # noqa: ANN001
    """``n`` tickets with every field the fact reads set at random (nulls, instants with and
    without microseconds, booleans, approvers with and without a role)."""
    rng = random.Random(seed_)
    people = [p.id for p in Person.select(Person.id)]
    base = at("2026-11-20 08:00")

    def instant() -> object:
        if rng.random() < 0.4:
            return None
        moment = base + timedelta(minutes=rng.randrange(0, 6000))
        return to_db(moment.shift(microseconds=rng.choice([0, 0, 123456])))

    for i in range(n):
        ident = open_ticket(ctx, location=f"Room {i}", priority=rng.choice(["normal", "urgent"])).id
        Ticket.update(
            state=rng.choice(["open", "dispatched", "resolved"]),
            priority=rng.choice(["normal", "urgent", "emergency"]),
            dept=rng.choice([None, "eng", "sec"]), dispatched_at=instant(),
            follow_up_1_at=instant(), follow_up_2_at=instant(), escalated_at=instant(),
            resolved_at=instant(), last_follow_up_at=instant(), stalled_at=instant(),
            callback_at=instant(), signed=rng.random() < 0.5, major=rng.random() < 0.3,
            unresolvable=rng.random() < 0.2, follow_up_count=rng.choice([0, 1, 2, 5]),
            approved_by=rng.choice([None, *people]),
            notified=rng.choice(["", "supervisor", "supervisor,manager", ",lead"]),
            related_pending=rng.choice(["", "  ", "leak next door"]),
            version=rng.randrange(1, 9),
        ).where(Ticket.id == ident).execute()


@pytest.mark.parametrize("seed_", [1, 2])
def test_the_tuple_read_is_the_model_read(ctx, seed_: int) -> None:  # noqa: ANN001
    scramble(ctx, 40, seed_)
    reader = BoardReader(ctx)
    with ctx.read():
        snap = reader.full()
        roles = reader._roles
        old = model_rows(roles, tickets_in_hand().order_by(Ticket.opened_at))
        some = {r.fact.id for r in old[::3]}
        by_id = reader._tickets(some)
        old_by_id = model_rows(roles, Ticket.select().where(in_hand() & Ticket.id.in_(some)))
    assert list(snap.tickets.values()) == old
    assert [repr(r) for r in snap.tickets.values()] == [repr(r) for r in old]   # True, not 1
    assert list(snap.tickets) == [r.fact.id for r in old]
    # a fact made without its __init__ (ticket_rows.py) hashes and reads back as one made with it
    assert [hash(r.fact) for r in snap.tickets.values()] == [hash(r.fact) for r in old]
    assert [dataclasses.astuple(r.fact) for r in snap.tickets.values()] == \
        [dataclasses.astuple(r.fact) for r in old]
    assert sorted(by_id, key=lambda r: r.fact.id) == sorted(old_by_id, key=lambda r: r.fact.id)
    assert any(r.fact.approvals for r in old) and any(r.fact.follow_ups for r in old)
