"""Web pages: the form in which most annual reports are published on government portals.

A portal page is mostly chrome — navigation bars, breadcrumbs, share buttons, a footer with
the ICP number — around one article, and the article itself is often Word's "Save as HTML"
output, sometimes wrapped in layout tables. This reader keeps the article: paragraphs in
document order (``<h1>``–``<h6>`` keep their level, ``<br>`` ends a paragraph) and every
*data* table as a rectangular grid in which a merged cell's text sits in its top-left
position and the positions it covers are ``""``.

A table that contains another table, or that is a single cell, or that holds a cell of
running text, is a *layout* table: its cells are read as containers of paragraphs and
tables. Elements hidden with ``display:none`` are not read.

Speed matters (the engine reads hundreds of pages a second): one lxml parse, one walk over
the tree, no regular expressions per element.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from ..document import Document, Paragraph, TableBlock
from ..normalize import clean_text, to_simplified
from . import decode_text

# Never read: not text of the page, or not part of the article.
_DROP = frozenset(
    {
        "script", "style", "noscript", "head", "title", "template", "iframe", "frame", "object",
        "embed", "select", "button", "textarea", "input", "svg", "math", "canvas", "audio",
        "video", "map", "xml", "nav", "aside",
    }
)  # fmt: skip
# Site header and footer. Inside <article>/<main> a <header> is the article's own (its title).
_PAGE_CHROME = frozenset({"header", "footer"})
# Whatever their class says ("nav-open" on <body>), these hold the page, not its chrome.
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})
_ARTICLE = frozenset({"article", "main"})  # also in _BLOCKS
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that end the paragraph before them and start a new one after them.
_BLOCKS = frozenset(
    {
        "html", "body", "address", "article", "aside", "blockquote", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "header",
        "footer", "hgroup", "hr", "li", "main", "menu", "ol", "p", "pre", "section", "summary",
        "ul", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "option",
    }
)  # fmt: skip
_CELLS = ("td", "th")
# Elements that separate words inside a table cell.
_BREAKS = (
    "br",
    *_HEADINGS,
    *sorted(
        _BLOCKS - {"html", "body", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"}
    ),
)
_PRUNED = "gongkai-pruned"  # a hidden element, renamed so that lxml removes all of them at once
# An inline style can only hide an element if the page contains one of these words.
_HIDING_WORDS = tuple(
    v for w in ("display", "visibility", "hidden") for v in (w, w.upper(), w.capitalize())
)
_ROW_GROUPS = ("thead", "tbody", "tfoot")
# A position covered by a merged cell while a grid is built (None is a free position);
# lxml never yields NUL in text, so it cannot be confused with a cell's text.
_COVERED = "\x00"
_MAX_COLSPAN = 1000  # what browsers allow; a garbage colspan must not allocate a huge row
# A cell this long is running text, not a figure or a label: the table is a layout box.
_MAX_DATA_CELL_CHARS = 200
# When the chrome filter leaves less than this much text and no table while the page without
# the filter has several times more, the filter removed the article too (a portal that calls
# its content box "menu-content"): the page is read without it.
_MIN_ARTICLE_CHARS = 200

# A line break in the source between two CJK characters is not a space (CSS Text 3 segment
# break rule; Word's HTML export wraps lines in the middle of Chinese words).
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r]*\n\s*(?=[{_CJK}])")
# Element names (class/id words) that mark site chrome. Strong words do wherever they stand
# in a word ("topNav", "mainmenu", "pagefooter"); weak words only as whole words, and not
# when the name also says it is the article's ("article-header" holds the report's title).
_STRONG_CHROME = (
    "nav",
    "menu",
    "breadcrumb",
    "crumb",
    "sidebar",
    "share",
    "copyright",
    "footer",
    "fenxiang",
    "weizhi",
)
_WEAK_CHROME = frozenset({"header", "head", "top", "bottom", "foot", "location", "position"})
_CONTENT_WORDS = frozenset(
    {
        "article",
        "content",
        "detail",
        "title",
        "main",
        "post",
        "entry",
        "text",
        "body",
        "news",
        "info",
    }
)
_NAME_WORD = re.compile(r"[a-z]+")

# huge_tree: without it libxml2 gives up on a page nested deeper than 256 elements (unclosed
# <font> tags in old pages) and returns nothing at all.
_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
)


_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read_html(data: bytes, source: str) -> Document:
    """Read a web page. Never raises for malformed markup; an empty page gives a problem."""
    # Control characters (and U+FFFE/U+FFFF) are not allowed in XML text, and lxml refuses
    # to set them on a node; a web page never means anything by them.
    text = _NOT_XML_CHARS.sub("", decode_text(data))
    doc = Document(source=source, kind="html")
    root = _parse(text)
    if root is None:
        doc.problems.append("网页是空的，没有可读取的内容")
        return doc
    _prune(root, text)
    blocks, chars = _walk(root, skip_chrome=True)
    if chars < _MIN_ARTICLE_CHARS and not any(isinstance(b, TableBlock) for b in blocks):
        bare, bare_chars = _walk(root, skip_chrome=False)
        if bare_chars >= _MIN_ARTICLE_CHARS and bare_chars > 4 * chars:
            blocks = bare
    doc.blocks = _normalize_blocks(blocks)
    if not doc.blocks:
        doc.problems.append("网页中没有找到正文（可能是由脚本动态加载的页面，或正文只是图片）")
    return doc


def _parse(text: str) -> etree._Element | None:
    if not text.strip():
        return None
    try:
        # Bytes with an explicit encoding: lxml refuses str input that carries an XML
        # encoding declaration, and the page's own <meta charset> was honoured in decoding.
        return etree.fromstring(text.encode("utf-8"), _PARSER)
    except etree.LxmlError:
        return None


def _prune(root: etree._Element, text: str) -> None:
    """Remove what is never read and mark paragraph breaks, so that the walk deals with
    structure only and a table cell's text is one serialisation call."""
    etree.strip_elements(root, *_DROP, with_tail=False)
    if _may_hide(text):
        for el in root.iter(etree.Element):
            if _hidden(el):
                el.tag = _PRUNED
        etree.strip_elements(root, _PRUNED, with_tail=False)
    # Inside a cell, a line break or a paragraph is a space. Elsewhere these spaces fall at
    # paragraph boundaries, where they are stripped.
    for el in root.iter(*_BREAKS):
        el.tail = " " + el.tail if el.tail else " "
        if el.tag != "br":
            el.text = " " + el.text if el.text else " "


