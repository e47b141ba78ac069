"""The rulebook: the defaults carry domain.md's numbers; overrides merge; bad files are
refused naming the file, the key and the line."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from dutyboard.rules import RulebookError, load_rulebook
from dutyboard.rules.rulebook import Rulebook


def templates(book: Rulebook) -> dict[str, object]:
    return {t.code: t for t in book.tasks}


# -- the defaults ------------------------------------------------------------------------

def test_default_numbers(book: Rulebook) -> None:
    a, b, c = book.classes["A"], book.classes["B"], book.classes["C"]
    assert (a.max_seats, a.notice, a.notice_working_days, a.approval) == (40, timedelta(hours=1), 0, False)
    assert (b.max_seats, b.notice, b.notice_working_days, b.approval) == (150, timedelta(hours=4), 0, False)
    assert (c.notice, c.approval) == (timedelta(days=1), True)
    assert book.min_gap == timedelta(minutes=30)
    assert book.department_notice == timedelta(days=2)
    assert book.due_soon == timedelta(minutes=30)
    assert book.verify_by == timedelta(minutes=-30)
    assert book.first_follow_up == timedelta(hours=2)
    assert book.ticket_due_soon == timedelta(minutes=30)
    assert book.emergency_escalate == timedelta(0)
    assert set(book.notify_emergency) == {"supervisor", "manager", "lead"}
    assert set(book.major_approvers) == {"supervisor", "manager"}
    assert book.unresolvable_approvers == ("manager",)
    assert book.repair_needs_signature is True
    assert book.signoff_role == "supervisor"
    assert book.complaint_rate_target == 0.05
    assert book.tz == "Asia/Shanghai"
    assert book.sources == ("defaults",)


@pytest.mark.parametrize(("kind", "every"), [
    ("main-hall", 30), ("report-hall", 30), ("presidium-hall", 0), ("press-hall", 30),
    ("breakout", 30), ("meeting-room", 15),
])
def test_default_refill_intervals(book: Rulebook, kind: str, every: int) -> None:
    assert book.kinds[kind].refill_every == timedelta(minutes=every)
    assert book.kinds[kind].refill_schedule == ()


@pytest.mark.parametrize(("code", "at", "offset"), [
    ("desk.notice", "start", "-2d"), ("eng.fancoil", "start", "-2h"), ("eng.ac", "start", "-1h"),
    ("eng.sound", "start", "-1h"), ("sec.unlock", "start", "-1h"), ("sec.posts", "start", "-30m"),
    ("svc.brew", "start", "-15m"), ("svc.pour", "start", "-5m"), ("svc.ashtrays", "start", "-90m"),
    ("check.level1", "start", "-2h"), ("check.level2", "start", "-1h"),
    ("check.level3", "start", "-30m"), ("eng.after.off", "end", "30m"),
    ("env.after.clear", "end", "1h"), ("svc.eve.water", "eve", "0m"),
])
def test_default_offsets(book: Rulebook, code: str, at: str, offset: str) -> None:
    from dutyboard.rules.durations import parse_duration
    t = templates(book)[code]
    assert (t.at, t.offset) == (at, parse_duration(offset))  # type: ignore[attr-defined]


# -- overrides ----------------------------------------------------------------------------

SITE = """\
[calendar]
work_end = "19:00"
holidays = ["2026-11-27"]

[kind.meeting-room]
refill_every = "20m"

[[task]]                 # same code: replace fields
code = "svc.brew"
offset = "-20m"

[[task]]                 # enabled = false: remove
code = "eng.sound"
enabled = false

