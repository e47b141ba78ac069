"""A week on the wall in about a minute: the real ``dutyboard`` in tmux on a clock that runs
15,000 times faster (``DUTYBOARD_CLOCK_RATE`` with ``--now``, a training database), while the
test injects the faults of a real week and checks that the board shows each one, recovers,
rolls the day over, never exits until the hang-up, and then exits within two seconds.

Faults: hostile text in every field (markup, OSC/CSI escapes, bidi), a write lock held 10 s
during a check-off, the file made read-only (immutable, so even root cannot write), the file
renamed away and back, a rulebook stored by another session, SIGHUP; on PostgreSQL (when
``DUTYBOARD_TEST_PG`` is set) the board's backend killed twice.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path

import pytest
from ptykit import clean_env, dutyboard_exe
from soakkit import BoardPane, Cli, FaultLog, HeldLock, mark_training, move_database, set_immutable

pytestmark = pytest.mark.e2e

RATE = 15000                 # a week of simulated time in 40 real seconds
START = "2026-11-23T10:00"   # a Monday; local midnight comes about 3 s after the board starts
HANGUP_LIMIT = 2.0
HOSTILE = "[/b][@click=app.quit]Q[/] \x1b]0;PWNED\x07\x1b[2J[link=http://x]L \u202eevil"
SHOWN = "[/b][@click=app.quit]Q[/] \u241b]0;PWNED"   # how the board must show it, literally
HEADER_DATE = re.compile(r"(\d\d)-(\d\d) \d\d:\d\d:\d\d")


def board_day(screen: str) -> str | None:
    """The header's MM-DD."""
    found = HEADER_DATE.search(screen.splitlines()[0] if screen else "")
    return f"{found.group(1)}-{found.group(2)}" if found else None


def status_line(screen: str) -> str:
    """The line above the footer: where a write's outcome is said."""
    lines = [line for line in screen.splitlines() if line.strip()]
    return lines[-2] if len(lines) >= 2 else ""


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Cli]:
    path = tmp_path / "soak.db"
    cli = Cli(f"sqlite:///{path}", START)
    cli("demo")
    mark_training(path)
    venue = next(v["name"] for v in cli.json("venue", "list") if v["class"] == "A")  # type: ignore[attr-defined]
    booked = 0
    for day in range(24, 31):  # a meeting every day of the week, so there is always work
        for hour in (9, 14):
            done = cli("meeting", "add", "--venue", venue, "--start", f"2026-11-{day}T{hour}:00",
                       "--end", f"2026-11-{day}T{hour + 1}:00", "--title", f"Daily {day} {HOSTILE}",
                       "--organizer", HOSTILE, "--contact", HOSTILE, "--phone", "0571-1",
                       "--attendees", "10", check=False)
            booked += done.returncode == 0
    assert booked >= 7
    cli("ticket", "open", "--kind", "repair", "--location", HOSTILE, "--contact", HOSTILE,
        "--phone", "13800001111", "--content", HOSTILE)
    rulebook = tmp_path / "site.toml"
    rulebook.write_text('[site]\nname = "Soak [/b] site"\n', encoding="utf-8")
    cli("rulebook", "set", str(rulebook))
    return path, cli


def check_off(pane: BoardPane) -> None:
    """Check off the first item of the countdown pane."""
    pane.keys("2")
    pane.keys("g")
    check_off_here(pane)


def check_off_here(pane: BoardPane) -> None:
    pane.keys("Escape")  # nothing open over the board
    pane.keys("Space")
    pane.wait_for("the check-off's confirmation", lambda s: "Check off this readiness item?" in s,
                  timeout=20)
    pane.keys("y")


def outcome_of(screen: str) -> str | None:
    line = status_line(screen)
    for word in ("NOT SAVED", "Checked off", "Refused", "Not permitted"):
        if word in line:
            return word
    return None


