"""PDF reports with a text layer: running text and ruled tables, page by page.

Why PDFium (pypdfium2) reads the pages and not pdfminer: pdfminer interprets content
streams in pure Python, about 40 ms a page on a real report, and that — not table finding —
was the measured bottleneck; PDFium does the same work in C in about 4 ms. Tables are still
found by pdfplumber's table finder (lines strategy), fed with the ruling lines read from
PDFium's path objects, so a page is parsed once. Only a page where PDFium leaves text out
(a CJK font that is not embedded, see ``_read_objects``) is read again with pdfminer.

Layouts met in published reports, each reproduced by tests/annualreport/pdf_fixtures.py:

* ruled tables with merged cells; a group label printed one character per line in a tall
  merged cell (三、本年度办理结果); header words wrapped mid-word (结果 / 维持);
* a table that continues on the next page, its header repeated or not, the row at the
  break left without its bottom rule (or the continuation without its top rule);
* a framed paragraph (a one-column "table" of rectangles) that is running text, not a table;
* hard-wrapped paragraphs that continue across a page break, page numbers (``- 1 -``,
  ``第 1 页``) and running headers;
* tables without ruling lines, whose columns exist only by alignment;
* scans (pages with images and no text layer), encrypted and truncated files.

Coordinates are display coordinates: origin top-left, y growing downwards, after the
page's /Rotate — the same convention as pdfplumber.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import statistics
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import Block, Document, Paragraph, ReadError, TableBlock
from ..normalize import CellKind, clean_text, parse_cell, to_simplified

# PDFium keeps global state and is not thread-safe; a web worker with threads must not
# enter it twice at once. Reading a 6-page report holds the lock for a few milliseconds.
_PDFIUM_LOCK = threading.Lock()

_MSG_TRUNCATED = "PDF 文件不完整（可能下载或上传时中断了），已损坏，无法读取；请重新获取完整的文件"
_MSG_PASSWORD = "PDF 文件有密码保护（已加密），无法打开；请向发布单位索取未加密的文件，或先解除密码"
_MSG_DAMAGED = "PDF 文件已损坏或有密码保护，无法打开；请重新获取文件"

# An edge list this long is a drawing (a chart, text turned into outlines), not a table;
# the table finder is quadratic in it.
_MAX_EDGES = 1500
# A page with no text but this many vector paths is text drawn as outlines: it needs OCR too.
_OUTLINE_PATHS = 200
# A scan may carry a few typed characters (a page number, a site's stamp); a page with
# fewer than this and a picture over a good part of it is still a scan. A seal or a logo
# alone on a page covers far less.
_SCAN_FEW_CHARS = 20
_SCAN_IMAGE_COVER = 0.3

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    # A space (written in the file, or inferred by PDFium from a gap) precedes it.
    space_before: bool = False

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Line:
    chars: list[_Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    em: float  # the width of a Chinese character in it, else an estimate from its height
    measured: bool  # em measured on Chinese characters (comparable between lines)


@dataclass(slots=True)
class _Table:
    top: float
    bottom: float
    block: TableBlock


@dataclass
class _Page:
    number: int  # 1-based, as the clerk counts
    width: float
    height: float
    chars: list[_Char] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    images: int = 0
    image_cover: float = 0.0  # share of the page under images
    paths: int = 0
    unreadable: int = 0  # glyphs the font maps to no character
    skipped_text: int = 0  # text objects missing from PDFium's text (see _read_objects)
    broken: bool = False
    text_may_be_missing: bool = False
    needs_ocr: bool = False
    tables: list[_Table] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)

    def lacks_text_layer(self) -> bool:
        """A picture of text (or text as outlines), or text whose font maps to nothing."""
        readable = len(self.chars)
        if self.broken or readable >= _SCAN_FEW_CHARS and self.unreadable <= readable:
            return False
        if self.unreadable > readable or self.image_cover >= _SCAN_IMAGE_COVER:
            return True
        return readable == 0 and self.paths >= _OUTLINE_PATHS


def read_pdf(data: bytes, source: str) -> Document:
    """Read a PDF report. Raises ReadError (in Chinese) when the file cannot be opened."""
    _check_complete(data)
    with _PDFIUM_LOCK:
        pages = _load(data)
    _reread_skipped_text(data, pages)
    doc = Document(source=source, kind="pdf", pages=len(pages))
    for page in pages:
        if page.lacks_text_layer():
            page.needs_ocr = True
            page.chars = []
            continue
        page.tables = _ruled_tables(page)
        page.lines, aligned = _aligned_tables(_group_lines(page.chars))
        page.tables.extend(aligned)
    _drop_furniture(pages)
    doc.blocks = _assemble(pages)
    _report_problems(doc, pages)
    return doc


# ---------------------------------------------------------------------------------------
# Opening the file and reading pages with PDFium


def _check_complete(data: bytes) -> None:
    # PDFium rebuilds a truncated file's cross-reference table and then reads whatever
    # pages survived; a report missing its last pages must not pass as complete.
    if b"%%EOF" not in data.rstrip(b"\x00\r\n\t\f ")[-1024:]:
        raise ReadError(_MSG_TRUNCATED)


def _load(data: bytes) -> list[_Page]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ReadError(_MSG_PASSWORD) from e
        raise ReadError(_MSG_DAMAGED) from e
    try:
        count = len(pdf)
        if count == 0:
            raise ReadError("PDF 文件中没有任何页面，文件可能已损坏")
        pages = []
        for index in range(count):
            try:
                pages.append(_load_page(pdf, index))
            except pdfium.PdfiumError:
                pages.append(_Page(number=index + 1, width=0, height=0, broken=True))
        return pages
    finally:
        pdf.close()


def _load_page(pdf: pdfium.PdfDocument, index: int) -> _Page:
    page = pdf[index]
    try:
        left, bottom, right, top = page.get_cropbox()
        rotation = pdfium_c.FPDFPage_GetRotation(page.raw) % 4
        to_view = _view_transform(rotation, left, bottom, right, top)
        width, height = (
            (right - left, top - bottom) if rotation in (0, 2) else (top - bottom, right - left)
        )
        result = _Page(number=index + 1, width=width, height=height)
        textpage = page.get_textpage()
        try:
            _read_chars(textpage.raw, to_view, result)
            _read_objects(page.raw, textpage.raw, to_view, result)
        finally:
            textpage.close()
        result.chars = _dedupe(result.chars)
        return result
    finally:
        page.close()


def _reread_skipped_text(data: bytes, pages: list[_Page]) -> None:
    """Pages where PDFium left text out are read again with pdfminer (via pdfplumber).

    pdfminer takes every glyph the content stream shows, whatever its font. It is ten times
    slower, so only these pages pay for it. Characters and rules both come from pdfplumber
    then, so that they share one coordinate system.
    """
    targets = [p for p in pages if p.skipped_text and not p.broken]
    if not targets:
        return
    import io
    import logging

    import pdfplumber

    # pdfminer warns, in English, about every oddity of a damaged file; the clerk gets our
    # problems instead. An application that set the logger's level keeps its setting.
    logger = logging.getLogger("pdfminer")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in targets:
                plumber_page = pdf.pages[page.number - 1]
                chars, unreadable = _plumber_chars(plumber_page.chars)
                edges = [e for e in plumber_page.edges if e.get("orientation") in ("h", "v")]
                page.chars, page.unreadable, page.edges = _dedupe(chars), unreadable, edges
    except Exception:  # pdfminer raises many kinds of error on odd files; PDFium's text stands
        for page in targets:
            page.text_may_be_missing = True


def _plumber_chars(objs: list[dict]) -> tuple[list[_Char], int]:
    chars = []
    unreadable = 0
    space = False
    for obj in objs:
        text = obj.get("text") or ""
        if not text or text.isspace():
            space = True
            continue
        if text.startswith("(cid:") or any(
            0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd" for ch in text
        ):
            unreadable += 1
            continue
        text = "".join(_KANGXI.get(ord(ch)) or ch for ch in text)
        chars.append(_Char(text, obj["x0"], obj["x1"], obj["top"], obj["bottom"], space))
        space = False
    return chars, unreadable


def _view_transform(
    rotation: int, left: float, bottom: float, right: float, top: float
) -> Callable[[float, float], Point]:
    """PDF user space (origin bottom-left) to what the reader sees (origin top-left)."""
    if rotation == 1:  # /Rotate 90: the page is shown turned clockwise
        return lambda x, y: (y - bottom, x - left)
    if rotation == 2:
        return lambda x, y: (right - x, y - bottom)
    if rotation == 3:
        return lambda x, y: (top - y, right - x)
    return lambda x, y: (x - left, top - y)


# Kangxi radicals (⼀ U+2F00 for 一) come out of fonts embedded by some Word versions; they
# look identical to the ideographs, but no label or number word would match them.
_KANGXI = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}


def _read_chars(textpage: object, to_view: Callable[[float, float], Point], page: _Page) -> None:
    rect = pdfium_c.FS_RECTF()
    space = False
    high: int | None = None
    for i in range(pdfium_c.FPDFText_CountChars(textpage)):
        cp = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if cp in (0x20, 0xA0, 0x3000, 0x09):
            space = True
            continue
        if cp < 0x20:  # the \r\n PDFium puts between lines: layout is ours to work out
            continue
        if 0xD800 <= cp <= 0xDBFF:  # a character beyond the BMP comes as two halves
            high = cp
            continue
        if pdfium_c.FPDFText_IsGenerated(textpage, i):
            continue
        if 0xDC00 <= cp <= 0xDFFF:
            if high is None:
                continue
            cp = 0x10000 + ((high - 0xD800) << 10) + (cp - 0xDC00)
        high = None
        if (
            pdfium_c.FPDFText_HasUnicodeMapError(textpage, i)
            or 0xE000 <= cp <= 0xF8FF
            or cp == 0xFFFD
        ):
            page.unreadable += 1
            continue
        pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect)
        ax, atop = to_view(rect.left, rect.top)
        bx, bbottom = to_view(rect.right, rect.bottom)
        x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
        y0, y1 = (atop, bbottom) if atop <= bbottom else (bbottom, atop)
        if x1 - x0 <= 0 or y1 - y0 <= 0:
            continue
        text = _KANGXI.get(cp) or chr(cp)
        page.chars.append(_Char(text, x0, x1, y0, y1, space))
        space = False


def _read_objects(
    page_raw: object, textpage: object, to_view: Callable[[float, float], Point], page: _Page
) -> None:
    """Count images and paths; turn straight path segments into pdfplumber-style edges;
    notice text objects PDFium left out of the page's text."""
    x = ctypes.c_float()
    y = ctypes.c_float()
    m = pdfium_c.FS_MATRIX()
    page_area = max(page.width * page.height, 1.0)

    def walk(count: int, get: Callable[[int], object], parent: Matrix, depth: int) -> None:
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                # PDFium skips a text object whose box has no width. With a CJK font that
                # is not embedded (iText's STSong-Light) and no CJK font on the system,
                # every glyph box is empty: a lone 业 or a one-character-per-line label
                # vanishes, and rotated text with it. The length is 2 (the terminator).
                if pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0) <= 2:
                    page.skipped_text += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                page.images += 1
                page.image_cover = min(1.0, page.image_cover + _area(obj, parent) / page_area)
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                page.paths += 1
                if len(page.edges) <= _MAX_EDGES:
                    _path_edges(obj, _compose(_matrix(obj, m), parent), to_view, x, y, page.edges)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
                # Children of a form XObject are placed in the form's space.
                inner = _compose(_matrix(obj, m), parent)
                walk(
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j),
                    inner,
                    depth + 1,
                )

    walk(
        pdfium_c.FPDFPage_CountObjects(page_raw),
        lambda j: pdfium_c.FPDFPage_GetObject(page_raw, j),
        _IDENTITY,
        0,
    )


