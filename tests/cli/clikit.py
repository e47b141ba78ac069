"""Run ``tui.cli.main`` in-process on a seeded SQLite file, with the clock frozen.

The seeded site (init, people, venues) is built once per test process through the command
line itself and copied for every test.
"""

from __future__ import annotations

import atexit
import io
import json
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dutyboard.tui.cli import main

NOW = "2026-11-23T10:00"  # a Monday

USERS = [  # login, role, dept, cleared
    ("duty", "duty", "fcc", False),
    ("clerk", "clerk", "desk", False),
    ("super", "supervisor", "desk", True),
    ("eng-lead", "lead", "eng", False),
    ("sec-lead", "lead", "sec", False),
    ("svc-lead", "lead", "svc", False),
    ("env-lead", "lead", "env", False),
]
VENUES = [  # name, class, kind, capacity
    ("Main hall", "C", "main-hall", 800),
    ("Room A", "A", "meeting-room", 30),
    ("Room B", "B", "report-hall", 120),
    ("Lounge", "A", "breakout", 20),
]

_template: Path | None = None
# venues of the conference building's kinds (report hall, breakout): every meeting there is
# approved by the administration office (domain §2), so the kit gives a reference by default
APPROVED_KINDS_VENUES = ("Room B", "Lounge")


def approved(venue: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    """``--approval`` for a conference-building venue, unless the test gives its own."""
    return ("--approval", "ADM-2026-1") if venue in APPROVED_KINDS_VENUES \
        and "--approval" not in extra else ()


@dataclass
class Result:
    rc: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.rc == 0, (self.rc, self.err)
        return json.loads(self.out)


def _quiet(argv: list[str]) -> int:
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
        rc = main(argv)
    assert rc == 0, (argv, err.getvalue())
    return rc


def template() -> Path:
    global _template
    if _template is None:
        folder = tempfile.mkdtemp(prefix="dutyboard-cli-")
        atexit.register(shutil.rmtree, folder, True)
        path = Path(folder) / "seed.db"
        base = ["--db", f"sqlite:///{path}", "--now", "2026-11-23T08:00", "--as", "boss"]
        _quiet(base + ["init", "--site", "Test site"])
        for login, role, dept, cleared in USERS:
            _quiet(base + ["user", "add", login, "--role", role, "--dept", dept]
                   + (["--cleared"] if cleared else []))
        for name, cls, kind, cap in VENUES:
            _quiet(base + ["venue", "add", name, "--class", cls, "--kind", kind,
                           "--capacity", str(cap)])
        _template = path
    return _template


class Cli:
    """cli('task', 'list', json=True, login='clerk', now='2026-11-23T13:00') -> Result."""

    def __init__(self, path: Path, capsys: Any) -> None:
        self.path = path
        self.capsys = capsys
        self.url = f"sqlite:///{path}"

    def __call__(self, *args: str, login: str = "boss", now: str | None = NOW,
                 json: bool = False) -> Result:
        self.capsys.readouterr()
        argv = ["--db", self.url, "--as", login]
        if now is not None:
            argv += ["--now", now]
        argv += [str(a) for a in args]
        if json:
            argv.append("--json")
        rc = main(argv)
        captured = self.capsys.readouterr()
        return Result(rc, captured.out, captured.err)

    def book(self, venue: str = "Room A", start: str = "2026-11-23T14:00",
             end: str = "2026-11-23T15:00", *extra: str, login: str = "clerk",
             now: str | None = NOW) -> int:
        r = self("meeting", "add", "--venue", venue, "--start", start, "--end", end,
                 "--title", "Weekly meeting", "--organizer", "General Office", "--contact", "Ms Li",
                 "--phone", "0571-1234", "--attendees", "20", *approved(venue, extra), *extra,
                 login=login, now=now, json=True)
        return r.json()["id"]

    def ticket(self, *extra: str, login: str = "clerk", now: str | None = NOW) -> int:
        r = self("ticket", "open", "--kind", "repair", "--location", "Room 305", "--contact", "Mr Wu",
                 "--phone", "13800001111", "--content", "Ceiling light flickering", *extra,
                 login=login, now=now, json=True)
        return r.json()["id"]


def seeded_cli(tmp_path: Path, capsys: Any) -> Cli:
    path = tmp_path / "cli.db"
    seed = template()
    shutil.copyfile(seed, path)
    wal = seed.with_name(seed.name + "-wal")
    if wal.exists():  # normally checkpointed away when the last connection closed
        shutil.copyfile(wal, path.with_name(path.name + "-wal"))
    return Cli(path, capsys)


def dump(path: Path) -> list[str]:
    """The whole database as SQL (sqlite3 ``iterdump``): equal dumps, nothing written."""
    import sqlite3
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def one_line_error(err: str) -> str:
    """The single line a failing command prints on stderr (asserting there is exactly one)."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("dutyboard: "), err
    assert "Traceback" not in err
    return lines[0]
