"""A generated large site for the board benchmark: 300 venues, 1,500 meetings today with
every task the rulebook derives for them (~60k), 2,000 open tickets, closed tickets over the
past year (default 10,000; ``--closed-tickets 1000000``) and, with ``--history-days N``, N
past days of meetings and tasks (each a copy of today's programme, finished; history.py).

Fast on purpose: the handful of people go through the store (so the site is set up as
``dutyboard init`` would), everything else is bulk ``insert_many`` in chunks inside one
transaction. Field values follow the rules (task states by due time, ticket clocks in
order, class C bookings with an approval reference), not the per-row store calls.

    python tests/bench/generate.py --url sqlite:///tmp/big.db [--now 2026-11-23T09:30]
        [--history-days 180] [--closed-tickets 1000000] [--sites 20]
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import arrow
import peewee as pw

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from dutyboard.rules import Booking, FrozenClock, derive_tasks, parse_instant  # noqa: E402
from dutyboard.rules.facts import DONE, PENDING, VERIFIED  # noqa: E402
from dutyboard.store import admin, scope  # noqa: E402
from dutyboard.store.audit import record as audit_record  # noqa: E402
from dutyboard.store.context import Context  # noqa: E402
from dutyboard.store.db import connect, is_sqlite  # noqa: E402
from dutyboard.store.models import Audit, Meeting, Person, Signoff, Task, Ticket, Venue  # noqa: E402
from dutyboard.store.sites import add_site, join  # noqa: E402
from dutyboard.store.timeutil import to_db  # noqa: E402
from history import AUDIT_COLS, TICKET_FIELDS, add_closed_tickets, add_history, chain_rows, insert_rows  # noqa: E402,E501

MANAGER = "bench-manager"
USERS = [  # login, role, depts, cleared
    ("duty", "duty", ["fcc"], False),
    ("duty2", "duty", ["fcc"], False),
    ("clerk", "clerk", ["desk"], False),
    ("clerk2", "clerk", ["desk"], False),
    ("clerk3", "clerk", ["desk"], False),
    ("super", "supervisor", ["desk"], True),
    ("eng-lead", "lead", ["eng"], False),
    ("sec-lead", "lead", ["sec"], False),
    ("svc-lead", "lead", ["svc"], False),
    ("env-lead", "lead", ["env"], False),
]
# class, kinds, capacity range, share of venues
VENUE_MIX = [
    ("A", ("meeting-room", "breakout"), (8, 40), 0.50),
    ("B", ("meeting-room", "report-hall", "press-hall"), (40, 150), 0.35),
    ("C", ("report-hall", "main-hall", "presidium-hall"), (150, 1200), 0.15),
]
BUILDINGS = ["Conference building", "Office block", "Annex", "East wing", "West wing"]
TOPICS = ["Weekly office meeting", "Budget review", "Safety briefing", "Training session",
          "Press conference", "Standing committee", "Project kick-off", "Study session",
          "Foreign delegation reception", "Annual work report", "Procurement hearing",
          "Emergency drill debrief", "Party committee meeting", "Audit findings review"]
ORGS = ["General Office", "Finance Bureau", "Development Commission", "Publicity Department",
        "Emergency Management Bureau", "Foreign Affairs Office", "CPPCC Office", "Housing Bureau",
        "Education Bureau", "Health Commission", "Transport Bureau", "Audit Office"]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun"]
SERVICE_POOL = ["banner", "water", "flowers", "recording", "nameplates", "signin", "microphones",
                "signage", "podium", "fruit", "towels", "projector", "teabreak"]
PLACES = ["lobby", "corridor", "toilet", "pantry", "stairwell", "garage", "roof", "lift hall",
          "meeting room", "office", "switch room", "kitchen"]
PROBLEMS = {
    "lighting": ["ceiling light out", "flickering tube", "emergency light dead"],
    "water": ["tap leaking", "no hot water", "toilet blocked", "pipe dripping"],
    "power": ["socket dead", "breaker trips", "UPS alarm"],
    "heating": ["too cold", "AC not cooling", "fan coil noisy", "radiator cold"],
    "equipment": ["projector fails", "microphone crackles", "lift stuck", "door lock broken"],
    "attitude": ["guard was rude", "clerk did not call back"],
    "quality": ["room not cleaned", "tea cold on arrival", "signage wrong"],
    "other": ["lost item", "noise complaint", "parking dispute"],
}
DEPT_LEAD = {"eng": "eng-lead", "sec": "sec-lead", "svc": "svc-lead", "env": "env-lead",
             "desk": "clerk", "fcc": "duty"}


def chunked(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def bulk(db: pw.Database, model: type[pw.Model], fields: list[pw.Field], rows: list[tuple]) -> None:
    """insert_many in chunks sized to the driver's bound-variable limit."""
    per = 30000 // len(fields) if is_sqlite(db) else 2000   # SQLite allows 32766 variables
    for part in chunked(rows, max(1, per)):
        model.insert_many(part, fields=fields).execute()


