"""The document model and the layout rules of 公文 (GB/T 9704-2012), shared by DOCX and PDF.

A ``Document`` is what both renderers take: a title, an optional 文号 line, an optional
addressee (主送), body blocks (paragraphs, headings, simple tables), a signature block
(agency and date), optional 附注 lines and an optional 抄送 line. Everything measurable
(margins, sizes, line pitch, the signature's position) lives here once, so the Word file
and the PDF cannot drift apart.

Conventions chosen from GB/T 9704-2012 and why:

- Dates are written with Arabic numerals, year in full, no leading zeros:
  ``2026年11月22日`` (GB/T 9704-2012 §7.3.5 changed this from the 1999 edition's
  ``二〇二六年十一月二十二日``; offices now follow 2012).
- The letters are stamped (加盖印章, §7.3.5.1): one blank line after the body, the date
  four characters from the right margin, the agency name centred over the date.
- Page numbers are ``— 1 —`` in 四号 half-width digits, 7 mm below the type area, odd
  pages right (one character in), even pages left (§7.5).
- 22 lines of 三号 text per page: 225 mm type height / 22 = 28.95 pt line pitch.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

# Page geometry (GB/T 9704-2012 §5.2): A4, 天头 37 mm, 订口 28 mm; the type area is
# 156 × 225 mm, which leaves 26 mm on the right and 35 mm at the bottom.
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 37.0
MARGIN_BOTTOM_MM = 35.0
MARGIN_LEFT_MM = 28.0
MARGIN_RIGHT_MM = 26.0
TYPE_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
PAGE_NUMBER_GAP_MM = 7.0  # the page number's top is 7 mm below the type area

# Sizes in points: 二号 22, 三号 16, 四号 14, 小四 12.
TITLE_PT = 22.0
BODY_PT = 16.0
PAGE_NUMBER_PT = 14.0
CC_PT = 14.0
TABLE_PT = 12.0
LINE_PITCH_PT = 28.95  # 22 lines in the 225 mm type area
TABLE_LINE_PITCH_PT = 20.0

# Font names. Word users in offices have the real 公文 fonts installed, so the DOCX names
# them; the free fallback (Debian fonts-noto-cjk) is recorded beside them. Debian has no
# complete free 仿宋 (fonts-cwtex-fs lacks >1,000 common characters), so the PDF uses
# Noto Serif CJK SC for the body and its bold weight in place of 小标宋.
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING1 = "黑体"
FONT_HEADING2 = "楷体_GB2312"
FONT_LATIN = "Times New Roman"
FONT_FALLBACK_SERIF = "Noto Serif CJK SC"
FONT_FALLBACK_SANS = "Noto Sans CJK SC"
FALLBACKS: dict[str, str] = {
    FONT_TITLE: FONT_FALLBACK_SERIF,
    FONT_BODY: FONT_FALLBACK_SERIF,
    FONT_HEADING1: FONT_FALLBACK_SANS,
    FONT_HEADING2: FONT_FALLBACK_SERIF,
}

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Paragraph:
    """Body text. ``indent`` is the two-character first-line indent of 公文 body text."""

    text: str
    indent: bool = True
    align: Align = "left"


@dataclass(frozen=True)
class Heading:
    """结构层次: level 1 ``一、`` in 黑体, level 2 ``（一）`` in 楷体, level 3 ``1.`` bold."""

    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level}")


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: Align = "center"

    def __post_init__(self) -> None:
        if self.colspan < 1 or self.rowspan < 1:
            raise ValueError("colspan and rowspan must be at least 1")


@dataclass(frozen=True)
class Table:
    """A ruled table. Rows list only the cells that start in them (as in HTML); a cell
    covered by a span from above is simply absent. ``header_rows`` repeat on each page
    and are bold. ``widths`` are relative column widths (any unit), equal when omitted."""

    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int = 0
    widths: tuple[float, ...] | None = None
    # Type size and line pitch of the cells (小四 on 20 pt by default; the annual report's
    # statistical tables use 五号 so that 表三 fits on one page, as offices print it).
    size_pt: float = TABLE_PT
    pitch_pt: float = TABLE_LINE_PITCH_PT
    # Keep the whole table on one page when it fits (Word: every row "keep with next").
    keep_together: bool = False

    @staticmethod
    def of(rows: Iterable[Iterable[str | Cell]], header_rows: int = 0) -> Table:
        """A table from plain strings (or cells); the common case of a simple grid."""
        return Table(
            rows=tuple(
                tuple(c if isinstance(c, Cell) else Cell(str(c)) for c in row) for row in rows
            ),
            header_rows=header_rows,
        )


Block = Paragraph | Heading | Table


@dataclass(frozen=True)
class Signature:
    """发文机关署名 and 成文日期. ``date`` may be a date or text already formatted."""

    agency: str
    date: dt.date | str

    @property
    def date_text(self) -> str:
        return self.date if isinstance(self.date, str) else format_date(self.date)


@dataclass(frozen=True)
class Document:
    title: str
    body: tuple[Block, ...] = ()
    doc_number: str | None = None  # 文号, e.g. 某政公开〔2026〕12号
    addressee: str | None = None  # 主送, printed flush left, e.g. 张三：
    signature: Signature | None = None
    notes: tuple[str, ...] = ()  # 附注, e.g. （联系人：李四，联系电话：…）
    cc: str | None = None  # 抄送 line, without the 抄送： label
    # File properties: "subject" and "keywords" go into the DOCX and PDF metadata.
    metadata: dict[str, str] = field(default_factory=dict)
    # The title as printed, when it should break at chosen places rather than wherever the
    # line is full (GB/T 9704 §7.3.3: a long title goes over several lines, split where the
    # meaning allows, e.g. the agency, then "2026年政府信息公开工作年度报告"). ``title``
    # stays the one-line form (file properties, plain text).
    title_lines: tuple[str, ...] = ()

    @property
    def printed_title(self) -> tuple[str, ...]:
        return self.title_lines or (self.title,)

    def plain_text(self) -> str:
        """Every printed string in reading order, one per line (page numbers excluded).
        Used by tests and by anyone who needs the letter as text (e.g. an SMS notice)."""
        lines: list[str] = [self.title]
        if self.doc_number:
            lines.append(self.doc_number)
        if self.addressee:
            lines.append(self.addressee)
        for block in self.body:
            if isinstance(block, Table):
                lines.extend(cell.text for row in block.rows for cell in row)
            else:
                lines.append(block.text)
        if self.signature:
            lines.extend([self.signature.agency, self.signature.date_text])
        lines.extend(self.notes)
        if self.cc:
            lines.append(f"抄送：{self.cc}")
        return "\n".join(lines)


# Characters XML 1.0 cannot hold (C0 controls but tab/newline, surrogates, U+FFFE/FFFF):
# a pasted value containing one must not make the DOCX unreadable or the PDF fail.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_BREAKS = re.compile(r"\r\n|[\r\n\t\v\f\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """``text`` as one printable run: the characters no XML document may contain removed,
    and line breaks and tabs turned into spaces. Each block of the model is one flow of
    text; a break inside it would come out as a line break in Word but as a space in
    HTML, so the two outputs would differ."""
    return _NOT_XML.sub("", _BREAKS.sub(" ", text))


def format_date(date: dt.date) -> str:
    """``2026年11月22日``: GB/T 9704-2012 §7.3.5, Arabic numerals, no zero padding."""
    return f"{date.year}年{date.month}月{date.day}日"


def page_number_text(n: int) -> str:
    """``— 1 —``: the digits between two 一字线 (em dashes), GB/T 9704-2012 §7.5."""
    return f"— {n} —"


def text_width_em(text: str) -> float:
    """Printed width in body-size ems: full-width (CJK, 〔〕, ：) is one em, the rest half.
    Only used to place the signature, where a few points of error are invisible."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def signature_right_indents(agency: str, date_text: str) -> tuple[float, float]:
    """Right indents (in ems) of the agency line and the date line of a stamped letter.

    The date sits four characters from the right margin and the agency is centred over
    it (§7.3.5.1). When the agency is too long for that, it goes flush right and the date
    is centred under it instead, so nothing runs into the margin.
    """
    agency_w, date_w = text_width_em(agency), text_width_em(date_text)
    axis = 4.0 + date_w / 2  # distance from the right margin to the common centre line
    axis = max(axis, agency_w / 2)
    return axis - agency_w / 2, axis - date_w / 2


@dataclass(frozen=True)
class PlacedCell:
    cell: Cell
    row: int
    col: int


def place_cells(table: Table) -> tuple[list[PlacedCell], int]:
    """Where each cell of ``table`` starts in the grid, and the number of columns.

    Both renderers need the same answer: Word merges grid cells, HTML needs nothing but
    the count. Cells that would overlap are a programming error in the caller.
    """
    taken: set[tuple[int, int]] = set()
    placed: list[PlacedCell] = []
    ncols = 0
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if (r + dr, c + dc) in taken:
                        raise ValueError(f"table cells overlap at row {r + dr}, column {c + dc}")
                    taken.add((r + dr, c + dc))
            placed.append(PlacedCell(cell, r, c))
            c += cell.colspan
        ncols = max(ncols, c)
    ncols = max([ncols] + [col + 1 for (_, col) in taken])
    return placed, ncols


def column_fractions(table: Table, ncols: int) -> list[float]:
    """Relative column widths summing to 1."""
    widths: Sequence[float] = table.widths or [1.0] * ncols
    if len(widths) != ncols:
        raise ValueError(f"table has {ncols} columns but {len(widths)} widths")
    total = float(sum(widths))
    return [w / total for w in widths]
