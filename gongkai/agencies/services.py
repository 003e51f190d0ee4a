"""Writes of the agency tree: creating an agency, changing it, moving it.

Only the 系统管理员 does these (permissions.require_manage_agencies). Every function takes
keyword arguments only, writes in one transaction, records what it changed in the audit
log, and refuses with `InvalidChange` (a tree that makes no sense) or `NotAllowed` (the
wrong person).

There is no delete: an agency with published items, cases or reports is part of the
record. A merged or renamed agency gets a new name; its history stays where it was.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Value
from django.db.models.functions import Concat, Length, Substr
from django.http import HttpRequest
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange
from gongkai.audit.services import audit_record

from .models import Agency, Kind, Level
from .permissions import require_manage_agencies

#: How high in the hierarchy each level sits; a child may not sit higher than its parent.
#: 乡镇 and 街道 are the same tier (a 街道 is a township-level office of a city district).
LEVEL_RANK = {
    Level.PROVINCE: 0,
    Level.CITY: 1,
    Level.COUNTY: 2,
    Level.TOWNSHIP: 3,
    Level.SUBDISTRICT: 3,
    Level.VILLAGE: 4,
}

#: Fields `agency_update` changes in place; `parent` moves the agency instead.
EDITABLE = ("name", "short_name", "level", "kind")

#: Any constant: the PostgreSQL advisory lock that makes tree writes take turns.
_TREE_LOCK = 0x6E6B_7472  # "gktr"
_PATH_MAX = Agency._meta.get_field("path").max_length


def _lock_tree() -> None:
    """Make creations and moves take turns, so none computes a path from a parent path
    that another is rewriting. SQLite needs nothing: its IMMEDIATE transactions (see
    settings) already let one writer at a time in."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_TREE_LOCK])


def _snapshot(agency: Agency) -> dict[str, Any]:
    return {
        "name": agency.name,
        "short_name": agency.short_name,
        "level": agency.level,
        "kind": agency.kind,
        "parent": agency.parent.name if agency.parent else "",
        "slug": agency.slug,
    }


def _text(value: Any, *, label: str, max_length: int, required: bool) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InvalidChange(_("请填写%(label)s。") % {"label": label})
    if len(text) > max_length:
        raise InvalidChange(_("%(label)s不能超过 %(n)d 个字。") % {"label": label, "n": max_length})
    return text


def _clean_name(value: Any) -> str:
    return _text(value, label=_("名称"), max_length=100, required=True)


def _clean_short_name(value: Any) -> str:
    return _text(value, label=_("简称"), max_length=50, required=False)


def _clean_slug(value: str) -> str:
    slug = value.strip().lower()
    try:
        validate_slug(slug)
    except ValidationError:
        raise InvalidChange(
            _("网址标识只能由英文字母、数字、连字符和下划线组成，例如 qingshi。")
        ) from None
    if len(slug) > 60:
        raise InvalidChange(_("网址标识不能超过 60 个字符。"))
    if Agency.objects.filter(slug=slug).exists():
        raise InvalidChange(_("网址标识“%(slug)s”已被其他机构使用。") % {"slug": slug})
    return slug


def _check_choices(*, level: str, kind: str) -> None:
    if level not in Level.values:
        raise InvalidChange(_("未知的层级。"))
    if kind not in Kind.values:
        raise InvalidChange(_("未知的机构类型。"))
    # A 村（居）委会 is the village level's only kind of agency, and only it.
    if (kind == Kind.VILLAGE) != (level == Level.VILLAGE):
        raise InvalidChange(
            _("村（社区）级的机构必须是村（居）委会，村（居）委会也只能是村（社区）级。")
        )


def _check_under(*, level: str, kind: str, parent_level: str, parent_kind: str) -> None:
    """Refuse a child that cannot sit under that parent; everything else is allowed (a
    village directly under a county, a department under a township, …)."""
    if LEVEL_RANK[level] < LEVEL_RANK[parent_level]:
        raise InvalidChange(
            _("%(child)s机构不能设在%(parent)s机构之下：下级的层级不能高于上级。")
            % {"child": Level(level).label, "parent": Level(parent_level).label}
        )
    # A government's office, village or township belongs to a government; under a
    # department (or an office, or a village) only departments make sense.
    if parent_kind != Kind.GOVERNMENT and kind != Kind.DEPARTMENT:
        raise InvalidChange(
            _("%(parent)s之下只能设政府部门，不能设%(child)s。")
            % {"parent": Kind(parent_kind).label, "child": Kind(kind).label}
        )


def _check_sibling_name(*, name: str, parent: Agency | None, exclude: Agency | None = None):
    siblings = Agency.objects.filter(parent=parent, name=name)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    if siblings.exists():
        raise InvalidChange(_("同一上级之下已有名为“%(name)s”的机构。") % {"name": name})


def _fresh_parent(parent: Agency | None) -> Agency | None:
    """The parent as the database has it now (its path may have moved since it was read)."""
    if parent is None:
        return None
    found = Agency.objects.filter(pk=parent.pk).first()
    if found is None:
        raise InvalidChange(_("上级机构不存在。"))
    return found


def _auto_slug(agency: Agency) -> str:
    """The slug "a-<id>": ASCII, stable, unique (a person may have chosen "a-12" before agency 12
    existed, hence the suffix)."""
    slug, n = f"a-{agency.pk}", 1
    while Agency.objects.filter(slug=slug).exclude(pk=agency.pk).exists():
        n += 1
        slug = f"a-{agency.pk}-{n}"
    return slug


