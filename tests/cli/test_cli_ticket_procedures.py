"""Issue 10 through the command line: exit codes and the JSON of the new ticket steps."""

from __future__ import annotations

import pytest
from clikit import Cli, seeded_cli


@pytest.fixture
def cli(tmp_path, capsys) -> Cli:  # noqa: ANN001
    return seeded_cli(tmp_path, capsys)


def refused(result, code: int, *needles: str) -> None:  # noqa: ANN001
    assert result.rc == code, (result.rc, result.err, result.out)
    assert result.out == ""
    for needle in needles:
        assert needle in result.err, (needle, result.err)


def open_args(*extra: str) -> list[str]:
    return ["ticket", "open", "--kind", "repair", "--location", "Room 305", "--contact", "Mr Wu",
            "--content", "Ceiling light flickering", *extra]


def test_an_emergency_is_never_an_inquiry(cli):
    before = cli("ticket", "list", "--all", json=True).json()
    refused(cli(*open_args("--priority", "emergency", "--inquiry"), login="clerk"), 3,
            "[registration.required]", "an emergency is always registered")
    refused(cli(*open_args("--phone", "1", "--on-site", "--inquiry"), login="clerk"), 3,
            "[registration.required]", "needs someone on site")
    assert cli("ticket", "list", "--all", json=True).json() == before


def test_phone_required_for_a_registered_case(cli):
    refused(cli(*open_args(), login="clerk"), 2, "--phone: required for a registered case")
    assert cli(*open_args("--inquiry"), login="clerk", json=True).json()["state"] == "inquiry"


def test_urgent_case_carries_the_escalation_from_the_first_minute(cli):
    ident = cli.ticket("--priority", "urgent")
    shown = cli("ticket", "show", ident, json=True).json()
    assert shown["escalated_at"] == "2026-11-23T10:00+08:00" and "escalated" in shown["flags"]
    flag = next(f for f in cli("flags", json=True).json() if f["subject"] == f"ticket:{ident}")
    assert (flag["kind"], flag["severity"]) == ("escalated", "alarm")
    assert "desk supervisor" in flag["message"]


def test_stall_and_list_apart(cli):
    ident = cli.ticket()
    r = cli("ticket", "stall", ident, "--reason", "needs the owner's budget", login="clerk", json=True)
    assert (r.json()["stalled"], r.json()["state"], r.json()["next_step"]) == (True, "open", None)
    assert [t["id"] for t in cli("ticket", "list", "--state", "stalled", json=True).json()] == [ident]
    assert ident not in [t["id"] for t in cli("ticket", "list", json=True).json()]
    refused(cli("ticket", "stall", ident, "--reason", "x", login="clerk"), 3, "[stall.once]")
    refused(cli("ticket", "stall", 999, "--reason", "x", login="clerk"), 5)
    refused(cli("ticket", "stall", ident, "--reason", "x", login="eng-lead"), 4)
    weekly = cli("report", "weekly", "--week", "2026-11-30", json=True).json()
    assert [(c["id"], c["stall_reason"]) for c in weekly["stalled"]] == [(ident, "needs the owner's budget")]
    assert ident not in [c["id"] for c in weekly["cases"]]
    assert "## Stalled" in cli("report", "weekly", "--week", "2026-11-30").out


def test_unresolvable_close_outside_the_quarterly_review(cli):
    ident = cli.ticket()
    assert cli("ticket", "stall", ident, "--reason", "budget", login="clerk").rc == 0
    refused(cli("ticket", "close", ident, "--unresolvable", "--reason", "budget"), 3,
            "[closing.unresolvable.window]", "2026-12-01 to 2026-12-05")
    r = cli("ticket", "close", ident, "--unresolvable", "--reason", "budget",
            now="2026-12-01T09:00", json=True)
    assert (r.json()["state"], r.json()["unresolvable"]) == ("closed", True)


def test_callback(cli):
    ident = cli.ticket()
    assert cli("ticket", "dispatch", ident, "--dept", "eng", login="clerk").rc == 0
    refused(cli("ticket", "callback", ident, "--satisfied", "yes", login="clerk"), 3,
            "[callback.unresolved]")
    refused(cli("ticket", "callback", ident, "--satisfied", "maybe", login="clerk"), 2)
    assert cli("ticket", "resolve", ident, "--result", "lamp replaced", "--signed",
               login="eng-lead").rc == 0
    assert cli("ticket", "show", ident, json=True).json()["callback"] is None
    r = cli("ticket", "callback", ident, "--satisfied", "no", "--manner", "yes", "--note",
            "lamp flickers again", login="clerk", now="2026-11-24T09:00", json=True)
    assert r.json()["callback"] == {"at": "2026-11-24T09:00+08:00", "satisfied": False,
                                    "manner": True, "note": "lamp flickers again"}
    assert cli("ticket", "show", ident, json=True).json()["callback"]["satisfied"] is False