def _area(obj: object, parent: Matrix) -> float:
    """Area an object covers on the page (its bounds are in its parent's space)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return 0.0
    a, b, c, d, _, _ = parent
    # A linear map scales areas by its determinant; the translation does not matter.
    return abs((right.value - left.value) * (top.value - bottom.value) * (a * d - b * c))


def _matrix(obj: object, m: object) -> Matrix:
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies ``inner`` first, then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _path_edges(
    obj: object,
    mat: Matrix,
    to_view: Callable[[float, float], Point],
    x: ctypes.c_float,
    y: ctypes.c_float,
    out: list[dict],
) -> None:
    a, b, c, d, e, f = mat
    start: Point | None = None
    prev: Point | None = None
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        px, py = x.value, y.value
        point = to_view(a * px + c * py + e, b * px + d * py + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_edge(prev, point, out)
        # Bezier points only move the pen: curves are not table rules.
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_edge(prev, start, out)
            prev = start


def _add_edge(p: Point, q: Point, out: list[dict]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(x0 - x1) < 0.1 and abs(y0 - y1) >= 1:
        top, bottom = min(y0, y1), max(y0, y1)
        out.append(_edge(x0, x0, top, bottom, "v"))
    elif abs(y0 - y1) < 0.1 and abs(x0 - x1) >= 1:
        out.append(_edge(min(x0, x1), max(x0, x1), y0, y0, "h"))


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def _dedupe(chars: list[_Char]) -> list[_Char]:
    """Drop glyphs drawn twice on top of each other (Word's and WPS's "fake bold")."""
    seen: dict[tuple[str, int], list[_Char]] = {}
    out = []
    for ch in chars:
        row = round(ch.top)
        tol = 0.5 * (ch.x1 - ch.x0)
        if any(
            abs(other.x0 - ch.x0) < tol and abs(other.top - ch.top) < 1.5
            for key in ((ch.text, row - 1), (ch.text, row), (ch.text, row + 1))
            for other in seen.get(key, ())
        ):
            continue
        seen.setdefault((ch.text, row), []).append(ch)
        out.append(ch)
    return out


# ---------------------------------------------------------------------------------------
# Text: characters to lines, lines joined back together


def _wide(ch: str) -> bool:
    """CJK ideographs, kana, full-width forms and CJK punctuation (they take no spaces)."""
    return unicodedata.east_asian_width(ch) in ("W", "F") or ch in "“”‘’…—·"


def _wide_punct(ch: str) -> bool:
    return _wide(ch) and unicodedata.category(ch)[0] in ("P", "S")


def _join(a: str, b: str) -> str:
    """Two pieces of one text that a line break separated.

    No space between Chinese characters; none either next to full-width punctuation, which
    carries its own spacing (邮编：\n223001). A space where Latin text or figures meet across
    the break (PDF\nversion 2), and between a Chinese character and a figure, as reports
    write them (2024 年).
    """
    if not a or not b:
        return a or b
    x, y = a[-1], b[0]
    if (_wide(x) and _wide(y)) or _wide_punct(x) or _wide_punct(y):
        return a + b
    # A phone number or address wrapped after its hyphen or slash (0517-\n83605210).
    if a[-1] in "-/" and b[0].isascii() and b[0].isalnum():
        return a + b
    return a + " " + b


def _group_lines(chars: Iterable[_Char]) -> list[_Line]:
    """Characters to lines, top to bottom, each left to right."""
    ordered = sorted(chars, key=lambda ch: ch.cy)
    groups: list[list[_Char]] = []
    ref = 0.0
    tol = 0.0
    for ch in ordered:
        h = ch.bottom - ch.top
        if groups and ch.cy - ref <= max(tol, 0.45 * h):
            groups[-1].append(ch)
        else:
            groups.append([ch])
            ref = ch.cy
            tol = 0.45 * h
    return [_make_line(sorted(g, key=lambda ch: ch.x0)) for g in groups]


def _make_line(chars: list[_Char]) -> _Line:
    widths = [ch.x1 - ch.x0 for ch in chars if _wide(ch.text)]
    em = (
        statistics.median(widths)
        if widths
        else 0.85 * statistics.median(ch.bottom - ch.top for ch in chars)
    )
    return _Line(
        chars=chars,
        text=_chars_text(chars, em),
        x0=min(ch.x0 for ch in chars),
        x1=max(ch.x1 for ch in chars),
        top=min(ch.top for ch in chars),
        bottom=max(ch.bottom for ch in chars),
        em=em,
        measured=bool(widths),
    )


def _chars_text(chars: list[_Char], em: float) -> str:
    out: list[str] = []
    prev: _Char | None = None
    for ch in chars:
        # A space between two Chinese characters is letter-spacing, never a word gap.
        gap = prev is not None and (ch.space_before or ch.x0 - prev.x1 > 0.5 * em)
        if gap and not (_wide(prev.text[-1]) and _wide(ch.text[0])):
            out.append(" ")
        out.append(ch.text)
        prev = ch
    return "".join(out)


def _text(raw: str) -> str:
    return to_simplified(clean_text(raw)).strip()


# ---------------------------------------------------------------------------------------
# Ruled tables


class _EdgeSource:
    """The two attributes of a pdfplumber Page that its table finder reads (lines strategy)."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]) -> None:
        self.edges = edges
        self.bbox = bbox


