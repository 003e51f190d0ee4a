"""Every change to an application goes through here: permission, the lifecycle's rules,
the clocks' rules, the log, the audit entry — in one transaction, or not at all."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency
from gongkai.audit.services import audit_record
from gongkai.disclosure.lifecycle import (
    CONCLUDING_OUTCOMES,
    STEP_LABELS_ZH,
    LoggedStep,
    Status,
    Step,
    StepNotAllowed,
    advance,
    clock_events,
    replay,
)
from gongkai.disclosure.receipt import Channel, ReceiptError, receipt_date
from gongkai.workdays import ClockError, deadlines

from . import permissions
from .attachments import Accepted
from .models import Application, ApplicationItem, CaseFile, CaseStep
from .selectors import clock_settings, logged, policy_for, today, work_calendar

# Letters without 0/O and 1/I/L: the code is read aloud over the phone and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
SECRET_DIGITS = 6


@dataclass(frozen=True)
class Intake:
    """What the applicant states (the fields of the application form)."""

    applicant_type: str
    applicant_name: str
    description: str
    id_document: str = ""
    id_number: str = ""
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    purpose: str = ""
    delivery: str = "paper_post"
    items: tuple[str, ...] = ()


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _secret() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(SECRET_DIGITS))


def _next_number(agency: Agency, year: int) -> str:
    prefix = f"{year}-"
    last = (
        Application.objects.filter(agency=agency, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _create(agency: Agency, intake: Intake, channel: Channel, actor) -> tuple[Application, str]:
    secret = _secret()
    fields = {k: v for k, v in intake.__dict__.items() if k != "items"}
    for attempt in range(5):
        try:
            with transaction.atomic():
                app = Application.objects.create(
                    agency=agency,
                    number=_next_number(agency, today().year),
                    tracking_code=_code(),
                    secret_hash=make_password(secret),
                    channel=channel,
                    created_by=actor if actor and actor.is_authenticated else None,
                    **fields,
                )
                break
        except IntegrityError:
            # Two intakes at the same moment took the same number: take the next one.
            if attempt == 4:
                raise
    items = [t.strip() for t in intake.items if t.strip()] or [intake.description]
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=app, position=i, description=text)
        for i, text in enumerate(items, 1)
    )
    return app, secret


def _attach(app: Application, files: list[Accepted], step: CaseStep | None = None) -> None:
    for f in files:
        case_file = CaseFile(
            application=app, step=step, name=f.name, kind=f.kind, size=len(f.data), sha256=f.sha256
        )
        case_file.file.save(f"{f.sha256[:16]}.{f.kind}", ContentFile(f.data), save=False)
        case_file.save()


def _snapshot(app: Application) -> dict[str, Any]:
    return {"status": app.status, "handler": app.handler_id}


@transaction.atomic
def application_submit_online(
    *, agency: Agency, intake: Intake, files: list[Accepted] = (), request=None
) -> tuple[Application, str]:
    """The public form. The application is *submitted*, not yet *received*: for an online
    application the receipt date is the day both sides confirm (第三十一条), which the clerk
    records with ``application_receive``. Returns the case and the applicant's secret,
    shown once on the receipt page."""
    app, secret = _create(agency, intake, Channel.ONLINE, None)
    step = CaseStep.objects.create(
        application=app, step=Step.SUBMITTED, date=today(), actor_name=intake.applicant_name
    )
    _attach(app, list(files), step)
    audit_record(
        kind="applications.submitted",
        agency=agency,
        obj=app,
        after={"number": app.number, "channel": app.channel},
        request=request,
        actor_name=_("申请人（网上）"),
    )
    return app, secret


@transaction.atomic
def application_register(
    *,
    actor,
    agency: Agency,
    intake: Intake,
    channel: Channel,
    received_on: dt.date | None,
    files: list[Accepted] = (),
    request=None,
) -> tuple[Application, str]:
    """A clerk enters an application that came by letter, visit, fax or e-mail, with the
    receipt date the channel's rule asks for."""
    permissions.require_handle(actor, agency)
    if channel == Channel.ONLINE:
        raise InvalidChange(_("网上申请由申请人在门户网站提交，请选择实际的申请方式。"))
    try:
        received_on = receipt_date(channel, received_on, today())
    except ReceiptError as exc:
        raise InvalidChange(str(exc)) from exc
    app, secret = _create(agency, intake, channel, actor)
    CaseStep.objects.create(
        application=app, step=Step.SUBMITTED, date=received_on, actor=actor, actor_name=str(actor)
    )
    _attach(app, list(files))
    audit_record(
        kind="applications.registered",
        actor=actor,
        agency=agency,
        obj=app,
        after={"number": app.number, "channel": app.channel},
        request=request,
    )
    _record(actor, app, LoggedStep(Step.RECEIVED, received_on), request=request)
    app.refresh_from_db()
    return app, secret


