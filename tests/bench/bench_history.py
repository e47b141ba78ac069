"""Read cost against history: does the board, ``flags``, ``ticket list`` and the reports
cost the same on a site with six months of past meetings and a million closed tickets as
on a new one?

    python tests/bench/bench_history.py [--url URL] [--days 30,180] [--tickets 10000,1000000]
        [--app] [--out FILE.json] [--markdown FILE.md]
    python tests/bench/bench_history.py --compare sqlite:///3days.db,sqlite:///180days.db

One database grows in steps, measured after each: the large site of generate.py with the
first ticket count and no history, then the other ticket counts, then each history depth
(each step adds only what the previous one lacks; closed tickets beyond the first count
are older than the site's last year, so the reports' weeks and months hold the same cases
at every step and only the history grows). The clock is frozen at the instant the
site was built around, so every step sees the same "today". Each step reconnects through
``store.db.connect`` and closes at the end, as a command or the board would, so the
statistics are whatever the store itself keeps (PRAGMA optimize / ANALYZE).

Figures per step (median of --repeat runs, milliseconds): board_full (BoardReader.full),
board_refresh (after one check-off), flags (oversight.site_flags), ticket_list (200 open
tickets as ``ticket list`` shows them), ticket_list_all (``--all``), weekly and monthly
reports; with --app also the board's first full screen under run_test and the floor app's
first paint (floor_app.py). Ratios are against the first step: the target is <= 1.2x.
Not a pytest test (the name keeps it out of collection).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import arrow  # noqa: E402

TARGET_RATIO = 1.2
SIZE = (160, 48)
LOGIN = "duty"


CPU: dict[str, float] = {}   # figure -> median CPU milliseconds (see median_ms)
SERVER: list[Callable[[], float]] = []   # on PostgreSQL: the backend's CPU seconds so far


def cpu_now() -> float:
    """CPU seconds of this process, plus (PostgreSQL) of the server backend serving it."""
    return time.process_time() + (SERVER[0]() if SERVER else 0.0)


def backend_cpu(db: Any) -> Callable[[], float]:
    """The CPU seconds of ``db``'s backend process so far, from /proc (same machine only;
    clock-tick resolution, so a read of a few milliseconds shows as 0 or 10)."""
    from ptyrun import cpu_ticks
    (pid,), = db.execute_sql("SELECT pg_backend_pid()").fetchall()
    tick = os.sysconf("SC_CLK_TCK")
    return lambda: cpu_ticks(pid) / tick


def median_ms(fn: Callable[[], Any], repeat: int, name: str = "") -> float:
    """The median wall-clock milliseconds of ``repeat`` calls; the median CPU time goes to
    CPU[name]: this process's, and on PostgreSQL its backend's too. CPU time is the read's
    own cost, steady on a machine busy with other work, where wall time is not."""
    fn()  # warm: the first call pays the page cache and the statement cache
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), cpu_now()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(cpu_now() - c)
    if name:
        CPU[name] = round(statistics.median(cpu) * 1000, 2)
    return round(statistics.median(times) * 1000, 2)


def measure(url: str, now: arrow.Arrow, repeat: int, app: bool) -> dict[str, float]:
    from dutyboard.rules import FrozenClock
    from dutyboard.store import oversight, reports
    from dutyboard.store.board import BoardReader
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect
    from dutyboard.store.models import Meeting, Person, Task
    from dutyboard.store.tasks import change_task
    from dutyboard.store.tickets import tickets_query
    from dutyboard.store.timeutil import to_db
    from dutyboard.store.views import ticket_view

    db = connect(url)
    ctx = Context(db, FrozenClock(now), LOGIN)
    out: dict[str, float] = {}
    SERVER[:] = [] if url.startswith("sqlite") else [backend_cpu(db)]
    CPU.clear()
    try:
        reader = BoardReader(ctx)
        out["board_full"] = median_ms(reader.full, repeat, "board_full")
        snap = reader.full()
        candidates = [i for i, in Task.select(Task.id).join(Meeting)
                      .where((Task.state == "pending") & (Task.earliest_at <= to_db(now))
                             & (Task.due_at >= to_db(now)) & (Meeting.status == "booked"))
                      .order_by(Task.due_at).limit(1).tuples()]
        if candidates:
            ident, flip = candidates[0], ["done", "undo"]
            times, cpu = [], []
            for i in range(2 * repeat):
                change_task(ctx, ident, flip[i % 2])
                t, c = time.perf_counter(), cpu_now()
                fresh = reader.refresh(snap)
                times.append(time.perf_counter() - t)
                cpu.append(cpu_now() - c)
                if fresh is None:
                    raise RuntimeError("refresh missed a check-off")
                snap = fresh
            out["board_refresh"] = round(statistics.median(times[1:]) * 1000, 2)
            CPU["board_refresh"] = round(statistics.median(cpu[1:]) * 1000, 2)
        out["flags"] = median_ms(lambda: oversight.site_flags(ctx), repeat, "flags")
        roles = {p.id: p.role for p in Person.select(Person.id, Person.role)}

        def ticket_list(open_only: bool) -> list[dict[str, Any]]:
            return [ticket_view(t, ctx.book, ctx.now(), roles.get(t.approved_by_id))
                    for t in tickets_query(open_only=open_only).limit(200)]
        out["ticket_list"] = median_ms(lambda: ticket_list(True), repeat, "ticket_list")
        out["ticket_list_all"] = median_ms(lambda: ticket_list(False), repeat, "ticket_list_all")
        out["weekly_report"] = median_ms(lambda: reports.weekly_summary(ctx), repeat, "weekly_report")
        out["monthly_report"] = median_ms(lambda: reports.monthly_complaint_rate(ctx), repeat,
                                          "monthly_report")
        out.update({f"{k}_cpu": v for k, v in CPU.items()})
        if app:
            out["board_first_screen"] = round(asyncio.run(first_board(ctx)) * 1000, 1)
    finally:
        db.close()
    return out


async def first_board(ctx: Any) -> float:
    """Construction -> the first full snapshot rendered and painted, under run_test."""
    from dutyboard.tui.board.app import BoardApp

    started = time.perf_counter()
    app = BoardApp(ctx, lang="en", theme="dark")
    rendered: list[float] = []
    target = getattr(app, "board", app)   # the board's screen renders the panes (older: the app)
    original = target.render_panes

    def timed(changed: set[str] | None = None) -> None:
        original(changed)
        rendered.append(time.perf_counter())
    target.render_panes = timed
    async with app.run_test(size=SIZE) as pilot:
        while not rendered:
            await asyncio.sleep(0.001)
        await pilot.pause()
        took = time.perf_counter() - started
        await pilot.press("q")
    return took


def grow(url: str, now: arrow.Arrow, history: int, tickets: int, have: dict[str, int]) -> None:
    """Add what the site lacks to reach ``history`` days and ``tickets`` closed tickets."""
    from dutyboard.rules import FrozenClock
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect
    from dutyboard.store.timeutil import to_db
    from generate import maker_for_site
    from history import add_closed_tickets, add_history

    db = connect(url)
    ctx = Context(db, FrozenClock(now), LOGIN)
    cal = ctx.book.calendar
    if tickets > have["tickets"]:
        # history: the year the site was generated with keeps its tickets; the extra ones
        # were opened and closed in the nine years before it, so the weeks and months the
        # reports cover hold the same cases at every step and only the history grows
        add_closed_tickets(db, maker_for_site(now), tickets - have["tickets"],
                           to_db(now.shift(years=-10)), to_db(now.shift(days=-366)), say=say)
        have["tickets"] = tickets
    if history > have["days"]:
        lo, hi = cal.day_bounds(cal.today(now))
        add_history(db, (to_db(lo), to_db(hi)), to_db(now), have["days"] + 1, history, say=say)
        have["days"] = history
    db.close()


def say(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


def run(url: str | None, days: list[int], tickets: list[int], repeat: int, app: bool) -> dict[str, Any]:
    from dutyboard.store.db import connect
    from dutyboard.store.models import Venue
    from generate import generate

    results: dict[str, Any] = {"steps": []}
    with tempfile.TemporaryDirectory(prefix="dutyboard-history-") as folder:
        url = url or f"sqlite:///{folder}/history.db"
        db = connect(url)
        if Venue.select().exists():
            raise SystemExit(f"{url} is not empty: the benchmark grows its own site")
        db.close()
        say(f"generating the site: {tickets[0]} closed tickets, no history")
        info = generate(url, closed_tickets=tickets[0], quiet=True)
        now = arrow.get(info["now"])
        results["url"] = url if url.startswith("sqlite") else url.split("@")[-1]
        results["now"] = info["now"]
        if app:
            from floor_app import measure_first_paint
            results["floor_first_paint_ms"] = round(measure_first_paint(SIZE) * 1000, 1)
        have = {"days": 0, "tickets": tickets[0]}
        plan = [(0, n) for n in tickets] + [(d, tickets[-1]) for d in days if d > 0]
        for history, count in plan:
            grow(url, now, history, count, have)
            say(f"measuring: {history} days of history, {count} closed tickets")
            figures = measure(url, now, repeat, app)
            results["steps"].append({"history_days": history, "closed_tickets": count, **figures})
            say(json.dumps(figures))
        if url.startswith("sqlite"):   # what PRAGMA optimize left: tests/store/test_store_query_plans.py
            db = connect(url, migrate=False)
            results["sqlite_stat1"] = [list(r) for r in db.execute_sql(
                "SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx").fetchall()]
            db.close()
    return results


def compare(urls: list[str], rounds: int, repeat: int) -> dict[str, Any]:
    """Sites generate.py made already, measured in turn round after round (A B A B ...), so
    the load of a busy machine falls on each alike; per figure the median over the rounds.
    Each site is measured at the instant it was generated around (its bench.generate row)."""
    from dutyboard.rules import FrozenClock
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect
    from dutyboard.store.models import Audit, Ticket
    from dutyboard.store.timeutil import must, to_db
    from history import history_days_present

    sites = []
    for url in urls:
        db = connect(url, create=False)
        made = Audit.select(Audit.at).where(Audit.action == "bench.generate").order_by(Audit.id).first()
        if made is None:
            raise SystemExit(f"{url}: not a site generate.py made")
        now = must(made.at)
        cal = Context(db, FrozenClock(now), LOGIN).book.calendar
        sites.append((url, now, history_days_present(to_db(cal.day_bounds(cal.today(now))[0])),
                      Ticket.select().where(Ticket.state == "closed").count()))
        db.close()
    runs: dict[str, list[dict[str, float]]] = {url: [] for url in urls}
    for round_ in range(rounds):
        for url, now, days, count in sites:
            say(f"round {round_ + 1}: {days} days of history, {count} closed tickets")
            runs[url].append(measure(url, now, repeat, False))
    steps = [{"history_days": days, "closed_tickets": count,
              **{k: statistics.median(r[k] for r in runs[url]) for k in runs[url][0]}}
             for url, now, days, count in sites]
    return {"url": ", ".join(u.split("@")[-1] for u in urls), "now": "each site's own", "steps": steps}


def ratios(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each figure at each step against the first step (no history, fewest tickets)."""
    steps = results["steps"]
    base = steps[0]
    rows = []
    for key in [k for k in base if k not in ("history_days", "closed_tickets")]:
        row: dict[str, Any] = {"figure": key}
        for s in steps:
            label = f"{s['history_days']}d/{s['closed_tickets'] // 1000}k"
            row[label] = s.get(key)
            if base.get(key) and s.get(key) is not None:
                row[label + " ratio"] = round(s[key] / base[key], 2)
        worst = max((v for k, v in row.items() if k.endswith("ratio")), default=None)
        row["worst_ratio"] = worst
        # against the shallowest history measured: the flags and the board read the last
        # days by rule, which a site with no history at all does not have
        deep = [s for s in steps if s["history_days"] > 0]
        if len(deep) > 1 and deep[0].get(key) and deep[-1].get(key) is not None:
            row["history_ratio"] = round(deep[-1][key] / deep[0][key], 2)
        row["verdict"] = "-" if worst is None else "PASS" if worst <= TARGET_RATIO else "MISS"
        rows.append(row)
    if "floor_first_paint_ms" in results:
        floor = results["floor_first_paint_ms"]
        for s in steps:
            if "board_first_screen" in s:
                s["board_first_screen_x_floor"] = round(s["board_first_screen"] / floor, 2)
    return rows


