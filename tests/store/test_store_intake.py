"""Intake in one save (store.intake.register): registration, dispatch and the emergency
checklist's notify steps are one transaction, each step audited as on its own."""

from __future__ import annotations

import pytest
from dutyboard.store import intake, tickets
from dutyboard.store.errors import NotPermitted, UsageError
from dutyboard.store.models import Audit, Ticket
from storekit import acting, counts, repair, seed


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    return seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))


def actions(ident: int) -> list[tuple[str, str]]:
    rows = Audit.select().where((Audit.entity == "ticket") & (Audit.entity_id == ident))
    return [(a.action, a.actor) for a in rows.order_by(Audit.id)]


def test_register_and_dispatch_write_both_steps(ctx) -> None:  # noqa: ANN001
    with acting(ctx, "clerk"):
        ticket = intake.register(ctx, repair(), dept="eng")
    row = Ticket.get_by_id(ticket.id)
    assert (row.state, row.dept, row.dispatched_at is not None) == ("dispatched", "eng", True)
    assert actions(ticket.id) == [("ticket.open", "clerk"), ("ticket.dispatch", "clerk")]


def test_the_checklist_ticks_are_notify_steps(ctx) -> None:  # noqa: ANN001
    with acting(ctx, "duty"):
        ticket = intake.register(ctx, repair(priority="emergency", phone=""),
                                 told=["manager", "supervisor", "manager"])
    assert Ticket.get_by_id(ticket.id).notified == "manager,supervisor"
    assert [a for a, _ in actions(ticket.id)] == ["ticket.open", "ticket.notify", "ticket.notify"]


def test_a_failed_dispatch_leaves_nothing_registered(ctx, monkeypatch) -> None:  # noqa: ANN001
    before = counts()

    def refuse(*_: object, **__: object) -> None:
        raise NotPermitted("clerk: not permitted: test")
    monkeypatch.setattr(tickets, "dispatch", refuse)
    with acting(ctx, "clerk"), pytest.raises(NotPermitted):
        intake.register(ctx, repair(), dept="eng")
    assert counts() == before


@pytest.mark.parametrize(("kw", "why"), [
    ({"dept": "plumbing"}, "unknown department 'plumbing'"),
    ({"dept": "eng", "inquiry": True}, "an inquiry is settled"),
    ({"told": ["mayor"]}, "unknown role 'mayor'"),
])
def test_bad_intake_is_refused_before_writing(ctx, kw, why) -> None:  # noqa: ANN001
    before = counts()
    with acting(ctx, "clerk"), pytest.raises(UsageError, match=why):
        intake.register(ctx, repair(), **kw)
    assert counts() == before


def test_a_lead_may_not_register(ctx) -> None:  # noqa: ANN001
    before = counts()
    with acting(ctx, "eng-lead"), pytest.raises(NotPermitted):
        intake.register(ctx, repair(), dept="eng")
    assert counts() == before
