"""Where ``dutyboard flags`` (``oversight.site_flags``) spends its CPU, part by part, on sites
generate.py made (issue 13: what grows with the last two days' missed and unverified items).

    python tests/bench/profile_flags.py sqlite:///c0.db sqlite:///c3.db [--repeat 5] [--plan]

Per site: the rows the task query returns and the flags by kind, then the median CPU ms of
each part (the task query's rows as the driver hands them, their conversion to facts, the
task flags, the tickets' read and flags, the sort, the rest) and of the whole.

30 November 2026 (c0/c3: generate.py --now 2026-11-23T09:30 --history-days 0 / 3; 4,274 ->
11,211 task rows and flags), ``bench_history.py --compare c0,c3 --rounds 3``, flags CPU:
SQLite 567 -> 676 ms (1.19x) before, 525 -> 593 (1.13x) after; PostgreSQL 555 -> 665 (1.20x)
before, 536 -> 619 (1.16x) after. Per task row (SQLite, c3, GC off) about 3.3 us the read,
2 us the fact, 3 us the flag; the rest of the growth is the garbage collector's full
collections (the flags survive the call)."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def cpu_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        c = time.process_time()
        out = fn()
        times.append((time.process_time() - c) * 1000)
    return round(min(times), 1), out


def profile(url: str, repeat: int, plan: bool) -> None:
    from dutyboard.rules import FrozenClock, flags_at, task_flag, ticket_flags
    from dutyboard.rules.flags import _flag_order
    from dutyboard.store import oversight
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect
    from dutyboard.store.facts import task_facts
    from dutyboard.store.models import Audit
    from dutyboard.store.ticket_procedures import flag_tickets
    from dutyboard.store.timeutil import must

    db = connect(url, create=False)
    made = Audit.select(Audit.at).where(Audit.action == "bench.generate").order_by(Audit.id).first()
    now = must(made.at)
    ctx = Context(db, FrozenClock(now), "duty")
    query = oversight.task_flag_query(now, ctx.book.due_soon)
    sql, params = query.sql()
    if plan:
        prefix = "EXPLAIN QUERY PLAN " if url.startswith("sqlite") else "EXPLAIN (ANALYZE, BUFFERS) "
        for row in db.execute_sql(prefix + sql, params).fetchall():
            print("   ", row)
    results: dict[str, float] = {}
    results["task_sql"], rows = cpu_ms(lambda: db.execute_sql(sql, params).fetchall(), repeat)
    results["task_facts"], tasks = cpu_ms(lambda: task_facts(query), repeat)
    results["task_flags"], tflags = cpu_ms(
        lambda: [f for t in tasks if (f := task_flag(t, ctx.book, now)) is not None], repeat)
    results["ticket_read"], tickets = cpu_ms(lambda: oversight._ticket_facts(flag_tickets(now)), repeat)
    results["ticket_flags"], kflags = cpu_ms(
        lambda: [f for t in tickets for f in ticket_flags(t, ctx.book, now)], repeat)
    both = tflags + kflags
    results["sort"], _ = cpu_ms(lambda: sorted(both, key=_flag_order), repeat)
    results["flags_at"], _ = cpu_ms(lambda: flags_at(tasks, tickets, ctx.book, now), repeat)
    results["site_flags"], flags = cpu_ms(lambda: oversight.site_flags(ctx), repeat)
    kinds = Counter(f.kind for f in flags)
    print(f"{url}: {len(rows)} task rows, {len(tflags)} task flags, {len(tickets)} tickets, "
          f"{len(flags)} flags; {dict(kinds)}")
    print("   " + ", ".join(f"{k} {v}" for k, v in results.items()))
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--plan", action="store_true", help="print the task query's plan")
    args = parser.parse_args()
    for url in args.urls:
        profile(url, args.repeat, args.plan)


if __name__ == "__main__":
    main()