def _may_hide(text: str) -> bool:
    """Can any element of the body be hidden? Most pages say no in a few substring searches,
    and then no element's style needs to be looked at."""
    start = max(text.find("<body"), text.find("<BODY"), 0)
    return any(text.find(word, start) >= 0 for word in _HIDING_WORDS)


def _normalize_blocks(blocks: list[Paragraph | TableBlock]) -> list[Paragraph | TableBlock]:
    """clean_text and to_simplified over every paragraph and cell, in one call each.

    The text of a page is a fraction of its markup, and one call over all of it costs far
    less than one per cell; to_simplified is given the page's distinct characters first,
    so the common page without Traditional characters is never scanned character by
    character.
    """
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            for row in block.rows:
                texts.extend(row)
    joined = "\n".join(texts)
    cleaned = clean_text(joined)
    probe = "".join(set(cleaned))
    if to_simplified(probe) != probe:
        cleaned = to_simplified(cleaned)
    if cleaned == joined:
        return blocks
    # Texts were squashed, so they hold no line end (nor a "\r" that clean_text would turn
    # into one): splitting gives them back one for one.
    it = iter(cleaned.split("\n"))
    out: list[Paragraph | TableBlock] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block.text = _squash(next(it))
            if block.text:
                out.append(block)
        else:
            block.rows = [[_squash(next(it)) for _ in row] for row in block.rows]
            out.append(block)
    return out


