"""The public side of 依申请公开: the online form, the receipt, tracking and letter downloads.

Thin: forms validate, ``services`` write, ``selectors`` read. Every page here is personal
(a CSRF token, or someone's case) and is sent with ``mark_personal`` so that no shared
cache ever keeps it.

Who may see a case is proven by its tracking code and secret, nothing else: the proof is
kept in the session for ``PROOF_SECONDS`` and checked again on every download. Wrong
guesses are counted per session, per client address and per code tried (``_Throttle``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.agencies.models import Agency
from gongkai.disclosure.lifecycle import STATUS_LABELS_ZH, Status, Step
from gongkai.officialdoc import (
    Cell,
    Document,
    Paragraph,
    PdfUnavailable,
    Signature,
    Table,
    format_date,
    render_pdf,
)
from gongkai.web import selectors as web_selectors
from gongkai.web.addresses import client_address
from gongkai.web.caching import mark_personal
from gongkai.workdays import DueDate

from . import attachments, selectors, services
from .models import Application, CaseStep, Letter
from .public_forms import ApplicationForm, TrackingForm

RECEIPT_KEY = "apply_receipt"  # {"id": <application id>, "secret": <str, until shown>}
PROOF_KEY = "apply_proven"  # {"<application id>": <expiry, epoch seconds>}
CURRENT_KEY = "apply_tracking"  # the application the tracking page shows
PROOF_SECONDS = 30 * 60

THROTTLE_LIMIT = 10
THROTTLE_WINDOW = 15 * 60

# Five attachments at their limit plus the typed text. Django bounds the text
# (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files; nginx allows far more (deploy.md).
MAX_BODY = attachments.MAX_FILES * attachments.MAX_FILE + 2 * attachments.MB


def _portal_agency(slug: str) -> Agency:
    return get_object_or_404(web_selectors.portal_agencies(), slug=slug)


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return mark_personal(render(request, f"applications/public/{template}", context, status=status))


# --- a request body too large -----------------------------------------------------------


def _too_large(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "too_large.html",
        {
            "max_files": attachments.MAX_FILES,
            "max_file_mb": attachments.MAX_FILE // attachments.MB,
            "back": request.path,
        },
        status=413,
    )


def body_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a too-large POST with a Chinese page, then check CSRF as usual.

    The CSRF middleware reads the body before any view runs, and a body Django refuses
    (too much text, too many files) would end there as a bare 400. So the middleware is
    told to skip this view (``csrf_exempt``) and the very same check (``csrf_protect``)
    runs here, after the size has been looked at.
    """
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY:
                return _too_large(request)
            try:
                request.POST  # noqa: B018 — parse now, so a refusal is ours to answer
                request.FILES  # noqa: B018
            except (RequestDataTooBig, TooManyFilesSent, TooManyFieldsSent):
                return _too_large(request)
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


# --- the application form and its receipt ------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@body_limited
def apply_form(request: HttpRequest, slug: str) -> HttpResponse:
    """`/gk/<slug>/apply/`: the guide to 依申请公开 and the online application form."""
    agency = _portal_agency(slug)
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            application, secret = services.application_submit_online(
                agency=agency,
                intake=form.intake(),
                files=form.cleaned_data["attachments"],
                request=request,
            )
            request.session[RECEIPT_KEY] = {"id": application.pk, "secret": secret}
            # Whoever just submitted may follow the case in this visit without retyping.
            _prove(request, application)
            return redirect("apply:receipt", slug=agency.slug)
    else:
        form = ApplicationForm()
    files_chosen = bool(request.method == "POST" and request.FILES.getlist("attachments"))
    return _page(
        request,
        "apply.html",
        {
            "agency": agency,
            "ancestors": web_selectors.ancestors(agency),
            "portal_section": "apply",
            "form": form,
            "files_dropped": files_chosen and not form.is_valid(),
            "error_summary": _error_summary(form),
            "person_fields": [form[f] for f in form.PERSON_FIELDS],
            "org_fields": [form[f] for f in form.ORG_FIELDS],
        },
        status=400 if form.is_bound else 200,
    )


def _error_summary(form: ApplicationForm) -> list[tuple[str, str]]:
    """(anchor, first message) per field in error, in the order of the page, so the summary
    at the top links to each field."""
    if not form.is_bound:
        return []
    summary = []
    for name in form.fields:
        if name in form.errors:
            widget = form.fields[name].widget
            anchor = (
                f"id_{name}_0" if getattr(widget, "input_type", "") == "radio" else f"id_{name}"
            )
            summary.append((anchor, str(form.errors[name][0])))
    summary.extend(("", str(e)) for e in form.non_field_errors())
    return summary


def _receipt_application(request: HttpRequest, agency: Agency) -> Application | None:
    data = request.session.get(RECEIPT_KEY) or {}
    if not data.get("id"):
        return None
    return Application.objects.filter(pk=data["id"], agency=agency).select_related("agency").first()


