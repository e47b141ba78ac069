"""Tickets (domain §5): the follow-up clock, emergencies, closing and its refusals, reopen."""

from __future__ import annotations

import pytest
from dutyboard.store import oversight, tickets
from dutyboard.store.errors import NotFound, UsageError
from dutyboard.store.models import Audit, Person, Ticket
from dutyboard.store.views import ticket_view
from storekit import (
    acting,
    counts,
    last_audit,
    open_ticket,
    racing,
    refused,
    repair,
    seed,
    set_now,
    step,
)


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    return seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))


def view(ctx, ident: int) -> dict:  # noqa: ANN001
    t = Ticket.get_by_id(ident)
    role = Person.get_by_id(t.approved_by_id).role if t.approved_by_id else None
    return ticket_view(t, ctx.book, ctx.now(), role)


def flags(ctx, ident: int) -> list[str]:  # noqa: ANN001
    return sorted(f.kind for f in oversight.site_flags(ctx) if f.subject == f"ticket:{ident}")


def resolved(ctx, signed: bool = True, **kw) -> int:  # noqa: ANN001, ANN003
    ident = open_ticket(ctx, **kw).id
    step(ctx, "clerk", tickets.dispatch, ident, "eng")
    step(ctx, "eng-lead", tickets.resolve, ident, "fixed", signed=signed)
    return ident


def test_the_follow_up_clock(ctx):
    ident = open_ticket(ctx).id
    v = view(ctx, ident)
    assert (v["state"], v["next_step"], v["next_due_at"]) == ("open", "follow-up #1",
                                                              "2026-11-23T12:00+08:00")
    set_now(ctx, "2026-11-23 10:30")
    step(ctx, "clerk", tickets.dispatch, ident, "eng", "eng-lead")
    v = view(ctx, ident)
    assert (v["state"], v["dept"], v["next_due_at"]) == ("dispatched", "eng", "2026-11-23T12:30+08:00")
    set_now(ctx, "2026-11-23 12:10")
    assert flags(ctx, ident) == ["follow_up_due"]
    set_now(ctx, "2026-11-23 12:40")
    assert flags(ctx, ident) == ["follow_up_overdue"]
    step(ctx, "clerk", tickets.follow_up, ident, "engineer on the way")
    v = view(ctx, ident)
    assert (v["next_step"], v["next_due_at"]) == ("follow-up #2", "2026-11-23T18:00+08:00")
    assert flags(ctx, ident) == []
    set_now(ctx, "2026-11-23 17:40")
    assert flags(ctx, ident) == ["follow_up_due"]
    step(ctx, "duty", tickets.follow_up, ident, "parts ordered")
    v = view(ctx, ident)
    assert (v["next_step"], v["next_due_at"]) == ("escalate to supervisor", "2026-11-23T18:00+08:00")
    set_now(ctx, "2026-11-23 18:01")
    assert flags(ctx, ident) == ["escalation_due", "unclosed_end_of_day"]
    step(ctx, "clerk", tickets.escalate, ident, "no date from the supplier")
    v = view(ctx, ident)
    # the clock runs until the case is resolved: a follow-up every working day (「直至销项」)
    assert (v["next_step"], v["next_due_at"]) == ("follow-up #3 (daily, escalated)",
                                                  "2026-11-24T18:00+08:00")
    assert v["escalated_at"] == "2026-11-23T18:01+08:00"
    assert flags(ctx, ident) == ["escalated", "unclosed_end_of_day"]
    history = [e["kind"] for e in tickets.history(ident)]
    assert history == ["open", "dispatch", "follow-up", "follow-up", "escalate"]
    audit = [a.action for a in Audit.select().where((Audit.entity == "ticket")
                                                    & (Audit.entity_id == ident)).order_by(Audit.id)]
    assert audit == ["ticket.open", "ticket.dispatch", "ticket.follow-up", "ticket.follow-up",
                     "ticket.escalate"]