def _locked(app: Application) -> Application:
    return Application.objects.select_for_update().select_related("agency").get(pk=app.pk)


def _record(
    actor,
    app: Application,
    new: LoggedStep,
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
    request=None,
) -> CaseStep:
    """Append one step after checking it against the replayed log and the clocks."""
    app = _locked(app)
    history = list(app.steps.order_by("date", "id"))
    state = replay(logged(history))
    try:
        after = advance(state, new)
    except StepNotAllowed as exc:
        raise InvalidChange(str(exc)) from exc
    if new.date > today():
        raise InvalidChange(
            _("“%(step)s”的日期 %(date)s 晚于今天，请检查。")
            % {"step": STEP_LABELS_ZH[new.step], "date": new.date.isoformat()}
        )
    # Notes and assignments carry the day they were typed, not a legal date: a step
    # entered late from the paper file may still go before them.
    dated = [s.date for s in history if s.step not in (Step.NOTE, Step.ASSIGNED)]
    if dated and new.step not in (Step.NOTE, Step.ASSIGNED) and new.date < max(dated):
        raise InvalidChange(
            _("办理事项须按时间先后登记：“%(step)s”的日期不能早于上一项的日期（%(last)s）。")
            % {"step": STEP_LABELS_ZH[new.step], "last": max(dated).isoformat()}
        )
    # The clocks must be able to read the log with the new step; their message says why not.
    events = clock_events([*logged(history), new])
    if events:
        try:
            deadlines(work_calendar(), events, clock_settings(policy_for(app.agency)))
        except ClockError as exc:
            raise InvalidChange(str(exc)) from exc
    step = CaseStep.objects.create(
        application=app,
        step=new.step,
        date=new.date,
        party=new.party,
        n=new.n,
        due_date=new.due_date,
        note=note,
        data=data or {},
        actor=actor if actor and actor.is_authenticated else None,
        actor_name=str(actor) if actor else "",
    )
    before = _snapshot(app)
    app.status = after.status
    app.received_on = after.received
    app.concluded_on = after.concluded_on
    app.save(update_fields=["status", "received_on", "concluded_on"])
    audit_record(
        kind=f"applications.{new.step.value}",
        actor=actor,
        agency=app.agency,
        obj=app,
        before=before,
        after={
            **_snapshot(app),
            "date": new.date.isoformat(),
            **({"party": new.party} if new.party else {}),
        },
        request=request,
        note=note,
    )
    return step


def _handler_only(actor, app: Application) -> None:
    permissions.require_handle(actor, app.agency)


@transaction.atomic
def application_receive(*, actor, application: Application, received_on: dt.date, request=None):
    """Confirm an online application's receipt (the day both sides confirmed)."""
    _handler_only(actor, application)
    try:
        received_on = receipt_date(Channel(application.channel), received_on, today())
    except ReceiptError as exc:
        raise InvalidChange(str(exc)) from exc
    return _record(actor, application, LoggedStep(Step.RECEIVED, received_on), request=request)


@transaction.atomic
def application_assign(*, actor, application: Application, handler, request=None) -> None:
    _handler_only(actor, application)
    if handler is not None and not permissions.can_handle(handler, application.agency):
        raise InvalidChange(_("承办人必须是本机关的工作人员。"))
    app = _locked(application)
    app.handler = handler
    app.save(update_fields=["handler"])
    _record(
        actor,
        app,
        LoggedStep(Step.ASSIGNED, today()),
        note=str(handler) if handler else _("取消指定"),
        data={"handler": handler.pk if handler else None},
        request=request,
    )


@transaction.atomic
def note_add(*, actor, application: Application, text: str, request=None) -> CaseStep:
    _handler_only(actor, application)
    if not text.strip():
        raise InvalidChange(_("备注不能为空。"))
    return _record(
        actor, application, LoggedStep(Step.NOTE, today()), note=text.strip(), request=request
    )


# The steps a clerk records with a date and optional note; the richer ones have their own
# functions below.
SIMPLE_STEPS = frozenset(
    {
        Step.CORRECTION_REQUESTED,
        Step.CORRECTION_RECEIVED,
        Step.CORRECTION_LAPSED,
        Step.THIRD_PARTY_CONSULTED,
        Step.THIRD_PARTY_REPLIED,
        Step.AGENCY_CONSULTED,
        Step.AGENCY_REPLIED,
        Step.FEE_PAID,
        Step.FEE_LAPSED,
        Step.DELIVERED,
        Step.WITHDRAWN,
    }
)


