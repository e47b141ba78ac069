"""Issue 11, the duty officer's eye: the header says who and where (person and role, site,
database, TRAINING, READ-ONLY, NOT A USER) on one line that fits 80 columns; a filter or a
department focus is always visible and Esc clears both; an empty result says "no rows
match"; a lead's board opens on their department; departments and roles are picked from
lists labelled in the board's language; the palette speaks Chinese on the Chinese board."""

from __future__ import annotations

import arrow
import pytest
from boardkit import NOW, loaded, settle, shown, wait_for
from dutyboard.store.board import SiteNotes, Snapshot, Viewer
from dutyboard.store.db import open_database
from dutyboard.store.identity import TRAINING_SETTING
from dutyboard.store.models import Setting, Ticket
from dutyboard.tui.board.app import Cadence
from dutyboard.tui.board.header import HeaderState, database_label, header_text
from dutyboard.tui.board.i18n import Translator
from dutyboard.tui.board.picker import PickerScreen
from dutyboard.tui.board.refs import RowRef
from rich.cells import cell_len

SITE = "Government Office Complex & Conference Building"
AT = arrow.get("2026-11-23T01:30:00+00:00")
DUTY = Viewer("duty", "王值班 Wang", "duty", ("fcc",))


def header(lang: str = "en", width: int = 0, viewer: Viewer | None = DUTY, training: bool = False,
           **state: object) -> str:
    snap = Snapshot(token=1, site=SiteNotes(training=training, viewer=viewer))
    values = {"loaded": True, "database": "site.db", "width": width, **state}
    return header_text(Translator(lang), AT, "Asia/Shanghai", SITE, snap, HeaderState(**values)).plain


# -- the header, as text ---------------------------------------------------------------

def test_header_names_the_person_role_site_and_database() -> None:
    en = header()
    assert "duty officer: 王值班 Wang" in en and SITE in en and "db site.db" in en
    zh = header("zh")
    assert "值班员：王值班 Wang" in zh and "库 site.db" in zh
    lead = header(viewer=Viewer("eng-lead", "Chen", "lead", ("eng",)))
    assert "Eng lead: Chen" in lead


def test_header_says_not_a_user_training_and_read_only() -> None:
    assert "NOT A USER: ghost" in header(viewer=Viewer("ghost"))
    assert "非本系统用户：ghost" in header("zh", viewer=Viewer("ghost"))
    assert "NOT A USER" not in header()
    assert "TRAINING" in header(training=True) and "TRAINING" not in header()
    assert "READ-ONLY" in header(readonly=True) and "READ-ONLY" not in header()
    assert "只读" in header("zh", readonly=True)


def test_a_postgresql_database_shows_host_and_name_never_the_password() -> None:
    db = open_database("postgresql://alice:s3cret@db.example:6543/site_board")
    label = database_label(db)
    assert label == "db.example:6543/site_board"
    assert database_label(open_database("postgresql://bob:pw@10.0.0.5/duty")) == "10.0.0.5/duty"
    text = header(database=label)
    assert "db.example:6543/site_board" in text and "s3cret" not in text and "alice" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [40, 60, 78, 118, 158])
def test_header_fits_its_width_and_keeps_the_essentials(lang: str, width: int) -> None:
    t = Translator(lang)
    busy = header(lang, width, viewer=Viewer("ghost"), training=True, readonly=True, dept_focus="eng",
                  filter="Brew tea", database="127.0.0.1/test_site")
    assert cell_len(busy) <= width, busy
    essentials = [t("hdr.not_user.short"), t("hdr.training.short"), t("hdr.readonly"), "09:30"]
    if width >= 78:   # the focus and the filter are on the pane's border as well
        essentials += [t("dept.eng"), "Brew"]
    for essential in essentials if width >= 60 else ():
        assert essential in busy, (essential, busy)
    calm = header(lang, width)
    assert cell_len(calm) <= width, calm
    if width >= 78:   # at 80 columns: who, where and which database
        assert t("role.duty") in calm and "site.db" in calm and "@" in calm, calm
    if width >= 158:
        assert SITE in calm or "机关" in calm or SITE[:10] in calm


# -- the header on the board -------------------------------------------------------------

