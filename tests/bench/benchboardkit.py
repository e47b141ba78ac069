"""Pieces of bench_board.py: the writer process that checks items off, the change tracker,
percentiles, and the idle measurement of the real command in a pty (ptyrun.py)."""

from __future__ import annotations

import contextlib
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from ptyrun import PtyRun, idle_figures

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
    out: dict[str, Any] = {}
    with PtyRun([str(exe), "--db", url, "--as", LOGIN], size) as run:
        try:
            out["cold_launch_to_board_s"] = round(run.wait_for(READY), 3)
        except RuntimeError as exc:
            return {"idle_error": str(exc)}
        time.sleep(3.0)   # let the first paint and the first flag recompute settle
        startup_cpu = run.cpu_seconds()
        figures = idle_figures(run, seconds)
        out["idle_cpu_pct"] = round(figures["cpu_pct"], 2)
        out["idle_seconds"] = round(figures["seconds"], 1)
        out["idle_output_bytes_per_s"] = round(figures["bytes_per_s"])
        out["rss_mb"] = round(run.rss_bytes() / 1e6, 1)
        out["startup_cpu_s"] = round(startup_cpu, 2)
    return out


# -- driver ----------------------------------------------------------------------------------------