def test_an_emergency_escalates_at_once_and_counts_who_was_told(ctx):
    ident = open_ticket(ctx, login="duty", priority="emergency",
                        content="Fire alarm, smoke in the switch room").id
    t = Ticket.get_by_id(ident)
    assert t.escalated_at is not None
    assert [e["kind"] for e in tickets.history(ident)] == ["open", "escalate"]
    assert last_audit().action == "ticket.open"  # one write, one audit row
    v = view(ctx, ident)
    assert (v["next_step"], v["next_due_at"]) == ("follow-up #1", "2026-11-23T12:00+08:00")
    assert v["escalated_at"] == "2026-11-23T10:00+08:00"
    emergency = [f for f in oversight.site_flags(ctx) if f.kind == "emergency"]
    assert len(emergency) == 1 and emergency[0].severity == "alarm"
    assert "still to notify: desk supervisor, manager, department lead" in emergency[0].message

    step(ctx, "duty", tickets.dispatch, ident, "sec", "sec-lead")
    step(ctx, "duty", tickets.notify, ident, "supervisor", "told by phone")
    step(ctx, "clerk", tickets.notify, ident, "supervisor")  # ticking twice counts once
    assert view(ctx, ident)["notified"] == ["supervisor"]
    step(ctx, "clerk", tickets.notify, ident, "manager")
    step(ctx, "clerk", tickets.notify, ident, "lead")
    assert view(ctx, ident)["notified"] == ["supervisor", "manager", "lead"]
    emergency = [f for f in oversight.site_flags(ctx) if f.kind == "emergency"]
    assert emergency[0].message.endswith("all notified")
    with pytest.raises(UsageError, match="unknown role"):
        step(ctx, "clerk", tickets.notify, ident, "mayor")

    step(ctx, "sec-lead", tickets.resolve, ident, "False alarm: dust in the detector", signed=True)
    message = refused(ctx, "closing.approval", "clerk", tickets.close, ident)
    assert "an emergency closes only with the approval of supervisor or manager" in message
    step(ctx, "super", tickets.approve, ident)
    closed = step(ctx, "clerk", tickets.close, ident, approved_by="super")
    assert closed.state == "closed" and Person.get_by_id(closed.approved_by_id).login == "super"
    assert flags(ctx, ident) == []


def test_close_needs_a_finished_and_signed_repair(ctx):
    ident = open_ticket(ctx).id
    step(ctx, "clerk", tickets.dispatch, ident, "eng")
    assert "nobody may close an unfinished case" in refused(ctx, "closing.unfinished", "clerk",
                                                            tickets.close, ident)
    step(ctx, "eng-lead", tickets.resolve, ident, "lamp replaced")  # not signed
    assert "signed the work order" in refused(ctx, "closing.evidence", "clerk", tickets.close, ident)
    # the unsigned result goes back to the department; with the signed work order it closes
    set_now(ctx, "2026-11-23 11:00")
    step(ctx, "clerk", tickets.reopen, ident, "work order came back unsigned")
    step(ctx, "eng-lead", tickets.resolve, ident, "lamp replaced", signed=True)
    closed = step(ctx, "clerk", tickets.close, ident)
    assert (closed.state, Person.get_by_id(closed.closed_by_id).login) == ("closed", "clerk")
    assert view(ctx, ident)["closed_at"] == "2026-11-23T11:00+08:00"


def test_a_complaint_closes_without_a_signature(ctx):
    ident = open_ticket(ctx, kind="complaint", nature="valid", category="attitude").id
    step(ctx, "clerk", tickets.dispatch, ident, "svc")
    step(ctx, "svc-lead", tickets.resolve, ident, "apologised; staff member briefed")
    assert step(ctx, "clerk", tickets.close, ident).state == "closed"