def _ruled_tables(page: _Page) -> list[_Table]:
    if not page.edges or len(page.edges) > _MAX_EDGES:
        return []
    # Imported here: pdfplumber pulls in pdfminer (~0.1 s), needed only for pages with rules.
    from pdfplumber.table import TableFinder, merge_edges

    edges = merge_edges(page.edges, 3, 3, 3, 3)
    edges = edges + _closing_edges(edges)
    finder = TableFinder(_EdgeSource(edges, (0, 0, page.width, page.height)), {})  # type: ignore[arg-type]
    grids = []
    for table in finder.tables:
        grid = _Grid(table.cells)
        # One column of cells is a framed paragraph or a text box, not a table.
        if len(grid.xs) >= 2:
            grids.append(grid)
    if not grids:
        return []
    rest = []
    for ch in page.chars:
        for grid in grids:
            if grid.take(ch):
                break
        else:
            rest.append(ch)
    page.chars = rest
    tables = []
    for grid in grids:
        rows = grid.rows()
        if rows:
            block = TableBlock(rows=rows, origin=f"第 {page.number} 页")
            tables.append(_Table(grid.top, grid.bottom, block))
        else:
            page.chars.extend(grid.all_chars())  # an empty grid is decoration; keep its text
    return tables


def _closing_edges(edges: list[dict]) -> list[dict]:
    """Rules the producer left out where a table breaks across pages.

    When a row is cut by the page break, some producers draw the column rules down to the
    bottom margin but no bottom rule (and on the next page no top rule). The finder needs
    closed cells, so the last row would vanish; draw the missing rule where at least two
    column rules of one grid end in the open.
    """
    tol = 3.0
    h = [e for e in edges if e["orientation"] == "h"]
    v = [e for e in edges if e["orientation"] == "v" and e["height"] >= tol]

    def ruled(y: float, x: float) -> bool:
        return any(abs(e["top"] - y) <= tol and e["x0"] - tol <= x <= e["x1"] + tol for e in h)

    added = []
    for end, pick in (("bottom", max), ("top", min)):
        loose = sorted((e[end], e["x0"]) for e in v if not ruled(e[end], e["x0"]))
        group: list[tuple[float, float]] = []
        for item in [*loose, None]:
            if item is not None and (not group or item[0] - group[-1][0] <= tol):
                group.append(item)
                continue
            xs = sorted({x for _, x in group})
            # Both rules must belong to one grid: some horizontal rule crosses them both.
            if len(xs) >= 2 and any(e["x0"] - tol <= xs[0] and e["x1"] + tol >= xs[1] for e in h):
                y = pick(y for y, _ in group)
                added.append(_edge(xs[0], xs[-1], y, y, "h"))
            group = [item] if item is not None else []
    return added


