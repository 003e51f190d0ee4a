"""Writes of 年报编制: start, write, enter figures, explain warnings, submit, return,
approve-and-publish, correct, and the local deadline.

Every service checks permission itself (a view that forgets still cannot do the forbidden
thing), runs in a transaction, and leaves an audit entry. Workflow:

    起草 (drafting) --submit--> 送审 (in_review) --approve--> 已发布 (published)
                         ^------return (with comment)-----'
    published --correct--> drafting (the published version stays public until the
                                     correction is approved and published as a new version)

Publication is refused while the compiled report has an error, or a warning without an
explanation; the same holds at submission, so a reviewer is never handed a report that
cannot be published.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency
from gongkai.annualreport.formats import SECTIONS, format_for_year
from gongkai.annualreport.model import SECTION_KEYS, Severity
from gongkai.audit.services import audit_record

from . import compile as core
from . import data, permissions
from .models import DeadlineSetting, EnteredFigure, PublishedVersion, Stage, YearReport
from .starter import starter_texts

#: A section longer than this is not a section of an annual report (and would make the
#: checks slow): 20,000 characters is several pages.
MAX_SECTION_CHARS = 20_000
MAX_EXPLANATION_CHARS = 1_000
MAX_KEY_CHARS = 200
MAX_EXPLANATIONS = 500
MAX_FIGURE = Decimal("1e11")


class PublicationBlocked(InvalidChange):
    """The report has errors or unexplained warnings; ``findings`` lists them."""

    def __init__(self, message: str, findings: list) -> None:
        super().__init__(message)
        self.findings = findings


def _lock(report: YearReport) -> YearReport:
    """Lock the row and bring the caller's instance up to date (so callers holding it see
    what the service saved)."""
    list(YearReport.objects.select_for_update().filter(pk=report.pk).values_list("pk"))
    report.refresh_from_db()
    return report


def _add_writer(report: YearReport, actor) -> None:
    if actor.pk not in report.writer_ids:
        report.writer_ids = [*report.writer_ids, actor.pk]


def _refresh_counts(report: YearReport) -> core.Compiled:
    result = data.compiled(report)
    report.draft_errors, report.draft_warnings = core.counts(result.report.findings)
    return result


def _require_drafting(report: YearReport) -> None:
    if report.stage != Stage.DRAFTING:
        raise InvalidChange(
            _("报告正在审核中，不能修改；如需修改，请审核人退回。")
            if report.stage == Stage.IN_REVIEW
            else _("报告已发布；如需更正，请先点击“更正报告”。")
        )


@transaction.atomic
def report_start(*, actor, agency: Agency, year: int, request=None) -> YearReport:
    """The report of ``agency`` for ``year``, with the starter texts; the existing one if
    it was started already."""
    permissions.require_write(actor, agency)
    today = timezone.localdate()
    if not 2019 <= year <= today.year:
        raise InvalidChange(_("年度须在 2019 年至今年之间。"))
    existing = YearReport.objects.filter(agency=agency, year=year).first()
    if existing is not None:
        return existing
    channels = list(data.publishing_channels(agency, year))
    report = YearReport.objects.create(
        agency=agency,
        year=year,
        texts=starter_texts(format_for_year(year) or "v2021", channels),
        writer_ids=[actor.pk],
        created_by=actor,
    )
    _refresh_counts(report)
    report.save()
    audit_record(
        kind="yearreports.started",
        actor=actor,
        agency=agency,
        obj=report,
        after={"year": year},
        request=request,
    )
    return report


@transaction.atomic
def texts_save(*, actor, report: YearReport, texts: dict[str, str], request=None) -> YearReport:
    """Save the sections' texts (only those given). Unknown placeholders are saved too —
    work is never lost — and reported as errors until fixed."""
    report = _lock(report)
    permissions.require_write(actor, report.agency)
    _require_drafting(report)
    before, after = {}, {}
    new = dict(report.texts)
    for key, text in texts.items():
        if key not in SECTION_KEYS:
            continue
        text = (text or "").replace("\r\n", "\n")
        if len(text) > MAX_SECTION_CHARS:
            raise InvalidChange(
                _("「%(s)s」超过 %(n)s 字，请精简。") % {"s": SECTIONS[key], "n": MAX_SECTION_CHARS}
            )
        if new.get(key, "") != text:
            before[key], after[key] = new.get(key, ""), text
            new[key] = text
    if not after:
        return report
    report.texts = new
    _add_writer(report, actor)
    _refresh_counts(report)
    report.save()
    audit_record(
        kind="yearreports.texts_saved",
        actor=actor,
        agency=report.agency,
        obj=report,
        before=before,
        after=after,
        request=request,
    )
    return report


def parse_figure(raw: str, label: str) -> Decimal | None:
    """A figure as typed: blank = not entered; "1,234"/"１２" accepted; anything else is a
    Chinese error naming the cell."""
    import unicodedata

    text = unicodedata.normalize("NFKC", raw or "").replace(",", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidChange(
            _("「%(l)s」填写的“%(v)s”不是数字。") % {"l": label, "v": raw.strip()}
        ) from None
    if not value.is_finite() or value < 0 or value >= MAX_FIGURE:
        raise InvalidChange(_("「%(l)s」应为不小于 0 的数字。") % {"l": label})
    if value != value.quantize(Decimal("0.0001")):
        raise InvalidChange(_("「%(l)s」最多保留 4 位小数。") % {"l": label})
    return value


@transaction.atomic
def figures_save(*, actor, report: YearReport, values: dict[str, str], request=None) -> int:
    """Save the entered figures of table 二 (keys of ``compile.entered_cells``); blank
    removes a figure. Every change is audited with before and after. Nothing is saved when
    any value is wrong. Returns how many changed."""
    report = _lock(report)
    permissions.require_write(actor, report.agency)
    _require_drafting(report)
    fmt = format_for_year(report.year) or "v2021"
    cells = {key: f"{row}{col}" for key, row, col in core.entered_cells(fmt)}
    parsed = {k: parse_figure(v, cells[k]) for k, v in values.items() if k in cells}
    current = {f.key: f for f in EnteredFigure.objects.filter(report=report)}
    now = timezone.now()
    changed = 0
    for key, value in parsed.items():
        row = current.get(key)
        old = row.value if row else None
        if old == value:
            continue
        if value is None:
            row.delete()
        elif row is None:
            EnteredFigure.objects.create(
                report=report, key=key, value=value, entered_by=actor, entered_at=now
            )
        else:
            row.value, row.entered_by, row.entered_at = value, actor, now
            row.save()
        changed += 1
        audit_record(
            kind="yearreports.figure_entered",
            actor=actor,
            agency=report.agency,
            obj=report,
            before={key: str(old) if old is not None else None},
            after={key: str(value) if value is not None else None},
            note=cells[key],
            request=request,
        )
    if changed:
        _add_writer(report, actor)
        _refresh_counts(report)
        report.save()
    return changed


@transaction.atomic
def explanations_save(
    *, actor, report: YearReport, explanations: dict[str, str], request=None
) -> YearReport:
    """Keep the writer's explanation of each warning (by ``compile.finding_key``)."""
    report = _lock(report)
    permissions.require_write(actor, report.agency)
    _require_drafting(report)
    new = dict(report.explanations)
    before, after = {}, {}
    for key, text in explanations.items():
        if len(key) > MAX_KEY_CHARS or "|" not in key:
            continue  # not a finding key (compile.finding_key): nothing of ours
        text = (text or "").strip()
        if len(text) > MAX_EXPLANATION_CHARS:
            raise InvalidChange(_("说明不能超过 %(n)s 字。") % {"n": MAX_EXPLANATION_CHARS})
        if new.get(key, "") != text:
            before[key], after[key] = new.get(key, ""), text
            if text:
                new[key] = text
            else:
                new.pop(key, None)
    if not after:
        return report
    if len(new) > MAX_EXPLANATIONS:
        raise InvalidChange(_("说明过多（超过 %(n)s 条）。") % {"n": MAX_EXPLANATIONS})
    report.explanations = new
    _add_writer(report, actor)
    report.save()
    audit_record(
        kind="yearreports.explained",
        actor=actor,
        agency=report.agency,
        obj=report,
        before=before,
        after=after,
        request=request,
    )
    return report