def test_a_major_case_closes_only_with_approval(ctx):
    ident = resolved(ctx, major=True)
    assert "a major case closes only" in refused(ctx, "closing.approval", "clerk", tickets.close,
                                                 ident)
    refused(ctx, "closing.approval", "clerk", tickets.close, ident, approved_by="clerk")
    assert "super has not approved" in refused(ctx, "closing.approval", "clerk", tickets.close,
                                               ident, approved_by="super")
    with pytest.raises(NotFound, match="no user 'ghost'"):
        step(ctx, "clerk", tickets.close, ident, approved_by="ghost")
    assert flags(ctx, ident) == ["approval_awaited", "escalated"]  # major: escalated at once

    step(ctx, "super", tickets.approve, ident)
    assert last_audit().action == "ticket.approve" and last_audit().actor == "super"
    assert flags(ctx, ident) == ["escalated"]
    closed = step(ctx, "clerk", tickets.close, ident, approved_by="super")
    assert closed.state == "closed"
    audit = last_audit()
    assert (audit.actor, audit.action, audit.note) == ("clerk", "ticket.close",
                                                       "closed, approved by super")


def test_the_manager_approves_by_closing(ctx):
    ident = resolved(ctx, major=True)
    closed = step(ctx, "boss", tickets.close, ident)
    assert closed.state == "closed" and Person.get_by_id(closed.approved_by_id).login == "boss"


def test_an_unresolvable_case_needs_a_reason_and_the_manager(ctx):
    ident = open_ticket(ctx, kind="complaint", nature="valid", content="Cooling tower noise").id
    step(ctx, "clerk", tickets.dispatch, ident, "eng")
    set_now(ctx, "2026-12-01 10:00")  # inside the quarterly review window
    refused(ctx, "closing.unresolvable.reason", "boss", tickets.close, ident, unresolvable=True)
    assert "project manager" in refused(ctx, "closing.unresolvable.approval", "clerk",
                                        tickets.close, ident, unresolvable=True,
                                        reason="needs capital budget")
    step(ctx, "super", tickets.approve, ident)  # a supervisor's approval is not enough
    refused(ctx, "closing.unresolvable.approval", "clerk", tickets.close, ident,
            unresolvable=True, reason="needs capital budget", approved_by="super")
    step(ctx, "boss", tickets.approve, ident)
    closed = step(ctx, "clerk", tickets.close, ident, unresolvable=True,
                  reason="needs capital budget", approved_by="boss")
    assert (closed.state, closed.unresolvable, closed.close_reason) == (
        "closed", True, "needs capital budget")
    assert last_audit().action == "ticket.close-unresolvable"


def test_a_related_problem_must_be_registered_before_closing(ctx):
    ident = resolved(ctx)
    step(ctx, "clerk", tickets.link, ident, pending="the socket next to it sparks too")
    assert "register it" in refused(ctx, "closing.related", "clerk", tickets.close, ident)
    second = open_ticket(ctx, content="Socket sparking").id
    step(ctx, "clerk", tickets.link, ident, to_id=second)
    v = view(ctx, ident)
    assert (v["related_to"], v["related_pending"]) == (second, "")
    assert step(ctx, "clerk", tickets.close, ident).state == "closed"
    with pytest.raises(UsageError):
        step(ctx, "clerk", tickets.link, second, to_id=second)
    with pytest.raises(UsageError):
        step(ctx, "clerk", tickets.link, second)
    with pytest.raises(NotFound):
        step(ctx, "clerk", tickets.link, second, to_id=999)


def test_reopen_restarts_the_clock(ctx):
    ident = resolved(ctx)
    still_open = open_ticket(ctx, content="still open").id
    refused(ctx, "ticket.reopen", "clerk", tickets.reopen, still_open, "why")
    step(ctx, "clerk", tickets.close, ident)
    set_now(ctx, "2026-11-24 09:00")
    with pytest.raises(UsageError, match="--reason"):
        step(ctx, "clerk", tickets.reopen, ident, " ")
    t = step(ctx, "clerk", tickets.reopen, ident, "lamp out again")
    assert (t.state, t.closed_at, t.approved_by_id, t.signed) == ("dispatched", None, None, False)
    v = view(ctx, ident)
    assert (v["next_step"], v["next_due_at"]) == ("follow-up #1", "2026-11-24T11:00+08:00")
    assert [e["kind"] for e in tickets.history(ident)][-2:] == ["close", "reopen"]


