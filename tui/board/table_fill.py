"""Filling a board table (table.py): its rows added in one pass, the window's "earlier" and
"more" rows (table_window.py) with them, and only the rows that can change a dimension
measured (issue 13, the first full board)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from rich.text import Text
from textual.widgets.data_table import DuplicateKey, Row, RowKey

from .cell_patch import CellPatching
from .columns import Column
from .i18n import Translator
from .literal import cell
from .refs import RowRef
from .row_data import RowData
from .table_window import EARLIER, EXTRA, MORE

Cells = tuple[Any, ...]


def _row_cells(columns: list[Any], shown: list[bool], cells: Cells) -> dict[Any, Any]:
    """A row's cells by the key of each column shown (``TableFill._visible`` then ``cell``)."""
    return dict(zip(columns, (cell(v) for v, on in zip(cells, shown, strict=True) if on), strict=True))


class TableFill(CellPatching):
    _columns: tuple[Column, ...]
    _t: Translator
    _rows: dict[RowRef, Cells]      # the rows shown
    _shown: tuple[str, ...]         # keys of the columns shown
    earlier: int                    # rows before the window (a windowed table)
    more: int                       # rows after it

    def _visible(self, cells: Cells) -> Cells:
        return tuple(v for c, v in zip(self._columns, cells, strict=True) if c.key in self._shown)

    def _extra_cells(self, ref: RowRef) -> Cells:
        """The "earlier" or "more" row: the count in the widest column shown, the others empty."""
        shown = [c for c in self.columns.values()]
        widest = max(shown, key=lambda c: c.width).key.value if shown else None
        n = self.earlier if ref == EARLIER else self.more
        text = Text(self._t(EXTRA[ref], n=f"{n:,}"), style="dim italic")
        return tuple(text if c.key == widest else "" for c in self._columns)

    def _more_cells(self) -> Cells:
        return self._extra_cells(MORE)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*(cell(c) for c in cells), **kwargs)

    def _add_rows(self, order: list[RowRef], more: int) -> None:
        """Add the rows ``order`` (after the "earlier" row, then the "more" row) at the
        bottom: what ``add_row`` does for each, with the per-table work done once.
        ``DataTable.add_row`` works out the ordered columns, re-sets the cursor (a reactive)
        and asks for an idle check for every row: 40 % of filling the large site's 2,200 rows
        (issue 13, the first full board)."""
        keys = [(str(EARLIER), self._extra_cells(EARLIER))] if self.earlier else []
        keys += [(str(key), self._rows[key]) for key in order]
        if more:
            keys.append((str(MORE), self._more_cells()))
        if len(keys) < 2:
            for key, cells in keys:
                self.add_row(*self._visible(cells), key=key)
            return
        columns = [column.key for column in self.ordered_columns]
        shown = [c.key in self._shown for c in self._columns]
        start = self.row_count
        for index, (key, cells) in enumerate(keys, start):
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            self._row_locations[row_key] = index
            # the cells by column when the table first reads them (row_data.py)
            self._data[row_key] = RowData(partial(_row_cells, columns, shown, cells))
            self.rows[row_key] = Row(row_key, 1, None, False)
            self._new_rows.add(row_key)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if start == 0 and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()   # a cursor where there was none (as add_row does)
        self._update_count += 1
        self.check_idle()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """``DataTable`` measures every cell of every new row for the widths of its
        auto-width columns (and a row's label, and lays out a row of auto height). The board's
        columns all have a width of their own (``_set_columns``) and its rows are one line
        without a label: measuring their cells changed nothing and was a sixth of the time to
        the first full board on the large site (2,200 rows of 6 cells). Only rows that can
        change a dimension are measured; the rest of the update (the virtual size) is as it was."""
        if not any(column.auto_width for column in self.columns.values()):
            new_rows = [key for key in new_rows if (row := self.rows.get(key)) is not None
                        and (row.label is not None or row.auto_height)]
        super()._update_dimensions(new_rows)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, cell(value), update_width=update_width)
