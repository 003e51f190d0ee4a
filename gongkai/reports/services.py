"""Writes of the reports app: upload, check, assign, re-check, explain.

Each service takes keyword-only arguments, checks permission itself (a view forgetting to
ask must not open a hole), runs in a transaction and writes the audit log. Checks are
queued with ``transaction.on_commit`` so a worker never sees an uncommitted row.

The upload is the exception to "one transaction": each file is stored in a transaction of
its own, because one bad file in eighty must never cost the seventy-nine already saved.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import errors as accounts_errors
from gongkai.agencies.models import Agency
from gongkai.annualreport.document import Document, ReadError
from gongkai.annualreport.model import Report, Severity, sorted_findings
from gongkai.annualreport.pipeline import check_document
from gongkai.annualreport.readers import read_bytes
from gongkai.audit.services import audit_record

from . import intake
from .engine import engine_version, guess_agency, looks_like_report
from .models import (
    CheckStatus,
    FindingExplanation,
    ReportCheck,
    ReportFile,
    UploadBatch,
    UploadItem,
    UploadOutcome,
)
from .selectors import (
    may_edit_check,
    may_upload_for,
    supervised_scope,
    upload_agencies,
)

log = logging.getLogger(__name__)

MIN_YEAR, MAX_YEAR = 2008, 2100  # the 条例 took effect on 2008-05-01

_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "ole": ".doc", "html": ".html", "text": ".txt"}


class NotAllowed(accounts_errors.NotAllowed):
    """The person may not do this to this agency's reports (a PermissionDenied: 403)."""


def _refuse(message: str) -> NotAllowed:
    return NotAllowed(message)


def _check_year(year: int | None) -> None:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("年度应在 %(min)d 到 %(max)d 之间") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )


# --------------------------------------------------------------------------------------------
# Upload


@dataclass
class _Target:
    """Where an upload goes: the agency chosen (or None: guess), and the scope."""

    agency: Agency | None
    scope: Agency


def _upload_target(actor, agency: Agency | None) -> _Target:
    allowed = upload_agencies(actor)
    if not allowed.exists():
        raise _refuse(_("您没有上传年度报告的权限"))
    if agency is not None:
        if not allowed.filter(pk=agency.pk).exists():
            raise _refuse(_("您不能为「%(agency)s」上传年度报告") % {"agency": agency.name})
        return _Target(agency, agency)
    scope = supervised_scope(actor)
    if scope is not None:
        return _Target(None, scope)
    own = list(allowed[:2])
    if len(own) == 1:
        # A township's staff upload for their own agency: no guessing needed.
        return _Target(own[0], own[0])
    raise ValidationError(_("您在多个单位任职，请选择为哪个单位上传"))


def upload_create(
    *,
    actor,
    files: Iterable[intake.UploadedFileLike],
    agency: Agency | None = None,
    year: int | None = None,
    request=None,
) -> UploadBatch:
    """Store the report files of one upload and queue a check for each.

    ``agency`` None lets the report say whose it is (for a supervisor); ``year`` None
    takes the report's year. Every file — and every file inside a zip — ends as one
    UploadItem: accepted (a new check), duplicate (the same content already checked for
    the same agency: that check is shown, with its explanations) or refused with a
    message naming the file.
    """
    _check_year(year)
    target = _upload_target(actor, agency)
    with transaction.atomic():
        batch = UploadBatch.objects.create(uploaded_by=actor, scope=target.scope)
    counts = {o: 0 for o in UploadOutcome.values}
    refused: list[str] = []
    for position, item in enumerate(intake.read_upload(files), start=1):
        if isinstance(item, intake.Refused):
            with transaction.atomic():
                UploadItem.objects.create(
                    batch=batch,
                    position=position,
                    name=item.name or _("（整个上传）"),
                    outcome=UploadOutcome.REJECTED,
                    message=item.message,
                )
            refused.append(item.name)
            counts[UploadOutcome.REJECTED] += 1
            continue
        outcome = _store(batch, position, item, target, year, actor, request)
        counts[outcome] += 1
    with transaction.atomic():
        audit_record(
            kind="reports.upload",
            actor=actor,
            agency=target.scope,
            obj=batch,
            after={
                "accepted": counts["accepted"],
                "duplicate": counts["duplicate"],
                "refused": refused,
            },
            request=request,
        )
    return batch


