"""Layout snapshots of the board at 80x24 and 160x48, in English and Chinese.

Review a diff in snapshot_report.html before accepting it with --snapshot-update.
"""

from __future__ import annotations

import pytest
from boardkit import loaded, wait_for


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_board_layout(snap_compare, board_url: str, make_board, lang: str,  # noqa: ANN001
                      size: tuple[int, int]) -> None:
    app = make_board(board_url, lang=lang)

    async def ready(pilot) -> None:  # noqa: ANN001
        await wait_for(pilot, lambda: loaded(app))

    assert snap_compare(app, terminal_size=size, run_before=ready)


def test_tickets_pane_at_80x24(snap_compare, board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, lang="zh")

    async def to_tickets(pilot) -> None:  # noqa: ANN001
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        await pilot.press("3")

    assert snap_compare(app, terminal_size=(80, 24), run_before=to_tickets)
