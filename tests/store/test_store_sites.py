"""Many buildings on one database (issue 13 item 5), on SQLite and PostgreSQL: every row
belongs to a site, reads see only the chosen site's rows, a person acts only at a site they
belong to, and a database made before sites (0013) keeps working after 0014."""

from __future__ import annotations

import datetime

import peewee
import pytest
from dutyboard.rules import FrozenClock
from dutyboard.store import admin, handover, oversight, scope, sites
from dutyboard.store.board import BoardReader
from dutyboard.store.context import Context
from dutyboard.store.errors import NotPermitted, Refused, UsageError
from dutyboard.store.models import (
    Audit,
    Handover,
    Meeting,
    Person,
    Signoff,
    Site,
    SiteMember,
    Task,
    Ticket,
    Venue,
)
from dutyboard.store.oversight import sign_off
from dutyboard.store.tickets import tickets_query
from storekit import acting, at, book, counts, open_ticket, seed, step


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    """The seeded site ``main`` and a second building ``b2`` with one venue, one clerk
    (``b2-clerk``, a member of b2 only) and a booking and a ticket of its own."""
    ctx = seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))
    b2 = sites.add_site(ctx, "b2", "Tower B", "B座")
    ctx.use_site(b2)
    admin.add_user(ctx, "b2-clerk", "clerk", depts=["desk"])
    admin.add_venue(ctx, "Room A", "A", "meeting-room", 30)   # the same name: another building
    book(ctx, "Room A", login="b2-clerk", title="B2 meeting")
    open_ticket(ctx, "b2-clerk", location="B2 lobby")
    ctx.use_site(Site.get(Site.code == "main"))
    return ctx


def everywhere() -> dict[str, int]:
    with scope.every_site():
        return counts()


def test_reads_see_only_the_chosen_sites_rows(ctx: Context) -> None:
    book(ctx, "Room A", title="Main meeting")
    open_ticket(ctx, location="Main lobby")
    assert [m.title for m in Meeting.select()] == ["Main meeting"]
    assert {t.meeting.title for t in Task.select()} == {"Main meeting"}
    assert [t.location for t in tickets_query(open_only=False)] == ["Main lobby"]
    assert [v.name for v in Venue.select().where(Venue.name == "Room A")] == ["Room A"]
    snap = BoardReader(ctx).full()
    assert {m.title for m in snap.meetings.values()} == {"Main meeting"}
    assert {r.location for r in snap.tickets.values()} == {"Main lobby"}
    assert "B2" not in " ".join(f.message for f in oversight.site_flags(ctx))
    with scope.every_site():
        assert Meeting.select().count() == 2 and Ticket.select().count() == 2
    ctx.use_site(Site.get(Site.code == "b2"))
    assert [m.title for m in Meeting.select()] == ["B2 meeting"]
    assert [t.location for t in tickets_query(open_only=False)] == ["B2 lobby"]
    assert {r.location for r in BoardReader(ctx).full().tickets.values()} == {"B2 lobby"}


def test_rows_are_written_to_the_chosen_site(ctx: Context) -> None:
    b2 = Site.get(Site.code == "b2")
    with scope.every_site():
        meeting = Meeting.get(Meeting.title == "B2 meeting")
        assert meeting.site_id == b2.id and meeting.venue.site_id == b2.id
        assert {t.site_id for t in Task.select().where(Task.meeting == meeting.id)} == {b2.id}
        assert Ticket.get(Ticket.location == "B2 lobby").site_id == b2.id
        audit = Audit.select().where(Audit.entity == "ticket").order_by(Audit.id.desc()).get()
        assert audit.site_id == b2.id
        user_add = Audit.select().where(Audit.action == "user.add").order_by(Audit.id.desc()).get()
        assert user_add.site_id is None   # people are the company's


def test_a_row_of_another_site_is_not_found_there(ctx: Context) -> None:
    with scope.every_site():
        other = Ticket.get(Ticket.location == "B2 lobby").id
    from dutyboard.store import tickets
    from dutyboard.store.errors import NotFound
    before = everywhere()
    with acting(ctx, "clerk"), pytest.raises(NotFound):
        tickets.follow_up(ctx, other, "chasing")
    assert everywhere() == before


def test_a_person_acting_at_a_site_they_do_not_belong_to_is_refused(ctx: Context) -> None:
    before = everywhere()
    with pytest.raises(NotPermitted, match="not a member of site 'main'"):
        open_ticket(ctx, "b2-clerk")
    with acting(ctx, "b2-clerk"), pytest.raises(NotPermitted, match="not a member"):
        ctx.actor()   # reads are refused alike (the command line checks the actor first)
    assert everywhere() == before
    ctx.use_site(Site.get(Site.code == "b2"))
    with pytest.raises(NotPermitted, match="not a member of site 'b2'"):
        open_ticket(ctx, "clerk")
    assert everywhere() == before
    open_ticket(ctx, "boss")   # the company's manager belongs to every site


