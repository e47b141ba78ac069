"""Pieces of bench_board.py: the writer process that checks items off, the change tracker,
percentiles, and the idle measurement of the real command in a pty."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Any

LOGIN = "duty"
SIZE = (160, 48)                     # a control-room screen: all four panes at once
BENCH_BOARD = Path(__file__).with_name("bench_board.py")   # the writer runs as `bench_board.py --writer`


# -- the writer: another process that checks items off ---------------------------------------

def writer_main(url: str) -> int:
    """``--writer``: read "done ID" / "undo ID" lines; check off through the store, answer
    "ok <monotonic after commit> <seconds in change_task>" (CLOCK_MONOTONIC is system-wide
    on Linux, so the reader can compare it with its own)."""
    from dutyboard.rules import SystemClock
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect
    from dutyboard.store.tasks import change_task

    db = connect(url)
    ctx = Context(db, SystemClock(), LOGIN)
    print("ready", flush=True)
    for line in sys.stdin:
        action, _, ident = line.strip().partition(" ")
        if action == "quit":
            break
        started = time.monotonic()
        try:
            change_task(ctx, int(ident), action)
        except Exception as exc:  # noqa: BLE001 - reported to the driver
            print(f"err {type(exc).__name__}: {exc}".replace("\n", " "), flush=True)
            continue
        done = time.monotonic()
        print(f"ok {done!r} {done - started!r}", flush=True)
    db.close()
    return 0


class Writer:
    def __init__(self, url: str) -> None:
        command = [sys.executable, str(BENCH_BOARD), "--writer", "--url", url]
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout
        first = self.stdout.readline().strip()
        if first != "ready":
            raise RuntimeError(f"writer did not start: {first!r}")

    def change(self, action: str, ident: int) -> tuple[float, float]:
        """(monotonic after commit, seconds the write took)."""
        self.stdin.write(f"{action} {ident}\n")
        self.stdin.flush()
        reply = self.stdout.readline().split()
        if not reply or reply[0] != "ok":
            raise RuntimeError(f"writer: {' '.join(reply)} ({action} {ident})")
        return float(reply[1]), float(reply[2])

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.stdin.write("quit\n")
            self.stdin.flush()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Changes:
    """Task ids to check off: pending items whose earliest start has passed, due nearest to
    now first (what a department would tick next; at night that may be yesterday's items,
    off the board's list, which costs the refresh the same); when they run out, undo and redo."""

    def __init__(self) -> None:
        import arrow
        from dutyboard.store.models import Meeting, Task
        from dutyboard.store.timeutil import to_db
        now = to_db(arrow.utcnow())
        rows = (Task.select(Task.id, Task.due_at).join(Meeting)
                .where((Task.state == "pending") & (Task.earliest_at <= now)
                       & (Meeting.status == "booked")).tuples())
        by_distance = sorted(rows, key=lambda r: abs((_naive(r[1]) - now).total_seconds()))
        self.fresh = [ident for ident, _ in by_distance[:400]]
        self.done: list[int] = []
        self.undo_next = True

    def next(self) -> tuple[str, int]:
        if self.fresh:
            ident = self.fresh.pop(0)
            self.done.append(ident)
            return "done", ident
        if not self.done:
            raise RuntimeError("no task on this site can be checked off now")
        ident = self.done[0]
        action = "undo" if self.undo_next else "done"
        self.undo_next = not self.undo_next
        if action == "done":
            self.done.append(self.done.pop(0))
        return action, ident


def _naive(value: Any) -> Any:
    from dutyboard.store.timeutil import must
    return must(value).naive


# -- statistics ------------------------------------------------------------------------------

def pct(values: list[float], p: float) -> float:
    """The p-th percentile, linear between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values: list[float], scale: float = 1.0, digits: int = 3) -> dict[str, float]:
    return {"n": len(values), "p50": round(pct(values, 50) * scale, digits),
            "p95": round(pct(values, 95) * scale, digits), "max": round(max(values) * scale, digits),
            "mean": round(statistics.fmean(values) * scale, digits)}


# -- (a) and (b): the read model -----------------------------------------------------------------


# -- idle: the real command in a pty ------------------------------------------------------

READY = re.compile(rb"data \d+s")


def bench_idle(url: str, seconds: float, size: tuple[int, int] = SIZE) -> dict[str, Any]:
    exe = Path(sys.executable).with_name("dutyboard")
    if not exe.exists():
        return {"idle_error": f"{exe} not found"}
    if not Path("/proc/self/stat").exists():
        return {"idle_error": "no /proc: process CPU time is read from /proc/PID/stat"}
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("DUTYBOARD_DB", "TMUX")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", COLUMNS=str(size[0]),
               LINES=str(size[1]))
    launched = time.monotonic()
    proc = subprocess.Popen([str(exe), "--db", url, "--as", LOGIN], stdin=slave, stdout=slave,
                            stderr=slave, env=env, start_new_session=True, close_fds=True)
    os.close(slave)
    received = bytearray()
    ready_at: list[float] = []
    stop = threading.Event()

    def drain() -> None:  # a terminal that never reads would block the board's writes
        while not stop.is_set():
            readable, _, _ = select.select([master], [], [], 0.1)
            if not readable:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            received.extend(chunk)
            if not ready_at and READY.search(received[-4096:]):
                ready_at.append(time.monotonic())
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out: dict[str, Any] = {}
    try:
        deadline = time.monotonic() + 60
        while not ready_at and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if not ready_at:
            tail = received[-2000:].decode("utf-8", "replace")
            return {"idle_error": f"the board never showed its data (exit {proc.poll()}): {tail!r}"}
        out["cold_launch_to_board_s"] = round(ready_at[0] - launched, 3)
        time.sleep(3.0)   # let the first paint and the first flag recompute settle
        tick = os.sysconf("SC_CLK_TCK")
        cpu0, wall0, bytes0 = _cpu(proc.pid) / tick, time.monotonic(), len(received)
        time.sleep(seconds)
        cpu1, wall1, bytes1 = _cpu(proc.pid) / tick, time.monotonic(), len(received)
        out["idle_cpu_pct"] = round(100 * (cpu1 - cpu0) / (wall1 - wall0), 2)
        out["idle_seconds"] = round(wall1 - wall0, 1)
        out["idle_output_bytes_per_s"] = round((bytes1 - bytes0) / (wall1 - wall0))
        out["rss_mb"] = round(_rss(proc.pid) / 1e6, 1)
        out["startup_cpu_s"] = round(cpu0, 2)
    finally:
        with contextlib.suppress(OSError):
            os.write(master, b"q")
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait(timeout=10)
        stop.set()
        reader.join(2)
        os.close(master)
    return out


def _cpu(pid: int) -> int:
    """utime + stime of the whole process (all its threads), in clock ticks."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])   # fields 14 and 15 of proc(5)


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


# -- driver ----------------------------------------------------------------------------------------
