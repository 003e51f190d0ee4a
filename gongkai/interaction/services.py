"""Writing messages: every change checks permission here and leaves an audit entry.

Text is stored exactly as typed; it is escaped when shown (Django's autoescape, no
``|safe`` anywhere in this app), so a ``<script>`` in a message is only ever text.

Publication (``publish``) refuses while the public text still holds personal data: the
question is published as ``masked_body`` (prefilled by ``mask`` on reply, editable by the
clerk), and the reply itself must carry no 身份证号, mobile or bank-card number (C-3
errors). Landlines and e-mail (C-3 warnings) are usually the office's own and do not block.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency
from gongkai.audit.services import audit_record
from gongkai.lexicon.selectors import active_dictionary
from gongkai.screening import ScreeningFinding, Severity, mask, screen_text

from .models import ANSWERED, RECORDED_CHANNELS, Channel, Kind, Message, MessagePolicy, Status
from .permissions import require_handle

MAX_TITLE = 100
MAX_BODY = 2000
MAX_REPLY = 10000

_REF_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
# The 查询码: six digits, as the applications' 查询密码 (a phone keypad is enough). Guessing
# is stopped by the look-up page's throttle (per session, address and reference).
SECRET_DIGITS = 6

# Bounds of the answer clocks an office may set (``policy_save``). 找错: 国办秘函〔2019〕19号
# asks for an answer within 3 working days, so an office may be stricter, never slower.
# 留言咨询: no national figure; local rules run from 3 to 15 working days, and anything
# near 60 working days would meet the 19号 three-month red line before the deadline.
ANSWER_DAYS_BOUNDS = (1, 30)
ERROR_REPORT_DAYS_BOUNDS = (1, 3)


def _reference(day: dt.date) -> str:
    while True:
        ref = f"LY{day:%Y%m%d}" + "".join(secrets.choice(_REF_CHARS) for _ in range(5))
        if not Message.objects.filter(reference=ref).exists():
            return ref


def _plain(data: dict) -> dict:
    """Dates as ISO text: the audit log keeps plain JSON."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def _check_text(title: str, body: str) -> None:
    """The services' own bounds, whatever form called them: nothing empty or oversized
    is stored."""
    if not title.strip() or not body.strip():
        raise InvalidChange(_("标题和内容都不能为空。"))
    if len(title) > MAX_TITLE or len(body) > MAX_BODY:
        raise InvalidChange(
            _("标题不能超过 %(t)s 字，内容不能超过 %(b)s 字。") % {"t": MAX_TITLE, "b": MAX_BODY}
        )


def blocking_findings(text: str) -> list[ScreeningFinding]:
    """Personal data that must not be published: C-3 errors (身份证号, mobile, bank card)."""
    return [
        f
        for f in screen_text(text, active_dictionary())
        if f.rule == "C-3" and f.severity == Severity.ERROR
    ]


def screen(text: str) -> list[ScreeningFinding]:
    return screen_text(text, active_dictionary())


def _secret() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(SECRET_DIGITS))


def submit_public(
    *,
    agency: Agency,
    channel: str,
    kind: str,
    title: str,
    body: str,
    submitter_name: str = "",
    submitter_contact: str = "",
    page_url: str = "",
    request=None,
) -> tuple[Message, str]:
    """A citizen's message from the portal (留言咨询 or 找错), received today. Returns the
    message and its 查询码 (shown once on the receipt, stored only as a hash)."""
    if channel not in (Channel.PORTAL, Channel.ERROR_REPORT):
        raise InvalidChange(_("网上只能提交留言咨询或网站找错。"))
    _check_text(title, body)
    if channel == Channel.ERROR_REPORT:
        kind = Kind.ERROR
    day = timezone.localdate()
    secret = _secret()
    message = Message.objects.create(
        agency=agency,
        reference=_reference(day),
        secret_hash=make_password(secret),
        channel=channel,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        submitter_name=submitter_name.strip(),
        submitter_contact=submitter_contact.strip(),
        page_url=page_url.strip(),
        received_at=day,
        first_received_at=day,
    )
    audit_record(
        kind="interaction.submitted",
        agency=agency,
        obj=message,
        after=_plain({"channel": channel, "kind": kind}),
        request=request,
        actor_name="留言人（网上）",
    )
    return message, secret


