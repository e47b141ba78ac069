"""The board's poller thread keeps its Context's site while the main thread works for
another Context at another site (issue 13 item 5, follow-up 1)."""

from __future__ import annotations

import threading
import time

import peewee as pw
from dutyboard.store import admin, sites
from dutyboard.store.context import Context
from dutyboard.store.models import Audit, Meeting
from dutyboard.tui.board.messages import SnapshotReady
from dutyboard.tui.board.poller import Poller
from storekit import book, open_ticket, seed


def test_the_pollers_thread_keeps_its_site(db_url, make_ctx) -> None:  # noqa: ANN001
    board = seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))
    book(board, "Room A", title="Main meeting")
    sites.add_site(board, "b2", "Tower B", "B座")
    snaps: list[SnapshotReady] = []
    lock = threading.Lock()

    def post(message: object) -> None:
        if isinstance(message, SnapshotReady):
            with lock:
                snaps.append(message)

    def wait_for(ok) -> SnapshotReady:  # noqa: ANN001
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with lock:
                for snap in snaps:
                    if ok(snap.snapshot):
                        return snap
            poller.wake.set()
            time.sleep(0.02)
        raise AssertionError(f"no such snapshot; last: {snaps[-1:] if snaps else None}")

    poller = Poller(board, post)
    thread = threading.Thread(target=poller.run, daemon=True)
    thread.start()
    try:
        wait_for(lambda s: {m.title for m in s.meetings.values()} == {"Main meeting"})
        # the main thread now works for another Context, at b2, and writes there
        other = Context(board.db, board.clock, "boss", site="b2")
        admin.add_user(other, "b2-clerk", "clerk", depts=["desk"])
        admin.add_venue(other, "Room A", "A", "meeting-room", 30)
        book(other, "Room A", login="b2-clerk", title="B2 meeting")
        open_ticket(other, "b2-clerk", location="B2 lobby")
        assert {m.title for m in Meeting.select()} == {"B2 meeting"}
        newest = Audit.select(pw.fn.MAX(Audit.id)).scalar()
        wait_for(lambda s: s.token >= newest)   # the poller has read since, main thread at b2
        # ... and the board's Context writes at main: its poller sees that, never b2's rows
        open_ticket(board, location="Main lobby")
        snap = wait_for(lambda s: any(r.location == "Main lobby" for r in s.tickets.values()))
        with lock:
            every = list(snaps)
        assert snap.snapshot.tickets and all(
            {r.location for r in s.snapshot.tickets.values()} <= {"Main lobby"}
            and {m.title for m in s.snapshot.meetings.values()} == {"Main meeting"} for s in every)
    finally:
        poller.stop.set()
        poller.wake.set()
        thread.join(10)
