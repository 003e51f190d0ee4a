"""Whatever a user types into a letter's fields, the letter still renders, nothing in it
is read as template or markup, and the PDF's HTML has exactly the structure we built."""

from __future__ import annotations

import io

import docx
import tinyhtml5
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.officialdoc import Document, document_html, render_docx, render_pdf
from gongkai.officialdoc.layout import clean_text
from gongkai.officialdoc.letters_zh import DEFAULT_LETTERS
from tests.officialdoc.conftest import requires_pdf

NASTY = [
    "{{",
    "}}",
    "{{申请人}}",
    "{{#如果 申请人}}",
    "{{/如果}}",
    "<script>alert(1)</script>",
    '<img src="http://198.51.100.1/x">',
    "</p><h1>",
    "&",
    "&amp;",
    "&#60;",
    "# 标题",
    "\n",
    "\n\n",
    "\r\n",
    "\x00\x0b\x1f",
    "\ufffe",
    "]]>",
    "\"'",
    "　",  # full-width space
]
value = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(NASTY)), max_size=8).map("".join)
long_value = st.text(alphabet="政府信息公开abc &<", min_size=1500, max_size=4000)

DECISION = DEFAULT_LETTERS["decision"]
names = list(DECISION.placeholders_documented)
contexts = st.fixed_dictionaries(
    {n: st.one_of(value, long_value) if n == "答复内容" else value for n in names}
)

ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "p", "div"}


def _letter(context: dict[str, str], agency: str) -> Document:
    return DECISION.document(
        context, agency=agency, date="2026年11月22日", doc_number="x〔2026〕1号"
    )


def _expected_paragraphs(doc: Document) -> list[str]:
    texts = [doc.doc_number or ""]
    texts += [doc.addressee] if doc.addressee else []
    texts += [b.text for b in doc.body]  # type: ignore[union-attr]
    assert doc.signature is not None
    texts += [doc.signature.agency, doc.signature.date_text]
    return [clean_text(t) for t in texts]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(context=contexts, agency=value)
def test_html_has_our_structure_and_every_value_as_text(
    context: dict[str, str], agency: str
) -> None:
    doc = _letter(context, agency)
    tree = tinyhtml5.parse(document_html(doc))  # the parser WeasyPrint uses
    tags = {el.tag.split("}")[-1] for el in tree.iter()}
    assert tags <= ALLOWED_TAGS, tags
    ns = "{http://www.w3.org/1999/xhtml}"
    paragraphs = ["".join(p.itertext()) for p in tree.iter(f"{ns}p")]
    assert paragraphs == _expected_paragraphs(doc)
    (title,) = list(tree.iter(f"{ns}h1"))
    assert "".join(title.itertext()) == doc.title
    assert len(list(tree.iter(f"{ns}script"))) == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(context=contexts, agency=value)
def test_docx_renders_and_reads_back_the_values(context: dict[str, str], agency: str) -> None:
    doc = _letter(context, agency)
    read = docx.Document(io.BytesIO(render_docx(doc)))
    texts = [p.text for p in read.paragraphs]
    assert texts[0] == clean_text(doc.title)
    for expected in _expected_paragraphs(doc):
        # python-docx reads a tab back as \t and keeps every other character we wrote.
        assert expected in texts


@requires_pdf
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(context=contexts, agency=value)
def test_pdf_renders_whatever_the_values(context: dict[str, str], agency: str) -> None:
    data = render_pdf(_letter(context, agency))
    assert data.startswith(b"%PDF-") and len(data) < 2_000_000