class _Grid:
    """A table found by pdfplumber: its cells laid on the grid of their distinct edges.

    Rows are the distinct cell tops and columns the distinct cell lefts, as in pdfplumber's
    own ``Table.rows``; a merged cell's text goes to its top-left slot, the slots it covers
    stay empty.
    """

    def __init__(self, cells: list[tuple[float, float, float, float]]) -> None:
        self.xs = sorted({c[0] for c in cells})
        self.ys = sorted({c[1] for c in cells})
        self.x0 = min(c[0] for c in cells)
        self.top = min(c[1] for c in cells)
        self.x1 = max(c[2] for c in cells)
        self.bottom = max(c[3] for c in cells)
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        for x0, top, x1, bottom in cells:
            r0 = self.ys.index(top)
            c0 = self.xs.index(x0)
            r = r0
            while r < len(self.ys) and self.ys[r] < bottom - 0.01:
                c = c0
                while c < len(self.xs) and self.xs[c] < x1 - 0.01:
                    self.anchor[(r, c)] = (r0, c0)
                    c += 1
                r += 1
        self.chars: dict[tuple[int, int], list[_Char]] = {}

    def take(self, ch: _Char) -> bool:
        cx, cy = ch.cx, ch.cy
        if not (self.x0 <= cx <= self.x1 and self.top <= cy <= self.bottom):
            return False
        r = max(bisect.bisect_right(self.ys, cy) - 1, 0)
        c = max(bisect.bisect_right(self.xs, cx) - 1, 0)
        # A slot no cell covers (an irregular grid) keeps its own text rather than lose it.
        self.chars.setdefault(self.anchor.get((r, c), (r, c)), []).append(ch)
        return True

    def all_chars(self) -> list[_Char]:
        return [ch for chars in self.chars.values() for ch in chars]

    def rows(self) -> list[list[str]]:
        grid = [[""] * len(self.xs) for _ in self.ys]
        for (r, c), chars in self.chars.items():
            text = ""
            for line in _group_lines(chars):
                text = _join(text, line.text)
            grid[r][c] = _text(text)
        return [row for row in grid if any(row)]