def test_classify_a_complaint(cli):
    r = cli("ticket", "open", "--kind", "complaint", "--nature", "venting", "--location", "Car park",
            "--contact", "Ms Zhao", "--phone", "13800001111", "--content", "Angry about fees",
            login="clerk", json=True)
    ident = r.json()["id"]
    refused(cli("ticket", "classify", ident, "--nature", "help", "--note", "x", login="clerk"), 2)
    r = cli("ticket", "classify", ident, "--nature", "valid", "--note", "left waiting two days",
            login="super", json=True)
    assert r.json()["nature"] == "valid"
    refused(cli("ticket", "classify", ident, "--nature", "valid", "--note", "x", login="clerk"), 3,
            "[classify.valid_only]")
    refused(cli("ticket", "classify", ident, "--nature", "valid", "--note", "x", login="eng-lead"), 4)
    refused(cli("--readonly", "ticket", "classify", ident, "--nature", "valid", "--note", "x",
                login="clerk"), 4, "--readonly")


def test_a_charged_repair_raises_a_payment_notice(cli):
    ident = cli.ticket()
    assert cli("ticket", "dispatch", ident, "--dept", "eng", login="clerk").rc == 0
    for bad in ("0", "-5", "12.345", "abc", "1e12", "NaN"):
        refused(cli("ticket", "resolve", ident, "--result", "x", "--charge", bad, login="eng-lead"), 2,
                "--charge")
    r = cli("ticket", "resolve", ident, "--result", "socket replaced", "--signed", "--charge",
            "85.5", login="eng-lead", json=True)
    assert r.json()["charge"] == "85.50"
    assert cli("ticket", "show", ident, json=True).json()["charge"] == "85.50"
    free = cli.ticket()
    assert cli("ticket", "dispatch", free, "--dept", "eng", login="clerk").rc == 0
    assert cli("ticket", "resolve", free, "--result", "tightened", login="eng-lead").rc == 0
    notices = cli("report", "payments", json=True).json()
    assert (notices["month"], notices["total"]) == ("2026-11", "85.50")
    assert [(n["id"], n["amount"], n["resolved_at"]) for n in notices["notices"]] == [
        (ident, "85.50", "2026-11-23T10:00+08:00")]
    assert cli("report", "payments", "--month", "2026-10", json=True).json()["notices"] == []
    text = cli("report", "payments")
    assert text.rc == 0 and "# Payment notices 2026-11" in text.out and "total: 85.50 (1 notices)" in text.out
    refused(cli("report", "payments", "--month", "2026-13"), 2, "--month")


def test_report_quarterly(cli):
    ident = cli("ticket", "open", "--kind", "complaint", "--nature", "valid", "--location", "Lobby",
                "--contact", "Ms Zhao", "--phone", "13800001111", "--content", "Guard was rude",
                login="clerk", json=True).json()["id"]
    data = cli("report", "quarterly", "--quarter", "2026-Q4", "--households", "10", json=True).json()
    assert data["months"] == [
        {"month": "2026-10", "valid_complaints": 0, "complaint_rate_percent": "0.00", "below_target": True},
        {"month": "2026-11", "valid_complaints": 1, "complaint_rate_percent": "10.00",
         "below_target": False},
        {"month": "2026-12", "valid_complaints": 0, "complaint_rate_percent": "0.00", "below_target": True}]
    assert (data["due"], data["valid_complaints"], data["corrective_note_needed"]) == ("2026-12-05", 1, True)
    assert data["callbacks"]["satisfaction_percent"] is None and ident
    md = cli("report", "quarterly", "--households", "10")
    assert md.rc == 0 and "# Quarterly report 2026-Q4" in md.out and "corrective steps" in md.out
    csv = cli("report", "quarterly", "--format", "csv")
    assert csv.rc == 0 and "complaint_rate_percent,2026-11," in csv.out
    refused(cli("report", "quarterly", "--quarter", "2026-Q5"), 2, "not a quarter")


def test_report_sign_quarterly(cli):
    refused(cli("report", "sign", "quarterly", "--quarter", "2026-Q4", "--comment", "ok",
                now="2026-12-03T09:00"), 3, "[quarterly.order]")
    r = cli("report", "sign", "quarterly", "--quarter", "2026-Q4", login="super", json=True)
    assert (r.json()["role"], r.json()["by"], r.json()["quarter"]) == ("head", "super", "2026-Q4")
    refused(cli("report", "sign", "quarterly", "--quarter", "2026-Q4", login="clerk"), 4)
    refused(cli("--readonly", "report", "sign", "quarterly", "--quarter", "2026-Q4", "--comment", "x"),
            4, "--readonly")
    r = cli("report", "sign", "quarterly", "--quarter", "2026-q4", "--comment", "Agreed", json=True)
    assert r.json()["role"] == "manager"
    data = cli("report", "quarterly", "--quarter", "2026-Q4", json=True).json()
    assert [(s["role"], s["comment"]) for s in data["signatures"]] == [("head", ""), ("manager", "Agreed")]
    assert "| manager | boss |" in cli("report", "quarterly", "--quarter", "2026-Q4").out
