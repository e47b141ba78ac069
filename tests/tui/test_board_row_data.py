"""A board table's rows keep their cells by column as ``RowData`` (row_data.py), made when the
table first reads them: a row off screen at the first full board is not worked out (issue 13),
and every way DataTable reads or changes a row sees the dict it would have held."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from dutyboard.tui.board.columns import Column
from dutyboard.tui.board.i18n import Translator
from dutyboard.tui.board.pane_rows import LazyCells
from dutyboard.tui.board.refs import RowRef
from dutyboard.tui.board.row_data import RowData
from dutyboard.tui.board.table import BoardTable
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.widgets.data_table import RowKey

COLUMNS = (Column("a", "col.time", width=6), Column("b", "col.title", weight=1, minimum=8))

keys = st.sampled_from("abcdef")
operations = st.lists(st.one_of(
    st.tuples(st.just("get"), keys), st.tuples(st.just("item"), keys),
    st.tuples(st.just("set"), keys, st.integers()), st.tuples(st.just("del"), keys),
    st.tuples(st.just("in"), keys), st.tuples(st.just("pop"), keys),
    st.tuples(st.just("update"), st.dictionaries(keys, st.integers(), max_size=3)),
    st.tuples(st.just("view"), st.sampled_from(["keys", "values", "items", "iter", "len", "copy",
                                                  "repr", "eq", "dict", "itemgetter"]))),
    max_size=12)


def apply(row: dict[str, int], operation: tuple[Any, ...]) -> Any:
    """One operation on ``row``: its result, or the exception's type."""
    name, *args = operation
    try:
        if name == "get":
            return row.get(args[0], -1)
        if name == "item":
            return row[args[0]]
        if name == "set":
            row[args[0]] = args[1]
            return None
        if name == "del":
            del row[args[0]]
            return None
        if name == "in":
            return args[0] in row
        if name == "pop":
            return row.pop(args[0], None)
        if name == "update":
            row.update(args[0])
            return None
        view = args[0]
        return {"keys": lambda: list(row.keys()), "values": lambda: list(row.values()),
                "items": lambda: list(row.items()), "iter": lambda: list(row), "len": lambda: len(row),
                "copy": lambda: row.copy(), "repr": lambda: repr(row), "eq": lambda: row == {"a": 1},
                "dict": lambda: dict(row),
                "itemgetter": lambda: itemgetter(*sorted(row))(row) if row else ()}[view]()
    except KeyError as error:
        return type(error)


@given(st.dictionaries(keys, st.integers(), max_size=6), operations)
def test_row_data_is_the_dict_it_makes(content: dict[str, int], steps: list[tuple[Any, ...]]) -> None:
    plain, lazy = dict(content), RowData(lambda: dict(content))
    assert not lazy.made
    for step in steps:
        assert apply(lazy, step) == apply(plain, step), step
    assert lazy == plain and dict(lazy) == plain


class OneTable(App[None]):
    CSS = "BoardTable { height: 1fr; }"

    def __init__(self, table: BoardTable) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        yield self.table


def made(table: BoardTable, index: int) -> bool:
    data = table._data[RowKey(str(RowRef("ticket", index)))]
    assert isinstance(data, RowData)
    return data.made


async def test_rows_off_screen_are_not_worked_out_until_shown() -> None:
    worked: list[int] = []

    def cells(i: int) -> LazyCells:
        def make() -> tuple[str, ...]:
            worked.append(i)
            return (f"{i:02d}:00", f"ticket {i}")
        return LazyCells(make)
    table = BoardTable(COLUMNS, Translator("en"), cap=300)
    refs = [RowRef("ticket", i) for i in range(200)]
    table.patch(refs, {ref: cells(ref.number) for ref in refs})
    async with OneTable(table).run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        assert made(table, 0) and made(table, 5)       # on screen
        assert not made(table, 150) and 150 not in worked   # far below: neither its row nor its cells
        assert len(worked) < 30
        table.move_cursor(row=150)
        await pilot.pause()
        assert made(table, 150) and 150 in worked
        assert table.get_row(RowKey(str(RowRef("ticket", 199))))[1].plain == "ticket 199"