def markdown(results: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    steps = results["steps"]
    labels = [f"{s['history_days']}d/{s['closed_tickets'] // 1000}k" for s in steps]
    deep = [s["history_days"] for s in steps if s["history_days"] > 0]
    versus = [f"{deep[-1]} d vs {deep[0]} d"] if len(deep) > 1 else []
    head = ["figure (ms)", *labels, "worst ratio", f"<= {TARGET_RATIO}x", *versus]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r["figure"]]
        for label in labels:
            value, ratio = r.get(label), r.get(label + " ratio")
            cells.append("-" if value is None else f"{value:g}" + (f" ({ratio:g}x)" if ratio else ""))
        cells += [f"{r['worst_ratio']:g}x" if r["worst_ratio"] else "-", r["verdict"]]
        if versus:
            cells.append(f"{r['history_ratio']:g}x" if r.get("history_ratio") else "-")
        lines.append("| " + " | ".join(cells) + " |")
    if "floor_first_paint_ms" in results:
        lines.append("")
        lines.append(f"floor app first paint {results['floor_first_paint_ms']} ms; board first screen "
                     + ", ".join(f"{lab}: {s.get('board_first_screen_x_floor', '-')}x floor"
                                 for lab, s in zip(labels, steps, strict=True)))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty database (default: a new SQLite file in a temp folder)")
    parser.add_argument("--days", default="30,180", help="history depths to measure after 0 (comma list)")
    parser.add_argument("--tickets", default="10000,1000000", help="closed ticket counts (comma list)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--app", action="store_true", help="also the board's first screen vs the floor app")
    parser.add_argument("--compare", help="instead: sites generate.py made already (comma list of "
                                           "URLs, the reference first), measured in turn")
    parser.add_argument("--rounds", type=int, default=3, help="with --compare: rounds over the sites")
    parser.add_argument("--out", help="write the figures as JSON here")
    parser.add_argument("--markdown", help="write the table as Markdown here")
    args = parser.parse_args(argv)
    days = [int(d) for d in args.days.split(",") if d]
    tickets = [int(t) for t in args.tickets.split(",") if t]
    if args.compare:
        results = compare([u for u in args.compare.split(",") if u], args.rounds, args.repeat)
    else:
        results = run(args.url, days, tickets, args.repeat, args.app)
    rows = ratios(results)
    results["ratios"] = rows
    table = markdown(results, rows)
    print(f"\ndutyboard read cost against history  {results['url']}  site built around {results['now']}\n")
    print(table)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    if args.markdown:
        Path(args.markdown).write_text(table)
    return 0 if all(r["verdict"] != "MISS" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
