"""End to end: the real ``dutyboard`` command in a detached tmux pane of 80x24.

Each test makes its own demo database at a frozen instant, starts the board in a tmux
server of its own (``tmux -L <unique socket>``, killed at teardown), drives it with
``send-keys`` and reads it with ``capture-pane -p``. Every wait polls the screen against
a deadline; there are no fixed sleeps.

Skipped when tmux is not installed, unless ``DUTYBOARD_REQUIRE_TMUX=1`` (then it fails).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from dutyboard.store.board import LOOKAHEAD, LOOKBACK, PER_DEPT  # the window of pane 2
from ptykit import dutyboard_exe, tmux_or_skip

pytestmark = pytest.mark.e2e

NOW = "2026-11-23T09:30"            # the frozen instant (site zone, Asia/Shanghai)
NOW_LOCAL = datetime.fromisoformat("2026-11-23T09:30:00+08:00")
STARTUP_TIMEOUT = 20.0              # first full board (a cold Python + Textual import)
STEP_TIMEOUT = 10.0                 # any single reaction to a key
LIVE_LIMIT = 2.0                    # README: a change from another session shows within this


# -- tmux ------------------------------------------------------------------------------

class Tmux:
    """One private tmux server (``-L socket``) holding one session, ``board``."""

    def __init__(self, tmux: str, workdir: Path) -> None:
        self.exe = tmux
        self.socket = f"dutyboard-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.conf = workdir / "tmux.conf"
        # no user config; keep the pane after exit so its exit status (or traceback) is readable
        self.conf.write_text("set -g remain-on-exit on\nset -g default-size 80x24\n"
                             "set -g history-limit 2000\n")
        self.target = "board"
        # The exit status, written by a wrapping shell: tmux's own #{pane_dead_status} is not
        # reliable here (the pane can go dead while tmux has not yet reaped the process).
        self.status_file = workdir / "board.status"
        self.socket_path: Path | None = None

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        return subprocess.run([self.exe, "-L", self.socket, "-f", str(self.conf), *args],
                              capture_output=True, text=True, check=check, env=env, timeout=30)

    def start(self, command: list[str], width: int = 80, height: int = 24) -> None:
        status = shlex.quote(str(self.status_file))
        wrapped = ["sh", "-c", f'"$@"; echo $? > {status}.tmp && mv {status}.tmp {status}', "sh",
                   *command]
        self.run("new-session", "-d", "-s", self.target, "-x", str(width), "-y", str(height),
                 *wrapped)
        self.socket_path = Path(self.pane("#{socket_path}"))

    def exit_status(self) -> int | None:
        """The board's exit status once it has exited, else None."""
        try:
            return int(self.status_file.read_text())
        except (FileNotFoundError, ValueError):
            return None

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.target, *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", self.target, "-l", text)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.target).stdout

    def pane(self, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", self.target, fmt).stdout.strip()

    def wait_for(self, what: str, ok: Callable[[str], bool], timeout: float = STEP_TIMEOUT,
                 every: float = 0.05) -> str:
        """Poll the screen until ``ok(screen)``; fail showing the last screen."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if ok(text):
                return text
            if (status := self.exit_status()) is not None:
                pytest.fail(f"the board exited (status {status}) while waiting for {what}; "
                            f"last screen:\n{text}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}; last screen:\n{text}")
            time.sleep(every)

    def wait_exit(self, timeout: float = STEP_TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while True:
            if (status := self.exit_status()) is not None:
                return status
            if time.monotonic() > deadline:
                pytest.fail(f"the board did not exit; last screen:\n{self.screen()}")
            time.sleep(0.05)

    def kill(self) -> None:
        self.run("kill-server", check=False)
        if self.socket_path is not None:   # tmux 3.3 leaves the socket file behind
            self.socket_path.unlink(missing_ok=True)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(tmux_or_skip(), tmp_path)
    try:
        yield server
    finally:
        server.kill()


# -- the demo database and the command line -----------------------------------------------

@dataclass
class Cli:
    exe: str
    url: str

    def __call__(self, *args: str, login: str = "duty") -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.exe, "--db", self.url, "--now", NOW, "--as", login, *args],
                              capture_output=True, text=True, timeout=60, env=_env("xterm"))

    def tasks(self) -> list[dict]:
        done = self("task", "list", "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def board_command(self, term: str) -> list[str]:
        env = [f"{k}={v}" for k, v in _env(term).items() if k in ("TERM", "LANG", "LC_ALL")]
        return ["env", *env, self.exe, "--db", self.url, "--now", NOW, "--as", "duty"]


def _env(term: str) -> dict[str, str]:
    """English, UTF-8, the given terminal, no inherited database or locale surprises."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DUTYBOARD_DB", "LC_MESSAGES", "TMUX", "TMUX_PANE")}
    env.update(TERM=term, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return env


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    c = Cli(dutyboard_exe(), f"sqlite:///{tmp_path / 'demo.db'}")
    made = c("demo")
    assert made.returncode == 0, f"demo failed at {NOW}: {made.stderr}"
    assert "tasks:" in made.stdout, made.stdout
    return c


# -- picking a row to check off -------------------------------------------------------------

@dataclass
class Target:
    task: dict
    needle: str        # typed into the filter (/): a title, lower case
    index: int         # its row among the filtered rows (0 = top)
    rows: int          # how many rows the filter leaves


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _on_board(task: dict) -> bool:
    """Mirror of store.board._dept_tasks: pending items due in the window, or reported items
    awaiting verification (the per-department cap: see :func:`_shown`)."""
    due = _local(task["due_at"])
    if task["state"] == "pending":
        return NOW_LOCAL - LOOKBACK <= due < NOW_LOCAL + LOOKAHEAD
    return task["state"] == "done" and bool(task["verify"])


def _shown(tasks: list[dict]) -> set[int]:
    """The pending items pane 2 shows: per department the first PER_DEPT in the window by due
    time (the demo's meeting service has more than that)."""
    out: set[int] = set()
    for dept in {t["dept"] for t in tasks}:
        pending = sorted((t for t in tasks if t["dept"] == dept and t["state"] == "pending"
                          and _on_board(t)), key=lambda t: (_local(t["due_at"]), t["id"]))
        out.update(t["id"] for t in pending[:PER_DEPT])
    out.update(t["id"] for t in tasks if t["state"] != "pending" and _on_board(t))
    return out


def _order(task: dict) -> tuple:
    """Mirror of tui.board.rows.urgency for the rows a title filter leaves: one order across
    departments, overdue first, then due time, then id (only pending rows are compared)."""
    due = _local(task["due_at"])
    return (0 if due <= NOW_LOCAL else 2, due, task["id"])


def pick_target(tasks: list[dict], below_top: bool = False) -> Target:
    """A pending item whose earliest start has passed, findable by its title: the filter
    leaves only pending rows (so their order is known), and the fewest of them. With
    ``below_top``, one that is not the first of its rows if there is any (to move with j)."""
    best: Target | None = None
    shown = _shown(tasks)
    for task in tasks:
        if task["state"] != "pending" or _local(task["earliest_at"]) > NOW_LOCAL:
            continue
        if task["id"] not in shown or not task["title"].isascii():
            continue
        needle = task["title"].lower()
        matching = [t for t in tasks if needle in t["title"].lower() and t["id"] in shown]
        if any(t["state"] != "pending" for t in matching):
            continue
        if any(needle in t["venue"].lower() for t in tasks):
            continue
        matching.sort(key=_order)
        candidate = Target(task, needle, [t["id"] for t in matching].index(task["id"]),
                           len(matching))
        rank = (below_top and candidate.index == 0, candidate.rows, candidate.index)
        if best is None or rank < (below_top and best.index == 0, best.rows, best.index):
            best = candidate
    assert best is not None, "the demo has no pending item that may be checked off now"
    return best


# -- reading the screen ------------------------------------------------------------------------

STATE_MARK = re.compile(r"\[[ ?xV]\] ")       # tui.board.fmt.task_mark: every task row has one
PENDING_MARK = "[ ]"                          # a pending item's mark
HEADER_READY = re.compile(r"\b\d+s\b")   # the header shows the data age once a snapshot is in
# ("data 0s"; "0s" at 80 columns, where the header shortens to fit)


def board_ready(screen: str) -> bool:
    return bool(HEADER_READY.search(screen.splitlines()[0] if screen else "")) \
        and "Venues today" in screen


def pane_rows(screen: str) -> list[str]:
    """The data rows of the bordered pane shown (between its column header and bottom edge)."""
    lines = screen.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("│") and "Countdown" in line),
                 None)
    if start is None:
        return []
    out = []
    for line in lines[start + 1:]:
        if line.startswith("╰"):
            break
        if STATE_MARK.search(line):   # not blank filler or a scrollbar glyph
            out.append(line)
    return out


