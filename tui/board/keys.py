"""The board's one key table: every binding with its id, its default keys and the i18n key
of its description. ``BINDINGS`` (translated), the help screen, the command palette and the
user keymap (``[keys]`` in config.toml) all come from here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual.binding import Binding

from .i18n import Translator

APP, BOARD, TABLE = "app", "board", "table"


@dataclass(frozen=True)
class Key:
    id: str
    keys: str             # Textual key names, comma-separated
    action: str
    text: str             # i18n key of the description
    where: str = BOARD    # which node binds it: the app, the board screen, or each table
    show: bool = False    # shown in the footer
    priority: bool = False
    palette: bool = True  # offered in the command palette


KEYS: tuple[Key, ...] = (
    Key("quit", "q", "quit", "key.quit", APP, show=True),
    Key("help", "question_mark", "help", "key.help", show=True),
    Key("palette", "ctrl+p", "command_palette", "key.palette", APP, priority=True, palette=False),
    Key("next-pane", "tab", "next_pane(1)", "key.next_pane", priority=True),
    Key("prev-pane", "shift+tab", "next_pane(-1)", "key.prev_pane", priority=True),
    Key("pane-1", "1", "pane(0)", "pane.venues"),
    Key("pane-2", "2", "pane(1)", "pane.tasks"),
    Key("pane-3", "3", "pane(2)", "pane.tickets"),
    Key("pane-4", "4", "pane(3)", "pane.escalations"),
    Key("down", "j", "cursor_down", "key.down", TABLE, palette=False),
    Key("up", "k", "cursor_up", "key.up", TABLE, palette=False),
    Key("top", "g", "scroll_top", "key.top", TABLE, palette=False),
    Key("bottom", "G", "scroll_bottom", "key.bottom", TABLE, palette=False),
    Key("check", "space", "check", "key.check", show=True),
    Key("verify", "v", "verify", "key.verify", show=True),
    Key("undo", "u", "undo", "key.undo", show=True),
    Key("open", "enter", "open", "key.open"),
    Key("filter", "slash", "filter", "key.filter", show=True),
    Key("dept", "d", "dept", "key.dept", show=True),
    Key("ack", "a", "ack", "key.ack", show=True),
    Key("pause", "p", "pause", "key.pause"),
    # priority: handled as soon as read, so the keys typed after it go to the form
    Key("new", "n", "new_ticket", "key.new", show=True, priority=True),
    Key("emergency", "exclamation_mark", "emergency", "key.emergency", show=True, priority=True),
    Key("dispatch", "D", "ticket('dispatch')", "key.dispatch"),
    Key("follow-up", "f", "ticket('follow-up')", "key.follow"),
    Key("escalate", "e", "ticket('escalate')", "key.escalate"),
    Key("resolve", "r", "ticket('resolve')", "key.resolve"),
    Key("close", "c", "ticket('close')", "key.close"),
    Key("unresolvable", "U", "ticket('unresolvable')", "key.unresolvable"),
    Key("reopen", "o", "ticket('reopen')", "key.reopen"),
    Key("link", "L", "ticket('link')", "key.link"),
    Key("mark", "m", "mark", "key.mark"),
    Key("notified", "N", "ticket('notified')", "key.notified"),
    Key("signoff", "S", "signoff", "key.signoff"),
    Key("theme", "t", "next_theme", "key.theme", APP),

    # -- readiness and acknowledgement

    # -- header and focus
    Key("clear", "escape", "clear_filters", "key.clear"),

    # -- confirmations and approvals

    # -- intake and handover

    # -- bookings

    # -- service notice

    # -- timeline and reports
)
BY_ID = {k.id: k for k in KEYS}


def bindings(where: str, t: Translator | None = None) -> list[Binding]:
    """The Textual bindings of one node, described in the board's language."""
    text: Callable[[str], str] = t if t is not None else Translator("en")
    return [Binding(k.keys, k.action, text(k.text), show=k.show, priority=k.priority, id=k.id)
            for k in KEYS if k.where == where]


def effective_keys(key: Key, keymap: dict[str, str]) -> list[str]:
    """The keys that trigger a binding once the user's keymap is applied."""
    return [part.strip() for part in keymap.get(key.id, key.keys).split(",") if part.strip()]


def key_lines(display: Callable[[Binding], str], keymap: dict[str, str], t: Translator,
              only: Iterable[Key] = KEYS) -> list[tuple[str, str]]:
    """(keys as shown, description) for the help screen and the palette."""
    out = []
    for key in only:
        shown = " ".join(display(Binding(k, key.action)) for k in effective_keys(key, keymap))
        out.append((shown, t(key.text)))
    return out
