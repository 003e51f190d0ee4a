"""Cells of the CSV and Excel files people open in a spreadsheet program.

Text typed by anyone — a file name, a case number, an agency's or an object's name — can
start like a formula ("=HYPERLINK(…)", "+1", "@SUM"); opened in Excel or WPS it would run
(CSV injection). Every export writes its text cells through here. Plain Python: the
report engine's command line uses it as well as the web pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Excel on a government PC reads a CSV as GBK unless it starts with a byte order mark.
BOM = "\ufeff"

#: What a spreadsheet reads as the start of a formula in a CSV cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV cell: text that would start a formula gets a leading apostrophe
    (shown as typed by Excel/WPS); None is an empty cell; numbers are left alone."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def keep_as_text(cells: Iterable[Any]) -> None:
    """openpyxl cells: a string starting with "=" stays a string. (openpyxl itself turns it
    into a formula; the other starts are only formulas when typed, not when stored as a
    string cell, so the text stays exactly as it was — an import reads it back unchanged.)"""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


class Echo:
    """A file-like object whose write() hands back the line: ``csv.writer(Echo())`` makes
    one CSV line at a time, for a streamed response."""

    def write(self, value: str) -> str:
        return value
