"""Handlers of the headless commands. Each takes the parsed args and a store Context."""

from __future__ import annotations

import datetime
from typing import Any

from dutyboard.store import admin, meetings, oversight, reports, sites, tasks, tickets
from dutyboard.store.context import Context
from dutyboard.store.errors import Refused, UsageError
from dutyboard.store.migrate import status as migration_status
from dutyboard.store.models import Audit, Meeting, Person, Task, Ticket, Venue
from dutyboard.store.scope import this_site_or_company
from dutyboard.store.timeutil import iso, must
from dutyboard.store.views import (
    audit_view,
    confidential_meeting_ids,
    flag_view,
    meeting_view,
    task_view,
    ticket_view,
)

from . import (
    inputs,
    meeting_io_commands,
    register_commands,
    report_commands,
    report_format,
    site_commands,
    sites_commands,
    ticket_commands,
)
from .output import emit, show_text

TASK_COLUMNS = ("id", "meeting_id", "dept", "due_at", "short_notice", "state", "flag", "title")
TICKET_COLUMNS = ("id", "priority", "state", "kind", "dept", "location", "next_step", "next_due_at")


def when(ctx: Context, text: str, option: str = "time") -> Any:
    return inputs.instant(text, ctx.tz, option)


def day_of(ctx: Context, text: str | None, option: str = "--day") -> datetime.date:
    if not text:
        return ctx.book.calendar.today(ctx.now())
    return inputs.day(text, option)


def viewer(ctx: Context) -> Person | None:
    return Person.get_or_none(Person.login == ctx.login)


def logins() -> dict[int, str]:
    return {p.id: p.login for p in Person.select(Person.id, Person.login)}


def approver_roles() -> dict[int, str]:
    return {p.id: p.role for p in Person.select(Person.id, Person.role)}


# -- site ----------------------------------------------------------------------

def cmd_init(args: Any, ctx: Context) -> None:
    person = admin.init_site(ctx, args.site, training=args.training)
    emit(args, {"site": oversight.site_name(), "manager": person.login, "training": args.training})


def cmd_demo(args: Any, ctx: Context) -> None:
    from dutyboard.store.demo import AlreadyDemo, build_demo
    try:
        summary = build_demo(ctx, seed=args.seed)
    except AlreadyDemo as exc:
        print(f"dutyboard: {exc}; open it with: dutyboard --db {args.db or '(default)'}")
        return
    flags = oversight.site_flags(ctx)
    if args.json:
        emit(args, {**summary, "flags": [flag_view(f, ctx.book) for f in flags]})
        return
    print(", ".join(f"{k}: {v}" for k, v in summary.items()))
    for f in flags:
        print(f"[{f.severity:5}] {f.kind:22} {f.message}")


def cmd_venue(args: Any, ctx: Context) -> None:
    if args.action == "add":
        v = admin.add_venue(ctx, args.name, args.venue_class, args.kind, args.capacity, args.building)
        emit(args, _venue(v))
    else:
        emit(args, [_venue(v) for v in admin.list_venues()],
             ("id", "name", "class", "kind", "capacity", "building"))


def _venue(v: Venue) -> dict[str, Any]:
    return {"id": v.id, "name": v.name, "class": v.venue_class, "kind": v.kind,
            "capacity": v.capacity, "building": v.building}


def cmd_user(args: Any, ctx: Context) -> None:
    if args.action == "add":
        p = admin.add_user(ctx, args.new_login, args.role, args.name, args.dept, args.cleared, args.phone)
        emit(args, _person(p))
    elif args.all:
        emit(args, [_person(p) | {"sites": codes} for p, codes in sites.everyone_with_sites(ctx)],
             ("id", "login", "name", "role", "sites", "depts", "cleared"))
    else:
        emit(args, [_person(p) for p in sites.members_here(ctx)],
             ("id", "login", "name", "role", "depts", "cleared"))


def _person(p: Person) -> dict[str, Any]:
    return {"id": p.id, "login": p.login, "name": p.name, "role": p.role,
            "depts": sorted(p.dept_set), "cleared": p.cleared, "active": p.active}


