"""The board's poller on its own thread (no app): STALE is right both ways, and the board
follows the clock and the stored rulebook without a restart or a write."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.store import health
from dutyboard.store.context import Context
from dutyboard.store.db import connect, database_proxy, open_database
from dutyboard.tui.board.messages import DatabaseProblem, SnapshotReady
from dutyboard.tui.board.poller import Poller

NOW = "2026-11-23T09:30"
TZ = "Asia/Shanghai"


class Running:
    """A poller on its own thread, posting into a list."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.messages: list[object] = []
        self.lock = threading.Lock()
        self.poller = Poller(ctx, self._post)
        self.thread = threading.Thread(target=self.poller.run, daemon=True)
        self.thread.start()

    def _post(self, message: object) -> None:
        with self.lock:
            self.messages.append(message)

    def mark(self) -> int:
        """How many messages have arrived: pass to ``since`` to see what a fault made at once."""
        with self.lock:
            return len(self.messages)

    def wait(self, what: str, ok: Callable[[object], bool], timeout: float = 10.0,
             since: int | None = None) -> object:
        """The first message after ``since`` (default: the ones already seen) that satisfies ``ok``."""
        seen = len(self.messages) if since is None else since
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for message in self.messages[seen:]:
                    if ok(message):
                        return message
                seen = len(self.messages)
            self.poller.wake.set()
            time.sleep(0.02)
        raise AssertionError(f"no {what} within {timeout}s; got {self.messages[-5:]}")

    def snapshot(self, timeout: float = 10.0) -> SnapshotReady:
        return self.wait("snapshot", lambda m: isinstance(m, SnapshotReady), timeout)  # type: ignore[return-value]

    def problem(self, timeout: float = 10.0, since: int | None = None) -> DatabaseProblem:
        return self.wait("problem", lambda m: isinstance(m, DatabaseProblem), timeout,  # type: ignore[return-value]
                         since)

    def stop(self) -> None:
        self.poller.stop.set()
        self.poller.wake.set()
        self.thread.join(timeout=10)


@pytest.fixture
def running() -> Iterator[Callable[[str, FrozenClock | None], Running]]:
    started: list[Running] = []

    def start(url: str, clock: FrozenClock | None = None) -> Running:
        ctx = Context(connect(url), clock or FrozenClock(parse_instant(NOW, TZ)), "duty")
        run = Running(ctx)
        started.append(run)
        run.snapshot()
        return run

    yield start
    for run in started:
        run.stop()