# ---------------------------------------------------------------------------------------
# Tables without rules: columns by alignment

_VALUE_KINDS = (CellKind.NUMBER, CellKind.DASH)


def _aligned_tables(lines: list[_Line]) -> tuple[list[_Line], list[_Table]]:
    """Find runs of lines that are rows of figures in aligned columns.

    A row line has at least two pieces separated by a wide gap, one of them a figure; a
    header line has three or more pieces. A run needs two rows of figures to be a table.
    A single piece between two rows (a label that wrapped) stays in the table.
    """
    if len(lines) < 2:
        return lines, []
    pieces = [_pieces(line) for line in lines]
    kinds = []
    for parts in pieces:
        texts = [t for t, _, _ in parts]
        figures = sum(1 for t in texts if parse_cell(t).kind in _VALUE_KINDS)
        kinds.append(
            "row" if len(parts) >= 2 and figures else "head" if len(parts) >= 3 else "text"
        )
    rest: list[_Line] = []
    tables: list[_Table] = []
    i = 0
    while i < len(lines):
        if kinds[i] == "text":
            rest.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines):
            if lines[j].top - lines[j - 1].bottom >= 2.5 * lines[j].em:
                break
            wrapped_label = (
                j + 1 < len(lines) and kinds[j + 1] == "row" and len(lines[j].text) <= 40
            )
            if kinds[j] == "text" and not wrapped_label:
                break
            j += 1
        if sum(1 for k in kinds[i:j] if k == "row") >= 2:
            tables.append(_aligned_table(lines[i:j], pieces[i:j], kinds[i:j]))
        else:
            rest.extend(lines[i:j])
        i = j
    return rest, tables


