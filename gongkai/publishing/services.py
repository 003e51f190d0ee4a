"""Every change to 主动公开 goes through here: permission, the review core's rules, the
write, the audit entry — in one transaction, or not at all.

The review of a revision is a log (ReviewAction) replayed by gongkai.proactive.review; an
action is appended only if the replayed state allows it for this person with the roles
they hold in the agency now, and the copies of the state on the revision and the item are
rewritten from the new state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency, Role
from gongkai.audit.services import audit_record
from gongkai.catalog.models import CatalogEntry, Channel
from gongkai.proactive import review
from gongkai.proactive.index_numbers import (
    IndexPatternError,
    Parts,
    format_number,
    validate_pattern,
)
from gongkai.proactive.review import (
    EDITABLE,
    STATE_LABELS_ZH,
    Action,
    ActionNotAllowed,
    Logged,
    Stage,
    State,
)

from . import kinds, permissions
from .attachments import Accepted, extract_text
from .html import plain_text, sanitize
from .models import (
    STATUTORY_DEADLINE_WORKING_DAYS,
    Attachment,
    ChannelRecord,
    Disclosure,
    DocType,
    Item,
    ItemKind,
    PublishingPolicy,
    ReviewAction,
    ReviewChain,
    ReviewStage,
    Revision,
    Validity,
)
from .screening import blocking_rules, screen_revision
from .selectors import (
    agency_code,
    chain_for,
    logged,
    now,
    policy_for,
    revision_chain,
    rules_for,
    today,
)

#: The name the log gives the periodic publisher.
SCHEDULER_NAME = "定时发布"


@dataclass(frozen=True)
class Content:
    """What a writer fills in for one revision."""

    title: str
    generated_on: dt.date
    summary: str = ""
    body_html: str = ""
    doc_number: str = ""
    written_on: dt.date | None = None
    disclosure: str = Disclosure.PROACTIVE
    non_disclosure_reason: str = ""
    doc_type: str = ""
    change_note: str = ""


def _clean_content(kind: str, content: Content) -> Content:
    """The content as stored (trimmed, body sanitised), or InvalidChange saying what to fix."""
    title = content.title.strip()
    if not title:
        raise InvalidChange(_("请填写标题。"))
    if len(title) > 300:
        raise InvalidChange(_("标题不能超过 300 个字。"))
    if content.generated_on is None:
        raise InvalidChange(_("请填写生成日期（信息形成或者变更的日期）。"))
    if content.generated_on > today():
        raise InvalidChange(_("生成日期晚于今天，请检查。"))
    if content.disclosure not in Disclosure.values:
        raise InvalidChange(_("请选择公开属性。"))
    reason = content.non_disclosure_reason.strip()
    if content.disclosure != Disclosure.PROACTIVE and not reason:
        raise InvalidChange(_("公开属性不是“主动公开”时，请填写不主动公开的理由和依据。"))
    if content.doc_type and content.doc_type not in DocType.values:
        raise InvalidChange(_("请选择文件类型。"))
    if kind == ItemKind.DOCUMENT and content.written_on and content.written_on > today():
        raise InvalidChange(_("成文日期晚于今天，请检查。"))
    document = kind == ItemKind.DOCUMENT
    return replace(
        content,
        title=title,
        summary=content.summary.strip(),
        body_html=sanitize(content.body_html),
        doc_number=content.doc_number.strip() if document else "",
        written_on=content.written_on if document else None,
        doc_type=content.doc_type if document else "",
        non_disclosure_reason=reason if content.disclosure != Disclosure.PROACTIVE else "",
        change_note=content.change_note.strip()[:300],
    )


def _content_fields(content: Content) -> dict[str, Any]:
    return {
        "title": content.title,
        "summary": content.summary,
        "body_html": content.body_html,
        "generated_on": content.generated_on,
        "doc_number": content.doc_number,
        "written_on": content.written_on,
        "disclosure": content.disclosure,
        "non_disclosure_reason": content.non_disclosure_reason,
        "doc_type": content.doc_type,
        "change_note": content.change_note,
    }


def _attach(revision: Revision, files: list[Accepted]) -> None:
    start = (revision.attachments.aggregate(m=Max("position"))["m"] or 0) + 1
    for position, f in enumerate(files, start):
        attachment = Attachment(
            revision=revision,
            position=position,
            name=f.name,
            kind=f.kind,
            size=len(f.data),
            sha256=f.sha256,
            text=extract_text(f.kind, f.data),
        )
        attachment.file.save(f"{f.sha256[:16]}.{f.kind}", ContentFile(f.data), save=False)
        attachment.save()


def _next_seq(agency: Agency, year: int) -> int:
    last = Item.objects.filter(agency=agency, index_year=year).aggregate(m=Max("index_seq"))["m"]
    return (last or 0) + 1


def _new_item(agency: Agency, kind: str, catalog_entry: CatalogEntry | None, actor) -> Item:
    policy = policy_for(agency)
    try:
        validate_pattern(policy.index_pattern)
    except IndexPatternError as exc:
        raise InvalidChange(_("本机关的索引号格式有误：%(why)s") % {"why": exc}) from exc
    year = today().year
    code = agency_code(agency)
    category = catalog_entry.code if catalog_entry else ""
    for attempt in range(5):
        seq = _next_seq(agency, year)
        number = format_number(policy.index_pattern, Parts(code, category, year, seq))
        try:
            with transaction.atomic():
                return Item.objects.create(
                    agency=agency,
                    catalog_entry=catalog_entry,
                    kind=kind,
                    index_number=number,
                    index_year=year,
                    index_seq=seq,
                    created_by=actor,
                )
        except IntegrityError as exc:
            # Two writers at the same moment took the same number: take the next one. A
            # number taken by another agency means the pattern lacks 机构代码.
            if Item.objects.filter(index_number=number).exclude(agency=agency).exists():
                raise InvalidChange(
                    _(
                        "索引号“%(n)s”已被其他机关使用：请在索引号格式中加入 {机构代码}，"
                        "或为本机关设置机构代码。"
                    )
                    % {"n": number}
                ) from exc
            if attempt == 4:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def item_create(
    *,
    actor,
    agency: Agency,
    kind: str,
    content: Content,
    catalog_entry: CatalogEntry | None = None,
    files: list[Accepted] = (),
    request=None,
) -> Item:
    """A new item in draft with its first revision; the 索引号 is given now."""
    permissions.require_write(actor, agency)
    if kind not in ItemKind.values:
        raise InvalidChange(_("请选择信息类别。"))
    if catalog_entry is not None and catalog_entry.agency_id != agency.pk:
        raise InvalidChange(_("目录分类必须是本机关公开事项目录中的事项。"))
    content = _clean_content(kind, content)
    item = _new_item(agency, kind, catalog_entry, actor)
    revision = Revision.objects.create(
        item=item, number=1, author=actor, **{**_content_fields(content), "change_note": ""}
    )
    _attach(revision, list(files))
    audit_record(
        kind=kinds.ITEM_CREATED,
        actor=actor,
        agency=agency,
        obj=item,
        after={"index_number": item.index_number, "kind": kind, "title": revision.title},
        request=request,
    )
    return item


def _locked_revision(revision: Revision) -> Revision:
    """The revision with its item locked: every action on an item is serialised."""
    Item.objects.select_for_update().get(pk=revision.item_id)
    return Revision.objects.select_related("item__agency", "item__catalog_entry").get(
        pk=revision.pk
    )


def _lock_message(revision: Revision) -> str:
    state = State(revision.state)
    if state == State.IN_REVIEW:
        chain = revision_chain(revision)
        stage = chain[revision.stage_index].label_zh if revision.stage_index is not None else ""
        return _("稿件正在审核中（%(stage)s环节），已锁定，不能修改；如需修改，请审核人退回。") % {
            "stage": stage
        }
    if state in (State.APPROVED, State.SCHEDULED):
        return _("稿件已通过审核，不能再修改；如需修改，请发布后提交更正稿。")
    return _("稿件为“%(state)s”，不能修改。") % {"state": STATE_LABELS_ZH[state]}


@transaction.atomic
def revision_edit(
    *,
    actor,
    revision: Revision,
    content: Content,
    files: list[Accepted] = (),
    remove_attachments: list[int] = (),
    request=None,
) -> Revision:
    """Change a draft or a returned revision: only its writer or the agency's drafters."""
    revision = _locked_revision(revision)
    item = revision.item
    roles = permissions.require_write(actor, item.agency)
    if revision.author_id != actor.pk and Role.DRAFTER not in roles:
        raise NotAllowed(_("只有撰稿人本人或本机关的撰稿人可以修改稿件。"))
    if State(revision.state) not in EDITABLE:
        raise InvalidChange(_lock_message(revision))
    content = _clean_content(item.kind, content)
    before = {"title": revision.title, "attachments": revision.attachments.count()}
    for field, value in _content_fields(content).items():
        setattr(revision, field, value)
    revision.save()
    if remove_attachments:
        revision.attachments.filter(pk__in=list(remove_attachments)).delete()
    _attach(revision, list(files))
    audit_record(
        kind=kinds.REVISION_EDITED,
        actor=actor,
        agency=item.agency,
        obj=item,
        before=before,
        after={
            "revision": revision.number,
            "title": revision.title,
            "attachments": revision.attachments.count(),
        },
        request=request,
    )
    return revision


