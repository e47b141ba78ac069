"""Many writers on one site: N processes x M commands at once, on SQLite and PostgreSQL.

    python tests/bench/bench_cli_writers.py [--writers 50] [--ops 200] [--pg URL] [--out FILE.json]

Each writer process opens M tickets through the real command line (in-process ``main``; every
fifth ticket also dispatched) against one shared database. Reported per backend: acknowledged
writes, failed writes (goal 0), audit rows that do not match the acknowledged writes (goal 0),
wall time and writes per second, and the ratio to a single writer's rate measured in the same
run. Not a pytest test: the name bench_*.py keeps it out of collection. ``--pg`` defaults to
$DUTYBOARD_TEST_PG (its public schema is wiped); without it only SQLite runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "cli"), str(HERE.parent)]

from writers import prepare, run_writers  # noqa: E402


def audit_mismatches(url: str, opened: list[int], dispatched: list[int]) -> int:
    from dutyboard.store.db import connect
    from dutyboard.store.models import Audit, Ticket
    db = connect(url)
    try:
        got_open = sorted(a.entity_id for a in Audit.select().where(Audit.action == "ticket.open"))
        got_disp = sorted(a.entity_id for a in Audit.select().where(Audit.action == "ticket.dispatch"))
        tickets = {t.id for t in Ticket.select(Ticket.id)}
    finally:
        db.close()
    bad = len(set(got_open) ^ set(opened)) + abs(len(got_open) - len(opened))
    bad += len(set(got_disp) ^ set(dispatched)) + abs(len(got_disp) - len(dispatched))
    return bad + len(tickets ^ set(opened))


def one_run(url: str, writers: int, ops: int) -> dict[str, object]:
    prepare(url, writers)
    started = time.perf_counter()
    reports = run_writers(url, writers, ops, timeout=3600)
    wall = time.perf_counter() - started
    opened = [i for r in reports for i in r["opened"]]
    dispatched = [i for r in reports for i in r["dispatched"]]
    failures = [f for r in reports for f in r["failures"]]
    writes = len(opened) + len(dispatched)
    return {"writers": writers, "ops": ops, "acknowledged_writes": writes,
            "failed_writes": len(failures), "failure_samples": failures[:5],
            "audit_mismatches": audit_mismatches(url, opened, dispatched),
            "wall_s": round(wall, 2), "writes_per_s": round(writes / wall, 1)}


def fresh(kind: str, pg: str | None, folder: Path, tag: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / f'{tag}.db'}"
    from conftest import wipe_pg
    assert pg is not None
    wipe_pg(pg)
    return pg


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--ops", type=int, default=200)
    parser.add_argument("--pg", default=os.environ.get("DUTYBOARD_TEST_PG"))
    parser.add_argument("--out")
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="dutyboard-bench-") as tmp:
        for kind in ["sqlite"] + (["postgresql"] if args.pg else []):
            single = one_run(fresh(kind, args.pg, Path(tmp), "single"), 1, min(args.ops, 50))
            many = one_run(fresh(kind, args.pg, Path(tmp), "many"), args.writers, args.ops)
            many["ratio_to_single_writer_rate"] = round(
                float(many["writes_per_s"]) / max(float(single["writes_per_s"]), 1e-9), 2)
            results[kind] = {"single": single, "many": many}
            print(kind, json.dumps(many), flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2))
    ok = all(r["many"]["failed_writes"] == 0 and r["many"]["audit_mismatches"] == 0
             for r in results.values())  # type: ignore[index]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
