"""Writers that render one annual report into every layout the engine reads.

A report is given as data (:class:`ReportSpec`): its format, year, agency, the canonical
dicts of tables 二/三/四 (``None`` = a blank cell) and a short narrative for each of the six
sections. Every writer lays the tables out as the official format does — the same merged
cells (``自然人 / 法人或其他组织 colspan=5 / 总计``, ``三、本年度办理结果`` rowspan, table
四's header rows) — and then renders that one grid in its own way:

* ``tsv_word``        (a) tab-separated text as Word copies it: group labels in the first
                          row of their group, covered cells empty, a trailing tab per row;
* ``tsv_pagebreak``   (b) the same after a page break: some rows of table 三 lost their
                          leading empty cells, a blank line inside a table, and the label
                          quirks of real reports (half-width brackets, header words split by
                          spaces, 社会组织 for 社会公益组织);
* ``markdown``        (c) ``#`` headings of uneven levels, ``|`` tables with ``|---|`` rules;
* ``pipes``           (d) ``|``-separated rows without outer pipes;
* ``lines_*``         (e) one cell per line, empty cells kept: ``lines_consecutive``,
                          ``lines_blank_separated``, ``lines_trailing_pipe``,
                          ``lines_pipe_separated``;
* ``lines_*_dropped`` (f) the same four with empty cells dropped (information lost by design);
* ``html_utf8``, ``html_gbk`` (g) a portal page: navigation chrome around the article, the
                          tables with rowspan/colspan exactly as the official layout;
* ``docx``            (h) Word, built with python-docx, merged cells;
* ``pdf``             (i) PDF, built with reportlab (CID font STSong-Light, ruled grid),
                          table 三 continuing onto a second page.

Flattened text (e, f) has one entry per *written* cell, in reading order, as a browser copy
gives it: a merged cell is written once, covered positions do not exist.

Only invented agencies appear here (示例县青石镇 …); nothing is copied from real reports.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.annualreport.formats import (
    FORMATS,
    SECTIONS,
    TABLE3_COLUMNS,
    TABLE3_GROUPS,
    TABLE3_NOTE,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2019,
    V2021,
)
from gongkai.annualreport.model import SECTION_KEYS

Number = int | float
Table = dict[str, dict[str, Number | None]]

# ---------------------------------------------------------------------------------------
# The report as data


DEFAULT_NARRATIVE: dict[str, list[str]] = {
    "overview": [
        "本机关坚持以公开为常态、不公开为例外，按照条例要求做好政府信息公开工作。",
        "一主动公开情况",
        "通过政府网站、政务公开栏等渠道及时发布政策文件和工作动态。",
    ],
    "proactive": ["本年度主动公开政府信息情况见下表。"],
    "applications": ["依申请公开政府信息情况见下表。"],
    "review_litigation": ["政府信息公开行政复议、行政诉讼情况见下表。"],
    "problems": [
        "（一）存在的问题",
        "公开内容的深度和广度还需拓展，工作人员业务能力有待提高。",
        "（二）改进情况",
        "加强业务培训，规范公开流程，提升公开质量。",
    ],
    "other_matters": ["本年度未收取信息处理费。无其他需要报告的事项。"],
}


@dataclass
class ReportSpec:
    format: str
    year: int
    agency: str
    table2: Table
    table3: Table
    table4: Table
    narrative: dict[str, list[str]] = field(default_factory=lambda: dict(DEFAULT_NARRATIVE))
    publication: str = ""

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    @property
    def document(self) -> str:
        return FORMATS[self.format].document

    def preface(self) -> str:
        return (
            f"本报告根据《中华人民共和国政府信息公开条例》和{self.document}要求编制，"
            f"所列数据的统计期限自{self.year}年1月1日起至{self.year}年12月31日止。"
        )

    def publication_line(self) -> str:
        return self.publication or f"{self.year + 1}年1月20日"

    def cells(self) -> dict[str, Number | None]:
        """Every cell as ``table3.granted.total`` -> value."""
        out: dict[str, Number | None] = {}
        for name in ("table2", "table3", "table4"):
            for row, cols in getattr(self, name).items():
                for col, value in cols.items():
                    out[f"{name}.{row}.{col}"] = value
        return out

    def has_blanks(self) -> bool:
        return any(v is None for v in self.cells().values())


def zero_tables(fmt: str) -> tuple[Table, Table, Table]:
    """Tables of the right shape, every cell 0."""
    f = FORMATS[fmt]
    t2 = {row: dict.fromkeys(cols, 0) for row, cols in f.table2_rows.items()}
    t3 = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in f.table3_rows}
    t4 = {block: dict.fromkeys(TABLE4_COLUMNS, 0) for block in TABLE4_BLOCKS}
    return t2, t3, t4


def sample_spec(fmt: str = V2021, agency: str = "示例县青石镇") -> ReportSpec:
    """A small consistent report with a few non-zero figures."""
    year = 2023 if fmt == V2021 else 2020
    t2, t3, t4 = zero_tables(fmt)
    if fmt == V2021:
        t2["normative_documents"] = {"issued": 3, "repealed": 1, "in_force": 12}
        t2["penalty"]["decisions"] = 17
        t2["admin_fees"]["amount_wan_yuan"] = 2.35
    else:
        t2["normative_documents"] = {"newly_made": 2, "newly_published": 2, "total_published": 9}
        t2["other_services"] = {"prev_year_items": 63, "change": -2, "decisions": 5}
        t2["central_procurement"] = {"procurement_items": 4, "procurement_amount": 85.6}
    t3["new_received"].update(natural_person=5, commercial=1, total=6)
    t3["carried_in"].update(natural_person=1, total=1)
    t3["granted"].update(natural_person=3, total=3)
    t3["unable_not_held"].update(natural_person=2, commercial=1, total=3)
    t3["total_processed"].update(natural_person=5, commercial=1, total=6)
    t3["carried_forward"].update(natural_person=1, total=1)
    t4["review"].update(upheld=1, total=1)
    return ReportSpec(fmt, year, agency, t2, t3, t4)


def busy_spec(fmt: str = V2021, agency: str = "示例县青石镇") -> ReportSpec:
    """A consistent report in which almost every figure is different and not zero, so that a
    figure read into the wrong cell shows."""
    year = 2024 if fmt == V2021 else 2019
    f = FORMATS[fmt]
    t2, t3, t4 = zero_tables(fmt)
    n = 100
    for cols in t2.values():
        for col in cols:
            n += 1
            cols[col] = n + 0.25 if col in ("amount_wan_yuan", "procurement_amount") else n
    keys = list(f.table3_rows)
    results = keys[keys.index("granted") : keys.index("total_processed")]
    for i, col in enumerate(c for c in TABLE3_COLUMNS if c != "total"):
        for j, row in enumerate(results):
            t3[row][col] = 1 + i + 7 * j
        processed = sum(t3[row][col] for row in results)
        t3["total_processed"][col] = processed
        t3["carried_forward"][col] = 3 + i
        t3["carried_in"][col] = 11 + 2 * i
        t3["new_received"][col] = processed + 3 + i - (11 + 2 * i)
    for cols in t3.values():
        cols["total"] = sum(v for c, v in cols.items() if c != "total")
    for k, block in enumerate(TABLE4_BLOCKS):
        parts = {c: 20 * k + m + 1 for m, c in enumerate(c for c in TABLE4_COLUMNS if c != "total")}
        t4[block] = {**parts, "total": sum(parts.values())}
    return ReportSpec(fmt, year, agency, t2, t3, t4)


# ---------------------------------------------------------------------------------------
# The official grids: cells as written, with their spans


@dataclass(frozen=True)
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    is_value: bool = False


@dataclass
class Grid:
    """A table: each row lists the cells that start in it, left to right (HTML order)."""

    name: str
    ncols: int
    rows: list[list[GridCell]]
    header_rows: int = 0

    def expanded(self) -> list[list[str]]:
        """The full rectangle; a merged cell's text in its top-left position, ``""`` elsewhere."""
        out: list[list[str | None]] = [[None] * self.ncols for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while out[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        out[r + dr][c + dc] = ""
                out[r][c] = cell.text
                c += cell.colspan
        return [[x or "" for x in row] for row in out]

    def flat(self) -> list[str]:
        """Every written cell once, in reading order (what a browser copy gives)."""
        return [cell.text for row in self.rows for cell in row]


def value_text(value: Number | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _v(value: Number | None, colspan: int = 1) -> GridCell:
    return GridCell(value_text(value), colspan=colspan, is_value=True)


def table2_grid(spec: ReportSpec) -> Grid:
    fmt = FORMATS[spec.format]
    ncols = 4
    rows: list[list[GridCell]] = []
    for block in fmt.table2:
        rows.append([GridCell(block.title, colspan=ncols)])
        cols = list(block.columns.items())
        last_span = ncols - len(cols)
        rows.append(
            [GridCell("信息内容")]
            + [
                GridCell(label, colspan=last_span if i == len(cols) - 1 else 1)
                for i, (_, label) in enumerate(cols)
            ]
        )
        for row, label in block.rows.items():
            values = spec.table2[row]
            rows.append(
                [GridCell(label)]
                + [
                    _v(values[col], last_span if i == len(cols) - 1 else 1)
                    for i, (col, _) in enumerate(cols)
                ]
            )
    return Grid("table2", ncols, rows)


def _t3_group(row: str) -> str | None:
    for prefix in ("denied", "unable", "notproc", "other"):
        if row.startswith(prefix + "_"):
            return prefix
    return None


def table3_grid(spec: ReportSpec) -> Grid:
    fmt = FORMATS[spec.format]
    keys = list(fmt.table3_rows)
    results = keys[keys.index("granted") : keys.index("total_processed") + 1]
    group_sizes: dict[str, int] = {}
    for row in keys:
        g = _t3_group(row)
        if g:
            group_sizes[g] = group_sizes.get(g, 0) + 1
    rows: list[list[GridCell]] = [
        [GridCell(TABLE3_NOTE, rowspan=3, colspan=3), GridCell("申请人情况", colspan=7)],
        [
            GridCell("自然人", rowspan=2),
            GridCell("法人或其他组织", colspan=5),
            GridCell("总计", rowspan=2),
        ],
        [
            GridCell(TABLE3_COLUMNS[c])
            for c in ("commercial", "research", "public_interest", "legal_service", "other_org")
        ],
    ]
    seen_groups: set[str] = set()
    for row in keys:
        label = fmt.table3_rows[row]
        cells: list[GridCell] = []
        if row not in results:
            cells.append(GridCell(label, colspan=3))
        else:
            if row == results[0]:
                cells.append(GridCell(TABLE3_GROUPS["results"], rowspan=len(results)))
            group = _t3_group(row)
            if group is None:
                cells.append(GridCell(label, colspan=2))
            else:
                if group not in seen_groups:
                    seen_groups.add(group)
                    cells.append(GridCell(TABLE3_GROUPS[group], rowspan=group_sizes[group]))
                cells.append(GridCell(label))
        cells.extend(_v(spec.table3[row][col]) for col in TABLE3_COLUMNS)
        rows.append(cells)
    return Grid("table3", 10, rows, header_rows=3)


def table4_grid(spec: ReportSpec) -> Grid:
    cols = list(TABLE4_COLUMNS.values())
    rows = [
        [GridCell("行政复议", colspan=5), GridCell("行政诉讼", colspan=10)],
        [GridCell(c, rowspan=2) for c in cols]
        + [GridCell("未经复议直接起诉", colspan=5), GridCell("复议后起诉", colspan=5)],
        [GridCell(c) for c in cols] * 2,
        [_v(spec.table4[block][col]) for block in TABLE4_BLOCKS for col in TABLE4_COLUMNS],
    ]
    return Grid("table4", 15, rows, header_rows=3)


_SECTION_TABLE = {
    "proactive": table2_grid,
    "applications": table3_grid,
    "review_litigation": table4_grid,
}


def outline(spec: ReportSpec) -> list[tuple[str, object]]:
    """The report in reading order: ("title"|"preface"|"section"|"sub"|"text"|"table"|"date", …)."""
    items: list[tuple[str, object]] = [("title", spec.title), ("preface", spec.preface())]
    for key in SECTION_KEYS:
        items.append(("section", SECTIONS[key]))
        for line in spec.narrative.get(key, []):
            kind = "sub" if line.startswith(("（", "一主动")) and len(line) <= 12 else "text"
            items.append((kind, line))
        if key in _SECTION_TABLE:
            items.append(("table", _SECTION_TABLE[key](spec)))
    items.append(("text", spec.agency))
    items.append(("date", spec.publication_line()))
    return items


# ---------------------------------------------------------------------------------------
# Text layouts


def _text_document(
    spec: ReportSpec,
    render_table: Callable[[Grid], list[str]],
    *,
    heading: Callable[[str, str], str] | None = None,
    blank_lines: bool = True,
) -> str:
    lines: list[str] = ["", ""]
    for kind, item in outline(spec):
        if kind == "table":
            lines.extend(render_table(item))  # type: ignore[arg-type]
        else:
            text = str(item)
            lines.append(heading(kind, text) if heading else text)
        if blank_lines:
            lines.append("")
    return "\n".join(lines) + "\n"


def _tsv(row: list[str], trailing: bool = True) -> str:
    return "\t".join(row) + ("\t" if trailing else "")


def tsv_word(spec: ReportSpec) -> bytes:
    def table(grid: Grid) -> list[str]:
        return [_tsv(row, trailing=grid.name != "table4") for row in grid.expanded()]

    return _text_document(spec, table).encode("utf-8")


# Label quirks of real reports: half-width brackets, header words split by spaces.
_QUIRKS = {
    "（一）予以公开": "(一) 予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)",
    "（三）不予公开": "(三) 不予公开",
    "（七）总计": "(七) 总计",
    "三、本年度办理结果": "三、本 年 度 办 理 结 果",
    "结果维持": "结果 维持",
    "尚未审结": "尚 未 审 结",
    "社会公益组织": "社会组织",
    TABLE3_NOTE: "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
}
# Rows of table 三 after the page break, and how each lost its leading cells.
_PAGE_BREAK_ROWS = {
    "denied_third_party": "shifted",  # "4.保护第三方合法权益→→0→…→0→"
    "denied_internal_affairs": "one_lost",  # "→5.属于三类内部事务信息→0→…"
    "denied_process_info": "one_lost",
    "unable_not_held": "one_lost",  # "(四) 无法提供→1.本机关不掌握…→0→…"
    "notproc_confirmation": "shifted",
    "total_processed": "shifted",
}


def tsv_pagebreak(spec: ReportSpec) -> bytes:
    fmt = FORMATS[spec.format]
    t3_keys = list(fmt.table3_rows)

    def table(grid: Grid) -> list[str]:
        rows = [[_QUIRKS.get(c, c) for c in row] for row in grid.expanded()]
        out: list[str] = []
        for i, row in enumerate(rows):
            trailing = grid.name != "table4"
            if grid.name == "table3" and i >= grid.header_rows:
                key = t3_keys[i - grid.header_rows]
                how = _PAGE_BREAK_ROWS.get(key)
                if how == "shifted":
                    # The leading cells are gone and the row is padded after its label.
                    row = [c for c in row[:3] if c] + [""] + row[3:]
                elif how == "one_lost" and not row[0]:
                    row = row[1:]
                if key == "denied_internal_affairs":
                    out.append("")  # a blank line inside the table
            out.append(_tsv(row, trailing))
        if grid.name == "table2":
            out.insert(5, "")
        return out

    return _text_document(spec, table).encode("utf-8")


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c or " " for c in cells) + " |"


def markdown(spec: ReportSpec) -> bytes:
    levels = {0: "##", 1: "##", 2: "###", 3: "####", 4: "####", 5: "##"}
    section_index = iter(range(6))

    def heading(kind: str, text: str) -> str:
        if kind == "title":
            return f"# {text}"
        if kind == "section":
            return f"{levels[next(section_index)]} {text}"
        if kind == "sub":
            return (
                f"##### {text}"
                if text.startswith("（一）")
                else f"## {text}"
                if text.startswith("（二）")
                else text
            )
        return text

    def table(grid: Grid) -> list[str]:
        rows = grid.expanded()
        return [_md_row(rows[0]), "|" + "---|" * grid.ncols] + [_md_row(r) for r in rows[1:]]

    return _text_document(spec, table, heading=heading).encode("utf-8")


def pipes(spec: ReportSpec) -> bytes:
    def table(grid: Grid) -> list[str]:
        return ["|".join(row) for row in grid.expanded()]

    return _text_document(spec, table).encode("utf-8")


def _lines_writer(style: str, keep_empty: bool) -> Callable[[ReportSpec], bytes]:
    def table(grid: Grid) -> list[str]:
        cells = grid.flat()
        if not keep_empty:
            cells = [c for c in cells if c]
        out: list[str] = []
        if style == "consecutive":
            out = list(cells)
        elif style == "blank_separated":
            # Each cell, empty or not, is a line followed by a blank line.
            for c in cells:
                out.extend([c, ""])
        elif style == "trailing_pipe":
            out = [f"{c}|" if c else "|" for c in cells]
        elif style == "pipe_separated":
            for c in cells:
                if c:
                    out.append(c)
                out.append("|")
        return out

    def write(spec: ReportSpec) -> bytes:
        return _text_document(spec, table).encode("utf-8")

    return write


# ---------------------------------------------------------------------------------------
# HTML


_CHROME_TOP = """<div class="topbar"><a href="/">示例县人民政府</a> | <a href="/en">English</a> | <a href="/wza">无障碍</a></div>
<header class="site-header"><h1 class="logo">示例县人民政府门户网站</h1>
<nav class="main-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></nav></header>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府信息公开年报</div>
<div class="sidebar"><ul><li><a href="/zwgk/zn">政府信息公开指南</a></li><li><a href="/zwgk/zd">政府信息公开制度</a></li><li><a href="/zwgk/nb">政府信息公开年报</a></li></ul></div>
"""
_CHROME_BOTTOM = """<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="print-close"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<footer class="site-footer"><p>主办：示例县人民政府办公室　网站标识码：0000000000</p><p>示ICP备00000000号　示公网安备 00000000000000号</p></footer>
"""


def _html_table(grid: Grid) -> str:
    parts = [
        '<table border="1" cellspacing="0" cellpadding="0" class="MsoNormalTable" style="border-collapse:collapse">'
    ]
    for row in grid.rows:
        parts.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            text = html.escape(cell.text) if cell.text else "&nbsp;" if not cell.is_value else ""
            parts.append(
                f'<td{attrs} valign="center"><p class="MsoNormal" align="center"><span style="font-size:10.5pt">{text}</span></p></td>'
            )
        parts.append("</tr>")
    parts.append("</table>")
    return "\n".join(parts)


def html_page(spec: ReportSpec, charset: str = "utf-8") -> bytes:
    body: list[str] = []
    for kind, item in outline(spec):
        if kind == "title":
            body.append(f'<div class="article-title"><h2>{html.escape(str(item))}</h2></div>')
            body.append(
                '<div class="article-info">发布时间：'
                + spec.publication_line()
                + "　来源：示例县人民政府办公室</div>"
            )
            body.append('<div class="article-content" id="zoom">')
        elif kind == "table":
            body.append(_html_table(item))  # type: ignore[arg-type]
        elif kind == "section":
            body.append(f'<p style="text-indent:2em"><strong>{html.escape(str(item))}</strong></p>')
        else:
            align = ' style="text-align:right"' if kind == "date" else ' style="text-indent:2em"'
            body.append(f"<p{align}>{html.escape(str(item))}</p>")
    body.append("</div>")
    page = (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{html.escape(spec.title)}_示例县人民政府</title>\n"
        '<script type="text/javascript">var _hmt = _hmt || []; document.write("统计");</script>\n'
        "<style>.topbar{font-size:12px}</style>\n</head>\n<body>\n"
        + _CHROME_TOP
        + '<div class="main"><div class="article">\n'
        + "\n".join(body)
        + "\n</div></div>\n"
        + _CHROME_BOTTOM
        + "</body>\n</html>\n"
    )
    return page.encode(charset)


def html_utf8(spec: ReportSpec) -> bytes:
    return html_page(spec, "utf-8")


def html_gbk(spec: ReportSpec) -> bytes:
    return html_page(spec, "gbk")


# ---------------------------------------------------------------------------------------
# DOCX


def docx(spec: ReportSpec) -> bytes:
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    word = WordDocument()
    levels = iter([1, 1, 2, 1, 1, 1])
    for kind, item in outline(spec):
        if kind == "title":
            word.add_heading(str(item), level=0)
        elif kind == "section":
            word.add_heading(str(item), level=next(levels))
        elif kind == "table":
            _docx_table(word, item)  # type: ignore[arg-type]
        else:
            p = word.add_paragraph(str(item))
            if kind == "date":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _docx_table(word: object, grid: Grid) -> None:
    from docx.table import _Cell

    nrows = len(grid.rows)
    table = word.add_table(rows=nrows, cols=grid.ncols)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    # Every cell once, before any merge (table.cell() recomputes the grid on each call).
    cells = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    taken = [[False] * grid.ncols for _ in range(nrows)]
    merges = []
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while taken[r][c]:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[r + dr][c + dc] = True
            cells[r][c].text = cell.text
            if cell.rowspan > 1 or cell.colspan > 1:
                merges.append((cells[r][c], cells[r + cell.rowspan - 1][c + cell.colspan - 1]))
            c += cell.colspan
    for top_left, bottom_right in merges:
        top_left.merge(bottom_right)


# ---------------------------------------------------------------------------------------
# PDF


def pdf(spec: ReportSpec) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle(
        "body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK", firstLineIndent=21
    )
    title = ParagraphStyle(
        "title", parent=body, fontSize=16, leading=24, alignment=1, firstLineIndent=0
    )
    head = ParagraphStyle("head", parent=body, fontSize=12, leading=20, firstLineIndent=0)
    cell = ParagraphStyle(
        "cell", fontName=font, fontSize=7.5, leading=9, wordWrap="CJK", alignment=1
    )
    date = ParagraphStyle("date", parent=body, alignment=2)

    story: list[object] = []
    for kind, item in outline(spec):
        if kind == "title":
            story.append(Paragraph(html.escape(str(item)), title))
        elif kind == "section":
            if item == SECTIONS["applications"]:
                story.append(PageBreak())
            story.append(Paragraph(html.escape(str(item)), head))
        elif kind == "table":
            grid: Grid = item  # type: ignore[assignment]
            if grid.name == "table3":
                # Table 三 continues onto the next page inside the 本年度办理结果 span, as
                # Word prints it: the merged cells go on, empty, under the page break.
                split = grid.header_rows + list(FORMATS[spec.format].table3_rows).index(
                    "denied_internal_affairs"
                )
                first, rest = _placements(grid)
                story.append(_pdf_table(grid, first[:split], split, cell, mm))
                story.append(PageBreak())
                story.append(
                    _pdf_table(grid, rest[split:], len(grid.rows) - split, cell, mm, split)
                )
            else:
                story.append(_pdf_table(grid, _placements(grid)[0], len(grid.rows), cell, mm))
        else:
            story.append(Paragraph(html.escape(str(item)), date if kind == "date" else body))
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=spec.title,
        author="",
        subject="",
        creator="",
        invariant=1,
    )
    doc.build(story)
    return out.getvalue()


Placement = tuple[int, int, int, int, str]  # row, column, rowspan, colspan, text


def _placements(grid: Grid) -> tuple[list[list[Placement]], list[list[Placement]]]:
    """Per row, the cells that start in it with their positions — as printed on one page, and
    as printed on a page that starts at that row (a span from above goes on, empty)."""
    taken = [[False] * grid.ncols for _ in grid.rows]
    starts: list[list[Placement]] = [[] for _ in grid.rows]
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while taken[r][c]:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[r + dr][c + dc] = True
            starts[r].append((r, c, cell.rowspan, cell.colspan, cell.text))
            c += cell.colspan
    continued: list[list[Placement]] = []
    for r in range(len(grid.rows)):
        row = list(starts[r])
        for above in starts[:r]:
            for r0, c0, rs, cs, _ in above:
                if r0 < r < r0 + rs:
                    row.append((r, c0, r0 + rs - r, cs, ""))
        continued.append(sorted(row, key=lambda p: p[1]))
    return starts, continued


def _pdf_table(
    grid: Grid, rows: list[list[Placement]], nrows: int, style: object, mm: float, first: int = 0
) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data: list[list[object]] = [[""] * grid.ncols for _ in range(nrows)]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for row in rows:
        for r, c, rs, cs, text in row:
            r -= first
            rs = min(rs, nrows - r)  # a span that goes on past this page ends with it
            data[r][c] = Paragraph(html.escape(text), style) if text else ""
            if rs > 1 or cs > 1:
                commands.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
    width = 174 * mm
    if grid.name == "table3":
        col_widths = [14 * mm, 18 * mm, 50 * mm] + [13 * mm] * 7
    elif grid.name == "table2":
        col_widths = [width / 4] * 4
    else:
        col_widths = [width / 15] * 15
    return Table(data, colWidths=col_widths, style=TableStyle(commands))


# ---------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True)
class Layout:
    name: str
    write: Callable[[ReportSpec], bytes]
    filename: str
    kind: str  # the reader that reads it: "text", "html", "docx", "pdf"
    keeps_blanks: bool = True  # False: empty cells are dropped, a blank cannot be placed
    label_variants: bool = False  # True: writes labels that differ from the official ones (F-3)
    # True: blank cells at the very end of a table look like the blank line after it, so
    # the reader cannot count them (it says so with R-2; the values stay right).
    trailing_blanks_ambiguous: bool = False

    def render(self, spec: ReportSpec) -> bytes:
        return self.write(spec)


_LINE_STYLES = ("consecutive", "blank_separated", "trailing_pipe", "pipe_separated")

LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in [
        Layout("tsv_word", tsv_word, "report.txt", "text"),
        Layout("tsv_pagebreak", tsv_pagebreak, "report.txt", "text", label_variants=True),
        Layout("markdown", markdown, "report.md", "text"),
        Layout("pipes", pipes, "report.txt", "text"),
        *(
            Layout(
                f"lines_{s}",
                _lines_writer(s, keep_empty=True),
                "report.txt",
                "text",
                trailing_blanks_ambiguous=s in ("consecutive", "blank_separated"),
            )
            for s in _LINE_STYLES
        ),
        *(
            Layout(
                f"lines_{s}_dropped",
                _lines_writer(s, keep_empty=False),
                "report.txt",
                "text",
                keeps_blanks=False,
            )
            for s in _LINE_STYLES
        ),
        Layout("html_utf8", html_utf8, "report.html", "html"),
        Layout("html_gbk", html_gbk, "report.htm", "html"),
        Layout("docx", docx, "report.docx", "docx"),
        Layout("pdf", pdf, "report.pdf", "pdf"),
    ]
}

TEXT_LAYOUTS = tuple(name for name, layout in LAYOUTS.items() if layout.kind == "text")
LOSSLESS_LAYOUTS = tuple(name for name, layout in LAYOUTS.items() if layout.keeps_blanks)
LOSSY_LAYOUTS = tuple(name for name, layout in LAYOUTS.items() if not layout.keeps_blanks)


def render(layout: str, spec: ReportSpec) -> bytes:
    return LAYOUTS[layout].write(spec)


__all__ = [
    "DEFAULT_NARRATIVE",
    "LAYOUTS",
    "LOSSLESS_LAYOUTS",
    "LOSSY_LAYOUTS",
    "TEXT_LAYOUTS",
    "V2019",
    "V2021",
    "Grid",
    "GridCell",
    "Layout",
    "ReportSpec",
    "render",
    "busy_spec",
    "sample_spec",
    "table2_grid",
    "table3_grid",
    "table4_grid",
    "zero_tables",
]