def _pieces(line: _Line) -> list[tuple[str, float, float]]:
    """A line cut at gaps wider than a character: (text, x0, x1) per piece."""
    out = []
    start = 0
    chars = line.chars
    for k in range(1, len(chars) + 1):
        if k == len(chars) or chars[k].x0 - chars[k - 1].x1 > line.em:
            part = chars[start:k]
            out.append((_chars_text(part, line.em), part[0].x0, max(ch.x1 for ch in part)))
            start = k
    return out


def _aligned_table(
    lines: list[_Line], pieces: list[list[tuple[str, float, float]]], kinds: list[str]
) -> _Table:
    # Columns come from the rows of figures only: a header or a wrapped label may straddle.
    spans = sorted(
        (x0, x1)
        for parts, kind in zip(pieces, kinds, strict=True)
        if kind == "row"
        for _, x0, x1 in parts
    )
    bands: list[list[float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    rows = []
    for parts in pieces:
        row = [""] * len(bands)
        for text, x0, x1 in parts:
            overlaps = [min(x1, b1) - max(x0, b0) for b0, b1 in bands]
            best = max(range(len(bands)), key=lambda k: overlaps[k])
            if overlaps[best] <= 0:
                mid = (x0 + x1) / 2
                best = min(
                    range(len(bands)), key=lambda k: abs((bands[k][0] + bands[k][1]) / 2 - mid)
                )
            row[best] = _join(row[best], text)
        rows.append([_text(cell) for cell in row])
    block = TableBlock(rows=rows, origin="")
    return _Table(lines[0].top, lines[-1].bottom, block)


# ---------------------------------------------------------------------------------------
# Page furniture

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－―~～_·•]*\d{1,4}[-–—－―~～_·•]*"
    r"|第\d{1,4}页(?:[,，/／]?共\d{1,4}页)?"
    r"|共\d{1,4}页第\d{1,4}页"
    r"|\d{1,4}[/／]\d{1,4}"
    r"|(?:page|p\.?)\d{1,4}(?:(?:of|/)\d{1,4})?)$",
    re.IGNORECASE,
)
_MARGIN_BAND = 0.12


