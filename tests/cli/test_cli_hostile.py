"""Bad input is a one-line error with exit 2-5, never a traceback: non-UTF-8 arguments, dates
outside 2000-2100, numbers beyond 64 bits, rulebooks that are not UTF-8, nest too deep, give
absurd durations, make every day a weekend or refill every 0m; bounded work for bookings."""

from __future__ import annotations

import pytest
from clikit import dump, one_line_error, seeded_cli

MEETING = ["--title", "T", "--organizer", "O", "--contact", "C", "--phone", "1", "--attendees", "10"]


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def refused(cli, r, code: int, *needles: str) -> None:  # noqa: ANN001
    assert r.rc == code, (r.rc, r.err)
    line = one_line_error(r.err)
    for needle in needles:
        assert needle in line, (needle, line)


@pytest.mark.parametrize("argv", [
    ["ticket", "open", "--kind", "repair", "--location", "R\udcff", "--contact", "C", "--content", "x"],
    ["venue", "add", "\udce9t\udce9", "--class", "A", "--kind", "breakout", "--capacity", "5"],
    ["--db", "/tmp/\udcff.db", "flags"],
    ["--as", "\udc80", "flags"],
])
def test_non_utf8_arguments_are_exit_2(cli, argv):  # noqa: ANN001
    before = dump(cli.path)
    r = cli(*argv)
    refused(cli, r, 2, "is not valid UTF-8 text")
    assert dump(cli.path) == before


@pytest.mark.parametrize("option,value,ok", [
    ("--start", "1999-12-31T23:59", False), ("--start", "2000-01-03T10:00", True),
    ("--start", "2100-12-31T10:00", True), ("--start", "2101-01-01T10:00", False),
    ("--start", "0001-01-01T00:00", False), ("--start", "9999-12-31T23:59", False),
    ("--end", "9999-12-31T23:59", False), ("--end", "0001-01-01T00:00", False),
])
def test_booking_dates_outside_2000_2100_are_exit_2(cli, option, value, ok):  # noqa: ANN001
    times = {"--start": value, "--end": "2026-11-25T11:00"} if option == "--start" else \
        {"--start": "2026-11-25T10:00", "--end": value}
    if ok:
        times["--end"] = value[:11] + "11:00"
    r = cli("meeting", "add", "--venue", "Room A", "--start", times["--start"], "--end", times["--end"],
            *MEETING, login="clerk", now="2000-01-01T08:00")
    if ok:
        assert r.rc in (0, 3), r.err  # in range: the rules decide (notice, working days)
    else:
        refused(cli, r, 2, option, "outside 2000-2100")


@pytest.mark.parametrize("argv,option", [
    (["--now", "0001-01-01T00:00", "flags"], "--now"),
    (["--now", "9999-12-31T23:59", "flags"], "--now"),
    (["--now", "9999-12-31T23:59+14:00", "flags"], "--now"),
    (["meeting", "list", "--day", "9999-12-31"], "--day"),
    (["task", "list", "--day", "0001-01-01"], "--day"),
    (["signoff", "--day", "2101-01-01"], "--day"),
    (["report", "weekly", "--week", "9999-12-31"], "--week"),
    (["report", "monthly", "--month", "0001-01"], "--month"),
    (["report", "monthly", "--month", "9999-12"], "--month"),
])
def test_far_dates_are_exit_2(cli, argv, option):  # noqa: ANN001
    r = cli(*argv, now=None) if argv[0] == "--now" else cli(*argv, login="super")
    refused(cli, r, 2, option)


@pytest.mark.parametrize("argv", [
    ["ticket", "show", str(2**63)],
    ["ticket", "dispatch", "1", str(2**64), "--dept", "eng"],
    ["meeting", "show", str(10**30)],
    ["task", "done", "-1"],
    ["audit", "--id", str(2**63)],
    ["ticket", "list", "--limit", str(2**63)],
    ["meeting", "list", "--days", "100000"],
    ["meeting", "add", "--venue", "Room A", "--start", "2026-11-25T10:00", "--end", "2026-11-25T11:00",
     "--title", "T", "--organizer", "O", "--contact", "C", "--phone", "1", "--attendees", str(2**63)],
    ["venue", "add", "Big", "--class", "A", "--kind", "breakout", "--capacity", "9" * 5000],
    ["report", "monthly", "--households", str(2**70)],
])
def test_numbers_beyond_64_bits_are_exit_2(cli, argv):  # noqa: ANN001
    refused(cli, cli(*argv), 2)


