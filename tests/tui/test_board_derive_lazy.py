"""The board's full derivation leaves the cells of ticket and escalation rows to be worked out
when first read (pane_rows.LazyCells, issue 13): every cell is still the one the eager
derivation made (text, spans, style: not only ``Text.__eq__``, which ignores the style), as
it was at the time of the derivation however the view changes after it; rows the capped
tables never show are never worked out, and the filter, which reads every row, finds them."""

from __future__ import annotations

import gc
import weakref
from dataclasses import replace

import arrow
from dutyboard.rules import ticket_flags
from dutyboard.rules.facts import TicketFact
from dutyboard.rules.flag_times import next_instant
from dutyboard.store.board import Delta, Snapshot, TicketRow
from dutyboard.tui.board import rows as R
from dutyboard.tui.board.columns import TICKET_COLUMNS
from dutyboard.tui.board.derive import PANES, BoardRows, View
from dutyboard.tui.board.i18n import Translator
from dutyboard.tui.board.pane_rows import LazyCells, made
from dutyboard.tui.board.table import BoardTable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text
from test_board_derive import BOOK, NOW, TZ, snapshots


def styled(value: object) -> object:
    """A cell as the screen shows it: a Text by its text, spans, style and end."""
    if isinstance(value, Text):
        return ("Text", value.plain, [tuple(s) for s in value.spans], str(value.style), value.end,
                value.justify, value.overflow, value.no_wrap)
    return (type(value).__name__, value)


def eager(snap: Snapshot, now: arrow.Arrow, v: View, pane: str, ref: R.RowRef) -> tuple:
    """The row's cells as the derivation made them before LazyCells (rows.py, eagerly)."""
    if pane == "tickets":
        cells = R._ticket_cells(snap.tickets[ref.number], now, v.t, v.book)
        if ref.number in v.marked:
            cells = (Text(f"*{cells[0]}", style="reverse"),) + cells[1:]
        return cells
    if ref.flag == "readiness_overdue":
        tasks = sorted((r for rows in snap.dept_tasks.values() for r in rows
                        if r.meeting_id == ref.number and r.state == "pending" and now >= r.due),
                       key=lambda r: (r.due, r.id))
        return R.group_cells(tasks, now, v.t, v.highlighted, v.tz)
    flag = next(f for f in R.escalation_flags(snap, now, v.book)
                if R.RowRef.of_flag(f.kind, f.subject) == ref)
    return R.flag_cells(flag, snap, now, v.t, v.highlighted, ref)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), st.integers(-120, 900), st.sampled_from(("en", "zh")),
       st.sampled_from((None, "fcc", "eng")), st.data())
def test_every_cell_is_the_one_the_eager_derivation_made(snap: Snapshot, later: int, lang: str,
                                                         dept: str | None, data: st.DataObject) -> None:
    now = NOW.shift(minutes=later)
    subjects = [f"ticket:{i}" for i in snap.tickets] + \
        [f"task:{r.id}" for rows in snap.dept_tasks.values() for r in rows]
    highlighted = set(data.draw(st.lists(st.sampled_from(subjects))))
    marked = set(data.draw(st.lists(st.sampled_from(sorted(snap.tickets)))))
    v = View(Translator(lang), TZ, BOOK, dept, set(highlighted), set(marked))
    rows = BoardRows(v)
    rows.rebuild(snap, now)
    # the view changes after the derivation (the screen makes a new one; a test may not)
    v.highlighted.update(subjects)
    v.marked.update(snap.tickets)
    before = View(v.t, TZ, BOOK, dept, highlighted, marked)
    for pane in ("tickets", "escalations"):
        for ref, cells in rows.panes[pane].rows():
            assert [styled(c) for c in cells] == [styled(c) for c in eager(snap, now, before, pane, ref)], ref


