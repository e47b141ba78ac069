"""Concurrent writers for the busy-site tests: N processes, each running M commands in-process.

``python writers.py URL LOGIN M`` opens M tickets (every fifth one also dispatched) through
``dutyboard.tui.cli.main`` and prints one JSON line: the acknowledged writes and the failures.
``run_writers`` starts N of them at once and gathers their reports.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

NOW = "2026-11-23T10:00"


def _call(argv: list[str]) -> tuple[int, str, str]:
    from dutyboard.tui.cli import main
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


def write_many(url: str, login: str, count: int) -> dict[str, object]:
    base = ["--db", url, "--as", login, "--now", NOW, "--json"]
    opened: list[int] = []
    dispatched: list[int] = []
    failures: list[str] = []
    for n in range(count):
        rc, out, err = _call(base + ["ticket", "open", "--kind", "repair", "--location", f"{login}-{n}",
                                     "--contact", "C", "--phone", "13800001111", "--content", f"load {n}"])
        if rc != 0:
            failures.append(f"open rc={rc}: {err.strip()}")
            continue
        ident = json.loads(out)["id"]
        opened.append(ident)
        if n % 5 == 0:
            rc, out, err = _call(base + ["ticket", "dispatch", str(ident), "--dept", "eng"])
            if rc != 0:
                failures.append(f"dispatch rc={rc}: {err.strip()}")
            else:
                dispatched.append(ident)
    return {"opened": opened, "dispatched": dispatched, "failures": failures}


def run_writers(url: str, writers: int, count: int, timeout: float = 600) -> list[dict[str, object]]:
    """Start ``writers`` processes at once (logins w0..wN-1 must exist) and collect reports."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = [subprocess.Popen([sys.executable, str(Path(__file__)), url, f"w{i}", str(count)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for i in range(writers)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


def prepare(url: str, writers: int) -> None:
    """A site with a manager and ``writers`` desk clerks w0..w(N-1)."""
    for argv in [["init"]] + [["user", "add", f"w{i}", "--role", "clerk", "--dept", "desk"]
                              for i in range(writers)]:
        rc, _, err = _call(["--db", url, "--as", "boss", "--now", NOW] + argv)
        assert rc == 0, err


if __name__ == "__main__":
    print(json.dumps(write_many(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
