"""Each ticket's clock worked out once (tui/board/ticket_clock.py, issue 13): the cells, the
due instants, the flags and the re-derivation instants are what the rules give when asked afresh,
also after the ticket or the rulebook changed under the same ticket id."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import arrow
from dutyboard.rules.flag_times import next_instant, ticket_instants
from dutyboard.rules.flags import ticket_flags
from dutyboard.rules.tickets import next_step
from dutyboard.store.board import Delta, Snapshot, TicketRow
from dutyboard.tui.board import rows as R
from dutyboard.tui.board import ticket_clock
from dutyboard.tui.board.derive import BoardRows, View
from dutyboard.tui.board.fmt import countdown
from dutyboard.tui.board.i18n import Translator
from dutyboard.tui.board.refs import RowRef
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text
from test_board_derive import BOOK, NOW, TZ, snapshots, tickets

OTHER = replace(BOOK, first_follow_up=BOOK.first_follow_up + timedelta(minutes=45))


def old_next(row: TicketRow, now: arrow.Arrow, t: Translator, book) -> Text:  # noqa: ANN001
    """rows._ticket_next before issue 13: the rules asked every time."""
    step = next_step(row.fact, book)
    if step is None:
        return Text("-")
    nxt = countdown(step.due, now, t)
    nxt.append(f" {step.label()}" if t.lang == "en" else
               (" 升级" if step.kind == "escalate" else f" 第{step.number}次跟进"))
    return nxt


def exact(cells: tuple) -> tuple:
    """Cells compared with their styles (rich's Text compares its text and spans only)."""
    return tuple(repr(c) for c in cells)


def check(snap: Snapshot, now: arrow.Arrow, book, lang: str) -> None:  # noqa: ANN001
    t = Translator(lang)
    keys = [RowRef("ticket", i) for i in snap.tickets]
    for key in keys:
        row = snap.tickets[key.number]
        step = next_step(row.fact, book)
        assert ticket_clock.step(row.fact, book) == step
        assert ticket_clock.instants(row.fact, book) == tuple(ticket_instants(row.fact, book))
        assert ticket_clock.close(row.fact, book) == book.calendar.end_of_working_day(row.fact.opened_at)
        assert [(f, dict(f.values)) for f in ticket_clock.flags(row.fact, book, now)] == [
            (f, dict(f.values)) for f in ticket_flags(row.fact, book, now)]
        cells = R._ticket_cells(row, now, t, book)
        assert exact(cells[2:3]) == exact((old_next(row, now, t, book),))
    assert R.ticket_dues(snap, keys, book) == {
        k: s.due if (s := next_step(snap.tickets[k.number].fact, book)) else None for k in keys}
    assert {k: repr(v) for k, v in R.ticket_countdowns(snap, keys, now, t, book).items()} == {
        k: repr(old_next(snap.tickets[k.number], now, t, book)) for k in keys}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), snapshots(), st.integers(-300, 3000), st.sampled_from(("en", "zh")))
def test_the_kept_clock_is_the_rules_clock(data: st.DataObject, snap: Snapshot, later: int,
                                           lang: str) -> None:
    now = NOW.shift(minutes=later)
    check(snap, now, BOOK, lang)
    check(snap, now, OTHER, lang)          # another rulebook: its own answers
    fresh = {i: data.draw(tickets(i)) for i in snap.tickets}    # news of every ticket, same ids
    check(replace(snap, tickets=fresh), now, BOOK, lang)
    check(snap, now, BOOK, lang)           # and back


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), snapshots(), st.integers(-300, 3000))
def test_rows_derived_with_a_warm_clock_are_the_rows_derived_cold(data: st.DataObject, snap: Snapshot,
                                                                 later: int) -> None:
    now = NOW.shift(minutes=later)
    v = View(Translator("en"), TZ, BOOK)
    warm = BoardRows(v)
    warm.rebuild(snap, now)
    changed = replace(snap, tickets={i: data.draw(tickets(i)) for i in snap.tickets})
    warm.rebuild(changed, now)
    ticket_clock.forget()
    cold = BoardRows(v)
    cold.rebuild(changed, now)
    for name, pane in cold.panes.items():
        assert [(k, exact(c)) for k, c in warm.panes[name].rows()] == [(k, exact(c)) for k, c in pane.rows()]
    assert warm.next_due() == cold.next_due()
    assert warm._due == cold._due


def scheduled(snap: Snapshot, now: arrow.Arrow) -> dict:
    """Each ticket's next instant as the rules give it (derive's schedule before issue 13)."""
    out = {}
    for ident, row in snap.tickets.items():
        at = next_instant(ticket_instants(row.fact, BOOK), now)
        if at is not None:
            out[("ticket", ident)] = at.timestamp()
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), snapshots(), st.integers(-300, 3000))
def test_a_full_rebuild_schedules_its_tickets_as_the_rules_say(data: st.DataObject, snap: Snapshot,
                                                             later: int) -> None:
    """A full rebuild leaves its tickets' schedule for later (after the first paint): what
    comes next finds it as if it had been worked out at once, also when the next call
    re-derives a ticket whose schedule was still waiting."""
    now = NOW.shift(minutes=later)
    rows = BoardRows(View(Translator("en"), TZ, BOOK))
    rows.rebuild(snap, now)
    if data.draw(st.booleans()):
        ident = data.draw(st.sampled_from(sorted(snap.tickets)))
        snap = replace(snap, token=2, tickets={**snap.tickets, ident: data.draw(tickets(ident))},
                       delta=Delta(tickets=frozenset({ident}), since=snap.token))
        rows.apply(snap, snap.delta, now)     # type: ignore[arg-type]
    rows.next_due()
    assert {k: v for k, v in rows._due.items() if k[0] == "ticket"} == scheduled(snap, now)
    heap = sorted((when, source) for when, _, source in rows._heap if rows._due.get(source) == when)
    assert heap == sorted((when, source) for source, when in rows._due.items())


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 366 * 24 * 60), st.sampled_from(("Asia/Shanghai", "Europe/London", "America/New_York")),
       st.sampled_from(("UTC", "+08:00", "Europe/London")))
def test_kept_local_times_are_arrows_own(minute: int, tz: str, given_in: str) -> None:
    """fmt.local_hm keeps its answers by instant and zone: the same instant given in another
    zone, and the hours around daylight-saving changes, read as Arrow reads them."""
    from dutyboard.tui.board.fmt import local_hm
    instant = arrow.get("2026-01-01T00:00:00+00:00").shift(minutes=minute).to(given_in)
    assert local_hm(instant, tz) == instant.to(tz).format("HH:mm")
    assert local_hm(instant.to("UTC"), tz) == instant.to(tz).format("HH:mm")
