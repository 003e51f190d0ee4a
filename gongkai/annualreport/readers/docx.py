"""Word documents (.docx), the form in which most reports are written and many published.

The body is read straight from its XML, in document order: python-docx's object layer
loads the package, but its ``table.cell()`` is far too slow (it recomputes the grid on
every call) and hides how cells are merged, which is exactly what a report's tables need.
A merged cell is recovered from ``w:gridSpan`` (across) and ``w:vMerge`` (down): its text
sits in the top-left position and the positions it covers are ``""``, as in every reader.

What a reader of the printed page sees is what is read: automatic list numbers ("一、",
"（一）", "1." — Word turns a typed "一、" into a list by itself) are rendered from the
numbering definitions; deleted revisions, hidden text and text boxes are not read; a table
inside a table cell becomes part of that cell's text.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..document import Document, Paragraph, ReadError, TableBlock
from ..normalize import clean_text, to_simplified
from .html import tidy_grid

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_VAL = f"{_W}val"

P, TBL, TR, TC, R, T, TAB, BR, CR = (
    f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "r", "t", "tab", "br", "cr")
)
PPR, RPR, TCPR, TRPR = (f"{_W}{n}" for n in ("pPr", "rPr", "tcPr", "trPr"))
SDT, SDT_CONTENT, CUSTOM_XML = f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"
NO_BREAK_HYPHEN = f"{_W}noBreakHyphen"
ALT_CHUNK = f"{_W}altChunk"

# Inside a paragraph: never text a reader sees on the page (or, for text boxes and drawings,
# text outside the flow that the checks do not want).
_SKIP_IN_PARAGRAPH = frozenset(
    f"{_W}{n}"
    for n in ("pPr", "rPr", "sdtPr", "del", "moveFrom", "drawing", "pict", "object", "instrText",
              "delText", "fldData", "footnoteReference", "endnoteReference", "commentReference")
) | {f"{_MC}AlternateContent"}  # fmt: skip
# Containers that only wrap blocks, rows or cells (content controls, custom XML).
_WRAPPERS = frozenset({SDT, CUSTOM_XML})
_OFF = frozenset({"0", "false", "off"})

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-6])$", re.I)
_TITLE_NAMES = frozenset({"title", "标题"})
_PLACEHOLDER = re.compile(r"%([1-9])")  # "%1、" in w:lvlText: the number of level 1

_DAMAGED = (
    "文件已损坏，无法作为 Word 文档（.docx）打开；请在 Word 或 WPS 中打开它，另存为 .docx 后再检查"
)


def read_docx(data: bytes, source: str) -> Document:
    """Read a .docx (also .docm, .dotx: same body). Raises ReadError when it is damaged."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.package import Package

    try:
        part = Package.open(io.BytesIO(data)).main_document_part
        body = _xml(part).find(f"{_W}body")
    except Exception as e:  # zip, XML and package errors all mean the same to the clerk
        raise ReadError(_DAMAGED) from e
    if body is None:
        raise ReadError(_DAMAGED)
    styles = _Styles(_related_xml(part, RT.STYLES))
    numbering = _Numbering(_related_xml(part, RT.NUMBERING), styles)
    reader = _BodyReader(part, styles, numbering)
    doc = Document(source=source, kind="docx")
    reader.blocks(body, doc.blocks)
    doc.problems.extend(reader.problems)
    if not doc.blocks:
        doc.problems.append("Word 文档中没有可读取的文字（正文可能是图片或文本框）")
    return doc


def _xml(part: Any) -> Any:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml

    return parse_xml(part.blob)


def _related_xml(part: Any, reltype: str) -> Any | None:
    try:
        return _xml(part.part_related_by(reltype))
    except Exception:  # missing or unreadable: the body is still readable without it
        return None


