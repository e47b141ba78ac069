"""The board's early first read (tui/board/early_read.py) on SQLite and PostgreSQL: it reads
at its Context's site in a thread of its own, gives that thread's connection back, and the
poller that adopts it goes on polling that site (issue 13, launch to the first full board)."""

from __future__ import annotations

import threading
import time

from dutyboard.store import sites
from dutyboard.store.context import Context
from dutyboard.tui.board.early_read import EarlyRead
from dutyboard.tui.board.messages import SnapshotReady
from dutyboard.tui.board.poller import Poller
from storekit import book, open_ticket, seed


def test_the_early_read_is_of_its_site_and_the_poller_goes_on_from_it(db_url, make_ctx) -> None:  # noqa: ANN001
    main = seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))
    book(main, "Room A", title="Main meeting")
    sites.add_site(main, "b2", "Tower B", "B座")
    board = Context(main.db, main.clock, "boss", site=None)   # the board's: the main building
    early = EarlyRead(board).start()
    assert early.done.wait(20)
    first = early.result
    assert first is not None
    assert {m.title for m in first.snapshot.meetings.values()} == {"Main meeting"}
    snaps: list[SnapshotReady] = []
    lock = threading.Lock()

    def post(message: object) -> None:
        if isinstance(message, SnapshotReady):
            with lock:
                snaps.append(message)
    poller = Poller(board, post)
    poller.early = early
    thread = threading.Thread(target=poller.run, daemon=True)
    thread.start()
    try:
        open_ticket(main, location="Main lobby")   # after the early read: the poller finds it
        deadline = time.monotonic() + 20
        found = None
        while found is None and time.monotonic() < deadline:
            with lock:
                found = next((s for s in snaps if any(
                    r.location == "Main lobby" for r in s.snapshot.tickets.values())), None)
            poller.wake.set()
            time.sleep(0.02)
        assert found is not None, "the poller did not go on from the early read"
        with lock:
            assert snaps[0].snapshot is first.snapshot
    finally:
        poller.stop.set()
        poller.wake.set()
        thread.join(10)
