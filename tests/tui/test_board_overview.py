"""The manager's overview (``O``, issue 13 item 5): every site's counts, live, and Enter opens
that site's board; refused (status line) for a person of one site. Snapshots at 160x48 and
80x24 in English and Chinese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from boardkit import NOW, loaded, settle, wait_for
from dutyboard.tui.board.overview import OverviewScreen
from dutyboard.tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


def cli(url: str, *argv: str) -> None:
    """A write made by another session (another process: this one's board keeps its site)."""
    proc = subprocess.run([sys.executable, "-m", "dutyboard", "--db", url, "--as", "boss",
                           "--now", NOW, *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture
def company_url(board_url: str) -> str:
    """The demo site (``main``) and a second building ``b2`` with an emergency of its own."""
    base = ["--db", board_url, "--as", "boss", "--now", NOW]
    assert main([*base, "site", "add", "b2", "--name", "Tower B", "--name-zh", "B座"]) == 0
    assert main([*base, "--site", "b2", "ticket", "open", "--kind", "repair", "--location",
                 "B2 plant room", "--contact", "Mr Qian", "--content", "Water leak",
                 "--priority", "emergency"]) == 0
    return board_url


def rows(app) -> dict[str, list[str]]:  # noqa: ANN001
    table = app.screen.query_one("#overview-table")
    return {str(key.value): [str(c) for c in table.get_row(key)] for key in table.rows}


async def open_overview(pilot, app) -> None:  # noqa: ANN001
    await wait_for(pilot, lambda: loaded(app) and loaded(app, "tickets"))
    await pilot.press("O")
    await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen) and len(app.screen.rows) == 2)
    await pilot.pause()


@pytest.mark.asyncio
async def test_the_overview_counts_every_site_live_and_opens_a_sites_board(company_url, make_board) -> None:  # noqa: ANN001
    app = make_board(company_url, login="boss")
    async with app.run_test(size=(160, 48)) as pilot:
        await open_overview(pilot, app)
        shown = rows(app)
        assert shown["b2"] == ["b2", "0", "0", "1", "1", "Tower B"]
        main_open = int(shown["main"][3])
        assert main_open > 0 and "(this board)" in shown["main"][5]
        cli(company_url, "--site", "b2", "ticket", "open", "--kind", "repair", "--location", "B2 roof",
            "--contact", "Mr Qian", "--phone", "1", "--content", "Gutter blocked")
        await wait_for(pilot, lambda: rows(app)["b2"][3] == "2")   # live: the audit log moved
        assert rows(app)["main"][3] == str(main_open)
        app.screen.query_one("#overview-table").move_cursor(row=0)   # b2 (codes in order)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, OverviewScreen))
        await wait_for(pilot, lambda: app.board.snapshot is not None and {
            r.location for r in app.board.snapshot.tickets.values()} == {"B2 plant room", "B2 roof"})
        await settle(pilot, app)
        assert app.ctx.site.code == "b2"
        assert "Tower B" in str(app.board.query_one("#header").render())


@pytest.mark.asyncio
async def test_a_person_of_one_site_gets_no_overview(company_url, make_board) -> None:  # noqa: ANN001
    app = make_board(company_url, login="duty")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("O")
        await wait_for(pilot, lambda: "several sites" in app.board.status_text)
        assert not isinstance(app.screen, OverviewScreen)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
def test_overview_snapshot(snap_compare, company_url: str, make_board, size, lang: str) -> None:  # noqa: ANN001
    app = make_board(company_url, login="boss", lang=lang)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await open_overview(pilot, app)
        await settle(pilot, app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