def publication_problems(report: YearReport, result: core.Compiled) -> list:
    """What stops publication: every error, and every warning without an explanation."""
    errors = [f for f in result.report.findings if f.severity is Severity.ERROR]
    return errors + core.unexplained_warnings(result.report.findings, report.explanations)


def _refuse_if_blocked(
    report: YearReport, result: core.Compiled, *, reviewing: bool = False
) -> None:
    problems = publication_problems(report, result)
    if problems:
        errors = sum(f.severity is Severity.ERROR for f in problems)
        message = _("报告还有 %(e)s 个错误、%(w)s 个未说明的警告，不能送审或发布。") % {
            "e": errors,
            "w": len(problems) - errors,
        }
        if reviewing:
            # The data moved since submission: only the writer can fix or explain.
            message += _("送审后数据有变化，请退回撰稿人修改或说明。")
        raise PublicationBlocked(message, problems)


@transaction.atomic
def report_submit(*, actor, report: YearReport, request=None) -> YearReport:
    report = _lock(report)
    permissions.require_write(actor, report.agency)
    _require_drafting(report)
    result = _refresh_counts(report)
    _refuse_if_blocked(report, result)
    _add_writer(report, actor)
    report.stage = Stage.IN_REVIEW
    report.submitted_by, report.submitted_at = actor, timezone.now()
    report.return_comment = ""
    report.save()
    audit_record(
        kind="yearreports.submitted",
        actor=actor,
        agency=report.agency,
        obj=report,
        before={"stage": Stage.DRAFTING.value},
        after={"stage": Stage.IN_REVIEW.value},
        request=request,
    )
    return report