def mask_personal_data(*, actor, revision: Revision, request=None) -> int:
    """脱敏 in one click: every 身份证号, mobile and bank-card number in the title, summary
    and body replaced by its masked form (e.g. 110105********002X), through an ordinary
    edit so the writer's permission, the lock and the audit apply. Returns how many were
    masked. Attachments are not rewritten: the page says to replace them."""
    from gongkai.catalog.selectors import published_contacts
    from gongkai.screening import find_personal_data, mask

    own = published_contacts(revision.item.agency)

    def masked(text: str) -> tuple[str, int]:
        found = find_personal_data(text, own, landlines=False, emails=False)
        return mask(text, found), len(found)

    title, n1 = masked(revision.title)
    summary, n2 = masked(revision.summary)
    body, n3 = masked(revision.body_html)
    if not n1 + n2 + n3:
        raise InvalidChange(_("稿件正文中没有需要脱敏的身份证号、手机号或银行卡号。"))
    content = Content(
        title=title,
        generated_on=revision.generated_on,
        summary=summary,
        body_html=body,
        doc_number=revision.doc_number,
        written_on=revision.written_on,
        disclosure=revision.disclosure,
        non_disclosure_reason=revision.non_disclosure_reason,
        doc_type=revision.doc_type,
        change_note=revision.change_note,
    )
    revision_edit(actor=actor, revision=revision, content=content, request=request)
    return n1 + n2 + n3