def matching_rows(screen: str, target: Target) -> list[str]:
    prefix = target.task["title"][:24].lower()   # the item column is 30 wide at 80 columns
    return [r for r in pane_rows(screen) if prefix in r.lower()]


def open_filtered(tmux: Tmux, target: Target) -> str:
    """Pane 2, filtered by the target's title; returns the screen once the filter applied."""
    tmux.keys("2")
    tmux.wait_for("pane 2", lambda s: "2 Department countdowns ─" in s and "Countdown" in s)
    tmux.keys("/")
    tmux.wait_for("the filter prompt", lambda s: "Filter rows" in s)
    tmux.type(target.needle)
    tmux.keys("Enter")
    return tmux.wait_for(
        f"{target.rows} row(s) matching {target.needle!r}",
        lambda s: "Filter rows" not in s
        and len(pane_rows(s)) == target.rows and len(matching_rows(s, target)) == target.rows)


# -- the tests ---------------------------------------------------------------------------------

@pytest.mark.parametrize("term", ["xterm-256color", "xterm"])
def test_check_off_from_the_board(tmux: Tmux, cli: Cli, term: str) -> None:
    before = {t["id"]: t for t in cli.tasks()}
    target = pick_target(list(before.values()), below_top=True)
    ident = target.task["id"]

    tmux.start(cli.board_command(term))
    tmux.wait_for("the first full board", board_ready, timeout=STARTUP_TIMEOUT)
    screen = open_filtered(tmux, target)
    assert all(PENDING_MARK in row for row in matching_rows(screen, target)), screen

    for _ in range(target.index):
        tmux.keys("j")
    tmux.keys("Space")   # the confirmation names the item; y checks it off
    tmux.wait_for("the check-off's confirmation", lambda s: "Check off this readiness item?" in s
                  and f"Item #{ident}:" in s)
    tmux.keys("y")
    tmux.wait_for(f"'Checked off: #{ident}' on the status line",
                  lambda s: f"Checked off: #{ident} " in s)
    tmux.keys("q")
    assert tmux.wait_exit() == 0, tmux.screen()

    after = {t["id"]: t for t in cli.tasks()}
    assert after[ident]["state"] == "done", after[ident]
    assert after[ident]["done_by"] == "duty", after[ident]
    assert after[ident]["done_at"] == "2026-11-23T09:30+08:00", after[ident]
    changed = [i for i in before if before[i] != after.get(i)]
    assert changed == [ident], f"expected only task {ident} to change, got {changed}"


def test_command_line_change_shows_on_the_running_board(tmux: Tmux, cli: Cli) -> None:
    target = pick_target(cli.tasks())
    ident = target.task["id"]

    tmux.start(cli.board_command("xterm-256color"))
    tmux.wait_for("the first full board", board_ready, timeout=STARTUP_TIMEOUT)
    screen = open_filtered(tmux, target)
    pending_before = sum(PENDING_MARK in row for row in matching_rows(screen, target))
    assert pending_before == target.rows, screen

    done = cli("task", "done", str(ident))
    assert done.returncode == 0, done.stderr
    changed_at = time.monotonic()
    # not verified-type: the row leaves the list; verify-type: it turns "[?]"
    tmux.wait_for(f"task {ident} to stop showing as pending",
                  lambda s: sum(PENDING_MARK in row for row in matching_rows(s, target))
                  == pending_before - 1, timeout=LIVE_LIMIT + 3.0, every=0.02)
    delay = time.monotonic() - changed_at
    assert delay < LIVE_LIMIT, f"the board showed the change after {delay:.2f}s (limit {LIVE_LIMIT}s)"

    tmux.keys("q")
    assert tmux.wait_exit() == 0, tmux.screen()