# -- meetings and tasks ---------------------------------------------------------

def cmd_meeting(args: Any, ctx: Context) -> None:
    if args.action in meeting_io_commands.HANDLERS:
        meeting_io_commands.HANDLERS[args.action](args, ctx)
        return
    me = viewer(ctx)
    if args.action in register_commands.MEETING:
        register_commands.MEETING[args.action](args, ctx)
    elif args.action == "add":
        data = meetings.MeetingInput(
            venue=args.venue, start=when(ctx, args.start, "--start"), end=when(ctx, args.end, "--end"),
            title=args.title, organizer=args.organizer, contact=args.contact, phone=args.phone,
            attendees=args.attendees,
            services=tuple(s.strip() for s in args.services.split(",") if s.strip()),
            approval_ref=args.approval, confidential=args.confidential, layout=args.layout,
            size=args.size or "",
            purchases=tuple(s.strip() for s in args.purchases.split(",") if s.strip()))
        m = meetings.add_meeting(ctx, data)
        emit(args, meeting_view(m, ctx.book, me) | {"tasks": Task.select().where(
            Task.meeting == m).count()})
    elif args.action == "list":
        day = day_of(ctx, args.day)
        lo, _ = ctx.book.calendar.day_bounds(day)
        hi = lo.shift(days=args.days)
        emit(args, [meeting_view(m, ctx.book, me) for m in meetings.meetings_between(lo, hi)],
             ("id", "start_at", "end_at", "venue", "class", "status", "title"))
    elif args.action == "show":
        m = Meeting.get_or_none(Meeting.id == args.id)
        if m is None:
            from dutyboard.store.errors import NotFound
            raise NotFound(f"no meeting {args.id}")
        names = logins()
        rows = [task_view(t, ctx.book, ctx.now(), me, names) for t in tasks.tasks_query(m.id)]
        emit(args, meeting_view(m, ctx.book, me) | {"tasks": rows})
    elif args.action == "move":
        end = when(ctx, args.end, "--end") if args.end else None
        m = meetings.move_meeting(ctx, args.id, when(ctx, args.start, "--start"), end)
        emit(args, meeting_view(m, ctx.book, me))
    elif args.action == "cancel":
        m = meetings.cancel_meeting(ctx, args.id, args.reason)
        emit(args, meeting_view(m, ctx.book, me))


def cmd_task(args: Any, ctx: Context) -> None:
    me = viewer(ctx)
    names = logins()
    if args.action == "list":
        if args.meeting is not None:
            query = tasks.tasks_query(args.meeting, args.dept, args.state)
        else:
            cal = ctx.book.calendar
            day = day_of(ctx, args.day)
            lo, hi = cal.day_bounds(day)
            if not args.day:
                hi = hi.shift(days=1)
            query = tasks.tasks_query(None, args.dept, args.state, lo, hi)
        query = query.where(Meeting.status == "booked") if args.meeting is None else query
        emit(args, [task_view(t, ctx.book, ctx.now(), me, names) for t in query], TASK_COLUMNS)
        return
    t = tasks.change_task(ctx, args.id, args.action, args.version, getattr(args, "reason", ""))
    emit(args, task_view(Task.select(Task, Meeting, Venue).join(Meeting).join(Venue)
                         .where(Task.id == t.id).get(), ctx.book, ctx.now(), me, logins()))


# -- tickets ---------------------------------------------------------------------

