"""The whole benchmark in one run, side by side with the floor app (floor_app.py): first
full board, change -> screen split into wait / read / render, read cost against history
(bench_history.py), memory, command line start, and many boards on one PostgreSQL.

    python tests/bench/bench_suite.py [--only cli,first,launch,change,memory,history,boards]
        [--pg postgresql://...] [--meetings 1500] [--days 30] [--tickets 10000,100000]
        [--boards 20] [--trials 20] [--large URL ...] [--markdown FILE] [--out FILE.json]

Small defaults so it runs in a few minutes; the issue's figures: ``--days 30,180
--tickets 10000,1000000`` (history) and ``--boards 20 --history-days 180`` (boards). Each
measurement is selectable with --only. --pg: an empty PostgreSQL database the suite may
fill (and wipe: every table in its public schema is dropped first); the change figures and
the history figures then run on it as well, and ``boards`` needs it (or a PostgreSQL
--large). --large: a site generate.py made already (``--history-days 180`` takes a while),
used as it is for first/change/memory/boards.

Figures (ms unless said): cli   `dutyboard --help` against `python -c pass` (median of 9)
  first   the board's first full screen (run_test, 160x48) on the demo and on the large
          site, against the floor app's first paint, both from the app's construction
  launch  the same from launching the real `dutyboard` on a pty to its header's counts on
          screen, against launching the floor app to its line (launch.py: interpreter,
          imports, database, first read and first frame; median of 7 alternating starts)
  change  a check-off committed by another process -> on the board's screen, p50/p95, split
          into wait (commit -> the poller starts reading), read (the poller's read) and
          render (the screen's render of that snapshot); the rest is the message queue
  memory  resident set of the real `dutyboard` (pty, 160x48) at its first full board,
          against the floor app's
  history bench_history.py's table (board full/refresh, flags, ticket list, weekly and
          monthly reports at each history depth and closed-ticket count, with ratios)
  boards  N boards' database threads (the board's own Poller, each with its connection and
          its LISTEN) on one PostgreSQL: the server's CPU while they idle (its backends'
          utime+stime from /proc), then a change -> every board has it, p50/p95
Not a pytest test (the name keeps it out of collection).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from benchboardkit import LOGIN, SIZE, pct  # noqa: E402
from ptyrun import PtyRun, cpu_ticks  # noqa: E402
from suitekit import board_first_screen, change_to_screen, many_boards  # noqa: E402

SECTIONS = ("cli", "first", "launch", "change", "memory", "history", "boards")
EXE = str(Path(sys.executable).with_name("dutyboard"))
FLOOR = str(HERE / "floor_app.py")
BOARD_READY = re.compile(rb"data \d+s|in \d+h\d+m")
FLOOR_READY = re.compile(rb"dutyboard floor")


def say(text: str) -> None:
    print(f"-- {text}", file=sys.stderr, flush=True)


def median_run(argv: list[str], runs: int = 9) -> tuple[float, float]:
    """Median wall and CPU (user + system) milliseconds of ``runs`` runs of ``argv``, after
    one unmeasured run. Bytecode may be written (PYTHONDONTWRITEBYTECODE is dropped): an
    installed package has its .pyc files; compiling every module on every start is not
    what a user pays."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    walls, cpus = [], []
    for i in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i:
            walls.append(wall)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def bench_cli() -> list[tuple[str, str, str]]:
    rows = []
    bare = median_run([sys.executable, "-c", "pass"])
    for name, argv in (("python -c pass", [sys.executable, "-c", "pass"]),
                       ("python -I -S -c pass (no site)", [sys.executable, "-I", "-S", "-c", "pass"]),
                       ("dutyboard --help", [EXE, "--help"])):
        wall, cpu = bare if name == "python -c pass" else median_run(argv)
        rows.append((f"{name}: wall / CPU ms", f"{wall:.0f} / {cpu:.0f}",
                     f"{wall / bare[0]:.2f}x / {cpu / bare[1]:.2f}x"))
    rows[-1] = (*rows[-1][:2], rows[-1][2] + "  (target <= 2x)")
    return rows


