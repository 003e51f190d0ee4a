"""The handler's pages of 依申请公开: the queue, staff intake, the case page and the steps
posted from it. Thin: the services decide and write, the selectors read, the presenters
arrange. ``NotAllowed`` (a ``PermissionDenied``) becomes the 403 page; ``InvalidChange``
shows the form again with the law's reason and what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.disclosure.lifecycle import STEP_LABELS_ZH, Step
from gongkai.disclosure.receipt import RULES, Channel
from gongkai.web.caching import mark_personal

from . import attachments, permissions, presenters, selectors, services
from .forms import STAFF_CHANNELS, QueueFilterForm, RegisterForm
from .models import Application, CaseFile

# Shown once on the case page right after intake, then gone from the session: the
# applicant's secret is kept nowhere else in clear.
ISSUED_KEY = "applications.issued"


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    # Every page here shows personal data of applicants: never kept by any cache.
    return mark_personal(render(request, template, context, status=status))


def _handled_agencies(request: HttpRequest) -> list:
    agencies = list(permissions.handled_agencies(request.user).order_by("path"))
    if not agencies:
        # The three system roles and anyone without a post in an agency.
        raise NotAllowed(_("只有机关的工作人员可以办理政府信息公开申请。"))
    return agencies


# --- the queue ---------------------------------------------------------------------------


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    agencies = _handled_agencies(request)
    form = QueueFilterForm(request.GET or None, agencies=agencies)
    cases: QuerySet[Application] = selectors.handled_cases(request.user)
    if form.is_valid():
        if form.cleaned_data.get("scope") == QueueFilterForm.MINE:
            cases = cases.filter(handler=request.user)
        if form.cleaned_data.get("agency"):
            cases = cases.filter(agency=form.cleaned_data["agency"])
        if form.cleaned_data.get("status"):
            cases = cases.filter(status=form.cleaned_data["status"])
    rows = selectors.queue(cases)
    return _render(
        request,
        "applications/staff/queue.html",
        {
            "form": form,
            "groups": presenters.queue_groups(rows),
            "total": len(rows),
            "today": selectors.today(),
            "show_agency": len(agencies) > 1,
        },
    )


# --- intake ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def register(request: HttpRequest) -> HttpResponse:
    agencies = _handled_agencies(request)
    if request.method != "POST":
        form = RegisterForm(
            agencies=agencies,
            initial={"channel": Channel.IN_PERSON.value, "received_on": selectors.today()},
        )
        return _register_page(request, form)
    form = RegisterForm(request.POST, request.FILES, agencies=agencies)
    if not form.is_valid():
        return _register_page(request, form, status=400)
    try:
        files = attachments.accept(form.cleaned_data["files"])
    except attachments.AttachmentError as exc:
        form.add_error("files", str(exc))
        return _register_page(request, form, status=400)
    data = form.cleaned_data
    intake = services.Intake(
        applicant_type=data["applicant_type"],
        applicant_name=data["applicant_name"],
        description=data["description"],
        id_document=data["id_document"],
        id_number=data["id_number"],
        contact_person=data["contact_person"],
        phone=data["phone"],
        email=data["email"],
        address=data["address"],
        postcode=data["postcode"],
        purpose=data["purpose"],
        delivery=data["delivery"],
        items=form.item_lines(),
    )
    try:
        app, secret = services.application_register(
            actor=request.user,
            agency=data["agency"],
            intake=intake,
            channel=Channel(data["channel"]),
            received_on=data["received_on"],
            files=files,
            request=request,
        )
    except InvalidChange as exc:
        form.add_error(None, exc.message)
        return _register_page(request, form, status=400)
    request.session[ISSUED_KEY] = {
        "pk": app.pk,
        "code": app.tracking_code,
        "secret": secret,
    }
    messages.success(request, _("已登记申请 %(n)s。") % {"n": app.number})
    return redirect("applications:case", pk=app.pk)


def _register_page(request: HttpRequest, form: RegisterForm, status: int = 200) -> HttpResponse:
    return _render(
        request,
        "applications/staff/register.html",
        {"form": form, "rules": [RULES[c] for c in STAFF_CHANNELS]},
        status=status,
    )


# --- the case page -----------------------------------------------------------------------


def _case_or_404(request: HttpRequest, pk: int) -> Application:
    """The case if the person may read it; otherwise 404, which does not say whether it
    exists."""
    return get_object_or_404(
        selectors.visible_cases(request.user).select_related("agency", "handler", "created_by"),
        pk=pk,
    )


def _case_page(
    request: HttpRequest,
    app: Application,
    bound: tuple[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    issued = None
    if bound is None:
        pending = request.session.get(ISSUED_KEY)
        if pending and pending.get("pk") == app.pk:
            issued = request.session.pop(ISSUED_KEY)
    page = presenters.case_page(app, request.user, bound)
    return _render(
        request,
        "applications/staff/case.html",
        {"page": page, "app": app, "issued": issued, "today": selectors.today()},
        status=status,
    )


@require_GET
@login_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case_or_404(request, pk))


@require_GET
@login_required
def case_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    app = _case_or_404(request, pk)
    f = get_object_or_404(CaseFile, pk=file_pk, application=app)
    # Sent as a download, never shown inline: it came from outside and is not trusted.
    response = FileResponse(f.file.open("rb"), as_attachment=True, filename=f.name)
    return mark_personal(response)


def _post_action(request: HttpRequest, pk: int, key: str, call) -> HttpResponse:
    """Bind action ``key``'s form to the POST, let ``call(app, form)`` run the service, and
    either go back to the case page or show the page again with the refusal."""
    app = _case_or_404(request, pk)
    # Someone who may only read is told so before their input is looked at.
    permissions.require_handle(request.user, app.agency)
    state = presenters.state_of(app)
    form = presenters.make_form(key, app, state, request.POST, request.FILES)
    if form.is_valid():
        try:
            message = call(app, form)
        except attachments.AttachmentError as exc:
            form.add_error("files" if "files" in form.fields else None, str(exc))
        except InvalidChange as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, message)
            return redirect("applications:case", pk=app.pk)
    return _case_page(request, app, bound=(key, form), status=400)


@require_POST
@login_required
def case_receive(request: HttpRequest, pk: int) -> HttpResponse:
    def call(app: Application, form: Form) -> str:
        services.application_receive(
            actor=request.user,
            application=app,
            received_on=form.cleaned_data["received_on"],
            request=request,
        )
        return _("已登记收到申请的日期。")

    return _post_action(request, pk, "receive", call)


@require_POST
@login_required
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    def call(app: Application, form: Form) -> str:
        handler = form.cleaned_data["handler"]
        services.application_assign(
            actor=request.user, application=app, handler=handler, request=request
        )
        if handler is None:
            return _("已取消指定承办人。")
        return _("已指定承办人：%(name)s。") % {"name": handler}

    return _post_action(request, pk, "assign", call)


@require_POST
@login_required
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    def call(app: Application, form: Form) -> str:
        services.note_add(
            actor=request.user, application=app, text=form.cleaned_data["text"], request=request
        )
        return _("已添加备注。")

    return _post_action(request, pk, "note", call)


@require_POST
@login_required
def case_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    try:
        chosen = Step(step)
    except ValueError:
        raise Http404() from None
    if chosen not in services.SIMPLE_STEPS:
        raise Http404()

    def call(app: Application, form: Form) -> str:
        files = attachments.accept(form.cleaned_data.get("files") or [])
        services.step_record(
            actor=request.user,
            application=app,
            step=chosen,
            date=form.cleaned_data["date"],
            party=form.cleaned_data.get("party") or "",
            note=form.cleaned_data.get("note", ""),
            files=files,
            request=request,
        )
        return _("已登记“%(step)s”。") % {"step": STEP_LABELS_ZH[chosen]}

    return _post_action(request, pk, chosen.value, call)


@require_POST
@login_required
def case_extend(request: HttpRequest, pk: int) -> HttpResponse:
    def call(app: Application, form: Form) -> str:
        services.extension_approve(
            actor=request.user,
            application=app,
            date=form.cleaned_data["date"],
            days=form.cleaned_data["days"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
        return _("已登记延长答复期限。")

    return _post_action(request, pk, "extend", call)


@require_POST
@login_required
def case_custom_due(request: HttpRequest, pk: int) -> HttpResponse:
    def call(app: Application, form: Form) -> str:
        services.custom_due_set(
            actor=request.user,
            application=app,
            date=form.cleaned_data["date"],
            due_date=form.cleaned_data["due_date"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
        return _("已另行确定答复期限。")

    return _post_action(request, pk, "custom_due", call)


@require_POST
@login_required
def case_fee_notice(request: HttpRequest, pk: int) -> HttpResponse:
    def call(app: Application, form: Form) -> str:
        step = services.fee_notice(
            actor=request.user,
            application=app,
            date=form.cleaned_data["date"],
            method=form.cleaned_data["method"],
            pages=form.cleaned_data.get("pages"),
            request=request,
        )
        return _("已登记收费通知：%(text)s") % {"text": step.data.get("explanation", "")}

    return _post_action(request, pk, "fee_notice", call)


@require_POST
@login_required
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def call(app: Application, form: Form) -> str:
        services.decide(
            actor=request.user,
            application=app,
            date=form.cleaned_data["date"],
            outcomes=form.outcomes(),
            answers=form.answers(),
            request=request,
        )
        return _("已登记答复。请制作并送达告知书。")

    return _post_action(request, pk, "decide", call)
