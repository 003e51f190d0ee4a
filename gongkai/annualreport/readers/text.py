"""Plain text, Markdown, and text flattened from web pages.

Layouts met in published reports (each reproduced by a fixture in tests/):

* tab-separated rows, as copied from Word; after a page break a row may lose its leading
  (empty) cells — the extractor copes, this reader keeps every cell as written;
* ``|``-separated rows, with or without outer pipes (Markdown tables included; their
  ``|---|`` rule lines are dropped);
* one cell per line, rows lost: cells on consecutive lines, or separated by blank lines,
  or each followed by a trailing ``|``, or separated by lines holding a lone ``|``; empty
  cells either dropped or kept (an empty line, a lone ``|``).

Paragraphs keep their text; Markdown ``#`` headings keep their level.
"""

from __future__ import annotations

import re

from ..document import Document, Paragraph, TableBlock
from ..normalize import clean_text, label_key, parse_cell, to_simplified

# A line that opens a table when the table has been flattened to one cell per line.
_TABLE_ANCHORS = ("第二十条第", "信息内容", "本列数据的勾稽关系", "申请人情况", "行政复议")
_MAX_CELL_CHARS = 60
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_MD_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
_SECTION_LINE = re.compile(r"^[一二三四五六]\s*[、.．,，]")


def read_text(text: str, source: str) -> Document:
    text = to_simplified(clean_text(text))
    doc = Document(source=source, kind="text")
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip(" ")
        if _MD_HEADING.match(line.strip()):
            doc.blocks.append(_paragraph(line))
            i += 1
        elif _is_row_line(line) or (_opens_cell_stream(line) and _next_is_row(lines, i + 1)):
            i = _read_row_table(lines, i, doc)
        elif _opens_cell_stream(line):
            i = _read_cell_stream(lines, i, doc)
        else:
            if line.strip():
                doc.blocks.append(_paragraph(line))
            i += 1
    return doc


def _paragraph(line: str) -> Paragraph:
    m = _MD_HEADING.match(line.strip())
    if m:
        return Paragraph(_strip_md(m.group(2)), heading_level=len(m.group(1)))
    return Paragraph(_strip_md(line.strip()))


def _strip_md(text: str) -> str:
    return text.replace("**", "").replace("__", "")


def _is_row_line(line: str) -> bool:
    if "\t" in line:
        return True
    s = line.strip()
    if "|" not in s or s == "|":
        return False
    if s.startswith("|") and s.endswith("|") and len(s) > 1:
        return True
    # "规章|0|0|0" is a row; "规章|" (one cell and its trailing pipe) is not.
    return s.count("|") >= 2 or not s.endswith("|")


def _split_row(line: str, outer_pipes: bool) -> list[str]:
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    s = line.strip()
    if outer_pipes:
        s = s.removeprefix("|")
        s = s.removesuffix("|")  # a line cut short may have lost it
    return [_strip_md(c.strip()) for c in s.split("|")]


def _has_outer_pipes(lines: list[str]) -> bool:
    """Markdown tables wrap every row in pipes; a table written "a|b|c" does not, and there
    a row that starts and ends with "|" has an empty cell at each edge. Decided once per
    table: one row cannot tell the two apart."""
    piped = [ln.strip() for ln in lines if "\t" not in ln]
    wrapped = [ln.startswith("|") and ln.endswith("|") and len(ln) > 1 for ln in piped]
    if not piped or not all(wrapped[:-1]):
        return False
    # The last line of a file cut short may have lost its closing pipe.
    return wrapped[-1] or (len(piped) > 1 and piped[-1].startswith("|"))


def _read_row_table(lines: list[str], i: int, doc: Document) -> int:
    """Consecutive row lines (blank lines between them allowed) form one table."""
    raw: list[str | list[str]] = []  # row lines to split, or title rows already cells
    origin = f"第 {i + 1} 行"
    while i < len(lines):
        line = lines[i].rstrip(" ")
        if _is_row_line(line):
            if not _MD_RULE.match(line.strip()):
                raw.append(line)
            i += 1
        elif not line.strip():
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and _is_row_line(lines[j].rstrip(" ")):
                i = j
                continue
            break
        elif _short_table_line(line) and i + 1 < len(lines) and _next_is_row(lines, i + 1):
            # A title row that lost its tabs ("第二十条第（九）项" alone) stays in the table.
            raw.append([line.strip()])
            i += 1
        else:
            break
    outer = _has_outer_pipes([r for r in raw if isinstance(r, str)])
    rows = [r if isinstance(r, list) else _split_row(r, outer) for r in raw]
    doc.blocks.append(TableBlock(rows=rows, origin=origin))
    return i


