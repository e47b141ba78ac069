"""SQLite that keeps its planner statistics fresh by itself.

SQLite never gathers statistics on its own; without them, or with stale ones, the planner
guesses. SQLite's advice is to run ``PRAGMA optimize`` when a connection closes: it
analyses only the tables this connection's queries used whose statistics are missing or
far out of date, and ``analysis_limit`` bounds each analysis to a sample, so a command or
a board closing on a site with years of history pays milliseconds, not a full ANALYZE.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import peewee

ANALYSIS_LIMIT = 1000   # rows sampled per index (SQLite's recommendation: 100 to 1000)


class OptimizingSqliteDatabase(peewee.SqliteDatabase):
    def _close(self, conn: Any) -> None:  # Peewee's private hook (absent from its stubs)
        try:
            conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            conn.execute("PRAGMA optimize")
        except sqlite3.Error:   # read-only file, busy writer, closing after a failure: skip
            pass
        super()._close(conn)  # type: ignore[misc]
