"""Official-layout documents (公文, GB/T 9704-2012) as DOCX and PDF, in plain Python.

``layout`` holds the document model and the measurements, ``docx`` and ``pdf`` render it,
``template`` is the safe fill-in language of the letters an administrator edits, and
``letters_zh`` the default letters of 依申请公开. No Django here: the annual report and
the command line use this too.
"""

from gongkai.officialdoc.docx import render_docx
from gongkai.officialdoc.layout import (
    Cell,
    Document,
    Heading,
    Paragraph,
    Signature,
    Table,
    format_date,
)
from gongkai.officialdoc.pdf import PdfUnavailable, document_html, render_pdf
from gongkai.officialdoc.template import (
    FilledText,
    TemplateError,
    fill,
    letter_document,
    placeholders,
    problems,
    validate,
)

__all__ = [
    "Cell",
    "Document",
    "FilledText",
    "Heading",
    "Paragraph",
    "PdfUnavailable",
    "Signature",
    "Table",
    "TemplateError",
    "document_html",
    "fill",
    "format_date",
    "letter_document",
    "placeholders",
    "render_docx",
    "render_pdf",
    "problems",
    "validate",
]