def screening_text(revision: Revision) -> str:
    """What screening reads: title, summary, body and every attachment's text."""
    parts = [revision.title, revision.summary, plain_text(revision.body_html)]
    parts.extend(revision.attachments.values_list("text", flat=True))
    return "\n".join(p for p in parts if p)


def _item_state(item: Item) -> State:
    if item.withdrawn_at is not None:
        return State.WITHDRAWN
    if item.published_revision_id is not None:
        return State.PUBLISHED
    newest = item.revisions.order_by("-number").values_list("state", flat=True).first()
    return State(newest or State.DRAFT)


def _act(
    actor,
    revision: Revision,
    action: Action,
    *,
    roles: frozenset[str],
    stage: int | None = None,
    comment: str = "",
    override_reason: str = "",
    findings: list[dict[str, Any]] = (),
    scheduled_for: dt.datetime | None = None,
    actor_name: str = "",
    request=None,
) -> ReviewAction:
    """Append one action after checking it against the replayed log; rewrite the copies."""
    item = revision.item
    chain = revision_chain(revision)
    rules = rules_for(item.agency)
    history = list(ReviewAction.objects.filter(revision=revision).order_by("at", "id"))
    at = now()
    try:
        state = review.replay(chain, logged(history), writer=revision.author_id, rules=rules)
        new = review.advance(
            chain,
            state,
            Logged(
                action,
                actor.pk if actor is not None else None,
                roles,
                stage=stage,
                comment=comment,
                override_reason=override_reason,
                blocking=blocking_rules(list(findings)),
                at=at,
                scheduled_for=scheduled_for,
            ),
            rules=rules,
        )
    except ActionNotAllowed as exc:
        raise InvalidChange(str(exc)) from exc
    recorded = ReviewAction.objects.create(
        item=item,
        revision=revision,
        action=action,
        stage_index=stage,
        stage_label=chain[stage].label_zh if stage is not None and stage < len(chain) else "",
        comment=comment,
        override_reason=override_reason,
        findings=list(findings),
        roles=sorted(roles),
        scheduled_for=scheduled_for,
        actor=actor,
        actor_name=actor_name or (str(actor) if actor is not None else ""),
        at=at,
    )
    before = {"state": revision.state, "stage": revision.stage_index}
    revision.state = new.state
    revision.stage_index = new.stage
    revision.stage_role = chain[new.stage].role if new.stage is not None else ""
    revision.save(update_fields=["state", "stage_index", "stage_role", "updated_at"])
    if new.state == State.PUBLISHED and action == Action.PUBLISH:
        _publish_effects(item, revision, at, actor)
    if action == Action.SCHEDULE:
        item.scheduled_for = scheduled_for
    if action == Action.WITHDRAW:
        item.withdrawn_at, item.withdrawn_reason = at, comment
    item.state = _item_state(item)
    item.save(
        update_fields=[
            "state",
            "published_revision",
            "first_published_at",
            "scheduled_for",
            "withdrawn_at",
            "withdrawn_reason",
        ]
    )
    if action in (Action.PUBLISH, Action.WITHDRAW):
        # The search index follows once the change is committed (a rollback must not leave
        # a published item indexed); its queries check public_items anyway.
        _reindex_on_commit(item, published=action == Action.PUBLISH)
    after: dict[str, Any] = {"state": revision.state, "stage": revision.stage_index}
    if stage is not None and stage < len(chain):
        after["stage_label"] = chain[stage].label_zh
    if findings:
        after["findings"] = [f"{f['rule']} {f.get('kind', '')}".strip() for f in findings]
    if override_reason:
        after["override_reason"] = override_reason
    if scheduled_for:
        after["scheduled_for"] = scheduled_for.isoformat()
    audit_record(
        kind=kinds.ACTION_KIND.format(action=action.value),
        actor=actor,
        agency=item.agency,
        obj=item,
        before=before,
        after={"revision": revision.number, **after},
        request=request,
        note=comment,
        actor_name=actor_name,
    )
    return recorded


