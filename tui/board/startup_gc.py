"""Python's cyclic garbage collector held off from the board's start until its first full
board is on screen.

Starting a board allocates a great many objects that all live on (Textual's widgets and
styles, the first snapshot, every derived row and cell of the four panes): each allocation
burst sets off collections that walk every object allocated so far and find almost nothing
to free. On the generated large site that was about a third of the time to the first full
board. Reference counting still frees everything that is not in a cycle meanwhile; the
cycles left over are collected once the collector is back on (``release``): a second after
the first full board was rendered (``AFTER_FIRST_BOARD``; that first collection walks
everything the start allocated, a fifth of a second on the large site, so it comes once the
board is on screen, not in the way of its first paint), when the board ends, when the
database fails, or ``AT_THE_LATEST``. ``hold`` only turns off a collector that is on, and
``release`` only turns on what ``hold`` turned off: a process that runs without the
collector keeps running without it.
"""

from __future__ import annotations

import gc

AFTER_FIRST_BOARD = 1.0   # seconds after the first full board was rendered
AT_THE_LATEST = 15.0      # seconds after the board mounted

_held = False


def hold() -> None:
    """The collector off until ``release`` (idempotent)."""
    global _held
    if not _held and gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """The collector back on if ``hold`` turned it off (idempotent)."""
    global _held
    if _held:
        _held = False
        gc.enable()


def held() -> bool:
    return _held
