"""The real ``dutyboard`` on a pseudo-terminal: no board without a terminal, no orphan when the
terminal goes away, and a crash that leaves a log and a usable terminal behind."""

from __future__ import annotations

import os
import subprocess
import sys
import termios
import textwrap
import time
from pathlib import Path

import pytest
from ptykit import PtyProcess, clean_env, dutyboard_exe

pytestmark = pytest.mark.e2e

NOW = "2026-11-23T09:30"
HANGUP_LIMIT = 2.0
DRAWN = "11-23 09:30"   # the header's clock at the frozen instant: the board is up


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('pty') / 'demo.db'}"
    made = subprocess.run([dutyboard_exe(), "--db", url, "--now", NOW, "--as", "duty", "demo"],
                          capture_output=True, text=True, env=clean_env(), timeout=60)
    assert made.returncode == 0, made.stderr
    return url


def board_argv(url: str) -> list[str]:
    return [dutyboard_exe(), "--db", url, "--now", NOW, "--as", "duty"]


@pytest.fixture
def board(demo_url: str, tmp_path: Path):  # noqa: ANN201
    started: list[PtyProcess] = []

    def start(controlling: bool = True) -> PtyProcess:
        proc = PtyProcess(board_argv(demo_url), clean_env(DUTYBOARD_STATE_DIR=str(tmp_path)),
                          controlling=controlling)
        started.append(proc)
        proc.wait_output("the board to draw", lambda text: DRAWN in text)
        return proc

    yield start
    for proc in started:
        proc.kill()


def test_no_terminal_is_refused_at_once(demo_url):
    done = subprocess.run(board_argv(demo_url), stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=30, env=clean_env())
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "needs a terminal" in done.stderr, done.stderr


def test_output_to_a_pipe_is_refused_at_once(demo_url):
    """Standard input is a terminal, but the output goes to a pipe (``dutyboard | less``)."""
    master, slave = os.openpty()
    try:
        done = subprocess.run(board_argv(demo_url), stdin=slave, capture_output=True, text=True,
                              timeout=30, env=clean_env())
    finally:
        os.close(slave)
        os.close(master)
    assert done.returncode == 2
    assert done.stdout == ""  # never entered the board's screen
    assert "standard output is not one" in done.stderr and done.stderr.count("\n") == 1


def test_sighup_ends_the_board_within_two_seconds(board):
    proc = board()
    proc.proc.send_signal(1)  # SIGHUP
    assert proc.seconds_to_exit(HANGUP_LIMIT + 1) <= HANGUP_LIMIT
    assert not proc.group_alive()


@pytest.mark.parametrize("controlling", [True, False], ids=["controlling-tty", "no-sighup"])
def test_closing_the_terminal_ends_the_board_within_two_seconds(board, controlling):
    """With a controlling terminal the kernel sends SIGHUP; without one only the hang-up on the
    terminal tells (Textual alone then spins on end-of-file)."""
    proc = board(controlling)
    proc.close_master()
    assert proc.seconds_to_exit(HANGUP_LIMIT + 1) <= HANGUP_LIMIT
    assert not proc.group_alive()


def children(pid: int) -> list[int]:
    """The processes ``pid`` started that are still in its process table (running, or ended
    and not reaped), from every thread of it."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(n) for n in (task / "children").read_text().split()]
    return found


def test_the_first_reads_child_is_gone_once_the_board_is_up(board):
    """The board's first snapshot is read by a child forked at launch (store/read_ahead.py):
    once the board shows its data that child has ended and been reaped, not left a zombie."""
    proc = board()
    proc.wait_output("the board's data", lambda text: "overdue" in text or "open" in text)
    deadline = time.monotonic() + 5
    while children(proc.proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert children(proc.proc.pid) == []


CRASHING_APP = textwrap.dedent("""
    import sys
    from textual.app import App
    from dutyboard.tui.board.run import run_guarded

    class Crashes(App):
        def on_mount(self):
            self.set_timer(0.3, self.boom)

        def boom(self):
            raise RuntimeError("injected failure 4711")

    sys.exit(run_guarded(Crashes()))
""")


def test_a_crash_exits_nonzero_restores_the_terminal_and_leaves_a_log(tmp_path):
    proc = PtyProcess([sys.executable, "-c", CRASHING_APP], clean_env(DUTYBOARD_STATE_DIR=str(tmp_path)))
    try:
        proc.wait_output("the app to start", lambda t: "\x1b[?1049h" in t)
        proc.seconds_to_exit(30)
        after = proc.terminal_attrs()
        assert proc.proc.returncode == 1
    finally:
        proc.kill()
    text = proc.text()
    logs = list(tmp_path.glob("board-crash-*.log"))
    assert len(logs) == 1
    assert "RuntimeError: injected failure 4711" in logs[0].read_text()
    assert str(logs[0]) in text.replace("\r\n", "").replace("\n", "")
    assert "\x1b[?1049l" in text[text.index("\x1b[?1049h"):]  # left the board's screen
    lflag = after[3]
    assert lflag & termios.ICANON and lflag & termios.ECHO  # cooked mode again