class _BodyReader:
    def __init__(self, part: Any, styles: _Styles, numbering: _Numbering) -> None:
        self._part = part
        self._styles = styles
        self._numbering = numbering
        self._tables = 0
        self.problems: list[str] = []

    def blocks(self, container: Any, out: list[Paragraph | TableBlock]) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                level = self._heading_level(child)
                out.extend(Paragraph(text, level) for text in self._paragraph_lines(child))
            elif tag == TBL:
                self._tables += 1
                grid = tidy_grid(self._grid(child))
                if grid:
                    out.append(TableBlock(rows=grid, origin=f"第 {self._tables} 个表格"))
            elif tag in _WRAPPERS:
                self.blocks(_unwrap(child), out)
            elif tag == ALT_CHUNK:
                self._alt_chunk(child, out)

    def _paragraph_lines(self, p: Any) -> list[str]:
        """A paragraph's text, one entry per line (a manual line break ends a line)."""
        parts: list[str] = []
        number = self._numbering.label(p)
        if number:
            parts.append(number)
        _runs(p, parts)
        lines = []
        for line in "".join(parts).split("\n"):
            text = _squash(to_simplified(clean_text(line)))
            if text:
                lines.append(text)
        return lines

    def _heading_level(self, p: Any) -> int | None:
        ppr = p.find(PPR)
        if ppr is None:
            return None
        level = _outline_level(ppr)
        if level is not None:
            return level
        style = ppr.find(f"{_W}pStyle")
        return self._styles.heading_level(style.get(_VAL)) if style is not None else None

    def _grid(self, tbl: Any) -> list[list[str | None]]:
        grid: list[list[str | None]] = []
        for tr in _children(tbl, TR):
            line: list[str | None] = []
            trpr = tr.find(TRPR)
            if trpr is not None:
                line.extend([None] * _int_val(trpr.find(f"{_W}gridBefore"), 0))
            for tc in _children(tr, TC):
                tcpr = tc.find(TCPR)
                span, covered = 1, False
                if tcpr is not None:
                    span = max(1, _int_val(tcpr.find(f"{_W}gridSpan"), 1))
                    # vMerge without a value, or "continue", is a cell covered by the one above;
                    # hMerge is the same idea across, from files converted from .doc.
                    for merge in (tcpr.find(f"{_W}vMerge"), tcpr.find(f"{_W}hMerge")):
                        if merge is not None and merge.get(_VAL, "continue") == "continue":
                            covered = True
                line.append(None if covered else self._cell_text(tc))
                line.extend([None] * (span - 1))
            grid.append(line)
        return grid

    def _cell_text(self, tc: Any) -> str:
        pieces: list[str] = []
        self._cell_pieces(tc, pieces)
        return " ".join(pieces)

    def _cell_pieces(self, container: Any, pieces: list[str]) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                pieces.extend(self._paragraph_lines(child))
            elif tag == TBL:
                # A table inside a cell is flattened into the cell, row by row.
                for tr in _children(child, TR):
                    for tc in _children(tr, TC):
                        self._cell_pieces(tc, pieces)
            elif tag in _WRAPPERS:
                self._cell_pieces(_unwrap(child), pieces)

    def _alt_chunk(self, chunk: Any, out: list[Paragraph | TableBlock]) -> None:
        """Web systems that "export to Word" often embed an HTML page as an altChunk."""
        try:
            embedded = self._part.related_parts[chunk.get(f"{_R}id")]
        except (KeyError, AttributeError):
            return
        if "html" not in embedded.content_type:
            self.problems.append(
                f"文档中嵌入了一段无法读取的内容（{embedded.content_type}），已跳过"
            )
            return
        from .html import read_html

        out.extend(read_html(embedded.blob, "").blocks)


def _runs(el: Any, parts: list[str]) -> None:
    """The visible text under a paragraph (runs, hyperlinks, fields, insertions)."""
    for child in el:
        tag = child.tag
        if tag == T:
            if child.text:
                parts.append(child.text)
        elif tag == R:
            if not _vanished(child):
                _runs(child, parts)
        elif tag == TAB:
            parts.append(" ")
        elif tag in (BR, CR):
            # Page and column breaks do not end a line of text; a line break does.
            if child.get(f"{_W}type") in (None, "textWrapping"):
                parts.append("\n")
        elif tag == NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag not in _SKIP_IN_PARAGRAPH and isinstance(tag, str):
            _runs(child, parts)


