"""Fuzz: whatever a clerk uploads, the engine reads it or refuses it with ReadError.

Random bytes (bare and behind the signature of every kind of file the readers know),
random Unicode text, random mixes of real-looking report lines (table labels, figures,
tabs, pipes, headings), random HTML tables with any spans, reports with a few bytes
changed, and reports cut at every twentieth of their length go through ``read_bytes``,
``extract`` and the checks (``pipeline.check_bytes``). Nothing may raise anything but
``ReadError``, and nothing may hang (inputs are bounded, each call has a time limit).

A cut report yields what is there with findings for what is missing, and never an invented
value: every figure read must be the figure of the original in that cell.
"""

from __future__ import annotations

import html
import io
import os
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annualreport.document import ReadError
from gongkai.annualreport.extract import extract
from gongkai.annualreport.formats import (
    FORMAT_2019,
    FORMAT_2021,
    SECTIONS,
    TABLE3_COLUMNS,
    TABLE3_GROUPS,
    TABLE3_NOTE,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
)
from gongkai.annualreport.model import SECTION_KEYS, Report
from gongkai.annualreport.pipeline import check_bytes
from gongkai.annualreport.readers import decode_text, read_bytes
from gongkai.annualreport.readers.text import read_text

from .layouts import LAYOUTS, ReportSpec, busy_spec, render

