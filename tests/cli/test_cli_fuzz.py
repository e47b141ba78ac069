"""Property-based fuzz of the command line (issue 7, acceptance): hostile argv built from every
command x its options x hostile values (huge ints, far dates, control and bidi characters,
undecodable bytes, markup, empty strings), run in-process through ``dutyboard.tui.cli.main``
against a seeded SQLite site. For every case:

- the exit code is one of 0, 2, 3, 4, 5, 6 (never 1, never an exception out of ``main``),
- stderr holds no traceback, and a failure says so in exactly one line,
- whenever the exit code is not 0 the database dump (``iterdump``) is unchanged,
- no case runs longer than HANG_SECONDS.

Cases: ``DUTYBOARD_FUZZ_EXAMPLES`` (default 2000, derandomised for CI; set
``DUTYBOARD_FUZZ_SEED`` for a different sequence). ``DUTYBOARD_FUZZ_REPORT=FILE`` writes the
figures (cases, exit codes, tracebacks, hangs) as JSON.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from clikit import NOW, template
from dutyboard.rules.facts import (
    CATEGORIES,
    CHANNELS,
    NATURES,
    PRIORITIES,
    TASK_STATES,
    TICKET_KINDS,
    TICKET_STATES,
)
from dutyboard.rules.rulebook import DEPARTMENTS, ROLES
from dutyboard.tui.cli import main
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("DUTYBOARD_FUZZ_EXAMPLES", "2000"))
HANG_SECONDS = 20
ALLOWED = {0, 2, 3, 4, 5, 6}

# -- hostile values ----------------------------------------------------------------------

HUGE_INTS = [str(2**63), str(2**63 - 1), str(2**64), str(-(2**63) - 1), "-1", "0", str(10**30),
             "9" * 5000, "1e9", "0x10", "1_000", "１２"]
FAR_DATES = ["0001-01-01T00:00", "9999-12-31T23:59", "9999-12-31T23:59+14:00",
             "0001-01-01T00:00-12:00", "1999-12-31T23:59", "2101-01-01T00:00", "2100-12-31T23:59",
             "2000-01-01T00:00", "9999-12-31", "0001-01-01", "2026-02-30", "24:00", "2026-11-23T25:00"]
CONTROL = ["\x1b[2J", "\x1b]0;pwned\x07", "a\nb", "\r", "\t", "\u202eevil", "\u200b", "\u2028",
           "\x7f", "\x9b31m", "\ufeff", "\ud800", "\udcff", "\udce9t\udce9"]
MARKUP = ["[/b]", "[b]", "[link=http://x]y[/link]", "[@click=app.quit]x[/]", "$x", "{0}", "%s",
          "'; DROP TABLE ticket; --", "\\", "*", "%", "_"]
EMPTY = ["", " ", "  \t "]
LONG = ["x" * 5000, "会" * 2000]
HOSTILE = HUGE_INTS + FAR_DATES + CONTROL + MARKUP + EMPTY + LONG

hostile = st.sampled_from(HOSTILE)
free_text = st.text(max_size=24)
any_text = st.one_of(free_text, hostile, st.sampled_from(["Room A", "Main hall", "ok", "clerk"]))


def valid_or_hostile(valid: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Mostly valid (so cases reach the rules and the writes), sometimes hostile."""
    return st.integers(0, 19).flatmap(lambda n: valid if n < 15 else hostile if n < 18 else free_text)


IDS = valid_or_hostile(st.sampled_from(["1", "2", "3", "4", "5", "6", "999999"]))
INTS = valid_or_hostile(st.sampled_from(["0", "1", "5", "20", "120", "800"]))
INSTANTS = valid_or_hostile(st.sampled_from([
    "2026-11-23T14:00", "2026-11-23T15:00", "2026-11-25T10:00", "2026-11-25T11:30",
    "2026-11-27T09:00", "2026-11-24T14:00+08:00", "2026-11-23T06:00Z"]))