def cmd_ticket(args: Any, ctx: Context) -> None:
    action = args.action
    roles = approver_roles
    if action in ticket_commands.HANDLERS:
        ticket_commands.HANDLERS[action](args, ctx)
        return
    if action == "open":
        data = tickets.TicketInput(
            kind=args.kind, channel=args.channel, location=args.location, contact=args.contact,
            content=args.content, phone=args.phone, priority=args.priority, nature=args.nature,
            category=args.category, major=args.major, on_site=args.on_site)
        t = tickets.open_ticket(ctx, data, inquiry=args.inquiry)
        emit(args, ticket_view(t, ctx.book, ctx.now()))
        return
    if action == "list":
        query = tickets.tickets_query(args.state, args.dept, args.priority, args.text,
                                      open_only=not args.all).limit(args.limit)
        r = roles()
        emit(args, [ticket_view(t, ctx.book, ctx.now(), r.get(t.approved_by_id)) for t in query],
             TICKET_COLUMNS)
        return
    if action == "show":
        t = Ticket.get_or_none(Ticket.id == args.id)
        if t is None:
            from dutyboard.store.errors import NotFound
            raise NotFound(f"no ticket {args.id}")
        view = ticket_view(t, ctx.book, ctx.now(), roles().get(t.approved_by_id))
        view["history"] = [dict(e, at=iso(must(e["at"]), ctx.tz)) for e in tickets.history(t.id)]
        view["audit"] = [audit_view(a, ctx.tz, viewer(ctx)) for a in Audit.select().where(
            (Audit.entity == "ticket") & (Audit.entity_id == t.id)).order_by(Audit.id)]
        emit(args, view)
        return
    ids = args.id if isinstance(args.id, list) else [args.id]
    changed = tickets.each_ticket(ctx, ids, lambda ident: _ticket_step(ctx, args, action, ident))
    r = roles()
    results = [ticket_view(t, ctx.book, ctx.now(), r.get(t.approved_by_id)) for t in changed]
    emit(args, results if len(results) > 1 else results[0], TICKET_COLUMNS)


def _ticket_step(ctx: Context, args: Any, action: str, ident: int) -> Ticket:
    if action == "dispatch":
        return tickets.dispatch(ctx, ident, args.dept, args.to_login)
    if action == "follow-up":
        return tickets.follow_up(ctx, ident, args.note)
    if action == "escalate":
        return tickets.escalate(ctx, ident, args.note)
    if action == "notify":
        return tickets.notify(ctx, ident, args.role, args.note)
    if action == "resolve":
        return tickets.resolve(ctx, ident, args.result, args.signed, args.charge)
    if action == "approve":
        return tickets.approve(ctx, ident, args.note)
    if action == "close":
        return tickets.close(ctx, ident, args.approved_by, args.unresolvable, args.reason)
    if action == "reopen":
        return tickets.reopen(ctx, ident, args.reason)
    if action == "link":
        return tickets.link(ctx, ident, args.to_id, args.pending)
    raise UsageError(f"unknown ticket action {action}")  # argparse restricts the actions


# -- oversight --------------------------------------------------------------------

def cmd_flags(args: Any, ctx: Context) -> None:
    emit(args, [flag_view(f, ctx.book) for f in oversight.site_flags(ctx)],
         ("severity", "kind", "subject", "due_at", "message"))


def cmd_audit(args: Any, ctx: Context) -> None:
    if args.verb == "verify":
        from dutyboard.store.audit import verify
        broken = verify()
        if broken is not None:
            raise Refused(str(broken), "audit.chain")
        emit(args, {"intact": True, "rows": Audit.select().count()})
        return
    query = Audit.select().where(this_site_or_company()).order_by(Audit.id.desc()).limit(args.limit)
    if args.entity:
        query = query.where(Audit.entity == args.entity)
    if args.id is not None:
        query = query.where(Audit.entity_id == args.id)
    me, secret = viewer(ctx), confidential_meeting_ids()
    emit(args, [audit_view(a, ctx.tz, me, secret) for a in query],
         ("id", "at", "actor", "action", "entity", "entity_id", "note"))