def _vanished(run: Any) -> bool:
    rpr = run.find(RPR)
    if rpr is None:
        return False
    vanish = rpr.find(f"{_W}vanish")
    return vanish is not None and vanish.get(_VAL) not in _OFF


def _squash(text: str) -> str:
    return " ".join(text.split())


def _unwrap(wrapper: Any) -> Any:
    """The content of a content control (w:sdt) or custom XML element."""
    if wrapper.tag == SDT:
        content = wrapper.find(SDT_CONTENT)
        return content if content is not None else ()
    return wrapper


def _children(el: Any, tag: str) -> list[Any]:
    """Children with this tag, looking through content controls around rows and cells."""
    out = []
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag in _WRAPPERS:
            out.extend(_children(_unwrap(child), tag))
    return out


def _int_val(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_VAL, default))
    except ValueError:
        return default


def _outline_level(ppr: Any) -> int | None:
    """w:outlineLvl 0–5 is heading level 1–6; 9 is body text."""
    value = _int_val(ppr.find(f"{_W}outlineLvl"), -1)
    return value + 1 if 0 <= value <= 5 else None


class _Styles:
    """Paragraph styles: heading level and list numbering, following w:basedOn."""

    def __init__(self, root: Any | None) -> None:
        self._styles: dict[str, Any] = {}
        if root is not None:
            for style in root.iterchildren(f"{_W}style"):
                if style.get(f"{_W}type", "paragraph") == "paragraph":
                    self._styles[style.get(f"{_W}styleId", "")] = style
        self._levels: dict[str, int | None] = {}

    def heading_level(self, style_id: str | None) -> int | None:
        if style_id is None:
            return None
        if style_id not in self._levels:
            self._levels[style_id] = self._resolve_level(style_id, 0)
        return self._levels[style_id]

    def _resolve_level(self, style_id: str, depth: int) -> int | None:
        style = self._styles.get(style_id)
        if style is None or depth > 20:  # a basedOn cycle in a broken file
            return None
        name_el = style.find(f"{_W}name")
        name = (name_el.get(_VAL, "") if name_el is not None else "").strip()
        m = _HEADING_NAME.match(name)
        if m:
            return int(m.group(1))
        if name.lower() in _TITLE_NAMES:
            return 1
        ppr = style.find(PPR)
        if ppr is not None:
            level = _outline_level(ppr)
            if level is not None:
                return level
        based = style.find(f"{_W}basedOn")
        return self._resolve_level(based.get(_VAL, ""), depth + 1) if based is not None else None

    def numbering(self, style_id: str, depth: int = 0) -> tuple[str | None, int | None]:
        """(numId, ilvl) a style gives its paragraphs, following w:basedOn."""
        style = self._styles.get(style_id)
        if style is None or depth > 20:
            return None, None
        ppr = style.find(PPR)
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if numpr is not None:
            num_id = numpr.find(f"{_W}numId")
            ilvl = numpr.find(f"{_W}ilvl")
            return (
                num_id.get(_VAL) if num_id is not None else None,
                _int_val(ilvl, 0) if ilvl is not None else None,
            )
        based = style.find(f"{_W}basedOn")
        return self.numbering(based.get(_VAL, ""), depth + 1) if based is not None else (None, None)


class _Level:
    __slots__ = ("start", "fmt", "text", "suffix", "legal")

    def __init__(self, lvl: Any) -> None:
        self.start = _int_val(lvl.find(f"{_W}start"), 1)
        fmt = lvl.find(f"{_W}numFmt")
        self.fmt = fmt.get(_VAL, "decimal") if fmt is not None else "decimal"
        text = lvl.find(f"{_W}lvlText")
        self.text = text.get(_VAL, "") if text is not None else ""
        suffix = lvl.find(f"{_W}suff")
        self.suffix = "" if suffix is not None and suffix.get(_VAL) == "nothing" else " "
        self.legal = lvl.find(f"{_W}isLgl") is not None