def agency_create(
    *,
    actor,
    name: str,
    level: str,
    kind: str,
    parent: Agency | None = None,
    slug: str | None = None,
    short_name: str = "",
    request: HttpRequest | None = None,
) -> Agency:
    """Add an agency to the tree. `slug` is its address on the portal (/gk/<slug>/);
    without one it gets "a-<id>", which the 系统管理员 may not like but which never clashes.
    """
    require_manage_agencies(actor)
    name = _clean_name(name)
    short_name = _clean_short_name(short_name)
    level, kind = str(level), str(kind)
    _check_choices(level=level, kind=kind)
    try:
        with transaction.atomic():
            _lock_tree()
            parent = _fresh_parent(parent)
            if parent is not None:
                _check_under(
                    level=level, kind=kind, parent_level=parent.level, parent_kind=parent.kind
                )
            _check_sibling_name(name=name, parent=parent)
            chosen = _clean_slug(slug) if slug and slug.strip() else ""
            agency = Agency(
                name=name,
                short_name=short_name,
                level=level,
                kind=kind,
                parent=parent,
                slug=chosen or f"new-{uuid.uuid4().hex}",
            )
            agency.save()
            if not chosen:
                agency.slug = _auto_slug(agency)
                agency.save(update_fields=["slug"])
            audit_record(
                kind="agency.created",
                actor=actor,
                agency=agency,
                obj=agency,
                request=request,
                after=_snapshot(agency),
            )
    except IntegrityError:  # the same slug, taken a moment ago by someone else
        raise InvalidChange(
            _("网址标识“%(slug)s”已被其他机构使用。") % {"slug": (slug or "").strip().lower()}
        ) from None
    return agency


def agency_update(
    *, actor, agency: Agency, request: HttpRequest | None = None, **fields: Any
) -> Agency:
    """Change an agency's name, short name, level or type, and with `parent=` move it
    (with everything under it) elsewhere in the tree, or to the top with `parent=None`.

    The 网址标识 (slug) is not among the fields: it is in every link to the agency's portal.
    Returns the agency as saved. Writes "agency.updated" for the fields and "agency.moved"
    for a new parent; nothing when nothing changed."""
    unknown = set(fields) - {*EDITABLE, "parent"}
    if unknown:
        raise TypeError(f"agency_update() cannot change {', '.join(sorted(unknown))}")
    require_manage_agencies(actor)
    cleaned: dict[str, Any] = {}
    if "name" in fields:
        cleaned["name"] = _clean_name(fields["name"])
    if "short_name" in fields:
        cleaned["short_name"] = _clean_short_name(fields["short_name"])
    with transaction.atomic():
        _lock_tree()
        current = Agency.objects.select_for_update().get(pk=agency.pk)
        parent = _fresh_parent(fields["parent"]) if "parent" in fields else current.parent
        moving = (parent.pk if parent else None) != current.parent_id
        level = str(fields.get("level", current.level))
        kind = str(fields.get("kind", current.kind))
        if moving and parent is not None and parent.is_within(current):
            raise InvalidChange(_("不能把机构移到它自己或它的下级机构之下。"))
        # A rename is never refused for an oddity of the tree that was there before.
        if moving or level != current.level or kind != current.kind:
            _check_placement(agency=current, level=level, kind=kind, parent=parent)
        if moving or "name" in cleaned:
            _check_sibling_name(
                name=cleaned.get("name", current.name), parent=parent, exclude=current
            )

        changed = {
            field: value
            for field, value in {**cleaned, "level": level, "kind": kind}.items()
            if getattr(current, field) != value
        }
        if changed:
            before = {field: getattr(current, field) for field in changed}
            for field, value in changed.items():
                setattr(current, field, value)
            current.save(update_fields=list(changed))
            audit_record(
                kind="agency.updated",
                actor=actor,
                agency=current,
                obj=current,
                request=request,
                before=before,
                after=changed,
            )
        if moving:
            _move(current, parent, actor=actor, request=request)
    return current


def _check_placement(*, agency: Agency, level: str, kind: str, parent: Agency | None) -> None:
    """`agency` as `level` and `kind` under `parent`: fits there, and still fits its children."""
    _check_choices(level=level, kind=kind)
    if parent is not None:
        _check_under(level=level, kind=kind, parent_level=parent.level, parent_kind=parent.kind)
    for child in agency.children.all():
        try:
            _check_under(level=child.level, kind=child.kind, parent_level=level, parent_kind=kind)
        except InvalidChange as refusal:
            raise InvalidChange(
                _("下级机构“%(child)s”将不再合适：%(why)s")
                % {"child": child.name, "why": refusal.message}
            ) from None


def _move(agency: Agency, parent: Agency | None, *, actor, request) -> None:
    """Give `agency` a new parent and rewrite the path of it and its whole subtree: one
    UPDATE replaces the old path prefix with the new one."""
    old = agency.path
    new = f"{parent.path if parent else ''}{agency.pk:06d}/"
    subtree = Agency.objects.filter(path__startswith=old)
    longest = subtree.aggregate(n=Max(Length("path")))["n"] or len(old)
    if longest - len(old) + len(new) > _PATH_MAX:
        raise InvalidChange(_("机构树层次过深，不能移到这里。"))
    before = {
        "parent": agency.parent.name if agency.parent else "",
        "parent_id": agency.parent_id,
        "path": old,
    }
    moved = subtree.update(path=Concat(Value(new), Substr("path", len(old) + 1)))
    agency.parent = parent
    agency.path = new
    agency.save(update_fields=["parent"])
    audit_record(
        kind="agency.moved",
        actor=actor,
        agency=agency,
        obj=agency,
        request=request,
        before=before,
        after={"parent": parent.name if parent else "", "parent_id": agency.parent_id, "path": new},
        note=_("连同下级机构 %(n)d 个") % {"n": moved - 1} if moved > 1 else "",
    )