DAYS = valid_or_hostile(st.sampled_from(["2026-11-23", "2026-11-24", "2026-11-30", "2026-11-16"]))
MONTHS = valid_or_hostile(st.sampled_from(["2026-10", "2026-11", "2025-12"]))
LOGINS = valid_or_hostile(st.sampled_from(
    ["boss", "clerk", "super", "duty", "eng-lead", "sec-lead", "nobody"]))
VENUES = valid_or_hostile(st.sampled_from(["Room A", "Room B", "Main hall", "Lounge", "1", "Nowhere"]))


def choice(values: tuple[str, ...] | list[str]) -> st.SearchStrategy[str]:
    return valid_or_hostile(st.sampled_from(list(values)))


FLAG = None  # an option without a value
KINDS = ("main-hall", "meeting-room", "report-hall", "breakout")

# command words -> (positional strategies, {option: strategy or FLAG}, required options)
COMMANDS: list[tuple[list[str], list, dict, set[str]]] = [
    (["init"], [], {"--site": any_text}, set()),
    (["demo"], [], {"--seed": INTS}, set()),
    (["venue", "add"], [any_text], {"--class": choice(("A", "B", "C")), "--kind": choice(KINDS),
                                    "--capacity": INTS, "--building": any_text},
     {"--class", "--kind", "--capacity"}),
    (["venue", "list"], [], {}, set()),
    (["user", "add"], [any_text], {"--role": choice(ROLES), "--dept": choice(DEPARTMENTS),
                                   "--name": any_text, "--phone": any_text, "--cleared": FLAG},
     {"--role"}),
    (["user", "list"], [], {}, set()),
    (["meeting", "add"], [], {
        "--venue": VENUES, "--start": INSTANTS, "--end": INSTANTS, "--title": any_text,
        "--organizer": any_text, "--contact": any_text, "--phone": any_text, "--attendees": INTS,
        "--services": valid_or_hostile(st.sampled_from(["water", "banner,recording", "tea"])),
        "--approval": any_text, "--confidential": FLAG, "--layout": any_text},
     {"--venue", "--start", "--end", "--title", "--organizer", "--contact", "--phone", "--attendees"}),
    (["meeting", "list"], [], {"--day": DAYS, "--days": INTS}, set()),
    (["meeting", "show"], [IDS], {}, set()),
    (["meeting", "move"], [IDS], {"--start": INSTANTS, "--end": INSTANTS}, {"--start"}),
    (["meeting", "cancel"], [IDS], {"--reason": any_text}, set()),
    (["task", "list"], [], {"--meeting": IDS, "--dept": choice(DEPARTMENTS),
                            "--state": choice(TASK_STATES), "--day": DAYS}, set()),
    *[(["task", action], [IDS], {"--version": INTS}, set()) for action in ("done", "undo", "verify")],
    (["ticket", "open"], [], {
        "--kind": choice(TICKET_KINDS), "--channel": choice(CHANNELS), "--location": any_text,
        "--contact": any_text, "--phone": any_text, "--content": any_text,
        "--priority": choice(PRIORITIES), "--nature": choice(NATURES),
        "--category": choice(CATEGORIES), "--major": FLAG, "--inquiry": FLAG},
     {"--kind", "--location", "--contact", "--content"}),
    (["ticket", "dispatch"], [IDS, IDS], {"--dept": choice(DEPARTMENTS), "--to": LOGINS}, {"--dept"}),
    (["ticket", "follow-up"], [IDS, IDS], {"--note": any_text}, {"--note"}),
    (["ticket", "escalate"], [IDS], {"--note": any_text}, {"--note"}),
    (["ticket", "notify"], [IDS], {"--role": choice(ROLES), "--note": any_text}, {"--role"}),
    (["ticket", "resolve"], [IDS], {"--result": any_text, "--signed": FLAG}, {"--result"}),
    (["ticket", "approve"], [IDS], {"--note": any_text}, set()),
    (["ticket", "close"], [IDS], {"--approved-by": LOGINS, "--unresolvable": FLAG,
                                  "--reason": any_text}, set()),
    (["ticket", "reopen"], [IDS], {"--reason": any_text}, {"--reason"}),
    (["ticket", "link"], [IDS], {"--to": IDS, "--pending": any_text}, set()),
    (["ticket", "list"], [], {"--state": choice(TICKET_STATES), "--dept": choice(DEPARTMENTS),
                              "--priority": choice(PRIORITIES), "--text": any_text, "--all": FLAG,
                              "--limit": INTS}, set()),
    (["ticket", "show"], [IDS], {}, set()),
    (["flags"], [], {}, set()),
    (["audit"], [], {"--entity": any_text, "--id": IDS, "--limit": INTS}, set()),
    (["signoff"], [], {"--day": DAYS, "--note": any_text}, set()),
    (["rulebook", "show"], [], {}, set()),
    (["report", "weekly"], [], {"--week": DAYS, "--format": choice(("md", "csv"))}, set()),
    (["report", "monthly"], [], {"--month": MONTHS, "--format": choice(("md", "csv")),
                                 "--households": INTS}, set()),
    (["migrate"], [], {}, set()),
    ([], [], {}, set()),  # no command: the board, not available in-process
]

