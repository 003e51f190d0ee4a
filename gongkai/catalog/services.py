"""Writes of catalogues and guides.

Every function takes keyword arguments, checks the actor first (permissions.require_*),
writes in one transaction, records an audit entry, and refuses with `InvalidChange` (shown
to the user) or `NotAllowed` (403).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import Any

import nh3
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange
from gongkai.agencies.models import Agency
from gongkai.audit.services import audit_record

from . import kinds
from .data import STARTER_DEFAULTS, STARTERS
from .models import MAX_DEPTH, Audience, CatalogEntry, Channel, Guide, GuideVersion, Mode, Tier
from .permissions import require_edit_catalog

#: The fields a person edits (and the sheet carries), in 54号 order.
FIELDS = (
    "name",
    "content",
    "basis",
    "time_limit",
    "body",
    "channels",
    "channels_other",
    "audience",
    "mode",
    "tier",
    "deadline_working_days",
    "is_active",
)
_MAX_LENGTHS = {"name": 100, "time_limit": 200, "body": 200, "channels_other": 200}
_LONG_TEXT_MAX = 4000  # content, basis: long enough for any citation list, bounded anyway
MAX_DEADLINE = 60


# ---------------------------------------------------------------------------------------
# Entries


def clean_entry_data(data: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise an entry's fields; `InvalidChange` names the first problem."""
    out: dict[str, Any] = {}
    labels = {f: str(CatalogEntry._meta.get_field(f).verbose_name) for f in FIELDS}
    for name in ("name", "content", "basis", "time_limit", "body", "channels_other"):
        text = str(data.get(name) or "").strip()
        limit = _MAX_LENGTHS.get(name, _LONG_TEXT_MAX)
        if len(text) > limit:
            raise InvalidChange(
                _("%(label)s不能超过 %(n)d 个字。") % {"label": labels[name], "n": limit}
            )
        out[name] = text
    if not out["name"]:
        raise InvalidChange(_("请填写事项名称。"))
    channels = [str(c) for c in (data.get("channels") or [])]
    unknown = [c for c in channels if c not in Channel.values]
    if unknown:
        raise InvalidChange(_("未知的公开渠道：%(c)s。") % {"c": "、".join(unknown)})
    # Keep the list's own order whatever order they were ticked in: stable exports.
    out["channels"] = [c for c in Channel.values if c in channels]
    if out["channels_other"] and Channel.OTHER not in out["channels"]:
        out["channels"].append(Channel.OTHER)
    for name, choices in (("audience", Audience), ("mode", Mode)):
        value = str(data.get(name) or "")
        if value not in choices.values:
            raise InvalidChange(_("请选择%(label)s。") % {"label": labels[name]})
        out[name] = value
    tier = str(data.get("tier") or "")
    if tier and tier not in Tier.values:
        raise InvalidChange(_("未知的公开层级。"))
    out["tier"] = tier
    days = data.get("deadline_working_days")
    if days in (None, ""):
        out["deadline_working_days"] = None
    else:
        try:
            days = int(days)
        except (TypeError, ValueError):
            raise InvalidChange(_("发布时限应填写工作日天数（整数）。")) from None
        if not 1 <= days <= MAX_DEADLINE:
            raise InvalidChange(_("发布时限应在 1 到 %(n)d 个工作日之间。") % {"n": MAX_DEADLINE})
        out["deadline_working_days"] = days
    out["is_active"] = bool(data.get("is_active", True))
    return out


def _snapshot(entry: CatalogEntry) -> dict[str, Any]:
    snap = {f: getattr(entry, f) for f in FIELDS}
    snap["code"] = entry.code
    snap["parent"] = entry.parent.code if entry.parent_id else ""
    snap["position"] = entry.position
    return snap


def _depth(entry: CatalogEntry | None) -> int:
    depth = 0
    while entry is not None:
        depth += 1
        entry = entry.parent
    return depth


def _check_parent(agency: Agency, parent: CatalogEntry | None) -> None:
    if parent is None:
        return
    if parent.agency_id != agency.pk:
        raise InvalidChange(_("上级事项不属于本机构的目录。"))
    if _depth(parent) >= MAX_DEPTH:
        raise InvalidChange(_("公开事项最多分 %(n)d 级。") % {"n": MAX_DEPTH})


def _next_position(agency: Agency, parent: CatalogEntry | None) -> int:
    top = CatalogEntry.objects.filter(agency=agency, parent=parent).aggregate(m=Max("position"))
    return (top["m"] or 0) + 1


def _new_code(agency: Agency, parent: CatalogEntry | None) -> str:
    """ "e07" at the top, "<parent>-03" below: short, stable, unique within the agency."""
    taken = set(CatalogEntry.objects.filter(agency=agency).values_list("code", flat=True))
    n = CatalogEntry.objects.filter(agency=agency, parent=parent).count() + 1
    while True:
        code = f"{parent.code}-{n:02d}" if parent else f"e{n:02d}"
        if code not in taken:
            return code
        n += 1


