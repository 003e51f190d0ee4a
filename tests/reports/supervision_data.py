"""Generated data for the supervision tests: a county of townships in every state of the
year's report, written straight to the tables (the yearreports workflow and the engine's
reading of files have their own tests; here only the facts supervision reads matter).

Every township's figures are small and hand-countable: ``figures(received, granted)``
makes a balanced v2021 report with ``received`` new applications of natural persons,
``granted`` granted, the rest 无法提供（不掌握）, and one 行政复议 upheld.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, Kind, Level, Membership, Role
from gongkai.annualreport.formats import (
    FORMAT_2021,
    TABLE3_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2021,
)
from gongkai.annualreport.model import SECTION_KEYS, Finding, Report, Severity
from gongkai.annualreport.summary import check_tables
from gongkai.reports.models import CheckStatus, ReportCheck, ReportFile, UploadBatch

PASSWORD = "Xx-1234567890"
SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2025


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def person(username: str, agency: Agency | None = None, role: str | None = None, **extra) -> User:
    user = User.objects.create_user(
        username, password=PASSWORD, must_change_password=False, **extra
    )
    if agency is not None:
        Membership.objects.create(person=user, agency=agency, role=role)
    return user


def figures(name: str, received: int, granted: int, *, year: int = YEAR) -> Report:
    t2 = {row: dict.fromkeys(cols, 0) for row, cols in FORMAT_2021.table2_rows.items()}
    t2["normative_documents"] = {"issued": 1, "repealed": 0, "in_force": 3}
    t3 = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in FORMAT_2021.table3_rows}
    for row, n in (
        ("new_received", received),
        ("granted", granted),
        ("unable_not_held", received - granted),
        ("total_processed", received),
    ):
        t3[row].update(natural_person=n, total=n)
    t4 = {block: dict.fromkeys(TABLE4_COLUMNS, 0) for block in TABLE4_BLOCKS}
    t4["review"].update(upheld=1, total=1)
    return Report(
        source=f"{name}.docx",
        format=V2021,
        year=year,
        agency=name,
        title=f"{name}{year}年政府信息公开工作年度报告",
        table2=t2,
        table3=t3,
        table4=t4,
    )


def platform_report(
    agency: Agency,
    author: User,
    *,
    stage: str,
    year: int = YEAR,
    published_on: dt.date | None = None,
    errors: int = 0,
    warnings: int = 0,
    report: Report | None = None,
):
    """A report made on the platform at ``stage``; published ones get a frozen version."""
    from gongkai.yearreports.compile import report_to_dict
    from gongkai.yearreports.models import PublishedVersion, YearReport

    row = YearReport.objects.create(
        agency=agency,
        year=year,
        stage=stage,
        created_by=author,
        draft_errors=errors,
        draft_warnings=warnings,
    )
    if published_on is not None:
        at = moment(published_on)
        row.first_published_at = row.last_published_at = at
        row.public_errors, row.public_warnings = errors, warnings
        row.save()
        PublishedVersion.objects.create(
            report=row,
            number=1,
            snapshot=report_to_dict(report or figures(agency.name, 0, 0, year=year)),
            errors=errors,
            warnings=warnings,
            docx="yearreports/test.docx",
            approved_by=author,
            published_at=at,
        )
    return row


def uploaded_check(
    agency: Agency,
    uploader: User,
    report: Report | None,
    *,
    year: int = YEAR,
    missing_sections: int = 0,
    unexplained: int | None = None,
    status: str = CheckStatus.DONE,
    name: str = "",
) -> ReportCheck:
    """An uploaded report of ``agency`` checked by the engine (the result as stored): its
    tables checked by the engine's table rules, plus ``missing_sections`` S-1 errors (a
    section missing from the text — an error that leaves the tables alone)."""
    n = ReportCheck.objects.count() + 1
    data = None
    errors = 0
    if report is not None and status == CheckStatus.DONE:
        report.findings = check_tables(report) + [
            Finding("S-1", Severity.ERROR, f"sections.{key}", f"缺少「{key}」部分")
            for key in SECTION_KEYS[len(SECTION_KEYS) - missing_sections :]
        ]
        data = report.to_dict()
        errors = sum(f.severity is Severity.ERROR for f in report.findings)
    batch = UploadBatch.objects.create(uploaded_by=uploader, scope=agency)
    rfile = ReportFile.objects.create(
        sha256=f"{agency.pk:08d}{n:056d}",
        original_name=name or f"{agency.name}{year}年报.docx",
        size=100,
        kind="docx",
        file=f"reports/{n}.docx",
        uploaded_by=uploader,
    )
    return ReportCheck.objects.create(
        file=rfile,
        batch=batch,
        original_name=rfile.original_name,
        scope=agency,
        agency=agency,
        year=year,
        status=status,
        report=data,
        error_count=errors,
        unexplained_errors=errors if unexplained is None else unexplained,
        uploaded_by=uploader,
        finished_at=moment(dt.date(year + 1, 1, 10)),
    )


def county(name: str = "示例县", slug: str = "shili") -> SimpleNamespace:
    """A county government, its 政务公开办 with a supervisor, six townships and a village."""
    gov = Agency.objects.create(name=f"{name}人民政府", level=Level.COUNTY, slug=slug)
    office = Agency.objects.create(
        name=f"{name}政务公开办",
        level=Level.COUNTY,
        kind=Kind.OPEN_GOVERNMENT_OFFICE,
        parent=gov,
        slug=f"{slug}-ogo",
    )
    towns = {}
    for key, town in zip(
        "abcdef", ("青石镇", "石桥镇", "柳溪乡", "桃源镇", "白沙镇", "红旗乡"), strict=True
    ):
        towns[key] = Agency.objects.create(
            name=f"{name}{town}人民政府",
            short_name=town,
            level=Level.TOWNSHIP,
            parent=gov,
            slug=f"{slug}-{key}",
        )
    village = Agency.objects.create(
        name=f"{name}青石镇东村村民委员会",
        level=Level.VILLAGE,
        kind=Kind.VILLAGE,
        parent=towns["a"],
        slug=f"{slug}-village",
    )
    return SimpleNamespace(gov=gov, office=office, village=village, **towns)


def build_world() -> SimpleNamespace:
    """示例县 with a township in every state, and 邻县 with its own supervisor."""
    c = county()
    sup = person("ogo_admin", c.office, Role.SUPERVISOR_ADMIN, email="ogo@example.cn")
    clerk_a = person("clerk_a", c.a, Role.DRAFTER, email="clerk_a@example.cn")
    head_a = person("head_a", c.a, Role.DISCLOSURE_HEAD, email="head_a@example.cn")
    nomail_a = person("nomail_a", c.a, Role.REVIEWER)
    clerk_b = person("clerk_b", c.b, Role.DRAFTER, email="clerk_b@example.cn")
    # a: nothing yet.  b: drafting.  c: in review.  d: published on the platform (14 / 10).
    # e: uploaded, two unexplained errors (5 / 5).  f: uploaded, clean (3 / 1).
    platform_report(c.b, clerk_b, stage="drafting")
    platform_report(c.c, clerk_b, stage="in_review")
    platform_report(
        c.d,
        clerk_b,
        stage="published",
        published_on=dt.date(YEAR + 1, 1, 10),
        report=figures(c.d.name, 14, 10),
    )
    uploaded_check(c.e, sup, figures(c.e.name, 5, 5), missing_sections=2)
    uploaded_check(c.f, sup, figures(c.f.name, 3, 1))
    other = county("邻县", "linxian")
    other_sup = person("other_admin", other.office, Role.SUPERVISOR_ADMIN)
    uploaded_check(other.a, other_sup, figures(other.a.name, 99, 99))
    return SimpleNamespace(
        c=c,
        sup=sup,
        clerk_a=clerk_a,
        head_a=head_a,
        nomail_a=nomail_a,
        clerk_b=clerk_b,
        other=other,
        other_sup=other_sup,
    )