def record_other_channel(
    *,
    actor,
    agency: Agency,
    channel: str,
    kind: str,
    received_at: dt.date,
    title: str,
    body: str,
    submitter_name: str = "",
    submitter_contact: str = "",
    reply: str = "",
    replied_at: dt.date | None = None,
    request=None,
) -> Message:
    """A message received through 微博, 微信, 12345, 信箱, 电话 …, entered by a clerk, with
    its reply when it was answered there already (so the year's counts include it)."""
    require_handle(actor, agency)
    if channel not in RECORDED_CHANNELS:
        raise InvalidChange(_("请选择收到留言的渠道（微博、微信、12345热线、信箱、电话或其他）。"))
    _check_text(title, body)
    if received_at > timezone.localdate():
        raise InvalidChange(_("收到日期不能晚于今天。"))
    if bool(reply.strip()) != bool(replied_at):
        raise InvalidChange(_("已经答复的，请同时填写答复内容和答复日期；尚未答复的，两项都不填。"))
    if replied_at and replied_at < received_at:
        raise InvalidChange(_("答复日期不能早于收到日期。"))
    with transaction.atomic():
        message = Message.objects.create(
            agency=agency,
            reference=_reference(received_at),
            channel=channel,
            kind=kind,
            title=title.strip(),
            body=body.strip(),
            submitter_name=submitter_name.strip(),
            submitter_contact=submitter_contact.strip(),
            received_at=received_at,
            first_received_at=received_at,
            status=Status.REPLIED if replied_at else Status.PENDING,
            reply=reply.strip(),
            replied_at=replied_at,
            replied_by=actor if replied_at else None,
            masked_body=mask(body.strip(), screen(body.strip())) if replied_at else "",
        )
        audit_record(
            kind="interaction.recorded",
            actor=actor,
            agency=agency,
            obj=message,
            after=_plain(
                {"channel": channel, "received_at": received_at, "replied_at": replied_at}
            ),
            request=request,
        )
    return message


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update().select_related("agency").get(pk=message.pk)


def route(
    *, actor, message: Message, to_agency: Agency, reason: str, on: dt.date | None = None,
    request=None,
) -> Message:  # fmt: skip
    """转办: the message is closed here (已转办) and a new one is opened at ``to_agency``,
    received on ``on`` (default today): its clock starts then (see models)."""
    require_handle(actor, message.agency)
    if not reason.strip():
        raise InvalidChange(_("请写明转办理由，例如“属于石桥镇职责范围”。"))
    on = on or timezone.localdate()
    with transaction.atomic():
        message = _locked(message)
        if message.status != Status.PENDING:
            raise InvalidChange(_("只有待处理的留言可以转办。"))
        if to_agency.pk == message.agency_id:
            raise InvalidChange(_("不能转办给本机关。"))
        if on < message.received_at:
            raise InvalidChange(_("转办日期不能早于收到留言的日期。"))
        copy = Message.objects.create(
            agency=to_agency,
            reference=_reference(on),
            channel=message.channel,
            kind=message.kind,
            title=message.title,
            body=message.body,
            submitter_name=message.submitter_name,
            submitter_contact=message.submitter_contact,
            page_url=message.page_url,
            secret_hash=message.secret_hash,
            received_at=on,
            first_received_at=message.first_received_at,
            routed_from=message.agency,
            origin=message,
            route_reason=reason.strip()[:500],
        )
        message.status = Status.ROUTED
        message.route_reason = reason.strip()[:500]
        message.save(update_fields=["status", "route_reason"])
        audit_record(
            kind="interaction.routed",
            actor=actor,
            agency=message.agency,
            obj=message,
            after=_plain({"to": to_agency.name, "new_reference": copy.reference, "on": on}),
            note=reason,
            request=request,
        )
    return copy


