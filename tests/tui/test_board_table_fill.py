"""A board table is filled in one pass (issue 13, the first full board): ``_add_rows`` leaves
the DataTable exactly as one ``add_row`` per row does, and the first layout that gives a table
its width gives it its rows too, so the first paint is not of empty tables."""

from __future__ import annotations

from typing import Any

from dutyboard.tui.board.columns import Column
from dutyboard.tui.board.i18n import Translator
from dutyboard.tui.board.refs import RowRef
from dutyboard.tui.board.table import EARLIER, MORE, BoardTable
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

COLUMNS = (Column("a", "col.time", width=6), Column("b", "col.title", weight=1, minimum=8),
           Column("c", "col.venue", width=4, drop=2))


class OneTable(App[None]):
    CSS = "BoardTable { height: 1fr; }"   # as in a pane: its size does not follow its rows

    def __init__(self, table: BoardTable) -> None:
        super().__init__()
        self.table = table
        self.highlighted: list[int] = []

    def compose(self) -> ComposeResult:
        yield self.table

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.highlighted.append(event.cursor_row)


def state(table: BoardTable) -> tuple[Any, ...]:
    cells = {str(k.value): {str(c.value): (v.markup if isinstance(v, Text) else v)
                            for c, v in row.items()} for k, row in table._data.items()}
    rows = [(str(k.value), r.height, r.label, r.auto_height) for k, r in table.rows.items()]
    locations = [(str(k.value), table._row_locations.get(k)) for k in table.rows]
    return (cells, rows, locations, tuple(table.cursor_coordinate), table.keys, table.more,
            table.earlier, table.virtual_size)


async def filled(width: int, rows: list[tuple[RowRef, tuple[Any, ...]]], cap: int | None,
                 one_by_one: bool, start: int | None = None) -> tuple[tuple[Any, ...], list[int]]:
    """The table once filled with ``rows``, then with them in reverse; ``start``: a
    windowed table's window from there (None: not windowed)."""
    table = BoardTable(COLUMNS, Translator("en"), cap, windowed=start is not None)
    if one_by_one:
        def add_rows(order: list[RowRef], more: int) -> None:
            if table.earlier:
                table.add_row(*table._visible(table._extra_cells(EARLIER)), key=str(EARLIER))
            for key in order:
                table.add_row(*table._visible(table._rows[key]), key=str(key))
            if more:
                table.add_row(*table._visible(table._more_cells()), key=str(MORE))
        table._add_rows = add_rows  # type: ignore[method-assign]
    app = OneTable(table)
    async with app.run_test(size=(width, 12)) as pilot:
        table.sync(rows, start or 0)
        await pilot.pause()
        table.sync(rows[::-1], start or 0)    # every row moved: a rebuild
        await pilot.pause()
        return state(table), app.highlighted


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
cells = st.tuples(texts, st.one_of(texts, texts.map(lambda s: Text(s, style="bold"))), texts)


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(cells, min_size=0, max_size=40), cap=st.one_of(st.none(), st.integers(1, 30)),
       width=st.sampled_from([30, 60]), start=st.one_of(st.none(), st.integers(0, 45)))
async def test_the_bulk_fill_is_one_add_row_per_row(rows: list[tuple[Any, ...]], cap: int | None,
                                                   width: int, start: int | None) -> None:
    keyed = [(RowRef("ticket", i), c) for i, c in enumerate(rows)]
    assert await filled(width, keyed, cap, False, start) == await filled(width, keyed, cap, True, start)


async def test_the_first_layout_gives_the_table_its_rows() -> None:
    table = BoardTable(COLUMNS, Translator("en"))
    table.sync([(RowRef("ticket", i), (f"{i:02}:00", f"title {i}", "x")) for i in range(5)])
    sizes: list[int] = []
    counts: list[int] = []

    def painted(*args: Any) -> Any:
        sizes.append(table.row_count)
        counts.append(table._update_count)
        return render_lines(*args)
    render_lines = table.render_lines
    table.render_lines = painted  # type: ignore[method-assign]
    async with OneTable(table).run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        assert sizes and sizes[0] == 5      # the first paint shows the rows
        # and the Resize that follows keeps what it rendered (DataTable's own drops it all)
        assert set(counts) == {table._update_count}
        assert table.shown_columns == ("a", "b", "c")
        assert table.get_row_at(4)[0] == Text("04:00")