def _store(
    batch: UploadBatch,
    position: int,
    item: intake.Incoming,
    target: _Target,
    year: int | None,
    actor,
    request,
) -> str:
    digest = hashlib.sha256(item.data).hexdigest()
    with transaction.atomic():
        rfile = ReportFile.objects.filter(sha256=digest).first()
        if rfile is None:
            rfile = ReportFile(
                sha256=digest,
                original_name=item.name[:255],
                size=len(item.data),
                kind=item.kind,
                uploaded_by=actor,
            )
            # Named by content: the same bytes never take twice the disk.
            rfile.file.save(
                f"{digest[:2]}/{digest}{_SUFFIX.get(item.kind, '')}",
                ContentFile(item.data),
                save=False,
            )
            rfile.save()
        existing = _same_check(rfile, target, year)
        if existing is not None:
            UploadItem.objects.create(
                batch=batch,
                position=position,
                name=item.display[:500],
                outcome=UploadOutcome.DUPLICATE,
                message=_("与已上传的「%(name)s」内容相同，沿用其检查结果和说明。")
                % {"name": existing.original_name},
                report_check=existing,
            )
            if existing.is_finished and existing.engine_version != engine_version():
                _requeue(existing, actor=actor, request=request, why="engine")
            return UploadOutcome.DUPLICATE
        check = ReportCheck.objects.create(
            file=rfile,
            batch=batch,
            original_name=item.name[:255],
            archive_name=item.archive[:255],
            scope=target.scope,
            agency=target.agency,
            year=year,
            uploaded_by=actor,
        )
        UploadItem.objects.create(
            batch=batch,
            position=position,
            name=item.display[:500],
            outcome=UploadOutcome.ACCEPTED,
            report_check=check,
        )
        audit_record(
            kind="reports.check_queued",
            actor=actor,
            agency=check.owner,
            obj=check,
            after={"status": check.status, "file": digest, "kind": item.kind},
            request=request,
        )
        _enqueue(check)
    return UploadOutcome.ACCEPTED


def _same_check(rfile: ReportFile, target: _Target, year: int | None) -> ReportCheck | None:
    """An earlier check of the same content for the same agency (or scope), if any."""
    qs = ReportCheck.objects.filter(file=rfile, scope=target.scope)
    if target.agency is not None:
        qs = qs.filter(agency=target.agency)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-created_at", "-id").first()


def _enqueue(check: ReportCheck) -> None:
    from .tasks import enqueue_check

    check_id = check.pk
    transaction.on_commit(lambda: enqueue_check(check_id))


# --------------------------------------------------------------------------------------------
# Running a check (the worker)


def check_run(*, check_id: int) -> ReportCheck:
    """Read and check one stored file; record the result, guess agency and year.

    Runs in the worker without a person. Never raises for a bad file: an unreadable file
    is a result ("无法读取" with the reason), and so is an engine bug, worded for the clerk
    and logged for the developers.

    When the same agency's report for the year before has been checked, the report is
    checked against it too (上年结转 = last year's 结转下年度, 现行有效件数 carried on, the
    narrative not copied): the document is read once and checked twice.
    """
    with transaction.atomic():
        check = ReportCheck.objects.select_for_update().select_related("file").get(pk=check_id)
        check.status = CheckStatus.RUNNING
        check.started_at = timezone.now()
        check.save(update_fields=["status", "started_at"])

    report, doc, message = _read(check.file, check.original_name)
    previous_check = None
    if report is not None:
        agency, year = _assignment(check, report)
        previous_check, previous = _previous_report(check, agency, year)
        if previous is not None:
            try:
                report = check_document(doc, previous)
            except Exception:  # noqa: BLE001 — keep the result without the cross-year rules
                log.exception("cross-year check %s against %s failed", check_id, previous_check)
                previous_check = None

    with transaction.atomic():
        check = ReportCheck.objects.select_for_update().select_related("file").get(pk=check_id)
        before = {"status": check.status}
        check.engine_version = engine_version()
        check.finished_at = timezone.now()
        if report is None:
            check.status = CheckStatus.UNREADABLE
            check.message = message
            check.report = None
            check.format = ""
            check.error_count = check.warning_count = check.info_count = 0
            check.unexplained_errors = 0
        else:
            _record(check, report)
            if previous_check is not None:
                check.report["previous_check"] = previous_check.pk
        check.save()
        audit_record(
            kind="reports.check_done" if report is not None else "reports.check_unreadable",
            agency=check.owner,
            obj=check,
            before=before,
            after={
                "status": check.status,
                "agency": check.agency.name if check.agency else None,
                "year": check.year,
                "errors": check.error_count,
                "warnings": check.warning_count,
                "infos": check.info_count,
                "engine": check.engine_version,
                "previous_check": previous_check.pk if previous_check else None,
            },
            actor_name=_("系统（后台检查）"),
        )
    return check


