"""The clerk's pages of 互动交流: the queue, a message with its reply / route / publish
actions, recording a message from another channel, and the year's counts per channel.
Thin: services decide and write, selectors read. Every page shows private data of
citizens: ``mark_personal``."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import supervised_agencies, supervision_scopes
from gongkai.web import selectors as web_selectors
from gongkai.web.caching import mark_personal

from . import permissions, selectors, services
from .forms import PolicyForm, RecordForm, ReplyForm, RouteForm, UnpublishForm, YearForm
from .models import Channel, Message, Status


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return mark_personal(render(request, f"interaction/staff/{template}", context, status=status))


def _agencies(request: HttpRequest) -> list[Agency]:
    agencies = list(permissions.handled_agencies(request.user).order_by("path"))
    if not agencies:
        raise NotAllowed(_("只有机关的工作人员可以办理留言。"))
    return agencies


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    # The search box: a 留言编号 read out by a citizen on the phone opens the message.
    query = request.GET.get("q", "").strip()[:40]
    not_found = False
    if query:
        # Any message the person may read: a 政务公开办管理员 finds those of the county.
        found = selectors.find_by_reference(
            permissions.viewable_agencies(request.user).values_list("pk", flat=True), query
        )
        if found is not None:
            return redirect("interaction:message", pk=found.pk)
        not_found = True
    today = selectors.today()
    rows = selectors.unanswered(agencies, today)
    recent = selectors.messages_for(agencies).exclude(status=Status.PENDING)[:30]
    return _render(
        request,
        "queue.html",
        {
            "query": query,
            "not_found": not_found,
            "may_supervise": bool(supervision_scopes(request.user)),
            "may_set_policy": _may_set_policy(request.user),
            "rows": rows,
            "overdue": [r for r in rows if r.overdue],
            "due_soon": [r for r in rows if r.due_soon],
            "recent": recent,
            "today": today,
            "show_agency": len(agencies) > 1,
        },
    )


def _message(request: HttpRequest, pk: int) -> Message:
    message = get_object_or_404(Message.objects.select_related("agency", "routed_from"), pk=pk)
    permissions.require_view(request.user, message.agency)
    return message


def _route_targets(message: Message):
    return web_selectors.portal_agencies().exclude(pk=message.agency_id).order_by("path")


def _detail(request: HttpRequest, message: Message, status: int = 200, **forms) -> HttpResponse:
    may_handle = permissions.can_handle(request.user, message.agency)
    masked = message.masked_body or services.mask(message.body, services.screen(message.body))
    context = {
        "message": message,
        "due": selectors.due_date(message) if message.is_open else None,
        "may_handle": may_handle,
        "question_findings": services.screen(message.body),
        "reply_findings": services.screen(message.reply) if message.reply else [],
        "problems": services.publication_problems(message),
        "reply_form": forms.get("reply_form")
        or ReplyForm(initial={"reply": message.reply, "masked_body": masked}),
        "route_form": forms.get("route_form") or RouteForm(agencies=_route_targets(message)),
        "unpublish_form": forms.get("unpublish_form") or UnpublishForm(),
        "error": forms.get("error", ""),
    }
    return _render(request, "message.html", context, status=status)


@require_GET
@login_required
def message_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _message(request, pk))


@require_POST
@login_required
def message_reply(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply(
                actor=request.user,
                message=message,
                text=form.cleaned_data["reply"],
                masked_body=form.cleaned_data["masked_body"],
                request=request,
            )
        except InvalidChange as e:
            return _detail(request, message, 400, reply_form=form, error=e.message)
        flash.success(request, _("答复已保存。"))
        return redirect("interaction:message", pk=message.pk)
    return _detail(request, message, 400, reply_form=form)


@require_POST
@login_required
def message_route(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    form = RouteForm(request.POST, agencies=_route_targets(message))
    if form.is_valid():
        try:
            copy = services.route(
                actor=request.user,
                message=message,
                to_agency=form.cleaned_data["to_agency"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except InvalidChange as e:
            return _detail(request, message, 400, route_form=form, error=e.message)
        flash.success(
            request,
            _("已转办给%(agency)s，新留言编号 %(ref)s。")
            % {"agency": copy.agency.name, "ref": copy.reference},
        )
        return redirect("interaction:message", pk=message.pk)
    return _detail(request, message, 400, route_form=form)


@require_POST
@login_required
def message_publish(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    try:
        services.publish(actor=request.user, message=message, request=request)
    except InvalidChange as e:
        return _detail(request, message, 400, error=e.message)
    flash.success(request, _("留言及答复已在公开专栏公开。"))
    return redirect("interaction:message", pk=message.pk)


@require_POST
@login_required
def message_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    form = UnpublishForm(request.POST)
    if form.is_valid():
        try:
            services.unpublish(
                actor=request.user, message=message, reason=form.cleaned_data["reason"],
                request=request,
            )  # fmt: skip
        except InvalidChange as e:
            return _detail(request, message, 400, unpublish_form=form, error=e.message)
        flash.success(request, _("已设为不予公开。"))
        return redirect("interaction:message", pk=message.pk)
    return _detail(request, message, 400, unpublish_form=form)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def record(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("path")
    error = ""
    if request.method == "POST":
        form = RecordForm(request.POST, agencies=queryset)
        if form.is_valid():
            data = form.cleaned_data
            try:
                message = services.record_other_channel(
                    actor=request.user,
                    agency=data["agency"],
                    channel=data["channel"],
                    kind=data["kind"],
                    received_at=data["received_at"],
                    title=data["title"],
                    body=data["body"],
                    submitter_name=data["submitter_name"],
                    submitter_contact=data["submitter_contact"],
                    reply=data["reply"],
                    replied_at=data["replied_at"],
                    request=request,
                )
            except InvalidChange as e:
                error = e.message
            else:
                flash.success(request, _("已登记，留言编号 %(ref)s。") % {"ref": message.reference})
                return redirect("interaction:message", pk=message.pk)
    else:
        form = RecordForm(agencies=queryset, initial={"agency": agencies[0].pk})
    status = 400 if form.is_bound else 200
    return _render(request, "record.html", {"form": form, "error": error}, status=status)


@require_GET
@login_required
def counts(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else selectors.today().year
    labels = dict(Channel.choices)
    tables = []
    all_counts = selectors.channel_counts_many(agencies, year)
    for agency in agencies:
        data = all_counts[agency.pk]
        rows = [(labels.get(k, k), v) for k, v in data.items()]
        total_r = sum(v["received"] for v in data.values())
        total_a = sum(v["replied"] for v in data.values())
        total = {
            "received": total_r,
            "replied": total_a,
            "rate": total_a / total_r if total_r else None,
        }
        tables.append((agency, rows, total))
    return _render(request, "counts.html", {"tables": tables, "year": year, "form": form})


# --- supervision (政务公开办) ----------------------------------------------------------------


def _supervised(request: HttpRequest) -> list[Agency]:
    if not supervision_scopes(request.user):
        raise NotAllowed(
            _("互动交流督查页面只对政务公开办管理员开放；办理本机关的留言请使用“互动交流”。")
        )
    return list(supervised_agencies(request.user).order_by("path"))


@require_GET
@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    """All agencies the person supervises: received / answered / overdue per agency and the
    list of open, overdue or red-line messages. Filters outside the scope are ignored."""
    scope = _supervised(request)
    on = selectors.today()
    by_pk = {a.pk: a for a in scope}
    raw = request.GET.get("agency", "")
    agency = by_pk.get(int(raw)) if raw.isdigit() else None
    channel = request.GET.get("channel", "")
    if channel not in Channel.values:
        channel = ""
    state = request.GET.get("state", "open")
    if state not in selectors.SUPERVISION_STATES:
        state = "open"
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else on.year
    data = selectors.supervision(scope, on, year=year, agency=agency, channel=channel, state=state)
    return _render(
        request,
        "supervision.html",
        {
            "data": data,
            "today": on,
            "agency": agency,
            "channel": channel,
            "state": state,
            "year": year,
            "channels": Channel.choices,
            "states": selectors.SUPERVISION_STATES.items(),
            "state_label": selectors.SUPERVISION_STATES[state],
        },
    )


# --- the answer clocks (MessagePolicy) ---------------------------------------------------------


def _may_set_policy(user) -> bool:
    from gongkai.applications.policy_services import policy_agencies

    return policy_agencies(user).exists()


def _policy_agencies(request: HttpRequest) -> list[Agency]:
    from gongkai.applications.policy_services import policy_agencies

    agencies = list(policy_agencies(request.user))
    if not agencies:
        raise NotAllowed(
            _("只有信息公开工作机构负责人、主要领导或政务公开办管理员可以设置答复期限。")
        )
    return agencies


@require_GET
@login_required
def policies(request: HttpRequest) -> HttpResponse:
    """The clocks every agency the person may set uses now, and where each comes from."""
    agencies = _policy_agencies(request)
    views = [selectors.policy_view(a) for a in agencies]
    return _render(request, "policies.html", {"views": views})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def policy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    if not services.can_edit_policy(request.user, agency):
        raise NotAllowed(
            _("只有本机关信息公开工作机构负责人、主要领导或上级政务公开办管理员可以修改答复期限。")
        )
    view = selectors.policy_view(agency)
    error = ""
    if request.method == "POST" and "inherit" in request.POST:
        services.policy_clear(actor=request.user, agency=agency, request=request)
        flash.success(request, _("已改为沿用上级的答复期限。"))
        return redirect("interaction:policies")
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                services.policy_save(
                    actor=request.user,
                    agency=agency,
                    answer_days=form.cleaned_data["answer_days"],
                    error_report_days=form.cleaned_data["error_report_days"],
                    request=request,
                )
            except InvalidChange as e:
                error = e.message
            else:
                flash.success(request, _("%(name)s的答复期限已保存。") % {"name": agency.name})
                return redirect("interaction:policies")
    else:
        form = PolicyForm(
            initial={
                "answer_days": view.policy.answer_days,
                "error_report_days": view.policy.error_report_days,
            }
        )
    status = 400 if form.is_bound else 200
    return _render(
        request,
        "policy_edit.html",
        {"agency": agency, "view": view, "form": form, "error": error},
        status=status,
    )
