"""Pieces of bench_suite.py that drive the board in this process: its first full screen,
a change from another process followed to the screen (wait / read / render), and many
boards' database threads on one PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

from benchboardkit import LOGIN, SIZE, Changes, Writer


def _context(url: str) -> Any:
    from dutyboard.rules import SystemClock
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect
    return Context(connect(url), SystemClock(), LOGIN)


def commit_next(writer: Writer, changes: Changes) -> tuple[str, float]:
    """Check the next item off (or undo it) in the writer process: its board key and the
    commit instant. An item the rules refuse now (a check level whose previous level is
    open) is passed over."""
    for _ in range(50):
        action, ident = changes.next()
        try:
            committed, _ = writer.change(action, ident)
        except RuntimeError as exc:
            if "err Refused" not in str(exc):
                raise
            continue
        return f"task:{ident}", committed
    raise RuntimeError("the rules refused 50 check-offs in a row")


def board_first_screen(url: str, runs: int = 3) -> float:
    """Seconds from the board's construction to its first full snapshot rendered and
    painted (run_test, 160x48), the median of ``runs``."""
    from bench_history import first_board
    ctx = _context(url)
    try:
        values = sorted(asyncio.run(first_board(ctx)) for _ in range(runs))
    finally:
        ctx.db.close()
    return values[len(values) // 2]


def change_to_screen(url: str, trials: int) -> dict[str, list[float]]:
    """Seconds per check-off committed by another process: total (commit -> rendered), wait
    (commit -> the poller starts the read that finds it), read, render."""
    ctx = _context(url)
    changes = Changes()
    writer = Writer(url)
    try:
        return asyncio.run(_follow(ctx, writer, changes, trials))
    finally:
        writer.close()
        ctx.db.close()


async def _follow(ctx: Any, writer: Writer, changes: Changes, trials: int) -> dict[str, list[float]]:
    from dutyboard.tui.board.app import BoardApp

    app = BoardApp(ctx, lang="en", theme="dark")
    board, poller = app.board, app.poller
    polls: list[tuple[float, float, set[str]]] = []     # (start, end, ids found)
    renders: list[tuple[float, float, set[str]]] = []
    poll_once, render_panes = poller.poll_once, board.render_panes

    def timed_poll(reader: Any) -> None:
        started = time.monotonic()
        before = poller.snapshot
        poll_once(reader)
        snap = poller.snapshot
        ids = set(snap.changed_ids) if snap is not None and snap is not before else set()
        polls.append((started, time.monotonic(), ids))

    def timed_render(changed: set[str] | None = None) -> None:
        started = time.monotonic()
        render_panes(changed)
        snap = board.snapshot
        renders.append((started, time.monotonic(), set(snap.changed_ids) if snap is not None else set()))
    poller.poll_once = timed_poll         # type: ignore[method-assign]
    board.render_panes = timed_render     # type: ignore[method-assign]
    parts: dict[str, list[float]] = {"total": [], "wait": [], "read": [], "render": []}
    async with app.run_test(size=SIZE) as pilot:
        while not renders:
            await asyncio.sleep(0.005)
        await asyncio.sleep(1.0)
        for i in range(trials):
            await asyncio.sleep(0.05 + (i * 0.137) % 0.35)   # not in step with any timer
            key, committed = await asyncio.to_thread(commit_next, writer, changes)
            deadline = time.monotonic() + 15
            while True:
                shown = [r for r in renders if key in r[2] and r[0] >= committed - 0.5]
                read = [p for p in polls if key in p[2] and p[1] >= committed]
                if shown and read:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the board never showed the change to {key}")
                await asyncio.sleep(0.002)
            start, end, _ = read[0]
            r_start, r_end, _ = shown[0]
            parts["total"].append(r_end - committed)
            parts["wait"].append(max(0.0, start - committed))
            parts["read"].append(end - max(start, committed))
            parts["render"].append(r_end - r_start)
        await pilot.press("q")
    return parts


def many_boards(url: str, count: int, idle_s: float, trials: int,
                backend_ticks: Callable[[int], int]) -> dict[str, Any]:
    """``count`` board database threads (the board's Poller with its own connection and its
    LISTEN) on one PostgreSQL: the CPU ticks of the server backends serving this database
    while they idle, this process's CPU seconds meanwhile, then per-board delays from a
    check-off committed by another process to the board's snapshot holding it."""
    from dutyboard.tui.board.messages import SnapshotReady
    from dutyboard.tui.board.poller import Poller

    ctx = _context(url)
    seen: list[dict[str, float]] = [{} for _ in range(count)]
    lock = threading.Lock()

    def poster(i: int) -> Callable[[Any], None]:
        def post(message: Any) -> None:
            if isinstance(message, SnapshotReady):
                now = time.monotonic()
                with lock:
                    seen[i]["first"] = seen[i].get("first", now)
                    for key in message.snapshot.changed_ids:
                        seen[i].setdefault(key, now)
        return post
    pollers = [Poller(ctx, poster(i)) for i in range(count)]
    threads = [threading.Thread(target=p.run, daemon=True) for p in pollers]
    for thread in threads:
        thread.start()
    writer = None
    try:
        deadline = time.monotonic() + 120
        while not all("first" in s for s in seen):
            if time.monotonic() > deadline:
                raise RuntimeError("not every board read its first snapshot")
            time.sleep(0.05)
        time.sleep(3.0)
        pids = [pid for pid, in ctx.db.execute_sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()").fetchall()]
        ctx.db.close()   # our own connection is not a board's
        before = sum(backend_ticks(pid) for pid in pids)
        cpu0, wall0 = time.process_time(), time.monotonic()
        time.sleep(idle_s)
        cpu1, wall1 = time.process_time(), time.monotonic()
        after = sum(backend_ticks(pid) for pid in pids)
        figures: dict[str, Any] = {"backends": len(pids), "server_ticks": after - before,
                                   "client_cpu_s": cpu1 - cpu0, "idle_s": wall1 - wall0}
        changes = Changes()
        writer = Writer(url)
        delays: list[float] = []
        for i in range(trials):
            time.sleep(0.05 + (i * 0.137) % 0.35)
            with lock:   # a key seen before (an earlier flip of the same item) is stale
                for s in seen:
                    s.clear()
            key, committed = commit_next(writer, changes)
            deadline = time.monotonic() + 15
            while True:
                with lock:
                    got = [s.get(key) for s in seen]
                if all(at is not None for at in got):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"a board never had the change to {key}")
                time.sleep(0.005)
            delays += [max(0.0, at - committed) for at in got if at is not None]
        figures["delays"] = delays
        return figures
    finally:
        if writer is not None:
            writer.close()
        for p in pollers:
            p.stop.set()
            p.wake.set()
        for thread in threads:
            thread.join(10)
        ctx.db.close()