def _move(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            os.replace(f"{src}{suffix}", f"{dst}{suffix}")


def test_a_renamed_file_is_stale_until_it_is_back(running, board_url):
    run = running(board_url)
    path = Path(board_url.removeprefix("sqlite:///"))
    away = path.with_name("moved.db")
    before = run.mark()
    _move(path, away)
    assert run.problem(since=before).error == health.FILE_MISSING
    assert not path.exists()  # the poller never creates an empty file in its place
    back = run.mark()
    _move(away, path)
    run.wait("snapshot", lambda m: isinstance(m, SnapshotReady), since=back)
    assert run.poller.problem is None


def test_a_replaced_file_is_said_so_and_never_shown_as_fresh(running, board_url, tmp_path):
    run = running(board_url)
    path = Path(board_url.removeprefix("sqlite:///"))
    before = run.mark()
    _move(path, tmp_path / "old.db")
    shutil.copy(tmp_path / "old.db", path)  # same content, another file: e.g. restored by hand
    problem = run.wait("replaced", lambda m: isinstance(m, DatabaseProblem)
                       and m.error == health.FILE_REPLACED, since=before)
    assert isinstance(problem, DatabaseProblem)
    time.sleep(0.6)
    assert not any(isinstance(m, SnapshotReady) for m in run.messages[run.messages.index(problem):])


def test_the_board_rolls_over_at_local_midnight_and_moves_its_windows(running, board_url):
    clock = FrozenClock(parse_instant("2026-11-23T23:50", TZ))
    run = running(board_url, clock)
    before = run.poller.snapshot
    assert before is not None
    today = {m.start.to(TZ).date() for m in before.meetings.values()}
    mark = run.mark()
    clock.advance(minutes=20)  # 00:10 the next morning, no write anywhere
    after = run.wait("snapshot", lambda m: isinstance(m, SnapshotReady), since=mark).snapshot  # type: ignore[attr-defined]
    assert after.changed == {"meetings", "tasks", "tickets", "flags"}
    assert run.poller.window is not None and str(run.poller.window[0]) == "2026-11-24"
    tomorrow = {m.start.to(TZ).date() for m in after.meetings.values()}
    assert tomorrow != today or not today
    clock.advance(minutes=2)  # inside the same window step: nothing to re-read
    time.sleep(0.6)
    mark = run.mark()
    clock.advance(hours=2)    # the window moves on, past the safety net's step: re-read
    run.wait("snapshot", lambda m: isinstance(m, SnapshotReady), since=mark)


def test_a_window_step_reads_the_lists_only_and_every_sixth_step_everything(
        board_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock moving the lists' window on re-reads the departments' lists (8 ms on the
    large site), not the whole board (190 ms) every five minutes; a full load every
    ``FULL_EVERY_STEPS`` steps stays the safety net. An item that fell out of the look-back
    leaves the list, and nothing else is read again."""
    from dutyboard.store.board import BoardReader
    from dutyboard.tui.board import poller as P
    clock = FrozenClock(parse_instant("2026-11-23T09:31", TZ))
    ctx = Context(connect(board_url), clock, "duty")
    posted: list[object] = []
    poller = Poller(ctx, posted.append)
    ctx.resume_site()
    reader = BoardReader(ctx)
    calls: list[str] = []
    full, roll = BoardReader.full, BoardReader.roll

    def spy_full(self: BoardReader) -> object:
        calls.append("full")
        return full(self)

    def spy_roll(self: BoardReader, *args: object) -> object:
        calls.append("roll")
        return roll(self, *args)  # type: ignore[arg-type]
    monkeypatch.setattr(BoardReader, "full", spy_full)
    monkeypatch.setattr(BoardReader, "roll", spy_roll)
    poller.poll_once(reader)
    first = poller.snapshot
    assert calls == ["full"] and first is not None
    step = P.WINDOW_STEP.total_seconds() / 60
    block = int(clock.now().timestamp() // P.WINDOW_STEP.total_seconds()) // P.FULL_EVERY_STEPS
    reads = []
    for _ in range(P.FULL_EVERY_STEPS):
        clock.advance(minutes=step)
        calls.clear()
        poller.poll_once(reader)
        reads.append(calls[0] if calls else "")
        now_block = int(clock.now().timestamp() // P.WINDOW_STEP.total_seconds()) // P.FULL_EVERY_STEPS
        assert reads[-1] == ("full" if now_block != block else "roll"), reads
        block = now_block
    assert reads.count("full") == 1
    # 12 h on, the items overdue since 07:45 fall out of the look-back: a roll says so
    snap = poller.snapshot
    assert snap is not None
    clock.advance(hours=12)
    rolled = reader.roll(snap)
    assert rolled is not None and rolled.delta is not None and rolled.delta.tasks
    assert rolled.meetings is snap.meetings and rolled.tickets is snap.tickets
    assert rolled.token == snap.token and rolled.delta.since == snap.token
    assert rolled.dept_tasks == full(reader).dept_tasks
    assert not rolled.acknowledged and rolled.changed == {"tasks", "flags"}


def test_a_rulebook_set_by_another_session_is_picked_up(running, board_url):
    run = running(board_url)
    assert run.ctx.book.site_name != "Renamed site"
    other = Context(connect(board_url), FrozenClock(parse_instant(NOW, TZ)), "boss")
    from dutyboard.store.admin import set_rulebook
    set_rulebook(other, '[site]\nname = "Renamed site"\n', "test")
    other.db.close()
    database_proxy.initialize(run.ctx.db)  # connect() above rebound the models to ``other``
    deadline = time.monotonic() + 10  # (its snapshot may already have been posted meanwhile)
    while run.ctx.book.site_name != "Renamed site" and time.monotonic() < deadline:
        run.poller.wake.set()
        time.sleep(0.02)
    assert run.ctx.book.site_name == "Renamed site"
    assert isinstance(run.messages[-1], SnapshotReady)


@pytest.mark.pg
def test_a_dropped_postgresql_connection_recovers_without_a_write(running):
    url = os.environ.get("DUTYBOARD_TEST_PG")
    if not url:
        pytest.skip("PostgreSQL tests need DUTYBOARD_TEST_PG=postgresql://host:port/db (unset)")
    wiper = connect(url, migrate=False)
    wiper.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    wiper.execute_sql("CREATE SCHEMA public")
    wiper.close()
    from dutyboard.tui.cli import main
    assert main(["--db", url, "--now", NOW, "--as", "boss", "demo"]) == 0
    run = running(url)
    before = run.mark()   # the poller may notice the kill before the test starts waiting
    killer = open_database(url)  # not connect(): that would rebind the models to it
    killer.execute_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    killer.close()
    problem = run.problem(since=before)
    assert problem.error == health.CONNECTION_LOST
    after_problem = run.messages.index(problem) + 1  # the recovery may already have been posted
    started = time.monotonic()
    run.wait("snapshot", lambda m: isinstance(m, SnapshotReady), 5, since=after_problem)
    # nobody wrote anything: the poller reconnected by itself
    assert time.monotonic() - started < 5
    assert run.poller.problem is None
