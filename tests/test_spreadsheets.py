"""Exports opened in Excel or WPS never run what someone typed (CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.spreadsheets import Echo, csv_cell, keep_as_text


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_text_that_starts_like_a_formula_is_written_as_text(typed):
    assert csv_cell(typed) == "'" + typed


def test_ordinary_text_numbers_and_blanks_are_left_as_they_are():
    assert csv_cell("青石镇") == "青石镇"
    assert csv_cell(-3) == -3 and csv_cell(1.5) == 1.5
    assert csv_cell(None) == ""


def test_a_streamed_csv_line_is_what_csv_writes():
    assert csv.writer(Echo()).writerow(["a", csv_cell("=1+1")]) == "a,'=1+1\r\n"


def test_an_excel_cell_starting_with_equals_stays_the_same_text():
    book = Workbook()
    sheet = book.active
    sheet.append(['=HYPERLINK("http://evil")', "正常", 3])
    keep_as_text(sheet[1])
    out = io.BytesIO()
    book.save(out)
    cells = [c.value for c in load_workbook(io.BytesIO(out.getvalue())).active[1]]
    assert cells == ['=HYPERLINK("http://evil")', "正常", 3]
    reread = load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert reread.data_type == "s"