# What an element's start did, so that its end can undo it (the walk is a flat event stream).
_INLINE, _BLOCK, _HEADING, _ARTICLE_BLOCK = range(4)


def _walk(root: etree._Element, skip_chrome: bool) -> tuple[list[Paragraph | TableBlock], int]:
    """Paragraphs and tables in document order, and how much paragraph text there is.

    Inline text collects until a block boundary ends the paragraph. The walk is iterative
    (lxml's iterwalk): pages nest deeper than Python's recursion limit allows.
    """
    blocks: list[Paragraph | TableBlock] = []
    buf: list[str] = []
    chars = 0
    level: int | None = None  # heading level of the text being collected
    outer_levels: list[int | None] = []
    in_article = 0
    started: list[int] = []

    def flush() -> None:
        nonlocal chars
        if buf:
            text = _squash("".join(buf))
            buf.clear()
            if text:
                blocks.append(Paragraph(text, level))
                chars += len(text)

    walk = etree.iterwalk(root, events=("start", "end"))
    for event, el in walk:
        if event == "end":
            what = started.pop()
            if what != _INLINE:
                flush()
                if what == _HEADING:
                    level = outer_levels.pop()
                elif what == _ARTICLE_BLOCK:
                    in_article -= 1
            if el.tail and started:
                buf.append(el.tail)
            continue
        tag = el.tag
        if tag == "br":
            flush()
            started.append(_INLINE)
            continue
        if (
            skip_chrome
            and tag not in _NEVER_CHROME
            and (
                (tag in _PAGE_CHROME and not in_article)
                or _is_chrome(el.get("class"), el.get("id"))
            )
        ):
            walk.skip_subtree()
            if tag in _BLOCKS:
                flush()
                started.append(_BLOCK)
            else:
                started.append(_INLINE)
            continue
        if tag == "table":
            flush()
            started.append(_BLOCK)
            table = _data_table(el)
            if table is not None:
                caption = el.find("caption")
                if caption is not None:
                    text = cell_text(caption)
                    if text:
                        blocks.append(Paragraph(text))
                if table.rows:
                    blocks.append(table)
                walk.skip_subtree()
                continue
            # A layout table: its rows and cells are blocks like any <div>.
        elif tag in _HEADINGS:
            flush()
            outer_levels.append(level)
            level = _HEADINGS[tag]
            started.append(_HEADING)
        elif tag in _BLOCKS:
            flush()
            if tag in _ARTICLE:
                in_article += 1
                started.append(_ARTICLE_BLOCK)
            else:
                started.append(_BLOCK)
        else:
            started.append(_INLINE)
        if el.text:
            buf.append(el.text)
    flush()
    return blocks, chars


def _data_table(table: etree._Element) -> TableBlock | None:
    """The table as a grid, or None when it is a layout table."""
    rows = _rows(table)
    if table.find(".//table") is not None or _single_cell(rows):
        return None
    grid = _grid(rows)
    if grid is None:
        return None
    line = table.sourceline
    return TableBlock(rows=grid, origin=f"第 {line} 行" if line else "")


def _squash(text: str) -> str:
    """Whitespace as a browser shows it: runs are one space, none at the ends."""
    if "\n" in text:
        text = _CJK_BREAK.sub("", text)
    return " ".join(text.split())


def _hidden(el: etree._Element) -> bool:
    style = el.get("style")
    if style:
        s = style.lower()
        if "none" in s or "hidden" in s:
            s = s.replace(" ", "")
            if "display:none" in s or "visibility:hidden" in s:
                return True
    return el.get("hidden") is not None


def _is_chrome(cls: str | None, ident: str | None) -> bool:
    return bool(cls and _chrome_name(cls) or ident and _chrome_name(ident))