def demo_url(folder: str) -> str:
    path = f"{folder}/demo.db"
    subprocess.run([EXE, "--db", path, "demo"], check=True, capture_output=True)
    return f"sqlite:///{path}"


def large_url(folder: str, meetings: int, history_days: int, url: str | None = None) -> str:
    from generate import generate
    url = url or f"sqlite:///{folder}/large-{meetings}-{history_days}.db"
    started = time.perf_counter()
    info = generate(url, meetings=meetings, venues=max(20, meetings // 5), closed_tickets=10_000,
                    history_days=history_days, quiet=True)
    say(f"generated {url.split('@')[-1]}: {info.get('meetings')} meetings today, "
        f"{history_days} days of history in {time.perf_counter() - started:.0f} s")
    return url


def history_of(url: str) -> int:
    """Whole days of history on a generated site (its oldest meeting against its newest)."""
    import peewee
    from dutyboard.store.db import connect
    from dutyboard.store.models import Meeting
    from dutyboard.store.timeutil import must
    db = connect(url, create=False)
    try:
        first, last = Meeting.select(peewee.fn.MIN(Meeting.start_at),
                                     peewee.fn.MAX(Meeting.start_at)).scalar(as_tuple=True)
    finally:
        db.close()
    return int((must(last) - must(first)).total_seconds() // 86400)


def bench_first(sites: dict[str, str]) -> list[tuple[str, str, str]]:
    from floor_app import measure_first_paint
    floor = measure_first_paint(SIZE) * 1000
    rows = [("floor app first paint", f"{floor:.0f}", "1.0x")]
    for name, url in sites.items():
        took = board_first_screen(url) * 1000
        rows.append((f"board first full screen: {name}", f"{took:.0f}", f"{took / floor:.1f}x"))
    return rows


def bench_change(sites: dict[str, str], trials: int) -> list[tuple[str, str, str]]:
    rows = []
    for name, url in sites.items():
        parts = change_to_screen(url, trials)
        for part in ("total", "wait", "read", "render"):
            values = parts[part]
            rows.append((f"change -> screen, {part}: {name}",
                         f"{pct(values, 50) * 1000:.0f} / {pct(values, 95) * 1000:.0f}", "p50 / p95"))
    return rows


def resident_mb(argv: list[str], ready: re.Pattern[bytes]) -> float:
    with PtyRun(argv, SIZE) as run:
        run.wait_for(ready)
        time.sleep(2.0)   # the first flags and the first tick
        return run.rss_bytes() / 1e6


def bench_memory(sites: dict[str, str]) -> list[tuple[str, str, str]]:
    floor = resident_mb([sys.executable, FLOOR], FLOOR_READY)
    rows = [("floor app RSS (MB)", f"{floor:.0f}", "1.0x")]
    for name, url in sites.items():
        mb = resident_mb([EXE, "--db", url, "--as", LOGIN], BOARD_READY)
        rows.append((f"board RSS (MB): {name}", f"{mb:.0f}", f"{mb / floor:.1f}x"))
    return rows


def bench_history_rows(url: str | None, days: list[int], tickets: list[int], repeat: int) -> tuple[list, str]:
    import bench_history
    results = bench_history.run(url, days, tickets, repeat, app=False)
    table = bench_history.markdown(results, bench_history.ratios(results))
    return results["steps"], table


def wipe(url: str) -> None:
    from dutyboard.store.db import open_database
    db = open_database(url)
    db.connect()
    db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    db.execute_sql("CREATE SCHEMA public")
    db.close()


def bench_boards(url: str, boards: int, idle_s: float, trials: int) -> list[tuple[str, str, str]]:
    figures = many_boards(url, boards, idle_s, trials, backend_ticks=cpu_ticks)
    tick = os.sysconf("SC_CLK_TCK")
    server = 100 * figures["server_ticks"] / tick / figures["idle_s"]
    clients = 100 * figures["client_cpu_s"] / figures["idle_s"]
    delays = figures["delays"]
    return [(f"{boards} boards idle: PostgreSQL server CPU, their {figures['backends']} backends "
             "(% of a core)", f"{server:.2f}", "target < 5"),
            (f"{boards} boards idle: the boards' database threads (% of a core)", f"{clients:.2f}", ""),
            (f"{boards} boards: change -> every board has it (ms)",
             f"{pct(delays, 50) * 1000:.0f} / {pct(delays, 95) * 1000:.0f}", "p50 / p95")]


def markdown(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| figure | value | ratio / note |", "|---|---:|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma list of {', '.join(SECTIONS)}")
    parser.add_argument("--pg", help="an empty (or disposable) PostgreSQL database URL")
    parser.add_argument("--meetings", type=int, default=1500, help="the large site's meetings today")
    parser.add_argument("--history-days", type=int, default=0,
                        help="past days on the large site of first/change/memory/boards")
    parser.add_argument("--large", action="append", default=[],
                        help="a site generate.py made already (SQLite or PostgreSQL; repeatable), "
                             "used as it is instead of generating one (a PostgreSQL one for boards)")
    parser.add_argument("--days", default="30", help="history depths for `history` (comma list)")
    parser.add_argument("--tickets", default="10000,100000", help="closed tickets for `history`")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--boards", type=int, default=20)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--markdown", help="write the tables here")
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    if unknown := set(only) - set(SECTIONS):
        parser.error(f"--only: unknown {sorted(unknown)}")
    given_pg = [u for u in args.large if u.startswith("postgres")]
    if "boards" in only and not (args.pg or given_pg):
        parser.error("boards needs --pg or a PostgreSQL --large")
    rows: list[tuple[str, str, str]] = []
    tables: list[str] = []
    out: dict[str, Any] = {"argv": sys.argv[1:]}
    with tempfile.TemporaryDirectory(prefix="dutyboard-suite-") as folder:
        sites: dict[str, str] = {}
        if {"first", "launch", "change", "memory"} & set(only):
            sites["demo"] = demo_url(folder)
            for url in args.large:
                where = ", PostgreSQL" if url.startswith("postgres") else ""
                sites[f"large {history_of(url)} d{where}"] = url
            if not args.large:
                sites[f"large {args.history_days} d"] = large_url(folder, args.meetings, args.history_days)
        if "cli" in only:
            say("command line start")
            rows += bench_cli()
        if "first" in only:
            say("first full board")
            rows += bench_first(sites)
        if "launch" in only:
            say("launch -> first full board")
            from launch import launch_rows
            rows += launch_rows(sites)
        if "memory" in only:
            say("memory")
            rows += bench_memory(sites)
        if "change" in only:
            large = {k: v for k, v in sites.items() if k != "demo"}
            if args.pg and not given_pg:
                wipe(args.pg)
                large[f"large {args.history_days} d, PostgreSQL"] = large_url(
                    folder, args.meetings, args.history_days, args.pg)
            say("change -> screen")
            rows += bench_change(large, args.trials)
        for url in ([None] + ([args.pg] if args.pg else [])) if "history" in only else []:
            say(f"read cost against history on {'SQLite' if url is None else 'PostgreSQL'}")
            if url:
                wipe(url)
            steps, table = bench_history_rows(url, [int(d) for d in args.days.split(",") if d],
                                              [int(t) for t in args.tickets.split(",") if t], args.repeat)
            out[f"history_{'sqlite' if url is None else 'pg'}"] = steps
            tables.append(f"Read cost against history, {'SQLite' if url is None else 'PostgreSQL'} "
                          f"(median of {args.repeat}, ms):\n\n{table}")
        if "boards" in only:
            if given_pg:
                url = given_pg[0]
            else:
                wipe(args.pg)
                url = large_url(folder, args.meetings, args.history_days, args.pg)
            say(f"{args.boards} boards on one PostgreSQL ({history_of(url)} days of history)")
            rows += bench_boards(url, args.boards, args.idle_seconds, args.trials)
    text = (markdown(rows) if rows else "") + "".join("\n" + t for t in tables)
    print(text)
    out["rows"] = rows
    if args.markdown:
        Path(args.markdown).write_text(text)
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