def _reindex_on_commit(item: Item, *, published: bool) -> None:
    from gongkai.search import index

    hook = index.item_published if published else index.item_withdrawn
    transaction.on_commit(lambda: hook(item))


def _publish_effects(item: Item, revision: Revision, at: dt.datetime, actor) -> None:
    revision.published_at = at
    revision.published_on = revision.published_on or timezone.localdate(at)
    revision.save(update_fields=["published_at", "published_on"])
    first = item.first_published_at is None
    item.published_revision = revision
    item.scheduled_for = None
    # Re-published after 撤稿 (``_publishable`` let only a later revision through); the
    # withdrawal stays in the log and the audit trail.
    item.withdrawn_at, item.withdrawn_reason = None, ""
    if first:
        item.first_published_at = at
        # Publishing here is publishing on the government website (公开专栏): the annual
        # report's channel count includes it without anyone recording it by hand.
        ChannelRecord.objects.create(
            item=item,
            channel=Channel.WEBSITE,
            date=timezone.localdate(at),
            note=_("在本平台公开专栏发布"),
            recorded_by=actor,
        )


def _ensure_chain(agency: Agency) -> tuple[Stage, ...]:
    """The agency's chain, stored from the default the first time it is needed, so that
    the stages a revision went through can always be shown."""
    chain = chain_for(agency)
    stored, created = ReviewChain.objects.get_or_create(agency=agency)
    if created:
        ReviewStage.objects.bulk_create(
            ReviewStage(chain=stored, position=i, key=s.key, label=s.label_zh, role=s.role)
            for i, s in enumerate(chain)
        )
    return chain


@transaction.atomic
def submit(*, actor, revision: Revision, request=None) -> ReviewAction:
    """Send a draft to the first stage, or a returned revision back to it (the chain is
    fixed for the revision at its first submission)."""
    revision = _locked_revision(revision)
    item = revision.item
    roles = permissions.require_in_chain(actor, item.agency)
    if item.withdrawn_at is not None and revision.created_at <= item.withdrawn_at:
        raise InvalidChange(
            _("该信息已撤稿，撤稿前的稿件不能再提交；如需重新发布，请新建重新发布稿。")
        )
    if item.first_published_at is not None and not revision.change_note:
        raise InvalidChange(_("更正已发布的信息时，请在“修改说明”中写明改了什么（将公开显示）。"))
    action = Action.RESUBMIT if revision.state == State.RETURNED else Action.SUBMIT
    if action == Action.SUBMIT and not revision.chain and State(revision.state) == State.DRAFT:
        revision.chain = review.chain_to_data(_ensure_chain(item.agency))
        revision.save(update_fields=["chain"])
    return _act(
        actor,
        revision,
        action,
        roles=roles,
        findings=screen_revision(revision),
        request=request,
    )


