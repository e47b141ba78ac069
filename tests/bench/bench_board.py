"""The board on a large site: how long to the first board, to a refresh, to a change from
another process, and what the board costs while idle.

    python tests/bench/bench_board.py [--url URL] [--out FILE.json]

Without --url a new SQLite file in a temporary folder is generated (tests/bench/generate.py:
300 venues, 1,500 meetings today, ~60k tasks, 2,000 open and 200,000 closed tickets). With
--url: an empty database is generated into, a generated one is reused as it is.

Everything runs on the real clock (the idle figure needs countdowns that move), so the site
is built around today. Not a pytest test: the name bench_*.py keeps it out of collection.

Figures (targets in TARGETS):
  a  first_board_app_s      BoardApp under run_test(size=(160, 48)), from construction until
                            the first SnapshotReady has been rendered into the tables
     first_paint_s          ... until the first frame with those tables is on the screen
     reader_full_s          BoardReader.full() alone (median of 5)
  b  refresh_p50/p95_ms     BoardReader.refresh() after one check-off written by another process
     app_apply_p50/p95_ms   the app's render of such a delta (apply_snapshot -> render_panes)
  c  idle_cpu_pct           the real `dutyboard` under a 160x48 pty, 20 s idle, % of one core
                            (and _80x24: the narrow layout, one pane shown)
  d  cross_process_p50/p95  commit in the writer process -> rendered by the app (and -> posted
                            by a bare Poller, the app's own polling loop)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import os
import platform
import random
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGETS = {  # figure -> (target, unit): lower is better
    "first_board_app_s": (1.0, "s"),
    "refresh_p95_ms": (50.0, "ms"),
    "idle_cpu_pct": (2.0, "%"),
    "idle_cpu_pct_80x24": (2.0, "%"),
    "cross_process_p95_s": (1.0, "s"),
}
LOGIN = "duty"
SIZE = (160, 48)                     # a control-room screen: all four panes at once
IDLE_SIZES = (SIZE, (80, 24))        # and the smallest, one pane at a time


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
        command = [sys.executable, str(Path(__file__).resolve()), "--writer", "--url", url]
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

def bench_reader(ctx: Any, writer: Writer, changes: Changes, trials: int) -> dict[str, Any]:
    from dutyboard.store.board import BoardReader

    reader = BoardReader(ctx)
    fulls = []
    snap = None
    for _ in range(5):
        t = time.perf_counter()
        snap = reader.full()
        fulls.append(time.perf_counter() - t)
    assert snap is not None
    sizes = {"meetings": len(snap.meetings), "task_rows": sum(len(v) for v in snap.dept_tasks.values()),
             "tickets": len(snap.tickets)}
    times, writes = [], []
    for _ in range(trials):
        action, ident = changes.next()
        _, wrote = writer.change(action, ident)
        writes.append(wrote)
        t = time.perf_counter()
        new = reader.refresh(snap)
        times.append(time.perf_counter() - t)
        if new is None or f"task:{ident}" not in new.changed_ids:
            raise RuntimeError(f"refresh missed the change to task {ident}")
        snap = new
    return {"reader_full_s": summary(fulls), "refresh_ms": summary(times, 1000, 2),
            "write_ms": summary(writes, 1000, 2), "snapshot": sizes}


# -- (d) bare poller ------------------------------------------------------------------------------

def bench_poller(ctx: Any, writer: Writer, changes: Changes, trials: int) -> dict[str, Any]:
    """The app's Poller itself in a thread, posting to a list instead of the app."""
    from dutyboard.tui.board.messages import SnapshotReady
    from dutyboard.tui.board.poller import Poller

    seen: dict[str, float] = {}
    first = threading.Event()
    lock = threading.Lock()

    def post(message: Any) -> None:
        if isinstance(message, SnapshotReady):
            now = time.monotonic()
            with lock:
                for key in message.snapshot.changed_ids:
                    seen.setdefault(key, now)
            first.set()

    poller = Poller(ctx, post)
    thread = threading.Thread(target=poller.run, daemon=True)
    thread.start()
    try:
        if not first.wait(30):
            raise RuntimeError("the poller produced no snapshot")
        return {"cross_process_poller_s": summary(_observe(writer, changes, trials, seen, lock))}
    finally:
        poller.stop.set()
        poller.wake.set()
        thread.join(10)


