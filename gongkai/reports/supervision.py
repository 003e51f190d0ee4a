"""Reads of the county's supervision of annual reports: who supervises what, every agency's
status for a year, and each agency's report of record.

Who: a 政务公开办管理员 supervises every agency under the government their office
belongs to (``agencies.selectors.supervision_scopes``); the 系统管理员 may look at any
county (or higher) government's agencies, read-only — reminders are the 政务公开办's work.

Which agencies report: every agency under the scope, the government itself included,
except villages (村务 are not under the 条例's annual report) and the 政务公开办 (its
work is in the government's report).

Status of an agency's report of a year, from the platform (``yearreports``) or, for an
agency that reports elsewhere, the latest upload checked here:

* 已发布 / 已发布但有错误 — the platform's report is published (errors counted on the
  published version), or an uploaded report was checked: it has errors nobody explained,
  or could not be read at all, → 已发布但有错误;
* 起草中 / 审核中 — the platform's working copy, before the deadline;
* 逾期 — not published and the deadline (``platform.deadlines``) has passed;
* 未开始 — nothing yet, before the deadline.

A platform report that is published wins over an upload; an upload wins over an
unpublished platform draft (the agency published elsewhere). Everything is read for all
agencies at once: the page makes the same handful of queries for 5 agencies or 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts.models import SystemRole
from gongkai.agencies.models import Agency, Kind, Level
from gongkai.agencies.selectors import supervision_scopes
from gongkai.annualreport.model import Report, report_from_dict

from . import platform
from .models import CheckStatus, ReportCheck, ReportReminder


class State:
    NOT_STARTED = "not_started"
    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    PUBLISHED_ERRORS = "published_errors"
    LATE = "late"


STATE_LABELS = {
    State.NOT_STARTED: gettext_lazy("未开始"),
    State.DRAFTING: gettext_lazy("起草中"),
    State.IN_REVIEW: gettext_lazy("审核中"),
    State.PUBLISHED: gettext_lazy("已发布"),
    State.PUBLISHED_ERRORS: gettext_lazy("已发布但有错误"),
    State.LATE: gettext_lazy("逾期"),
}
# The order of the page's "按状态" sort: what needs chasing first.
STATE_ORDER = (
    State.LATE,
    State.PUBLISHED_ERRORS,
    State.NOT_STARTED,
    State.DRAFTING,
    State.IN_REVIEW,
    State.PUBLISHED,
)
PUBLISHED_STATES = (State.PUBLISHED, State.PUBLISHED_ERRORS)
NOT_PUBLISHED_STATES = (State.NOT_STARTED, State.DRAFTING, State.IN_REVIEW, State.LATE)

SOURCE_PLATFORM = "platform"
SOURCE_UPLOAD = "upload"


def today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------------------------
# Who supervises what


def _active(person) -> bool:
    return bool(person is not None and person.is_authenticated and person.is_active)


def is_system_admin(person) -> bool:
    return _active(person) and getattr(person, "system_role", "") == SystemRole.SYSTEM_ADMIN


def scopes(person) -> list[Agency]:
    """The governments whose agencies the person may follow here, highest first."""
    if not _active(person):
        return []
    if is_system_admin(person):
        found = list(
            Agency.objects.filter(
                kind=Kind.GOVERNMENT, level__in=[Level.PROVINCE, Level.CITY, Level.COUNTY]
            )
        )
    elif getattr(person, "system_role", ""):
        return []  # the other 等保 roles do no disclosure work
    else:
        found = list({a.pk: a for a in supervision_scopes(person)}.values())
    return sorted(found, key=lambda a: (a.depth, a.path))


def may_supervise(person) -> bool:
    return bool(scopes(person))


def may_remind(person) -> bool:
    """Reminders are sent by the 政务公开办 (not by the 系统管理员, who only looks)."""
    return bool(supervision_scopes(person)) and not getattr(person, "system_role", "")


def supervises_agency(person, agency: Agency) -> bool:
    return any(agency.is_within(s) for s in scopes(person))


def reporting_agencies(scope: Agency) -> QuerySet[Agency]:
    """The agencies under ``scope`` that publish an annual report, in tree order."""
    return (
        Agency.objects.filter(path__startswith=scope.path)
        .exclude(kind__in=[Kind.VILLAGE, Kind.OPEN_GOVERNMENT_OFFICE])
        .exclude(level=Level.VILLAGE)
        .order_by("path")
    )


# --------------------------------------------------------------------------------------------
# Status of every agency


@dataclass
class AgencyStatus:
    agency: Agency
    state: str
    deadline: dt.date
    source: str = ""  # SOURCE_PLATFORM, SOURCE_UPLOAD, or "" (nothing yet)
    stage: str = ""  # the platform's stage, when there is a platform report
    updated_at: dt.datetime | None = None
    published_at: dt.datetime | None = None
    errors: int | None = None
    warnings: int | None = None
    unexplained: int | None = None  # uploads: errors nobody explained
    report_url: str = ""  # the platform report's staff page
    public_url: str = ""
    check: ReportCheck | None = None
    notes: list[str] = field(default_factory=list)
    reminders: list[ReportReminder] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def is_published(self) -> bool:
        return self.state in PUBLISHED_STATES

    @property
    def last_reminder(self) -> ReportReminder | None:
        return self.reminders[0] if self.reminders else None

    @property
    def check_url(self) -> str:
        return reverse("reports:detail", args=[self.check.pk]) if self.check else ""


def latest_checks(
    agency_ids: Iterable[int], year: int, *, finished: bool = False
) -> dict[int, ReportCheck]:
    """agency id -> its latest uploaded check for ``year`` (``finished``: the latest that
    was read and checked), in one query."""
    qs = ReportCheck.objects.filter(agency_id__in=list(agency_ids), year=year)
    # The status page needs the counts, not the findings.
    qs = qs.filter(status=CheckStatus.DONE) if finished else qs.defer("report")
    out: dict[int, ReportCheck] = {}
    for check in qs.select_related("file").order_by("-created_at", "-id"):
        out.setdefault(check.agency_id, check)
    return out


def _upload_status(row: AgencyStatus, check: ReportCheck) -> None:
    row.source = SOURCE_UPLOAD
    row.check = check
    row.updated_at = check.finished_at or check.created_at
    row.published_at = None
    if check.status == CheckStatus.DONE:
        row.errors = check.error_count
        row.warnings = check.warning_count
        row.unexplained = check.unexplained_errors
        row.state = State.PUBLISHED_ERRORS if check.unexplained_errors else State.PUBLISHED
        if check.error_count and not check.unexplained_errors:
            row.notes.append(_("错误均已说明"))
    elif check.status == CheckStatus.UNREADABLE:
        row.state = State.PUBLISHED_ERRORS
        row.notes.append(_("上传的文件无法读取"))
    else:
        row.state = State.PUBLISHED
        row.notes.append(_("上传的报告正在检查"))


def _platform_status(row: AgencyStatus, status, on: dt.date) -> None:
    row.source = SOURCE_PLATFORM
    row.stage = status.stage
    row.updated_at = status.updated_at
    row.published_at = status.published_at
    row.errors = status.errors
    row.warnings = status.warnings
    row.report_url = status.staff_url or ""
    row.public_url = status.public_url or ""
    if status.stage == State.PUBLISHED:
        row.state = State.PUBLISHED_ERRORS if status.errors else State.PUBLISHED
        published_on = (
            timezone.localtime(status.published_at).date() if status.published_at else None
        )
        if published_on and published_on > row.deadline:
            row.notes.append(_("逾期发布（%(date)s）") % {"date": published_on.isoformat()})
    elif on > row.deadline:
        row.state = State.LATE
        row.notes.append(str(STATE_LABELS.get(status.stage, status.stage)))
    else:
        row.state = State.IN_REVIEW if status.stage == State.IN_REVIEW else State.DRAFTING


def statuses(
    scope: Agency,
    year: int,
    *,
    on: dt.date | None = None,
    agencies: Sequence[Agency] | None = None,
) -> list[AgencyStatus]:
    """Every reporting agency under ``scope`` with the status of its report of ``year``,
    in tree order (the page sorts and filters)."""
    on = on or today()
    agencies = list(agencies) if agencies is not None else list(reporting_agencies(scope))
    ids = [a.pk for a in agencies]
    platform_rows = platform.report_statuses(ids, year)
    checks = latest_checks(ids, year)
    due = platform.deadlines(agencies, year)
    reminders: dict[int, list[ReportReminder]] = {}
    for r in ReportReminder.objects.filter(agency_id__in=ids, year=year).select_related("sent_by"):
        reminders.setdefault(r.agency_id, []).append(r)

    rows: list[AgencyStatus] = []
    for agency in agencies:
        row = AgencyStatus(
            agency=agency,
            state=State.NOT_STARTED,
            deadline=due[agency.pk],
            reminders=reminders.get(agency.pk, []),
        )
        status = platform_rows.get(agency.pk)
        check = checks.get(agency.pk)
        if status is not None and status.stage == State.PUBLISHED:
            _platform_status(row, status, on)
        elif check is not None:
            _upload_status(row, check)
            if status is not None:
                row.report_url = status.staff_url or ""
                row.notes.append(
                    _("平台上的报告%(stage)s")
                    % {"stage": STATE_LABELS.get(status.stage, status.stage)}
                )
        elif status is not None:
            _platform_status(row, status, on)
        elif on > row.deadline:
            row.state = State.LATE
        rows.append(row)
    return rows


def counts(rows: Iterable[AgencyStatus]) -> dict[str, int]:
    out = dict.fromkeys(STATE_ORDER, 0)
    for row in rows:
        out[row.state] += 1
    return out


# --------------------------------------------------------------------------------------------
# Reports of record


@dataclass
class RecordReport:
    """The report the figures of an agency and year are taken from."""

    agency: Agency
    year: int
    report: Report | None
    source: str = ""  # SOURCE_PLATFORM, SOURCE_UPLOAD, "" (none)
    check: ReportCheck | None = None

    @property
    def source_words(self) -> str:
        if self.source == SOURCE_PLATFORM:
            return _("平台发布的报告")
        if self.source == SOURCE_UPLOAD and self.check is not None:
            return _("上传的报告：%(name)s") % {"name": self.check.original_name}
        return _("没有可用的报告")


def reports_of_record(agencies: Sequence[Agency], year: int) -> list[RecordReport]:
    """For each agency, the platform's published report of ``year``, else the latest
    uploaded report of that year that was read and checked, else none.

    One query each for the statuses, the published platform reports and the uploads,
    however many agencies.
    """
    ids = [a.pk for a in agencies]
    published = {
        pk for pk, s in platform.report_statuses(ids, year).items() if s.stage == State.PUBLISHED
    }
    reports = platform.published_reports(published, year) if published else {}
    checks = latest_checks([pk for pk in ids if pk not in published], year, finished=True)
    out: list[RecordReport] = []
    for agency in agencies:
        if agency.pk in published:
            report = reports.get(agency.pk)
            if report is not None:
                out.append(RecordReport(agency, year, report, SOURCE_PLATFORM))
                continue
        check = checks.get(agency.pk)
        if check is not None and check.report:
            out.append(
                RecordReport(agency, year, report_from_dict(check.report), SOURCE_UPLOAD, check)
            )
        else:
            out.append(RecordReport(agency, year, None))
    return out


def agency_years(agency: Agency) -> list[int]:
    """Years for which the agency has a report of record, oldest first."""
    years = set(platform.published_years(agency.pk))
    years |= set(
        ReportCheck.objects.filter(agency=agency, status=CheckStatus.DONE)
        .exclude(year=None)
        .values_list("year", flat=True)
    )
    return sorted(years)


def agency_history(agency: Agency, years: Iterable[int]) -> list[RecordReport]:
    return [reports_of_record([agency], year)[0] for year in years]


def card_year(on: dt.date, deadline_of) -> int | None:
    """The report year the dashboard counts down to on ``on``: from 1 December of the year
    until its deadline (``deadline_of(year)``), else None."""
    if on.month == 12:
        return on.year
    year = on.year - 1
    return year if on <= deadline_of(year) else None


def default_year(on: dt.date | None = None) -> int:
    """The year a supervisor most likely means: the year just ended until December, then
    the current one (its report is being written)."""
    on = on or today()
    return on.year if on.month == 12 else on.year - 1
