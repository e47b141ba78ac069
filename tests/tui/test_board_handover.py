"""Shift handover on the board (issue 11): H writes a note; the next person who opens the
board sees it until they acknowledge it, and then not again."""

from __future__ import annotations

import pytest
from boardkit import loaded, settle, wait_for
from dutyboard.store.models import Audit, Handover

pytestmark = pytest.mark.asyncio


def showing_handover(app) -> bool:  # noqa: ANN001
    return app.screen.__class__.__name__ == "HandoverShowScreen"


async def test_a_note_written_with_h_is_saved_and_audited(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await settle(pilot, app)
        await pilot.press("H")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HandoverWriteScreen")
        await pilot.press("ctrl+s")   # empty: refused on the dialog
        assert str(app.screen.query_one("#handover-error").render()) == "write the note first"
        await pilot.press(*"Room 305 leak", "enter", *"[b]plumber[/b] at 08:00", "ctrl+s")
        await settle(pilot, app)
        note = Handover.select().order_by(Handover.id.desc()).get()
        assert note.text == "Room 305 leak\n[b]plumber[/b] at 08:00" and note.written_by.login == "clerk"
        assert app.board.status_text == f"Handover note #{note.id} saved for the next shift"
        assert Audit.select().order_by(Audit.id.desc()).get().action == "handover.write"


async def test_shown_to_the_next_person_until_acknowledged_then_not_again(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.handover import write_note
    writer = make_board(board_url, login="clerk")
    async with writer.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(writer))
        write_note(writer.ctx, "Fire door B2 [red]propped[/red] open")
        note = Handover.select().order_by(Handover.id.desc()).get()
    writer = make_board(board_url, login="clerk")   # the writer is not shown their own note
    async with writer.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(writer))
        await settle(pilot, writer)
        assert writer.screen is writer.board
    app = make_board(board_url, login="duty")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: showing_handover(app))
        await pilot.pause()
        body = " ".join(str(w.render()) for w in app.screen.query(".handover-text"))
        assert "Fire door B2 [red]propped[/red] open" in body    # literally, never markup
        await pilot.press("escape")                            # later: not acknowledged
        assert app.screen is app.board
        assert "shown again next time" in app.board.status_text
    assert Handover.get_by_id(note.id).acked_at is None
    app = make_board(board_url, login="duty")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: showing_handover(app))
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.board.status_text == "Handover acknowledged (1 notes)"
    row = Handover.get_by_id(note.id)
    assert row.acked_by.login == "duty" and row.acked_at is not None
    assert Audit.select().order_by(Audit.id.desc()).get().action == "handover.ack"
    for login in ("duty", "super"):
        again = make_board(board_url, login=login)
        async with again.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: loaded(again))  # noqa: B023
            await settle(pilot, again)
            assert again.screen is again.board, login


async def test_a_read_only_board_does_not_ask_for_acknowledgement(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.store.handover import write_note
    writer = make_board(board_url, login="clerk")
    async with writer.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(writer))
        write_note(writer.ctx, "Lift 2 out of order")
    wall = make_board(board_url, login="duty", readonly=True)
    async with wall.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(wall))
        await settle(pilot, wall)
        assert wall.screen is wall.board
        await pilot.press("H")
        assert wall.board.status_text == "Read-only board: no changes"


async def test_notes_arriving_while_the_form_is_open_wait_for_the_board(board_url: str, make_board) -> None:  # noqa: ANN001
    """The read runs in the background: if the user opened the form meanwhile, the notes
    wait until the board is in front again rather than cover what they are typing."""
    from dutyboard.tui.board.handover import Note
    app = make_board(board_url, login="duty")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await settle(pilot, app)
        await pilot.press("n", *"Room")
        app.board.handover._arrived([Note(1, "11-23 08:00", "Clerk (clerk)", "Lift 2 out of order")])
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TicketForm"
        assert app.screen.query_one("#f-location").value == "Room"
        await pilot.press("escape")
        await wait_for(pilot, lambda: showing_handover(app))