def test_the_largest_64_bit_id_is_simply_not_found(cli):  # noqa: ANN001
    refused(cli, cli("ticket", "show", str(2**63 - 1)), 5, f"no ticket {2**63 - 1}")


def test_error_messages_show_control_characters_escaped(cli):  # noqa: ANN001
    r = cli("meeting", "list", "--day", "2026\x1b]0;pwned\x07\n-01-01")
    refused(cli, r, 2, "\\x1b]0;pwned\\x07")
    assert "\x1b" not in r.err


# -- rulebooks --------------------------------------------------------------------------

ROOM = '[kind.meeting-room]\nseats = [1, 40]\n'


@pytest.mark.parametrize("content,needle", [
    (b"[site]\nname = \"\xff\xfe\"\n", "not UTF-8 text"),
    (("x = " + "[" * 5000 + "]" * 5000 + "\n").encode(), "nested too deeply"),
    (("a" + ".a" * 3000 + " = 1\n").encode(), "nested too deeply"),
    (b"[booking]\nmin_gap = \"99999999999999999999d\"\n", "too long"),
    (b"[booking]\nmin_gap = \"400d\"\n", "out of range"),
    (b"[calendar]\nweekend = [1, 2, 3, 4, 5, 6, 7]\n", "every day is a weekend"),
    (b"[refill_schedule]\nsummer = [\"10m\", \"0m\"]\n", "at least 5m"),
    ((ROOM + 'refill_every = "1m"\n').encode(), "at least 5m"),
    (b"[class.A]\nnotice_working_days = inf\n", "notice_working_days"),
    (b"[booking]\nmax_duration = \"0m\"\n", "booking.max_duration"),
    (b"[oversight]\ncomplaint_rate_target = nan\n", "complaint_rate_target"),
    (b"flags = 5\n", "(structure)"),
])
@pytest.mark.parametrize("action", ["check", "set"])
def test_unusable_rulebooks_are_refused_before_anything_uses_them(cli, tmp_path, content, needle,
                                                                   action):  # noqa: ANN001
    path = tmp_path / "site.toml"
    path.write_bytes(content)
    before = dump(cli.path)
    r = cli("rulebook", action, str(path))
    refused(cli, r, 2, str(path), needle)
    assert dump(cli.path) == before
    refused(cli, cli("--rulebook", str(path), "flags"), 2, needle)


def test_a_refill_step_of_zero_means_no_refills_and_is_allowed(cli, tmp_path):  # noqa: ANN001
    path = tmp_path / "site.toml"
    path.write_text(ROOM + 'refill_every = "0m"\n')
    assert cli("rulebook", "check", str(path)).rc == 0


# -- bounded work -----------------------------------------------------------------------

def test_a_meeting_longer_than_the_maximum_is_refused(cli):  # noqa: ANN001
    before = dump(cli.path)
    r = cli("meeting", "add", "--venue", "Room A", "--start", "2026-11-25T10:00",
            "--end", "2100-12-31T10:00", *MEETING, login="clerk")
    refused(cli, r, 3, "[booking.max_duration]", "at most 24 h")
    assert dump(cli.path) == before


def test_a_meeting_of_exactly_the_maximum_is_booked_and_a_move_past_it_refused(cli):  # noqa: ANN001
    mid = cli.book("Room A", "2026-11-25T09:00", "2026-11-26T09:00")
    r = cli("meeting", "move", str(mid), "--start", "2026-11-25T09:00", "--end", "2026-11-26T09:01",
            login="clerk")
    refused(cli, r, 3, "[booking.max_duration]")


def test_the_maximum_is_a_rulebook_setting(cli, tmp_path):  # noqa: ANN001
    path = tmp_path / "site.toml"
    path.write_text('[booking]\nmax_duration = "2h"\n')
    assert cli("rulebook", "set", str(path)).rc == 0
    r = cli("meeting", "add", "--venue", "Room A", "--start", "2026-11-25T10:00",
            "--end", "2026-11-25T12:01", *MEETING, login="clerk")
    refused(cli, r, 3, "at most 2 h")
