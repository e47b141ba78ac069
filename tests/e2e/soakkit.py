"""The soak test's tools: a private tmux server holding the real board, a command line on the
same database, and the faults (a held lock, an immutable file, a renamed file)."""

from __future__ import annotations

import json
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ptykit import clean_env, dutyboard_exe, tmux_or_skip


class BoardPane:
    """The board in a detached tmux pane; its exit status lands in a file."""

    def __init__(self, workdir: Path, width: int = 160, height: int = 48) -> None:
        self.exe = tmux_or_skip()
        self.socket = f"dutyboard-soak-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.conf = workdir / "tmux.conf"
        self.conf.write_text("set -g remain-on-exit on\nset -g history-limit 100\n"
                             "set -g allow-rename on\nset -g set-titles on\n")
        self.status_file = workdir / "board.status"
        self.size = (width, height)

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        return subprocess.run([self.exe, "-L", self.socket, "-f", str(self.conf), *args],
                              capture_output=True, text=True, check=check, env=env, timeout=30)

    def start(self, argv: list[str], env: dict[str, str]) -> None:
        status = shlex.quote(str(self.status_file))
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()
                           if k.startswith("DUTYBOARD_") or k in ("TERM", "LANG", "LC_ALL"))
        script = f"env {exports} {shlex.join(argv)}; echo $? > {status}.tmp && mv {status}.tmp {status}"
        width, height = self.size
        self.tmux("new-session", "-d", "-s", "board", "-x", str(width), "-y", str(height), "sh", "-c", script)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "board").stdout

    def title(self) -> str:
        return self.tmux("display-message", "-p", "-t", "board", "#{pane_title}").stdout.strip()

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "board", *keys)

    def exit_status(self) -> int | None:
        try:
            return int(self.status_file.read_text())
        except (FileNotFoundError, ValueError):
            return None

    def board_pid(self) -> int:
        """The dutyboard process: the child of the pane's shell."""
        shell = int(self.tmux("display-message", "-p", "-t", "board", "#{pane_pid}").stdout)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
            if children:
                return int(children[0])
            time.sleep(0.05)
        pytest.fail("no board process under the pane's shell")

    def wait_for(self, what: str, ok: Callable[[str], bool], timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if ok(text):
                return text
            if (status := self.exit_status()) is not None:
                pytest.fail(f"the board exited ({status}) while waiting for {what}:\n{text}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}; screen:\n{text}")
            time.sleep(0.1)

    def hang_up(self, limit: float) -> tuple[float, int]:
        """SIGHUP to the board; (seconds until its exit status was written, status)."""
        pid = self.board_pid()
        started = time.monotonic()
        os.kill(pid, signal.SIGHUP)
        while (status := self.exit_status()) is None:
            if time.monotonic() - started > limit + 5:
                pytest.fail(f"the board did not exit after SIGHUP:\n{self.screen()}")
            time.sleep(0.02)
        return time.monotonic() - started, status

    def kill(self) -> None:
        self.tmux("kill-server", check=False)


@dataclass
class Cli:
    url: str
    now: str
    login: str = "boss"

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([dutyboard_exe(), "--db", self.url, "--now", self.now, "--as", self.login,
                               *args], capture_output=True, text=True, timeout=120, env=clean_env())
        if check:
            assert done.returncode == 0, (args, done.stderr)
        return done

    def json(self, *args: str) -> object:
        return json.loads(self(*args, "--json").stdout)


def mark_training(path: Path) -> None:
    """A practice database (``demo`` marks it so once that lands; the soak test needs it now)."""
    with sqlite3.connect(path) as conn:
        if not conn.execute("SELECT 1 FROM setting WHERE key = 'training'").fetchone():
            conn.execute("INSERT INTO setting (key, value) VALUES ('training', '1')")


class HeldLock:
    """Another process holds SQLite's write lock (BEGIN IMMEDIATE) for ``seconds``."""

    def __init__(self, path: Path, seconds: float) -> None:
        code = ("import sqlite3, sys, time\n"
                f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
                "c.execute('BEGIN IMMEDIATE')\nprint('locked', flush=True)\n"
                f"time.sleep({seconds})\nc.execute('ROLLBACK')\n")
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "locked"

    def wait(self) -> None:
        self.proc.wait(timeout=60)


def set_immutable(path: Path, on: bool) -> bool:
    """The database read-only for everyone, root included: ``chattr +i`` on the file and its
    write-ahead log (chmod does not stop root; a process that has the file open already
    writes through the log). False where the file system has no immutable flag."""
    files = [f for f in (path, Path(f"{path}-wal")) if f.exists()]
    if os.geteuid() != 0:
        for f in files:
            f.chmod(0o444 if on else 0o644)
        return True
    done = [subprocess.run(["chattr", "+i" if on else "-i", str(f)], capture_output=True) for f in files]
    return all(d.returncode == 0 for d in done)


def move_database(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            os.replace(f"{src}{suffix}", f"{dst}{suffix}")


@dataclass
class FaultLog:
    """What was injected and whether the board showed it and recovered."""

    rows: list[dict[str, object]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, fault: str, shown: str, recovered: bool, note: str = "") -> None:
        with self.lock:
            self.rows.append({"fault": fault, "shown": shown, "recovered": recovered, "note": note})

    def summary(self) -> str:
        return "\n".join(f"  {r['fault']:<28} shown: {r['shown']:<40} recovered: {r['recovered']} {r['note']}"
                         for r in self.rows)
