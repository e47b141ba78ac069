"""Issue 13, launch to the first full board: the first read runs beside the imports of the
board's screens (tui/board/early_read.py), and the poller adopts it instead of reading
everything again; a change made in between is on the board at the poller's first poll, and a
failed early read leaves the poller to read (and report) as before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.store.board import BoardReader
from dutyboard.store.context import Context
from dutyboard.store.db import connect
from dutyboard.store.models import Task
from dutyboard.store.tasks import change_task
from dutyboard.tui.board.early_read import EarlyRead
from dutyboard.tui.board.messages import SnapshotReady
from dutyboard.tui.board.poller import Poller

NOW = "2026-11-23T09:30"
TZ = "Asia/Shanghai"


def _ctx(url: str, login: str = "duty") -> Context:
    return Context(connect(url), FrozenClock(parse_instant(NOW, TZ)), login)


class Counted:
    """BoardReader.full counted per thread name."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_in: str | None = None) -> None:
        self.calls: list[str] = []
        full = BoardReader.full

        def spy(reader: BoardReader) -> object:
            name = threading.current_thread().name
            self.calls.append(name)
            if name == fail_in:
                raise RuntimeError("the database went away")
            return full(reader)
        monkeypatch.setattr(BoardReader, "full", spy)


@pytest.fixture
def started() -> Iterator[list[Poller]]:
    pollers: list[Poller] = []
    yield pollers
    for poller in pollers:
        poller.stop.set()
        poller.wake.set()


def _run(poller: Poller, started: list[Poller]) -> list[object]:
    posted: list[object] = []
    poller.post = posted.append
    started.append(poller)
    threading.Thread(target=poller.run, name="poller", daemon=True).start()
    return posted


def _wait(posted: list[object], ok, what: str, timeout: float = 10.0) -> SnapshotReady:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(posted):
            if isinstance(message, SnapshotReady) and ok(message):
                return message
        time.sleep(0.02)
    raise AssertionError(f"no {what} within {timeout}s: {posted}")


def _a_task_to_report(ctx: Context) -> Task:
    from dutyboard.store.models import Meeting
    with ctx.read():
        return (Task.select().join(Meeting)
                .where((Task.state == "pending") & (Task.dept == "eng") & (Meeting.status != "cancelled"))
                .order_by(Task.due_at).first())


def test_the_poller_adopts_the_early_read_and_sees_what_changed_since(
        board_url: str, monkeypatch: pytest.MonkeyPatch, started: list[Poller]) -> None:
    counted = Counted(monkeypatch)
    ctx = _ctx(board_url)
    early = EarlyRead(ctx).start()
    assert early.done.wait(10)
    first = early.result
    assert first is not None and counted.calls == ["dutyboard-first-read"]
    # another session checks an item off before the board's poller starts
    other = _ctx(board_url, "eng-lead")
    task = _a_task_to_report(other)
    change_task(other, task.id, "done")
    poller = Poller(ctx, print)
    poller.early = early
    posted = _run(poller, started)
    adopted = _wait(posted, lambda m: True, "first snapshot")
    assert adopted.snapshot is first.snapshot     # what the early read found, not read again
    assert poller.first.wait(10)
    newer = _wait(posted, lambda m: m.snapshot is not first.snapshot, "the change")
    assert newer.snapshot.token > first.snapshot.token
    assert counted.calls == ["dutyboard-first-read"], "the poller read everything again"
    assert poller.early is None   # taken once: a restarted poller reads for itself


def test_a_failed_early_read_leaves_the_poller_to_read(
        board_url: str, monkeypatch: pytest.MonkeyPatch, started: list[Poller]) -> None:
    counted = Counted(monkeypatch, fail_in="dutyboard-first-read")
    ctx = _ctx(board_url)
    early = EarlyRead(ctx).start()
    assert early.done.wait(10) and early.result is None
    poller = Poller(ctx, print)
    poller.early = early
    posted = _run(poller, started)
    snap = _wait(posted, lambda m: True, "first snapshot")
    assert snap.snapshot.meetings
    assert counted.calls == ["dutyboard-first-read", "poller"]


def test_the_early_read_gives_its_connection_back(board_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = _ctx(board_url)
    closed_in: list[str] = []
    close = type(ctx.db).close

    def spy(db: object) -> object:
        closed_in.append(threading.current_thread().name)
        return close(db)  # type: ignore[arg-type]
    monkeypatch.setattr(type(ctx.db), "close", spy)
    early = EarlyRead(ctx).start()
    assert early.done.wait(10)
    deadline = time.monotonic() + 5
    while "dutyboard-first-read" not in closed_in and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "dutyboard-first-read" in closed_in


def test_the_board_runner_imports_no_textual_before_the_read_starts(tmp_path) -> None:  # noqa: ANN001
    """``run_board`` starts the read before it imports the app: importing run.py and loading
    the keymap (there is none) bring none of Textual in; a keymap that exists is checked
    against Textual's key names (test_board_keys.py)."""
    probe = ("import json, sys\nimport dutyboard.tui.board.run\n"
             "from dutyboard.tui.board.keymap import load_keymap\n"
             "assert load_keymap() == {}\n"
             "print(json.dumps(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.') "
             "or m == 'dutyboard.tui.board.app')))\n")
    env = {**os.environ, "DUTYBOARD_CONFIG_DIR": str(tmp_path)}   # no config.toml there
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


async def test_the_screen_never_goes_back_to_a_snapshot_posted_before_the_one_it_shows(
        board_url: str, make_board) -> None:  # noqa: ANN001
    """The first frame takes the poller's newest snapshot directly; a message queued before
    that (the early read's, then the poll after it found news) carries an older one."""
    import dataclasses

    from boardkit import wait_for
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.board.snapshot is not None)
        board = app.board
        shown = board.shown_serial
        assert shown >= 1 and app.poller.latest is not None and shown <= app.poller.latest[1]
        older = dataclasses.replace(board.snapshot)
        newer = dataclasses.replace(board.snapshot)
        board.post_message(SnapshotReady(newer, 0.0, shown + 5))
        await wait_for(pilot, lambda: board.snapshot is newer)
        board.post_message(SnapshotReady(older, 0.0, shown + 4))   # posted before it, queued
        await pilot.pause()
        await pilot.pause()
        assert board.snapshot is newer and board.shown_serial == shown + 5
