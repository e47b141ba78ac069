"""Shift handover notes (issue 11): write and acknowledge are audited writes for the shift
roles; a note is pending for everyone but its writer until acknowledged."""

from __future__ import annotations

import json

import pytest
from dutyboard.store import handover
from dutyboard.store.errors import NotPermitted, Refused, UsageError
from dutyboard.store.models import Audit, Handover
from storekit import acting, at, counts, last_audit, seed, set_now


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    return seed(make_ctx(db_url, "boss", "2026-11-23 17:55"))


def write(ctx, login: str = "clerk", text: str = "Room 305 leak: plumber back at 08:00") -> Handover:  # noqa: ANN001
    with acting(ctx, login):
        return handover.write_note(ctx, text)


def test_a_note_is_written_and_audited(ctx) -> None:  # noqa: ANN001
    row = write(ctx, text="  Room 305 leak  ")
    audit = last_audit()
    assert (audit.action, audit.entity, audit.entity_id, audit.actor) == ("handover.write", "handover",
                                                                         row.id, "clerk")
    assert json.loads(audit.after) == {"text": "Room 305 leak", "written_by": "clerk"}
    stored = Handover.get_by_id(row.id)
    assert (stored.text, stored.written_by.login, stored.acked_at) == ("Room 305 leak", "clerk", None)


def test_pending_for_everyone_but_the_writer_until_acknowledged(ctx) -> None:  # noqa: ANN001
    first = write(ctx)
    second = write(ctx, "duty", "Fire door B2 propped open; security told")
    assert [n.id for n in handover.pending_for("clerk")] == [second.id]
    assert [n.id for n in handover.pending_for("super")] == [first.id, second.id]
    assert handover.pending_for("nobody") == []
    set_now(ctx, "2026-11-24 08:05")
    with acting(ctx, "super"):
        done = handover.acknowledge(ctx, [first.id, second.id, first.id])
    assert [n.id for n in done] == [first.id, second.id]
    assert handover.pending_for("super") == [] and handover.pending_for("clerk") == []
    rows = list(Audit.select().where(Audit.action == "handover.ack").order_by(Audit.id))
    assert [(a.entity_id, a.actor) for a in rows] == [(first.id, "super"), (second.id, "super")]
    assert json.loads(rows[0].before) == {"acked_by": None, "acked_at": None}
    assert json.loads(rows[0].after)["acked_at"].startswith("2026-11-24T00:05")
    assert Handover.get_by_id(first.id).acked_by.login == "super"


def test_acknowledged_twice_is_written_once(ctx) -> None:  # noqa: ANN001
    note = write(ctx)
    with acting(ctx, "duty"):
        handover.acknowledge(ctx, [note.id])
    before = counts()
    with acting(ctx, "super"):
        assert handover.acknowledge(ctx, [note.id]) == []
    assert counts() == before and Handover.get_by_id(note.id).acked_by.login == "duty"


def test_nobody_acknowledges_their_own_note(ctx) -> None:  # noqa: ANN001
    mine, theirs = write(ctx), write(ctx, "duty")
    before = counts()
    with acting(ctx, "clerk"), pytest.raises(Refused, match="handover.self_ack"):
        handover.acknowledge(ctx, [theirs.id, mine.id])
    assert counts() == before   # one transaction: the other note is not acknowledged either
    assert Handover.get_by_id(theirs.id).acked_at is None


@pytest.mark.parametrize(("login", "allowed"), [("duty", True), ("clerk", True), ("super", True),
                                                ("boss", True), ("eng-lead", False)])
def test_who_may_write_and_acknowledge(ctx, login: str, allowed: bool) -> None:  # noqa: ANN001
    other = write(ctx, "clerk" if login != "clerk" else "duty")
    before = counts()
    if allowed:
        write(ctx, login)
        with acting(ctx, login):
            assert len(handover.acknowledge(ctx, [other.id])) == 1
        return
    with acting(ctx, login), pytest.raises(NotPermitted, match="handover.write"):
        handover.write_note(ctx, "hello")
    with acting(ctx, login), pytest.raises(NotPermitted, match="handover.ack"):
        handover.acknowledge(ctx, [other.id])
    assert counts() == before


@pytest.mark.parametrize(("text", "why"), [("   ", "must not be empty"),
                                           ("x" * (handover.MAX_NOTE + 1), "at most 4000")])
def test_an_empty_or_huge_note_is_refused(ctx, text: str, why: str) -> None:  # noqa: ANN001
    before = counts()
    with acting(ctx, "clerk"), pytest.raises(UsageError, match=why):
        handover.write_note(ctx, text)
    assert counts() == before


def test_notes_between_is_the_window(ctx) -> None:  # noqa: ANN001
    early = write(ctx)
    set_now(ctx, "2026-11-24 08:00")
    late = write(ctx, "duty")
    def ids(start: str, end: str) -> list[int]:
        return [n.id for n in handover.notes_between(at(start), at(end))]
    assert ids("2026-11-23 17:00", "2026-11-23 18:00") == [early.id]
    assert ids("2026-11-23 17:00", "2026-11-24 09:00") == [early.id, late.id]