@lru_cache(maxsize=4096)
def _chrome_name(value: str) -> bool:
    """Does a class or id name say navigation, header, footer and the like?

    "topNav", "main-menu", "breadcrumbs", "bottom" do; "canvas", "article-header" do not.
    """
    words = _NAME_WORD.findall(value.lower())
    for word in words:
        if word.startswith(_STRONG_CHROME) or word.endswith(_STRONG_CHROME):
            return True
    return any(w in _WEAK_CHROME for w in words) and not any(w in _CONTENT_WORDS for w in words)


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows, in document order (not those of nested tables)."""
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows.extend(tr for tr in child if tr.tag == "tr")
    # Word's HTML export appends a zero-height row of empty cells to fix column widths.
    return [tr for tr in rows if tr.get("height") != "0"]


def _single_cell(rows: list[etree._Element]) -> bool:
    count = 0
    for tr in rows:
        for cell in tr:
            if cell.tag in _CELLS:
                count += 1
                if count > 1:
                    return False
    return True


def _grid(rows: list[etree._Element]) -> list[list[str]] | None:
    """Expand rowspan/colspan into a rectangle; None when a cell holds running text."""
    grid: list[list[str | None]] = [[] for _ in rows]
    n_rows = len(rows)
    for r, tr in enumerate(rows):
        line = grid[r]
        c = 0
        for cell in tr:
            if cell.tag not in _CELLS:
                continue
            while c < len(line) and line[c] is not None:
                c += 1
            text = cell_text(cell)
            if len(text) > _MAX_DATA_CELL_CHARS:
                return None
            rowspan_attr, colspan_attr = cell.get("rowspan"), cell.get("colspan")
            if rowspan_attr is None and colspan_attr is None:  # most cells: no merging
                if c == len(line):
                    line.append(text)
                else:
                    line[c] = text
                c += 1
                continue
            rowspan = _span(rowspan_attr, n_rows - r) or n_rows - r  # 0: to the end
            colspan = _span(colspan_attr, _MAX_COLSPAN) or 1
            for dr in range(rowspan):
                covered = grid[r + dr]
                if len(covered) < c + colspan:
                    covered.extend([None] * (c + colspan - len(covered)))
                for dc in range(colspan):
                    # Overlapping spans (broken markup): the cell placed first keeps its place.
                    if covered[c + dc] is None:
                        covered[c + dc] = _COVERED if dr or dc else text
            c += colspan
    return tidy_grid(grid)


def tidy_grid(grid: list[list[str | None]]) -> list[list[str]]:
    """The finished rectangle from a grid of cell starts (text) and covered positions.

    Positions are text where a cell starts, ``"\\x00"`` where a merged cell covers them and
    None where no cell is at all (a short row). Columns in which no cell starts are split
    artefacts of misaligned cell borders, and rows in which no cell starts are wholly
    covered by the row above: neither holds anything, both are removed.
    """
    width = max((len(line) for line in grid), default=0)
    keep_cols = [False] * width
    rows = []
    for line in grid:
        started = False
        for i, v in enumerate(line):
            if v is not None and v != _COVERED:
                keep_cols[i] = True
                started = True
        if started:
            rows.append(line)
    cols = [i for i, keep in enumerate(keep_cols) if keep]
    out = []
    for line in rows:
        n = len(line)
        out.append(
            ["" if i >= n or line[i] is None or line[i] == _COVERED else line[i] for i in cols]
        )
    return out


def _span(value: str | None, limit: int) -> int:
    """A rowspan/colspan attribute as browsers read it: leading digits, clamped; 0 stays 0."""
    if not value:
        return 1
    value = value.strip()
    end = 0
    while end < len(value) and value[end].isdigit():
        end += 1
    if not end:
        return 1
    return min(int(value[:end]), limit)


def cell_text(cell: etree._Element) -> str:
    """A table cell's visible text (after _prune: line breaks and paragraphs are spaces)."""
    return _squash(etree.tostring(cell, method="text", encoding="unicode", with_tail=False))