def bulk_raw(db: pw.Database, model: type[pw.Model], fields: list[pw.Field], rows: list[tuple]) -> None:
    """The DB-API's own bulk path for the two big tables (tickets, audit): Peewee building
    SQL for 6 million values costs ~4x the insert itself. The values are what Peewee would
    pass on (datetimes, bools, ids); the driver adapts them the same way."""
    insert_rows(db, model, fields, rows)


def _phone(rng: random.Random) -> str:
    return f"1{rng.randint(30, 99)}{rng.randint(10000000, 99999999)}"


def ticket_maker(rng: random.Random, people: dict[str, int], venue_names: list[str],
                 now_db: datetime.datetime) -> Callable[[datetime.datetime, bool], tuple]:
    """Builds one ticket row (in TICKET_FIELDS order) opened at ``opened``: closed, or in
    one of the open states with clocks that fit ``now_db``."""
    clerks = [people[c] for c in ("clerk", "clerk2", "clerk3")]
    leads = [people[v] for v in ("eng-lead", "sec-lead", "svc-lead", "env-lead")]

    def ticket(opened: datetime.datetime, closed: bool) -> tuple:
        kind = "complaint" if rng.random() < 0.25 else "repair"
        category = rng.choice(["attitude", "quality", "other", "heating"] if kind == "complaint"
                              else ["lighting", "water", "power", "heating", "equipment"])
        nature = (rng.choice(["valid", "help", "inquiry", "venting"]) if kind == "complaint"
                  else None)
        roll = rng.random()
        priority = "emergency" if roll < 0.005 else "urgent" if roll < 0.12 else "normal"
        place = f"{rng.choice(venue_names).split(' ')[0]} {rng.choice(PLACES)}"
        content = f"{rng.choice(PROBLEMS[category])} at {place}"
        dept = {"lighting": "eng", "water": "eng", "power": "eng", "heating": "eng",
                "equipment": "eng", "attitude": "desk", "quality": "svc", "other": "sec"}[category]
        opened_by = rng.choice(clerks)
        mins = datetime.timedelta(minutes=1)
        dispatched = opened + mins * rng.randint(3, 60)
        follow1 = follow2 = escalated = resolved = closed_at = closed_by = approved = None
        state, result, signed, unresolvable, reason, version = "open", "", False, False, "", 1
        major = priority == "emergency" or rng.random() < 0.01
        if priority == "emergency":
            escalated = opened
        if closed:
            state, version = "closed", 4
            if rng.random() < 0.3:
                follow1, version = dispatched + mins * 120, version + 1
            resolved = dispatched + mins * rng.randint(20, 2 * 24 * 60)
            closed_at = resolved + mins * rng.randint(5, 24 * 60)
            closed_by = rng.choice(clerks)
            signed = kind == "repair"
            result = "repaired, requester signed the work order" if signed else "explained and settled"
            if major:
                approved = people["super"]
            if rng.random() < 0.003:
                unresolvable, reason = True, "needs the owner's capital works; quarterly review"
        else:
            roll = rng.random()
            state = "open" if roll < 0.2 else "dispatched" if roll < 0.8 else "resolved"
            dispatched = min(dispatched, now_db) if state != "open" else None
            if dispatched is not None:
                version = 2
                # the 2-hour follow-up, a second one the same day, then the supervisor
                if dispatched + mins * 125 <= now_db and rng.random() < 0.6:
                    follow1, version = dispatched + mins * 125, 3
                    if dispatched + mins * 300 <= now_db and rng.random() < 0.3:
                        follow2, version = dispatched + mins * 300, 4
                        if dispatched + mins * 480 <= now_db and rng.random() < 0.5:
                            escalated, version = escalated or dispatched + mins * 480, 5
                if state == "resolved":
                    resolved = min(dispatched + mins * rng.randint(30, 600), now_db)
                    signed = kind == "repair" and rng.random() < 0.7
                    result = "repaired" if kind == "repair" else "called back"
        assignee = rng.choice(leads) if dispatched and dept != "desk" else None
        notified = "supervisor,manager" if priority == "emergency" else ""
        return (kind, rng.choice(["phone", "phone", "phone", "visit", "letter", "other"]), place,
                f"{rng.choice(SURNAMES)} {rng.choice('ABCDEFGHJKLMNPQRSTWXYZ')}.", _phone(rng),
                content, priority, nature, category, major, state, opened, opened_by,
                dept if dispatched else None, assignee, dispatched or opened, dispatched, follow1,
                follow2, escalated, resolved, result, signed, approved, notified, "", closed_at,
                closed_by, unresolvable, reason, version)

    return ticket


