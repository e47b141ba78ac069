"""The main screen's footer, fitted to the terminal's width: nothing in it is ever cut.

Textual's Footer lays out every shown key in one row and cuts whatever does not fit (at 80x24
in Chinese, ``^p 命令`` lost half its word). This footer shows, in this order of need, the
help key (``?``), the current pane's main actions (``Key.panes``: space/v/u in the tasks pane,
n/!/D/f in the tickets pane, ...) and then the board's other shown keys while they fit,
with the command palette's key always on the right. Every key stays reachable through ``?``
and the palette, which list them all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

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


class BoardFooter(Footer):
    """The footer of the board's main screen (see the module's docstring)."""

    _recompose_queued = False
    _shown: list[tuple[str, str, str, str, bool, str, str]] | None = None   # what compose made

    def on_resize(self) -> None:
        self._recompose_soon()

    def bindings_changed(self, screen: Screen) -> None:
        """As ``Footer.bindings_changed``, the recompose through ``_recompose_soon``."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._recompose_soon()

    def _recompose_soon(self) -> None:
        """One recompose for all the requests made before it runs, and none when the keys to
        show are those shown. Each request used to recompose on its own: the board's start
        made six, one after another (its mount, its size, its first pane, its bindings, its
        first snapshot...), each building every key's widget again, a sixth of the time to the
        first full board on the demo. A request made while a recompose runs queues the next."""
        if not self._recompose_queued:
            self._recompose_queued = True
            self.call_after_refresh(self._recompose_now)

    async def _recompose_now(self) -> None:
        self._recompose_queued = False
        if self._shown is not None and self.children and self._keys() == self._shown:
            return
        await self.recompose()

    def _keys(self) -> list[tuple[str, str, str, str, bool, str, str]] | None:
        """The keys to show, in order: (key, its display, description, action, disabled,
        tooltip, classes); None before the screen's bindings are ready."""
        if not self._bindings_ready:
            return None
        screen = self.screen
        active = screen.active_bindings
        index = getattr(screen, "pane_index", None)
        pane = PANES[index] if isinstance(index, int) else ""
        wanted = pane_actions(pane, bool(getattr(screen, "readonly", False)))
        seen: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            ident = binding.id or binding.action
            if (binding.show or ident in wanted) and ident not in seen:
                seen[ident] = (binding, enabled, tooltip)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        room = (self.size.width or screen.size.width or self.app.size.width) - 1
        if palette is not None and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            p_binding = palette[1]
            room -= key_width(self.app.get_key_display(p_binding), p_binding.description) + 2
        else:
            palette = None
        display = [(ident, key_width(self.app.get_key_display(b), b.description))
                   for ident, (b, _e, _t) in seen.items()]
        chosen = fitting(display, room, [*ESSENTIAL, *wanted])
        keys = [(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                 not enabled, tooltip, "")
                for ident, (binding, enabled, tooltip) in seen.items() if ident in chosen]
        if palette is not None:
            _node, binding, enabled, tooltip = palette
            keys.append((binding.key, self.app.get_key_display(binding), binding.description,
                         binding.action, not enabled, binding.tooltip or binding.description,
                         "-command-palette"))
        return keys

    def compose(self) -> ComposeResult:
        keys = self._shown = self._keys()
        for key, display, description, action, disabled, tooltip, classes in keys or ():
            if classes:
                yield FooterKey(key, display, description, action, classes=classes, disabled=disabled,
                                tooltip=tooltip)
            else:
                yield FooterKey(key, display, description, action, disabled=disabled,
                                tooltip=tooltip).data_bind(compact=Footer.compact)