def header_of(app) -> str:  # noqa: ANN001
    return str(app.board.query_one("#header").render())


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_board_header_for_a_user_on_a_training_database(board_url: str, make_board,  # noqa: ANN001
                                                              size: tuple[int, int]) -> None:
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: loaded(app) and "desk clerk" in header_of(app))
        text = header_of(app)
        assert "TRAINING" in text and "board.db" in text and "@Govern" in text
        assert "NOT A USER" not in text and "READ-ONLY" not in text
        assert cell_len(text) <= size[0] - 2
        if size[0] >= 160:
            assert "desk clerk: 李接待 Li" in text


@pytest.mark.asyncio
async def test_board_header_for_a_login_that_is_not_a_user(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="ghost", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "非用户" in header_of(app) or "非本系统用户" in header_of(app))
        assert cell_len(header_of(app)) <= 78


@pytest.mark.asyncio
async def test_board_header_read_only_and_not_training(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.db import connect
    db = connect(board_url)
    with db.bind_ctx([Setting]):
        Setting.update(value="0").where(Setting.key == TRAINING_SETTING).execute()
    db.close()
    app = make_board(board_url, readonly=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app) and "duty officer" in header_of(app))
        text = header_of(app)
        assert "READ-ONLY" in text and "TRAINING" not in text


@pytest.mark.asyncio
async def test_board_header_on_postgresql_shows_host_and_database(pg_only_url: str) -> None:
    """The real URL carries a password (the test server trusts it): the header shows the
    host and the database, never the password."""
    from dutyboard.rules import FrozenClock, parse_instant
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect
    from dutyboard.tui.board.app import BoardApp
    from dutyboard.tui.cli import main
    assert main(["--db", pg_only_url, "--now", NOW, "--as", "boss", "demo"]) == 0
    scheme, rest = pg_only_url.split("://", 1)
    user = rest.split("@", 1)[0] if "@" in rest else "postgres"
    host_part = rest.split("@", 1)[-1]
    url = f"{scheme}://{user.split(':')[0]}:Sekr1tPassw0rd@{host_part}"
    ctx = Context(connect(url), FrozenClock(parse_instant(NOW, "Asia/Shanghai")), "duty")
    app = BoardApp(ctx, lang="en")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app) and "duty officer" in header_of(app))
        text = header_of(app)
        host, name = host_part.split("/", 1)
        host = host.split(":")[0] if host.endswith(":5432") else host
        assert f"{host}/{name.split('?')[0]}" in text
        assert "Sekr1t" not in text


# -- filter and department focus ---------------------------------------------------------

