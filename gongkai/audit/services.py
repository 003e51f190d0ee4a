"""Writing to the audit log. Every service that changes state calls `audit_record`."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import Max

from gongkai.web.addresses import client_address

from .models import AuditEntry


def audit_record(
    *,
    kind: str,
    actor=None,
    agency=None,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request=None,
    note: str = "",
    actor_name: str = "",
) -> AuditEntry:
    """Append one entry. `before`/`after` hold the fields that changed, as plain data."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        kind=kind,
        actor=actor,
        actor_name=actor_name or (str(actor) if actor is not None else ""),
        agency=agency,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=before,
        after=after,
        ip=client_address(request),
        note=note[:500],
    )


def audit_export(
    *, actor, filters: dict[str, Any], request=None
) -> tuple[models.QuerySet[AuditEntry], int]:
    """The entries `actor` may export under `filters`, and how many — and the export itself
    goes into the log first ("who took a copy of the log" is a question the auditor asks).

    The result is cut at the newest entry that existed before the export was recorded, so
    the file holds exactly the number of rows the record says."""
    from .selectors import audit_entry_list  # selectors import models only; no cycle at load

    with transaction.atomic():
        entries = audit_entry_list(viewer=actor, **filters)
        newest = entries.aggregate(newest=Max("id"))["newest"] or 0
        entries = entries.filter(id__lte=newest)
        count = entries.count()
        audit_record(
            kind="audit.exported",
            actor=actor,
            request=request,
            after={"filters": _describe(filters), "rows": count},
        )
    return entries, count


def _describe(filters: dict[str, Any]) -> dict[str, str]:
    """Filters as plain text for the record (names, not database ids)."""
    described = {}
    for key, value in filters.items():
        if value in (None, ""):
            continue
        described[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return described