@transaction.atomic
def approve(
    *,
    actor,
    revision: Revision,
    stage: int | None = None,
    comment: str = "",
    override_reason: str = "",
    request=None,
) -> ReviewAction:
    """Approve the current stage. ``stage`` is the stage the approver saw (a page passes
    it; a stale page is refused); None approves the current one. Screening runs first: its
    blocking findings stop the final approval unless ``override_reason`` is given."""
    revision = _locked_revision(revision)
    roles = permissions.require_in_chain(actor, revision.item.agency)
    stage = revision.stage_index if stage is None else stage
    findings = screen_revision(revision)
    reason = override_reason.strip()
    action = Action.OVERRIDE if reason and blocking_rules(findings) else Action.APPROVE
    return _act(
        actor,
        revision,
        action,
        roles=roles,
        stage=stage,
        comment=comment.strip(),
        override_reason=reason if action == Action.OVERRIDE else "",
        findings=findings,
        request=request,
    )


@transaction.atomic
def return_(
    *, actor, revision: Revision, comment: str, stage: int | None = None, request=None
) -> ReviewAction:
    """Send the revision back to its writer with what to change (required)."""
    revision = _locked_revision(revision)
    roles = permissions.require_in_chain(actor, revision.item.agency)
    stage = revision.stage_index if stage is None else stage
    return _act(actor, revision, Action.RETURN, roles=roles, stage=stage, comment=comment.strip(), request=request)  # fmt: skip


def _publishable(revision: Revision) -> None:
    # After 撤稿 only a revision started afterwards (重新发布稿, through ``correct``) may
    # bring the item back: one already on its way was approved before the decision.
    withdrawn = revision.item.withdrawn_at
    if withdrawn is not None and revision.created_at <= withdrawn:
        raise InvalidChange(
            _("该信息已撤稿，撤稿前的稿件不能再发布；如需重新发布，请新建重新发布稿并重新审核。")
        )


@transaction.atomic
def publish_now(*, actor, revision: Revision, request=None) -> ReviewAction:
    """Publish an approved (or scheduled) revision now; a correction replaces the public
    revision at this moment."""
    revision = _locked_revision(revision)
    roles = permissions.require_in_chain(actor, revision.item.agency)
    _publishable(revision)
    return _act(actor, revision, Action.PUBLISH, roles=roles, request=request)


@transaction.atomic
def schedule(*, actor, revision: Revision, at: dt.datetime, request=None) -> ReviewAction:
    """Publish an approved revision at ``at`` (the periodic task does it, every 5 minutes)."""
    revision = _locked_revision(revision)
    roles = permissions.require_in_chain(actor, revision.item.agency)
    _publishable(revision)
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    return _act(actor, revision, Action.SCHEDULE, roles=roles, scheduled_for=at, request=request)


def publish_due(at: dt.datetime | None = None) -> list[Item]:
    """Publish every scheduled revision whose time has come (the periodic task). Each is
    its own transaction: one that fails does not hold back the others."""
    at = at or now()
    due = (
        Revision.objects.filter(state=State.SCHEDULED, item__scheduled_for__lte=at)
        .filter(Q(item__withdrawn_at__isnull=True) | Q(created_at__gt=F("item__withdrawn_at")))
        .values_list("pk", flat=True)
    )
    published = []
    for pk in list(due):
        with transaction.atomic():
            revision = _locked_revision(Revision(pk=pk, item_id=_item_id(pk)))
            if revision.state != State.SCHEDULED:
                continue  # published by hand meanwhile
            scheduled = (
                ReviewAction.objects.filter(revision=revision, action=Action.SCHEDULE)
                .order_by("-at", "-id")
                .first()
            )
            # The scheduler acts on the authority of whoever scheduled it: their roles
            # are the ones the log records for the publication.
            _act(
                None,
                revision,
                Action.PUBLISH,
                roles=frozenset(scheduled.roles if scheduled else ()),
                actor_name=SCHEDULER_NAME,
            )
            published.append(revision.item)
    return published