def _in_band(line: _Line, page: _Page) -> bool:
    return line.top < _MARGIN_BAND * page.height or line.bottom > (1 - _MARGIN_BAND) * page.height


def _drop_furniture(pages: list[_Page]) -> None:
    """Page numbers, and running headers and footers repeated on most pages."""
    with_text = [p for p in pages if p.lines]
    seen: dict[str, set[int]] = {}
    for page in with_text:
        for line in page.lines:
            if _in_band(line, page):
                seen.setdefault(_furniture_key(line.text), set()).add(page.number)
    needed = max(2, (len(with_text) + 1) // 2)
    running = {key for key, where in seen.items() if len(where) >= needed}
    for page in with_text:
        page.lines = [
            line
            for line in page.lines
            if not (
                _in_band(line, page)
                and (
                    _furniture_key(line.text) in running or _PAGE_NUMBER.match(_compact(line.text))
                )
            )
        ]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", _compact(text))


# ---------------------------------------------------------------------------------------
# Paragraphs, in reading order with the tables

# A line that opens a numbered heading: 一、 （一） 1. 1、 第一章. Not 第二十条: reports cite
# articles mid-sentence, and a wrapped line may well start with one.
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]"
    r"|\d{1,2}\s*[、．]"
    r"|\d{1,2}\.(?!\d)"
    r"|第[一二三四五六七八九十]{1,3}[章节部分])"
)


@dataclass(frozen=True)
class _Margins:
    left: float
    right: float


def _margins(pages: list[_Page]) -> dict[int, _Margins]:
    """Text block edges for each page size: where body lines start and where full lines end."""
    by_width: dict[int, list[_Line]] = {}
    for page in pages:
        by_width.setdefault(round(page.width), []).extend(page.lines)
    out = {}
    for width, lines in by_width.items():
        if not lines:
            continue
        x0s = sorted(line.x0 for line in lines)
        # The leftmost x at which two lines start: continuation lines sit there, while a
        # stray outdented line does not move it.
        left = next((a for a, b in zip(x0s, x0s[1:], strict=False) if b - a <= 1.0), x0s[0])
        # Chinese body text is justified: full lines end together at the right margin. The
        # rightmost end two lines share (across most of the page) is that margin; with too
        # few lines to show one, assume margins as wide on the right as on the left.
        ends = sorted((line.x1, line.em) for line in lines)
        shared = [
            a
            for (a, em), (b, _) in zip(ends, ends[1:], strict=False)
            if b - a <= 0.5 * em and a >= 0.6 * width
        ]
        right = max(shared) if shared else width - left
        out[width] = _Margins(left, right)
    return out