def reply(
    *,
    actor,
    message: Message,
    text: str,
    masked_body: str | None = None,
    on: dt.date | None = None,
    request=None,
) -> list[ScreeningFinding]:
    """Answer the message (or correct the answer). The question's public version is
    ``masked_body`` if the clerk edited it, else the question with personal data masked.
    Returns the screening findings of the reply for the clerk to see; personal data in it
    blocks publication (``publish``), not the reply itself: the citizen may need it."""
    require_handle(actor, message.agency)
    text = text.strip()
    if not text:
        raise InvalidChange(_("请填写答复内容。"))
    if len(text) > MAX_REPLY:
        raise InvalidChange(_("答复内容不能超过 %(n)s 字。") % {"n": MAX_REPLY})
    on = on or timezone.localdate()
    with transaction.atomic():
        message = _locked(message)
        if message.status == Status.ROUTED:
            raise InvalidChange(_("留言已转办，由接收机关答复。"))
        if on < message.received_at:
            raise InvalidChange(_("答复日期不能早于收到留言的日期。"))
        if masked_body is None or not masked_body.strip():
            masked_body = message.masked_body or mask(message.body, screen(message.body))
        before = {"status": message.status, "replied_at": message.replied_at}
        message.reply = text
        message.masked_body = masked_body.strip()
        message.replied_at = message.replied_at or on
        message.replied_by = actor
        if message.status == Status.PENDING:
            message.status = Status.REPLIED
        message.save()
        audit_record(
            kind="interaction.replied",
            actor=actor,
            agency=message.agency,
            obj=message,
            before=_plain(before),
            after=_plain({"status": message.status, "replied_at": message.replied_at}),
            request=request,
        )
    return screen(text)


def publication_problems(message: Message) -> list[str]:
    """Why the Q&A may not be published yet, in the clerk's words (empty: it may)."""
    problems = []
    if message.status not in ANSWERED or not message.reply:
        problems.append(_("留言尚未答复，答复后才能公开。"))
    for label, text in ((_("公开的留言内容"), message.masked_body), (_("答复内容"), message.reply)):
        for f in blocking_findings(text):
            problems.append(_("%(where)s%(message)s。") % {"where": label, "message": f.message_zh})
    return problems


def publish(*, actor, message: Message, request=None) -> None:
    require_handle(actor, message.agency)
    with transaction.atomic():
        message = _locked(message)
        problems = publication_problems(message)
        if problems:
            raise InvalidChange(" ".join(problems))
        message.public = True
        message.status = Status.REPLIED
        message.withheld_reason = ""
        message.save(update_fields=["public", "status", "withheld_reason"])
        audit_record(
            kind="interaction.published", actor=actor, agency=message.agency, obj=message,
            after=_plain({"public": True}), request=request,
        )  # fmt: skip


def unpublish(*, actor, message: Message, reason: str, request=None) -> None:
    """Take the Q&A off the public list, or decide never to publish it (不予公开)."""
    require_handle(actor, message.agency)
    if not reason.strip():
        raise InvalidChange(_("请写明不予公开的理由，例如“涉及个人隐私”。"))
    with transaction.atomic():
        message = _locked(message)
        if message.status not in ANSWERED:
            raise InvalidChange(_("留言尚未答复。"))
        message.public = False
        message.status = Status.WITHHELD
        message.withheld_reason = reason.strip()[:500]
        message.save(update_fields=["public", "status", "withheld_reason"])
        audit_record(
            kind="interaction.unpublished", actor=actor, agency=message.agency, obj=message,
            after=_plain({"public": False}), note=reason, request=request,
        )  # fmt: skip


# --- look-up by reference -------------------------------------------------------------------


def normalise_reference(reference: str) -> str:
    return "".join(reference.split()).upper()