def _item_id(revision_pk: int) -> int:
    return Revision.objects.values_list("item_id", flat=True).get(pk=revision_pk)


@transaction.atomic
def withdraw(*, actor, item: Item, reason: str, request=None) -> ReviewAction:
    """撤稿: the item leaves every public page at once; the reason is kept."""
    if item.published_revision_id is None:
        raise InvalidChange(_("只有已发布的信息可以撤稿。"))
    revision = _locked_revision(item.published_revision)
    roles = permissions.require_in_chain(actor, revision.item.agency)
    return _act(actor, revision, Action.WITHDRAW, roles=roles, comment=reason.strip(), request=request)  # fmt: skip


@transaction.atomic
def item_refile(*, actor, item: Item, catalog_entry: CatalogEntry | None, request=None) -> None:
    """归类 again: a clerk who filed an item under the wrong column moves it. Its 索引号 and
    address stay (they were given once, and may have been cited); the public column
    counts, the search filter and the feeds follow at once."""
    item = Item.objects.select_for_update().select_related("agency").get(pk=item.pk)
    permissions.require_write(actor, item.agency)
    if catalog_entry is not None and catalog_entry.agency_id != item.agency_id:
        raise InvalidChange(_("目录分类必须是本机关公开事项目录中的事项。"))
    if catalog_entry is not None and not catalog_entry.is_active:
        raise InvalidChange(_("该目录事项已停用，请选择其他事项。"))
    if item.catalog_entry_id == (catalog_entry.pk if catalog_entry else None):
        raise InvalidChange(_("所属目录没有变化。"))
    before = {"catalog_entry": str(item.catalog_entry or "")}
    item.catalog_entry = catalog_entry
    item.save(update_fields=["catalog_entry"])
    if item.published_revision_id is not None and item.withdrawn_at is None:
        _reindex_on_commit(item, published=True)
    audit_record(
        kind=kinds.ITEM_REFILED,
        actor=actor,
        agency=item.agency,
        obj=item,
        before=before,
        after={"catalog_entry": str(catalog_entry or "")},
        request=request,
    )


@transaction.atomic
def discard(*, actor, revision: Revision, reason: str, request=None) -> ReviewAction:
    """作废: the writer gives up a draft (or a returned one). A never-published item leaves
    every work list and publication deadline; a correction of a published item is dropped
    and the public text stays as it was. Nothing is deleted: the log keeps it and why."""
    revision = _locked_revision(revision)
    roles = permissions.require_in_chain(actor, revision.item.agency)
    if not reason.strip():
        raise InvalidChange(_("作废稿件时请填写理由（记入审核记录）。"))
    return _act(actor, revision, Action.DISCARD, roles=roles, comment=reason.strip(), request=request)  # fmt: skip


@transaction.atomic
def correct(*, actor, item: Item, request=None) -> Revision:
    """Start a correction of a published item: a new draft revision copied from the public
    one. The public one stays public until the correction is approved and published.
    Of a withdrawn item: the 重新发布稿 — once through the whole chain again, publishing it
    puts the item back at its old address."""
    item = Item.objects.select_for_update().select_related("agency").get(pk=item.pk)
    permissions.require_write(actor, item.agency)
    if item.state not in (State.PUBLISHED, State.WITHDRAWN) or item.published_revision_id is None:
        raise InvalidChange(_("只有已发布或已撤稿的信息可以更正或重新发布。"))
    newest = item.revisions.order_by("-number").first()
    if newest.pk != item.published_revision_id and newest.state in (
        State.DRAFT,
        State.RETURNED,
        State.IN_REVIEW,
        State.APPROVED,
        State.SCHEDULED,
    ):
        raise InvalidChange(
            _("该信息已有一份更正稿在处理中（第 %(n)s 版）。") % {"n": newest.number}
        )
    public = item.published_revision
    revision = Revision.objects.create(
        item=item,
        number=newest.number + 1,
        author=actor,
        **{
            **{f: getattr(public, f) for f in _content_fields(Content("", today()))},
            "change_note": "",
        },
    )
    for attachment in public.attachments.all():
        # The same stored file: attachments are never changed in place.
        Attachment.objects.create(
            revision=revision,
            position=attachment.position,
            name=attachment.name,
            kind=attachment.kind,
            size=attachment.size,
            sha256=attachment.sha256,
            file=attachment.file.name,
            text=attachment.text,
        )
    audit_record(
        kind=kinds.CORRECTION_STARTED,
        actor=actor,
        agency=item.agency,
        obj=item,
        after={"revision": revision.number},
        request=request,
    )
    return revision


