"""The board's one key table: every binding with its id, its default keys and the i18n key
of its description. ``BINDINGS`` (translated), the help screen, the command palette and the
user keymap (``[keys]`` in config.toml) all come from here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual.binding import Binding

from .i18n import Translator

APP, BOARD, TABLE, TIMELINE = "app", "board", "table", "timeline"
DETAIL = "detail"  # the detail screen of a meeting (dialogs.DetailScreen)
REPORTS = "reports"   # the reports screen (reports_screen.py)
OVERVIEW = "overview"  # the manager's overview of every site (overview.py)


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
    panes: tuple[str, ...] = ()  # the panes whose main action it is: in their footer at any width


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
    Key("check", "space", "check", "key.check", show=True, panes=("tasks",)),
    Key("verify", "v", "verify", "key.verify", show=True, panes=("tasks",)),
    Key("undo", "u", "undo", "key.undo", show=True, panes=("tasks",)),
    Key("open", "enter", "open", "key.open"),
    Key("filter", "slash", "filter", "key.filter", show=True),
    Key("dept", "d", "dept", "key.dept", show=True),
    Key("ack", "a", "ack", "key.ack", show=True, panes=("escalations",)),
    Key("pause", "p", "pause", "key.pause"),
    # priority: handled as soon as read, so the keys typed after it go to the form
    Key("new", "n", "new_ticket", "key.new", show=True, priority=True, panes=("tickets",)),
    Key("emergency", "exclamation_mark", "emergency", "key.emergency", show=True, priority=True,
        panes=("tickets", "escalations")),
    Key("dispatch", "D", "ticket('dispatch')", "key.dispatch", panes=("tickets",)),
    Key("follow-up", "f", "ticket('follow-up')", "key.follow", panes=("tickets",)),
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
    Key("approve", "A", "approve", "key.approve"),
    Key("unverify", "V", "unverify", "key.unverify"),
    Key("revoke-signoff", "W", "revoke_signoff", "key.revoke_signoff"),
    Key("stall", "s", "ticket_later('stall')", "key.stall"),
    Key("callback", "C", "ticket_later('callback')", "key.callback"),
    Key("classify", "K", "ticket_later('classify')", "key.classify"),

    # -- intake and handover
    Key("handover", "H", "handover", "key.handover"),

    # -- bookings
    # priority: handled as soon as read, so the keys typed after it go to the form
    Key("book", "b", "book", "key.book", show=True, priority=True, panes=("venues",)),
    Key("move-meeting", "M", "meeting('move')", "key.move_meeting"),
    Key("cancel-meeting", "X", "meeting('cancel')", "key.cancel_meeting"),

    # -- service notice
    Key("notice", "n", "notice", "key.notice", DETAIL, palette=False),

    # -- timeline and reports
    Key("timeline", "T", "timeline", "key.timeline"),
    Key("tl-earlier", "h,left", "hours(-1)", "key.tl_earlier", TIMELINE, palette=False),
    Key("tl-later", "l,right", "hours(1)", "key.tl_later", TIMELINE, palette=False),
    Key("tl-down", "j,down", "rows(1)", "key.tl_down", TIMELINE, palette=False),
    Key("tl-up", "k,up", "rows(-1)", "key.tl_up", TIMELINE, palette=False),
    Key("tl-now", "home", "now", "key.tl_now", TIMELINE, palette=False),
    Key("reports", "R", "reports", "key.reports"),
    # -- many buildings: the overview (tui/board/overview.py)
    Key("overview", "O", "overview", "key.overview"),
    Key("overview-open", "enter", "open_site", "key.overview_open", OVERVIEW, show=True, palette=False),
    Key("overview-close", "escape,q", "close", "key.overview_close", OVERVIEW, show=True, palette=False),
    Key("report-save-md", "s", "save('md')", "key.report_save_md", REPORTS, show=True, palette=False),
    Key("report-save-csv", "c", "save('csv')", "key.report_save_csv", REPORTS, show=True,
        palette=False),
    Key("report-close", "escape,q", "close", "key.report_close", REPORTS, show=True, palette=False),
)
BY_ID = {k.id: k for k in KEYS}
# the keys that change something: a read-only board (--readonly, the wall, `serve`) has none
WRITE_KEYS = frozenset({
    "check", "verify", "undo", "ack", "new", "emergency", "dispatch", "follow-up", "escalate",
    "resolve", "close", "unresolvable", "reopen", "link", "mark", "notified", "signoff",
    "handover", "book", "move-meeting", "cancel-meeting", "approve", "unverify", "revoke-signoff",
    "stall", "callback", "classify",
})


def bindings(where: str, t: Translator | None = None, readonly: bool = False) -> list[Binding]:
    """The Textual bindings of one node, described in the board's language. A read-only
    board shows no write key (footer, help, palette); pressed anyway, one says "read-only"."""
    text: Callable[[str], str] = t if t is not None else Translator("en")
    return [Binding(k.keys, k.action, text(k.text), show=k.show and not (readonly and k.id in WRITE_KEYS),
                    priority=k.priority, id=k.id)
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
