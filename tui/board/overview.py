"""The manager's overview (``O``, issue 13 item 5): one row per site with what needs attention
there now (overdue readiness items, unverified readiness, open tickets, open emergencies),
counted by ``store.overview``; Enter opens that site's board.

Live without a connection of its own: the board's poller already watches the audit log, and
its latest snapshot's token moves with every write at any site, so the screen recounts (in a
worker thread) when that token moves, and every minute for the clock's sake. Only for people
of more than one site, the manager and the administrator: anyone else is told so on the
board's status line and the screen does not open.
"""

from __future__ import annotations

from typing import Any, Protocol

from dutyboard.store.errors import DutyError
from dutyboard.store.overview import SiteCounts, may_see_overview, site_counts
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from .i18n import Translator
from .keys import OVERVIEW, bindings
from .literal import literal, shown
from .poller import Poller
from .wording import refusal_text


class BoardLike(Protocol):
    """What the overview needs of the board screen (tui/board/screen.py)."""
    poller: Poller
    t: Translator
    app: Any

    def say(self, text: str, ok: bool = True) -> None: ...
    def run_worker(self, work: Any, **kw: Any) -> Any: ...


WATCH_SECONDS = 0.5      # how often the poller's token is looked at (memory only)
RECOUNT_SECONDS = 60.0   # recount anyway: items fall overdue as the clock moves
# the counts first and the (long) name last: at 80 columns every count stays in sight
COLUMNS = ("ov.col.code", "ov.col.overdue", "ov.col.unverified", "ov.col.open",
           "ov.col.emergencies", "ov.col.site")


class OverviewScreen(Screen[None]):
    """Every site's counts; Enter switches the board to the highlighted site."""

    def __init__(self, poller: Poller, t: Translator) -> None:
        super().__init__()
        self.poller, self.ctx, self.t = poller, poller.ctx, t
        self._bindings = BindingsMap(bindings(OVERVIEW, t))
        self.rows: list[SiteCounts] = []
        self.seen_token: int | None = None
        self.since_count = 0.0
        self.status_text = ""

    def compose(self) -> ComposeResult:
        yield Label(self.t("ov.title"), id="overview-title", classes="modal-title")
        yield DataTable(id="overview-table", cursor_type="row", zebra_stripes=True)
        yield Static(self.t("ov.loading"), id="overview-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#overview-table", DataTable)
        for key in COLUMNS:
            table.add_column(self.t(key), key=key)
        table.focus()
        self._recount()
        self.set_interval(WATCH_SECONDS, self._watch)

    # -- keeping the counts live ---------------------------------------------------------
    def _token(self) -> int | None:
        snap = self.poller.snapshot
        return snap.token if snap is not None else None

    def _watch(self) -> None:
        self.since_count += WATCH_SECONDS
        if self._token() != self.seen_token or self.since_count >= RECOUNT_SECONDS:
            self._recount()

    def _recount(self) -> None:
        self.seen_token, self.since_count = self._token(), 0.0
        self._count()

    @work(thread=True, group="overview", exclusive=True, exit_on_error=False)
    def _count(self) -> None:
        try:
            rows = site_counts(self.ctx)
        except DutyError as exc:
            self.app.call_from_thread(self.say, refusal_text(exc, self.t), False)
            return
        except Exception as exc:  # noqa: BLE001 - a database failure is said, never fatal
            self.app.call_from_thread(self.say, f"{type(exc).__name__}: {exc}".splitlines()[0], False)
            return
        finally:
            self.ctx.db.close()
        self.app.call_from_thread(self.show, rows)

    def show(self, rows: list[SiteCounts]) -> None:
        if not self.is_attached:
            return
        self.rows = rows
        table = self.query_one("#overview-table", DataTable)
        keep = table.cursor_row
        table.clear()
        current = self.ctx.site.id if self.ctx.site is not None else None
        for r in rows:
            name = (r.name_zh or r.name) if self.t.lang == "zh" else r.name
            if r.site_id == current:
                name = f"{name} {self.t('ov.current')}"
            table.add_row(literal(r.code),
                          *(self._count_cell(n, bad) for n, bad in (
                              (r.overdue, True), (r.unverified, False),
                              (r.open_tickets, False), (r.emergencies, True))),
                          literal(name), key=r.code)
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        self.say(self.t("ov.hint"))

    @staticmethod
    def _count_cell(n: int, bad: bool):  # noqa: ANN205 - a rich Text
        return literal(str(n), "bold red" if bad and n else "")

    def say(self, text: str, ok: bool = True) -> None:
        self.status_text = shown(text)
        if self.is_attached:
            self.query_one("#overview-status", Static).update(literal(text, "" if ok else "bold red"))

    # -- keys ------------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_site()

    def action_open_site(self) -> None:
        table = self.query_one("#overview-table", DataTable)
        if not self.rows:
            return
        chosen = self.rows[min(table.cursor_row, len(self.rows) - 1)]
        self.switch_board(chosen.site_id)
        self.dismiss(None)

    def switch_board(self, site_id: int) -> None:
        """The board reads the chosen site from its next poll on (``Poller.switch_site``)."""
        self.poller.switch_site(site_id)

    def action_close(self) -> None:
        self.dismiss(None)


def open_overview(board: BoardLike) -> None:
    """The board's ``O``: the overview for those it is for, a status line for anyone else.
    Who may see it is read from the database, so in a worker thread too."""
    t = board.t

    def check() -> None:
        try:
            allowed = may_see_overview(board.poller.ctx)
        except DutyError as exc:
            board.app.call_from_thread(board.say, refusal_text(exc, t), False)
            return
        finally:
            board.poller.ctx.db.close()
        if allowed:
            board.app.call_from_thread(board.app.push_screen, OverviewScreen(board.poller, t))
        else:
            board.app.call_from_thread(board.say, t("ov.not_for_you"), False)

    board.run_worker(check, thread=True, group="overview-open", exclusive=True, exit_on_error=False)
