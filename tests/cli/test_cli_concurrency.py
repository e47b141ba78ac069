"""A busy site is not an error, and set-up is safe to race (issue 7 items 13 and 14).

N writer processes x M commands at once on SQLite and PostgreSQL: no failed write and exactly
one audit row per acknowledged write. Ten simultaneous ``init``s make one site (the others
exit 3); ten sessions opening an empty database at once all succeed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from writers import prepare, run_writers

WRITERS, OPERATIONS = 20, 20  # CI-sized; tests/bench/bench_cli_writers.py runs 50 x 200


def _counts(url: str) -> tuple[set[int], dict[str, list[int]]]:
    from dutyboard.store.db import connect
    from dutyboard.store.models import Audit, Ticket
    db = connect(url)
    try:
        tickets = {t.id for t in Ticket.select(Ticket.id)}
        audit: dict[str, list[int]] = {}
        for row in Audit.select().where(Audit.entity == "ticket"):
            audit.setdefault(row.action, []).append(row.entity_id)
        return tickets, audit
    finally:
        db.close()


def test_concurrent_writers_lose_nothing_and_fail_nothing(db_url):  # noqa: ANN001
    prepare(db_url, WRITERS)
    reports = run_writers(db_url, WRITERS, OPERATIONS)
    failures = [f for r in reports for f in r["failures"]]
    assert failures == []
    opened = [i for r in reports for i in r["opened"]]
    dispatched = [i for r in reports for i in r["dispatched"]]
    assert len(opened) == WRITERS * OPERATIONS
    tickets, audit = _counts(db_url)
    assert tickets == set(opened)
    assert sorted(audit["ticket.open"]) == sorted(opened), "one audit row per acknowledged open"
    assert sorted(audit["ticket.dispatch"]) == sorted(dispatched)


def _dutyboard(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "dutyboard", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})


def _all(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    results = []
    for p in procs:
        _, err = p.communicate(timeout=120)
        results.append((p.returncode, err))
    return results


def test_ten_simultaneous_inits_make_one_site(db_url):  # noqa: ANN001
    results = _all([_dutyboard("--db", db_url, "--as", f"m{i}", "init") for i in range(10)])
    codes = sorted(rc for rc, _ in results)
    assert codes == [0] + [3] * 9, results
    assert all("already initialised" in err for rc, err in results if rc == 3)
    from dutyboard.store.db import connect
    from dutyboard.store.models import Person, Site
    db = connect(db_url)
    try:
        assert Site.select().count() == 1 and Person.select().count() == 1
    finally:
        db.close()


def test_ten_sessions_opening_an_empty_database_all_succeed(db_url, tmp_path: Path):  # noqa: ANN001
    if db_url.startswith("sqlite"):
        from dutyboard.tui.cli import main
        assert main(["--db", db_url, "--as", "boss", "init"]) == 0  # SQLite: only init creates
        Path(db_url[len("sqlite:///"):]).unlink()
        for suffix in ("-wal", "-shm"):
            Path(db_url[len("sqlite:///"):] + suffix).unlink(missing_ok=True)
        import sqlite3
        sqlite3.connect(db_url[len("sqlite:///"):]).close()  # an empty file, as a new site has
    results = _all([_dutyboard("--db", db_url, "migrate") for _ in range(10)])
    assert [rc for rc, _ in results] == [0] * 10, results