@require_safe
def receipt(request: HttpRequest, slug: str) -> HttpResponse:
    """The receipt after submitting: the code, the secret once, and what happens next."""
    agency = _portal_agency(slug)
    application = _receipt_application(request, agency)
    secret = None
    if application is not None:
        data = request.session[RECEIPT_KEY]
        secret = data.get("secret")
        if secret:
            # Shown this once: a refresh, the back button or someone at the same
            # computer later sees the code only.
            request.session[RECEIPT_KEY] = {"id": application.pk, "secret": None}
    today = selectors.today()
    return _page(
        request,
        "receipt.html",
        {
            "agency": agency,
            "ancestors": web_selectors.ancestors(agency),
            "portal_section": "apply",
            "application": application,
            "secret": secret,
            "items": list(application.items.all()) if application else [],
            "files": list(application.files.all()) if application else [],
            "today": today,
            "due": selectors.preview_due(agency, today) if application else None,
        },
    )


# --- the receipt as PDF ------------------------------------------------------------------


def receipt_document(application: Application, due: DueDate, today: dt.date) -> Document:
    """The receipt of an online submission, in the official layout.

    Not the 登记回执 of ``officialdoc.letters_zh`` (key "receipt"): that one states the
    date the office *received* the application, and for an online application that date
    is only fixed when the office confirms it (第三十一条). Nor does it carry the secret,
    which is shown once on the page and never again.
    """
    items = [i.description for i in application.items.order_by("position")]
    due_text = format_date(due.date)
    if due.provisional:
        due_text += f"（暂定：{due.reason}）" if due.reason else "（暂定）"
    rows = [
        ("申请编号", application.number),
        ("查询码", application.tracking_code),
        ("提交日期", format_date(timezone.localdate(application.created_at))),
        ("申请人", application.applicant_name),
        ("受理机关", application.agency.name),
        ("获取信息的方式", application.get_delivery_display()),
        *(
            (f"申请内容（{n}）" if len(items) > 1 else "申请内容", t)
            for n, t in enumerate(items, 1)
        ),
    ]
    return Document(
        title="政府信息公开申请网上提交回执",
        addressee=f"{application.applicant_name}：",
        body=(
            Paragraph(
                f"您（单位）通过{application.agency.name}政府信息公开专栏提交的政府信息公开申请"
                "已提交成功，内容如下："
            ),
            Table(
                rows=tuple((Cell(k, align="left"), Cell(v, align="left")) for k, v in rows),
                widths=(1, 3),
            ),
            Paragraph(
                "根据《中华人民共和国政府信息公开条例》第三十一条，通过互联网提交的申请，"
                "以双方确认之日为收到申请之日。工作人员将与您（单位）联系确认收到申请，"
                "并自收到申请之日起20个工作日内作出答复。"
                f"如于{format_date(today)}确认收到，答复期限为{due_text}。"
            ),
            Paragraph(
                "需要补正申请、延长答复期限、征求第三方意见或者收取信息处理费的，"
                "受理机关将另行书面告知。"
            ),
            Paragraph(
                "查询办理进度、下载答复文书，请在本网站“查询申请办理进度”页面输入查询码和"
                "提交申请时显示的查询密码。为保护您的信息，本回执不载明查询密码。"
            ),
        ),
        signature=Signature(agency=application.agency.name, date=today),
        notes=("（本回执由网上申请系统自动生成）",),
        metadata={"subject": "政府信息公开申请网上提交回执"},
    )


@require_safe
def receipt_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """ "下载回执（PDF）": for the session that submitted, like the receipt page."""
    agency = _portal_agency(slug)
    application = _receipt_application(request, agency)
    if application is None:
        return _page(request, "forbidden.html", {}, status=403)
    today = selectors.today()
    document = receipt_document(application, selectors.preview_due(agency, today), today)
    try:
        data = render_pdf(document)
    except PdfUnavailable:
        return _page(request, "pdf_unavailable.html", {"agency": agency}, status=503)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="receipt-{application.tracking_code}.pdf"'
    )
    return mark_personal(response)


# --- proof of a case, and throttling ------------------------------------------------------


def _prove(request: HttpRequest, application: Application) -> None:
    proven = {k: v for k, v in (request.session.get(PROOF_KEY) or {}).items() if v > time.time()}
    proven[str(application.pk)] = time.time() + PROOF_SECONDS
    request.session[PROOF_KEY] = proven
    request.session[CURRENT_KEY] = application.pk


def _proven(request: HttpRequest, application_id: int) -> bool:
    expires = (request.session.get(PROOF_KEY) or {}).get(str(application_id))
    return expires is not None and expires > time.time()


def _client_address(request: HttpRequest) -> str:
    """The address that counts for throttling (see gongkai.web.addresses)."""
    return client_address(request) or "unknown"


