"""The board poller's first full read, timed as the poller does it (issue 13: it sits on the
critical path of the board's first full screen).

    python tests/bench/bench_first_read.py URL [--runs 7] [--profile] [--queries] [--login duty]

Each run starts a new thread (the poller's own: on SQLite a new connection, as the board
opens one), builds a fresh ``BoardReader`` and calls ``Poller.poll_once`` on it with no
previous snapshot: the same calls the board's poller makes for its first read. Printed: the
median and the spread of the runs (wall and thread CPU, ms); with ``--queries`` each
statement of the last run with its milliseconds (peewee's ``execute_sql`` wrapped: the
statement's execution, not the fetching of its rows, which SQLite does lazily); with
``--profile`` cProfile's top of one more run. Reads only: a copy of a generated site is not
needed unless a migration is due (``connect`` brings the schema up to date).
Not a pytest test (the name keeps it out of collection).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class QueryLog:
    """Wraps ``db.execute_sql``: each statement's SQL, parameters and milliseconds, plus the
    fetch time of its cursor (SQLite steps lazily: most of a read is in the fetch)."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.entries: list[list[Any]] = []
        self.on = False
        self._original = db.execute_sql
        db.execute_sql = self._execute

    def _execute(self, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if not self.on:
            return self._original(sql, params, *args, **kwargs)
        started = time.perf_counter()
        cursor = self._original(sql, params, *args, **kwargs)
        entry = [sql, params, (time.perf_counter() - started) * 1000, 0.0, 0]
        self.entries.append(entry)
        return _TimedCursor(cursor, entry)


class _TimedCursor:
    """A cursor whose fetches add to its entry's fetch time and row count."""

    def __init__(self, cursor: Any, entry: list[Any]) -> None:
        self._cursor, self._entry = cursor, entry

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def __iter__(self) -> Any:
        it = iter(self._cursor)
        while True:
            started = time.perf_counter()
            try:
                row = next(it)
            except StopIteration:
                self._entry[3] += (time.perf_counter() - started) * 1000
                return
            self._entry[3] += (time.perf_counter() - started) * 1000
            self._entry[4] += 1
            yield row

    def fetchone(self) -> Any:
        started = time.perf_counter()
        row = self._cursor.fetchone()
        self._entry[3] += (time.perf_counter() - started) * 1000
        self._entry[4] += row is not None
        return row

    def fetchall(self) -> Any:
        started = time.perf_counter()
        rows = self._cursor.fetchall()
        self._entry[3] += (time.perf_counter() - started) * 1000
        self._entry[4] += len(rows)
        return rows


def first_read(ctx: Any, profile: cProfile.Profile | None = None) -> tuple[float, float, Any]:
    """One first read in a new thread, as the poller's: (wall s, thread CPU s, snapshot)."""
    from dutyboard.store.board import BoardReader
    from dutyboard.tui.board.poller import Poller

    out: dict[str, Any] = {}
    posted: list[Any] = []

    def run() -> None:
        try:
            ctx.resume_site()
            poller = Poller(ctx, posted.append)
            if profile is not None:
                profile.enable()
            wall, cpu = time.perf_counter(), time.thread_time()
            reader = BoardReader(ctx)
            poller.poll_once(reader)
            out["cpu"] = time.thread_time() - cpu
            out["wall"] = time.perf_counter() - wall
            if profile is not None:
                profile.disable()
            out["snap"] = poller.snapshot
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            out["error"] = exc
        finally:
            if not ctx.db.is_closed():
                ctx.db.close()   # the thread's own connection (SQLite: per thread)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    assert posted, "the first read posted nothing"
    return out["wall"], out["cpu"], out["snap"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--login", default="duty")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)

    from dutyboard.rules import SystemClock
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect

    db = connect(args.url)
    ctx = Context(db, SystemClock(), args.login)
    db.close()
    log = QueryLog(db)
    first_read(ctx)   # warm: imports, the OS's page cache
    walls, cpus = [], []
    for i in range(args.runs):
        log.on = args.queries and i == args.runs - 1
        wall, cpu, _ = first_read(ctx)
        walls.append(wall * 1000)
        cpus.append(cpu * 1000)
    log.on = False
    print(f"{args.url}: first read, {args.runs} runs: wall median {statistics.median(walls):.1f} ms "
          f"(min {min(walls):.1f}, max {max(walls):.1f}); thread CPU median "
          f"{statistics.median(cpus):.1f} ms")
    if args.queries:
        total = sum(e[2] + e[3] for e in log.entries)
        print(f"\n{len(log.entries)} statements, {total:.1f} ms executing + fetching:")
        for sql, _params, ms, fetch_ms, rows in sorted(log.entries, key=lambda e: -(e[2] + e[3])):
            text = " ".join(sql.split())
            print(f"{ms + fetch_ms:7.2f} ms ({ms:6.2f} + fetch {fetch_ms:6.2f}) {rows:5d} rows  "
                  f"{text[:220]}{'...' if len(text) > 220 else ''}")
    if args.profile:
        profile = cProfile.Profile()
        first_read(ctx, profile)
        stream = io.StringIO()
        pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(args.top)
        stats = pstats.Stats(profile, stream=stream)
        stats.sort_stats("tottime").print_stats(args.top)
        print(stream.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