_TIME_LIMIT_S = 20.0
# GONGKAI_PROPERTY_SCALE=20 tries twenty times as many inputs, with fresh randomness.
_SCALE = float(os.environ.get("GONGKAI_PROPERTY_SCALE", "1"))
_FUZZ = dict(
    deadline=None,
    derandomize=_SCALE == 1,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Hang(BaseException):
    """Raised when one read takes longer than any real report could (not an Exception, so
    that no ``except Exception`` in the code under test swallows it)."""


@contextmanager
def time_limit(seconds: float = _TIME_LIMIT_S) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise Hang(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_or_refuse(data: bytes, source: str) -> Report | None:
    """read_bytes + extract + checks; None when the file is refused with ReadError.

    Any other exception fails the test that called it, with the input."""
    with time_limit():
        try:
            extract(read_bytes(data, source))
            return check_bytes(data, source)
        except ReadError as e:
            assert str(e), "a ReadError must say why, for the clerk"
            return None


# ---------------------------------------------------------------------------------------
# Strategies


_SIGNATURES = (
    b"%PDF-1.4\n",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
    b"PK\x03\x04",
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00word/document.xml",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"{\\rtf1\\ansi ",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"<!DOCTYPE html><html><body>",
    b'<meta charset="gbk"><table><tr><td>',
    b"<table><tr><td rowspan=9999 colspan=9999>",
)

_LABELS = sorted(
    {
        *SECTIONS.values(),
        *FORMAT_2021.table3_rows.values(),
        *FORMAT_2019.table3_rows.values(),
        *TABLE3_GROUPS.values(),
        *TABLE3_COLUMNS.values(),
        *TABLE4_BLOCKS.values(),
        *TABLE4_COLUMNS.values(),
        *(label for f in (FORMAT_2021, FORMAT_2019) for b in f.table2 for label in (b.title, *b.columns.values(), *b.rows.values())),
        TABLE3_NOTE,
        "信息内容",
        "申请人情况",
        "法人或其他组织",
        "行政诉讼",
        "未经复议直接起诉",
        "复议后起诉",
        "社会组织",
        "小计",
        "示例县青石镇2023年政府信息公开工作年度报告",
        "示例县青石镇",
        "2024年1月20日",
        "一主动公开情况",
        "本年度共收到政府信息公开申请 12 件，办结 11 件，结转下年度 1 件。",
    }
)  # fmt: skip

_figures = st.one_of(
    st.integers(-(10**6), 10**12).map(str),
    st.integers(0, 10**6).map(lambda k: f"{k / 100}"),
    st.sampled_from(
        [
            "",
            "/",
            "—",
            "-",
            "无",
            "+3",
            "251000元",
            "1,234",
            "0.5万元",
            "１２",
            "Ⅰ",
            "∞",
            "NaN",
            "1e9",
        ]
    ),
)
_cell = st.one_of(_figures, st.sampled_from(_LABELS), st.text(max_size=12))


def _pipe_row(cells: list[str], outer: bool) -> str:
    row = "|".join(cells)
    return f"|{row}|" if outer else row


_line = st.one_of(
    st.sampled_from(_LABELS),
    _figures,
    st.lists(_cell, max_size=16).map("\t".join),
    st.builds(_pipe_row, st.lists(_cell, max_size=16), st.booleans()),
    st.sampled_from(["", "", "|", "|---|---|---|", "| --- | :---: |", "\t\t\t", "#", "######"]),
    st.builds(
        lambda level, label: "#" * level + " " + label, st.integers(1, 7), st.sampled_from(_LABELS)
    ),
    st.builds(lambda label: label + "|", st.sampled_from(_LABELS)),
    st.text(max_size=60),
)
_report_lines = st.lists(_line, max_size=150).map("\n".join)

_prose = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_span = st.one_of(
    st.integers(-3, 40).map(str), st.sampled_from(["", "x", "99999", "1.5", " 2 ", "0x3"])
)


@st.composite
def _html_tables(draw: st.DrawFn) -> str:
    """A table with random cells and random (even absurd) rowspan/colspan."""
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        cells = []
        for _ in range(draw(st.integers(0, 12))):
            attrs = ""
            if draw(st.booleans()):
                attrs += f' rowspan="{draw(_span)}"'
            if draw(st.booleans()):
                attrs += f' colspan="{draw(_span)}"'
            tag = draw(st.sampled_from(["td", "th"]))
            cells.append(f"<{tag}{attrs}>{draw(_cell)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    nested = draw(st.sampled_from(["", "<table><tr><td>行政复议</td></tr></table>"]))
    return f"<table>{''.join(rows)}{nested}</table>"


# ---------------------------------------------------------------------------------------
# Random input


@settings(max_examples=int(150 * _SCALE), **_FUZZ)
@given(data=st.binary(max_size=4096))
def test_random_bytes_are_read_or_refused_with_a_read_error(data: bytes) -> None:
    read_or_refuse(data, "upload.bin")


@settings(max_examples=int(120 * _SCALE), **_FUZZ)
@given(
    signature=st.sampled_from(_SIGNATURES),
    rest=st.binary(max_size=3000),
    name=st.sampled_from(["a.pdf", "a.docx", "a.doc", "a.html", "a.txt"]),
)
def test_random_bytes_behind_a_file_signature_are_read_or_refused_with_a_read_error(
    signature: bytes, rest: bytes, name: str
) -> None:
    read_or_refuse(signature + rest, name)


@settings(max_examples=int(120 * _SCALE), **_FUZZ)
@given(
    text=st.text(max_size=3000),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "big5"]),
)
def test_random_unicode_text_is_read_or_refused_with_a_read_error(text: str, encoding: str) -> None:
    read_or_refuse(text.encode(encoding, errors="replace"), "report.txt")


@settings(max_examples=int(150 * _SCALE), **_FUZZ)
@given(text=_report_lines, encoding=st.sampled_from(["utf-8", "gb18030"]))
def test_random_mixes_of_report_lines_are_read_or_refused_with_a_read_error(
    text: str, encoding: str
) -> None:
    report = read_or_refuse(text.encode(encoding, errors="replace"), "report.txt")
    if report is not None:
        _assert_cells_are_figures_or_blank(report)


@settings(max_examples=int(80 * _SCALE), **_FUZZ)
@given(
    tables=st.lists(_html_tables(), max_size=4),
    lines=st.lists(st.one_of(st.sampled_from(_LABELS), _prose), max_size=20),
    charset=st.sampled_from(["utf-8", "gbk"]),
)
def test_random_html_tables_with_any_spans_are_read_or_refused_with_a_read_error(
    tables: list[str], lines: list[str], charset: str
) -> None:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "".join(tables)
    page = f'<html><head><meta charset="{charset}"></head><body><div class="article">{body}</div></body></html>'
    report = read_or_refuse(page.encode(charset, errors="replace"), "report.html")
    if report is not None:
        _assert_cells_are_figures_or_blank(report)


def _assert_cells_are_figures_or_blank(report: Report) -> None:
    for name in ("table2", "table3", "table4"):
        for cols in (getattr(report, name) or {}).values():
            for value in cols.values():
                assert value is None or isinstance(value, int | float), value


_MUTATED_LAYOUTS = ("tsv_word", "markdown", "lines_consecutive", "html_gbk", "docx", "pdf")
_REPORTS = {name: render(name, busy_spec()) for name in _MUTATED_LAYOUTS}


@pytest.mark.parametrize("layout", _MUTATED_LAYOUTS)
def test_a_report_with_a_few_bytes_changed_is_read_or_refused_with_a_read_error(
    layout: str,
) -> None:
    original = _REPORTS[layout]
    fast = LAYOUTS[layout].kind in ("text", "html")

    @settings(max_examples=int((40 if fast else 12) * _SCALE), **_FUZZ)
    @given(
        edits=st.lists(
            st.tuples(st.integers(0, len(original) - 1), st.binary(max_size=4), st.integers(0, 4)),
            min_size=1,
            max_size=6,
        )
    )
    def check(edits: list[tuple[int, bytes, int]]) -> None:
        data = bytearray(original)
        for position, insert, delete in edits:
            data[position : position + delete] = insert
        read_or_refuse(bytes(data), LAYOUTS[layout].filename)

    check()


def test_a_damaged_docx_whose_zip_holds_no_document_is_refused_with_a_read_error() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/styles.xml", "<w:styles/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    assert read_or_refuse(out.getvalue(), "report.docx") is None


def test_an_empty_or_oversized_file_is_refused_with_a_read_error() -> None:
    assert read_or_refuse(b"", "report.txt") is None
    assert read_or_refuse(b" \n\t ", "report.txt") is None
    assert read_or_refuse(b"a" * (50 * 1024 * 1024 + 1), "report.txt") is None


# ---------------------------------------------------------------------------------------
# Cut reports


_CUT_LAYOUTS = (
    "tsv_word",
    "tsv_pagebreak",
    "markdown",
    "pipes",
    "lines_consecutive",
    "lines_blank_separated",
    "lines_trailing_pipe",
    "lines_pipe_separated_dropped",
    "html_utf8",
    "html_gbk",
    "docx",
    "pdf",
)
_TWENTIETHS = range(1, 20)
_DIGITS = b"0123456789."


def cut_outside_figures(data: bytes, cut: int) -> int:
    """Move a cut back so that it does not fall inside a figure: "1234" cut to "12" is a
    different figure that no reader can tell from a real one."""
    while 0 < cut < len(data) and data[cut] in _DIGITS and data[cut - 1] in _DIGITS:
        cut -= 1
    return cut


def invented_values(report: Report, spec: ReportSpec) -> dict[str, tuple]:
    expected = spec.cells()
    return {
        loc: (expected[loc], report.value(loc))
        for loc in expected
        if report.value(loc) is not None and report.value(loc) != expected[loc]
    }


def missing_without_a_finding(report: Report, spec: ReportSpec) -> list[str]:
    """What the cut removed (a section, a table, a cell) that no finding names."""
    locations = {f.location for f in report.findings}
    missing = [f"section.{key}" for key in SECTION_KEYS if not report.sections.get(key)]
    missing += [name for name in ("table3", "table4") if getattr(report, name) is None]
    for loc in spec.cells():
        table = loc.split(".")[0]
        if getattr(report, table) is not None and report.value(loc) is None:
            row = loc.rsplit(".", 1)[0]
            if not locations & {loc, row, table}:
                missing.append(loc)
    return [m for m in missing if m not in locations]


@pytest.mark.parametrize("layout", _CUT_LAYOUTS)
def test_a_report_cut_at_every_twentieth_of_its_bytes_yields_no_invented_value(layout: str) -> None:
    spec = busy_spec()
    data = render(layout, spec)
    for k in _TWENTIETHS:
        cut = cut_outside_figures(data, len(data) * k // 20)
        report = read_or_refuse(data[:cut], LAYOUTS[layout].filename)
        if report is None:
            continue
        assert not invented_values(report, spec), f"cut at {k}/20 ({cut} bytes)"
        assert not missing_without_a_finding(report, spec), f"cut at {k}/20 ({cut} bytes)"


_TEXT_CUT_LAYOUTS = tuple(name for name in _CUT_LAYOUTS if LAYOUTS[name].kind in ("text", "html"))
# The section title that follows each table: a cut after it leaves the whole table.
_AFTER_TABLE = {
    "table2": SECTIONS["applications"],
    "table3": SECTIONS["review_litigation"],
    "table4": SECTIONS["problems"],
}


@pytest.mark.parametrize("layout", _TEXT_CUT_LAYOUTS)
def test_a_report_cut_between_characters_keeps_every_table_that_ends_before_the_cut(
    layout: str,
) -> None:
    spec = busy_spec()
    encoding = "gbk" if layout == "html_gbk" else "utf-8"
    text = render(layout, spec).decode(encoding)
    for k in _TWENTIETHS:
        cut = cut_outside_figures(text.encode(encoding), len(text.encode(encoding)) * k // 20)
        piece = text.encode(encoding)[:cut].decode(encoding, errors="ignore")
        report = read_or_refuse(piece.encode(encoding), LAYOUTS[layout].filename)
        assert report is not None, f"cut at {k}/20 refused"
        assert not invented_values(report, spec), f"cut at {k}/20"
        for table, next_title in _AFTER_TABLE.items():
            if next_title in piece:
                assert getattr(report, table) == getattr(spec, table), f"cut at {k}/20 lost {table}"


# ---------------------------------------------------------------------------------------
# Bugs these tests found: minimal reproductions (strict xfail while open)


def test_a_table_three_row_cut_short_keeps_its_figures_in_their_columns() -> None:
    header = [
        [TABLE3_NOTE, "", "", "申请人情况", "", "", "", "", "", ""],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    text = "".join("\t".join(row) + "\n" for row in header)
    text += "四、结转下年度继续办理\t\t\t1\t2\t3\t4\t5\n"
    report = extract(read_text(text, "report.txt"))
    assert report.table3 is not None
    assert report.table3["carried_forward"]["natural_person"] == 1
    assert report.table3["carried_forward"]["legal_service"] == 5


def test_utf8_cut_inside_its_last_character_is_still_read_as_utf8() -> None:
    assert decode_text("年度报告".encode()[:-1]).startswith("年度报")


def test_a_utf8_report_cut_inside_a_character_keeps_the_tables_before_the_cut() -> None:
    spec = busy_spec()
    data = render("tsv_word", spec)
    end = data.index(SECTIONS["review_litigation"].encode())
    report = read_or_refuse(data[: end + 1], "report.txt")  # one byte into a character
    assert report is not None and report.table2 == spec.table2


def test_a_control_character_in_a_web_page_paragraph_is_dropped_and_the_page_read() -> None:
    doc = read_bytes(b"<p>a\x01\xef\xbf\xbfb</p>", "report.html")
    assert [p.text for p in doc.paragraphs] == ["ab"]