def maker_for_site(now: arrow.Arrow, seed: int = 5) -> Callable[[datetime.datetime, bool], tuple]:
    """A ticket maker for a site generate() built (read back from the database)."""
    people = {p.login: p.id for p in Person.select(Person.id, Person.login)}
    names = [v.name for v in Venue.select(Venue.name).order_by(Venue.id)]
    return ticket_maker(random.Random(seed), people, names, to_db(now.to("UTC").floor("minute")))


def generate(url: str, now: arrow.Arrow | None = None, *, venues: int = 300, meetings: int = 1500,
             open_tickets: int = 2000, closed_tickets: int = 200_000, seed: int = 20261123,
             history_days: int = 0, quiet: bool = False, sites: int = 1) -> dict[str, Any]:
    """Fill the empty database at ``url``; returns counts and the seconds taken. With
    ``sites`` > 1 the company: ``main`` and ``sites - 1`` buildings more (b02, b03...), each
    with a ``1/sites`` share of the venues, meetings and tickets."""
    started = time.perf_counter()
    rng = random.Random(seed)
    now = (now or arrow.utcnow()).to("UTC").floor("minute")
    db = connect(url)
    if Venue.select().exists():
        raise SystemExit(f"{url} is not empty: the generator fills a new database")
    site_start = now.shift(days=-400)
    ctx = Context(db, FrozenClock(site_start), MANAGER)
    book, cal = ctx.book, ctx.book.calendar
    admin.init_site(ctx, "Benchmark civic centre")
    for login, role, depts, cleared in USERS:
        admin.add_user(ctx, login, role, login, depts, cleared)
    people = {p.login: p.id for p in Person.select(Person.id, Person.login)}
    clerks = [people[c] for c in ("clerk", "clerk2", "clerk3")]

    def say(what: str) -> None:
        if not quiet:
            print(f"  {time.perf_counter() - started:6.1f}s  {what}", file=sys.stderr)

    counts: dict[str, int] = {}
    day = cal.today(now)
    now_db = to_db(now)

    def fill(venues: int, meetings: int, open_tickets: int, closed_tickets: int) -> None:
        """One building's venues, meetings, tasks, tickets, sign-offs and audit trail, on
        the site the context works at (every row takes it: ``store.scope``)."""
        site_id = scope.site_for_insert()
        # -- venues -------------------------------------------------------------------
        venue_rows, venue_info = [], []
        n = 0
        for cls, kinds, (lo, hi), share in VENUE_MIX:
            for _ in range(round(venues * share) if cls != "C" else venues - n):
                n += 1
                kind = rng.choice(kinds)
                cap = rng.randint(lo, hi)
                building = rng.choice(BUILDINGS)
                name = f"{building[:4].upper()}-{n:03d} {kind.replace('-', ' ')}"
                venue_rows.append((site_id, name, cls, kind, cap, building, True))
                venue_info.append((name, cls, kind, cap))
        bulk(db, Venue, [Venue.site, Venue.name, Venue.venue_class, Venue.kind, Venue.capacity,
                         Venue.building, Venue.active], venue_rows)
        venue_ids = {name: vid for vid, name in Venue.select(Venue.id, Venue.name).tuples()}
        counts["venues"] = len(venue_rows)
        say(f"{len(venue_rows)} venues")

        # -- meetings today: evenly over the venues, 07:30-21:30 local, 30 min gaps -----------
        day_open = cal.at(day, datetime.time(7, 30))
        per_venue = -(-meetings // len(venue_info))
        slot = (14 * 60) // per_venue
        planned: list[tuple[tuple, Booking]] = []
        for i in range(meetings):
            name, cls, kind, cap = venue_info[i % len(venue_info)]
            j = i // len(venue_info)
            length = rng.choice([45, 60, 60, 90, 90, 120, 150])
            length = min(length, slot - 30)
            start = day_open.shift(minutes=j * slot + 5 * rng.randint(0, (slot - length - 30) // 5))
            end = start.shift(minutes=length)
            booked_at = now.shift(days=-rng.randint(2, 12), minutes=-rng.randint(0, 600))
            services = frozenset(rng.sample(SERVICE_POOL, rng.randint(1, 6)))
            approval = f"ADM-{day:%Y%m%d}-{i:04d}" if cls == "C" else None
            attendees = max(1, int(cap * rng.uniform(0.3, 1.0)))
            status = "cancelled" if rng.random() < 0.02 else "booked"
            topic = rng.choice(TOPICS)
            org = rng.choice(ORGS)
            row = (venue_ids[name], f"{topic} ({org})", org, f"{rng.choice(SURNAMES)} {chr(65 + i % 26)}.",
                   _phone(rng), attendees, "", ",".join(sorted(services)), approval,
                   rng.random() < 0.05, to_db(start), to_db(end), status, to_db(booked_at),
                   rng.choice(clerks), "", 1)
            planned.append((row, Booking(name, cls, kind, cap, start, end, attendees, booked_at,
                                         services, approval)))
        bulk(db, Meeting, [Meeting.venue, Meeting.title, Meeting.organizer, Meeting.contact,
                           Meeting.phone, Meeting.attendees, Meeting.layout, Meeting.services,
                           Meeting.approval_ref, Meeting.confidential, Meeting.start_at,
                           Meeting.end_at, Meeting.status, Meeting.booked_at, Meeting.booked_by,
                           Meeting.notes, Meeting.version], [r for r, _ in planned])
        meeting_ids = {(v, s): mid for mid, v, s in
                       Meeting.select(Meeting.id, Meeting.venue, Meeting.start_at).tuples()}
        counts["meetings"] = len(planned)
        say(f"{len(planned)} meetings")

        # -- their tasks, as derive_tasks makes them, in states that fit the clock -------------
        task_rows = []
        for row, booking in planned:
            mid = meeting_ids[(row[0], row[10])]
            for s in derive_tasks(booking, book):
                due, earliest = s.due, s.earliest
                state, done_by, done_at, ver_by, ver_at, version = PENDING, None, None, None, None, 1
                if due <= now and rng.random() < 0.93 or earliest <= now < due and rng.random() < 0.15:
                    state, version = DONE, 2
                    done_by = people["duty"] if rng.random() < 0.2 else people[DEPT_LEAD[s.dept]]
                    at = due.shift(minutes=-rng.randint(0, 40))
                    done_at = to_db(min(max(at, earliest), now))
                    if s.verify and due.shift(minutes=30) <= now and rng.random() < 0.9:
                        state, version = VERIFIED, 3
                        ver_by = people[rng.choice(("duty", "duty2"))]
                        ver_at = min(done_at + datetime.timedelta(minutes=rng.randint(1, 25)), now_db)
                task_rows.append((mid, s.dept, s.code, s.title, s.title_zh, to_db(due), to_db(earliest),
                                  s.verify, state, done_by, done_at, ver_by, ver_at, version, row[11]))
        bulk(db, Task, [Task.meeting, Task.dept, Task.code, Task.title, Task.title_zh, Task.due_at,
                        Task.earliest_at, Task.verify, Task.state, Task.done_by, Task.done_at,
                        Task.verified_by, Task.verified_at, Task.version, Task.meeting_end_at], task_rows)
        counts["tasks"] = len(task_rows)
        say(f"{len(task_rows)} tasks")

        # -- tickets ----------------------------------------------------------------------------
        fields = TICKET_FIELDS
        ticket = ticket_maker(rng, people, [v[0] for v in venue_info], now_db)

        start_closed = to_db(now.shift(days=-365))
        open_start = to_db(now.shift(days=-6))
        open_span = int((now_db - open_start).total_seconds() // 60)
        open_rows = sorted((ticket(open_start + datetime.timedelta(minutes=rng.randint(0, open_span)),
                                   False) for _ in range(open_tickets)), key=lambda r: r[11])
        add_closed_tickets(db, ticket, closed_tickets, start_closed, to_db(now.shift(days=-2)))
        bulk_raw(db, Ticket, fields, open_rows)
        counts["tickets_closed"], counts["tickets_open"] = closed_tickets, len(open_rows)
        say(f"{closed_tickets} closed and {len(open_rows)} open tickets")

        # -- the day's sign-offs up to yesterday, and an audit trail of plausible size -----------
        first_day = cal.today(site_start)
        signoffs = []
        d = first_day
        while d < day:
            if cal.is_working_day(d):
                signoffs.append((d, people["super"], to_db(cal.at(d, datetime.time(17, 50))), ""))
            d += datetime.timedelta(days=1)
        bulk(db, Signoff, [Signoff.day, Signoff.by, Signoff.at, Signoff.note], signoffs)
        audit_rows = [(r[13], "clerk", "meeting.add", "meeting", meeting_ids[(r[0], r[10])], "", "", "")
                      for r, _ in planned]
        audit_rows += [(opened, "clerk", "ticket.open", "ticket", tid, "", "", "")
                       for tid, opened in Ticket.select(Ticket.id, Ticket.opened_at).tuples()]
        audit_rows.sort(key=lambda r: r[0])
        bulk_raw(db, Audit, AUDIT_COLS, chain_rows(audit_rows))
        audit_record(db, now, MANAGER, "bench.generate", "site", site_id, note=f"{counts}")
        counts["audit"] = len(audit_rows) + 1
        say(f"{len(signoffs)} sign-offs, {len(audit_rows)} audit rows")

    def past(totals: dict[str, int]) -> None:
        lo, hi = cal.day_bounds(day)
        made = add_history(db, (to_db(lo), to_db(hi)), now_db, 1, history_days, say=say)
        totals["history_days"] = history_days
        for key in ("meetings", "tasks"):
            totals[f"history_{key}"] = totals.get(f"history_{key}", 0) + made[key]

    with db.atomic():   # one site: the totals as given (the default output stays as it was)
        fill(venues // sites, meetings // sites, open_tickets // sites, closed_tickets // sites)
    if history_days:
        past(counts)
    if sites > 1:   # the company: the other buildings, each its share of the totals
        totals, main = dict(counts), ctx.site
        for number in range(2, sites + 1):
            building = add_site(ctx, f"b{number:02d}", f"Benchmark building {number}",
                                f"基准楼宇{number}")
            ctx.use_site(building)
            with db.atomic():
                for person in people.values():
                    join(Person.get_by_id(person), building.id)
                fill(venues // sites, meetings // sites, open_tickets // sites, closed_tickets // sites)
            for key in ("venues", "meetings", "tasks", "tickets_closed", "tickets_open", "audit"):
                totals[key] += counts[key]
            if history_days:
                past(totals)
        assert main is not None
        ctx.use_site(main)
        counts = {**totals, "sites": sites}
    if not is_sqlite(db):
        db.execute_sql("ANALYZE")   # autovacuum would on a real site; SQLite sites never ANALYZE
    db.close()
    counts["seconds"] = round(time.perf_counter() - started, 2)
    counts["now"] = now.isoformat()
    say("done")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="sqlite:///FILE or postgresql://... (empty)")
    parser.add_argument("--now", help="the instant the site is built around (default: now)")
    parser.add_argument("--venues", type=int, default=300)
    parser.add_argument("--meetings", type=int, default=1500)
    parser.add_argument("--open-tickets", type=int, default=2000)
    parser.add_argument("--closed-tickets", type=int, default=10_000,
                        help="closed tickets over the past year (default 10,000; the benchmark: 1,000,000)")
    parser.add_argument("--history-days", type=int, default=0,
                        help="past days of meetings and tasks, each a copy of today's programme "
                             "(default 0; 180 = six months, ~11 M tasks)")
    parser.add_argument("--sites", type=int, default=1,
                        help="buildings on the database (default 1; the company: 20, with "
                             "--venues 5000 --meetings 10000 --closed-tickets 1000000 in all)")
    args = parser.parse_args(argv)
    now = parse_instant(args.now, "Asia/Shanghai") if args.now else None
    counts = generate(args.url, now, venues=args.venues, meetings=args.meetings,
                      open_tickets=args.open_tickets, closed_tickets=args.closed_tickets,
                      history_days=args.history_days, sites=args.sites)
    print(counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
