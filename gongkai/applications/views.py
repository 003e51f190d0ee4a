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
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency
from gongkai.disclosure.lifecycle import STEP_LABELS_ZH, Step
from gongkai.disclosure.receipt import RULES, Channel
from gongkai.officialdoc import TemplateError
from gongkai.officialdoc.letters_zh import DEFAULT_LETTERS, SAMPLE_CONTEXT
from gongkai.web.caching import mark_personal

from . import attachments, letters, permissions, policy_services, presenters, selectors, services
from .forms import (
    STAFF_CHANNELS,
    AppealConcludeForm,
    AppealForm,
    LetterForm,
    PolicyForm,
    QueueFilterForm,
    RegisterForm,
    TemplateForm,
)
from .models import Appeal, Application, CaseFile, Letter, LetterTemplate

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
            "may_edit_templates": bool(_template_scopes(request.user)),
            "may_edit_policy": policy_services.policy_agencies(request.user).exists(),
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


# --- letters of a case ----------------------------------------------------------------------


def _letter_choice(raw: str) -> tuple[str, str]:
    """``key`` or ``key:party`` (see ``presenters.LetterChoice.value``) → (key, party)."""
    key, _sep, party = (raw or "").partition(":")
    if key not in DEFAULT_LETTERS:
        raise Http404()
    return key, party