def test_the_membership_refusal_carries_its_reason_kind_and_values(ctx: Context) -> None:
    """The board words the refusal in the viewer's language from ``why`` and ``values``
    (tui/board/wording.py), not from the English message."""
    with pytest.raises(NotPermitted) as write:
        open_ticket(ctx, "b2-clerk")
    assert write.value.why == "not_member"
    assert write.value.values == {"login": "b2-clerk", "site": "main"}
    with acting(ctx, "b2-clerk"), pytest.raises(NotPermitted) as read:
        ctx.actor()
    assert (read.value.why, read.value.values) == ("not_member", {"login": "b2-clerk", "site": "main"})
    ctx.use_site(Site.get(Site.code == "b2"))
    with pytest.raises(NotPermitted) as other:
        open_ticket(ctx, "clerk")
    assert (other.value.why, other.value.values) == ("not_member", {"login": "clerk", "site": "b2"})


def test_switching_to_a_site_one_does_not_belong_to_is_refused(ctx: Context) -> None:
    main = Site.get(Site.code == "main")
    with acting(ctx, "clerk"), pytest.raises(NotPermitted):
        ctx.use_site(Site.get(Site.code == "b2"))
    assert ctx.site is not None and ctx.site.id == main.id and scope.current_site_id() == main.id


def test_only_the_manager_adds_sites_and_members(ctx: Context) -> None:
    before = everywhere()
    with pytest.raises(NotPermitted):
        step(ctx, "super", sites.add_site, "b3", "Tower C")
    with pytest.raises(NotPermitted):
        step(ctx, "super", sites.add_member, "clerk", "b2")
    assert everywhere() == before
    with pytest.raises(Refused, match="already exists"):
        sites.add_site(ctx, "b2", "Again")
    with pytest.raises(UsageError, match="site code"):
        sites.add_site(ctx, "B 2", "Bad code")
    with pytest.raises(UsageError, match="unknown site 'b9'"):
        sites.add_member(ctx, "clerk", "b9")
    sites.add_member(ctx, "clerk", "b2")
    with pytest.raises(Refused, match="already belongs"):
        sites.add_member(ctx, "clerk", "b2")
    row = Audit.select().order_by(Audit.id.desc()).get()
    assert (row.action, row.actor, row.site_id) == ("site.member", "boss", None)
    ctx.use_site(Site.get(Site.code == "b2"))
    open_ticket(ctx, "clerk")   # now a member of both


def test_choosing_the_site(ctx: Context) -> None:
    assert sites.choose("b2", "clerk").code == "b2"
    with pytest.raises(UsageError, match="unknown site 'nope'; sites: b2, main"):
        sites.choose("nope", "clerk")
    assert sites.choose(None, "clerk").code == "main"       # their only site
    assert sites.choose(None, "b2-clerk").code == "b2"
    sites.add_member(ctx, "clerk", "b2")
    with pytest.raises(UsageError, match="several sites: choose one with --site CODE"):
        sites.choose(None, "clerk")
    assert sites.choose(None, "clerk", required=False) is None
    assert [(s.code, n) for s, n in sites.list_sites()] == [("b2", 2), ("main", 8)]


def test_the_day_is_signed_off_per_site(ctx: Context) -> None:
    day = datetime.date(2026, 11, 22)
    ctx.clock = FrozenClock(at("2026-11-23 09:00"))
    step(ctx, "super", sign_off, day)
    ctx.use_site(Site.get(Site.code == "b2"))
    assert not Signoff.select().exists()
    step(ctx, "boss", sign_off, day)   # the other building's sign-off of the same day
    with scope.every_site():
        assert Signoff.select().where(Signoff.day == day).count() == 2


def test_handover_notes_stay_in_their_building(ctx: Context) -> None:
    step(ctx, "clerk", handover.write_note, "Main: the lift is out")
    ctx.use_site(Site.get(Site.code == "b2"))
    step(ctx, "b2-clerk", handover.write_note, "B2: all quiet")
    assert [n.text for n in Handover.select()] == ["B2: all quiet"]
    assert [n.text for n in handover.pending_for("boss")] == ["B2: all quiet"]


def test_people_belong_to_the_site_they_were_added_at(ctx: Context) -> None:
    b2 = Site.get(Site.code == "b2")
    person = Person.get(Person.login == "b2-clerk")
    assert [m.site_id for m in SiteMember.select().where(SiteMember.person == person.id)] == [b2.id]


