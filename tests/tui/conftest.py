"""Board fixtures: a demo database made once at a frozen instant, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.store.context import Context
from dutyboard.store.db import connect

NOW = "2026-11-23T09:30"  # a Monday morning, site zone
TZ = "Asia/Shanghai"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dutyboard.tui.cli import main
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", f"sqlite:///{path}", "--now", NOW, "--as", "boss", "demo"]) == 0
    return path


@pytest.fixture
def board_url(demo_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "board.db"
    shutil.copy(demo_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def make_board() -> Callable[..., object]:
    """make_board(url, login='duty', lang='en', now=NOW, ...) -> BoardApp on a frozen clock."""
    from dutyboard.tui.board.app import BoardApp, Cadence

    def factory(url: str, login: str = "duty", lang: str = "en", now: str = NOW,
                readonly: bool = False, theme: str | None = None, cadence: Cadence = Cadence(),
                keymap: dict[str, str] | None = None) -> BoardApp:
        ctx = Context(connect(url), FrozenClock(parse_instant(now, TZ)), login)
        return BoardApp(ctx, lang=lang, readonly=readonly, theme=theme, cadence=cadence, keymap=keymap)
    return factory
