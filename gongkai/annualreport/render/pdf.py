"""The report as PDF: WeasyPrint on the standalone HTML, with officialdoc's page (A4,
GB/T 9704 margins, ``— 1 —`` numbers) and its safe, fast PDF settings."""

from __future__ import annotations

from gongkai.officialdoc.pdf import PdfUnavailable, html_to_pdf

from ..model import Report
from .html import render_html

__all__ = ["PdfUnavailable", "render_pdf"]


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes. Raises PdfUnavailable (a Chinese message naming the Debian
    packages) when WeasyPrint or its libraries are missing."""
    return html_to_pdf(render_html(report, standalone=True))
