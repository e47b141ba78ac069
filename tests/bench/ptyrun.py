"""A program on a pseudo-terminal, its output drained: the one pty runner behind the idle
figures of bench_idle.py and bench_board.py (and the first board / memory figures of
bench_suite.py).

    with PtyRun([exe, "--db", url], size=(160, 48)) as run:
        run.wait_for(re.compile(rb"data \\d+s"))   # seconds from launch to that text
        cpu0, bytes0 = run.cpu_seconds(), run.bytes_seen()
        ...
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import threading
import time
from pathlib import Path
from types import TracebackType


def cpu_ticks(pid: int) -> int:
    """utime + stime of the whole process (all its threads), in clock ticks."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])   # fields 14 and 15 of proc(5)


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class PtyRun:
    """``argv`` started on a pty of ``size`` (columns, rows) with a thread that reads all it
    writes: a terminal that never reads would block the program's writes."""

    def __init__(self, argv: list[str], size: tuple[int, int]) -> None:
        self.argv = argv
        self.size = size
        self.received = bytearray()
        self._lock = threading.Lock()
        self._grew = threading.Condition(self._lock)
        self._stop = threading.Event()
        self.launched = 0.0

    def __enter__(self) -> PtyRun:
        cols, rows = self.size
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("DUTYBOARD_DB", "TMUX")}
        env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", COLUMNS=str(cols),
                   LINES=str(rows))
        self.launched = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        return self

    def _drain(self) -> None:
        while not self._stop.is_set():
            readable, _, _ = select.select([self.master], [], [], 0.1)
            if not readable:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            with self._grew:
                self.received.extend(chunk)
                self._grew.notify_all()
            if not chunk:
                return

    def wait_for(self, pattern: re.Pattern[bytes], timeout: float = 60.0) -> float:
        """Seconds from launch until ``pattern`` shows in the output; RuntimeError (with the
        output's tail) if it does not within ``timeout`` or the program ends first."""
        deadline = time.monotonic() + timeout
        searched = 0
        with self._grew:
            while True:
                if pattern.search(self.received, max(0, searched - 4096)):
                    return time.monotonic() - self.launched
                searched = len(self.received)
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    tail = self.received[-2000:].decode("utf-8", "replace")
                    raise RuntimeError(f"{self.argv[0]} never showed {pattern.pattern!r} "
                                       f"(exit {self.proc.poll()}): {tail!r}")
                self._grew.wait(min(left, 0.1))

    def bytes_seen(self) -> int:
        with self._lock:
            return len(self.received)

    def output_since(self, start: int) -> bytes:
        with self._lock:
            return bytes(self.received[start:])

    def cpu_seconds(self) -> float:
        return cpu_ticks(self.proc.pid) / os.sysconf("SC_CLK_TCK")

    def rss_bytes(self) -> int:
        return rss_bytes(self.proc.pid)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        with contextlib.suppress(OSError):
            os.write(self.master, b"q")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self._stop.set()
        self._reader.join(2)
        os.close(self.master)


def idle_figures(run: PtyRun, seconds: float) -> dict[str, float]:
    """``seconds`` of the running program: % of one core and terminal bytes per second."""
    cpu0, wall0, bytes0 = run.cpu_seconds(), time.monotonic(), run.bytes_seen()
    time.sleep(seconds)
    cpu1, wall1, bytes1 = run.cpu_seconds(), time.monotonic(), run.bytes_seen()
    return {"cpu_pct": 100 * (cpu1 - cpu0) / (wall1 - wall0),
            "bytes_per_s": (bytes1 - bytes0) / (wall1 - wall0), "seconds": wall1 - wall0,
            "first_byte": bytes0, "last_byte": bytes1}
