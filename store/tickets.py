"""Repair and complaint tickets: intake, dispatch, the follow-up clock, closing (domain §5)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import peewee as pw
from dutyboard.rules import check_close, ticket_transition
from dutyboard.rules.facts import (
    CATEGORIES,
    CHANNELS,
    CLOSED,
    DISPATCHED,
    INQUIRY,
    NATURES,
    OPEN,
    PRIORITIES,
    RESOLVED,
    TICKET_KINDS,
)
from dutyboard.rules.rulebook import DEPARTMENTS, ROLES
from peewee import SQL

from .audit import snapshot
from .context import Context, get_for_update, get_or_404
from .db import is_sqlite
from .errors import NotFound, Refused, UsageError
from .facts import ticket_fact
from .models import Person, Ticket, TicketEvent
from .timeutil import to_db

TICKET_FIELDS = ("state", "priority", "dept", "assignee", "escalated_at", "resolved_at",
                 "result", "signed", "approved_by", "closed_at", "closed_by", "unresolvable",
                 "close_reason", "related_to", "related_pending", "notified")


@dataclass
class TicketInput:
    kind: str
    channel: str
    location: str
    contact: str
    content: str
    phone: str = ""
    priority: str = "normal"
    nature: str | None = None
    category: str | None = None
    major: bool = False


def validate_input(data: TicketInput) -> dict[str, str]:
    """Field -> reason, for every invalid field (the form shows them next to the fields)."""
    errors: dict[str, str] = {}
    choices = {"kind": TICKET_KINDS, "channel": CHANNELS, "priority": PRIORITIES}
    for name, allowed in choices.items():
        if getattr(data, name) not in allowed:
            errors[name] = f"must be one of {', '.join(allowed)}"
    for name in ("location", "contact", "content"):
        if not str(getattr(data, name) or "").strip():
            errors[name] = "required"
    if data.nature is not None and data.nature not in NATURES:
        errors["nature"] = f"must be one of {', '.join(NATURES)}"
    if data.category is not None and data.category not in CATEGORIES:
        errors["category"] = f"must be one of {', '.join(CATEGORIES)}"
    if data.kind == "complaint" and data.nature is None and data.priority != "emergency":
        errors["nature"] = "a complaint needs its nature: " + ", ".join(NATURES)
    if data.phone and not all(c.isdigit() or c in "+-() " for c in data.phone):
        errors["phone"] = "digits, spaces, + - ( ) only"
    return errors


def open_ticket(ctx: Context, data: TicketInput, inquiry: bool = False) -> Ticket:
    """Register a case (or log an inquiry that needs no follow-up). Emergencies escalate at once."""
    errors = validate_input(data)
    if errors:
        raise UsageError("; ".join(f"--{k}: {v}" for k, v in errors.items()))
    now = ctx.now()
    with ctx.write():
        person = ctx.require("ticket.inquiry" if inquiry else "ticket.open")
        ticket = Ticket.create(
            kind=data.kind, channel=data.channel, location=data.location.strip(),
            contact=data.contact.strip(), phone=data.phone.strip(), content=data.content.strip(),
            priority=data.priority, nature=data.nature, category=data.category,
            major=data.major, state=INQUIRY if inquiry else OPEN, opened_at=to_db(now),
            opened_by=person, clock_at=to_db(now),
            closed_at=to_db(now) if inquiry else None)
        TicketEvent.create(ticket=ticket, kind="inquiry" if inquiry else "open", at=to_db(now),
                           actor=person, note=data.content.strip())
        if data.priority == "emergency" and not inquiry:
            ticket.escalated_at = to_db(now)
            ticket.save()
            TicketEvent.create(ticket=ticket, kind="escalate", at=to_db(now), actor=person,
                               note="emergency: supervisor and manager to be told at once")
        ctx.audit("ticket.inquiry" if inquiry else "ticket.open", "ticket", ticket.id,
                  after=snapshot(ticket, TICKET_FIELDS) | {"kind": data.kind,
                                                          "location": ticket.location})
    return ticket


def _step(ctx: Context, ticket_id: int, permission: str, action: str,
          apply: Callable[[Ticket, Person], str], dept_of: Callable[[Ticket], str | None]
          = lambda t: t.dept) -> Ticket:
    """One ticket step: permission, rule, write, event, audit, all in one transaction."""
    with ctx.write():
        ticket = get_for_update(ctx, Ticket, ticket_id, "ticket")
        person = ctx.require(permission, dept_of(ticket))
        ticket_transition(ticket_fact(ticket), action)
        before = snapshot(ticket, TICKET_FIELDS)
        note = apply(ticket, person)
        ticket.version += 1
        ticket.save()
        TicketEvent.create(ticket=ticket, kind=action, at=to_db(ctx.now()), actor=person,
                           note=note, dept=ticket.dept,
                           to_person=ticket.assignee if action == "dispatch" else None)
        ctx.audit(f"ticket.{action}", "ticket", ticket.id, before,
                  snapshot(ticket, TICKET_FIELDS), note=note)
    return ticket


def each_ticket(ctx: Context, ids: list[int], step: Callable[[int], Ticket]) -> list[Ticket]:
    """Apply ``step`` to every named ticket in one transaction: all are written or none (an
    unknown id or a refusal for one rolls back the others). An id named twice is stepped once.
    On PostgreSQL the rows are locked in id order first, so two commands naming the same
    tickets in different orders queue instead of deadlocking."""
    unique = list(dict.fromkeys(ids))
    with ctx.write():
        if not is_sqlite(ctx.db) and len(unique) > 1:
            list(Ticket.select(Ticket.id).where(Ticket.id.in_(unique)).order_by(Ticket.id).for_update())
        return [step(ident) for ident in unique]


def dispatch(ctx: Context, ticket_id: int, dept: str, to_login: str | None = None) -> Ticket:
    if dept not in DEPARTMENTS:
        raise UsageError(f"unknown department {dept!r}; codes are {', '.join(DEPARTMENTS)}")
    assignee = None
    if to_login:
        assignee = Person.get_or_none(Person.login == to_login)
        if assignee is None:
            raise NotFound(f"no user {to_login!r}")
    now = to_db(ctx.now())

    def apply(t: Ticket, _: Person) -> str:
        t.dept, t.assignee, t.state = dept, assignee, DISPATCHED
        t.dispatched_at = t.clock_at = now
        t.follow_up_1_at = t.follow_up_2_at = None
        return f"work order to {dept}" + (f" / {to_login}" if to_login else "")
    return _step(ctx, ticket_id, "ticket.dispatch", "dispatch", apply)


def follow_up(ctx: Context, ticket_id: int, note: str) -> Ticket:
    _need(note, "--note")
    now = to_db(ctx.now())

    def apply(t: Ticket, _: Person) -> str:
        if t.follow_up_1_at is None:
            t.follow_up_1_at = now
        elif t.follow_up_2_at is None:
            t.follow_up_2_at = now
        return note
    return _step(ctx, ticket_id, "ticket.follow-up", "follow-up", apply)


def escalate(ctx: Context, ticket_id: int, note: str) -> Ticket:
    _need(note, "--note")
    now = to_db(ctx.now())

    def apply(t: Ticket, _: Person) -> str:
        t.escalated_at = now
        return note
    return _step(ctx, ticket_id, "ticket.escalate", "escalate", apply)


def notify(ctx: Context, ticket_id: int, role: str, note: str = "") -> Ticket:
    """Tick off one person told of an emergency (supervisor, manager, department lead)."""
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")

    def apply(t: Ticket, _: Person) -> str:
        told = [r for r in t.notified.split(",") if r]
        if role not in told:
            told.append(role)
        t.notified = ",".join(told)
        return f"{role} notified" + (f": {note}" if note else "")
    return _step(ctx, ticket_id, "ticket.notify", "notify", apply)


def resolve(ctx: Context, ticket_id: int, result: str, signed: bool = False) -> Ticket:
    _need(result, "--result")
    now = to_db(ctx.now())

    def apply(t: Ticket, _: Person) -> str:
        t.state, t.result, t.signed, t.resolved_at = RESOLVED, result, signed, now
        return result + (" (work order signed)" if signed else "")
    return _step(ctx, ticket_id, "ticket.resolve", "resolve", apply)


def approve(ctx: Context, ticket_id: int, note: str = "") -> Ticket:
    def apply(t: Ticket, person: Person) -> str:
        t.approved_by = person
        return note or f"close approved by {person.login} ({person.role})"
    return _step(ctx, ticket_id, "ticket.approve", "approve", apply)


def link(ctx: Context, ticket_id: int, to_id: int | None = None, pending: str | None = None) -> Ticket:
    """Link a related case registered on its own (lets the original close), or record an
    unregistered related problem (blocks closing until it is registered and linked)."""
    if (to_id is None) == (pending is None):
        raise UsageError("give exactly one of --to TICKET or --pending TEXT")
    if to_id is not None:
        other = get_or_404(Ticket, to_id, "ticket")
        if other.id == ticket_id:
            raise UsageError("a ticket cannot be related to itself")

    def apply(t: Ticket, _: Person) -> str:
        if to_id is not None:
            t.related_to, t.related_pending = to_id, ""
            return f"related case registered as ticket {to_id}"
        t.related_pending = pending or ""
        return f"unregistered related problem: {pending}"
    return _step(ctx, ticket_id, "ticket.link", "link", apply)


def close(ctx: Context, ticket_id: int, approved_by: str | None = None,
          unresolvable: bool = False, reason: str = "") -> Ticket:
    now = to_db(ctx.now())
    action = "close-unresolvable" if unresolvable else "close"

    def apply(t: Ticket, person: Person) -> str:
        role = _approver_role(t, person, approved_by)
        check_close(ticket_fact(t), ctx.book, role, unresolvable, reason)
        t.state, t.closed_at, t.closed_by = CLOSED, now, person
        t.unresolvable, t.close_reason = unresolvable, reason
        if approved_by:
            t.approved_by = Person.get(Person.login == approved_by)
        elif role == person.role and role in ctx.book.major_approvers + ctx.book.unresolvable_approvers:
            t.approved_by = t.approved_by or person
        return (f"closed as unresolvable: {reason}" if unresolvable else "closed") + \
            (f", approved by {approved_by}" if approved_by else "")
    return _step(ctx, ticket_id, "ticket.close", action, apply)


def _approver_role(t: Ticket, actor: Person, approved_by: str | None) -> str | None:
    """The role of the approval this close rests on: the actor's own (a manager closing),
    or a recorded approval (``ticket approve``) by the named person."""
    if approved_by is None:
        if t.approved_by_id:
            return Person.get_by_id(t.approved_by_id).role
        return actor.role if actor.role == "manager" else None
    approver = Person.get_or_none(Person.login == approved_by)
    if approver is None:
        raise NotFound(f"no user {approved_by!r}")
    if approver.id == actor.id:
        return actor.role
    if t.approved_by_id != approver.id:
        raise Refused(f"[closing.approval] {approved_by} has not approved ticket {t.id}; "
                      f"they record it with: dutyboard --as {approved_by} ticket approve {t.id}",
                      "closing.approval")
    return approver.role


def reopen(ctx: Context, ticket_id: int, reason: str) -> Ticket:
    _need(reason, "--reason")
    now = to_db(ctx.now())

    def apply(t: Ticket, _: Person) -> str:
        t.state = DISPATCHED if t.dispatched_at else OPEN
        t.closed_at = t.closed_by = t.resolved_at = t.approved_by = None
        t.signed, t.unresolvable, t.close_reason = False, False, ""
        t.clock_at, t.follow_up_1_at, t.follow_up_2_at, t.escalated_at = now, None, None, None
        return reason
    return _step(ctx, ticket_id, "ticket.reopen", "reopen", apply)


def _need(text: str | None, option: str) -> None:
    if not (text or "").strip():
        raise UsageError(f"{option} must not be empty")


LIVE_STATES = (OPEN, DISPATCHED, RESOLVED)


def in_hand() -> Any:
    """Tickets still in hand (open, dispatched, resolved), with the states written into the
    SQL rather than bound: SQLite uses the partial index ``ticket_live_opened_at`` (0003)
    only when the query repeats its WHERE literally, and without it a site's statistics
    (a million closed tickets over five states) make it scan the whole table."""
    assert all(s.isalpha() for s in LIVE_STATES)  # plain words: safe to write into SQL
    return Ticket.state.in_(SQL("(" + ", ".join(f"'{s}'" for s in LIVE_STATES) + ")"))


def tickets_query(state: str | None = None, dept: str | None = None,
                  priority: str | None = None, text: str | None = None,
                  open_only: bool = True) -> pw.ModelSelect[Ticket]:
    query = Ticket.select().order_by(Ticket.opened_at.desc(), Ticket.id.desc())
    if state:
        query = query.where(Ticket.state == state)
    elif open_only:
        query = query.where(in_hand())
    if dept:
        query = query.where(Ticket.dept == dept)
    if priority:
        query = query.where(Ticket.priority == priority)
    if text:
        like = f"%{text}%"
        query = query.where(Ticket.content.contains(text) | Ticket.location.contains(text)
                            | Ticket.contact.contains(text) | (Ticket.result ** like))
    return query


def history(ticket_id: int) -> list[dict[str, Any]]:
    """Every event on the ticket: who, when, what."""
    rows = (TicketEvent.select(TicketEvent, Person).join(Person, on=TicketEvent.actor)
            .where(TicketEvent.ticket == ticket_id).order_by(TicketEvent.at, TicketEvent.id))
    return [{"kind": e.kind, "at": e.at, "actor": e.actor.login, "note": e.note,
             "dept": e.dept} for e in rows]


def known_locations(limit: int = 300) -> list[str]:
    """Venues and recent ticket locations, for completion on the intake form."""
    from .models import Venue
    venues = [v.name for v in Venue.select(Venue.name).where(Venue.active)]
    recent = [t.location for t in Ticket.select(Ticket.location).distinct()
              .order_by(Ticket.location).limit(limit)]
    return list(dict.fromkeys(venues + recent))


def known_contacts(limit: int = 300) -> list[str]:
    """People and recent requesters, for completion on the intake form."""
    people = [p.name for p in Person.select(Person.name).where(Person.active)]
    recent = [t.contact for t in Ticket.select(Ticket.contact).distinct()
              .order_by(Ticket.contact).limit(limit)]
    return list(dict.fromkeys(recent + people))
