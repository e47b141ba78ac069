"""The desk's daily duty on the command line (000 §3.3B): `report bookings-sent` records that the
next two days' bookings went to the administration office; a working day without it is flagged
from close of business (warned from flags.due_soon before), never on a day off."""

from __future__ import annotations

import pytest
from clikit import seeded_cli


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def due(cli, now: str) -> dict[str, str]:  # noqa: ANN001
    return {f["subject"]: f["severity"] for f in cli("flags", now=now, json=True).json()
            if f["kind"] == "bookings_report_due"}


def test_flagged_from_close_of_business_until_recorded(cli):
    assert due(cli, "2026-11-23T17:29") == {}
    assert due(cli, "2026-11-23T17:30") == {"day:2026-11-23": "warn"}
    assert due(cli, "2026-11-23T18:00") == {"day:2026-11-23": "alarm"}
    r = cli("report", "bookings-sent", "--note", "faxed to Ms Zhou", login="clerk",
            now="2026-11-23T17:40", json=True)
    assert r.rc == 0
    assert r.json() == {"day": "2026-11-23", "sent_by": "clerk", "sent_at": "2026-11-23T17:40+08:00",
                        "note": "faxed to Ms Zhou"}
    assert due(cli, "2026-11-23T18:00") == {}
    assert due(cli, "2026-11-24T18:00") == {"day:2026-11-24": "alarm"}   # the next day's own duty


def test_a_missed_day_stays_flagged_and_may_be_recorded_late(cli):
    assert due(cli, "2026-11-24T09:00") == {"day:2026-11-23": "alarm"}
    assert cli("report", "bookings-sent", "--day", "2026-11-23", login="super",
               now="2026-11-24T09:00").rc == 0
    assert due(cli, "2026-11-24T09:00") == {}


def test_no_duty_at_the_weekend(cli):
    cli("report", "bookings-sent", login="clerk", now="2026-11-27T17:00")          # Friday
    weekend = due(cli, "2026-11-29T20:00")                                           # Sat, Sun
    assert "day:2026-11-27" not in weekend
    assert not {"day:2026-11-28", "day:2026-11-29"} & set(weekend)
    assert due(cli, "2026-11-30T18:00")["day:2026-11-30"] == "alarm"                 # Monday


def test_refusals(cli):
    assert cli("report", "bookings-sent", login="clerk", now="2026-11-23T17:00").rc == 0
    again = cli("report", "bookings-sent", login="super", now="2026-11-23T17:05")
    assert again.rc == 3 and "[bookings_sent.once]" in again.err
    assert "by clerk at 2026-11-23 17:00" in again.err
    denied = cli("report", "bookings-sent", "--day", "2026-11-24", login="duty", now="2026-11-24T17:00")
    assert denied.rc == 4 and "report.bookings_sent" in denied.err
    future = cli("report", "bookings-sent", "--day", "2026-11-25", login="clerk", now="2026-11-24T17:00")
    assert future.rc == 2 and "has not come yet" in future.err
    bad = cli("report", "bookings-sent", "--day", "25/11", login="clerk", now="2026-11-24T17:00")
    assert bad.rc == 2
    assert due(cli, "2026-11-24T18:00") == {"day:2026-11-24": "alarm"}   # nothing written


def test_recorded_in_the_audit_log(cli):
    cli("report", "bookings-sent", "--note", "by e-mail", login="clerk", now="2026-11-23T17:00")
    rows = cli("audit", "--entity", "day", json=True).json()
    row = next(r for r in rows if r["action"] == "report.bookings_sent")
    assert row["actor"] == "clerk" and "by e-mail" in row["note"]