@transaction.atomic
def step_record(
    *,
    actor,
    application: Application,
    step: Step,
    date: dt.date,
    party: str = "",
    note: str = "",
    files: list[Accepted] = (),
    request=None,
) -> CaseStep:
    _handler_only(actor, application)
    step = Step(step)
    if step not in SIMPLE_STEPS:
        raise InvalidChange(_("“%(step)s”请在专门的表单中登记。") % {"step": STEP_LABELS_ZH[step]})
    data = {}
    if step in CONCLUDING_OUTCOMES:
        data["outcome"] = CONCLUDING_OUTCOMES[step]
    recorded = _record(
        actor,
        application,
        LoggedStep(step, date, party=party.strip()),
        note=note,
        data=data,
        request=request,
    )
    _attach(application, list(files), recorded)
    if step in CONCLUDING_OUTCOMES:
        # Every item of the application ends with the same outcome: it was not handled.
        ApplicationItem.objects.filter(application=application).update(
            outcome=CONCLUDING_OUTCOMES[step]
        )
    return recorded


@transaction.atomic
def extension_approve(
    *, actor, application: Application, date: dt.date, days: int, reason: str, request=None
) -> CaseStep:
    """第三十三条: once, at most 20 working days, approved by the head of the office."""
    permissions.require_approve_extension(actor, application.agency)
    if not reason.strip():
        raise InvalidChange(_("请填写延期的理由：告知书须向申请人说明。"))
    return _record(
        actor,
        application,
        LoggedStep(Step.EXTENDED, date, n=days),
        note=reason.strip(),
        data={"approver": str(actor)},
        request=request,
    )


@transaction.atomic
def custom_due_set(
    *, actor, application: Application, date: dt.date, due_date: dt.date, reason: str, request=None
) -> CaseStep:
    """第三十五条: a reasonable later deadline for a request of unreasonable volume."""
    _handler_only(actor, application)
    if due_date <= date:
        raise InvalidChange(_("另行确定的答复期限应当晚于确定它的日期。"))
    if not reason.strip():
        raise InvalidChange(_("请说明另行确定答复期限的理由。"))
    return _record(
        actor,
        application,
        LoggedStep(Step.CUSTOM_DUE_SET, date, due_date=due_date),
        note=reason.strip(),
        request=request,
    )


@transaction.atomic
def decide(
    *,
    actor,
    application: Application,
    date: dt.date,
    outcomes: dict[int, str],
    answers: dict[int, str] | None = None,
    request=None,
) -> CaseStep:
    """Record the outcome of every item (decisions as data: keys of OUTCOMES)."""
    from gongkai.disclosure.outcomes import OUTCOMES

    _handler_only(actor, application)
    items = list(application.items.all())
    answers = answers or {}
    missing = [i.position for i in items if i.pk not in outcomes]
    if missing:
        raise InvalidChange(
            _("第 %(n)s 项申请内容还没有选择处理结果。") % {"n": "、".join(map(str, missing))}
        )
    unknown = [k for k in outcomes.values() if k not in OUTCOMES]
    if unknown:
        raise InvalidChange(_("未知的处理结果：%(k)s") % {"k": unknown[0]})
    recorded = _record(
        actor,
        application,
        LoggedStep(Step.DECIDED, date),
        data={"outcomes": {str(i.position): outcomes[i.pk] for i in items}},
        request=request,
    )
    for item in items:
        item.outcome = outcomes[item.pk]
        item.answer = answers.get(item.pk, "").strip()
        item.save(update_fields=["outcome", "answer"])
    return recorded


def tracking_lookup(code: str, secret: str) -> Application | None:
    """The applicant's own case, or None: the same answer for a wrong code and a wrong
    secret, so the page does not tell which codes exist."""
    app = Application.objects.filter(tracking_code=code.strip().upper()).first()
    if app is None:
        make_password(secret)  # the same work either way: no timing difference
        return None
    return app if check_password(secret.strip(), app.secret_hash) else None


__all__ = [
    "Intake",
    "NotAllowed",
    "Status",
    "application_assign",
    "application_receive",
    "application_register",
    "application_submit_online",
    "custom_due_set",
    "decide",
    "extension_approve",
    "note_add",
    "step_record",
    "tracking_lookup",
]


# --- 信息处理费 (第四十二条, 国办函〔2020〕109号) -------------------------------------------------


def _same_applicant(app: Application):
    """Applications of the same applicant to the same office: by ID number when known,
    else by name and phone (109号 counts 按件 per applicant)."""
    same = Application.objects.filter(agency=app.agency)
    if app.id_number:
        return same.filter(id_number=app.id_number)
    return same.filter(applicant_name=app.applicant_name, phone=app.phone)


