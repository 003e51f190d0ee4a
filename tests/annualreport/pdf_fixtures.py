"""Small PDFs for the PDF reader's tests, built at test time with reportlab.

Nothing binary is committed: each function draws one layout met in published reports and
returns the bytes. The font is reportlab's built-in CID font STSong-Light, which needs no
font file (the PDF names it; readers map its CIDs to Unicode with the Adobe-GB1 tables).

Coordinates here are what a reader sees: points from the top-left corner of the page,
``top`` growing downwards, so fixtures read like the page they describe.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
LEFT = 72.0
BODY_WIDTH = 444.0  # 37 characters of 12 pt
SIZE = 12.0
LEADING = 20.0

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass
class Cell:
    row: int
    col: int
    text: str = ""  # "\n" starts a new line inside the cell
    rowspan: int = 1
    colspan: int = 1


class PdfBuilder:
    """A reportlab canvas addressed in top-down page coordinates."""

    def __init__(
        self, *, user_password: str | None = None, owner_password: str | None = None
    ) -> None:
        self._buf = io.BytesIO()
        encrypt = None
        if user_password is not None or owner_password is not None:
            from reportlab.lib.pdfencrypt import StandardEncryption

            encrypt = StandardEncryption(user_password or "", owner_password or "owner", canCopy=0)
        self.c = canvas.Canvas(self._buf, pagesize=A4, encrypt=encrypt)
        self.width, self.height = A4
        self._started = False

    def new_page(self, *, rotated: bool = False) -> None:
        """Start a page. ``rotated``: a landscape page stored as portrait with /Rotate 90,
        its content drawn turned so that it reads upright on screen."""
        if self._started:
            self.c.showPage()
        self._started = True
        portrait_w, portrait_h = A4
        if rotated:
            self.c.setPageRotation(90)
            # Display (x, y-up) -> user space of the unrotated page: x' = H - y, y' = x.
            self.c.transform(0, 1, -1, 0, portrait_w, 0)
            self.width, self.height = portrait_h, portrait_w
        else:
            self.c.setPageRotation(0)
            self.width, self.height = portrait_w, portrait_h

    def text(self, x: float, top: float, s: str, size: float = SIZE) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.height - top - 0.88 * size, s)

    def centred(self, top: float, s: str, size: float = SIZE) -> None:
        self.c.setFont(FONT, size)
        self.c.drawCentredString(self.width / 2, self.height - top - 0.88 * size, s)

    def right_aligned(self, x_right: float, top: float, s: str, size: float = SIZE) -> None:
        self.c.setFont(FONT, size)
        self.c.drawRightString(x_right, self.height - top - 0.88 * size, s)

    def lines(
        self,
        top: float,
        lines: list[str],
        *,
        indent_first: bool = True,
        ends_paragraph: bool = True,
    ) -> float:
        """Body lines from the left margin, the first indented two characters, justified
        to the right margin as word processors set Chinese (all but a paragraph's last
        line). Returns the top of the next line."""
        for i, line in enumerate(lines):
            x = LEFT + (2 * SIZE if i == 0 and indent_first else 0)
            spacing = 0.0
            if (i < len(lines) - 1 or not ends_paragraph) and len(line) > 1:
                natural = pdfmetrics.stringWidth(line, FONT, SIZE)
                spacing = (LEFT + BODY_WIDTH - x - natural) / (len(line) - 1)
            t = self.c.beginText(x, self.height - top - 0.88 * SIZE)
            t.setFont(FONT, SIZE)
            t.setCharSpace(spacing)
            t.textOut(line)
            self.c.drawText(t)
            top += LEADING
        return top

    def hline(self, x0: float, x1: float, top: float) -> None:
        self.c.line(x0, self.height - top, x1, self.height - top)

    def vline(self, x: float, top: float, bottom: float) -> None:
        self.c.line(x, self.height - top, x, self.height - bottom)

    def table(
        self,
        left: float,
        top: float,
        col_widths: list[float],
        row_heights: list[float],
        cells: list[Cell],
        *,
        size: float = 10.0,
        open_top: bool = False,
        open_bottom: bool = False,
    ) -> float:
        """Draw a ruled table, each cell boxed; returns its bottom.

        ``open_bottom`` leaves out the rule under the last row, ``open_top`` the rule over
        the first, as some producers do where a table breaks across pages.
        """
        xs = [left]
        for w in col_widths:
            xs.append(xs[-1] + w)
        ys = [top]
        for h in row_heights:
            ys.append(ys[-1] + h)
        self.c.setLineWidth(0.5)
        last = len(row_heights)
        for cell in cells:
            x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
            y0, y1 = ys[cell.row], ys[cell.row + cell.rowspan]
            if not (open_top and cell.row == 0):
                self.hline(x0, x1, y0)
            if not (open_bottom and cell.row + cell.rowspan == last):
                self.hline(x0, x1, y1)
            self.vline(x0, y0, y1)
            self.vline(x1, y0, y1)
            lines = cell.text.split("\n") if cell.text else []
            leading = size * 1.2
            first = y0 + ((y1 - y0) - leading * len(lines)) / 2 + 0.1 * size
            for i, line in enumerate(lines):
                self.text(x0 + 3, first + i * leading, line, size)
        return ys[-1]

    def image(self, left: float, top: float, width: float, height: float) -> None:
        from PIL import Image

        img = Image.new("L", (64, 80), 255)
        for x in range(8, 56):  # a few dark strokes, as a scanned page has
            for y in (10, 20, 30, 40, 50):
                img.putpixel((x, y), 0)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        buf.seek(0)
        self.c.drawImage(ImageReader(buf), left, self.height - top - height, width, height)

    def build(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self._buf.getvalue()


_NO_LINE_START = "。，、；：？！）》”’"


def wrap(
    text: str, width: float = BODY_WIDTH, size: float = SIZE, indent: float = 2 * SIZE
) -> list[str]:
    """Hard-wrap text the way a word processor does for Chinese: at any character, each
    line filled as far as it goes (the first one indented), closing punctuation never
    first on a line (it takes the character before it along). Spaces at a break go."""
    lines: list[str] = []
    line = ""
    avail = width - indent
    for ch in text:
        if line and pdfmetrics.stringWidth(line + ch, FONT, size) > avail:
            carry = ""
            if ch in _NO_LINE_START:
                line, carry = line[:-1], line[-1]
            lines.append(line.rstrip())
            line = carry
            avail = width
        if line or ch != " ":
            line += ch
    if line:
        lines.append(line.rstrip())
    return lines


# ---------------------------------------------------------------------------------------
# Table 三, broken across two pages

TABLE3_COLS = [28.0, 92.0, 150.0, 50.0, 50.0, 50.0]
TABLE3_LEFT = 88.0

TABLE3_HEADER = [
    Cell(
        0,
        0,
        "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）",
        rowspan=2,
        colspan=3,
    ),
    Cell(0, 3, "申请人情况", colspan=3),
    Cell(1, 3, "自然人"),
    Cell(1, 4, "商业企\n业"),  # wrapped mid-word, as narrow header cells are
    Cell(1, 5, "总计"),
]
TABLE3_HEADER_HEIGHTS = [30.0, 30.0]

TABLE3_PAGE1 = [
    Cell(2, 0, "一、本年新收政府信息公开申请数量", colspan=3),
    Cell(2, 3, "10"),
    Cell(2, 4, "2"),
    Cell(2, 5, "12"),
    Cell(3, 0, "二、上年结转政府信息公开申请数量", colspan=3),
    Cell(3, 3, "1"),
    Cell(3, 4, "0"),
    Cell(3, 5, "1"),
    # The group label, one character per line, in a merged cell as tall as its rows.
    Cell(4, 0, "\n".join("三、本年度办理结果"), rowspan=4),
    Cell(4, 1, "（一）予以公开", colspan=2),
    Cell(4, 3, "5"),
    Cell(4, 4, "1"),
    Cell(4, 5, "6"),
    Cell(5, 1, "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）", colspan=2),
    Cell(5, 3, "2"),
    Cell(5, 4, "0"),
    Cell(5, 5, "2"),
    Cell(6, 1, "（三）不\n予公开", rowspan=2),
    Cell(6, 2, "1.属于国家秘密"),
    Cell(6, 3, "0"),
    Cell(6, 4, "0"),
    Cell(6, 5, "0"),
    Cell(7, 2, "2.其他法律行政法规禁止公开"),
    Cell(7, 3, "1"),
    Cell(7, 4, "0"),
    Cell(7, 5, "1"),
]
TABLE3_PAGE1_HEIGHTS = [22.0, 22.0, 28.0, 28.0, 28.0, 28.0]

TABLE3_PAGE2 = [
    Cell(0, 0, "", rowspan=3),  # the rest of the group label's cell: nothing written
    Cell(0, 1, "（四）无法\n提供", rowspan=2),
    Cell(0, 2, "1.本机关不掌握相关政府信息"),
    Cell(0, 3, "3"),
    Cell(0, 4, "1"),
    Cell(0, 5, "4"),
    Cell(1, 2, "2.没有现成信息需要另行制作"),
    Cell(1, 3, "0"),
    Cell(1, 4, "0"),
    Cell(1, 5, "0"),
    Cell(2, 1, "（七）总计", colspan=2),
    Cell(2, 3, "9"),
    Cell(2, 4, "3"),
    Cell(2, 5, "12"),
    Cell(3, 0, "四、结转下年度继续办理", colspan=3),
    Cell(3, 3, "2"),
    Cell(3, 4, "0"),
    Cell(3, 5, "2"),
]
TABLE3_PAGE2_HEIGHTS = [26.0, 26.0, 22.0, 22.0]


def _shift(cells: list[Cell], rows: int) -> list[Cell]:
    return [Cell(c.row + rows, c.col, c.text, c.rowspan, c.colspan) for c in cells]


def table3_split_pdf(*, repeat_header: bool = False) -> bytes:
    """Table 三 broken after 2.其他法律行政法规禁止公开: page 1 ends with no rule under the
    last row; page 2 goes on with no rule over its first row, or with the header repeated."""
    pdf = PdfBuilder()
    pdf.new_page()
    pdf.text(LEFT + 2 * SIZE, 80, "三、收到和处理政府信息公开申请情况")
    pdf.table(
        TABLE3_LEFT,
        110,
        TABLE3_COLS,
        TABLE3_HEADER_HEIGHTS + TABLE3_PAGE1_HEIGHTS,
        TABLE3_HEADER + TABLE3_PAGE1,
        open_bottom=True,
    )
    pdf.centred(790, "- 1 -", size=10)
    pdf.new_page()
    if repeat_header:
        cells = TABLE3_HEADER + _shift(TABLE3_PAGE2, 2)
        heights = TABLE3_HEADER_HEIGHTS + TABLE3_PAGE2_HEIGHTS
        bottom = pdf.table(TABLE3_LEFT, 72, TABLE3_COLS, heights, cells)
    else:
        bottom = pdf.table(
            TABLE3_LEFT, 72, TABLE3_COLS, TABLE3_PAGE2_HEIGHTS, TABLE3_PAGE2, open_top=True
        )
    pdf.text(LEFT + 2 * SIZE, bottom + 30, "四、政府信息公开行政复议、行政诉讼情况")
    pdf.centred(790, "- 2 -", size=10)
    return pdf.build()


# ---------------------------------------------------------------------------------------
# Table 四's header: words wrapped mid-word in narrow cells


def review_table_pdf() -> bytes:
    pdf = PdfBuilder()
    pdf.new_page()
    pdf.text(LEFT + 2 * SIZE, 80, "四、政府信息公开行政复议、行政诉讼情况")
    cells = [
        Cell(0, 0, "行政复议", colspan=5),
        Cell(1, 0, "结果\n维持"),
        Cell(1, 1, "结果\n纠正"),
        Cell(1, 2, "其他\n结果"),
        Cell(1, 3, "尚未\n审结"),
        Cell(1, 4, "总计"),
        Cell(2, 0, "3"),
        Cell(2, 1, "1"),
        Cell(2, 2, "0"),
        Cell(2, 3, "0"),
        Cell(2, 4, "4"),
    ]
    bottom = pdf.table(LEFT, 110, [40.0] * 5, [22.0, 32.0, 22.0], cells)
    # Mixed scripts: a line break between Chinese and Latin text is a space.
    cells = [
        Cell(0, 0, "单位"),
        Cell(0, 1, "附件"),
        Cell(1, 0, "淮安市\n人民政府"),
        Cell(1, 1, "PDF\nversion 2"),
    ]
    pdf.table(LEFT, bottom + 40, [60.0, 60.0], [22.0, 32.0], cells)
    return pdf.build()


# ---------------------------------------------------------------------------------------
# Running text over two pages

TITLE = "2024 年政府信息公开工作年度报告"
RUNNING_HEADER = "某某镇人民政府信息公开年报"
HEADING_1 = "一、总体情况"
PARA_1 = (
    "2024 年，我镇坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府"
    "信息公开条例》，持续深化政务公开，圆满完成了各项任务。"
)
PARA_2 = (
    "（一）主动公开情况。2024 年，镇政府网站主动公开各类政府信息 320 余条，其中政策文件 12 件，"
    "政策解读 8 个。围绕乡村振兴、民生保障、安全生产等重点领域，及时发布工作动态和通知公告，"
    "通过政务新媒体同步推送信息 156 条，方便群众查询。在村务公开栏张贴公开事项 96 项，"
    "对群众关心的低保、临时救助、危房改造等事项逐一公示，接受群众监督，持续提高公开的针对性和实效性。"
    "同时加强网站栏目巡查，确保信息准确、更新及时。"
)
HEADING_2 = "二、主动公开政府信息情况"
PARA_3 = (
    "如对本报告有疑问，请与镇党政办公室联系（地址：某某镇人民路 1 号，邮编：223001，"
    "电话：0517-83605210，电子邮箱：zwgk@example.cn）。"
)


def paragraphs_pdf(footer: str = "- {n} -") -> tuple[bytes, list[str]]:
    """A title, headings and wrapped paragraphs, one running on to page 2; a running
    header and a page-number footer on both pages. Returns the PDF and its paragraphs."""
    pdf = PdfBuilder()
    pdf.new_page()
    pdf.centred(30, RUNNING_HEADER, size=9)
    pdf.centred(90, TITLE, size=18)
    top = pdf.lines(150, [HEADING_1])
    top = pdf.lines(top, wrap(PARA_1))
    para2 = wrap(PARA_2)
    # Page 1 ends inside paragraph 2: its last line there is a full one.
    top = pdf.lines(top, para2[:3], ends_paragraph=False)
    pdf.centred(790, footer.format(n=1), size=10)
    pdf.new_page()
    pdf.centred(30, RUNNING_HEADER, size=9)
    top = pdf.lines(72, para2[3:], indent_first=False)
    top = pdf.lines(top, [HEADING_2])
    pdf.lines(top, wrap(PARA_3))
    pdf.centred(790, footer.format(n=2), size=10)
    return pdf.build(), [TITLE, HEADING_1, PARA_1, PARA_2, HEADING_2, PARA_3]


def framed_paragraph_pdf() -> bytes:
    """A paragraph set in a frame, each line in its own box: a one-column "table" of
    rectangles that is running text (the real 淮安 report opens with one)."""
    pdf = PdfBuilder()
    pdf.new_page()
    top = pdf.lines(72, [HEADING_1])
    pdf.c.setLineWidth(0.5)
    para = wrap(PARA_1)
    for i, line in enumerate(para):
        pdf.c.rect(LEFT - 4, pdf.height - top - LEADING + 4, BODY_WIDTH + 8, LEADING)
        top = pdf.lines(top, [line], indent_first=i == 0, ends_paragraph=i == len(para) - 1)
    return pdf.build()


# ---------------------------------------------------------------------------------------
# A table without ruling lines

UNRULED_ROWS = [
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "1", "0", "11"],
    ["行政规范性文件", "8", "26", "66"],
]


def unruled_table_pdf() -> bytes:
    pdf = PdfBuilder()
    pdf.new_page()
    top = pdf.lines(80, [HEADING_2])
    top = pdf.lines(top, ["第二十条第（一）项"])
    centres = [250.0, 350.0, 450.0]
    for row in UNRULED_ROWS:
        pdf.text(LEFT, top, row[0])
        for centre, value in zip(centres, row[1:], strict=True):
            pdf.c.setFont(FONT, SIZE)
            pdf.c.drawCentredString(centre, pdf.height - top - 0.88 * SIZE, value)
        top += LEADING
    pdf.lines(top + 10, ["三、收到和处理政府信息公开申请情况"])
    return pdf.build()


# ---------------------------------------------------------------------------------------
# Tables drawn in unusual ways


def form_table_pdf() -> bytes:
    """The review table drawn inside a form XObject placed with a translation (some
    producers draw every table as a reusable form)."""
    pdf = PdfBuilder()
    pdf.new_page()
    pdf.text(LEFT + 2 * SIZE, 80, "四、政府信息公开行政复议、行政诉讼情况")
    pdf.c.beginForm("table4")
    cells = [
        Cell(0, 0, "行政复议", colspan=3),
        Cell(1, 0, "结果\n维持"),
        Cell(1, 1, "总计"),
        Cell(1, 2, "7"),
    ]
    pdf.table(0, 100, [50.0, 50.0, 50.0], [22.0, 32.0], cells)
    pdf.c.endForm()
    pdf.c.saveState()
    pdf.c.translate(LEFT, -10)  # the table's top-left corner lands at (72, 110)
    pdf.c.doForm("table4")
    pdf.c.restoreState()
    return pdf.build()


def rotated_pdf() -> bytes:
    """A landscape page stored as a portrait page with /Rotate 90 (every text run has a
    figure or a Latin letter in it, so that PDFium keeps it without a CJK system font)."""
    pdf = PdfBuilder()
    pdf.new_page(rotated=True)
    pdf.text(LEFT + 2 * SIZE, 60, "附表 1：2024 年行政复议情况")
    cells = [
        Cell(0, 0, "2024 年复议", colspan=2),
        Cell(1, 0, "维持 1 件"),
        Cell(1, 1, "纠正 0 件"),
        Cell(2, 0, "5"),
        Cell(2, 1, "5"),
    ]
    pdf.table(LEFT, 100, [60.0, 60.0], [22.0, 32.0, 22.0], cells)
    return pdf.build()


# ---------------------------------------------------------------------------------------
# Files that cannot be read as they are


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that are only pictures of text: no text layer."""
    pdf = PdfBuilder()
    for _ in range(pages):
        pdf.new_page()
        pdf.image(40, 40, 515, 760)
    return pdf.build()


def partly_scanned_pdf() -> bytes:
    """Page 1 typed, page 2 a scan (a signed page often is)."""
    pdf = PdfBuilder()
    pdf.new_page()
    pdf.lines(80, [HEADING_1])
    pdf.lines(100, wrap(PARA_1))
    pdf.new_page()
    pdf.image(40, 40, 515, 760)
    return pdf.build()


def encrypted_pdf(*, user_password: str = "secret") -> bytes:
    """Encrypted with a password needed to open it (or, with "", only to change it)."""
    pdf = PdfBuilder(user_password=user_password, owner_password="owner-secret")
    pdf.new_page()
    pdf.lines(80, [HEADING_1])
    return pdf.build()