def test_lazy_cells_read_as_the_tuple() -> None:
    calls = []
    value = (Text("a", style="bold"), "b", "c")

    def make() -> tuple:
        calls.append(1)
        return value

    cells = LazyCells(make)
    assert not cells.made
    assert cells == value and value == cells and not (cells != value)
    assert len(cells) == 3 and list(cells) == list(value) and cells[1] == "b"
    assert cells[:1] + ("x",) + cells[2:] == (value[0], "x", "c")
    assert ("x",) + cells == ("x", *value) and cells + ("x",) == (*value, "x")
    assert "c" in cells and made(cells) is value and calls == [1]   # worked out once
    assert LazyCells(lambda: value) == cells and LazyCells(lambda: ()) != cells


def _large(n: int, ago: int = 0) -> Snapshot:
    tickets = {}
    for i in range(1, n + 1):
        fact = TicketFact(i, "repair", "normal", "open", NOW.shift(minutes=-i - ago), location=f"room {i}",
                          dept="eng")
        tickets[i] = TicketRow(fact, "repair", fact.location, "eng", "content", "", 1)
    return Snapshot(1, {}, {}, tickets)


def test_rows_never_read_are_never_worked_out_and_the_filter_finds_them() -> None:
    snap = _large(400)
    rows = BoardRows(View(Translator("en"), TZ, BOOK))
    rows.rebuild(snap, NOW, PANES)
    pane = rows.panes["tickets"]
    assert len(pane.order) == 400
    assert not any(c.made for c in pane.cells.values() if isinstance(c, LazyCells))
    table = BoardTable(TICKET_COLUMNS, Translator("en"), cap=300)
    order, touched = pane.take()
    assert order is not None
    table.patch(order, touched)          # before the table has columns: keeps the rows it shows
    assert len(table.keys) == 300 and table.more == 100
    table.filter_text = "room 377"       # past the cap: found, as before
    table.refilter()
    assert table.keys == [R.RowRef("ticket", 377)]
    assert str(table.cells(R.RowRef("ticket", 377))[6]) == "room 377"


@given(st.lists(st.none() | st.integers(-600, 600).map(lambda m: NOW.shift(minutes=m)), max_size=6),
       st.integers(-600, 600), st.sampled_from(("UTC", "Asia/Shanghai", "America/New_York")))
def test_the_next_instant_is_the_rules_own(instants: list, later: int, zone: str) -> None:
    """``next_instant`` compares the datetimes inside the Arrows: the same instant as
    Arrow's own operators pick (the function as it was, below)."""
    now = NOW.shift(minutes=later)
    mixed = [i.to(zone) if i is not None and i.minute % 2 else i for i in instants]
    assert next_instant(mixed, now) is arrow_next_instant(mixed, now)


def arrow_next_instant(instants: list, now: arrow.Arrow) -> arrow.Arrow | None:
    later = [i for i in instants if i is not None and i > now]
    return min(later) if later else None



def test_rows_left_to_be_worked_out_do_not_keep_their_snapshot() -> None:
    """An escalation row's cells keep the ticket or task its message names, not the whole
    snapshot: a board takes a snapshot a change, and the rows derived from one stay until
    the safety net derives everything again."""
    first = _large(50, ago=3000)
    rows = BoardRows(View(Translator("zh"), TZ, BOOK))
    rows.rebuild(first, NOW, PANES)
    cells = rows.panes["escalations"].cells
    assert cells and not any(c.made for c in cells.values() if isinstance(c, LazyCells))
    gone = weakref.ref(first)
    later = replace(first, token=2, tickets=dict(first.tickets), delta=Delta(since=1))
    rows.apply(later, Delta(since=1), NOW)
    del first
    gc.collect()
    assert gone() is None
    for ref, lazy in rows.panes["escalations"].rows():   # and they are what they were
        row = later.tickets[ref.number]
        flag = next(f for f in ticket_flags(row.fact, BOOK, NOW) if f.kind == ref.flag)
        assert [styled(c) for c in lazy] == [styled(c) for c in R.flag_cells(flag, later, NOW, rows.view.t,
                                                                            set(), ref)]
