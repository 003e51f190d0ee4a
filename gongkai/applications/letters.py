"""Letters of a case (告知书, 补正通知书, 延期答复告知书, 征求第三方意见函, 收费通知书, 回执):
filled from the case, editable by the clerk before issuing, rendered as DOCX and PDF, and
kept with the case exactly as issued.

The texts come from ``gongkai.officialdoc.letters_zh`` unless the office (or the site) has
its own version (``LetterTemplate``). The legal ground of each outcome and the remedies come
from the decisions registry (``gongkai.disclosure.outcomes``), the one place that knows
them, so a letter and table 三 can never disagree about what a decision was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.accounts.permissions import can_manage_people
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.selectors import nearest_setting
from gongkai.audit.services import audit_record
from gongkai.disclosure.lifecycle import Step
from gongkai.disclosure.outcomes import OUTCOMES
from gongkai.disclosure.receipt import RULES, Channel
from gongkai.officialdoc import TemplateError, render_docx, render_pdf
from gongkai.officialdoc.letters_zh import DEFAULT_LETTERS
from gongkai.officialdoc.letters_zh import LetterTemplate as DefaultLetter

from . import permissions
from .models import Application, CaseStep, Letter, LetterTemplate
from .selectors import case_deadlines, policy_for, today

DEFAULT_COURT = "有管辖权的人民法院"


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _due_text(due) -> str:
    if due is None:
        return ""
    return zh_date(due.date) + ("（暂定）" if due.provisional else "")


def template_for(agency: Agency, key: str) -> tuple[DefaultLetter, str, LetterTemplate | None]:
    """The letter's default, the text in force for ``agency`` (its own, the nearest one
    above it, the site's, or the default) and the row it came from."""
    default = DEFAULT_LETTERS[key]
    row = nearest_setting(LetterTemplate.objects.filter(key=key), agency)
    return default, (row.body if row else default.body), row


def review_body(agency: Agency) -> str:
    """Since the 2023 行政复议法, the 复议机关 of a township or a department is normally the
    government above it; an office that knows better sets it in its policy."""
    policy = policy_for(agency)
    if policy.review_body:
        return policy.review_body
    parent = agency.parent
    return parent.name if parent else _("上一级人民政府")


def decision_key(application: Application) -> str:
    outcomes = [OUTCOMES[i.outcome] for i in application.items.all() if i.outcome in OUTCOMES]
    if outcomes and all(o.key == "granted" for o in outcomes):
        return "decision_granted"
    if any(o.provides_information for o in outcomes) and not all(
        o.provides_information for o in outcomes
    ):
        return "decision_partial" if len(outcomes) == 1 else "decision"
    return "decision"


def context_for(application: Application, key: str) -> dict[str, str]:
    """Every placeholder the letter ``key`` documents, filled from the case where the case
    knows it; the rest left empty for the clerk to write."""
    app = application
    steps = list(app.steps.order_by("date", "id"))
    deadlines = case_deadlines(app, steps)
    policy = policy_for(app.agency)
    items = list(app.items.order_by("position"))
    context: dict[str, str] = {
        "申请人": app.applicant_name,
        "申请编号": app.number,
        "收到日期": zh_date(app.received_on) if app.received_on else "",
        "申请内容": "；".join(i.description for i in items) or app.description,
        "联系人": "",
        "联系电话": "",
        "申请方式": RULES[Channel(app.channel)].label_zh,
        "答复期限": _due_text(deadlines.answer),
    }

    def last(step: Step) -> CaseStep | None:
        found = [s for s in steps if s.step == step]
        return found[-1] if found else None

    if key == "correction_notice":
        requested = last(Step.CORRECTION_REQUESTED)
        context["补正事项"] = requested.note if requested else ""
    elif key == "extension_notice":
        extended = last(Step.EXTENDED)
        if extended:
            context["延期理由"] = extended.note
            context["延长工作日"] = str(extended.n or "")
        context["新答复期限"] = _due_text(deadlines.answer)
    elif key == "third_party_consultation":
        consulted = last(Step.THIRD_PARTY_CONSULTED)
        context["第三方"] = consulted.party if consulted else ""
    elif key == "fee_notice":
        notice = last(Step.FEE_NOTICE)
        if notice:
            data = notice.data
            context["计费方式"] = (
                "按件计收" if data.get("method") == "per_application" else "按量计收"
            )
            context["计费明细"] = data.get("explanation", "")
            context["收费金额"] = str(data.get("amount", ""))
            if data.get("method") == "per_application":
                context["收费说明"] = (
                    f"您（单位）本月内已提出政府信息公开申请{data.get('nth_in_month')}件"
                )
            else:
                context["收费说明"] = f"本机关需向您（单位）提供的信息共{data.get('quantity')}页"
        fee_due = deadlines.dues.get("fee_payment")
        context["缴费截止日期"] = _due_text(fee_due)
        if policy.fee_pauses_answer_clock:
            context["期限说明"] = (
                "自您（单位）收到本通知之日起至缴纳费用之日止的期间，不计算在答复期限内。"
            )
    elif key.startswith("decision"):
        decided = [(i, OUTCOMES.get(i.outcome)) for i in items]
        answers = [
            (f"{n}. " if len(items) > 1 else "") + (i.answer or (o.label_zh if o else ""))
            for n, (i, o) in enumerate(decided, 1)
        ]
        context["答复内容"] = "\n".join(a for a in answers if a)
        grounds = []
        for n, (_item, o) in enumerate(decided, 1):
            if o is None or not o.ground_zh:
                continue
            sentence = f"{o.legal_basis_zh}，{o.ground_zh}" if o.legal_basis_zh else o.ground_zh
            grounds.append((f"第{n}项：" if len(decided) > 1 else "") + sentence)
        context["依据"] = "\n".join(grounds)
        review_first = any(o.review_first for _i, o in decided if o)
        from gongkai.disclosure.outcomes import remedy_text

        context["救济途径"] = remedy_text(
            review_body(app.agency), policy.court or DEFAULT_COURT, review_first=review_first
        )
        if key == "decision_granted":
            context["提供方式"] = "\n".join(i.answer for i in items if i.answer)
    allowed = DEFAULT_LETTERS[key].placeholders_documented
    return {k: v for k, v in context.items() if k in allowed}