def _read(rfile: ReportFile, name: str) -> tuple[Report | None, Document | None, str]:
    """(report, document, "") or (None, None, why not) — the reason in a clerk's words."""
    try:
        with rfile.file.open("rb") as fh:
            data = fh.read()
        doc = read_bytes(data, name)
        report = check_document(doc)
    except ReadError as e:
        return None, None, str(e) or _("无法识别的文件")
    except OSError as e:
        return None, None, _("找不到已上传的文件（%(err)s），请重新上传") % {"err": e.strerror or e}
    except Exception as e:  # noqa: BLE001 — one odd file must not stop a batch of eighty
        log.exception("report check of %s failed", rfile.sha256)
        return (
            None,
            None,
            _("读取时出现意外错误（%(name)s），请把这个文件发给系统管理员")
            % {"name": type(e).__name__},
        )
    if not looks_like_report(report):
        problems = [f.message for f in report.read_problems]
        why = (
            problems[0]
            if problems
            else _("文件中找不到年度报告的内容（没有六个部分的标题，也没有统计表）")
        )
        return None, None, why
    return report, doc, ""


def _previous_report(
    check: ReportCheck, agency: Agency | None, year: int | None
) -> tuple[ReportCheck | None, Report | None]:
    """The same agency's checked report of the year before, read again, or (None, None)."""
    if agency is None or year is None:
        return None, None
    previous = (
        ReportCheck.objects.filter(agency=agency, year=year - 1, status=CheckStatus.DONE)
        .exclude(file_id=check.file_id)
        .select_related("file")
        .order_by("-finished_at", "-id")
        .first()
    )
    if previous is None:
        return None, None
    report, _doc, _why = _read(previous.file, previous.original_name)
    return (previous, report) if report is not None else (None, None)


def _assignment(check: ReportCheck, report: Report) -> tuple[Agency | None, int | None]:
    """The agency and year the check gets: a person's choice stands; otherwise what the
    report says, matched against the agencies the uploader may upload for, within the
    upload's scope (the engine may read better now, so a guess is made again)."""
    agency = check.agency
    if agency is None or check.agency_guessed:
        candidates = (
            upload_agencies(check.uploaded_by)
            .filter(path__startswith=check.scope.path)
            .select_related("parent")
        )
        agency = guess_agency(report.agency, candidates) or guess_agency(report.title, candidates)
    year = check.year
    if year is None or check.year_guessed:
        year = report.year if report.year and MIN_YEAR <= report.year <= MAX_YEAR else None
    return agency, year


def _record(check: ReportCheck, report: Report) -> None:
    findings = sorted_findings(report.findings)
    check.status = CheckStatus.DONE
    check.message = ""
    check.report = report.to_dict()
    check.format = report.format or ""
    check.detected_agency = (report.agency or "")[:200]
    check.detected_year = report.year if report.year and 0 < report.year < 32768 else None
    check.error_count = sum(f.severity is Severity.ERROR for f in findings)
    check.warning_count = sum(f.severity is Severity.WARNING for f in findings)
    check.info_count = sum(f.severity is Severity.INFO for f in findings)
    agency, year = _assignment(check, report)
    if check.agency is None or check.agency_guessed:
        check.agency, check.agency_guessed = agency, agency is not None
    if check.year is None or check.year_guessed:
        check.year, check.year_guessed = year, year is not None
    check.unexplained_errors = _unexplained(check)


def _unexplained(check: ReportCheck) -> int:
    if check.status != CheckStatus.DONE:
        return 0
    explained = set(
        FindingExplanation.objects.filter(sha256=check.file.sha256).values_list("rule", "location")
    )
    return sum(
        1
        for f in check.findings
        if f.get("severity") == "error" and (f.get("rule"), f.get("location")) not in explained
    )


def _refresh_unexplained(sha256: str) -> None:
    for check in ReportCheck.objects.filter(
        file__sha256=sha256, status=CheckStatus.DONE
    ).select_related("file"):
        n = _unexplained(check)
        if n != check.unexplained_errors:
            ReportCheck.objects.filter(pk=check.pk).update(unexplained_errors=n)


# --------------------------------------------------------------------------------------------
# Changing a check


def _editable(actor, check: ReportCheck) -> None:
    if not may_edit_check(actor, check):
        raise _refuse(_("您不能处理「%(agency)s」的年度报告") % {"agency": check.owner.name})