def _letter_page(
    request: HttpRequest,
    app: Application,
    key: str,
    party: str,
    form: LetterForm,
    preview=None,
    status: int = 200,
) -> HttpResponse:
    return _render(
        request,
        "applications/staff/letter_new.html",
        {
            "app": app,
            "key": key,
            "party": party,
            "default": DEFAULT_LETTERS[key],
            "form": form,
            "preview": preview,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def letter_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Step two of "生成文书": every placeholder of the chosen letter, pre-filled from the
    case, for the clerk to read and correct; "预览" shows it filled, "生成" issues it."""
    app = _case_or_404(request, pk)
    permissions.require_handle(request.user, app.agency)
    key, party = _letter_choice(request.GET.get("key", ""))
    draft = letters.letter_draft(app, key)
    documented = dict(DEFAULT_LETTERS[key].placeholders_documented)
    if request.method != "POST":
        initial: dict = {**draft.context, "date": selectors.today()}
        if party and "第三方" in documented:
            initial["第三方"] = party
        form = LetterForm(documented=documented, text=draft.text, initial=initial)
        return _letter_page(request, app, key, party, form)
    form = LetterForm(request.POST, documented=documented, text=draft.text)
    if not form.is_valid():
        return _letter_page(request, app, key, party, form, status=400)
    if "preview" in request.POST:
        try:
            document = DEFAULT_LETTERS[key].document(
                {**draft.context, **form.context()},
                agency=app.agency.name,
                date=form.cleaned_data["date"],
                text=draft.text,
            )
        except TemplateError as exc:
            form.add_error(None, str(exc))
            return _letter_page(request, app, key, party, form, status=400)
        return _letter_page(request, app, key, party, form, preview=document)
    try:
        letter = letters.letter_issue(
            actor=request.user,
            application=app,
            key=key,
            context=form.context(),
            date=form.cleaned_data["date"],
            request=request,
        )
    except InvalidChange as exc:
        form.add_error(None, exc.message)
        return _letter_page(request, app, key, party, form, status=400)
    messages.success(
        request, _("已生成“%(title)s”，请下载打印、盖章后送达。") % {"title": letter.title}
    )
    return redirect(reverse("applications:case", args=[app.pk]) + "#letters")


@require_GET
@login_required
def letter_file(request: HttpRequest, pk: int, letter_pk: int, kind: str) -> HttpResponse:
    """The letter as issued, DOCX or PDF. Whoever may read the case may read its letters;
    anyone else gets the same 404 as for a case that does not exist."""
    app = _case_or_404(request, pk)
    permissions.require_view(request.user, app.agency)
    letter = get_object_or_404(Letter, pk=letter_pk, application=app)
    stored = letter.docx if kind == "docx" else letter.pdf if kind == "pdf" else None
    if not stored:
        raise Http404()
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=f"{app.number}-{letter.title}.{kind}"
    )
    return mark_personal(response)


# --- 行政复议 / 行政诉讼 ---------------------------------------------------------------------


@require_POST
@login_required
def appeal_new(request: HttpRequest, pk: int) -> HttpResponse:
    app = _case_or_404(request, pk)
    permissions.require_handle(request.user, app.agency)
    form = AppealForm(request.POST, prefix="appeal")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.appeal_record(
                actor=request.user,
                application=app,
                kind=data["kind"],
                filed_on=data["filed_on"],
                body=data["body"],
                note=data["note"],
                request=request,
            )
        except InvalidChange as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已登记行政复议或诉讼。"))
            return redirect(reverse("applications:case", args=[app.pk]) + "#appeals")
    return _case_page(request, app, bound=("appeal", form), status=400)


@require_POST
@login_required
def appeal_conclude(request: HttpRequest, pk: int, appeal_pk: int) -> HttpResponse:
    app = _case_or_404(request, pk)
    permissions.require_handle(request.user, app.agency)
    appeal = get_object_or_404(Appeal, pk=appeal_pk, application=app)
    key = f"conclude_{appeal.pk}"
    form = AppealConcludeForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services.appeal_conclude(
                actor=request.user,
                appeal=appeal,
                result=form.cleaned_data["result"],
                decided_on=form.cleaned_data["decided_on"],
                request=request,
            )
        except InvalidChange as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已登记复议或诉讼的结果。"))
            return redirect(reverse("applications:case", args=[app.pk]) + "#appeals")
    return _case_page(request, app, bound=(key, form), status=400)


# --- the office's letter texts ----------------------------------------------------------------


def _template_scopes(user) -> list[Agency | None]:
    """Where ``user`` may edit letter texts: agencies (in tree order), and None for the
    site-wide texts (系统管理员)."""
    if not (user.is_authenticated and user.is_active):
        return []
    candidates = Agency.objects.filter(memberships__person=user).distinct().order_by("path")
    scopes: list[Agency | None] = [a for a in candidates if letters.can_edit_templates(user, a)]
    if letters.can_edit_templates(user, None):
        scopes.append(None)
    return scopes


def _template_agency(request: HttpRequest) -> Agency | None:
    raw = request.GET.get("agency", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404()
    return get_object_or_404(Agency, pk=int(raw))


@require_GET
@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    scopes = _template_scopes(request.user)
    if not scopes:
        raise NotAllowed(_("只有信息公开工作机构负责人（全站模板：系统管理员）可以管理文书模板。"))
    own = {
        (row.agency_id, row.key): row
        for row in LetterTemplate.objects.filter(
            agency__in=[s for s in scopes if s is not None]
        ).select_related("updated_by")
    }
    if None in scopes:
        own.update(
            {
                (None, row.key): row
                for row in LetterTemplate.objects.filter(agency__isnull=True).select_related(
                    "updated_by"
                )
            }
        )
    return _render(
        request,
        "applications/staff/templates.html",
        {"table": presenters.template_table(scopes, own)},
    )


def _template_preview(key: str, body: str, agency: Agency | None):
    """The text filled with the sample case: what a letter from it would look like."""
    try:
        return DEFAULT_LETTERS[key].document(
            SAMPLE_CONTEXT,
            agency=agency.name if agency else _("某某镇人民政府"),
            date=selectors.today(),
            text=body,
        )
    except TemplateError:
        return None


@require_http_methods(["GET", "POST"])
@login_required
def template_edit(request: HttpRequest, key: str) -> HttpResponse:
    if key not in DEFAULT_LETTERS:
        raise Http404()
    agency = _template_agency(request)
    if not letters.can_edit_templates(request.user, agency):
        raise NotAllowed(
            _("只有本机关信息公开工作机构负责人（全站模板：系统管理员）可以修改文书模板。")
        )
    default = DEFAULT_LETTERS[key]
    own = LetterTemplate.objects.filter(agency=agency, key=key).first()
    problems: list[str] = []
    status = 200
    showing_default = False
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            body = form.cleaned_data["body"]
            try:
                letters.template_save(
                    actor=request.user, agency=agency, key=key, body=body, request=request
                )
            except InvalidChange as exc:
                # One message per problem, each naming the placeholder and the line.
                problems = [str(p) for p in default.problems(body)] or [exc.message]
                status = 400
            else:
                messages.success(request, _("已保存“%(t)s”的文本。") % {"t": default.title})
                # Back to the plain page (not the "恢复默认" view it may have come from).
                query = f"?agency={agency.pk}" if agency else ""
                return redirect(reverse("applications:template_edit", args=[key]) + query)
        else:
            status = 400
    elif request.GET.get("default"):
        form = TemplateForm(initial={"body": default.body})
        showing_default = True
    else:
        if own is not None:
            body = own.body
        elif agency is not None:
            body = letters.template_for(agency, key)[1]
        else:
            body = default.body
        form = TemplateForm(initial={"body": body})
    body = form["body"].value() or ""
    return _render(
        request,
        "applications/staff/template_edit.html",
        {
            "key": key,
            "default": default,
            "agency": agency,
            "own": own,
            "form": form,
            "problems": problems,
            "showing_default": showing_default,
            "placeholders": list(default.placeholders_documented.items()),
            "preview": _template_preview(key, body, agency) if not problems else None,
        },
        status=status,
    )


# --- tables 三 and 四 of a year -----------------------------------------------------------


def _tables_scope(request: HttpRequest) -> presenters.TablesScope:
    viewable = list(permissions.viewable_agencies(request.user).order_by("path"))
    if not viewable:
        raise NotAllowed(_("只有机关的工作人员和政务公开办可以查看依申请公开的年度统计。"))
    raw_agency = request.GET.get("agency", "")
    if raw_agency:
        if not raw_agency.isdigit():
            raise Http404()
        agency = get_object_or_404(Agency, pk=int(raw_agency))
        permissions.require_view(request.user, agency)
    else:
        agency = viewable[0]
    supervised = permissions.supervised_agencies(request.user).filter(pk=agency.pk).exists()
    below = request.GET.get("scope", "tree" if supervised and not raw_agency else "self")
    below = below if below in ("self", "tree") else "self"
    chosen = [a for a in viewable if a.is_within(agency)] if below == "tree" else [agency]
    this_year = selectors.today().year
    years = {this_year} | {
        d.year
        for d in Application.objects.filter(agency__in=chosen, received_on__isnull=False).dates(
            "received_on", "year"
        )
    }
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        raise Http404() from None
    if not 2008 <= year <= this_year:
        raise Http404()
    return presenters.TablesScope(
        agency=agency,
        scope=below,
        agencies=chosen,
        year=year,
        years=sorted(years | {year}, reverse=True),
        choices=viewable,
    )


@require_GET
@login_required
def year_tables(request: HttpRequest) -> HttpResponse:
    scope = _tables_scope(request)
    page = presenters.tables_page(scope)
    return _render(request, "applications/staff/tables.html", {"page": page, "scope": scope})


@require_GET
@login_required
def year_tables_csv(request: HttpRequest) -> HttpResponse:
    scope = _tables_scope(request)
    tables = selectors.annual_tables(scope.agencies, scope.year)
    response = HttpResponse(presenters.tables_csv(tables), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tables-{scope.year}-{scope.agency.pk}-{scope.scope}.csv"'
    )
    return mark_personal(response)


# --- the office's handling settings -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def policy_edit(request: HttpRequest) -> HttpResponse:
    """An agency's ``HandlingPolicy``. Who may edit it is ``policy_services``' rule: the
    agency's 信息公开工作机构负责人 or 主要领导, or a 政务公开办管理员 for any agency they
    supervise. Everyone else gets the 403 page, before anything is read."""
    choices = list(policy_services.policy_agencies(request.user))
    if not choices:
        raise NotAllowed(
            _("只有信息公开工作机构负责人、主要领导或政务公开办管理员可以修改办理设置。")
        )
    raw = request.GET.get("agency", "")
    if raw:
        if not raw.isdigit():
            raise Http404()
        agency = get_object_or_404(Agency, pk=int(raw))
    else:
        agency = choices[0]
    if not policy_services.can_edit_policy(request.user, agency):
        raise NotAllowed(_("您不能修改该机关的办理设置。"))
    current = selectors.policy_for(agency)
    inherited_from = current.agency if current.pk and current.agency_id != agency.pk else None
    own = current.pk is not None and current.agency_id == agency.pk
    status = 200
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                policy_services.policy_save(
                    actor=request.user, agency=agency, request=request, **form.cleaned_data
                )
            except InvalidChange as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存%(a)s的办理设置。") % {"a": agency.name})
                return redirect(request.get_full_path())
        status = 400
    else:
        form = PolicyForm(
            initial={name: getattr(current, name) for name in policy_services.POLICY_FIELDS}
        )
    return _render(
        request,
        "applications/staff/policy.html",
        {
            "form": form,
            "agency": agency,
            "choices": choices,
            "own": own,
            "inherited_from": inherited_from,
            "site_wide": current.pk is not None and current.agency_id is None,
        },
        status=status,
    )
