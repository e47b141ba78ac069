"""Layout snapshot of the venues pane showing a window of the day's meetings (issue 13, item
3): "… N earlier — / to filter" above, "… N more — / to filter" below, in English and
Chinese. A cap of 3 stands for the large site's 300 (the demo has seven meetings today)."""

from __future__ import annotations

from typing import Any

import pytest
from dutyboard.tui.board import screen as screen_module
from test_board_snapshots import LANGS, ready


@pytest.mark.parametrize("lang", LANGS)
def test_windowed_venues_pane(snap_compare, board_url: str, make_board, lang: str,  # noqa: ANN001
                              monkeypatch: Any) -> None:
    monkeypatch.setitem(screen_module.CAPS, "venues", 3)
    app = make_board(board_url, lang=lang)
    assert snap_compare(app, terminal_size=(160, 48), run_before=ready(app))