@dataclass
class _Throttle:
    """Wrong guesses in the last ``THROTTLE_WINDOW`` seconds, by session, by address and by
    the code tried (the last stops many addresses guessing one code's secret)."""

    keys: list[str]

    @classmethod
    def for_request(cls, request: HttpRequest, code: str) -> _Throttle:
        if not request.session.session_key:
            request.session.save()
        digest = hashlib.sha256(code.encode()).hexdigest()[:32]
        return cls(
            [
                f"gk:track:s:{request.session.session_key}",
                f"gk:track:a:{_client_address(request)}",
                f"gk:track:c:{digest}",
            ]
        )

    def _times(self, key: str, now: float) -> list[float]:
        return [t for t in cache.get(key, []) if t > now - THROTTLE_WINDOW]

    def blocked_until(self) -> dt.datetime | None:
        now = time.time()
        until = None
        for key in self.keys:
            times = self._times(key, now)
            if len(times) >= THROTTLE_LIMIT:
                # Free again when enough of the window's attempts have aged out of it.
                t = sorted(times)[len(times) - THROTTLE_LIMIT] + THROTTLE_WINDOW
                until = max(until or t, t)
        return dt.datetime.fromtimestamp(until, tz=dt.UTC) if until else None

    def failed(self) -> None:
        now = time.time()
        for key in self.keys:
            cache.set(key, [*self._times(key, now), now], THROTTLE_WINDOW)


# --- tracking ------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """`/track/`: the tracking code and secret open the case for ``PROOF_SECONDS``."""
    error = ""
    status = 200
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if form.is_valid():
            code, secret = form.cleaned_data["code"], form.cleaned_data["secret"]
            throttle = _Throttle.for_request(request, code)
            until = throttle.blocked_until()
            if until is not None:
                local = timezone.localtime(until)
                error = _(
                    "查询失败的次数太多，为保护申请人的信息，暂停查询。请在 %(time)s 以后再试。"
                ) % {"time": f"{local:%H:%M}"}
                status = 429
            else:
                application = services.tracking_lookup(code, secret)
                if application is not None:
                    _prove(request, application)
                    return redirect("apply:track_case")
                throttle.failed()
                # One message for an unknown code and a wrong secret: the page must not
                # tell which codes exist.
                error = _("查询码或查询密码不正确，请核对回执后重新输入。")
                status = 400
        else:
            status = 400
    else:
        form = TrackingForm()
    return _page(request, "track.html", {"form": form, "error": error}, status=status)


@dataclass(frozen=True)
class PublicEvent:
    date: dt.date
    label: str
    detail: str = ""


# What the applicant sees of the log: only these steps, with these words. Notes,
# assignments, consultations (and whom), fees' internals are the office's business.
PUBLIC_STEPS: dict[Step, str] = {
    Step.SUBMITTED: "提交申请",
    Step.RECEIVED: "确认收到申请",
    Step.CORRECTION_REQUESTED: "告知补正申请",
    Step.CORRECTION_RECEIVED: "收到补正后的申请",
    Step.EXTENDED: "延长答复期限",
    Step.DECIDED: "作出答复",
    Step.DELIVERED: "送达答复",
    Step.WITHDRAWN: "撤回申请",
}


def public_timeline(steps: list[CaseStep], deadlines: selectors.Deadlines) -> list[PublicEvent]:
    events = []
    answer = deadlines.dues.get("answer")
    for step in steps:
        label = PUBLIC_STEPS.get(Step(step.step))
        if label is None:
            continue
        detail = ""
        if step.step == Step.EXTENDED and answer is not None:
            detail = _("答复期限延长至 %(date)s") % {"date": _zh_date(answer.date)}
            if answer.provisional:
                detail += _("（暂定）")
        events.append(PublicEvent(step.date, label, detail))
    return events


def _zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _tracked(request: HttpRequest) -> Application | None:
    pk = request.session.get(CURRENT_KEY)
    if not pk or not _proven(request, pk):
        return None
    return Application.objects.filter(pk=pk).select_related("agency").first()


@require_safe
def track_case(request: HttpRequest) -> HttpResponse:
    application = _tracked(request)
    if application is None:
        return redirect("apply:track")
    steps = list(application.steps.order_by("date", "id"))
    deadlines = selectors.case_deadlines(application, steps)
    return _page(
        request,
        "track_case.html",
        {
            "application": application,
            "status_label": STATUS_LABELS_ZH[Status(application.status)],
            "due": deadlines.answer if application.is_open else None,
            "timeline": public_timeline(steps, deadlines),
            "letters": list(application.letters.filter(issued=True).order_by("id")),
        },
    )


@require_POST
def track_forget(request: HttpRequest) -> HttpResponse:
    """ "退出查询": on a shared computer the next person must not see the case."""
    for key in (PROOF_KEY, CURRENT_KEY, RECEIPT_KEY):
        request.session.pop(key, None)
    return redirect("apply:track")


@require_safe
def letter_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """An issued letter, for a session that proved its case with code and secret."""
    if fmt not in ("pdf", "docx"):
        raise Http404
    letter = Letter.objects.filter(pk=pk, issued=True).first()
    if letter is None or not _proven(request, letter.application_id):
        # The same refusal whether the letter exists or not.
        return _page(request, "forbidden.html", {}, status=403)
    stored = letter.pdf if fmt == "pdf" else letter.docx
    if not stored:
        raise Http404
    name = f"{letter.title or _('告知书')}.{fmt}"
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=name)
    return mark_personal(response)