@transaction.atomic
def validity_set(
    *,
    actor,
    item: Item,
    validity: str,
    superseded_by: Item | None = None,
    on: dt.date | None = None,
    request=None,
) -> Item:
    """Mark a document 有效 / 已修订 / 已废止, naming the document that amended or repealed
    it when there is one on the platform."""
    item = Item.objects.select_for_update().select_related("agency").get(pk=item.pk)
    permissions.require_write(actor, item.agency)
    if item.kind != ItemKind.DOCUMENT:
        raise InvalidChange(_("只有文件可以标注效力。"))
    if validity not in Validity.values:
        raise InvalidChange(_("请选择效力。"))
    if validity == Validity.VALID:
        superseded_by = None
    elif superseded_by is not None:
        if superseded_by.pk == item.pk:
            raise InvalidChange(_("文件不能修订或废止它自己。"))
        if superseded_by.kind != ItemKind.DOCUMENT:
            raise InvalidChange(_("修订或废止本文件的应当是一份文件。"))
        if not superseded_by.is_public and superseded_by.agency_id != item.agency_id:
            raise InvalidChange(_("请选择已公开的文件。"))
    before = {"validity": item.validity, "superseded_by": item.superseded_by_id}
    item.validity = validity
    item.superseded_by = superseded_by
    item.validity_changed_on = on or today()
    item.save(update_fields=["validity", "superseded_by", "validity_changed_on"])
    audit_record(
        kind=kinds.VALIDITY_SET,
        actor=actor,
        agency=item.agency,
        obj=item,
        before=before,
        after={
            "validity": validity,
            "superseded_by": superseded_by.index_number if superseded_by else None,
        },
        request=request,
    )
    return item


@transaction.atomic
def interpretation_link(
    *, actor, interpretation: Item, document: Item, unlink: bool = False, request=None
) -> None:
    """Say that ``interpretation`` (政策解读) interprets ``document`` (or stop saying so).
    The document may be another agency's if it is public (a township explains a county
    policy)."""
    permissions.require_write(actor, interpretation.agency)
    if interpretation.kind != ItemKind.INTERPRETATION:
        raise InvalidChange(_("只有“政策解读”类信息可以关联被解读的文件。"))
    if document.kind != ItemKind.DOCUMENT:
        raise InvalidChange(_("被解读的应当是一份文件。"))
    if document.agency_id != interpretation.agency_id and not document.is_public:
        raise InvalidChange(_("只能关联已公开的其他机关文件。"))
    if unlink:
        interpretation.interprets.remove(document)
    else:
        interpretation.interprets.add(document)
    audit_record(
        kind=kinds.INTERPRETATION_UNLINKED if unlink else kinds.INTERPRETATION_LINKED,
        actor=actor,
        agency=interpretation.agency,
        obj=interpretation,
        after={"document": document.index_number},
        request=request,
    )


@transaction.atomic
def channel_record_add(
    *,
    actor,
    item: Item,
    channel: str,
    date: dt.date,
    link: str = "",
    photo: Accepted | None = None,
    note: str = "",
    request=None,
) -> ChannelRecord:
    """Record that a published item also went out through ``channel`` (公示栏, 公众号 …)."""
    permissions.require_write(actor, item.agency)
    if item.first_published_at is None:
        raise InvalidChange(_("信息发布后才能登记其他公开渠道。"))
    if channel not in Channel.values:
        raise InvalidChange(_("请选择公开渠道。"))
    if date > today():
        raise InvalidChange(_("日期晚于今天，请检查。"))
    link = link.strip()
    if link and not link.lower().startswith(("http://", "https://")):
        raise InvalidChange(_("链接应以 http:// 或 https:// 开头。"))
    if photo is not None and photo.kind not in ("jpeg", "png"):
        raise InvalidChange(_("照片须为 JPEG 或 PNG 图片。"))
    record = ChannelRecord(
        item=item, channel=channel, date=date, link=link, note=note.strip()[:300], recorded_by=actor
    )
    if photo is not None:
        record.photo.save(f"{photo.sha256[:16]}.{photo.kind}", ContentFile(photo.data), save=False)
    record.save()
    audit_record(
        kind=kinds.CHANNEL_RECORDED,
        actor=actor,
        agency=item.agency,
        obj=item,
        after={"channel": channel, "date": date.isoformat()},
        request=request,
    )
    return record