def cmd_signoff(args: Any, ctx: Context) -> None:
    if args.action is None and args.revoke_day is not None:
        raise UsageError(f"unexpected {args.revoke_day!r}: the day to sign off is --day DAY")
    if args.action == "revoke":
        if args.revoke_day is None or args.day:
            raise UsageError("signoff revoke needs the day: signoff revoke YYYY-MM-DD --reason TEXT")
        day = inputs.day(args.revoke_day, "DAY")
        oversight.revoke_sign_off(ctx, day, args.reason)
        emit(args, {"day": day.isoformat(), "revoked_by": ctx.login, "reason": args.reason.strip()})
        return
    if args.action == "summary":
        if args.revoke_day is not None:
            raise UsageError("signoff summary takes --day DAY")
        emit(args, summary_view(oversight.day_summary(ctx, day_of(ctx, args.day)), ctx.tz))
        return
    if args.reason:
        raise UsageError("--reason is for signoff revoke; a sign-off takes --note")
    row = oversight.sign_off(ctx, day_of(ctx, args.day) if args.day else None, args.note)
    emit(args, {"day": row.day.isoformat(), "by": ctx.login, "at": iso(must(row.at), ctx.tz)})


def summary_view(s: oversight.DaySummary, tz: str) -> dict[str, Any]:
    return {"day": s.day.isoformat(), "registered": s.registered, "still_open": s.still_open,
            "stalled": s.stalled, "escalated": s.escalated, "emergencies_open": s.emergencies_open,
            "readiness_unverified": s.readiness_unverified, "closes_awaiting_approval": s.closes_awaiting,
            "close_of_business": iso(s.closing, tz), "warnings": list(s.warnings),
            "signed_by": s.signed_by, "signed_at": iso(s.signed_at, tz)}


def cmd_rulebook(args: Any, ctx: Context) -> None:
    if args.action == "show":
        sites_commands.show_rulebook(args, ctx)
        return
    from dutyboard.rules.rulebook import RulebookError, check_text, read_rulebook_file
    try:
        text = read_rulebook_file(args.file)
        if args.action == "check":
            book = check_text(args.file, text)
    except RulebookError as exc:
        raise UsageError(str(exc)) from None
    if args.action == "check":
        year = book.calendar.today(ctx.now()).year
        emit(args, {"file": args.file, "ok": True, "tasks": len(book.tasks),
                    "calendar": "; ".join(c.message for c in book.calendar.coverage((year, year + 1)))})
    else:
        admin.set_rulebook(ctx, text, args.file)
        emit(args, {"file": args.file, "stored": True})


def cmd_report(args: Any, ctx: Context) -> None:
    """Read-only: anyone may run it, even a login that is not a user here."""
    if args.action in ticket_commands.REPORTS:
        ticket_commands.REPORTS[args.action](args, ctx)
        return
    if args.action == "shift":
        from .shift_commands import cmd_shift
        cmd_shift(args, ctx)
        return
    if args.action in report_commands.REPORTS:
        report_commands.REPORTS[args.action](args, ctx)
        return
    csv = args.format == "csv"
    lang = "zh" if args.lang == "zh" else "en"   # the Markdown's language
    if args.action == "weekly":
        week_of = inputs.day(args.week, "--week") if args.week else None
        week = reports.weekly_summary(ctx, week_of)
        data = report_format.weekly_dict(week)
        text = report_format.weekly_csv(week) if csv else report_format.weekly_markdown(week, lang)
    else:
        month_text = inputs.month(args.month, "--month") if args.month else None
        month = reports.monthly_complaint_rate(ctx, month_text, args.households)
        data = report_format.monthly_dict(month)
        text = report_format.monthly_csv(month) if csv else report_format.monthly_markdown(month, lang)
    if args.json or args.format == "json":
        args.json = True
        emit(args, data)
    else:
        show_text(text)


def cmd_migrate(args: Any, ctx: Context) -> None:
    emit(args, [{"migration": n, "applied": a} for n, a in migration_status(ctx.db)],
         ("migration", "applied"))


HANDLERS = {
    "init": cmd_init, "demo": cmd_demo, "venue": cmd_venue, "user": cmd_user,
    "meeting": cmd_meeting, "task": cmd_task, "ticket": cmd_ticket, "flags": cmd_flags,
    "audit": cmd_audit, "signoff": cmd_signoff, "rulebook": cmd_rulebook, "migrate": cmd_migrate,
    "report": cmd_report, **site_commands.HANDLERS, **sites_commands.HANDLERS, **register_commands.HANDLERS,
}
