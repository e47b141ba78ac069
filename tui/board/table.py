"""A DataTable that updates in place: keyed rows, ``update_cell`` only for changed
values, a rebuild only when the row order changed (keeping the cursor on its row).
Rows are keyed by ``RowRef``; column widths come from columns.py (the pane's width), which
may leave the least essential columns out of a narrow pane: rows always carry every
column's cell, the table shows those of the columns shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dutyboard.rules.text import visible
from rich.text import Text
from textual import events
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from .columns import Column, column_widths
from .i18n import Translator
from .keys import TABLE, bindings
from .refs import RowRef

Cells = tuple[Any, ...]


def _literal(value: Any) -> Any:
    """Cell text is data, never Rich markup: DataTable parses a plain ``str`` as markup, so a
    location like "Hall [/b] door" would crash the render (MarkupError) and "[draft]" would
    vanish; parsing every visible cell again on each tick also cost ~15% of the idle CPU.
    Control characters are shown visibly (an ESC in a title must not reach the terminal)."""
    return Text(visible(value), end="") if isinstance(value, str) else value


class BoardTable(DataTable):
    BINDINGS = bindings(TABLE)

    def __init__(self, columns: Sequence[Column], t: Translator, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._columns = tuple(columns)
        self._t = t
        self._rows: dict[RowRef, Cells] = {}
        self._order: list[RowRef] = []
        self.filter_text = ""
        self._shown: tuple[str, ...] = ()   # keys of the columns shown

    def on_mount(self) -> None:
        self._set_columns(column_widths(self._columns, self._t, max(0, self.size.width - 1)))

    def _set_columns(self, widths: dict[str, int]) -> None:
        """(Re)build the columns shown, then the rows (a narrow pane leaves some out)."""
        self._shown = tuple(c.key for c in self._columns if c.key in widths)
        keep = self.selected
        with self.app.batch_update():
            self.clear(columns=True)
            for column in self._columns:
                if column.key in widths:
                    self.add_column(Text(self._t(column.label)), key=column.key,
                                    width=widths[column.key])
            for key in self._order:
                self.add_row(*self._visible(self._rows[key]), key=str(key))
            if keep in self._rows:
                self.move_cursor(row=self._order.index(keep), animate=False)

    def _visible(self, cells: Cells) -> Cells:
        return tuple(v for c, v in zip(self._columns, cells, strict=True) if c.key in self._shown)

    @property
    def shown_columns(self) -> tuple[str, ...]:
        return self._shown

    def on_resize(self, event: events.Resize) -> None:
        """Flexible columns share the pane's width (the scrollbar's gutter is always kept)."""
        widths = column_widths(self._columns, self._t, event.size.width - 1)
        if tuple(c.key for c in self._columns if c.key in widths) != self._shown:
            self._set_columns(widths)
            return
        changed = False
        for key, width in widths.items():
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None and column.width != width:
                column.width, changed = width, True
        if changed:
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()

    # -- what the table shows -----------------------------------------------------------
    @property
    def keys(self) -> list[RowRef]:
        """The rows shown, top to bottom."""
        return list(self._order)

    def cells(self, key: RowRef) -> Cells:
        return self._rows[key]

    @property
    def selected(self) -> RowRef | None:
        if not self._order or self.cursor_row < 0 or self.cursor_row >= len(self._order):
            return None
        return self._order[self.cursor_row]

    def visible_keys(self) -> list[RowRef]:
        top = int(self.scroll_y)
        height = max(1, self.size.height)
        return self._order[top: top + height]

    def _matches(self, cells: Cells) -> bool:
        if not self.filter_text:
            return True
        needle = self.filter_text.lower()
        return any(needle in str(c).lower() for c in cells)

    def sync(self, rows: Sequence[tuple[RowRef, Cells]]) -> None:
        """Show exactly ``rows`` (key, cells), touching as little as possible."""
        wanted = [(k, c) for k, c in rows if self._matches(c)]
        order = [k for k, _ in wanted]
        if order == self._order:
            for key, cells in wanted:
                old = self._rows.get(key)
                if old == cells:
                    continue
                for column, value, before in zip(self._columns, cells, old or (None,) * len(cells),
                                                 strict=True):
                    if value != before and column.key in self._shown:
                        self.update_cell(str(key), column.key, value)
                self._rows[key] = cells
            return
        keep = self.selected
        with self.app.batch_update():
            self.clear()
            for key, cells in wanted:
                self.add_row(*self._visible(cells), key=str(key))
            self._rows = dict(wanted)
            self._order = order
            if keep in self._rows:
                self.move_cursor(row=order.index(keep), animate=False)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*(_literal(c) for c in cells), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, _literal(value), update_width=update_width)

    def update_column(self, column: str, values: dict[RowRef, Any]) -> None:
        """Set one column for some rows (the per-second countdown tick)."""
        index = [c.key for c in self._columns].index(column)
        for key, value in values.items():
            cells = self._rows.get(key)
            if cells is None or cells[index] == value:
                continue
            if column in self._shown:
                try:
                    self.update_cell(str(key), column, value)
                except RowDoesNotExist:
                    continue
            self._rows[key] = cells[:index] + (value,) + cells[index + 1:]

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=max(0, len(self._order) - 1))
