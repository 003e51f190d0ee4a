"""A safe fill-in template language for letters an administrator edits in the browser.

Syntax (the whole of it):

- ``{{申请人}}`` — replaced by the value of 申请人 from a dict of strings. Names are letters,
  digits and underscores (Chinese characters count as letters); spaces inside the braces
  are ignored. There is no attribute access, no filters, no expressions, no code.
- ``{{#如果 补正期限}}…{{/如果}}`` — the text between is kept only when 补正期限 has a
  non-blank value. Blocks may be nested and may be inline or span paragraphs. A line that
  holds nothing but block tags disappears and ends the paragraph.
- A blank line separates paragraphs; lines of one paragraph are joined (no space between
  Chinese characters, one space between two Latin words).
- The first non-blank line, when it starts with ``# ``, is the title.

The paragraph structure comes from the template only: a value is never scanned for
``{{``, ``# `` or anything else. A line break inside a value (a clerk's multi-paragraph
答复内容) starts a new paragraph; that is the only effect a value has on layout.

Errors are ``TemplateError`` with a Chinese message naming the placeholder and the line,
because the administrator who sees them may not read English.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gongkai.officialdoc.layout import Document, Paragraph, Signature

_TAG = re.compile(r"\{\{([^{}\n]*)\}\}")
_NAME = re.compile(r"\w+")
_IF = re.compile(r"#\s*如果\s+(\w+)")
_END = re.compile(r"/\s*如果")
_TITLE_MARK = re.compile(r"#[ \u3000]")


class TemplateError(ValueError):
    """A template the language does not allow. ``str(error)`` is shown to the administrator
    as is; ``placeholder`` and ``line`` (1-based) let the editor highlight the place."""

    def __init__(self, message: str, *, placeholder: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.placeholder = placeholder
        self.line = line


@dataclass(frozen=True)
class _Text:
    text: str
    line: int


@dataclass(frozen=True)
class _Var:
    name: str
    line: int


@dataclass(frozen=True)
class _If:
    name: str
    line: int
    children: tuple[_Node, ...] = ()


@dataclass(frozen=True)
class _End:
    line: int


@dataclass(frozen=True)
class _NewLine:
    """End of a template line inside a paragraph."""


@dataclass(frozen=True)
class _Break:
    """End of a paragraph (blank line, or a line of block tags only)."""


_Node = _Text | _Var | _If | _End | _NewLine | _Break


@dataclass(frozen=True)
class _Parsed:
    title: tuple[_Node, ...] | None
    body: tuple[_Node, ...]


@dataclass(frozen=True)
class FilledText:
    """A filled template: the title (None when the template has none) and the paragraphs."""

    title: str | None
    paragraphs: tuple[str, ...]


def _tokenize_line(line: str, lineno: int) -> list[_Node]:
    tokens: list[_Node] = []
    pos = 0
    for m in _TAG.finditer(line):
        if m.start() > pos:
            tokens.append(_Text(line[pos : m.start()], lineno))
        tokens.append(_tag(m.group(0), m.group(1), lineno))
        pos = m.end()
    if pos < len(line):
        tokens.append(_Text(line[pos:], lineno))
    for tok in tokens:
        if isinstance(tok, _Text) and "{{" in tok.text:
            raise TemplateError(
                f"第{lineno}行：「{{{{」没有配对的「}}}}」。占位符要写成「{{{{名称}}}}」，并在同一行内写完。",
                line=lineno,
            )
    return tokens


def _tag(raw: str, inner: str, lineno: int) -> _Node:
    content = inner.strip()
    if _NAME.fullmatch(content):
        return _Var(content, lineno)
    if m := _IF.fullmatch(content):
        return _If(m.group(1), lineno)
    if _END.fullmatch(content):
        return _End(lineno)
    if not content:
        raise TemplateError(f"第{lineno}行：「{raw}」里没有占位符名称。", line=lineno)
    if content.startswith("#"):
        raise TemplateError(
            f"第{lineno}行：无法识别的块标记「{raw}」。只支持「{{{{#如果 名称}}}}……{{{{/如果}}}}」。",
            line=lineno,
        )
    raise TemplateError(
        f"第{lineno}行：无法识别的标记「{raw}」。占位符只能是一个名称（汉字、字母、数字或下划线），"
        "不能包含「.」、括号、运算符或空格。",
        placeholder=content,
        line=lineno,
    )


def _nest(tokens: list[_Node], where: str) -> tuple[_Node, ...]:
    """Turn the flat token list into a tree of ``_If`` blocks, checking they pair up."""
    stack: list[tuple[_If, list[_Node]]] = []
    out: list[_Node] = []
    for tok in tokens:
        if isinstance(tok, _If):
            stack.append((tok, out))
            out = []
        elif isinstance(tok, _End):
            if not stack:
                raise TemplateError(
                    f"第{tok.line}行：多出一个「{{{{/如果}}}}」，前面没有对应的「{{{{#如果 …}}}}」。",
                    line=tok.line,
                )
            opener, parent = stack.pop()
            parent.append(_If(opener.name, opener.line, tuple(out)))
            out = parent
        else:
            out.append(tok)
    if stack:
        opener = stack[-1][0]
        raise TemplateError(
            f"第{opener.line}行：「{{{{#如果 {opener.name}}}}}」没有对应的「{{{{/如果}}}}」{where}。",
            placeholder=opener.name,
            line=opener.line,
        )
    return tuple(out)


def _parse(template: str) -> _Parsed:
    lines = template.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title: tuple[_Node, ...] | None = None
    start = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        stripped = line.lstrip(" \t\u3000")
        if _TITLE_MARK.match(stripped):
            title = _nest(_tokenize_line(stripped[2:].strip(), i + 1), "（标题必须在一行内写完）")
            start = i + 1
        break
    body: list[_Node] = []
    for i in range(start, len(lines)):
        lineno = i + 1
        tokens = _tokenize_line(lines[i], lineno)
        tags = [t for t in tokens if isinstance(t, _If | _End)]
        rest = [t for t in tokens if not isinstance(t, _If | _End)]
        only_space = all(isinstance(t, _Text) and not t.text.strip() for t in rest)
        if tags and only_space:
            body.extend(tags)
            body.append(_Break())
        elif not tags and only_space:
            body.append(_Break())
        else:
            body.extend(tokens)
            body.append(_NewLine())
    return _Parsed(title, _nest(body, ""))


def _walk(nodes: Iterable[_Node]) -> Iterable[_Var | _If]:
    for node in nodes:
        if isinstance(node, _Var):
            yield node
        elif isinstance(node, _If):
            yield node
            yield from _walk(node.children)


def _all_names(parsed: _Parsed) -> list[_Var | _If]:
    return list(_walk(parsed.title or ())) + list(_walk(parsed.body))


def placeholders(template: str) -> list[str]:
    """Every name the template uses (placeholders and 如果 conditions), in order of first
    appearance, each once. Raises ``TemplateError`` when the template cannot be parsed,
    so the editor can call this alone to validate the syntax on save."""
    seen: dict[str, None] = {}
    for node in _all_names(_parse(template)):
        seen.setdefault(node.name, None)
    return list(seen)


def problems(template: str, allowed: Iterable[str]) -> list[TemplateError]:
    """All problems of a template against the names the letter provides: a syntax error
    (alone, since nothing after it can be trusted) or every unknown name, in order."""
    try:
        parsed = _parse(template)
    except TemplateError as error:
        return [error]
    known = set(allowed)
    found: list[TemplateError] = []
    for node in _all_names(parsed):
        if node.name not in known:
            found.append(
                TemplateError(
                    f"第{node.line}行：未知的占位符「{{{{{node.name}}}}}」。"
                    f"这封文书可用的占位符有：{'、'.join(sorted(known)) or '（无）'}。",
                    placeholder=node.name,
                    line=node.line,
                )
            )
    return found


def validate(template: str, allowed: Iterable[str]) -> None:
    """Raise the first problem (its message mentions how many more there are)."""
    found = problems(template, allowed)
    if found:
        first = found[0]
        if len(found) > 1:
            first.message += f"（另有{len(found) - 1}处问题）"
            first.args = (first.message,)
        raise first


def _truthy(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _value(node: _Var, context: Mapping[str, object]) -> str:
    value = context.get(node.name)
    if value is None:
        raise TemplateError(
            f"第{node.line}行：占位符「{{{{{node.name}}}}}」没有提供内容（未知的占位符或缺少数据）。",
            placeholder=node.name,
            line=node.line,
        )
    return str(value)


def _emit(nodes: Iterable[_Node], context: Mapping[str, object], out: list[object]) -> None:
    for node in nodes:
        if isinstance(node, _Text):
            out.append(node.text)
        elif isinstance(node, _Var):
            # A value's line breaks end paragraphs; mark them so they are never confused
            # with template text.
            parts = _value(node, context).replace("\r\n", "\n").replace("\r", "\n").split("\n")
            for k, part in enumerate(parts):
                if k:
                    out.append(_Break())
                out.append(part)
        elif isinstance(node, _If):
            if _truthy(context.get(node.name)):
                _emit(node.children, context, out)
        else:
            out.append(node)


def _join(lines: list[str]) -> str:
    text = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if (
            text
            and text[-1].isascii()
            and text[-1].isalnum()
            and line[0].isascii()
            and line[0].isalnum()
        ):
            text += " "
        text += line
    return text


def _assemble(items: list[object]) -> list[str]:
    paragraphs: list[str] = []
    lines: list[str] = []
    current = ""
    for item in items:
        if isinstance(item, str):
            current += item
        elif isinstance(item, _NewLine):
            lines.append(current)
            current = ""
        else:  # _Break
            lines.append(current)
            current = ""
            if text := _join(lines):
                paragraphs.append(text)
            lines = []
    lines.append(current)
    if text := _join(lines):
        paragraphs.append(text)
    return paragraphs


def fill(
    template: str, context: Mapping[str, object], *, allowed: Iterable[str] | None = None
) -> FilledText:
    """Fill ``template`` from ``context``. A placeholder missing from the context (or None)
    is an error; a 如果 condition missing from it is simply false. With ``allowed``, names
    outside it are rejected first, exactly as ``validate`` does."""
    if allowed is not None:
        validate(template, allowed)
    parsed = _parse(template)
    title: str | None = None
    if parsed.title is not None:
        items: list[object] = []
        _emit(parsed.title, context, items)
        title = "".join(i for i in items if isinstance(i, str)).strip()
    items = []
    _emit(parsed.body, context, items)
    return FilledText(title, tuple(_assemble(items)))


def letter_document(
    template: str,
    context: Mapping[str, object],
    *,
    agency: str,
    date: dt.date | str,
    doc_number: str | None = None,
    cc: str | None = None,
    notes: Iterable[str] = (),
    allowed: Iterable[str] | None = None,
) -> Document:
    """A filled letter as a ``Document``: the ``# `` line is the title, a first paragraph
    ending in a colon is the addressee (主送, flush left), the rest is indented body text,
    and the signature is the agency over the date."""
    filled = fill(template, context, allowed=allowed)
    paragraphs = list(filled.paragraphs)
    addressee = None
    if paragraphs and paragraphs[0].endswith(("：", ":")) and len(paragraphs[0]) <= 80:
        addressee = paragraphs.pop(0)
    return Document(
        title=filled.title or "",
        doc_number=doc_number or None,
        addressee=addressee,
        body=tuple(Paragraph(p) for p in paragraphs),
        signature=Signature(agency=agency, date=date),
        notes=tuple(notes),
        cc=cc or None,
    )