def _line_pitch(pages: list[_Page]) -> float:
    steps = []
    for page in pages:
        for a, b in zip(page.lines, page.lines[1:], strict=False):
            step = b.top - a.top
            if 0.8 * b.em < step < 3 * b.em:
                steps.append(step)
    return statistics.median(steps) if steps else 0.0


def _assemble(pages: list[_Page]) -> list[Block]:
    margins = _margins(pages)
    pitch = _line_pitch(pages)
    blocks: list[Block] = []
    text = ""
    prev: tuple[_Line, _Margins] | None = None

    def flush() -> None:
        nonlocal text
        cleaned = _text(text)
        if cleaned:
            blocks.append(Paragraph(cleaned))
        text = ""

    for page in pages:
        if page.needs_ocr or page.broken:
            flush()
            prev = None
            continue
        items: list[tuple[float, int, _Line | _Table]] = [(t.top, 0, t) for t in page.tables]
        items += [(line.top, 1, line) for line in page.lines]
        items.sort(key=lambda item: (item[0], item[1]))
        same_page = False
        for _, _, item in items:
            if isinstance(item, _Table):
                flush()
                if not item.block.origin:
                    item.block.origin = f"第 {page.number} 页"
                blocks.append(item.block)
                prev = None
                continue
            m = margins[round(page.width)]
            if prev is None or _opens_paragraph(prev, (item, m), same_page, pitch):
                flush()
            text = _join(text, item.text)
            prev = (item, m)
            same_page = True
    flush()
    return blocks


def _opens_paragraph(
    prev: tuple[_Line, _Margins], cur: tuple[_Line, _Margins], same_page: bool, pitch: float
) -> bool:
    (p, pm), (line, m) = prev, cur
    if _HEADING.match(line.text):
        return True
    if line.measured and p.measured and abs(line.em - p.em) > 0.2 * max(line.em, p.em):
        return True  # a title above body text
    if line.x0 > m.left + 0.8 * line.em:  # indented first line, or centred
        return True
    if p.x1 < pm.right - 1.2 * p.em:  # the line above stopped short: its paragraph ended
        return True
    return same_page and pitch > 0 and line.top - p.top > 1.6 * pitch


# ---------------------------------------------------------------------------------------
# What could not be read


def _page_list(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> "1–3、5"."""
    parts = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return "、".join(parts)


def _report_problems(doc: Document, pages: list[_Page]) -> None:
    scans = [p.number for p in pages if p.needs_ocr]
    broken = [p.number for p in pages if p.broken]
    readable = [p for p in pages if not p.needs_ocr and not p.broken and (p.lines or p.tables)]
    if scans:
        doc.needs_ocr = True
        if not readable:
            doc.problems.append(
                f"这是扫描件（第 {_page_list(scans)} 页没有文字层），无法读取表格；需要先做文字识别（OCR）后再检查"
            )
        else:
            doc.problems.append(
                f"第 {_page_list(scans)} 页是扫描图片，没有文字层，这些页上的文字和表格没有读取；"
                "需要先对这些页做文字识别（OCR）后再检查"
            )
    if broken:
        doc.problems.append(f"第 {_page_list(broken)} 页已损坏，无法读取；请核对原文件")
    uncertain = [p.number for p in pages if p.text_may_be_missing]
    if uncertain:
        doc.problems.append(
            f"第 {_page_list(uncertain)} 页的字体没有嵌入 PDF，部分文字（如单独成行的字）可能没有读出；请核对这些页"
        )
    partly = [(p.number, p.unreadable) for p in pages if p.unreadable and not p.needs_ocr]
    for number, count in partly:
        doc.problems.append(
            f"第 {number} 页有 {count} 个字符无法识别（字体缺少字符对照表），已略去；请核对这一页的内容"
        )
    if not readable and not scans and not broken:
        doc.problems.append("PDF 中没有读出任何文字（各页是空白的，或者文件内容已损坏）")