def _observe(writer: Writer, changes: Changes, trials: int, seen: dict[str, float],
             lock: threading.Lock, sleep: Callable[[float], Any] = time.sleep) -> list[float]:
    rng = random.Random(7)
    delays = []
    for _ in range(trials):
        sleep(rng.uniform(0.05, 0.4))   # not in step with the 0.25 s poll
        action, ident = changes.next()
        key = f"task:{ident}"
        with lock:
            seen.pop(key, None)
        committed, _ = writer.change(action, ident)
        deadline = time.monotonic() + 10
        while True:
            with lock:
                at = seen.get(key)
            if at is not None and at >= committed - 0.5:
                delays.append(max(0.0, at - committed))
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the change to task {ident} never showed")
            sleep(0.002)
    return delays


# -- (a), (b-app), (d-app): the app under run_test ----------------------------------------------------

def bench_app(ctx: Any, writer: Writer, changes: Changes, trials: int) -> dict[str, Any]:
    return asyncio.run(_bench_app(ctx, writer, changes, trials))


async def _bench_app(ctx: Any, writer: Writer, changes: Changes, trials: int) -> dict[str, Any]:
    from dutyboard.tui.board.app import BoardApp

    renders: list[tuple[float, float, set[str], set[str]]] = []  # (done at, seconds, ids, panes)
    seen: dict[str, float] = {}
    lock = threading.Lock()
    started = time.perf_counter()
    app = BoardApp(ctx, lang="en", theme="dark")
    original = app.render_panes

    def timed(changed: set[str] | None = None) -> None:
        t = time.perf_counter()
        original(changed)
        done = time.perf_counter()
        snap = app.snapshot
        ids = set(snap.changed_ids) if snap is not None else set()
        renders.append((done, done - t, ids, set(changed or ())))
        now = time.monotonic()
        with lock:
            for key in ids:
                seen.setdefault(key, now)
    app.render_panes = timed  # type: ignore[method-assign]

    out: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        while not renders:
            await asyncio.sleep(0.001)
        out["first_board_app_s"] = round(renders[0][0] - started, 3)
        out["first_render_s"] = round(renders[0][1], 3)
        await pilot.pause()
        out["first_paint_s"] = round(time.perf_counter() - started, 3)
        out["rows"] = {name: app.table(name).row_count
                       for name in ("venues", "tasks", "tickets", "escalations")}
        await asyncio.sleep(1.0)
        before = len(renders)
        delays = []
        rng = random.Random(11)
        for _ in range(trials):
            await asyncio.sleep(rng.uniform(0.05, 0.4))
            action, ident = changes.next()
            key = f"task:{ident}"
            with lock:
                seen.pop(key, None)
            committed, _ = await asyncio.to_thread(writer.change, action, ident)
            deadline = time.monotonic() + 10
            while True:
                with lock:
                    at = seen.get(key)
                if at is not None and at >= committed - 0.5:
                    delays.append(max(0.0, at - committed))
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the app never showed the change to task {ident}")
                await asyncio.sleep(0.002)
        deltas = [r[1] for r in renders[before:] if r[2]]
        out["app_apply_ms"] = summary(deltas, 1000, 2)
        out["cross_process_app_s"] = summary(delays)
        # the cost of one tick (countdowns, header, flags every 5 s) on this site
        ticks = []
        for _ in range(10):
            t = time.perf_counter()
            app.tick()
            ticks.append(time.perf_counter() - t)
        flags = []
        for _ in range(3):
            t = time.perf_counter()
            app.recompute_flags(ctx.now())
            flags.append(time.perf_counter() - t)
        out["tick_ms"] = summary(ticks, 1000, 2)
        out["recompute_flags_ms"] = summary(flags, 1000, 2)
        await pilot.press("q")
    return out


# -- (c) the real command, idle, under a pty ------------------------------------------------------

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