def lookup(reference: str, secret: str) -> Message | None:
    """The citizen's own message, or None: the same answer (and the same work) for an
    unknown reference, a wrong 查询码 and a message that has no 查询码, so the page never
    tells which references exist. A routed message is followed to the agency answering
    it now (the citizen only knows the first reference)."""
    message = (
        Message.objects.filter(reference=normalise_reference(reference))
        .select_related("agency")
        .first()
    )
    secret = "".join(secret.split())
    if message is None or not message.secret_hash:
        make_password(secret)  # no timing difference between the refusals
        return None
    if not check_password(secret, message.secret_hash):
        return None
    return latest_copy(message)


def latest_copy(message: Message) -> Message:
    """Where the message is now: the end of its routing chain (a few hops at most)."""
    seen = {message.pk}
    while message.status == Status.ROUTED:
        nxt = Message.objects.filter(origin=message).select_related("agency").order_by("id").first()
        if nxt is None or nxt.pk in seen:
            break
        seen.add(nxt.pk)
        message = nxt
    return message


# --- the answer clocks (MessagePolicy) --------------------------------------------------------


def can_edit_policy(user, agency: Agency) -> bool:
    """The same people as for the office's handling settings (applications.policy_services):
    the agency's 信息公开工作机构负责人 or 主要领导, and a 政务公开办管理员 above it."""
    from gongkai.applications.policy_services import can_edit_policy as can_edit

    return can_edit(user, agency)


def _check_days(value: object, label: str, bounds: tuple[int, int]) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidChange(_("%(label)s请填写整数个工作日。") % {"label": label})
    if not low <= value <= high:
        raise InvalidChange(
            _("%(label)s应在 %(low)s 至 %(high)s 个工作日之间。")
            % {"label": label, "low": low, "high": high}
        )
    return value


def policy_save(
    *, actor, agency: Agency, answer_days: int, error_report_days: int, request=None
) -> MessagePolicy:
    """Set ``agency``'s own answer clocks (until now it used the nearest one above it).
    Applies to open messages at once: deadlines are derived, never stored."""
    if not can_edit_policy(actor, agency):
        raise NotAllowed(
            _("只有本机关信息公开工作机构负责人、主要领导或上级政务公开办管理员可以修改答复期限。")
        )
    answer_days = _check_days(answer_days, _("留言咨询答复期限"), ANSWER_DAYS_BOUNDS)
    error_report_days = _check_days(
        error_report_days, _("网站找错答复期限"), ERROR_REPORT_DAYS_BOUNDS
    )
    from .selectors import policy_for

    with transaction.atomic():
        before = policy_for(agency)
        policy, _created = MessagePolicy.objects.select_for_update().get_or_create(agency=agency)
        policy.answer_days = answer_days
        policy.error_report_days = error_report_days
        policy.save()
        audit_record(
            kind="interaction.policy_saved",
            actor=actor,
            agency=agency,
            obj=policy,
            before={
                "answer_days": before.answer_days,
                "error_report_days": before.error_report_days,
            },
            after={"answer_days": answer_days, "error_report_days": error_report_days},
            request=request,
        )
    return policy


def policy_clear(*, actor, agency: Agency, request=None) -> None:
    """Drop ``agency``'s own clocks: it inherits the nearest ones above it again."""
    if not can_edit_policy(actor, agency):
        raise NotAllowed(
            _("只有本机关信息公开工作机构负责人、主要领导或上级政务公开办管理员可以修改答复期限。")
        )
    from .selectors import policy_for

    with transaction.atomic():
        own = MessagePolicy.objects.select_for_update().filter(agency=agency).first()
        if own is None:
            return
        before = {"answer_days": own.answer_days, "error_report_days": own.error_report_days}
        own.delete()
        after = policy_for(agency)
        audit_record(
            kind="interaction.policy_saved",
            actor=actor,
            agency=agency,
            obj=agency,
            before=before,
            after={
                "answer_days": after.answer_days,
                "error_report_days": after.error_report_days,
                "inherited": True,
            },
            request=request,
        )