def _clean_code(code: str) -> str:
    code = code.strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", code):
        raise InvalidChange(
            _("编码“%(code)s”无效：只能由英文字母、数字、连字符组成，不超过 40 个字符。")
            % {"code": code}
        )
    return code


def entry_create(
    *,
    actor,
    agency: Agency,
    data: dict[str, Any],
    parent: CatalogEntry | None = None,
    request: HttpRequest | None = None,
) -> CatalogEntry:
    require_edit_catalog(actor, agency)
    fields = clean_entry_data(data)
    with transaction.atomic():
        _check_parent(agency, parent)
        entry = CatalogEntry(
            agency=agency,
            parent=parent,
            position=_next_position(agency, parent),
            code=_new_code(agency, parent),
            **fields,
        )
        entry.save()
        audit_record(
            kind=kinds.ENTRY_CREATED,
            actor=actor,
            agency=agency,
            obj=entry,
            after=_snapshot(entry),
            request=request,
        )
    return entry


def entry_update(
    *, actor, entry: CatalogEntry, data: dict[str, Any], request: HttpRequest | None = None
) -> CatalogEntry:
    require_edit_catalog(actor, entry.agency)
    fields = clean_entry_data(data)
    with transaction.atomic():
        before = _snapshot(entry)
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save()
        after = _snapshot(entry)
        changed = [k for k in after if before[k] != after[k]]
        if changed:
            audit_record(
                kind=kinds.ENTRY_UPDATED,
                actor=actor,
                agency=entry.agency,
                obj=entry,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
                request=request,
            )
    return entry


def entry_move(
    *,
    actor,
    entry: CatalogEntry,
    direction: str,
    request: HttpRequest | None = None,
) -> CatalogEntry:
    """Move one place up or down among its siblings (swap positions with the neighbour)."""
    require_edit_catalog(actor, entry.agency)
    if direction not in ("up", "down"):
        raise InvalidChange(_("未知的移动方向。"))
    with transaction.atomic():
        siblings = list(
            CatalogEntry.objects.filter(agency=entry.agency, parent=entry.parent_id).order_by(
                "position", "id"
            )
        )
        index = next(i for i, s in enumerate(siblings) if s.pk == entry.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            raise InvalidChange(_("已经在最前面。") if direction == "up" else _("已经在最后面。"))
        siblings[index], siblings[other] = siblings[other], siblings[index]
        # Renumber the whole sibling list: positions may have had gaps or ties.
        for position, sibling in enumerate(siblings, start=1):
            if sibling.position != position:
                CatalogEntry.objects.filter(pk=sibling.pk).update(position=position)
        before = entry.position
        entry.refresh_from_db()
        audit_record(
            kind=kinds.ENTRY_MOVED,
            actor=actor,
            agency=entry.agency,
            obj=entry,
            before={"position": before},
            after={"position": entry.position},
            request=request,
        )
    return entry


def entry_delete(*, actor, entry: CatalogEntry, request: HttpRequest | None = None) -> None:
    """Delete an entry without children. One that items are filed under cannot go: the
    office sets it inactive instead (it stays in the record)."""
    require_edit_catalog(actor, entry.agency)
    if entry.children.exists():
        raise InvalidChange(_("请先删除或移走该事项下的二级事项。"))
    with transaction.atomic():
        snapshot = _snapshot(entry)
        agency = entry.agency
        audit_record(
            kind=kinds.ENTRY_DELETED,
            actor=actor,
            agency=agency,
            obj=entry,
            before=snapshot,
            request=request,
        )
        try:
            entry.delete()
        except ProtectedError:
            raise InvalidChange(_("已有信息归入该事项，不能删除；可以将其设为停用。")) from None


# ---------------------------------------------------------------------------------------
# Starter catalogues


def _install_nodes(
    agency: Agency, nodes: list[dict], parent: CatalogEntry | None, taken: set[str]
) -> int:
    created = 0
    for node in nodes:
        if node["code"] in taken:
            existing = CatalogEntry.objects.get(agency=agency, code=node["code"])
            created += _install_nodes(agency, node.get("children", []), existing, taken)
            continue
        values = {**STARTER_DEFAULTS, **{k: v for k, v in node.items() if k != "children"}}
        values["body"] = values["body"] or agency.name
        fields = clean_entry_data(values)
        entry = CatalogEntry.objects.create(
            agency=agency,
            parent=parent,
            # After whatever is already there (a merge appends to existing siblings).
            position=_next_position(agency, parent),
            code=node["code"],
            **fields,
        )
        taken.add(entry.code)
        created += 1 + _install_nodes(agency, node.get("children", []), entry, taken)
    return created


def catalog_install_starter(
    *,
    actor,
    agency: Agency,
    kind: str = "township",
    merge: bool = False,
    request: HttpRequest | None = None,
) -> int:
    """Create the starter catalogue `kind` ("township" or "village") for `agency`; returns
    how many entries were created. Refuses when the agency already has a catalogue, unless
    `merge`: then only the starter's entries whose codes are missing are added."""
    require_edit_catalog(actor, agency)
    if kind not in STARTERS:
        raise InvalidChange(_("未知的目录模板。"))
    with transaction.atomic():
        existing = CatalogEntry.objects.filter(agency=agency)
        if existing.exists() and not merge:
            raise InvalidChange(
                _("%(agency)s已有公开事项目录；如需补充模板中缺少的事项，请选择“合并”。")
                % {"agency": agency.name}
            )
        taken = set(existing.values_list("code", flat=True))
        created = _install_nodes(agency, STARTERS[kind], None, taken)
        audit_record(
            kind=kinds.STARTER_INSTALLED,
            actor=actor,
            agency=agency,
            after={"kind": kind, "merge": merge, "created": created},
            request=request,
        )
    return created


# ---------------------------------------------------------------------------------------
# 政府信息公开指南

#: What a guide may contain: structure and emphasis, no scripts, styles or images.
GUIDE_TAGS = {"h2", "h3", "p", "ul", "ol", "li", "strong", "em", "br", "a", "table", "tr", "td", "th", "thead", "tbody"}  # fmt: skip
GUIDE_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}}
GUIDE_MAX_CHARS = 50_000


