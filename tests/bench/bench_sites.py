"""Read cost of one building on a company's database: does a site's board, ``flags``,
``ticket list`` and the overview cost the same when the database holds N buildings as when
it holds that building alone?

    python tests/bench/bench_sites.py [--sites 20] [--venues 40] [--meetings 120]
        [--open-tickets 100] [--closed-tickets 2000] [--repeat 5] [--pg URL]

Two SQLite databases from generate.py, in one run: ``alone`` holds one building of the given
size, ``company`` holds ``--sites`` buildings of that size each (generate.py --sites, the
totals multiplied). The reads run at site ``main`` of each, as a duty officer and as the
manager for the overview; the figures are median CPU milliseconds of this process (steady on
a busy machine) and the ratio company / alone (the target: <= 1.2x, the reads are served by
indexes that lead with the site). The overview counts every site, so its ratio grows with N.

``--pg URL`` (a ``DUTYBOARD_TEST_PG``-style URL of a database this run may wipe: its
``public`` schema is dropped) runs the same two databases on PostgreSQL as well, one after
the other in that database. There much of a read's work is the server's, so the PostgreSQL
figures are median wall-clock milliseconds (client and server), with their ratio.
Not a pytest test (the name keeps it out of collection).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import arrow  # noqa: E402
from bench_history import CPU, median_ms  # noqa: E402
from dutyboard.rules import FrozenClock  # noqa: E402
from dutyboard.store import oversight, scope  # noqa: E402
from dutyboard.store.board import BoardReader  # noqa: E402
from dutyboard.store.context import Context  # noqa: E402
from dutyboard.store.db import connect, open_database  # noqa: E402
from dutyboard.store.overview import site_counts  # noqa: E402
from dutyboard.store.tickets import tickets_query  # noqa: E402
from generate import MANAGER, generate  # noqa: E402

NOW = arrow.get("2026-11-23T01:30:00+00:00")   # Monday 09:30 in Shanghai


def measure(url: str, repeat: int, label: str, wall: bool = False) -> dict[str, float]:
    """Median CPU ms of this process per read (``wall``: median wall-clock ms)."""
    db = connect(url)
    try:
        ctx = Context(db, FrozenClock(NOW), "duty", site="main")
        reader = BoardReader(ctx)

        def at_main(fn):  # noqa: ANN001, ANN202 - each read at the duty officer's site
            def read():  # noqa: ANN202
                with scope.bound(ctx):
                    return fn()
            return read
        reads = {"board_full": reader.full,
                 "flags": at_main(lambda: oversight.site_flags(ctx)),
                 "ticket_list": at_main(lambda: list(tickets_query().limit(200)))}
        boss = Context(db, FrozenClock(NOW), MANAGER, site="main")
        reads["overview"] = lambda: site_counts(boss)
        out = {}
        for name, fn in reads.items():
            ms = median_ms(fn, repeat, f"{label}.{name}")
            out[name] = ms if wall else CPU[f"{label}.{name}"]
        return out
    finally:
        db.close()


def wipe_pg(url: str) -> None:
    """An empty database for the generator: the run owns the database it was given."""
    db = open_database(url)
    db.connect()
    db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    db.execute_sql("CREATE SCHEMA public")
    db.close()


def run_pair(alone: str, company: str, size: dict[str, int], sites: int, repeat: int,
             pg: bool = False) -> tuple[dict[str, float], dict[str, float]]:
    """Generate and measure the building alone, then the company (on PostgreSQL one after the
    other in the one database given)."""
    if pg:
        wipe_pg(alone)
    generate(alone, NOW, quiet=True, **size)
    one = measure(alone, repeat, "pg.alone" if pg else "alone", wall=pg)
    if pg:
        wipe_pg(company)
    generate(company, NOW, quiet=True, sites=sites, **{k: v * sites for k, v in size.items()})
    many = measure(company, repeat, "pg.company" if pg else "company", wall=pg)
    return one, many


def report(title: str, unit: str, sites: int, one: dict[str, float], many: dict[str, float]) -> None:
    print(title)
    print(f"{'read':12} {f'alone {unit}':>12} {f'{sites} sites {unit}':>16} {'ratio':>6}")
    for name in one:
        ratio = many[name] / one[name] if one[name] else float("nan")
        print(f"{name:12} {one[name]:12.2f} {many[name]:16.2f} {ratio:6.2f}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sites", type=int, default=20)
    p.add_argument("--venues", type=int, default=40)
    p.add_argument("--meetings", type=int, default=120)
    p.add_argument("--open-tickets", type=int, default=100)
    p.add_argument("--closed-tickets", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--pg", metavar="URL", help="also on PostgreSQL: a database this run wipes "
                                               "(e.g. $DUTYBOARD_TEST_PG)")
    args = p.parse_args(argv)
    size = dict(venues=args.venues, meetings=args.meetings, open_tickets=args.open_tickets,
                closed_tickets=args.closed_tickets)
    with tempfile.TemporaryDirectory(prefix="dutyboard-sites-") as folder:
        one, many = run_pair(f"sqlite:///{folder}/alone.db", f"sqlite:///{folder}/company.db",
                             size, args.sites, args.repeat)
    report("SQLite (CPU ms of this process)", "ms", args.sites, one, many)
    if args.pg:
        one, many = run_pair(args.pg, args.pg, size, args.sites, args.repeat, pg=True)
        report("PostgreSQL (wall-clock ms, client and server)", "ms", args.sites, one, many)
    return 0


if __name__ == "__main__":
    sys.exit(main())