def test_a_week_on_the_wall(site, tmp_path):
    path, cli = site
    faults = FaultLog()
    acknowledged: list[str] = []
    pane = BoardPane(tmp_path)
    env = clean_env(DUTYBOARD_CLOCK_RATE=str(RATE), DUTYBOARD_STATE_DIR=str(tmp_path / "state"))
    try:
        pane.start([dutyboard_exe(), "--db", cli.url, "--now", START, "--as", "boss", "--lang", "en"], env)
        first = pane.wait_for("the board", lambda s: board_day(s) is not None, timeout=30)

        # hostile text everywhere: shown literally, the terminal's title untouched
        screen = pane.wait_for("the hostile ticket", lambda s: "[/b][@click" in s)
        assert "PWNED" not in pane.title()
        assert "Soak [/b] site" in screen.splitlines()[0]
        faults.record("hostile text in every field", "literally, ␛ for ESC", True)

        # local midnight: the header's day moves on, with no write and no restart
        day0 = board_day(first)
        pane.wait_for("midnight", lambda s: (board_day(s) or day0) != day0, timeout=20)
        faults.record("local midnight", f"{day0} -> {board_day(pane.screen())}", True)

        # a write lock held 10 s during a check-off: the write waits for it (or says NOT SAVED)
        lock = HeldLock(path, 10)
        started = time.monotonic()
        check_off(pane)
        outcome = pane.wait_for("the check-off's outcome", lambda s: outcome_of(s) is not None, timeout=45)
        lock.wait()
        acknowledged += re.findall(r"Checked off: #(\d+)", status_line(outcome))
        faults.record("lock held 10 s during a check-off", status_line(outcome).strip()[:40], True,
                      f"after {time.monotonic() - started:.1f}s")

        # the file made read-only (immutable: root writes to a file whatever its mode)
        if set_immutable(path, True):
            try:
                pane.keys("Down")
                check_off_here(pane)
                shown = pane.wait_for("NOT SAVED", lambda s: "NOT SAVED" in status_line(s), timeout=20)
            finally:
                set_immutable(path, False)
            faults.record("database file read-only", status_line(shown).strip()[:40], True)
        else:
            faults.record("database file read-only", "-", False, "(chattr unavailable: skipped)")

        # the file renamed away and back
        away = path.with_name("soak-away.db")
        move_database(path, away)
        stale = pane.wait_for("STALE", lambda s: "STALE" in s.splitlines()[0], timeout=10)
        assert "missing" in stale.splitlines()[0]
        move_database(away, path)
        pane.wait_for("STALE to clear", lambda s: "STALE" not in s.splitlines()[0], timeout=10)
        faults.record("database file renamed", "STALE database file missing", True)

        # another session stores a rulebook: picked up without a restart
        renamed = tmp_path / "renamed.toml"
        renamed.write_text('[site]\nname = "Renamed site"\n', encoding="utf-8")
        cli("rulebook", "set", str(renamed))
        pane.wait_for("the new rulebook", lambda s: "Renamed site" in s.splitlines()[0], timeout=10)
        faults.record("rulebook set elsewhere", "new site name in the header", True)

        # a week of simulated time
        pane.wait_for("a week later", lambda s: (board_day(s) or "") >= "11-30", timeout=75)
        assert pane.exit_status() is None

        # a ticket typed with hostile text while the board runs
        cli("ticket", "open", "--kind", "repair", "--location", f"Late {HOSTILE}", "--contact", "x",
            "--phone", "13800001111", "--content", HOSTILE)
        pane.wait_for("the late ticket", lambda s: "Late [/b][@c" in s, timeout=10)
        assert "PWNED" not in pane.title()

        seconds, status = pane.hang_up(HANGUP_LIMIT)
        assert seconds <= HANGUP_LIMIT
        faults.record("SIGHUP", f"exited {status} in {seconds:.2f}s", True)
        assert not list((tmp_path / "state").glob("board-crash-*.log"))
        with sqlite3.connect(path) as conn:  # nothing the board acknowledged is lost
            for ident in acknowledged:
                state = conn.execute("SELECT state FROM task WHERE id = ?", (int(ident),)).fetchone()
                assert state is not None and state[0] != "pending", ident
        faults.record("acknowledged check-offs kept", f"{len(acknowledged)} of {len(acknowledged)}", True)
    finally:
        pane.kill()
        print("\nsoak faults:\n" + faults.summary())
    assert all(r["recovered"] or "skipped" in str(r["note"]) for r in faults.rows)


@pytest.mark.pg
def test_killed_postgresql_backends(tmp_path):
    url = os.environ.get("DUTYBOARD_TEST_PG")
    if not url:
        if os.environ.get("DUTYBOARD_REQUIRE_PG") == "1":
            pytest.fail("DUTYBOARD_REQUIRE_PG=1 but DUTYBOARD_TEST_PG is unset")
        pytest.skip("PostgreSQL tests need DUTYBOARD_TEST_PG=postgresql://host:port/db (unset)")
    import peewee
    from dutyboard.store.db import open_database
    admin = open_database(url)
    admin.connect()
    admin.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    admin.execute_sql("CREATE SCHEMA public")
    cli = Cli(url, "2026-11-23T09:30")
    cli("demo")
    pane = BoardPane(tmp_path)
    try:
        pane.start([dutyboard_exe(), "--db", url, "--now", cli.now, "--as", "boss", "--lang", "en"],
                   clean_env())
        pane.wait_for("the board", lambda s: "data " in s.splitlines()[0] if s else False, timeout=30)
        for round_ in range(2):
            admin.execute_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                              "datname = current_database() AND pid <> pg_backend_pid()")
            # the board notices, says STALE, and reconnects by itself: nobody writes meanwhile
            pane.wait_for("STALE", lambda s: "STALE" in s.splitlines()[0], timeout=10)
            assert "connection lost" in pane.screen().splitlines()[0]
            pane.wait_for("fresh data", lambda s: "STALE" not in s.splitlines()[0], timeout=10)
            location = f"KILL-{round_}"
            cli("ticket", "open", "--kind", "repair", "--location", location, "--contact", "Mr Wu",
                "--phone", "13800001111", "--content", "after the kill")
            pane.wait_for(location, lambda s, loc=location: loc in s, timeout=15)
        seconds, _ = pane.hang_up(HANGUP_LIMIT)
        assert seconds <= HANGUP_LIMIT
    finally:
        pane.kill()
        try:
            admin.close()
        except peewee.PeeweeException:
            pass