def test_migration_0014_puts_an_old_database_on_one_site(db_url: str) -> None:
    """A database made by the code before sites (at 0013, with a booking, a ticket, a
    sign-off and an audit row): 0014 makes its site ``main``, puts every row and person on it,
    and the store works on it unchanged (no --site needed)."""
    from dutyboard.store.db import connect
    from dutyboard.store.migrate import runner, upgrade
    db = connect(db_url, migrate=False)
    try:
        runner(db).up("0013_lost_items_and_fees")
        for sql in (
            "INSERT INTO site (name, timezone) VALUES ('Old site', 'Asia/Shanghai')",
            "INSERT INTO person (login, name, role, depts, cleared, phone, active, created_at)"
            " VALUES ('boss', 'Boss', 'manager', '', TRUE, '', TRUE, '2026-11-20 00:00:00')",
            "INSERT INTO person (login, name, role, depts, cleared, phone, active, created_at)"
            " VALUES ('clerk', 'Clerk', 'clerk', 'desk', FALSE, '', TRUE, '2026-11-20 00:00:00')",
            "INSERT INTO venue (site_id, name, venue_class, kind, capacity, building, active)"
            " VALUES (1, 'Room A', 'A', 'meeting-room', 30, '', TRUE)",
            "INSERT INTO meeting (venue_id, title, organizer, contact, phone, attendees, layout,"
            " services, confidential, start_at, end_at, status, booked_at, booked_by_id, notes,"
            " version) VALUES (1, 'Old', 'O', 'C', '1', 10, '', '', FALSE, '2026-11-23 06:00:00',"
            " '2026-11-23 07:00:00', 'booked', '2026-11-23 02:00:00', 1, '', 1)",
            "INSERT INTO task (meeting_id, dept, code, title, title_zh, due_at, earliest_at,"
            " verify, state, version) VALUES (1, 'eng', 'eng.ac', 'AC on', 'AC',"
            " '2026-11-23 05:00:00', '2026-11-23 04:00:00', FALSE, 'pending', 1)",
            "INSERT INTO ticket (kind, channel, location, contact, phone, content, priority,"
            " major, state, opened_at, opened_by_id, clock_at, result, signed, notified,"
            " related_pending, unresolvable, close_reason, version) VALUES ('repair', 'phone',"
            " 'Lobby', 'Mr Wu', '', 'Light', 'normal', FALSE, 'open', '2026-11-23 01:00:00', 1,"
            " '2026-11-23 01:00:00', '', FALSE, '', '', FALSE, '', 1)",
            "INSERT INTO signoff (day, by_id, at, note) VALUES ('2026-11-22', 1,"
            " '2026-11-23 01:00:00', '')",
        ):
            db.execute_sql(sql)
        assert "0014_sites" in upgrade(db)
        site = Site.get()
        assert (site.code, site.name) == ("main", "Old site")
        with scope.every_site():
            for model in (Venue, Meeting, Task, Ticket, Signoff):
                assert [r.site_id for r in model.select()] == [site.id], model
        assert {m.person_id for m in SiteMember.select()} == {1, 2}
        ctx = Context(db, FrozenClock(at("2026-11-23 10:00")), "clerk")
        assert ctx.site is not None and ctx.site.code == "main"
        assert [t.location for t in tickets_query()] == ["Lobby"]
        open_ticket(ctx, "clerk", location="New")   # writes go on as before
        assert Ticket.select().count() == 2
        assert Audit.get().site_id == site.id
        runner(db).down("0014_sites")   # and back: the rows survive both ways
        assert [r[0] for r in db.execute_sql("SELECT code FROM task").fetchall()] == ["eng.ac"]
        assert "0014_sites" in upgrade(db)
        with scope.every_site():
            assert Task.select().count() == 1 and Ticket.select().count() == 2
    finally:
        db.close()


def test_a_fresh_database_gets_its_first_site_from_init(db_url: str, make_ctx) -> None:  # noqa: ANN001
    ctx = make_ctx(db_url)
    assert ctx.site is None and not Site.select().exists()
    admin.init_site(ctx, "New site")
    assert ctx.site is not None and (ctx.site.code, ctx.site.name) == ("main", "New site")
    assert SiteMember.select().count() == 1