def nth_in_month(app: Application) -> int:
    """This application's rank among the applicant's applications received this month."""
    assert app.received_on is not None
    month = app.received_on.replace(day=1)
    earlier = (
        _same_applicant(app)
        .filter(received_on__gte=month, received_on__lte=app.received_on)
        .exclude(pk=app.pk)
    )
    earlier = earlier.exclude(received_on=app.received_on, pk__gt=app.pk)
    return earlier.count() + 1


def fee_quote(app: Application, method: str, pages: int | None = None):
    """The fee this application would owe by ``method`` under its office's policy."""
    from gongkai.disclosure.fees import FeeMethod, FeePolicy

    policy = policy_for(app.agency)
    fee_policy = FeePolicy(exempt_columns=frozenset(policy.fee_exempt_types or ()))
    method = FeeMethod(method)
    if method is FeeMethod.PER_PAGE:
        if not pages or pages < 1:
            raise InvalidChange(_("按量收费请填写提供信息的页数。"))
        return fee_policy.fee_for(method, pages=pages, applicant_column=app.applicant_type)
    return fee_policy.fee_for(
        method, nth_in_month=nth_in_month(app), applicant_column=app.applicant_type
    )


@transaction.atomic
def fee_notice(
    *,
    actor,
    application: Application,
    date: dt.date,
    method: str,
    pages: int | None = None,
    request=None,
) -> CaseStep:
    """Record a 收费通知: ``date`` is the day the applicant received it, from which the
    20 working days to pay run. A fee that comes to nothing is not noticed at all."""
    _handler_only(actor, application)
    if application.received_on is None:
        raise InvalidChange(_("请先确认收到申请。"))
    fee = fee_quote(application, method, pages)
    if fee.amount == 0:
        raise InvalidChange(_("按规定本申请不收取信息处理费：%(why)s") % {"why": fee.explain_zh()})
    return _record(
        actor,
        application,
        LoggedStep(Step.FEE_NOTICE, date),
        data={
            "method": fee.method.value,
            "quantity": fee.quantity,
            "nth_in_month": fee.nth_in_month,
            "amount": fee.amount,
            "explanation": fee.explain_zh(),
        },
        request=request,
    )


# --- 行政复议 / 行政诉讼 (table 四) ------------------------------------------------------------


@transaction.atomic
def appeal_record(
    *,
    actor,
    application: Application,
    kind: str,
    filed_on: dt.date,
    body: str = "",
    note: str = "",
    request=None,
):
    from .models import Appeal, AppealKind

    _handler_only(actor, application)
    if kind not in AppealKind.values:
        raise InvalidChange(_("请选择行政复议或行政诉讼的类型。"))
    if application.received_on and filed_on < application.received_on:
        raise InvalidChange(_("提起复议或诉讼的日期不能早于收到申请的日期。"))
    if filed_on > today():
        raise InvalidChange(_("提起日期晚于今天，请检查。"))
    appeal = Appeal.objects.create(
        application=application,
        kind=kind,
        filed_on=filed_on,
        body=body.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    audit_record(
        kind="applications.appeal_recorded",
        actor=actor,
        agency=application.agency,
        obj=application,
        after={"appeal": appeal.pk, "kind": kind, "filed_on": filed_on.isoformat()},
        request=request,
    )
    return appeal


@transaction.atomic
def appeal_conclude(*, actor, appeal, result: str, decided_on: dt.date | None, request=None):
    """Record the result: 维持 / 纠正 / 其他 need the date; 尚未审结 clears it."""
    from .models import Appeal, AppealResult

    appeal = (
        Appeal.objects.select_for_update().select_related("application__agency").get(pk=appeal.pk)
    )
    _handler_only(actor, appeal.application)
    if result not in AppealResult.values:
        raise InvalidChange(_("请选择复议或诉讼的结果。"))
    if result == AppealResult.PENDING:
        decided_on = None
    elif decided_on is None:
        raise InvalidChange(_("请填写审结日期。"))
    elif decided_on < appeal.filed_on or decided_on > today():
        raise InvalidChange(_("审结日期应在提起日期和今天之间。"))
    before = {"result": appeal.result, "decided_on": str(appeal.decided_on or "")}
    appeal.result, appeal.decided_on = result, decided_on
    appeal.save(update_fields=["result", "decided_on"])
    audit_record(
        kind="applications.appeal_updated",
        actor=actor,
        agency=appeal.application.agency,
        obj=appeal.application,
        before=before,
        after={"result": result, "decided_on": str(decided_on or "")},
        request=request,
    )
    return appeal
