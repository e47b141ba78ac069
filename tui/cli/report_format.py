"""The reports as the command line prints them. The renderers live in ``dutyboard.tui``
(``report_text``, ``sheet_text``) because the board shows and saves the same text, and the
board never imports the command line."""

from __future__ import annotations

from dutyboard.tui.report_text import (
    WEEKLY_CSV_COLUMNS,
    monthly_csv,
    monthly_dict,
    monthly_markdown,
    weekly_csv,
    weekly_dict,
    weekly_markdown,
)
from dutyboard.tui.sheet_text import (
    bookings_csv,
    bookings_dict,
    bookings_markdown,
    readiness_csv,
    readiness_dict,
    readiness_markdown,
    worksheet_csv,
    worksheet_dict,
    worksheet_markdown,
)

__all__ = ["WEEKLY_CSV_COLUMNS", "bookings_csv", "bookings_dict", "bookings_markdown",
           "monthly_csv", "monthly_dict", "monthly_markdown", "readiness_csv", "readiness_dict",
           "readiness_markdown", "weekly_csv", "weekly_dict", "weekly_markdown", "worksheet_csv",
           "worksheet_dict", "worksheet_markdown"]
