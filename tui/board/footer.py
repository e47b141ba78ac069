"""The main screen's footer, fitted to the terminal's width: nothing in it is ever cut.

Textual's Footer lays out every shown key in one row and cuts whatever does not fit (at 80x24
in Chinese, ``^p 命令`` lost half its word). This footer shows, in this order of need, the
help key (``?``), the current pane's main actions (``Key.panes``: space/v/u in the tasks pane,
n/!/D/f in the tickets pane, ...) and then the board's other shown keys while they fit,
with the command palette's key always on the right. Every key stays reachable through ``?``
and the palette, which list them all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from .focus import PANES
from .keys import BY_ID, WRITE_KEYS

ESSENTIAL = ("help",)   # always shown, whatever the width


def key_width(key_display: str, description: str) -> int:
    """Cells a FooterKey takes (padding ``0 1`` round the key, ``0 1 0 0`` after the words)."""
    return cell_len(key_display) + 2 + cell_len(description) + 1


def fitting(candidates: Sequence[tuple[str, int]], room: int, first: Iterable[str]) -> set[str]:
    """The ids to show: those in ``first`` (in order) and then the others (in order) while
    their widths fit in ``room``; ``candidates`` are (id, width) in display order. A key that
    does not fit is left out whole, never cut."""
    widths = dict(candidates)
    order = [i for i in first if i in widths] + [i for i, _ in candidates if i not in first]
    chosen: set[str] = set()
    for ident in order:
        if widths[ident] <= room:
            chosen.add(ident)
            room -= widths[ident]
    return chosen


def pane_actions(pane: str, readonly: bool) -> list[str]:
    """The ids of the current pane's main actions (a read-only board has no write key)."""
    return [k.id for k in BY_ID.values()
            if pane in k.panes and not (readonly and k.id in WRITE_KEYS)]


class FooterItem(NamedTuple):
    """One key the footer shows."""
    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str
    palette: bool     # the command palette's key, on the right


class BoardFooter(Widget, can_focus=False):
    """The footer of the board's main screen (see the module's docstring), drawn as one line.

    It looks as Textual's Footer does (the same component styles and theme variables), but it
    is one widget, not a container of a widget per key: those twelve widgets, mounted, styled,
    laid out and rebuilt as the screen's keys settled, were an eighth of the work of the
    board's start. A click on a key presses it; hovering shows its tooltip."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--edge",
                         "footer-key--hover"}
    DEFAULT_CSS = """
    BoardFooter {
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        width: 1fr;
        height: 1;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--edge {
            color: $foreground 20%;
        }
        .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._bindings_ready = False
        self.items: list[FooterItem] = []
        self.spans: list[tuple[int, int, FooterItem]] = []   # (x, end, key) on the line
        self._hover: FooterItem | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_resize(self) -> None:
        self._show_keys()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return   # as Textual's Footer: the keys stay while the terminal is not focused
        if self.is_attached and screen is self.screen:
            self._show_keys()

    def _show_keys(self) -> None:
        items = self._items()
        if items != self.items:
            self.items = items
            self.refresh()

    def _items(self) -> list[FooterItem]:
        """The keys to show, in order; none before the screen's bindings are ready."""
        if not self._bindings_ready:
            return []
        screen, app = self.screen, self.app
        active = screen.active_bindings
        index = getattr(screen, "pane_index", None)
        pane = PANES[index] if isinstance(index, int) else ""
        wanted = pane_actions(pane, bool(getattr(screen, "readonly", False)))
        seen: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            ident = binding.id or binding.action
            if (binding.show or ident in wanted) and ident not in seen:
                seen[ident] = (binding, enabled, tooltip)
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        room = (self.size.width or screen.size.width or app.size.width) - 1
        if palette is not None:
            room -= key_width(app.get_key_display(palette[1]), palette[1].description) + 2
        display = [(ident, key_width(app.get_key_display(b), b.description))
                   for ident, (b, _e, _t) in seen.items()]
        chosen = fitting(display, room, [*ESSENTIAL, *wanted])
        items = [FooterItem(binding.key, app.get_key_display(binding), binding.description,
                            binding.action, not enabled, tooltip, False)
                 for ident, (binding, enabled, tooltip) in seen.items() if ident in chosen]
        if palette is not None:
            _node, binding, enabled, _tooltip = palette
            items.append(FooterItem(binding.key, app.get_key_display(binding), binding.description,
                                    binding.action, not enabled,
                                    binding.tooltip or binding.description, True))
        return items

    def render(self) -> Text:
        """Each key as Textual's FooterKey draws it: `` key `` and ``words `` (the palette's
        key compact, after a thin line, against the right edge)."""
        base = self.rich_style
        key_style = self.get_component_rich_style("footer-key--key")
        words_style = self.get_component_rich_style("footer-key--description")
        hover = self.get_component_rich_style("footer-key--hover", partial=True)
        blank = Style(bgcolor=base.bgcolor)
        line = Text(no_wrap=True, overflow="crop", end="")
        self.spans = []
        right: list[tuple[Text, FooterItem]] = []
        for item in self.items:
            style = base + Style(dim=True) if item.disabled else base
            if item is self._hover and not item.disabled:
                style += hover
            if item.palette:
                piece = Text.assemble(("▏", base + self.get_component_rich_style("footer-key--edge")),
                                      (item.display, key_style), (f" {item.description}", words_style))
                piece.stylize_before(style)
                piece.append(" ", blank)   # the key's padding: a background, as Textual draws it
                right.append((piece, item))
                continue
            piece = Text.assemble((f" {item.display} ", key_style), (f"{item.description} ", words_style))
            piece.stylize_before(style)
            self.spans.append((line.cell_len, line.cell_len + piece.cell_len, item))
            line.append_text(piece)
        width = self.size.width
        for piece, item in right:
            gap = width - line.cell_len - piece.cell_len
            if gap > 0:
                line.append(" " * gap, blank)
            self.spans.append((line.cell_len, line.cell_len + piece.cell_len, item))
            line.append_text(piece)
        return line

    def item_at(self, x: int) -> FooterItem | None:
        return next((item for start, end, item in self.spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        item = self.item_at(event.x)
        if item is None:
            return
        if item.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(item.key)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self.item_at(event.x)
        if item is not self._hover:
            self._hover = item
            self.tooltip = item.tooltip if item is not None and item.tooltip else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()