def _require_reviewer(actor, report: YearReport) -> None:
    permissions.require_approve(actor, report.agency)
    if actor.pk in report.writer_ids:
        raise NotAllowed(
            _("您参与了本轮报告的编写，不能审核自己编写的报告；请由本机关的其他负责人审核。")
        )
    if report.stage != Stage.IN_REVIEW:
        raise InvalidChange(_("报告不在审核中。"))


@transaction.atomic
def report_return(*, actor, report: YearReport, comment: str, request=None) -> YearReport:
    report = _lock(report)
    _require_reviewer(actor, report)
    comment = (comment or "").strip()
    if not comment:
        raise InvalidChange(_("退回时请写明退回意见。"))
    report.stage = Stage.DRAFTING
    report.return_comment = comment[:2000]
    report.save()
    audit_record(
        kind="yearreports.returned",
        actor=actor,
        agency=report.agency,
        obj=report,
        before={"stage": Stage.IN_REVIEW.value},
        after={"stage": Stage.DRAFTING.value},
        note=comment,
        request=request,
    )
    return report


def _render(report) -> tuple[bytes, bytes]:
    """DOCX and PDF; publication is refused (nothing saved) when the PDF cannot be made —
    a published report without its PDF would be incomplete."""
    from gongkai.annualreport.render import PdfUnavailable, render_docx, render_pdf

    try:
        return render_docx(report), render_pdf(report)
    except PdfUnavailable as exc:
        raise InvalidChange(_("无法生成 PDF，报告未发布：%(e)s") % {"e": exc}) from exc


@transaction.atomic
def report_approve(*, actor, report: YearReport, request=None) -> PublishedVersion:
    """审核通过并发布: compile as of today, check, freeze the version (JSON, DOCX, PDF)."""
    report = _lock(report)
    _require_reviewer(actor, report)
    today = timezone.localdate()
    result = data.compiled(report, publication_date=today)
    _refuse_if_blocked(report, result, reviewing=True)
    docx, pdf = _render(result.report)
    number = report.versions.count() + 1
    now = timezone.now()
    errors, warnings = core.counts(result.report.findings)
    version = PublishedVersion(
        report=report,
        number=number,
        snapshot=core.report_to_dict(result.report),
        texts=dict(report.texts),
        explanations={
            core.finding_key(f): report.explanations.get(core.finding_key(f), "")
            for f in result.report.findings
            if f.severity is Severity.WARNING
        },
        errors=errors,
        warnings=warnings,
        correction_note=report.correction_reason if number > 1 else "",
        submitted_by=report.submitted_by,
        approved_by=actor,
        published_at=now,
    )
    stem = f"{report.agency.slug}-{report.year}-v{number}"
    version.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    version.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    version.save()
    report.stage = Stage.PUBLISHED
    report.first_published_at = report.first_published_at or now
    report.last_published_at = now
    report.public_errors, report.public_warnings = errors, warnings
    report.draft_errors, report.draft_warnings = errors, warnings
    report.writer_ids = []
    report.return_comment = ""
    report.correction_reason = ""
    report.save()
    audit_record(
        kind="yearreports.published",
        actor=actor,
        agency=report.agency,
        obj=report,
        before={"stage": Stage.IN_REVIEW.value},
        after={"stage": Stage.PUBLISHED.value, "version": number},
        request=request,
    )
    return version


@transaction.atomic
def report_correct(*, actor, report: YearReport, reason: str, request=None) -> YearReport:
    """Start a correction of a published report: the working copy is editable again; the
    published version stays public until the correction is published."""
    report = _lock(report)
    permissions.require_write(actor, report.agency)
    if report.stage != Stage.PUBLISHED:
        raise InvalidChange(_("只有已发布的报告可以更正。"))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidChange(_("请写明更正的原因。"))
    report.stage = Stage.DRAFTING
    report.writer_ids = [actor.pk]
    report.correction_reason = reason[:300]
    report.save()
    audit_record(
        kind="yearreports.correction_started",
        actor=actor,
        agency=report.agency,
        obj=report,
        before={"stage": Stage.PUBLISHED.value},
        after={"stage": Stage.DRAFTING.value},
        note=reason,
        request=request,
    )
    return report


@transaction.atomic
def deadline_save(*, actor, agency: Agency, month: int, day: int, request=None) -> DeadlineSetting:
    """The local deadline of ``agency`` and the agencies below it (次年 month 月 day 日)."""
    permissions.require_set_deadline(actor, agency)
    try:
        dt.date(2027, int(month), int(day))  # any common year: no 2月29日
    except (TypeError, ValueError):
        raise InvalidChange(_("发布期限不是有效的日期（月、日）。")) from None
    row = DeadlineSetting.objects.filter(agency=agency).first()
    before = {"month": row.month, "day": row.day} if row else None
    row = row or DeadlineSetting(agency=agency)
    row.month, row.day, row.updated_by = int(month), int(day), actor
    row.save()
    audit_record(
        kind="yearreports.deadline_saved",
        actor=actor,
        agency=agency,
        obj=row,
        before=before,
        after={"month": row.month, "day": row.day},
        request=request,
    )
    return row