[[task]]                 # a new item
code = "sec.dogs"
dept = "sec"
title = "Sniffer-dog sweep"
at = "start"
offset = "-3h"
classes = ["C"]
"""


def write(tmp_path: Path, text: str, name: str = "site.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_override_merges_over_the_defaults(tmp_path: Path, book: Rulebook) -> None:
    path = write(tmp_path, SITE)
    site = load_rulebook(path)
    assert site.sources == ("defaults", str(path))
    # tables merge key by key
    assert site.calendar.work_end == time(19, 0)
    assert site.calendar.work_start == time(8, 0)
    assert site.calendar.holidays == frozenset({date(2026, 11, 27)})    # a list replaces
    assert site.kinds["meeting-room"].refill_every == timedelta(minutes=20)
    assert site.kinds["meeting-room"].seats == (0, 40)
    assert site.kinds["main-hall"] == book.kinds["main-hall"]
    # same task code replaces only the given fields
    brew, default_brew = templates(site)["svc.brew"], templates(book)["svc.brew"]
    assert brew.offset == timedelta(minutes=-20)                        # type: ignore[attr-defined]
    assert brew.window == default_brew.window == timedelta(minutes=15)  # type: ignore[attr-defined]
    assert brew.title == default_brew.title                             # type: ignore[attr-defined]
    # enabled = false removes; a new code is added
    assert "eng.sound" not in templates(site)
    dogs = templates(site)["sec.dogs"]
    assert (dogs.dept, dogs.offset, dogs.window, dogs.title_zh) == (      # type: ignore[attr-defined]
        "sec", timedelta(hours=-3), timedelta(hours=1), "Sniffer-dog sweep")
    assert len(site.tasks) == len(book.tasks)
    # untouched numbers stay
    assert site.min_gap == book.min_gap and site.classes == book.classes


def test_overrides_apply_in_order(tmp_path: Path) -> None:
    first = write(tmp_path, '[flags]\ndue_soon = "20m"\n[booking]\nmin_gap = "45m"\n', "a.toml")
    second = write(tmp_path, '[flags]\ndue_soon = "10m"\n', "b.toml")
    merged = load_rulebook(first, second)
    assert merged.due_soon == timedelta(minutes=10)
    assert merged.min_gap == timedelta(minutes=45)
    assert merged.sources == ("defaults", str(first), str(second))


def test_re_enabling_needs_the_whole_task(tmp_path: Path) -> None:
    off = write(tmp_path, '[[task]]\ncode = "eng.sound"\nenabled = false\n', "off.toml")
    back = write(tmp_path, '[[task]]\ncode = "eng.sound"\ndept = "eng"\ntitle = "Sound test"\n'
                           'at = "start"\noffset = "-45m"\n', "back.toml")
    codes = templates(load_rulebook(off, back))
    assert codes["eng.sound"].offset == timedelta(minutes=-45)  # type: ignore[attr-defined]


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulebookError) as exc:
        load_rulebook(tmp_path / "nope.toml")
    assert (exc.value.source, exc.value.key) == (str(tmp_path / "nope.toml"), "(file)")


# -- malformed files ------------------------------------------------------------------------

BAD = [
    pytest.param('[calendar]\nwork_end = "18:00"\nwork_start = \n', "(syntax)", 3, "Invalid value",
                 id="syntax-error"),
    pytest.param('[calendar]\nwork_end = "18:00"\n\n[venues]\nmain = 1\n', "venues", 4,
                 "unknown section", id="unknown-section"),
    pytest.param('# typo\n[venues]\n', "venues", 2, "unknown section", id="unknown-empty-section"),
    pytest.param('[kind.meeting-room]\nseats = [0, 40]\nrefill_every = "15 minutes"\n',
                 "kind.meeting-room.refill_every", 3, "bad duration '15 minutes'", id="bad-duration"),
    pytest.param('[class.A]\nnotice = "1h"\n\n[class.C]\nnotice = "1x"\n', "class.C.notice", 5,
                 "bad duration '1x'", id="bad-duration-second-table"),
    pytest.param('[flags]\ndue_soon = "20m"\n\n[[task]]\ncode = "eng.extra"\ndept = "kitchen"\n'
                 'title = "X"\nat = "start"\n', "task.eng.extra", 6, "dept 'kitchen' is not one of",
                 id="unknown-dept-in-task"),
    pytest.param('[[task]]\ncode = "svc.pour"\nwindow = "5m"\n\n[[task]]\ncode = "svc.brew"\n'
                 'offset = "soon"\n', "task.svc.brew", 7, "offset: bad duration 'soon'",
                 id="bad-duration-in-task"),
    pytest.param('[[task]]\ncode = "svc.brew"\nkinds = ["ballroom"]\n', "task.svc.brew", 3,
                 "unknown venue kind 'ballroom'", id="unknown-kind-in-task"),
    pytest.param('[calendar]\nwork_start = "09:00"\nwork_end = "08:00"\n', "calendar.work_end", 3,
                 "must end after it starts", id="work-end-before-start"),
    pytest.param('[calendar]\nwork_start = "18:00"\n', "calendar.work_start", 2,
                 "must end after it starts (work_start 18:00, work_end 18:00)", id="work-start-at-end"),
    pytest.param('[site]\nname = "X"\ntimezone = "Asia/Shangai"\n', "site.timezone", 3,
                 "unknown time zone 'Asia/Shangai'", id="unknown-time-zone"),
    pytest.param('[calendar]\nholidays = ["2026-13-01"]\n', "calendar.holidays", 2, "not a date",
                 id="bad-holiday"),
    pytest.param('[refill_schedule]\nsummer = ["10m", "later"]\n', "refill_schedule.summer", 2,
                 "bad duration 'later'", id="bad-refill-schedule"),
    pytest.param('[kind.breakout]\nrefill_schedule = "autumn"\n', "kind.breakout.refill_schedule", 2,
                 "no such schedule 'autumn'", id="unknown-schedule"),
    pytest.param('[kind.vip-lounge]\nrefill_every = "30m"\n', "kind.vip-lounge.seats", 1, "missing",
                 id="missing-key-in-new-table"),
    pytest.param('[class.D]\nmax_seats = 3\n', "class.D", 1, "venue classes are A, B and C",
                 id="unknown-class"),
    pytest.param('[closing]\nmajor_approvers = ["boss"]\n', "closing.major_approvers", 2,
                 "unknown role 'boss'", id="unknown-role"),
    pytest.param('[tickets]\nfirst_follow_up = "0m"\n', "tickets.first_follow_up", 2, "must be positive",
                 id="zero-follow-up"),
]


@pytest.mark.parametrize(("text", "key", "line", "reason"), BAD)
def test_malformed_file_is_refused_with_file_key_and_line(tmp_path: Path, text: str, key: str,
                                                          line: int, reason: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RulebookError) as exc:
        load_rulebook(path)
    err = exc.value
    assert (err.key, err.line) == (key, line)
    assert reason in err.reason
    assert err.source == str(path)
    assert str(err).startswith(f"rulebook {path}, line {line}: key '{key}': ")


def test_the_default_rulebook_is_the_packaged_resource() -> None:
    """``default_text`` reads the file beside the module directly: the very text the
    package's resource holds (a zipped install goes through importlib.resources)."""
    from importlib import resources

    from dutyboard.rules import rulebook

    packaged = resources.files("dutyboard.rules").joinpath(rulebook.DEFAULT_FILE).read_text(encoding="utf-8")
    assert rulebook.default_text() == packaged
    assert "[" in packaged
