"""What the 主动公开 pages show, arranged from the selectors: the item's metadata as
governments print it, the review chain stage by stage, the log with its screening findings,
and the actions this person may take now, each with its small form.

Nothing here decides: the buttons follow ``selectors.allowed_actions`` and the services
refuse whatever the page offered wrongly (a stale page, a crafted POST).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.forms import Form
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.catalog.models import CatalogEntry
from gongkai.catalog.selectors import flatten, public_catalog
from gongkai.proactive.review import (
    ACTION_LABELS_ZH,
    EDITABLE,
    STATE_LABELS_ZH,
    Action,
    ActionNotAllowed,
    State,
)

from . import forms, permissions, selectors
from .html import sanitize
from .models import Item, ItemKind, ReviewAction, Revision

#: The decision a log entry records, as the 审批单 and the chain panel word it.
DECISION_ZH = {
    Action.SUBMIT: "提交审核",
    Action.RESUBMIT: "修改后重新提交",
    Action.APPROVE: "同意",
    Action.OVERRIDE: "同意（说明理由后放行筛查问题）",
    Action.RETURN: "退回修改",
    Action.SCHEDULE: "定时发布",
    Action.PUBLISH: "发布",
    Action.WITHDRAW: "撤稿",
    Action.DISCARD: "作废稿件",
}
STAGE_DECISIONS = (Action.APPROVE, Action.OVERRIDE, Action.RETURN)
ROUND_STARTS = (Action.SUBMIT, Action.RESUBMIT)


def local(moment: dt.datetime | None) -> str:
    """``2026年9月21日 10:05`` in Beijing time (the site's zone)."""
    if moment is None:
        return ""
    m = timezone.localtime(moment)
    return f"{m.year}年{m.month}月{m.day}日 {m.hour:02d}:{m.minute:02d}"


def day(date: dt.date | None) -> str:
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


# --- metadata -------------------------------------------------------------------------------


def metadata_rows(item: Item, revision: Revision | None) -> list[tuple[str, str]]:
    """The table governments put above an item: 索引号, 发布机构, 生成日期, 文号, 有效性 …"""
    rows = [
        (_("索引号"), item.index_number),
        (_("发布机构"), item.agency.name),
        (_("目录分类"), item.catalog_entry.name if item.catalog_entry else _("未归入目录")),
        (_("信息类别"), item.get_kind_display()),
    ]
    if revision is not None:
        rows.append((_("生成日期"), day(revision.generated_on)))
        if revision.published_on:
            rows.append((_("发布日期"), day(revision.published_on)))
        if item.kind == ItemKind.DOCUMENT:
            rows.append((_("文号"), revision.doc_number or "—"))
            rows.append((_("成文日期"), day(revision.written_on) or "—"))
            if revision.doc_type:
                rows.append((_("文件类型"), revision.get_doc_type_display()))
        disclosure = revision.get_disclosure_display()
        if revision.non_disclosure_reason:
            disclosure = f"{disclosure}（{revision.non_disclosure_reason}）"
        rows.append((_("公开属性"), disclosure))
    if item.kind == ItemKind.DOCUMENT:
        rows.append((_("有效性"), item.get_validity_display()))
    return rows


# --- the review chain ---------------------------------------------------------------------


@dataclass
class StageRow:
    index: int
    label: str
    role: str
    status: str  # approved | current | returned | waiting
    status_zh: str
    decisions: list[ReviewAction] = field(default_factory=list)


def _current_round(log: list[ReviewAction]) -> list[ReviewAction]:
    start = 0
    for i, a in enumerate(log):
        if a.action in ROUND_STARTS:
            start = i
    return log[start:]


def stage_rows(revision: Revision, log: list[ReviewAction], state) -> list[StageRow]:
    """Each stage of the revision's chain with this round's decision on it."""
    chain = selectors.revision_chain(revision)
    current = _current_round(log)
    rows = []
    for i, stage in enumerate(chain):
        decisions = [a for a in current if a.stage_index == i and a.action in STAGE_DECISIONS]
        approved = any(a.action in (Action.APPROVE, Action.OVERRIDE) for a in decisions)
        returned = any(a.action == Action.RETURN for a in decisions)
        if approved:
            status, zh = "approved", _("已通过")
        elif returned and state.state == State.RETURNED:
            status, zh = "returned", _("已退回修改")
        elif state.state == State.IN_REVIEW and state.stage == i:
            status, zh = "current", _("待审核")
        else:
            status, zh = "waiting", _("未开始")
        rows.append(StageRow(i, stage.label_zh, stage.role, status, zh, decisions))
    return rows


def latest_findings(log: list[ReviewAction]) -> list[dict[str, Any]]:
    """The findings screening reported the last time it ran (at submission or approval)."""
    for a in reversed(log):
        if a.action in (Action.SUBMIT, Action.RESUBMIT, Action.APPROVE, Action.OVERRIDE):
            return list(a.findings or [])
    return []


# --- actions --------------------------------------------------------------------------------


@dataclass
class ActionBox:
    key: str
    label: str
    form: Form
    url: str
    hint: str = ""
    open: bool = False
    multipart: bool = False
    danger: bool = False


ACTION_KEYS = (
    "mask",
    "submit",
    "approve",
    "return",
    "publish",
    "schedule",
    "withdraw",
    "discard",
    "refile",
    "correct",
    "republish",
    "validity",
    "link",
    "channel",
)


def documents_for(user, item: Item) -> list[Item]:
    """Documents a page may name for validity or interpretation: the agency's own (public
    or not, as the back office sees them) and other agencies' public ones."""
    own = selectors.internal_items(user, item.agency).filter(kind=ItemKind.DOCUMENT)
    public = selectors.public_items().filter(kind=ItemKind.DOCUMENT)
    seen: dict[int, Item] = {}
    for d in [*own.exclude(pk=item.pk)[:200], *public.exclude(pk=item.pk)[:200]]:
        seen.setdefault(d.pk, d)
    return list(seen.values())


def make_form(key: str, user, item: Item, revision: Revision | None, data=None, files=None) -> Form:
    stage = revision.stage_index if revision is not None else None
    initial = {"stage": stage} if stage is not None else None
    if key == "submit":
        return forms.SubmitForm(data)
    if key == "approve":
        return forms.ApproveForm(data, initial=initial)
    if key == "return":
        return forms.ReturnForm(data, initial=initial)
    if key == "publish":
        return forms.PublishForm(data)
    if key == "schedule":
        return forms.ScheduleForm(data)
    if key == "withdraw":
        return forms.WithdrawForm(data)
    if key == "discard":
        return forms.DiscardForm(data)
    if key == "refile":
        initial = {"catalog_entry": item.catalog_entry_id or ""}
        return forms.RefileForm(data, agency=item.agency, initial=initial)
    if key in ("correct", "republish", "mask"):
        return forms.CorrectForm(data)
    if key == "validity":
        return forms.ValidityForm(
            data,
            documents=documents_for(user, item),
            initial={"validity": item.validity, "superseded_by": item.superseded_by_id},
        )
    if key == "link":
        return forms.LinkForm(data, documents=documents_for(user, item))
    if key == "channel":
        return forms.ChannelForm(data, files)
    raise KeyError(key)


_LABELS = {
    "submit": gettext_lazy("提交审核"),
    "approve": gettext_lazy("审核通过"),
    "return": gettext_lazy("退回修改"),
    "publish": gettext_lazy("立即发布"),
    "schedule": gettext_lazy("定时发布"),
    "withdraw": gettext_lazy("撤稿"),
    "discard": gettext_lazy("作废稿件"),
    "refile": gettext_lazy("调整所属目录"),
    "republish": gettext_lazy("重新发布（新建重新发布稿，须重新审核）"),
    "correct": gettext_lazy("更正（新建修订稿）"),
    "mask": gettext_lazy("一键脱敏（身份证号、手机号、银行卡号）"),
    "validity": gettext_lazy("标注效力（修订 / 废止）"),
    "link": gettext_lazy("关联被解读的文件"),
    "channel": gettext_lazy("登记其他公开渠道"),
}


def action_keys(user, item: Item, working: Revision | None) -> list[str]:
    """What this person may do with the item now (buttons only; services decide)."""
    keys: list[str] = []
    if working is not None:
        allowed = selectors.allowed_actions(user, working)
        if Action.SUBMIT in allowed or Action.RESUBMIT in allowed:
            keys += ["mask", "submit"]
        if Action.APPROVE in allowed or Action.OVERRIDE in allowed:
            keys.append("approve")
        if Action.RETURN in allowed:
            keys.append("return")
        if Action.PUBLISH in allowed:
            keys += ["publish", "schedule"]
        if Action.DISCARD in allowed:
            keys.append("discard")
    public = item.published_revision if item.is_public else None
    if public is not None and Action.WITHDRAW in selectors.allowed_actions(user, public):
        keys.append("withdraw")
    writer = permissions.can_write(user, item.agency)
    if writer and item.is_public and working is None:
        keys.append("correct")
    if writer and item.state == State.WITHDRAWN and working is None:
        keys.append("republish")
    if writer and item.state not in (State.DISCARDED, State.WITHDRAWN):
        keys.append("refile")
    if writer and item.kind == ItemKind.DOCUMENT:
        keys.append("validity")
    if writer and item.kind == ItemKind.INTERPRETATION:
        keys.append("link")
    if writer and item.first_published_at is not None:
        keys.append("channel")
    return keys


def action_boxes(
    user, item: Item, working: Revision | None, bound: tuple[str, Form] | None
) -> list[ActionBox]:
    keys = action_keys(user, item, working)
    if bound is not None and bound[0] not in keys:
        # A refused action (out of turn, a stale page) is shown with its reason.
        keys.insert(0, bound[0])
    boxes = []
    for key in keys:
        if bound is not None and bound[0] == key:
            form, is_open = bound[1], True
        else:
            form, is_open = make_form(key, user, item, working), False
        boxes.append(
            ActionBox(
                key=key,
                label=_LABELS[key],
                form=form,
                url=reverse("publishing:act", args=[item.pk, key]),
                open=is_open,
                danger=key in ("withdraw", "return", "discard"),
            )
        )
    return boxes


# --- the item page ------------------------------------------------------------------------


@dataclass
class RevisionView:
    revision: Revision
    state_zh: str
    log: list[ReviewAction]
    stages: list[StageRow]
    findings: list[dict[str, Any]]
    log_error: str = ""
    editable: bool = False


def revision_view(revision: Revision) -> RevisionView:
    log = list(selectors.timeline(revision))
    try:
        state = selectors.review_state(revision)
    except ActionNotAllowed as exc:
        # A log that does not replay is a bug or tampering: show it, offer nothing.
        return RevisionView(revision, revision.get_state_display(), log, [], [], str(exc))
    label = STATE_LABELS_ZH[state.state]
    if state.state == State.IN_REVIEW and state.stage is not None:
        chain = selectors.revision_chain(revision)
        label = f"{label}（{chain[state.stage].label_zh}）"
    return RevisionView(
        revision,
        label,
        log,
        stage_rows(revision, log, state),
        latest_findings(log),
        editable=state.state in EDITABLE,
    )


def item_page(user, item: Item, bound: tuple[str, Form] | None = None) -> dict[str, Any]:
    working = selectors.working_revision(item)
    public = item.published_revision
    shown = working or public or item.revisions.order_by("-number").first()
    working_view = revision_view(working) if working is not None else None
    return {
        "item": item,
        "metadata": metadata_rows(item, shown),
        "working": working_view,
        "public": public,
        "public_view": revision_view(public) if public is not None else None,
        "actions": (
            []
            if working_view is not None and working_view.log_error
            else action_boxes(user, item, working, bound)
        ),
        "may_write": permissions.can_write(user, item.agency),
        "lock_message": _lock_message(working) if working is not None else "",
        "interprets": list(item.interprets.select_related("published_revision")),
        "interpreted_by": list(item.interpreted_by.select_related("published_revision")),
        "channel_records": list(item.channel_records.all()),
        "public_url": (
            reverse("publishing:public_item", args=[item.agency.slug, item.pk])
            if item.is_public
            else ""
        ),
        "action_labels": {a.value: label for a, label in ACTION_LABELS_ZH.items()},
    }


def _lock_message(revision: Revision) -> str:
    state = State(revision.state)
    if state in EDITABLE:
        return ""
    if state == State.IN_REVIEW:
        return _("稿件正在审核中，已锁定，不能修改；如需修改，请审核人退回。")
    return _("稿件已通过审核，不能再修改；如需修改，请发布后提交更正稿。")


# --- the home page --------------------------------------------------------------------------


DUE_ROWS_SHOWN = 30


def home_page(user) -> dict[str, Any]:
    agencies = list(permissions.member_agencies(user).order_by("path"))
    due = []
    # A 政务公开办 watches the deadlines of every agency it supervises, not only its own.
    watched = list(permissions.internal_agencies(user).order_by("path"))
    for agency in watched:
        rows = [r for r in selectors.due_items(agency) if r.status != "ok"]
        if rows:
            # The most overdue first; a long backlog is summarised, not drawn in full.
            due.append((agency, rows[:DUE_ROWS_SHOWN], len(rows) - DUE_ROWS_SHOWN))
    return {
        "queue": selectors.review_queue(user),
        "drafts": list(selectors.my_drafts(user)[:50]),
        "due": due,
        "writable": [a for a in agencies if permissions.can_write(user, a)],
        "agencies": agencies,
    }


# --- public ----------------------------------------------------------------------------------


def entry_subtree(agency, code: str) -> list[CatalogEntry] | None:
    """The public catalogue entry ``code`` and every entry below it, or None."""
    for node in flatten(public_catalog(agency)):
        if node.entry.code == code:
            return [n.entry for n in flatten([node])]
    return None


def public_body(revision: Revision) -> str:
    # Stored sanitised already; sanitising again on the way out costs little and keeps a
    # row written around the service (a fixture, an import) from reaching readers as is.
    return sanitize(revision.body_html) if revision.body_is_public else ""