def test_the_overview_counts_every_site_for_the_manager(ctx: Context) -> None:
    from dutyboard.store.overview import site_counts, token
    from dutyboard.store.tasks import change_task
    from dutyboard.store.timeutil import to_db
    meeting = book(ctx, "Room A", start="2026-11-23 14:00", end="2026-11-23 15:00")
    open_ticket(ctx, priority="emergency")
    open_ticket(ctx)
    now = at("2026-11-23 13:55")
    ctx.clock = FrozenClock(now)
    items = list(Task.select().where(Task.meeting == meeting.id))
    late = [t for t in items if t.due_at < to_db(now)]
    assert late   # some preparation is due before the meeting starts
    rows = {r.code: r for r in site_counts(ctx)}
    assert set(rows) == {"b2", "main"}
    assert (rows["main"].overdue, rows["main"].open_tickets, rows["main"].emergencies) == (len(late), 2, 1)
    # b2's booking (the fixture's) is at the same hour, its ticket a normal one
    assert (rows["b2"].overdue, rows["b2"].open_tickets, rows["b2"].emergencies) == (len(late), 1, 0)
    before = token()
    checked = next(t for t in items if t.verify)
    step(ctx, "boss", change_task, checked.id, "done")
    rows = {r.code: r for r in site_counts(ctx)}
    assert (rows["main"].unverified, rows["b2"].unverified) == (1, 0)
    assert token() > before


def test_the_overview_is_for_people_of_several_sites(ctx: Context) -> None:
    from dutyboard.store.overview import may_see_overview, site_counts
    with acting(ctx, "clerk"):
        assert not may_see_overview(ctx)
        with pytest.raises(NotPermitted, match="overview"):
            site_counts(ctx)
    sites.add_member(ctx, "clerk", "b2")
    with acting(ctx, "clerk"):
        assert [r.code for r in site_counts(ctx)] == ["b2", "main"]
    with acting(ctx, "boss"):
        assert may_see_overview(ctx)


def test_the_benchmark_generates_the_company(db_url: str) -> None:
    """tests/bench/generate.py --sites N: N buildings sharing the totals, every row on its
    own site, each site's people members, and each site's board reading only its rows."""
    import sys
    from pathlib import Path
    bench = str(Path(__file__).resolve().parents[1] / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    import arrow
    from dutyboard.store.db import connect
    from generate import generate
    now = arrow.get("2026-11-23T01:30:00+00:00")
    counts = generate(db_url, now, venues=12, meetings=24, open_tickets=30, closed_tickets=60,
                      history_days=1, quiet=True, sites=3)
    assert (counts["sites"], counts["venues"], counts["meetings"], counts["tickets_open"]) == (3, 12, 24, 30)
    db = connect(db_url)
    try:
        assert [s.code for s in Site.select().order_by(Site.code)] == ["b02", "b03", "main"]
        with scope.every_site():
            per_site = Venue.select(Venue.site, peewee.fn.COUNT(Venue.id)).group_by(Venue.site)
            assert sorted(n for _, n in per_site.tuples()) == [4, 4, 4]
            assert Meeting.select().count() == 24 * 2   # today and one day of history, in all
        ctx = Context(db, FrozenClock(now), "clerk", site="b02")
        snap = BoardReader(ctx).full()
        with scope.every_site():
            b02 = {m.id for m in Meeting.select().where(Meeting.site == ctx.site.id)}
            b02_tickets = {t.id for t in Ticket.select().where(Ticket.site == ctx.site.id)}
        assert snap.meetings and set(snap.meetings) <= b02
        assert snap.tickets and set(snap.tickets) <= b02_tickets
    finally:
        db.close()



def test_a_site_has_its_own_rulebook_over_the_companys(ctx: Context) -> None:
    main_households = ctx.book.households
    ctx.use_site(Site.get(Site.code == "b2"))
    with pytest.raises(NotPermitted):
        step(ctx, "b2-clerk", sites.set_site_rulebook, "[site]\nhouseholds = 77\n", "b2.toml")
    with pytest.raises(UsageError, match="households"):
        sites.set_site_rulebook(ctx, "[site]\nhouseholds = -1\n", "b2.toml")
    sites.set_site_rulebook(ctx, "[site]\nhouseholds = 77\n", "b2.toml")
    assert ctx.book.households == 77
    row = Audit.select().order_by(Audit.id.desc()).get()
    assert (row.action, row.entity, row.site_id) == ("rulebook.set", "site", ctx.site.id)
    ctx.use_site(Site.get(Site.code == "main"))
    assert ctx.book.households == main_households   # the other building keeps the company's
    ctx.use_site(Site.get(Site.code == "b2"))
    sites.set_site_rulebook(ctx, None, "--clear")
    assert ctx.book.households == main_households


def test_the_site_of_an_audit_row_is_in_its_hash(ctx: Context) -> None:
    """Moving a write to another building in the database breaks the audit chain."""
    from dutyboard.store import audit
    open_ticket(ctx, location="Main lobby")
    row = Audit.select().order_by(Audit.id.desc()).get()
    assert row.site_id == ctx.site.id and audit.verify() is None
    row.site_id = Site.get(Site.code == "b2").id   # as an edit in the database would
    assert row.hash != audit.hash_of(row)
    row.site_id = None
    assert row.hash != audit.hash_of(row)
