"""Read cost of one building on a company's database: does a site's board, ``flags``,
``ticket list`` and the overview cost the same when the database holds N buildings as when
it holds that building alone?

    python tests/bench/bench_sites.py [--sites 20] [--venues 40] [--meetings 120]
        [--open-tickets 100] [--closed-tickets 2000] [--repeat 5]

Two SQLite databases from generate.py, in one run: ``alone`` holds one building of the given
size, ``company`` holds ``--sites`` buildings of that size each (generate.py --sites, the
totals multiplied). The reads run at site ``main`` of each, as a duty officer and as the
manager for the overview; the figures are median CPU milliseconds of this process (steady on
a busy machine) and the ratio company / alone (the target: <= 1.2x, the reads are served by
indexes that lead with the site). The overview counts every site, so its ratio grows with N.
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
from dutyboard.store import oversight  # noqa: E402
from dutyboard.store.board import BoardReader  # noqa: E402
from dutyboard.store.context import Context  # noqa: E402
from dutyboard.store.db import connect  # noqa: E402
from dutyboard.store.overview import site_counts  # noqa: E402
from dutyboard.store.tickets import tickets_query  # noqa: E402
from generate import MANAGER, generate  # noqa: E402

NOW = arrow.get("2026-11-23T01:30:00+00:00")   # Monday 09:30 in Shanghai


def measure(url: str, repeat: int, label: str) -> dict[str, float]:
    db = connect(url)
    try:
        ctx = Context(db, FrozenClock(NOW), "duty", site="main")
        reader = BoardReader(ctx)
        reads = {"board_full": reader.full, "flags": lambda: oversight.site_flags(ctx),
                 "ticket_list": lambda: list(tickets_query().limit(200))}
        out = {}
        for name, fn in reads.items():
            median_ms(fn, repeat, f"{label}.{name}")
            out[name] = CPU[f"{label}.{name}"]
        boss = Context(db, FrozenClock(NOW), MANAGER, site="main")
        median_ms(lambda: site_counts(boss), repeat, f"{label}.overview")
        out["overview"] = CPU[f"{label}.overview"]
        return out
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sites", type=int, default=20)
    p.add_argument("--venues", type=int, default=40)
    p.add_argument("--meetings", type=int, default=120)
    p.add_argument("--open-tickets", type=int, default=100)
    p.add_argument("--closed-tickets", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args(argv)
    size = dict(venues=args.venues, meetings=args.meetings, open_tickets=args.open_tickets,
                closed_tickets=args.closed_tickets)
    with tempfile.TemporaryDirectory(prefix="dutyboard-sites-") as folder:
        alone, company = f"sqlite:///{folder}/alone.db", f"sqlite:///{folder}/company.db"
        generate(alone, NOW, quiet=True, **size)
        generate(company, NOW, quiet=True, sites=args.sites,
                 **{k: v * args.sites for k, v in size.items()})
        one, many = measure(alone, args.repeat, "alone"), measure(company, args.repeat, "company")
    print(f"{'read':12} {'alone ms':>9} {f'{args.sites} sites ms':>12} {'ratio':>6}")
    for name in one:
        ratio = many[name] / one[name] if one[name] else float("nan")
        print(f"{name:12} {one[name]:9.2f} {many[name]:12.2f} {ratio:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