@dataclass(frozen=True)
class Draft:
    key: str
    title: str
    text: str  # the template text in force
    context: dict[str, str]


def letter_draft(application: Application, key: str) -> Draft:
    if key not in DEFAULT_LETTERS:
        raise InvalidChange(_("未知的文书类型：%(key)s") % {"key": key})
    default, text, _row = template_for(application.agency, key)
    return Draft(key, default.title, text, context_for(application, key))


@transaction.atomic
def letter_issue(
    *,
    actor,
    application: Application,
    key: str,
    context: dict[str, str] | None = None,
    date: dt.date | None = None,
    request=None,
) -> Letter:
    """Fill the letter (the clerk's edits of the context win), render DOCX and PDF, keep
    both with the filled text. A PDF that cannot be made (fonts or libraries missing) does
    not stop the letter: the DOCX is what gets printed and stamped."""
    permissions.require_handle(actor, application.agency)
    draft = letter_draft(application, key)
    filled_context = {**draft.context, **{k: v.strip() for k, v in (context or {}).items()}}
    # An empty value is a missing value: the template then names the placeholder, instead
    # of printing a letter with a hole in it ("请于前补正").
    filled_context = {k: v for k, v in filled_context.items() if v}
    default = DEFAULT_LETTERS[key]
    try:
        document = default.document(
            filled_context, agency=application.agency.name, date=date or today(), text=draft.text
        )
    except TemplateError as exc:
        raise InvalidChange(str(exc)) from exc
    letter = Letter(
        application=application,
        key=key,
        title=document.title or default.title,
        text=document.plain_text(),
        created_by=actor,
    )
    stem = f"{application.number}-{key}"
    letter.docx.save(f"{stem}.docx", ContentFile(render_docx(document)), save=False)
    try:
        letter.pdf.save(f"{stem}.pdf", ContentFile(render_pdf(document)), save=False)
    except Exception as exc:  # noqa: BLE001 — any renderer failure: keep the DOCX, say so
        letter.pdf = ""
        audit_note = f"PDF 未生成：{exc}"[:200]
    else:
        audit_note = ""
    letter.save()
    audit_record(
        kind="applications.letter_issued",
        actor=actor,
        agency=application.agency,
        obj=application,
        after={"letter": letter.pk, "key": key, "title": letter.title},
        request=request,
        note=audit_note,
    )
    return letter


# --- the office's own texts --------------------------------------------------------------


def can_edit_templates(user, agency: Agency | None) -> bool:
    """An office's 信息公开工作机构负责人 edits its own letters; the 系统管理员 the site's."""
    if agency is None:
        return can_manage_people(user)
    return Membership.objects.filter(
        person=user, agency=agency, role__in=(Role.DISCLOSURE_HEAD, Role.SUPERVISOR_ADMIN)
    ).exists()


@transaction.atomic
def template_save(*, actor, agency: Agency | None, key: str, body: str, request=None):
    if not can_edit_templates(actor, agency):
        raise NotAllowed(
            _("只有本机关信息公开工作机构负责人（全站模板：系统管理员）可以修改文书模板。")
        )
    if key not in DEFAULT_LETTERS:
        raise InvalidChange(_("未知的文书类型：%(key)s") % {"key": key})
    default = DEFAULT_LETTERS[key]
    found = default.problems(body)
    if found:
        raise InvalidChange("；".join(str(p) for p in found))
    row, _created = LetterTemplate.objects.get_or_create(
        agency=agency, key=key, defaults={"title": default.title, "body": body, "updated_by": actor}
    )
    before = {"body": row.body} if not _created else None
    row.body, row.updated_by = body, actor
    row.save()
    audit_record(
        kind="applications.template_saved",
        actor=actor,
        agency=agency,
        obj=row,
        before=before,
        after={"key": key, "body": body},
        request=request,
    )
    return row
