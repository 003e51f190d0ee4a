"""Reads about report checks, and the answers to "who may do what" with them.

The rules, checked here and enforced by the services:

* **see** a check: anyone who may see the agency's unpublished work
  (``agencies.selectors.visible_agencies``) — its own people and the supervising
  政务公开办. A check whose agency is not yet known belongs to the upload's scope.
* **upload** for an agency, **assign**, **re-check**, **explain** a finding: the
  agency's own people (any role) for their own agency only, and a 政务公开办管理员 for
  every agency under the government their office serves.
* The 等保 system roles (in particular the 审计管理员) do none of this: the auditor reads
  the audit log and nothing else.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.accounts.models import SystemRole
from gongkai.agencies.models import Agency, Membership
from gongkai.agencies.selectors import supervision_scopes, visible_agencies

from .models import (
    CheckStatus,
    FindingExplanation,
    ReportCheck,
    UploadBatch,
)


def _system_only(person) -> bool:
    """People with a 等保 system role act on the platform, not on disclosure work."""
    return getattr(person, "system_role", "") in (
        SystemRole.AUDITOR,
        SystemRole.SECURITY_ADMIN,
        SystemRole.SYSTEM_ADMIN,
    )


def _active(person) -> bool:
    return bool(person is not None and person.is_authenticated and person.is_active)


def _visible(person) -> QuerySet[Agency]:
    if not _active(person) or _system_only(person):
        return Agency.objects.none()
    return visible_agencies(person)


def upload_agencies(person) -> QuerySet[Agency]:
    """Agencies the person may upload reports for (and assign, re-check, explain): the
    agencies they hold a role in themselves (not the villages under them), and everything a
    政务公开办管理员 supervises."""
    if not _active(person) or _system_only(person):
        return Agency.objects.none()
    own = list(Membership.objects.filter(person=person).values_list("agency_id", flat=True))
    if not own:
        return Agency.objects.none()
    query = Q(pk__in=own)
    for scope in supervision_scopes(person):
        query |= Q(path__startswith=scope.path)
    return Agency.objects.filter(query)


def supervised_scope(person) -> Agency | None:
    """The government a 政务公开办管理员 oversees (the highest, if several), else None."""
    scopes = supervision_scopes(person)
    return min(scopes, key=lambda a: (a.depth, a.path)) if scopes else None


def may_upload_for(person, agency: Agency) -> bool:
    return upload_agencies(person).filter(pk=agency.pk).exists()


def may_view_check(person, check: ReportCheck) -> bool:
    return _visible(person).filter(pk=check.owner.pk).exists()


def may_edit_check(person, check: ReportCheck) -> bool:
    """Assign, re-check, explain: for people who answer for the check's agency."""
    return may_upload_for(person, check.owner)


def may_view_batch(person, batch: UploadBatch) -> bool:
    if _active(person) and batch.uploaded_by_id == person.pk and not _system_only(person):
        return True
    return _visible(person).filter(pk=batch.scope_id).exists()


# --------------------------------------------------------------------------------------------
# Checks


def checks_visible_to(person) -> QuerySet[ReportCheck]:
    """Every check the person may see: those of visible agencies, and unassigned ones of a
    visible scope."""
    visible = _visible(person)
    return ReportCheck.objects.filter(
        Q(agency__in=visible) | Q(agency__isnull=True, scope__in=visible)
    )


def check_list(
    person,
    *,
    agency_id: int | None = None,
    year: int | None = None,
    status: str | None = None,
) -> QuerySet[ReportCheck]:
    """The list page: visible checks, newest first, filtered by agency, year and status."""
    qs = checks_visible_to(person).select_related("agency", "uploaded_by", "file")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def check_totals(qs: QuerySet[ReportCheck]) -> dict[str, int]:
    """Counts for the head of the list: checks by status, and findings by severity."""
    agg = qs.aggregate(
        checks=Count("id"),
        queued=Count("id", filter=Q(status__in=[CheckStatus.QUEUED, CheckStatus.RUNNING])),
        done=Count("id", filter=Q(status=CheckStatus.DONE)),
        unreadable=Count("id", filter=Q(status=CheckStatus.UNREADABLE)),
        with_errors=Count("id", filter=Q(status=CheckStatus.DONE, error_count__gt=0)),
        errors=Sum("error_count"),
        warnings=Sum("warning_count"),
        infos=Sum("info_count"),
        unexplained=Sum("unexplained_errors"),
    )
    return {k: v or 0 for k, v in agg.items()}


def check_years(person) -> list[int]:
    """Years that appear in the person's checks, newest first (for the filter)."""
    return sorted(
        {y for y in checks_visible_to(person).values_list("year", flat=True) if y},
        reverse=True,
    )


def unexplained_error_count(person) -> int:
    """Error findings nobody has explained yet, over every finished check the person may
    see — the "待我处理" figure of the dashboard."""
    total = (
        checks_visible_to(person)
        .filter(status=CheckStatus.DONE)
        .aggregate(n=Sum("unexplained_errors"))["n"]
    )
    return int(total or 0)


def explanations_for(check: ReportCheck) -> dict[tuple[str, str], FindingExplanation]:
    """(rule, location) -> explanation, for the check's file."""
    return {
        (e.rule, e.location): e
        for e in FindingExplanation.objects.filter(sha256=check.file.sha256).select_related(
            "explained_by"
        )
    }


def batch_progress(batch: UploadBatch) -> dict[str, int]:
    """How far the checks of an upload are: N of M finished."""
    checks = ReportCheck.objects.filter(
        pk__in=batch.items.exclude(report_check=None).values("report_check")
    )
    agg = checks.aggregate(
        total=Count("id"),
        finished=Count("id", filter=Q(status__in=[CheckStatus.DONE, CheckStatus.UNREADABLE])),
    )
    return {"total": agg["total"] or 0, "finished": agg["finished"] or 0}