def test_an_inquiry_is_logged_not_registered(ctx):
    ident = open_ticket(ctx, inquiry=True, kind="complaint", nature="inquiry",
                        content="Asked about room rates").id
    t = Ticket.get_by_id(ident)
    assert t.state == "inquiry" and t.closed_at is not None
    assert last_audit().action == "ticket.inquiry"
    refused(ctx, "ticket.inquiry", "clerk", tickets.dispatch, ident, "eng")
    assert ident not in [x.id for x in tickets.tickets_query()]
    assert ident in [x.id for x in tickets.tickets_query(open_only=False)]
    assert flags(ctx, ident) == []


BAD_INPUT = [
    ({"kind": "praise"}, "--kind"),
    ({"channel": "pigeon"}, "--channel"),
    ({"priority": "whenever"}, "--priority"),
    ({"content": "  "}, "--content"),
    ({"location": ""}, "--location"),
    ({"kind": "complaint"}, "--nature"),
    ({"phone": "call me"}, "--phone"),
    ({"category": "food"}, "--category"),
]


def test_ticket_input_is_checked(ctx):
    before = counts()
    for fields, field in BAD_INPUT:
        with pytest.raises(UsageError, match=field):
            with acting(ctx, "clerk"):
                tickets.open_ticket(ctx, repair(**fields))
    assert counts() == before


def test_unknown_ticket_and_bad_steps(ctx):
    with pytest.raises(NotFound, match="no ticket 404"):
        step(ctx, "clerk", tickets.close, 404)
    ident = open_ticket(ctx).id
    with pytest.raises(UsageError, match="--note"):
        step(ctx, "clerk", tickets.follow_up, ident, "")
    with pytest.raises(UsageError, match="unknown department"):
        step(ctx, "clerk", tickets.dispatch, ident, "kitchen")
    with pytest.raises(NotFound, match="no user 'ghost'"):
        step(ctx, "clerk", tickets.dispatch, ident, "eng", "ghost")


def test_ticket_search(ctx):
    a = open_ticket(ctx, content="Tap leaking", location="5F east toilet").id
    b = open_ticket(ctx, content="Projector dead", priority="urgent").id
    step(ctx, "clerk", tickets.dispatch, b, "eng")
    assert [t.id for t in tickets.tickets_query(text="leak")] == [a]
    assert [t.id for t in tickets.tickets_query(text="east")] == [a]
    assert [t.id for t in tickets.tickets_query(dept="eng")] == [b]
    assert [t.id for t in tickets.tickets_query(priority="urgent")] == [b]
    assert [t.id for t in tickets.tickets_query(state="open")] == [a]


def test_two_sessions_working_one_ticket_lose_nothing(ctx, db_url, monkeypatch):
    """Session B escalates the ticket while session A is inside its follow-up transaction,
    between reading the ticket and writing it back. Neither change may be lost."""
    ident = open_ticket(ctx).id
    with racing(monkeypatch, db_url, tickets, "ticket_transition", "duty", "2026-11-23 10:05",
                tickets.escalate, ident, "requester called the director") as b:
        step(ctx, "clerk", tickets.follow_up, ident, "called the requester")
        assert b.blocked, b.outcome
        b.run(now="2026-11-23 10:06")
    t = Ticket.get_by_id(ident)
    assert t.follow_up_1_at is not None and t.escalated_at is not None and t.version == 3
    assert [e["kind"] for e in tickets.history(ident)] == ["open", "follow-up", "escalate"]
