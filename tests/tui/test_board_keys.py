"""One key table: translations, help and palette generated from it, the user keymap,
the themes, and keys typed right after n/! landing in the form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from boardkit import check_off, loaded, settle, wait_for
from dutyboard.store.errors import UsageError
from dutyboard.tui.board.i18n import STRINGS, Translator
from dutyboard.tui.board.keymap import load_keymap
from dutyboard.tui.board.keys import KEYS
from dutyboard.tui.board.themes import THEMES
from dutyboard.tui.entry import main as dutyboard
from textual.command import CommandPalette

LATIN = re.compile(r"[A-Za-z]")


def test_every_binding_has_english_and_chinese_text() -> None:
    for key in KEYS:
        assert key.text in STRINGS, key.id
        en, zh = STRINGS[key.text]
        assert en and zh and not LATIN.search(zh), (key.id, en, zh)


async def test_help_and_palette_on_the_chinese_board_are_chinese(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        commands = list(app.get_system_commands(app.board))
        assert len(commands) >= 20
        for command in commands:
            assert not LATIN.search(command.title), command.title
        assert "exclamation_mark" not in {c.help for c in commands}
        assert "!" in {c.help for c in commands}
        await pilot.press("question_mark")
        body = str(app.screen.query_one("#help-body").render())
        descriptions = [line.split(None, 1)[1] for line in body.splitlines() if " " in line.strip()]
        assert descriptions and not any(LATIN.search(d.split("  ")[-1]) for d in descriptions), body
        assert "exclamation_mark" not in body and "question_mark" not in body
        assert "下移" in body and "事项" not in body   # j/k say what they do, not "Item"
        await pilot.press("escape", "ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        assert app.screen.query_one("CommandInput").placeholder == Translator("zh")("palette.search")


def write_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    monkeypatch.setenv("DUTYBOARD_CONFIG_DIR", str(tmp_path))
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_keymap_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(tmp_path, monkeypatch, '[keys]\ncheck = "x"\ndispatch = ["ctrl+d", "D"]\nhelp = "?"\n')
    assert load_keymap() == {"check": "x", "dispatch": "ctrl+d,D", "help": "question_mark"}
    monkeypatch.setenv("DUTYBOARD_CONFIG_DIR", str(tmp_path / "none"))
    assert load_keymap() == {}


@pytest.mark.parametrize("text, why", [
    ('[keys]\n\ncheckk = "x"\n', ":3: no binding with id 'checkk'"),
    ('[keys]\ncheck = "hyperdrive+x"\n', ":2: check = 'hyperdrive+x': unknown modifier 'hyperdrive'"),
    ('[keys]\ncheck = "flux"\n', ":2: check = 'flux': unknown key 'flux'"),
    ('[keys]\ncheck = 5\n', ":2: check must be a key"),
    ('[keys]\nverify = "space"\n', ":2: verify: key 'space' is already bound to 'check'"),
    ('[keys\n', "Expected ']'"),
])
def test_a_bad_keymap_is_refused_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str], board_url: str,
                                          text: str, why: str) -> None:
    from dutyboard.tui.board import run
    path = write_config(tmp_path, monkeypatch, text)
    with pytest.raises(UsageError):
        load_keymap()
    monkeypatch.setattr(run, "terminal_problem", lambda: None)   # as if on a terminal
    monkeypatch.setattr(run, "run_guarded", lambda app: pytest.fail("the board started"))
    assert dutyboard(["--db", board_url, "--as", "duty"]) == 2   # before the screen changes
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"dutyboard: {path}") and why in err, err
    assert "Traceback" not in err


async def test_a_remapped_key_acts_and_shows_in_help(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.models import Task
    app = make_board(board_url, keymap={"check": "x"})
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("2")
        table = app.board.table("tasks")
        key = next(k for k in table.keys if Task.get_by_id(k.number).state == "pending")
        before = Task.get_by_id(key.number).version
        await pilot.press("space")          # no longer bound
        await settle(pilot, app)
        assert Task.get_by_id(key.number).version == before
        await pilot.press("g", *["j"] * table.keys.index(key))
        await check_off(pilot, app, "x")
        assert Task.get_by_id(key.number).version != before or "Refused" in app.board.status_text
        await pilot.press("question_mark")
        assert "x    " in str(app.screen.query_one("#help-body").render())


@pytest.mark.parametrize("theme", sorted(THEMES))
async def test_each_theme_starts_and_t_cycles_through_all(board_url: str, make_board, theme: str) -> None:  # noqa: ANN001
    app = make_board(board_url, theme=theme)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert app.theme == THEMES[theme]
        seen = [app.theme]
        for _ in THEMES:
            await pilot.press("t")
            seen.append(app.theme)
        assert set(seen) == set(THEMES.values()) and seen[-1] == seen[0]
        assert app.is_running


@pytest.mark.parametrize("key", ["n", "exclamation_mark"])
async def test_keys_typed_right_after_n_land_in_the_form(board_url: str, make_board, key: str) -> None:  # noqa: ANN001
    """d, m and p are board keys (department focus, mark, pause): typed at once after n
    they must reach the form's first field, not act on the board behind it."""
    app = make_board(board_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("3")
        selected = app.board.table("tickets").selected
        await pilot.press(key, "d", "m", "p")
        assert app.screen.__class__.__name__ == "TicketForm"
        assert app.screen.query_one("#f-location").value == "dmp"
        board = app.board
        assert (board.dept_focus, board.marked, app.poller.paused) == (None, set(), False)
        assert board.table("tickets").selected == selected