def check_assign(
    *,
    actor,
    check: ReportCheck,
    agency: Agency | None,
    year: int | None,
    request=None,
) -> ReportCheck:
    """Set the agency and year a person says the report belongs to.

    The person must answer for both the current and the new agency: a township cannot
    move a report into another township's list, nor take one out of it.
    """
    _check_year(year)
    with transaction.atomic():
        check = ReportCheck.objects.select_for_update().get(pk=check.pk)
        _editable(actor, check)
        if agency is not None and not may_upload_for(actor, agency):
            raise _refuse(_("您不能把报告归到「%(agency)s」") % {"agency": agency.name})
        before = {
            "agency": check.agency.name if check.agency else None,
            "year": check.year,
        }
        check.agency = agency
        check.agency_guessed = False
        check.year = year
        check.year_guessed = False
        if agency is not None and not agency.is_within(check.scope):
            # The scope decides who sees the check while unassigned; keep it above the agency.
            check.scope = agency
        check.save()
        audit_record(
            kind="reports.check_assigned",
            actor=actor,
            agency=check.owner,
            obj=check,
            before=before,
            after={"agency": agency.name if agency else None, "year": year},
            request=request,
        )
    return check


def check_recheck(*, actor, check: ReportCheck, request=None) -> ReportCheck:
    """Queue the same file again (a newer engine, a check lost with a stopped worker).

    Explanations are keyed by the file's content, so they are found again afterwards.
    """
    with transaction.atomic():
        check = ReportCheck.objects.select_for_update().get(pk=check.pk)
        _editable(actor, check)
        _requeue(check, actor=actor, request=request, why="person")
    return check


def _requeue(check: ReportCheck, *, actor, request, why: str) -> None:
    before = {"status": check.status, "engine": check.engine_version}
    check.status = CheckStatus.QUEUED
    check.started_at = None
    check.finished_at = None
    check.save(update_fields=["status", "started_at", "finished_at"])
    audit_record(
        kind="reports.check_requeued",
        actor=actor,
        agency=check.owner,
        obj=check,
        before=before,
        after={"status": check.status},
        request=request,
        note=_("检查引擎已更新，自动重新检查") if why == "engine" else "",
    )
    _enqueue(check)


# --------------------------------------------------------------------------------------------
# Explanations


def _finding(check: ReportCheck, rule: str, location: str) -> dict[str, Any]:
    for f in check.findings:
        if f.get("rule") == rule and f.get("location") == location:
            return f
    raise ValidationError(_("这份报告的检查结果中没有这个问题"))


def finding_explain(
    *,
    actor,
    check: ReportCheck,
    rule: str,
    location: str,
    comment: str,
    request=None,
) -> FindingExplanation:
    """Mark one finding as explained, with the comment saying why (or change the comment).

    The explanation is stored against the file's content, so every check of the same
    file — now and after re-checks — shows it.
    """
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("请填写说明"))
    with transaction.atomic():
        check = ReportCheck.objects.select_related("file").get(pk=check.pk)
        _editable(actor, check)
        finding = _finding(check, rule, location)
        sha = check.file.sha256
        explanation = (
            FindingExplanation.objects.select_for_update()
            .filter(sha256=sha, rule=rule, location=location)
            .first()
        )
        before = {"comment": explanation.comment} if explanation else None
        if explanation is None:
            explanation = FindingExplanation(sha256=sha, rule=rule, location=location)
        explanation.comment = comment
        explanation.explained_by = actor
        explanation.explained_at = timezone.now()
        explanation.save()
        _refresh_unexplained(sha)
        audit_record(
            kind="reports.finding_explained",
            actor=actor,
            agency=check.owner,
            obj=check,
            before=before,
            after={
                "rule": rule,
                "location": location,
                "severity": finding.get("severity"),
                "comment": comment,
            },
            request=request,
        )
    return explanation


def finding_unexplain(*, actor, check: ReportCheck, rule: str, location: str, request=None) -> None:
    """Withdraw an explanation: the finding counts as open again."""
    with transaction.atomic():
        check = ReportCheck.objects.select_related("file").get(pk=check.pk)
        _editable(actor, check)
        sha = check.file.sha256
        explanation = (
            FindingExplanation.objects.select_for_update()
            .filter(sha256=sha, rule=rule, location=location)
            .first()
        )
        if explanation is None:
            raise ValidationError(_("这个问题没有被标记为已说明"))
        before = {
            "rule": rule,
            "location": location,
            "comment": explanation.comment,
            "explained_by": str(explanation.explained_by),
        }
        explanation.delete()
        _refresh_unexplained(sha)
        audit_record(
            kind="reports.finding_unexplained",
            actor=actor,
            agency=check.owner,
            obj=check,
            before=before,
            after=None,
            request=request,
        )
