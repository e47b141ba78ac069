"""After the meeting (issue 9, domain §3): recordings handed over, the fee confirmation and
the lost items register, at frozen instants on both sides of each number."""

from __future__ import annotations

import pytest
from clikit import one_line_error, seeded_cli


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def _tasks(cli, meeting: int) -> dict[str, dict]:  # noqa: ANN001
    return {t["code"]: t for t in cli("meeting", "show", meeting, json=True).json()["tasks"]}


# -- recordings and documents ---------------------------------------------------------------

def test_recordings_go_to_the_organizer_right_after_a_recorded_meeting(cli):
    recorded = cli.book("Room A", "2026-11-24T14:00", "2026-11-24T15:00", "--services", "recording")
    plain = cli.book("Lounge", "2026-11-24T14:00", "2026-11-24T15:00")
    item = _tasks(cli, recorded)["eng.after.recording"]
    assert item["dept"] == "eng" and item["due_at"] == "2026-11-24T15:30+08:00"
    assert "eng.after.recording" not in _tasks(cli, plain)


# -- the fee confirmation ---------------------------------------------------------------------

def test_the_fee_is_confirmed_after_the_end_and_checks_off_the_desk_item(cli):
    ident = cli.book("Room A", "2026-11-23T14:00", "2026-11-23T15:00")
    assert _tasks(cli, ident)["desk.after.fee"]["due_at"] == "2026-11-23T17:00+08:00"
    early = cli("meeting", "fee", ident, "--consumables", "2 AA batteries", "--signed-by", "Ms Li",
                now="2026-11-23T14:59")
    assert early.rc == 3 and "has not ended yet" in one_line_error(early.err)
    done = cli("meeting", "fee", ident, "--consumables", "2 AA batteries", "--signed-by", "Ms Li",
               now="2026-11-23T15:00", json=True, login="clerk").json()
    assert done["fee_signed_by"] == "Ms Li" and done["fee_consumables"] == "2 AA batteries"
    assert done["fee_at"].startswith("2026-11-23T15:00")
    item = _tasks(cli, ident)["desk.after.fee"]
    assert item["state"] == "done" and item["done_by"] == "clerk"
    shown = cli("meeting", "show", ident, json=True).json()
    assert shown["fee_signed_by"] == "Ms Li"
    assert cli("audit", "verify").rc == 0


@pytest.mark.parametrize(("login", "rc"), [("eng-lead", 4), ("duty", 4), ("super", 0)])
def test_who_records_the_fee(cli, login, rc):
    ident = cli.book("Room A", "2026-11-23T08:00", "2026-11-23T09:00", now="2026-11-20T10:00")
    r = cli("meeting", "fee", ident, "--consumables", "none", "--signed-by", "Mr Wu", login=login)
    assert r.rc == rc, r.err


def test_no_fee_for_a_cancelled_meeting_and_none_without_a_signature(cli):
    ident = cli.book("Room A", "2026-11-23T08:00", "2026-11-23T09:00", now="2026-11-20T10:00")
    blank = cli("meeting", "fee", ident, "--consumables", "x", "--signed-by", "  ")
    assert blank.rc == 2 and "--signed-by" in one_line_error(blank.err)
    assert cli("meeting", "cancel", ident, "--reason", "moved online", now="2026-11-20T11:00").rc == 0
    r = cli("meeting", "fee", ident, "--consumables", "x", "--signed-by", "Ms Li")
    assert r.rc == 3 and "cancelled" in one_line_error(r.err)


def test_a_confidential_meetings_fee_signatory_is_masked(cli):
    ident = cli.book("Room A", "2026-11-23T08:00", "2026-11-23T09:00", "--confidential",
                     now="2026-11-20T10:00")
    assert cli("meeting", "fee", ident, "--consumables", "x", "--signed-by", "Director Zhao").rc == 0
    assert cli("meeting", "show", ident, json=True, login="duty").json()["fee_signed_by"] != "Director Zhao"
    assert cli("meeting", "show", ident, json=True, login="super").json()["fee_signed_by"] == "Director Zhao"


# -- the lost items register -------------------------------------------------------------------

def test_an_item_is_registered_listed_and_handed_back(cli):
    ident = cli.book("Room A", "2026-11-23T08:00", "2026-11-23T09:00", now="2026-11-20T10:00")
    found = cli("lost", "add", "--item", "black umbrella", "--meeting", ident, "--where", "row 3",
                login="svc-lead", json=True).json()
    assert found["found_by"] == "svc-lead" and found["meeting_id"] == ident and found["where"] == "row 3"
    assert [r["id"] for r in cli("lost", "list", "--open", json=True).json()] == [found["id"]]
    back = cli("lost", "return", found["id"], "--to", "Ms Li (organizer)", now="2026-11-24T09:00",
               json=True, login="clerk").json()
    assert back["returned_to"] == "Ms Li (organizer)" and back["returned_by"] == "clerk"
    assert back["returned_at"].startswith("2026-11-24T09:00")
    assert cli("lost", "list", "--open", json=True).json() == []
    again = cli("lost", "return", found["id"], "--to", "someone else")
    assert again.rc == 3 and "already returned" in one_line_error(again.err)
    assert cli("lost", "return", found["id"], "--to", "x", login="eng-lead").rc == 4
    assert cli("lost", "return", 999, "--to", "x").rc == 5


def test_an_unreturned_item_is_flagged_after_seven_days(cli):
    found = cli("lost", "add", "--item", "phone charger", json=True, login="duty").json()

    def flagged(now: str) -> bool:
        return any(f["kind"] == "lost_unreturned" and f["subject"] == f"lost:{found['id']}"
                   for f in cli("flags", json=True, now=now).json())
    assert not flagged("2026-11-30T09:59")
    assert flagged("2026-11-30T10:00")
    assert cli("lost", "return", found["id"], "--to", "Mr Wu", now="2026-12-01T10:00").rc == 0
    assert not flagged("2026-12-01T10:01")


def test_the_flag_follows_the_rulebook_and_refuses_nonsense(cli, tmp_path):
    site = tmp_path / "site.toml"
    site.write_text('[lost]\nflag_after = "0m"\n', encoding="utf-8")
    r = cli("rulebook", "check", str(site))
    assert r.rc != 0 and "lost.flag_after" in r.err + r.out


def test_a_lost_item_of_a_confidential_meeting_does_not_name_it(cli):
    ident = cli.book("Room A", "2026-11-23T08:00", "2026-11-23T09:00", "--confidential",
                     now="2026-11-20T10:00")
    cli("lost", "add", "--item", "folder", "--meeting", ident)
    assert cli("lost", "list", json=True, login="duty").json()[0]["meeting"] != "Weekly meeting"
    assert cli("lost", "list", json=True, login="super").json()[0]["meeting"] == "Weekly meeting"
