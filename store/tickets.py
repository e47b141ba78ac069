"""Repair and complaint tickets: intake, dispatch, the follow-up clock, closing (domain §5)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
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
    STALLED,
    TICKET_KINDS,
)
from dutyboard.rules.rulebook import DEPARTMENTS, ROLES
from dutyboard.rules.tickets import check_registration
from peewee import SQL

from .audit import snapshot
from .context import Context, get_for_update, get_or_404
from .db import database_proxy, is_sqlite
from .errors import NotFound, Refused, UsageError
from .facts import ticket_fact
from .models import Person, Ticket, TicketEvent
from .timeutil import to_db

MAX_CHARGE = Decimal("10000000000")  # the charge column holds 12 digits, 2 after the point

TICKET_FIELDS = ("state", "priority", "dept", "assignee", "escalated_at", "resolved_at",
                 "result", "signed", "approved_by", "closed_at", "closed_by", "unresolvable",
                 "close_reason", "related_to", "related_pending", "notified", "follow_up_count",
                 "stalled_at", "stall_reason", "callback_at", "callback_satisfied",
                 "callback_manner", "callback_note", "nature", "charge")


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
    on_site: bool = False   # needs someone on site: always registered, never an inquiry


def validate_input(data: TicketInput, inquiry: bool | None = None) -> dict[str, str]:
    """Field -> reason, for every invalid field (the form shows them next to the fields).

    A registered case records the requester's phone (domain §5 "Registration records");
    an inquiry may omit it, and so may an emergency (the clerk registers the place first and
    acts at once). ``inquiry=None`` (not known yet, as on the form) skips that check."""
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
    elif inquiry is False and data.priority != "emergency" and not data.phone.strip():
        errors["phone"] = "required for a registered case (an inquiry may omit it)"
    return errors


def open_ticket(ctx: Context, data: TicketInput, inquiry: bool = False) -> Ticket:
    """Register a case (or log an inquiry that needs no follow-up). Emergencies, urgent and
    major cases go to the desk supervisor at once (000 篇4 4(1)⑶)."""
    errors = validate_input(data)
    if errors:
        raise UsageError("; ".join(f"--{k}: {v}" for k, v in errors.items()))
    now = ctx.now()
    with ctx.write():
        person = ctx.require("ticket.inquiry" if inquiry else "ticket.open")
        if phone := validate_input(data, inquiry).get("phone"):  # who may register, first
            raise UsageError(f"--phone: {phone}")
        check_registration(data.priority, data.major, data.on_site, inquiry)
        ticket = Ticket.create(
            kind=data.kind, channel=data.channel, location=data.location.strip(),
            contact=data.contact.strip(), phone=data.phone.strip(), content=data.content.strip(),
            priority=data.priority, nature=data.nature, category=data.category,
            major=data.major, state=INQUIRY if inquiry else OPEN, opened_at=to_db(now),
            opened_by=person, clock_at=to_db(now),
            closed_at=to_db(now) if inquiry else None)
        TicketEvent.create(ticket=ticket, kind="inquiry" if inquiry else "open", at=to_db(now),
                           actor=person, note=data.content.strip())
        if not inquiry and (data.priority in ("emergency", "urgent") or data.major):
            ticket.escalated_at = to_db(now)
            ticket.save()
            what = data.priority if data.priority != "normal" else "major"
            TicketEvent.create(ticket=ticket, kind="escalate", at=to_db(now), actor=person,
                               note=f"{what} case: the desk supervisor and the manager are told "
                                    "at once")
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
        t.follow_up_1_at = t.follow_up_2_at = t.last_follow_up_at = t.stalled_at = None
        t.follow_up_count = 0
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
        t.follow_up_count = (t.follow_up_count or 0) + 1
        t.last_follow_up_at = now
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


def resolve(ctx: Context, ticket_id: int, result: str, signed: bool = False,
            charge: Decimal | None = None) -> Ticket:
    """Record the result; a charged repair raises a payment notice (《缴费通知书》) for
    ``charge`` (yuan, two decimals)."""
    _need(result, "--result")
    if charge is not None and not (Decimal(0) < charge < MAX_CHARGE and charge == round(charge, 2)):
        raise UsageError(f"--charge: {charge} is not an amount above 0 and below {MAX_CHARGE} "
                         "with at most two decimals")
    now = to_db(ctx.now())

    def apply(t: Ticket, _: Person) -> str:
        t.state, t.result, t.signed, t.resolved_at = RESOLVED, result, signed, now
        t.stalled_at, t.charge = None, charge
        return result + (" (work order signed)" if signed else "") + \
            (f"; payment notice for {charge:.2f}" if charge is not None else "")
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
        check_close(ticket_fact(t), ctx.book, role, unresolvable, reason,
                    ctx.book.calendar.today(ctx.now()))
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
        t.follow_up_count, t.last_follow_up_at, t.stalled_at = 0, None, None
        t.callback_at = t.callback_satisfied = t.callback_manner = None
        t.callback_note = ""
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


LIVE_INDEX = "ticket_live_opened_at"   # partial: (site_id, opened_at) WHERE in_hand() (0003, 0014)


def tickets_in_hand(*fields: Any) -> pw.ModelSelect[Ticket]:
    """``Ticket.select(*fields).where(in_hand())`` read through the partial index of the
    tickets in hand, named on SQLite (INDEXED BY). The statistics ``PRAGMA optimize`` keeps
    (``analysis_limit``, store/sqlitedb.py) stop after 1,000 rows of an index: a column that
    does not change in them (the site, on a one-building database) is recorded as 1,001 rows
    a value on every index, the partial one and the whole table's ``(site_id, opened_at)``
    alike, and SQLite took the latter: every ticket ever registered, in ``opened_at`` order
    (1 M closed tickets: 13 -> 440 ms for the board's, the flags' and the weekly report's
    reads, issue 13). PostgreSQL's statistics see the partial index's size."""
    return through_live_index(Ticket.select(*fields).where(in_hand()))


def through_live_index(query: pw.ModelSelect[Ticket]) -> pw.ModelSelect[Ticket]:
    """``query`` (of tickets, its WHERE holding ``in_hand()``) through the partial index."""
    if is_sqlite(database_proxy.obj):
        query = query.from_(pw.NodeList((Ticket, SQL(f'INDEXED BY "{LIVE_INDEX}"'))))
    return query


def tickets_query(state: str | None = None, dept: str | None = None,
                  priority: str | None = None, text: str | None = None,
                  open_only: bool = True) -> pw.ModelSelect[Ticket]:
    """Tickets by state; ``stalled`` (open cases set apart) is listed apart: only with
    ``state="stalled"`` (or every ticket, ``open_only=False``)."""
    query = Ticket.select().order_by(Ticket.opened_at.desc(), Ticket.id.desc())
    if state == STALLED:
        query = query.where(Ticket.state.in_([OPEN, DISPATCHED]) & Ticket.stalled_at.is_null(False))
    elif state:
        query = query.where(Ticket.state == state)
        if state in (OPEN, DISPATCHED):
            query = query.where(Ticket.stalled_at.is_null())
    elif open_only:
        query = through_live_index(query.where(in_hand() & Ticket.stalled_at.is_null()))
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