def _next_is_row(lines: list[str], j: int) -> bool:
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j < len(lines) and _is_row_line(lines[j].rstrip(" "))


def _short_table_line(line: str) -> bool:
    """A table's title or header cell standing alone: it starts with an anchor word and is
    not a sentence ("本年度未发生行政复议。" mentions 行政复议 but is prose)."""
    if any(p in line for p in "。；;！？"):
        return False
    key = label_key(line).lstrip("(")
    return len(key) <= _MAX_CELL_CHARS and key.startswith(_TABLE_ANCHORS)


def _opens_cell_stream(line: str) -> bool:
    s = line.strip().rstrip("|").strip()
    return bool(s) and _short_table_line(s) and not _looks_like_section_heading(s)


def _is_cell_line(line: str) -> bool:
    if _is_row_line(line):
        return False
    s = line.strip()
    if s in ("", "|"):
        return True
    if s.startswith("#"):
        return False
    s = s.rstrip("|").strip()
    if not s:
        return True
    if parse_cell(s).is_value:
        return True
    return len(label_key(s)) <= _MAX_CELL_CHARS and not _looks_like_section_heading(s)


def _looks_like_section_heading(s: str) -> bool:
    """A section title ends a flattened table; a row label such as 一、本年新收… does not."""
    key = label_key(s.lstrip("#"))
    if not _SECTION_LINE.match(key):
        return False
    return key.endswith(("情况", "事项")) and "结转" not in key


def _read_cell_stream(lines: list[str], i: int, doc: Document) -> int:
    """One cell per line. Work out how empty cells are written, then collect cells."""
    start = i
    j = i
    while j < len(lines) and _is_cell_line(lines[j].rstrip(" ")):
        j += 1
    j = max(j, start + 1)  # the opening line is always part of the table
    region = [ln.strip() for ln in lines[start:j]]
    # Trailing blank lines belong to the text after the table, not to it.
    while region and not region[-1]:
        region.pop()
    cells = _stream_cells(region)
    doc.blocks.append(
        TableBlock(rows=[[c] for c in cells], rows_known=False, origin=f"第 {start + 1} 行")
    )
    return start + len(region) if region else j


def _stream_cells(region: list[str]) -> list[str]:
    content = [ln for ln in region if ln]
    trailing_pipe = sum(1 for ln in content if ln.endswith("|") and ln != "|")
    lone_pipe = sum(1 for ln in content if ln == "|")
    if trailing_pipe and trailing_pipe >= lone_pipe:
        # "规章|" "0|" and "|" for an empty cell.
        return [ln[:-1].strip() if ln.endswith("|") else ln for ln in content]
    if lone_pipe:
        # Cells separated by lone "|" lines; two separators in a row enclose an empty cell.
        cells: list[str] = []
        pending: str | None = None
        for ln in content:
            if ln == "|":
                cells.append(pending if pending is not None else "")
                pending = None
            else:
                if pending is not None:
                    cells.append(pending)
                pending = ln
        if pending is not None:
            cells.append(pending)
        return cells
    blanks_between = _blank_separated(region)
    if blanks_between:
        # Every cell is followed by one blank line; an empty cell adds one or two more
        # (writers differ), so a run of n blank lines holds n // 2 empty cells.
        cells = []
        run = 0
        for ln in region:
            if ln:
                cells.extend([""] * (run // 2))
                cells.append(ln)
                run = 0
            else:
                run += 1
        return cells
    # Consecutive lines; a blank line is an empty cell that was kept.
    return list(region)


def _blank_separated(region: list[str]) -> bool:
    """True when (nearly) every pair of cells has a blank line between them."""
    gaps = 0
    pairs = 0
    prev_content = False
    blank_run = 0
    for ln in region:
        if ln:
            if prev_content:
                pairs += 1
                if blank_run:
                    gaps += 1
            prev_content = True
            blank_run = 0
        else:
            blank_run += 1
    return pairs > 0 and gaps >= 0.8 * pairs