@pytest.mark.asyncio
async def test_filter_and_focus_are_visible_and_esc_clears_both(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        board = app.board
        await pilot.press("2", "slash", *"Brew tea", "enter")
        await wait_for(pilot, lambda: board.table("tasks").filter_text == "Brew tea")
        assert board.pane_notes["tasks"] == "filter: Brew tea"
        assert 'filter "Brew tea"' in header_of(app)
        await pilot.press("d", *"sec", "enter")
        await wait_for(pilot, lambda: board.dept_focus == "sec")
        assert board.pane_notes["tasks"] == "dept: Sec  filter: Brew tea"
        assert board.pane_notes["tickets"] == "dept: Sec"
        assert "dept=Sec" in header_of(app)
        assert all(str(cells[1]) == "Sec" for cells in shown(board.table("tasks")).values())
        assert all(Ticket.get_by_id(k.number).dept == "sec" for k in board.table("tickets").keys)
        await pilot.press("escape")
        assert board.dept_focus is None and board.table("tasks").filter_text == ""
        assert board.pane_notes == {name: "" for name in board.pane_notes}
        assert "dept=" not in header_of(app) and "filter" not in header_of(app)
        assert "cleared" in board.status_text
        assert len(board.table("tickets").keys) == len(board.snapshot.tickets)


@pytest.mark.asyncio
async def test_an_empty_result_says_no_rows_match(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        board = app.board
        pane = board.query_one("#pane-tasks")
        note = board.query_one("#no-match-tasks")
        await pilot.press("2")
        assert not note.display or not pane.has_class("-no-match")
        await pilot.press("slash", *"zzz-nothing", "enter")
        await wait_for(pilot, lambda: board.table("tasks").filter_text == "zzz-nothing")
        await pilot.pause()
        assert board.table("tasks").keys == []
        assert pane.has_class("-no-match") and note.display
        assert "没有符合条件的行" in str(note.render())
        assert "筛选：zzz-nothing" == board.pane_notes["tasks"]
        await pilot.press("escape")
        await pilot.pause()
        assert board.table("tasks").keys and not pane.has_class("-no-match")


@pytest.mark.asyncio
async def test_a_lead_opens_on_their_own_department(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="eng-lead")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        board = app.board
        assert board.dept_focus == "eng"
        assert {str(cells[3]) for cells in shown(board.table("tasks")).values()} == {"Eng"}
        assert "dept=Eng" in header_of(app) and "Eng lead" in header_of(app)
        assert board.pane_notes["tasks"] == "dept: Eng"
        await pilot.press("escape")
        assert board.dept_focus is None
        assert len({str(cells[3]) for cells in shown(board.table("tasks")).values()}) > 1
    other = make_board(board_url, login="clerk")   # not a lead: the whole board
    async with other.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(other) and other.board.snapshot.site.viewer is not None)
        assert other.board.dept_focus is None


# -- pickers ----------------------------------------------------------------------------------

async def select_ticket(pilot, app, ident: int) -> None:  # noqa: ANN001
    await pilot.press("3")
    order = app.board.table("tickets").keys
    await pilot.press("g", *["j"] * order.index(RowRef("ticket", ident)))


def picker_labels(app) -> list[str]:  # noqa: ANN001
    screen = app.screen
    assert isinstance(screen, PickerScreen)
    return [c.label for c in screen.shown_choices]


@pytest.mark.asyncio
async def test_dispatch_picks_the_department_by_its_chinese_name(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        ticket = Ticket.select().where(Ticket.state == "open").order_by(Ticket.id).first()
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        assert picker_labels(app) == ["工程", "安保", "会务", "保洁", "客服", "消控"]
        await pilot.press(*"安保")
        assert picker_labels(app) == ["安保"]
        await pilot.press("enter")
        await settle(pilot, app)
        assert Ticket.get_by_id(ticket.id).dept == "sec"
        assert "安保" in app.board.status_text


@pytest.mark.asyncio
async def test_dispatch_picker_by_arrows_and_esc_cancels(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        ticket = Ticket.select().where(Ticket.state == "open").order_by(Ticket.id).first()
        await select_ticket(pilot, app, ticket.id)
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("escape")
        await settle(pilot, app)
        assert not isinstance(app.screen, PickerScreen)
        assert Ticket.get_by_id(ticket.id).dept == ticket.dept
        await pilot.press("D", *"engineer")   # a long name narrows to one
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        assert picker_labels(app) == ["Eng"]
        await pilot.press("ctrl+u", "down", "down", "enter")    # cleared: Eng, Sec, *Svc*
        await settle(pilot, app)
        assert Ticket.get_by_id(ticket.id).dept == "svc"


@pytest.mark.asyncio
async def test_notify_picks_a_role_labelled_in_the_boards_language(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        emergency = Ticket.get(Ticket.priority == "emergency")
        before = set(filter(None, emergency.notified.split(",")))
        await select_ticket(pilot, app, emergency.id)
        await pilot.press("N")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        labels = picker_labels(app)
        assert set(labels) == {"客服主管", "项目经理", "部门主管"}
        told = [c for c in app.screen.shown_choices if c.value in before]
        assert told and all(c.note == "已通知" for c in told)
        assert labels[-len(told):] == [c.label for c in told]      # who is still to tell comes first
        first = app.screen.shown_choices[0].value
        await pilot.press("enter")
        await settle(pilot, app)
        assert first in Ticket.get_by_id(emergency.id).notified.split(",")
        assert first not in before


# -- the command palette -----------------------------------------------------------------------

@pytest.mark.asyncio
async def test_the_palette_on_the_chinese_board_says_no_matches_in_chinese(board_url: str,  # noqa: ANN001
                                                                          make_board) -> None:
    from textual.command import CommandList
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "BoardPalette")
        await pilot.press(*"部门")
        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.option_count > 0)
        texts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert any("清除筛选和部门" in text or "部门" in text for text in texts), texts
        await pilot.press(*"qqqxyz")
        await wait_for(pilot, lambda: commands.option_count == 1
                       and commands.get_option_at_index(0).id == "--no-matches")
        prompt = commands.get_option_at_index(0).prompt
        assert "没有匹配的命令" in str(getattr(prompt, "renderable", prompt))


@pytest.mark.asyncio
async def test_the_header_shortens_at_once_when_the_terminal_narrows(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, cadence=Cadence(tick=3600))   # no tick: only the resize redraws it
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app) and "duty officer:" in header_of(app))
        assert cell_len(header_of(app)) > 78
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: cell_len(header_of(app)) <= 78, timeout=2)
        assert "duty officer" in header_of(app)