@contextlib.contextmanager
def site(url: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    from generate import generate

    with tempfile.TemporaryDirectory(prefix="dutyboard-bench-") as folder:
        if url is None:
            url = f"sqlite:///{folder}/big.db"
        from dutyboard.store.db import connect
        from dutyboard.store.models import Venue
        db = connect(url)
        empty = not Venue.select().exists()
        db.close()
        info = generate(url, closed_tickets=200_000, quiet=False) if empty else {"reused": True}
        yield url, info


def run(url: str | None, refresh_trials: int, delay_trials: int, idle_seconds: float
        ) -> dict[str, Any]:
    from dutyboard.rules import SystemClock
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect

    results: dict[str, Any] = {"python": platform.python_version(), "machine": platform.machine(),
                               "cpus": os.cpu_count()}
    with site(url) as (url, info):
        results["url"] = url if url.startswith("sqlite") else url.split("@")[-1]
        results["site"] = info
        db = connect(url)
        ctx = Context(db, SystemClock(), LOGIN)
        results["local_time"] = ctx.now().to(ctx.tz).format("YYYY-MM-DD HH:mm")
        changes = Changes()
        results["checkable_tasks"] = len(changes.fresh)
        writer = Writer(url)
        try:
            step("reader: full() and refresh()")
            results.update(bench_reader(ctx, writer, changes, refresh_trials))
            step("poller: cross-process delay")
            results.update(bench_poller(ctx, writer, changes, delay_trials))
            step("app under run_test: first board, deltas, cross-process delay")
            results.update(bench_app(ctx, writer, changes, delay_trials))
        finally:
            writer.close()
            db.close()
        for size in IDLE_SIZES:
            step(f"the real command under a {size[0]}x{size[1]} pty: {idle_seconds:.0f} s idle")
            suffix = "" if size == SIZE else f"_{size[0]}x{size[1]}"
            results.update({k + suffix: v for k, v in bench_idle(url, idle_seconds, size).items()})
    return results


def step(text: str) -> None:
    print(f"-- {text}", file=sys.stderr, flush=True)


def verdicts(r: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(figure, value, target, PASS/MISS/-, ratio) rows for the table."""
    figures: list[tuple[str, float | None, str]] = [
        ("first_board_app_s", r.get("first_board_app_s"), "s"),
        ("first_render_s (inside that)", r.get("first_render_s"), "s"),
        ("first_paint_s", r.get("first_paint_s"), "s"),
        ("reader_full_s p50", r.get("reader_full_s", {}).get("p50"), "s"),
        ("refresh_p50_ms", r.get("refresh_ms", {}).get("p50"), "ms"),
        ("refresh_p95_ms", r.get("refresh_ms", {}).get("p95"), "ms"),
        ("app_apply_p50_ms", r.get("app_apply_ms", {}).get("p50"), "ms"),
        ("app_apply_p95_ms", r.get("app_apply_ms", {}).get("p95"), "ms"),
        ("idle_cpu_pct", r.get("idle_cpu_pct"), "%"),
        ("idle_cpu_pct_80x24", r.get("idle_cpu_pct_80x24"), "%"),
        ("cold_launch_to_board_s", r.get("cold_launch_to_board_s"), "s"),
        ("cross_process_p50_s (app)", r.get("cross_process_app_s", {}).get("p50"), "s"),
        ("cross_process_p95_s", r.get("cross_process_app_s", {}).get("p95"), "s"),
        ("cross_process_p95_s (poller)", r.get("cross_process_poller_s", {}).get("p95"), "s"),
        ("tick_p50_ms", r.get("tick_ms", {}).get("p50"), "ms"),
        ("recompute_flags_p50_ms", r.get("recompute_flags_ms", {}).get("p50"), "ms"),
    ]
    rows = []
    for name, value, unit in figures:
        target = TARGETS.get(name)
        if value is None:
            rows.append((name, "n/a", f"< {target[0]:g} {target[1]}" if target else "", "MISS" if target
                         else "-", ""))
            continue
        if target is None:
            rows.append((name, f"{value:g} {unit}", "", "-", ""))
            continue
        ok = value < target[0]
        rows.append((name, f"{value:g} {unit}", f"< {target[0]:g} {target[1]}", "PASS" if ok else "MISS",
                     f"{value / target[0]:.2f}x"))
    return rows


def table(rows: list[tuple[str, ...]]) -> str:
    head = ("figure", "value", "target", "verdict", "of target")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = "  ".join("-" * w for w in widths)
    fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    return "\n".join([fmt.format(*head), line, *(fmt.format(*r) for r in rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temp folder)")
    parser.add_argument("--out", help="write the figures as JSON here")
    parser.add_argument("--refresh-trials", type=int, default=50)
    parser.add_argument("--delay-trials", type=int, default=20)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--writer", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        return writer_main(args.url)
    results = run(args.url, args.refresh_trials, args.delay_trials, args.idle_seconds)
    rows = verdicts(results)
    results["verdicts"] = {r[0]: {"value": r[1], "target": r[2], "verdict": r[3], "ratio": r[4]}
                           for r in rows}
    print()
    print(f"dutyboard board benchmark  {results['url']}  local time {results['local_time']}  "
          f"site {results['site']}")
    print(f"snapshot {results.get('snapshot')}  app rows {results.get('rows')}")
    print(table(rows))
    for key in [k for k in results if k.startswith("idle_error")]:
        print(f"{key}: {results[key]}")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(f"wrote {args.out}")
    return 0 if all(r[3] != "MISS" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