# rulebook files, written once (see rulebook_files)
RULEBOOKS = {
    "ok.toml": b'[booking]\nmin_gap = "45m"\n',
    "latin1.toml": b'[site]\nname = "caf\xe9"\n',
    "deep.toml": b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n",
    "weekend.toml": b"[calendar]\nweekend = [1, 2, 3, 4, 5, 6, 7]\n",
    "refill.toml": b'[refill_schedule]\nsummer = ["0m"]\n',
    "absurd.toml": b'[booking]\nmin_gap = "99999999999d"\n',
    "short.toml": b'[booking]\nmax_duration = "1h"\n',
    "junk.toml": b"\x00\x01\x02 = = =\n",
}


@st.composite
def argv_strategy(draw: st.DrawFn) -> list[str]:
    words, positionals, options, required = draw(st.sampled_from(COMMANDS + [RULEBOOK_COMMAND]))
    argv = list(words)
    for n, strategy in enumerate(positionals):
        if n == 0 or draw(st.booleans()):
            argv.append(draw(strategy))
    for name, strategy in options.items():
        if draw(st.floats(0, 1)) < (0.9 if name in required else 0.35):
            argv.append(name)
            if strategy is not FLAG:
                argv.append(draw(strategy))
    if draw(st.floats(0, 1)) < 0.9:
        argv = ["--as", draw(LOGINS)] + argv
    if draw(st.floats(0, 1)) < 0.85:
        argv = ["--now", draw(INSTANTS)] + argv
    if draw(st.floats(0, 1)) < 0.3:
        argv.append("--json")
    if draw(st.floats(0, 1)) < 0.05:
        argv = ["--db", draw(st.sampled_from(BAD_DBS))] + argv
    if draw(st.floats(0, 1)) < 0.05:
        argv = ["--rulebook", draw(RULEBOOK_PATHS)] + argv
    if draw(st.floats(0, 1)) < 0.05:  # a stray hostile word anywhere
        argv.insert(draw(st.integers(0, len(argv))), draw(hostile))
    return argv


BAD_DBS = ["", " ", "ftp://x/y", "sqlite://rel.db", "postgresql://localhost:99999/x",
           "postgresql://localhost:abc/x", "postgresql://postgres@127.0.0.1:1/x", "postgresql://h/a/b",
           "\udcff", "sqlite:///", "mysql://x"]
RULEBOOK_PATHS = valid_or_hostile(st.sampled_from(["@ok.toml"] + [f"@{name}" for name in RULEBOOKS]))
RULEBOOK_COMMAND = (["rulebook"], [st.sampled_from(["check", "set"]), RULEBOOK_PATHS], {}, set())


# -- the seeded site -------------------------------------------------------------------

