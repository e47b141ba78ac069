"""User text on the board is data, never markup and never terminal control.

A ticket's location ``[/b]`` would end the board when Textual parses it as markup, and
``[@click=app.quit]`` would become a live link; an ESC in a title would reach the terminal.
Everything a person typed goes through :func:`literal` (a ``Text``, which Textual never
parses) or :func:`markup` (Textual's ``$name`` substitution: the values are never parsed).
Escaping by hand is not enough: a trailing backslash in the text escapes the closing tag.
"""

from __future__ import annotations

from dutyboard.rules.text import visible
from rich.text import Text
from textual.content import Content


def shown(text: object, multiline: bool = False) -> str:
    """The plain string to display: control characters made visible."""
    return visible("" if text is None else str(text), keep_newlines=multiline)


def literal(text: object, style: str = "", multiline: bool = False) -> Text:
    """A Text showing ``text`` exactly, control characters made visible."""
    return Text(shown(text, multiline), style=style)


_CELLS: dict[str, Text] = {}
CELLS_KEPT = 20_000     # texts kept; past it the cache starts again (a board shows a few thousand)


def cell(value: object) -> object:
    """A table cell's value: a ``str`` as a literal Text (DataTable parses a plain ``str`` as
    markup, so a location like "Hall [/b] door" would crash the render and "[draft]" would
    vanish; parsing every visible cell again on each tick also cost ~15% of the idle CPU),
    control characters made visible; a Text the board built stays as it is.

    One Text per string, shared by every cell that shows it: the large site's first board
    makes 12,000 of them from a few thousand strings (venues, times, counts, ages). Sharing
    is safe because nothing changes a cell's Text once the table has it: a changed cell is
    a new value (``update_cell``), and DataTable and Rich render a copy (``Text.split``)."""
    if not isinstance(value, str):
        return value
    text = _CELLS.get(value)
    if text is None:
        if len(_CELLS) >= CELLS_KEPT:
            _CELLS.clear()
        text = _CELLS[value] = Text(visible(value), end="")
    return text


def markup(template: str, multiline: bool = False, **values: object) -> Content:
    """``Content.from_markup(template, name=value...)``: the template is ours and may hold
    markup; each value (user text) is shown literally, control characters visible."""
    return Content.from_markup(template, **{k: shown(v, multiline) for k, v in values.items()})
