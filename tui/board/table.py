"""A DataTable that updates in place: keyed rows, ``update_cell`` only for changed
values, a rebuild only when the row order changed (keeping the cursor on its row)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

Cells = tuple[Any, ...]


def _literal(value: Any) -> Any:
    """Cell text is data, never Rich markup: DataTable parses a plain ``str`` as markup, so a
    location like "Hall [/b] door" would crash the render (MarkupError) and "[draft]" would
    vanish; parsing every visible cell again on each tick also cost ~15% of the idle CPU."""
    return Text(value, end="") if isinstance(value, str) else value


class BoardTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    def __init__(self, columns: Sequence[tuple[str, str, int | None]], **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._columns = columns
        self._rows: dict[str, Cells] = {}
        self._order: list[str] = []
        self.filter_text = ""

    def on_mount(self) -> None:
        for key, label, width in self._columns:
            self.add_column(label, key=key, width=width)

    def relabel(self, labels: dict[str, str]) -> None:
        for key, label in labels.items():
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None:
                column.label = Text(label)
        self.refresh()

    @property
    def selected_key(self) -> str | None:
        if not self._order or self.cursor_row < 0 or self.cursor_row >= len(self._order):
            return None
        return self._order[self.cursor_row]

    def _matches(self, cells: Cells) -> bool:
        if not self.filter_text:
            return True
        needle = self.filter_text.lower()
        return any(needle in str(c).lower() for c in cells)

    def sync(self, rows: Sequence[tuple[str, Cells]]) -> None:
        """Show exactly ``rows`` (key, cells), touching as little as possible."""
        wanted = [(k, c) for k, c in rows if self._matches(c)]
        order = [k for k, _ in wanted]
        if order == self._order:
            for key, cells in wanted:
                old = self._rows.get(key)
                if old == cells:
                    continue
                for (col, _, _), value, before in zip(self._columns, cells, old or (None,) * len(cells),
                                                    strict=True):
                    if value != before:
                        self.update_cell(key, col, value)
                self._rows[key] = cells
            return
        keep = self.selected_key
        with self.app.batch_update():
            self.clear()
            for key, cells in wanted:
                self.add_row(*cells, key=key)
            self._rows = dict(wanted)
            self._order = order
            if keep in self._rows:
                self.move_cursor(row=order.index(keep), animate=False)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*(_literal(c) for c in cells), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, _literal(value), update_width=update_width)

    def update_column(self, column: str, values: dict[str, Any]) -> None:
        """Set one column for some rows (the per-second countdown tick)."""
        index = [c for c, _, _ in self._columns].index(column)
        for key, value in values.items():
            cells = self._rows.get(key)
            if cells is None or cells[index] == value:
                continue
            try:
                self.update_cell(key, column, value)
            except RowDoesNotExist:
                continue
            self._rows[key] = cells[:index] + (value,) + cells[index + 1:]

    def visible_keys(self) -> list[str]:
        top = int(self.scroll_y)
        height = max(1, self.size.height)
        return self._order[top: top + height]

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=max(0, len(self._order) - 1))