# --- settings ----------------------------------------------------------------------------


@transaction.atomic
def policy_save(
    *,
    actor,
    agency: Agency,
    index_pattern: str,
    agency_code: str = "",
    deadline_working_days: int = STATUTORY_DEADLINE_WORKING_DAYS,
    allow_one_person_two_stages: bool = False,
    request=None,
) -> PublishingPolicy:
    """The agency's own settings (they apply to the agencies below it that have none)."""
    permissions.require_change_settings(actor, agency)
    try:
        validate_pattern(index_pattern.strip())
    except IndexPatternError as exc:
        raise InvalidChange(str(exc)) from exc
    if not 1 <= int(deadline_working_days) <= STATUTORY_DEADLINE_WORKING_DAYS:
        raise InvalidChange(_("发布时限应为 1 到 20 个工作日（不能宽于条例第二十六条）。"))
    policy, _created = PublishingPolicy.objects.get_or_create(agency=agency)
    before = _policy_data(policy)
    policy.index_pattern = index_pattern.strip()
    policy.agency_code = agency_code.strip()
    policy.deadline_working_days = int(deadline_working_days)
    policy.allow_one_person_two_stages = bool(allow_one_person_two_stages)
    policy.updated_by = actor
    policy.save()
    audit_record(
        kind=kinds.POLICY_SAVED,
        actor=actor,
        agency=agency,
        obj=policy,
        before=before,
        after=_policy_data(policy),
        request=request,
    )
    return policy


def _policy_data(policy: PublishingPolicy) -> dict[str, Any]:
    return {
        "index_pattern": policy.index_pattern,
        "agency_code": policy.agency_code,
        "deadline_working_days": policy.deadline_working_days,
        "allow_one_person_two_stages": policy.allow_one_person_two_stages,
    }


#: Roles a stage may name: the chain's approvers (a supervisor reads, never signs).
STAGE_ROLES = (
    Role.REVIEWER,
    Role.DISCLOSURE_HEAD,
    Role.SECRECY_REVIEWER,
    Role.FINAL_APPROVER,
    Role.DRAFTER,
)


@transaction.atomic
def chain_save(*, actor, agency: Agency, stages: list[Stage], request=None) -> tuple[Stage, ...]:
    """Replace the agency's review stages. Revisions already submitted keep the chain they
    were submitted under."""
    permissions.require_change_settings(actor, agency)
    cleaned = []
    for i, stage in enumerate(stages, 1):
        label = stage.label_zh.strip()
        if not label:
            raise InvalidChange(_("第 %(i)s 个环节没有名称。") % {"i": i})
        if stage.role not in STAGE_ROLES:
            raise InvalidChange(_("第 %(i)s 个环节的办理岗位无效。") % {"i": i})
        cleaned.append(Stage(stage.key.strip() or f"stage{i}", label[:40], str(stage.role)))
    if not cleaned:
        raise InvalidChange(_("审核流程至少要有一个环节。"))
    if len({s.key for s in cleaned}) != len(cleaned):
        raise InvalidChange(_("环节编码不能重复。"))
    before = review.chain_to_data(chain_for(agency))
    chain, _created = ReviewChain.objects.get_or_create(agency=agency)
    chain.stages.all().delete()
    ReviewStage.objects.bulk_create(
        ReviewStage(chain=chain, position=i, key=s.key, label=s.label_zh, role=s.role)
        for i, s in enumerate(cleaned)
    )
    chain.save()  # updated_at
    audit_record(
        kind=kinds.CHAIN_SAVED,
        actor=actor,
        agency=agency,
        obj=chain,
        before={"stages": before},
        after={"stages": review.chain_to_data(cleaned)},
        request=request,
    )
    return tuple(cleaned)


__all__ = [
    "Content",
    "NotAllowed",
    "approve",
    "chain_save",
    "channel_record_add",
    "correct",
    "interpretation_link",
    "item_create",
    "policy_save",
    "publish_due",
    "publish_now",
    "return_",
    "revision_edit",
    "schedule",
    "screening_text",
    "submit",
    "validity_set",
    "withdraw",
]
