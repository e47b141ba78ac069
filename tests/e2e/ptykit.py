"""Run a command on a pseudo-terminal of its own, as an SSH session would: the pty's slave is
its standard input, output and error (and, by default, its controlling terminal), the test
holds the master. Closing the master is what a dropped connection does to the process."""

from __future__ import annotations

import fcntl
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest


def dutyboard_exe() -> str:
    beside = Path(sys.executable).with_name("dutyboard")
    found = str(beside) if beside.exists() else shutil.which("dutyboard")
    if not found:
        pytest.fail("the dutyboard command is not installed (pip install -e .)")
    return found


def tmux_or_skip() -> str:
    """The tmux binary; skip without it, or fail when ``DUTYBOARD_REQUIRE_TMUX=1`` (CI)."""
    path = shutil.which("tmux")
    if path is None:
        why = "tmux is not installed (apt-get install tmux); the end-to-end board tests need it"
        if os.environ.get("DUTYBOARD_REQUIRE_TMUX") == "1":
            pytest.fail(f"DUTYBOARD_REQUIRE_TMUX=1 but {why}")
        pytest.skip(f"{why}; set DUTYBOARD_REQUIRE_TMUX=1 to make this a failure")
    return path


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DUTYBOARD_DB", "LC_MESSAGES", "TMUX", "TMUX_PANE")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", **extra)
    return env


def _make_controlling_terminal() -> None:  # runs in the child, after setsid
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyProcess:
    def __init__(self, argv: list[str], env: dict[str, str], controlling: bool = True,
                 size: tuple[int, int] = (120, 36)) -> None:
        self.master, slave = os.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            preexec_fn=_make_controlling_terminal if controlling else None)  # noqa: PLW1509
        os.close(slave)
        self.output = bytearray()
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        self.master_open = True

    def _drain(self) -> None:
        """Read everything the process writes, so it never blocks on a full pty buffer.

        It waits in ``select`` with a wake-up pipe, never in a bare ``read``: a thread blocked
        in ``read`` on the master keeps it open after ``os.close``, so the process would see
        no hang-up until it next wrote something (a board with a frozen clock may not)."""
        while True:
            try:
                ready, _, _ = select.select([self.master, self._wake_r], [], [])
                if self._wake_r in ready:
                    return
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk

    def text(self) -> str:
        with self._lock:
            return self.output.decode("utf-8", "replace")

    def wait_output(self, what: str, ok: Callable[[str], bool], timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            if ok(text):
                return text
            if self.proc.poll() is not None:
                pytest.fail(f"exited ({self.proc.returncode}) while waiting for {what}:\n{text[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}:\n{text[-2000:]}")
            time.sleep(0.05)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def terminal_attrs(self) -> list:
        return termios.tcgetattr(self.master)

    def close_master(self) -> None:
        """What a dropped connection does: the master really closed, the reader stopped first."""
        if self.master_open:
            self.master_open = False
            os.write(self._wake_w, b"x")
            self._reader.join(timeout=5)
            os.close(self.master)
            for fd in (self._wake_r, self._wake_w):
                os.close(fd)

    def seconds_to_exit(self, limit: float) -> float:
        """Wait up to ``limit`` seconds for the process to end; how long it took (fails after)."""
        started = time.monotonic()
        try:
            self.proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {limit:.1f}s later:\n{self.text()[-1500:]}")
        return time.monotonic() - started

    def group_alive(self) -> bool:
        """Whether any process of its session's process group is still there (an orphan)."""
        try:
            os.killpg(self.proc.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def kill(self) -> None:
        if self.proc.poll() is None or self.group_alive():
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=10)
        self.close_master()
        self._reader.join(timeout=2)
