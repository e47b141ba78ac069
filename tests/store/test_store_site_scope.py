"""The site travels with its Context, not with the process (issue 13 item 5, follow-up 1):
two Contexts at two sites in one process, used in turn and from several threads, each read
and write their own building's rows."""

from __future__ import annotations

import threading

import pytest
from dutyboard.store import admin, scope, sites
from dutyboard.store.board import BoardReader
from dutyboard.store.context import Context
from dutyboard.store.models import Meeting, Site, Ticket
from dutyboard.store.tickets import tickets_query
from storekit import book, open_ticket, seed


@pytest.fixture
def pair(db_url, make_ctx) -> tuple[Context, Context]:  # noqa: ANN001
    """``main`` (the seeded site, with a clerk) and ``b2`` (a clerk of its own), each worked
    at by its own Context on the one database binding."""
    at_main = seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))
    b2 = sites.add_site(at_main, "b2", "Tower B", "B座")
    at_b2 = Context(at_main.db, at_main.clock, "boss", site="b2")
    admin.add_user(at_b2, "b2-clerk", "clerk", depts=["desk"])
    admin.add_venue(at_b2, "Room A", "A", "meeting-room", 30)
    assert at_b2.site is not None and at_b2.site.id == b2.id
    return at_main, at_b2


def titles(ctx: Context) -> set[str]:
    with ctx.read():
        return {m.title for m in Meeting.select()}


def locations(ctx: Context) -> set[str]:
    with ctx.read():
        return {t.location for t in tickets_query(open_only=False)}


def test_two_contexts_interleaved_each_read_and_write_their_own_site(pair) -> None:  # noqa: ANN001
    at_main, at_b2 = pair
    book(at_main, "Room A", title="Main meeting")       # the last Context made is at_b2
    book(at_b2, "Room A", login="b2-clerk", title="B2 meeting")
    assert titles(at_main) == {"Main meeting"}
    open_ticket(at_b2, "b2-clerk", location="B2 lobby")
    assert titles(at_b2) == {"B2 meeting"}
    open_ticket(at_main, location="Main lobby")
    assert locations(at_b2) == {"B2 lobby"}
    assert locations(at_main) == {"Main lobby"}
    # the board's read model of each, in turn
    assert {r.location for r in BoardReader(at_main).full().tickets.values()} == {"Main lobby"}
    assert {r.location for r in BoardReader(at_b2).full().tickets.values()} == {"B2 lobby"}
    assert {m.title for m in BoardReader(at_main).full().meetings.values()} == {"Main meeting"}
    # every row landed where its Context works
    with scope.every_site():
        where = {m.title: m.site_id for m in Meeting.select()}
        where |= {t.location: t.site_id for t in Ticket.select()}
    main_id, b2_id = at_main.site_id, at_b2.site_id
    assert where == {"Main meeting": main_id, "Main lobby": main_id,
                     "B2 meeting": b2_id, "B2 lobby": b2_id}


def test_a_switch_of_one_context_does_not_move_the_other(pair) -> None:  # noqa: ANN001
    at_main, at_b2 = pair
    book(at_b2, "Room A", login="b2-clerk", title="B2 meeting")
    at_b2.use_site(Site.get(Site.code == "main"))
    at_b2.use_site(Site.get(Site.code == "b2"))    # ... and back: at_main never moved
    book(at_main, "Room A", title="Main meeting")
    assert titles(at_main) == {"Main meeting"} and titles(at_b2) == {"B2 meeting"}


def test_a_thread_reading_for_one_context_keeps_its_site(pair) -> None:  # noqa: ANN001
    """A reader thread (as the board's) works for its Context while the main thread works
    for another; neither moves the other."""
    at_main, at_b2 = pair
    book(at_main, "Room A", title="Main meeting")
    book(at_b2, "Room A", login="b2-clerk", title="B2 meeting")
    seen: list[set[str]] = []
    go, done = threading.Event(), threading.Event()

    def reader() -> None:
        at_main.resume_site()               # the poller's habit: the thread works for at_main
        go.wait(10)
        seen.append({m.title for m in BoardReader(at_main).full().meetings.values()})
        seen.append({m.title for m in Meeting.select()})   # a plain read in that thread
        at_main.db.close()
        done.set()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    at_b2.resume_site()                     # meanwhile the main thread works for at_b2
    go.set()
    assert done.wait(20)
    thread.join(10)
    assert seen == [{"Main meeting"}, {"Main meeting"}]
    assert {m.title for m in Meeting.select()} == {"B2 meeting"}   # and the main thread kept b2
