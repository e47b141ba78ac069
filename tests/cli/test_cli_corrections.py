"""Issue 11 on the command line: the day's summary before a sign-off, a sign-off revoked
with a reason, a wrong verification revoked with a reason. Exit codes, nothing written on
a refusal, and the audit row each correction leaves."""

from __future__ import annotations

import pytest
from clikit import Cli, dump, one_line_error, seeded_cli


@pytest.fixture
def cli(tmp_path, capsys) -> Cli:  # noqa: ANN001
    return seeded_cli(tmp_path, capsys)


def refused(cli: Cli, result, code: int, *needles: str, before: list[str] | None = None) -> None:  # noqa: ANN001
    assert result.rc == code, (result.rc, result.err, result.out)
    assert result.out == ""
    line = one_line_error(result.err)
    for needle in needles:
        assert needle in line, (needle, line)
    if before is not None:
        assert dump(cli.path) == before


def last_audit(cli: Cli) -> dict:
    return cli("audit", "--limit", "1", json=True).json()[0]


def test_signoff_summary_warns_before_close_of_business(cli):
    cli.ticket("--priority", "emergency")
    cli.ticket()
    summary = cli("signoff", "summary", login="super", now="2026-11-23T10:00", json=True).json()
    assert (summary["day"], summary["registered"], summary["still_open"]) == ("2026-11-23", 2, 2)
    assert (summary["emergencies_open"], summary["escalated"]) == (1, 1)
    assert summary["close_of_business"] == "2026-11-23T18:00+08:00"
    assert summary["warnings"] == ["before_closing", "emergencies_open"]
    assert summary["signed_by"] is None
    after = cli("signoff", "summary", login="super", now="2026-11-23T18:05", json=True).json()
    assert after["warnings"] == ["emergencies_open"]
    # a read: anyone who is a user may look, and it writes nothing
    before = dump(cli.path)
    assert cli("signoff", "summary", login="clerk").rc == 0
    assert dump(cli.path) == before


def test_signoff_revoke_with_reason_is_audited(cli):
    assert cli("signoff", login="super", now="2026-11-23T17:00", json=True).json()["day"] == "2026-11-23"
    before = dump(cli.path)
    refused(cli, cli("signoff", "revoke", "2026-11-23", "--reason", "too early", login="clerk"), 4,
            "signoff.revoke", before=before)
    refused(cli, cli("signoff", "revoke", "2026-11-23", login="super"), 2, "--reason", before=before)
    refused(cli, cli("signoff", "revoke", "2026-11-23", "--reason", "  ", login="super"), 2,
            "--reason", before=before)
    refused(cli, cli("signoff", "revoke", "--reason", "x", login="super"), 2, "needs the day",
            before=before)
    refused(cli, cli("signoff", "revoke", "23/11", "--reason", "x", login="super"), 2,
            "not a date", before=before)
    refused(cli, cli("signoff", "revoke", "2026-11-20", "--reason", "x", login="super"), 5,
            "2026-11-20 is not signed off", before=before)
    r = cli("signoff", "revoke", "2026-11-23", "--reason", "two emergencies still open",
            login="super", json=True).json()
    assert r == {"day": "2026-11-23", "revoked_by": "super", "reason": "two emergencies still open"}
    row = last_audit(cli)
    assert (row["actor"], row["action"], row["note"]) == ("super", "signoff.revoke",
                                                          "two emergencies still open")
    # unsigned again: flagged after close of business, and it may be signed anew
    flags = cli("flags", now="2026-11-23T18:01", json=True).json()
    assert "day:2026-11-23" in [f["subject"] for f in flags if f["kind"] == "signoff_missing"]
    assert cli("signoff", login="super", now="2026-11-23T18:10").rc == 0
    assert cli("audit", "verify").rc == 0


def test_signoff_takes_no_stray_arguments(cli):
    before = dump(cli.path)
    refused(cli, cli("signoff", "2026-11-23", login="super"), 2, "invalid choice", before=before)
    refused(cli, cli("signoff", "--reason", "x", login="super"), 2, "signoff revoke", before=before)


def _verified_item(cli: Cli) -> int:
    meeting = cli.book()
    items = cli("task", "list", "--meeting", meeting, json=True).json()
    ident = next(t["id"] for t in items if t["verify"])
    cli("task", "done", ident, login="boss", now="2026-11-23T13:40")
    assert cli("task", "verify", ident, login="duty", now="2026-11-23T13:41").rc == 0
    return ident


def test_task_unverify_needs_a_reason_and_the_role(cli):
    ident = _verified_item(cli)
    before = dump(cli.path)
    refused(cli, cli("task", "unverify", ident, "--reason", "wrong", login="clerk"), 4,
            "task.unverify", before=before)
    refused(cli, cli("task", "unverify", ident, "--reason", "wrong", login="eng-lead"), 4,
            before=before)
    refused(cli, cli("task", "unverify", ident, login="duty"), 2, "--reason", before=before)
    refused(cli, cli("task", "unverify", ident, "--reason", " ", login="duty"), 2, "--reason",
            before=before)
    refused(cli, cli("task", "unverify", 9999, "--reason", "x", login="duty"), 5, "no task 9999",
            before=before)
    shown = cli("task", "unverify", ident, "--reason", "microphones not level", login="super",
                now="2026-11-23T13:45", json=True).json()
    assert (shown["state"], shown["verified_by"], shown["done_by"]) == ("done", None, "boss")
    row = last_audit(cli)
    assert (row["actor"], row["action"], row["entity_id"]) == ("super", "task.unverify", ident)
    assert row["note"].endswith("verification revoked: microphones not level")
    # once revoked it is not verified: a second revocation is refused by the rule
    refused(cli, cli("task", "unverify", ident, "--reason", "again", login="duty"), 3,
            "[task.unverify]")
    # and the duty officer may verify it again
    assert cli("task", "verify", ident, login="duty", now="2026-11-23T13:50").rc == 0
    assert cli("audit", "verify").rc == 0
