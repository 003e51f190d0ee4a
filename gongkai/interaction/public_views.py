"""The public side of 互动交流 on an agency's 公开专栏: the list of published Q&As, the
留言咨询 form, the 我为政府网站找错 form, and the receipt.

The list is the same for every anonymous reader (``public_page``); the forms carry a CSRF
token and the receipt one person's reference number, so they are ``mark_personal``.
Submissions are throttled per session and per client address, and bodies are bounded
before anything is parsed, so a flood or a huge POST is answered in Chinese and stores
nothing.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.accounts.errors import InvalidChange
from gongkai.agencies.models import Agency
from gongkai.web import selectors as web_selectors
from gongkai.web.addresses import client_address
from gongkai.web.caching import mark_personal, public_page

from . import selectors, services
from .forms import ErrorReportForm, LookupForm, MessageForm
from .models import Channel, Message

RECEIPT_KEY = "interaction_receipt"
SUBMIT_LIMIT = 5
SUBMIT_WINDOW = 15 * 60
# The longest form typed in full is a few kilobytes of UTF-8; anything far larger is not a
# person typing.
MAX_REQUEST = 64 * 1024


def _agency(slug: str) -> Agency:
    return get_object_or_404(web_selectors.portal_agencies(), slug=slug)


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return mark_personal(render(request, f"interaction/public/{template}", context, status=status))


def _base(agency: Agency, section: str) -> dict:
    return {"agency": agency, "ancestors": web_selectors.ancestors(agency), "section": section}


def body_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A too-large POST gets a Chinese page (413) instead of Django's bare 400; CSRF is
    then checked as usual (the middleware would have read the body first, hence exempt +
    protect, as in applications.public_views)."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str) -> HttpResponse:
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            too_large = length > MAX_REQUEST
            if not too_large:
                try:
                    request.POST  # noqa: B018 — parse now, so a refusal is ours to answer
                except (RequestDataTooBig, TooManyFieldsSent):
                    too_large = True
            if too_large:
                return _page(request, "too_large.html", _base(_agency(slug), ""), status=413)
        return protected(request, slug)

    return csrf_exempt(wrapper)


class _Throttle:
    """Submissions in the last ``SUBMIT_WINDOW`` seconds, by session and by address."""

    def __init__(self, request: HttpRequest) -> None:
        if not request.session.session_key:
            request.session.save()
        self.keys = [
            f"gk:msg:s:{request.session.session_key}",
            f"gk:msg:a:{client_address(request) or 'unknown'}",
        ]

    def _times(self, key: str, now: float) -> list[float]:
        return [t for t in cache.get(key, []) if t > now - SUBMIT_WINDOW]

    def blocked(self) -> bool:
        now = time.time()
        return any(len(self._times(k, now)) >= SUBMIT_LIMIT for k in self.keys)

    def count(self) -> None:
        now = time.time()
        for key in self.keys:
            cache.set(key, [*self._times(key, now), now], SUBMIT_WINDOW)


def _error_summary(form) -> list[tuple[str, str]]:
    if not form.is_bound:
        return []
    return [(f"id_{n}", str(form.errors[n][0])) for n in form.fields if n in form.errors]


def _title_of_report(url: str) -> str:
    return (_("网站找错：%(url)s") % {"url": url})[: services.MAX_TITLE]


def _submit(request: HttpRequest, slug: str, channel: str) -> HttpResponse:
    agency = _agency(slug)
    form_class = ErrorReportForm if channel == Channel.ERROR_REPORT else MessageForm
    template = "report_error.html" if channel == Channel.ERROR_REPORT else "new.html"
    status = 200
    notice = ""
    if request.method == "POST":
        form = form_class(request.POST)
        throttle = _Throttle(request)
        if throttle.blocked():
            notice = _("您提交得太频繁了。为防止恶意提交，请 15 分钟后再试；您填写的内容还在下面。")
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                message, secret = services.submit_public(
                    agency=agency,
                    channel=channel,
                    kind=data.get("kind", ""),
                    title=data.get("title") or _title_of_report(data["page_url"]),
                    body=data["body"],
                    submitter_name=data.get("submitter_name", ""),
                    submitter_contact=data.get("submitter_contact", ""),
                    page_url=data.get("page_url", ""),
                    request=request,
                )
            except InvalidChange as e:
                notice, status = e.message, 400
            else:
                throttle.count()
                # The 查询码 is shown once: the receipt forgets it after the first view.
                request.session[RECEIPT_KEY] = {"id": message.pk, "secret": secret}
                return redirect("interaction_public:receipt", slug=agency.slug)
        else:
            status = 400
    else:
        form = form_class()
    return _page(
        request,
        template,
        {
            **_base(agency, "messages"),
            "form": form,
            "notice": notice,
            "error_summary": _error_summary(form),
            "answer_days": selectors.policy_for(agency),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@body_limited
def message_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _submit(request, slug, Channel.PORTAL)


@require_http_methods(["GET", "HEAD", "POST"])
@body_limited
def report_error(request: HttpRequest, slug: str) -> HttpResponse:
    return _submit(request, slug, Channel.ERROR_REPORT)


@require_safe
def receipt(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    data = request.session.get(RECEIPT_KEY)
    pk = data.get("id") if isinstance(data, dict) else None
    message = Message.objects.filter(pk=pk, agency=agency).first() if pk else None
    secret = data.get("secret") if message is not None else None
    if secret:
        request.session[RECEIPT_KEY] = {"id": pk, "secret": None}
    due = selectors.due_date(message) if message else None
    return _page(
        request,
        "receipt.html",
        {**_base(agency, "messages"), "message": message, "due": due, "secret": secret},
    )


# --- look-up by reference and 查询码 ------------------------------------------------------------

LOOKUP_LIMIT = 5
LOOKUP_WINDOW = 15 * 60


class _LookupThrottle:
    """Failed look-ups in the last ``LOOKUP_WINDOW`` seconds by session, by address and by
    the reference tried (the last stops many addresses guessing one message's 查询码), as
    the applications' tracking page does."""

    def __init__(self, request: HttpRequest, reference: str) -> None:
        if not request.session.session_key:
            request.session.save()
        digest = hashlib.sha256(reference.encode()).hexdigest()[:32]
        self.keys = [
            f"gk:msglookup:s:{request.session.session_key}",
            f"gk:msglookup:a:{client_address(request) or 'unknown'}",
            f"gk:msglookup:r:{digest}",
        ]

    def _times(self, key: str, now: float) -> list[float]:
        return [t for t in cache.get(key, []) if t > now - LOOKUP_WINDOW]

    def blocked(self) -> bool:
        now = time.time()
        return any(len(self._times(k, now)) >= LOOKUP_LIMIT for k in self.keys)

    def failed(self) -> None:
        now = time.time()
        for key in self.keys:
            cache.set(key, [*self._times(key, now), now], LOOKUP_WINDOW)


@require_http_methods(["GET", "HEAD", "POST"])
@body_limited
def lookup(request: HttpRequest, slug: str) -> HttpResponse:
    """`/gk/<slug>/messages/lookup/`: the reference and the 查询码 show the message's state
    and, once answered, the reply. The answer is the POST's own page (nothing kept in the
    session), so the next person at a shared computer sees nothing."""
    agency = _agency(slug)
    error = ""
    status = 200
    found = None
    due = None
    if request.method == "POST":
        form = LookupForm(request.POST)
        if form.is_valid():
            reference = services.normalise_reference(form.cleaned_data["reference"])
            throttle = _LookupThrottle(request, reference)
            if throttle.blocked():
                error = _("查询失败的次数太多，为保护留言人的信息，请 15 分钟后再试。")
                status = 429
            else:
                found = services.lookup(reference, form.cleaned_data["secret"])
                if found is None:
                    throttle.failed()
                    # One message for an unknown reference and a wrong 查询码.
                    error = _("留言编号或查询码不正确，请核对回执后重新输入。")
                    status = 400
                elif found.is_open:
                    due = selectors.due_date(found)
        else:
            status = 400
    else:
        form = LookupForm()
    return _page(
        request,
        "lookup.html",
        {
            **_base(agency, "messages"),
            "form": form,
            "error": error,
            "found": found,
            "due": due,
            "error_summary": _error_summary(form),
        },
        status=status,
    )


@require_safe
@public_page
def message_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Published Q&As: the masked question, the reply, the dates. Nothing private."""
    agency = _agency(slug)
    page = Paginator(selectors.published(agency), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "interaction/public/list.html",
        {**_base(agency, "messages"), "page": page},
    )