class Site:
    """A seeded database copied afresh whenever a case changed it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seed = folder / "seed.db"
        self.path = folder / "case.db"
        self.url = f"sqlite:///{self.path}"
        shutil.copyfile(template(), self.seed)
        for argv in (
            ["meeting", "add", "--venue", "Room A", "--start", "2026-11-25T10:00", "--end",
             "2026-11-25T11:30", "--title", "Weekly", "--organizer", "Office", "--contact", "Li",
             "--phone", "1234", "--attendees", "20", "--services", "water", "--as", "clerk"],
            ["ticket", "open", "--kind", "repair", "--location", "R1", "--contact", "Wu",
             "--phone", "13800001111", "--content", "light", "--as", "clerk"],
            ["ticket", "open", "--kind", "complaint", "--nature", "valid", "--location", "Hall",
             "--contact", "Zhang", "--phone", "13800002222", "--content", "noise", "--as", "clerk"],
            ["ticket", "dispatch", "1", "--dept", "eng", "--as", "clerk"],
        ):
            rc = _run(["--db", f"sqlite:///{self.seed}", "--now", NOW] + argv)[0]
            assert rc == 0, argv
        self.digest = self.raw = ""
        self.reset()

    def reset(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.seed, self.path)
        self.raw = self.file_digest()
        self.digest = self.dump_digest()

    def file_digest(self) -> str:
        wal = Path(str(self.path) + "-wal")
        extra = wal.read_bytes() if wal.exists() else b""
        return hashlib.sha256(self.path.read_bytes() + extra).hexdigest()

    def unchanged(self) -> bool:
        """Same bytes on disk (cheap), else the same ``iterdump`` (the real test)."""
        return self.file_digest() == self.raw or self.dump_digest() == self.digest

    def dump_digest(self) -> str:
        con = sqlite3.connect(self.path)
        try:
            return hashlib.sha256("\n".join(con.iterdump()).encode("utf-8", "backslashreplace")).hexdigest()
        finally:
            con.close()


def _run(argv: list[str]) -> tuple[int, str, str]:
    """``main`` with a strict UTF-8 stdout and a backslashreplace stderr, as a terminal has."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace")
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    out.flush()
    err.flush()
    return rc, out_bytes.getvalue().decode("utf-8"), err_bytes.getvalue().decode("utf-8")


class Hang(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001, ANN202
    raise Hang(f"a case ran longer than {HANG_SECONDS} s")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = tmp_path_factory.mktemp("fuzz")
    for name, content in RULEBOOKS.items():
        (folder / name).write_bytes(content)
    return Site(folder)


FIGURES: Counter[str] = Counter()


def _resolve(argv: list[str], folder: Path) -> list[str]:
    return [str(folder / a[1:]) if a.startswith("@") and a[1:] in RULEBOOKS else a for a in argv]


_settings = settings(max_examples=EXAMPLES, deadline=None, database=None,
                     derandomize="DUTYBOARD_FUZZ_SEED" not in os.environ,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow, HealthCheck.data_too_large])


@_settings
@seed(int(os.environ.get("DUTYBOARD_FUZZ_SEED", "0")))
@given(argv=argv_strategy())
def test_no_input_breaks_the_command_line(site: Site, argv: list[str], monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("DUTYBOARD_BUSY_TIMEOUT", "2")
    monkeypatch.delenv("DUTYBOARD_DB", raising=False)
    monkeypatch.chdir(site.folder)  # a stray relative path lands here, never in the repo
    full = ["--db", site.url] + _resolve(argv, site.folder)
    FIGURES["cases"] += 1
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        rc, out, err = _run(full)
    except Hang:
        FIGURES["hangs"] += 1
        raise
    except BaseException:
        FIGURES["escaped"] += 1
        raise
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    FIGURES[f"exit_{rc}"] += 1
    if "Traceback" in err:
        FIGURES["tracebacks"] += 1
    assert "Traceback" not in err, (full, err)
    assert rc in ALLOWED, (full, rc, err)
    if rc == 0:
        if site.file_digest() != site.raw:
            site.reset()
        return
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dutyboard: "), (full, err)
    unchanged = site.unchanged()
    if not unchanged:
        site.reset()  # the next example starts from the seed again
    assert unchanged, ("a failed command changed the database", full, err)


def teardown_module() -> None:
    report = os.environ.get("DUTYBOARD_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps(dict(FIGURES), indent=2, sort_keys=True))
