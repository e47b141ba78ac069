"""The board's first frame is the full board, laid out and styled once (issue 13, the time
to the first full board).

Left to Textual, the start laid out, styled and painted the board several times: empty (the
first read came after the first paint), again when the first Resize gave the screen its
wide/narrow classes, again when the tables learnt their widths, and the whole screen was
restyled on its first resume. Here the poller's first read starts with the app and the
screen waits for it, a short while at most, before its first layout; the size's classes are
set before the first styles (``size_classes``); the tables add their rows once they know
their width (table.py); the first resume keeps the styles the mount gave (screen.py); nothing
is laid out or painted again after the first frame (first_layout.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.geometry import Size

from .messages import SnapshotReady
from .poller import Poller

FIRST_READ_WAIT = 0.5   # seconds the first layout waits for the first snapshot at most


def size_classes(size: Size, horizontal: list[tuple[int, str]], vertical: list[tuple[int, str]],
                 classes_for: Callable[[int, list[tuple[int, str]]], Iterable[str]]) -> set[str]:
    """The breakpoint classes Textual gives a screen of ``size`` (``classes_for`` is the
    screen's ``_get_breakpoint_classes``), worked out before its first Resize."""
    return {*classes_for(size.width, horizontal), *classes_for(size.height, vertical)}


def first_snapshot(poller: Poller) -> SnapshotReady | None:
    """The poller's first snapshot, waited for ``FIRST_READ_WAIT`` at most. Waiting (the
    interpreter lock let go) also lets the read run at full speed: beside a busy screen its
    thread waited for the lock after every SQLite step. None when it is not there in time (a
    slow or failing database): the board opens empty, says so, and fills when it comes."""
    if poller.first.wait(FIRST_READ_WAIT) and (latest := poller.latest) is not None:
        return SnapshotReady(latest[0], poller.first_seconds, latest[1])
    return None
