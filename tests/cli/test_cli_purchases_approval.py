"""Issue 9 on the command line: purchases on the organizer's behalf become desk items with the
organizer's confirmation step (domain §3, §7), and the conference building's meetings need the
administration office's approval reference (domain §2)."""

from __future__ import annotations

import pytest
from clikit import seeded_cli


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def test_purchases_are_items_in_task_list_and_meeting_show(cli):
    ident = cli.book("Room A", "2026-11-24T14:00", "2026-11-24T15:00", "--purchases", "water,flowers")
    rows = {r["code"]: r for r in cli("task", "list", "--meeting", ident, json=True).json()}
    assert {c: (r["dept"], r["due_at"]) for c, r in rows.items() if c.startswith("desk.buy.")} == {
        "desk.buy.delivered.flowers": ("desk", "2026-11-23T18:00+08:00"),
        "desk.buy.delivered.water": ("desk", "2026-11-23T18:00+08:00"),
        "desk.buy.confirmed.flowers": ("desk", "2026-11-24T13:30+08:00"),
        "desk.buy.confirmed.water": ("desk", "2026-11-24T13:30+08:00"),
    }
    assert rows["desk.buy.delivered.water"]["title"] == "Bought and delivered: bottled water"
    text = cli("meeting", "show", str(ident)).out
    assert "The organizer confirmed receipt of flowers" in text
    plain = cli.book("Room A", "2026-11-24T16:00", "2026-11-24T17:00")
    assert not [r for r in cli("task", "list", "--meeting", plain, json=True).json()
                if r["code"].startswith("desk.buy.")]


def test_a_purchase_booked_late_is_due_asap_not_overdue(cli):
    ident = cli.book("Room A", "2026-11-23T14:00", "2026-11-23T15:00", "--purchases", "banner")
    rows = {r["code"]: r for r in cli("task", "list", "--meeting", ident, json=True).json()}
    delivered = rows["desk.buy.delivered.banner"]
    assert (delivered["due_at"], delivered["short_notice"]) == ("2026-11-23T10:30+08:00", True)
    flags = cli("flags", now="2026-11-23T10:29", json=True).json()
    assert not [f for f in flags if f["kind"] == "task_overdue" and "Bought" in f["message"]]
    flags = cli("flags", now="2026-11-23T10:30", json=True).json()
    assert [f for f in flags
            if f["kind"] == "task_overdue" and "Bought and delivered: banner" in f["message"]]


def test_the_confirmation_is_refused_while_the_delivery_is_open(cli):
    ident = cli.book("Room A", "2026-11-24T14:00", "2026-11-24T15:00", "--purchases", "media")
    rows = {r["code"]: r["id"] for r in cli("task", "list", "--meeting", ident, json=True).json()}
    r = cli("task", "done", rows["desk.buy.confirmed.media"], login="clerk")
    assert r.rc == 3 and "[task.after]" in r.err and "desk.buy.delivered.media is still open" in r.err
    assert cli("task", "done", rows["desk.buy.delivered.media"], login="clerk").rc == 0
    assert cli("task", "done", rows["desk.buy.confirmed.media"], login="clerk").rc == 0
    r = cli("task", "undo", rows["desk.buy.delivered.media"], login="clerk")
    assert r.rc == 3 and "undo desk.buy.confirmed.media first" in r.err


@pytest.mark.parametrize("venue", ["Room B", "Lounge"])
def test_conference_building_meetings_need_the_approval_reference(cli, venue):
    base = ("meeting", "add", "--venue", venue, "--start", "2026-11-25T14:00", "--end",
            "2026-11-25T15:00", "--title", "T", "--organizer", "O", "--contact", "C", "--phone", "1",
            "--attendees", "10")
    r = cli(*base, login="clerk")
    assert r.rc == 3 and ".approval]" in r.err and "administration office's approval reference" in r.err
    assert cli("meeting", "list", "--day", "2026-11-25", json=True).json() == []
    assert cli(*base, "--approval", "ADM-2026-42", login="clerk").rc == 0


def test_a_class_a_meeting_room_needs_no_reference_and_is_told_to_the_office(cli):
    ident = cli.book("Room A", "2026-11-25T14:00", "2026-11-25T15:00")
    codes = {r["code"] for r in cli("task", "list", "--meeting", ident, json=True).json()}
    assert "desk.tell.admin" in codes
