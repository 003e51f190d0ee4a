"""The pages of 主动公开: the staff's home, new item, the item page with its actions, the
审批单, and the public list and item pages. Thin: the services decide and write, the
selectors read (the public pages read only through ``public_items``/``public_item``/
``history``), the presenters arrange. ``NotAllowed`` (a ``PermissionDenied``) becomes the
403 page; ``InvalidChange`` shows the form again with the reason and what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency
from gongkai.officialdoc import PdfUnavailable, document_html, render_docx, render_pdf
from gongkai.web import selectors as web_selectors
from gongkai.web.caching import mark_personal, public_page

from . import approval_form, attachments, permissions, presenters, selectors, services
from .forms import EditForm, ItemForm
from .models import Attachment, Item, ItemKind, Revision, Validity

PER_PAGE = 20


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    # Unpublished text, reviewers' comments: never kept by any cache.
    return mark_personal(render(request, template, context, status=status))


# --- home ------------------------------------------------------------------------------------


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not permissions.internal_agencies(request.user).exists():
        raise NotAllowed(_("只有机关审核流程中的人员和政务公开办可以使用主动公开发布。"))
    context = presenters.home_page(request.user)
    context["today"] = selectors.today()
    return _render(request, "publishing/home.html", context)


@require_safe
@login_required
def patrol_findings(request: HttpRequest) -> HttpResponse:
    """What the nightly patrol found in published items and is still there."""
    agencies = permissions.internal_agencies(request.user)
    if not agencies.exists():
        raise NotAllowed(_("只有机关审核流程中的人员和政务公开办可以查看站点巡查结果。"))
    from .patrol import open_findings

    return _render(request, "publishing/patrol.html", {"findings": open_findings(agencies)})


# --- new item --------------------------------------------------------------------------------


def _writable_agency(request: HttpRequest) -> Agency:
    writable = [
        a
        for a in permissions.member_agencies(request.user)
        if permissions.can_write(request.user, a)
    ]
    raw = request.GET.get("agency", "")
    if not raw and len(writable) == 1:
        return writable[0]
    for agency in writable:
        if str(agency.pk) == raw:
            return agency
    # Anyone may name any agency in the address: the service's own words say why not.
    permissions.require_write(request.user, Agency(pk=0))
    raise Http404()  # pragma: no cover (require_write always refuses agency 0)


@require_http_methods(["GET", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    agency = _writable_agency(request)
    if request.method != "POST":
        form = ItemForm(agency=agency, initial={"generated_on": selectors.today()})
        return _new_page(request, agency, form)
    form = ItemForm(request.POST, request.FILES, agency=agency)
    if not form.is_valid():
        return _new_page(request, agency, form, status=400)
    data = form.cleaned_data
    try:
        files = attachments.accept(data["files"])
        item = services.item_create(
            actor=request.user,
            agency=agency,
            kind=data["kind"],
            content=form.content(),
            catalog_entry=data["catalog_entry"],
            files=files,
            request=request,
        )
        if data["kind"] == ItemKind.DOCUMENT and data.get("validity") not in ("", Validity.VALID):
            services.validity_set(
                actor=request.user, item=item, validity=data["validity"], request=request
            )
    except attachments.AttachmentError as exc:
        form.add_error("files", str(exc))
        return _new_page(request, agency, form, status=400)
    except InvalidChange as exc:
        form.add_error(None, exc.message)
        return _new_page(request, agency, form, status=400)
    messages.success(request, _("已新建，索引号 %(n)s。") % {"n": item.index_number})
    return redirect("publishing:item", pk=item.pk)


def _new_page(request: HttpRequest, agency: Agency, form: Form, status: int = 200) -> HttpResponse:
    return _render(request, "publishing/new.html", {"agency": agency, "form": form}, status)


# --- the item page ---------------------------------------------------------------------------


def _item_or_404(request: HttpRequest, pk: int) -> Item:
    """The item if the person may read it in the back office; otherwise 404, which does not
    say whether it exists."""
    return get_object_or_404(selectors.internal_items(request.user), pk=pk)


def _item_page(
    request: HttpRequest, item: Item, bound: tuple[str, Form] | None = None, status: int = 200
) -> HttpResponse:
    context = presenters.item_page(request.user, item, bound)
    return _render(request, "publishing/item.html", context, status)


@require_safe
@login_required
def item(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, _item_or_404(request, pk))


@require_safe
@login_required
def item_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    found = _item_or_404(request, pk)
    attachment = get_object_or_404(Attachment, pk=file_pk, revision__item=found)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    return mark_personal(response)


@require_POST
@login_required
def act(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """One action of the item page: bind its form, run the service, go back to the page or
    show it again with the refusal and the input kept."""
    if key not in presenters.ACTION_KEYS:
        raise Http404()
    found = _item_or_404(request, pk)
    # Someone who may only read (the 政务公开办) is told so before their input is looked at.
    permissions.require_in_chain(request.user, found.agency)
    working = selectors.working_revision(found)
    form = presenters.make_form(key, request.user, found, working, request.POST, request.FILES)
    if form.is_valid():
        try:
            message = _run(request, key, found, working, form.cleaned_data)
        except InvalidChange as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, message)
            return redirect("publishing:item", pk=found.pk)
    found.refresh_from_db()
    return _item_page(request, found, bound=(key, form), status=400)


def _need(revision: Revision | None) -> Revision:
    if revision is None:
        raise InvalidChange(_("该信息没有正在办理的稿件。"))
    return revision


def _run(request: HttpRequest, key: str, item: Item, working: Revision | None, d: dict) -> str:
    user = request.user
    if key == "mask":
        n = services.mask_personal_data(actor=user, revision=_need(working), request=request)
        return _("已对 %(n)s 处个人信息脱敏；附件中的个人信息请替换附件后再提交。") % {"n": n}
    if key == "submit":
        services.submit(actor=user, revision=_need(working), request=request)
        return _("已提交审核。")
    if key == "approve":
        services.approve(
            actor=user,
            revision=_need(working),
            stage=d["stage"],
            comment=d.get("comment", ""),
            override_reason=d.get("override_reason", ""),
            request=request,
        )
        return _("已审核通过。")
    if key == "return":
        services.return_(
            actor=user,
            revision=_need(working),
            stage=d["stage"],
            comment=d["comment"],
            request=request,
        )
        return _("已退回撰稿人修改。")
    if key == "publish":
        services.publish_now(actor=user, revision=_need(working), request=request)
        return _("已发布。")
    if key == "schedule":
        services.schedule(actor=user, revision=_need(working), at=d["at"], request=request)
        return _("已设置定时发布。")
    if key == "withdraw":
        services.withdraw(actor=user, item=item, reason=d["reason"], request=request)
        return _("已撤稿，公开页面不再显示该信息。")
    if key == "discard":
        services.discard(actor=user, revision=_need(working), reason=d["reason"], request=request)
        return _("稿件已作废，不再出现在待办和发布期限中。")
    if key == "refile":
        entry = d.get("catalog_entry")
        services.item_refile(actor=user, item=item, catalog_entry=entry, request=request)
        return _("已调整到“%(e)s”。") % {"e": entry.name} if entry else _("已移出公开事项目录。")
    if key == "republish":
        revision = services.correct(actor=user, item=item, request=request)
        return _("已新建第 %(n)s 版重新发布稿，请修改后提交审核。") % {"n": revision.number}
    if key == "correct":
        revision = services.correct(actor=user, item=item, request=request)
        return _("已新建第 %(n)s 版更正稿，请修改后提交审核。") % {"n": revision.number}
    if key == "validity":
        services.validity_set(
            actor=user,
            item=item,
            validity=d["validity"],
            superseded_by=d.get("superseded_by"),
            on=d.get("on"),
            request=request,
        )
        return _("已标注文件效力。")
    if key == "link":
        services.interpretation_link(
            actor=user,
            interpretation=item,
            document=d["document"],
            unlink=d.get("unlink", False),
            request=request,
        )
        return _("已取消关联。") if d.get("unlink") else _("已关联被解读的文件。")
    if key == "channel":
        photo = None
        if d.get("photo"):
            try:
                (photo,) = attachments.accept([d["photo"]])
            except attachments.AttachmentError as exc:
                raise InvalidChange(str(exc)) from exc
        services.channel_record_add(
            actor=user,
            item=item,
            channel=d["channel"],
            date=d["date"],
            link=d.get("link", ""),
            photo=photo,
            note=d.get("note", ""),
            request=request,
        )
        return _("已登记公开渠道。")
    raise Http404()  # pragma: no cover


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _item_or_404(request, pk)
    working = selectors.working_revision(found)
    if working is None:
        messages.error(request, _("该信息没有可以修改的稿件；已发布的信息请先“更正”。"))
        return redirect("publishing:item", pk=found.pk)
    if request.method != "POST":
        form = EditForm(revision=working, initial=EditForm.initial_for(working))
        return _edit_page(request, found, working, form)
    form = EditForm(request.POST, request.FILES, revision=working)
    if form.is_valid():
        try:
            files = attachments.accept(form.cleaned_data["files"])
            services.revision_edit(
                actor=request.user,
                revision=working,
                content=form.content(change_note=form.cleaned_data.get("change_note", "")),
                files=files,
                remove_attachments=[int(x) for x in form.cleaned_data["remove_attachments"]],
                request=request,
            )
        except attachments.AttachmentError as exc:
            form.add_error("files", str(exc))
        except InvalidChange as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("publishing:item", pk=found.pk)
    return _edit_page(request, found, working, form, status=400)


def _edit_page(
    request: HttpRequest, item: Item, revision: Revision, form: Form, status: int = 200
) -> HttpResponse:
    return _render(
        request,
        "publishing/edit.html",
        {
            "item": item,
            "revision": revision,
            "form": form,
            "lock_message": presenters._lock_message(revision),
        },
        status,
    )


# --- 审批单 -----------------------------------------------------------------------------------


def _approval_revision(request: HttpRequest, item: Item) -> Revision:
    """``?v=<number>`` or the newest revision."""
    revisions = item.revisions.select_related("author")
    raw = request.GET.get("v", "")
    if raw.isdigit():
        return get_object_or_404(revisions, number=int(raw))
    revision = revisions.order_by("-number").first()
    if revision is None:
        raise Http404()
    return revision


@require_safe
@login_required
def approval(request: HttpRequest, pk: int) -> HttpResponse:
    found = _item_or_404(request, pk)
    revision = _approval_revision(request, found)
    document = approval_form.approval_document(found, revision)
    # The same HTML the PDF is printed from: what is on screen is what is on paper.
    return mark_personal(HttpResponse(document_html(document)))


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return mark_personal(response)


@require_safe
@login_required
def approval_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = _item_or_404(request, pk)
    revision = _approval_revision(request, found)
    document = approval_form.approval_document(found, revision)
    try:
        data = render_pdf(document)
    except PdfUnavailable as exc:
        return _render(request, "publishing/pdf_unavailable.html", {"why": str(exc)}, 503)
    return _download(data, "application/pdf", f"approval-{found.index_number}.pdf")


@require_safe
@login_required
def approval_docx(request: HttpRequest, pk: int) -> HttpResponse:
    found = _item_or_404(request, pk)
    revision = _approval_revision(request, found)
    document = approval_form.approval_document(found, revision)
    return _download(
        render_docx(document),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"approval-{found.index_number}.docx",
    )


# --- public ----------------------------------------------------------------------------------


def _portal_agency(slug: str) -> Agency:
    return get_object_or_404(web_selectors.portal_agencies(), slug=slug)


@require_safe
@public_page
def public_list(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = _portal_agency(agency_slug)
    items = selectors.public_items(agency)
    code = request.GET.get("entry", "")
    entry = None
    if code:
        subtree = presenters.entry_subtree(agency, code)
        if subtree is None:
            raise Http404()
        entry = subtree[0]
        items = items.filter(catalog_entry__in=subtree)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/public_list.html",
        {
            "agency": agency,
            "ancestors": web_selectors.ancestors(agency),
            "portal_section": "proactive",
            "page": page,
            "entry": entry,
            "entries": presenters.flatten(presenters.public_catalog(agency)),
        },
    )


@require_safe
@public_page
def public_item(request: HttpRequest, agency_slug: str, pk: int) -> HttpResponse:
    agency = _portal_agency(agency_slug)
    found = selectors.public_item(agency, pk)
    if found is None:
        # Never published, in review, or withdrawn: one answer for all, so the address of
        # a draft says nothing about it.
        raise Http404()
    revision = found.published_revision
    return render(
        request,
        "publishing/public_item.html",
        {
            "agency": agency,
            "ancestors": web_selectors.ancestors(agency),
            "portal_section": "proactive",
            "item": found,
            "revision": revision,
            "metadata": presenters.metadata_rows(found, revision),
            "body": presenters.public_body(revision),
            "attachments": list(revision.attachments.all()) if revision.body_is_public else [],
            "history": selectors.history(found),
            "interprets": list(selectors.documents_interpreted(found)),
            "interpreted_by": list(selectors.interpretations_of(found)),
            "superseded_by": (
                selectors.public_items().filter(pk=found.superseded_by_id).first()
                if found.superseded_by_id
                else None
            ),
        },
    )


@require_safe
def public_file(request: HttpRequest, agency_slug: str, pk: int, file_pk: int) -> HttpResponse:
    agency = _portal_agency(agency_slug)
    found = selectors.public_item(agency, pk)
    if found is None or not found.published_revision.body_is_public:
        raise Http404()
    attachment = get_object_or_404(Attachment, pk=file_pk, revision=found.published_revision)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- settings: the review chain and the publishing policy ------------------------------------


MAX_STAGES = 8


def _settings_agency(request: HttpRequest) -> Agency:
    editable = [
        a
        for a in permissions.member_agencies(request.user)
        if permissions.can_change_settings(request.user, a)
    ]
    raw = request.GET.get("agency", "")
    for agency in editable:
        if str(agency.pk) == raw or (not raw and len(editable) == 1):
            return agency
    permissions.require_change_settings(request.user, Agency(pk=0))
    raise Http404()  # pragma: no cover (require_change_settings refuses agency 0)


@require_http_methods(["GET", "POST"])
@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """An agency's review chain (the stages and the role of each) and its publishing
    policy (索引号 pattern, 机构代码, deadline). Changed by the agency's 信息公开工作机构
    负责人 or 主要领导; revisions already submitted keep the chain they started under."""
    from gongkai.agencies.models import Role
    from gongkai.proactive.review import Stage

    from .services import STAGE_ROLES, chain_save, policy_save

    agency = _settings_agency(request)
    policy = selectors.policy_for(agency)
    roles = [(r, Role(r).label) for r in STAGE_ROLES]
    error = ""
    if request.method == "POST":
        stages = []
        for i in range(MAX_STAGES):
            label = request.POST.get(f"stage-{i}-label", "").strip()
            role = request.POST.get(f"stage-{i}-role", "")
            if label:
                stages.append(Stage(request.POST.get(f"stage-{i}-key", ""), label, role))
        try:
            with transaction.atomic():
                policy_save(
                    actor=request.user,
                    agency=agency,
                    index_pattern=request.POST.get("index_pattern", ""),
                    agency_code=request.POST.get("agency_code", ""),
                    deadline_working_days=int(request.POST.get("deadline_working_days") or 0),
                    allow_one_person_two_stages=bool(request.POST.get("two_stages")),
                    request=request,
                )
                chain_save(actor=request.user, agency=agency, stages=stages, request=request)
        except (InvalidChange, ValueError) as exc:
            error = getattr(exc, "message", None) or str(exc)
        else:
            return redirect(f"{request.path}?agency={agency.pk}&saved=1")
        typed = {
            "index_pattern": request.POST.get("index_pattern", ""),
            "agency_code": request.POST.get("agency_code", ""),
            "deadline_working_days": request.POST.get("deadline_working_days", ""),
            "two_stages": bool(request.POST.get("two_stages")),
        }
        rows = [
            {
                "key": request.POST.get(f"stage-{i}-key", ""),
                "label": request.POST.get(f"stage-{i}-label", ""),
                "role": request.POST.get(f"stage-{i}-role", ""),
            }
            for i in range(MAX_STAGES)
        ]
    else:
        typed = {
            "index_pattern": policy.index_pattern,
            "agency_code": selectors.agency_code(agency),
            "deadline_working_days": policy.deadline_working_days,
            "two_stages": policy.allow_one_person_two_stages,
        }
        chain = list(selectors.chain_for(agency))
        rows = [{"key": s.key, "label": s.label_zh, "role": s.role} for s in chain]
        rows += [{"key": "", "label": "", "role": ""}] * (MAX_STAGES - len(rows))
    return _render(
        request,
        "publishing/settings.html",
        {"agency": agency, "typed": typed, "rows": rows, "roles": roles, "error": error},
        status=400 if error else 200,
    )
