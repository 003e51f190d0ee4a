"""The agency's published annual reports on its 公开专栏: the list of years and one year's
report (HTML, with DOCX and PDF downloads). Only published versions, through the public
selectors; no JavaScript; the same page for every reader (``public_page``)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.web import selectors as web_selectors
from gongkai.web.caching import public_page

from . import selectors
from .compile import report_from_dict

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _agency(slug: str) -> Agency:
    return get_object_or_404(web_selectors.portal_agencies(), slug=slug)


def _base(agency: Agency) -> dict:
    return {"agency": agency, "ancestors": web_selectors.ancestors(agency)}


def file_name(agency: Agency, year: int, kind: str) -> str:
    return f"{agency.name}{year}年政府信息公开工作年度报告.{kind}"


@require_safe
@public_page
def year_list(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    versions = selectors.public_versions(agency)
    return render(request, "yearreports/public/list.html", {**_base(agency), "versions": versions})


@require_safe
@public_page
def detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    from gongkai.annualreport.render import STYLESHEET, render_html

    agency = _agency(slug)
    version = selectors.public_version(agency, year)
    if version is None:
        raise Http404("该年度报告尚未发布")
    report = report_from_dict(version.snapshot)
    return render(
        request,
        "yearreports/public/detail.html",
        {
            **_base(agency),
            "version": version,
            "year": year,
            "report_html": mark_safe(render_html(report, standalone=False)),  # noqa: S308 — the renderer escapes every value
            "report_css": mark_safe(STYLESHEET),  # noqa: S308 — our own constant
            "docx_name": file_name(agency, year, "docx"),
            "pdf_name": file_name(agency, year, "pdf"),
        },
    )


@require_safe
@public_page
def download(request: HttpRequest, slug: str, year: int, filename: str) -> HttpResponse:
    agency = _agency(slug)
    kind = filename.rsplit(".", 1)[-1].lower()
    version = selectors.public_version(agency, year)
    if version is None or kind not in CONTENT_TYPES or filename != file_name(agency, year, kind):
        raise Http404("没有这个文件")
    stored = version.docx if kind == "docx" else version.pdf
    if not stored:
        raise Http404("没有这个文件")
    with stored.open("rb") as fh:
        data = fh.read()
    return file_response(data, filename, kind)


def file_response(data: bytes, filename: str, kind: str, inline: bool = False) -> HttpResponse:
    """A download with RFC 5987 ``filename*`` (the Chinese name) and an ASCII fallback."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"annual-report.{kind}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    return response
