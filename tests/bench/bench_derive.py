"""The board's full derivation (tui/board/derive.py ``BoardRows.rebuild`` of every pane, then
the schedule it leaves for later) on one snapshot of a site, on a frozen clock.

    python tests/bench/bench_derive.py sqlite:///big0.db [--now 2026-11-23T09:30] [--runs 7] [--profile]
        [--shown] [--no-gc]

Prints the median seconds of ``runs`` rebuilds (each on a fresh ``BoardRows``, an empty
ticket clock and deadline texts, as the board's first build) and, with --profile, the top of a cProfile.
``--shown`` also reads the cells of the rows the capped tables show (screen.CAPS): those the
derivation leaves to be worked out when first read (pane_rows.LazyCells), as the first full
board does when it adds them. ``--no-gc``: the collector off, as the board's start holds it
(startup_gc.py). The large site's own time: ``--now 2026-11-30T19:26+00:00``.
Not a pytest test: the name bench_*.py keeps it out of collection.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics
import time

from benchboardkit import LOGIN
from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.rules import flags as rules_flags
from dutyboard.store.board import BoardReader
from dutyboard.store.context import Context
from dutyboard.store.db import connect
from dutyboard.tui.board import ticket_clock
from dutyboard.tui.board.derive import PANES, BoardRows, View
from dutyboard.tui.board.i18n import Translator
from dutyboard.tui.board.pane_rows import made
from dutyboard.tui.board.screen import CAPS


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("--now", default="2026-11-23T09:30")
    p.add_argument("--tz", default="Asia/Shanghai")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--shown", action="store_true")
    p.add_argument("--no-gc", action="store_true")
    a = p.parse_args()
    ctx = Context(connect(a.url), FrozenClock(parse_instant(a.now, a.tz)), LOGIN)
    snap = BoardReader(ctx).full()
    now = ctx.now()
    view = View(Translator("en"), ctx.tz, ctx.book)

    def once() -> None:
        ticket_clock.forget()
        if hasattr(rules_flags, "_local_minute"):   # a cold cache of deadline texts too
            rules_flags._local_minute.cache_clear()
        rows = BoardRows(view)
        rows.rebuild(snap, now, PANES)
        rows._settle()
        if a.shown:
            for name, cap in CAPS.items():
                pane = rows.panes[name]
                for ref in pane.order[:cap]:
                    made(pane.cells[ref])

    if a.no_gc:
        gc.disable()

    once()   # warm-up (imports, rulebook caches)
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        once()
        times.append(time.perf_counter() - t0)
    print(f"tickets {len(snap.tickets)}  full derivation median {statistics.median(times) * 1000:.1f} ms"
          f"  (min {min(times) * 1000:.1f}, runs {a.runs})")
    if a.profile:
        prof = cProfile.Profile()
        prof.runcall(once)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