class _Numbering:
    """Automatic list numbers as Word prints them, counted in document order.

    Lists that share an abstract definition continue each other (as Word shows them) unless
    a w:num restarts a level with w:startOverride.
    """

    def __init__(self, root: Any | None, styles: _Styles) -> None:
        self._styles = styles
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._style_links: dict[str, str] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._restarted: set[str] = set()
        if root is None:
            return
        for abstract in root.iterchildren(f"{_W}abstractNum"):
            aid = abstract.get(f"{_W}abstractNumId", "")
            self._abstract[aid] = {
                _int_val_attr(lvl, f"{_W}ilvl"): _Level(lvl)
                for lvl in abstract.iterchildren(f"{_W}lvl")
            }
            link = abstract.find(f"{_W}numStyleLink")
            if link is not None:
                self._style_links[aid] = link.get(_VAL, "")
        for num in root.iterchildren(f"{_W}num"):
            abstract_id = num.find(f"{_W}abstractNumId")
            if abstract_id is None:
                continue
            overrides = {}
            for override in num.iterchildren(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    overrides[_int_val_attr(override, f"{_W}ilvl")] = _int_val(start, 1)
            self._nums[num.get(f"{_W}numId", "")] = (abstract_id.get(_VAL, ""), overrides)

    def label(self, p: Any) -> str:
        if not self._nums:
            return ""
        num_id, ilvl, style_id = None, None, None
        ppr = p.find(PPR)
        if ppr is not None:
            numpr = ppr.find(f"{_W}numPr")
            if numpr is not None:
                n, i = numpr.find(f"{_W}numId"), numpr.find(f"{_W}ilvl")
                num_id = n.get(_VAL) if n is not None else None
                ilvl = _int_val(i, 0) if i is not None else None
            style = ppr.find(f"{_W}pStyle")
            style_id = style.get(_VAL) if style is not None else None
        if (num_id is None or ilvl is None) and style_id:
            style_num, style_ilvl = self._styles.numbering(style_id)
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        return self._next(num_id, ilvl or 0)

    def _next(self, num_id: str, ilvl: int) -> str:
        abstract_id, overrides = self._nums[num_id]
        levels = self._levels(abstract_id)
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet":
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._restarted:
            self._restarted.add(num_id)
            for i, start in overrides.items():
                counters[i] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [i for i in counters if i > ilvl]:
            del counters[deeper]

        def number(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            lvl = levels.get(i)
            if lvl is None:
                return ""
            value = counters.get(i, lvl.start)
            return _format_number(value, "decimal" if level.legal and i < ilvl else lvl.fmt)

        text = _PLACEHOLDER.sub(number, level.text)
        return text + level.suffix if text else ""

    def _levels(self, abstract_id: str) -> dict[int, _Level]:
        levels = self._abstract.get(abstract_id, {})
        link = self._style_links.get(abstract_id)
        if not levels and link:
            # The list's definition lives with a numbering style that points elsewhere.
            num_id, _ = self._styles.numbering(link)
            if num_id in self._nums and self._nums[num_id][0] != abstract_id:
                return self._abstract.get(self._nums[num_id][0], {})
        return levels


def _int_val_attr(el: Any, attr: str) -> int:
    try:
        return int(el.get(attr, 0))
    except ValueError:
        return 0


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _format_number(n: int, fmt: str) -> str:
    """One list number in a w:numFmt; unknown formats fall back to decimal."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "ideographDigital", "chineseLegalSimplified"):  # fmt: skip
        if fmt == "chineseLegalSimplified":
            return _chinese(n, _CN_LEGAL_DIGITS, "拾")
        return _chinese(n, _CN_DIGITS, "十")
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _HEAVENLY_STEMS[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _EARTHLY_BRANCHES[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return _PAREN[n - 1]
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return _FULLSTOP[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate(_FULL_WIDTH)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n >= 1:
        roman = ""
        for value, numeral in _ROMAN:
            while n >= value:
                roman += numeral
                n -= value
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "none":
        return ""
    return str(n)


def _chinese(n: int, digits: str, ten: str) -> str:
    """一 … 九十九 as Chinese lists count (十, 十一, 二十); beyond that, digit by digit."""
    if n <= 0:
        return digits[0] if n == 0 else str(n)
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")
    return "".join(digits[int(d)] for d in str(n))
