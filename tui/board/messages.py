"""Messages from the worker threads to the app (workers never touch widgets)."""

from __future__ import annotations

from dutyboard.store.board import Snapshot
from dutyboard.store.health import Failure
from textual.message import Message


class SnapshotReady(Message):
    """A snapshot the poller read. ``serial`` counts the poller's snapshots: the screen takes
    its first frame's snapshot from the poller directly (first_frame.py), and the messages
    queued before that carry older ones, which it must not go back to."""

    def __init__(self, snapshot: Snapshot, seconds: float, serial: int | None = None) -> None:
        super().__init__()
        self.snapshot, self.seconds, self.serial = snapshot, seconds, serial


class DatabaseProblem(Message):
    """Reading failed: ``error`` is the short reason shown after STALE ("database busy",
    "database file replaced", ...), ``detail`` the driver's first line, ``failure`` its kind
    (the header words it in the board's language). The poller keeps retrying; its next
    snapshot clears the problem."""

    def __init__(self, error: str, detail: str = "", failure: Failure | None = None) -> None:
        super().__init__()
        self.error, self.detail, self.failure = error, detail, failure


class ActionResult(Message):
    """A write finished: ok with a message, or refused/denied with the rule's message."""

    def __init__(self, ok: bool, text: str) -> None:
        super().__init__()
        self.ok, self.text = ok, text


class ShowDetail(Message):
    """``meeting_id``: the meeting behind the row (its detail offers the service notice)."""

    def __init__(self, title: str, body: str, meeting_id: int | None = None) -> None:
        super().__init__()
        self.title, self.body, self.meeting_id = title, body, meeting_id