def sanitize_guide_html(text: str) -> str:
    return nh3.clean(
        text,
        tags=GUIDE_TAGS,
        attributes=GUIDE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    ).strip()


_BLOCK_END = re.compile(r"</(p|h2|h3|li|tr)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")


def guide_text(body_html: str) -> list[str]:
    """The guide as lines of plain text (one per paragraph, heading or list item): what a
    diff between versions compares."""
    text = _BLOCK_END.sub("\n", body_html)
    text = html.unescape(_TAG.sub("", text))
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class DiffLine:
    op: str  # " ", "-", "+"
    text: str


def guide_diff(old: GuideVersion, new: GuideVersion) -> list[DiffLine]:
    lines = []
    for line in difflib.ndiff(guide_text(old.body_html), guide_text(new.body_html)):
        if line.startswith("? "):
            continue  # ndiff's intraline hints: noise for people
        lines.append(DiffLine(op=line[0], text=line[2:]))
    return lines


def _guide_for(agency: Agency) -> Guide:
    guide, _created = Guide.objects.get_or_create(agency=agency)
    return guide


def guide_publish(
    *,
    actor,
    agency: Agency,
    title: str,
    body_html: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> GuideVersion:
    """Publish a new version; earlier versions stay as they were."""
    require_edit_catalog(actor, agency)
    title = (title or "").strip()
    if not title:
        raise InvalidChange(_("请填写指南标题。"))
    if len(title) > 200:
        raise InvalidChange(_("标题不能超过 200 个字。"))
    if len(body_html or "") > GUIDE_MAX_CHARS:
        raise InvalidChange(_("正文过长（不超过 %(n)d 个字符）。") % {"n": GUIDE_MAX_CHARS})
    clean = sanitize_guide_html(body_html or "")
    if not guide_text(clean):
        raise InvalidChange(_("请填写指南正文。"))
    note = (note or "").strip()[:200]
    with transaction.atomic():
        guide = Guide.objects.select_for_update().filter(agency=agency).first() or _guide_for(
            agency
        )
        previous = guide.versions.order_by("-number").first()
        if previous and previous.body_html == clean and previous.title == title:
            raise InvalidChange(_("内容没有变化，未发布新版本。"))
        now = timezone.now()
        version = GuideVersion.objects.create(
            guide=guide,
            number=(previous.number + 1) if previous else 1,
            title=title,
            body_html=clean,
            note=note,
            published_at=now,
            published_by=actor,
        )
        guide.reviewed_at, guide.reviewed_by = now, actor
        guide.save(update_fields=["reviewed_at", "reviewed_by"])
        audit_record(
            kind=kinds.GUIDE_PUBLISHED,
            actor=actor,
            agency=agency,
            obj=version,
            after={"number": version.number, "title": title, "note": note},
            request=request,
        )
    return version


def guide_mark_reviewed(*, actor, agency: Agency, request: HttpRequest | None = None) -> Guide:
    """Record that the current text was checked and is still right (no new version)."""
    require_edit_catalog(actor, agency)
    with transaction.atomic():
        guide = Guide.objects.filter(agency=agency).first()
        if guide is None or not guide.versions.exists():
            raise InvalidChange(_("尚未发布公开指南。"))
        guide.reviewed_at, guide.reviewed_by = timezone.now(), actor
        guide.save(update_fields=["reviewed_at", "reviewed_by"])
        audit_record(
            kind=kinds.GUIDE_PUBLISHED,
            actor=actor,
            agency=agency,
            obj=guide,
            after={"reviewed": True},
            note=_("确认指南内容仍然准确"),
            request=request,
        )
    return guide
