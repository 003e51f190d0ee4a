"""年报编制: compiling annual reports from the platform's own data, for a whole county.

Why these figures: nothing of a report made on the platform is stored but the texts and
the entered figures — tables 二/三/四 and every live value are compiled from the documents,
items, cases, appeals and messages whenever the writing page, the preview or a check is
shown, and the county's supervision compiles every agency's. What that costs per agency,
with years of data behind it, decides whether this can stay live.

What it does, in a temporary data folder removed at the end:

1. A SQLite database with a county of ``--agencies`` agencies (default 50), each with
   ``--items`` published items (default 10,000: one in ten a 行政规范性文件 or 规章 with
   成文日期, some repealed or amended, one 政府网站 channel record each) and ``--cases``
   applications (default 10,000, each with one item and its outcome, a few appealed)
   spread over five years, plus messages. Rows are written straight to the tables
   (``bench/applications.py``'s Inserter): the services would take hours. Not timed;
   its time is printed separately. Cases carry no step log: compilation reads a case's
   status, dates and item outcomes only.
2. Timed, one core, in process:
   (a) compile and check every agency's report of the last full year (facts gathered
       from the database, tables 二/三/四, live values, every engine rule and the
       screening with the administrators' 词库) — the supervision's "all agencies" cost;
   (b) one agency: compile + check, then render HTML, DOCX and PDF of the result;
   (c) ``selectors.report_statuses`` for the whole county (every agency with a report);
   (d) the writing page ``/yearreports/<pk>/`` through Django's test Client.

Run: ``.venv/bin/python bench/yearreports.py`` (``--help``). A few minutes with defaults.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from applications import Inserter, setup_django  # noqa: E402
from run import machine, peak_rss_mb, pin_one_core  # noqa: E402

OUTCOMES = ["granted"] * 6 + [
    "partially_granted",
    "denied_third_party",
    "unable_not_held",
    "notproc_duplicate",
]


def build_county(agencies: int, items: int, cases: int, seed: int, year: int):
    """The county, straight into the tables; returns (county, agencies, clerk, head)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency, Kind, Level, Membership, Role
    from gongkai.applications.models import Appeal, Application, ApplicationItem
    from gongkai.interaction.models import Message
    from gongkai.publishing.models import ChannelRecord, Item, Revision

    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    county = Agency.objects.create(name="示例县人民政府", slug="bench-county", level=Level.COUNTY)
    office = Agency.objects.create(
        name="示例县政务公开办",
        slug="bench-ogo",
        level=Level.COUNTY,
        parent=county,
        kind=Kind.OPEN_GOVERNMENT_OFFICE,
    )
    towns = [
        Agency.objects.create(
            name=f"示例县第{i + 1}镇人民政府",
            slug=f"bench-t{i}",
            level=Level.TOWNSHIP,
            parent=county,
        )
        for i in range(agencies)
    ]

    def person(username: str, agency, role) -> User:
        user = User.objects.create_user(
            username, password=None, display_name=username, must_change_password=False
        )
        Membership.objects.create(person=user, agency=agency, role=role)
        return user

    clerk = person("clerk", towns[0], Role.DRAFTER)
    head = person("head", towns[0], Role.DISCLOSURE_HEAD)
    person("ogo_admin", office, Role.SUPERVISOR_ADMIN)

    ins = {m: Inserter(m) for m in (Item, Revision, ChannelRecord, Application,
                                    ApplicationItem, Appeal, Message)}  # fmt: skip
    first_year = year - 4
    days = (dt.date(year, 12, 31) - dt.date(first_year, 1, 1)).days
    item_pk = case_pk = appeal_pk = msg_pk = 0
    kinds = ["info"] * 8 + ["document", "interpretation"]
    for town in towns:
        rows: dict = {m: [] for m in ins}
        for k in range(items):
            item_pk += 1
            day = dt.date(first_year, 1, 1) + dt.timedelta(days=rng.randrange(days))
            kind = rng.choice(kinds)
            published = dt.datetime(day.year, day.month, day.day, 10, tzinfo=tz)
            validity, changed = "valid", None
            doc_type = ""
            if kind == "document":
                doc_type = rng.choice(["normative"] * 9 + ["other"])
                if rng.random() < 0.2:
                    validity = rng.choice(["repealed", "amended"])
                    changed = day + dt.timedelta(days=rng.randrange(30, 900))
            rows[Item].append(
                {
                    "id": item_pk,
                    "agency_id": town.pk,
                    "kind": kind,
                    "index_number": f"B{town.pk}-{item_pk:08d}",
                    "index_year": day.year,
                    "index_seq": k + 1,
                    "state": "published",
                    "published_revision_id": item_pk,
                    "first_published_at": published,
                    "validity": validity,
                    "validity_changed_on": changed,
                    "created_by_id": clerk.pk,
                    "created_at": published,
                }
            )
            rows[Revision].append(
                {
                    "id": item_pk,
                    "item_id": item_pk,
                    "number": 1,
                    "title": f"第{item_pk}号信息",
                    "generated_on": day,
                    "written_on": day if kind == "document" else None,
                    "doc_type": doc_type,
                    "author_id": clerk.pk,
                    "state": "published",
                    "published_at": published,
                }
            )
            rows[ChannelRecord].append(
                {"id": item_pk, "item_id": item_pk, "channel": "website", "date": day}
            )
        for k in range(cases):
            case_pk += 1
            received = dt.date(first_year, 1, 1) + dt.timedelta(days=rng.randrange(days))
            concluded = received + dt.timedelta(days=rng.randrange(3, 28))
            open_ = concluded > dt.date(year, 12, 31) and rng.random() < 0.5
            outcome = rng.choice(OUTCOMES)
            rows[Application].append(
                {
                    "id": case_pk,
                    "agency_id": town.pk,
                    "number": f"{received.year}-{k + 1:05d}",
                    "tracking_code": f"B{case_pk:09d}",
                    "secret_hash": "!",
                    "channel": "in_person",
                    "status": "open" if open_ else "closed",
                    "applicant_type": rng.choice(
                        ["natural_person"] * 8 + ["commercial", "research"]
                    ),
                    "applicant_name": "张三",
                    "description": "某项政府信息",
                    "received_on": received,
                    "concluded_on": None if open_ else concluded,
                }
            )
            rows[ApplicationItem].append(
                {
                    "id": case_pk,
                    "application_id": case_pk,
                    "position": 1,
                    "description": "某项政府信息",
                    "outcome": "" if open_ else outcome,
                }
            )
            if not open_ and outcome != "granted" and rng.random() < 0.05:
                appeal_pk += 1
                filed = concluded + dt.timedelta(days=rng.randrange(5, 50))
                decided = filed + dt.timedelta(days=60)
                rows[Appeal].append(
                    {
                        "id": appeal_pk,
                        "application_id": case_pk,
                        "kind": rng.choice(["review", "review", "litigation_direct"]),
                        "filed_on": filed,
                        "result": rng.choice(["upheld", "corrected", "other_result"]),
                        "decided_on": decided,
                    }
                )
        for _ in range(max(1, items // 50)):
            msg_pk += 1
            day = dt.date(first_year, 1, 1) + dt.timedelta(days=rng.randrange(days))
            rows[Message].append(
                {
                    "id": msg_pk,
                    "agency_id": town.pk,
                    "reference": f"B{msg_pk:010d}",
                    "channel": "portal",
                    "title": "咨询",
                    "body": "咨询",
                    "received_at": day,
                    "first_received_at": day,
                    "status": "replied",
                    "replied_at": day + dt.timedelta(days=2),
                }
            )
        with transaction.atomic():
            for model, inserter in ins.items():
                if rows[model]:
                    inserter.insert(rows[model])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return county, towns, clerk, head


def timed(fn, n: int = 1) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def ms(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0] * 1000:,.0f} ms"
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"p50 {statistics.median(values) * 1000:,.0f} ms, p95 {p95 * 1000:,.0f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Gongkai 年报编制: compiling a county's reports.")
    ap.add_argument("--agencies", type=int, default=50)
    ap.add_argument("--items", type=int, default=10_000, help="published items per agency")
    ap.add_argument("--cases", type=int, default=10_000, help="applications per agency")
    ap.add_argument("--requests", type=int, default=5, help="writing-page requests")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--keep", action="store_true", help="keep the data folder (prints it)")
    args = ap.parse_args(argv)

    wall = time.perf_counter()
    pinned = pin_one_core()
    print("Gongkai benchmark — 年报编制: a county's annual reports compiled from its data")
    print(machine())
    print(f"Process {pinned}.")
    data_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-yearreports-"))
    try:
        t0 = time.perf_counter()
        setup_django(data_dir)
        from django.conf import settings
        from django.test import Client
        from django.utils import timezone

        from gongkai.annualreport.render import render_docx, render_html, render_pdf
        from gongkai.yearreports import data, selectors, services
        from gongkai.yearreports.models import YearReport

        settings.MEDIA_ROOT = data_dir / "files"
        year = timezone.localdate().year - 1
        print(f"Migrated a fresh SQLite database in {time.perf_counter() - t0:.1f} s.")
        t0 = time.perf_counter()
        county, towns, clerk, head = build_county(
            args.agencies, args.items, args.cases, args.seed, year
        )
        total_items, total_cases = args.agencies * args.items, args.agencies * args.cases
        print(
            f"Setup (not timed below): {args.agencies} agencies, {total_items:,} items, "
            f"{total_cases:,} cases over {year - 4}–{year} in {time.perf_counter() - t0:.1f} s."
        )
        print()

        # (a) every agency's report, compiled and checked (after one warm-up compile: the
        # screening automaton and the URL resolver are built once per process).
        data.compile_for(towns[-1], year)
        per_agency = []
        t_all = time.perf_counter()
        for town in towns:
            per_agency += timed(lambda town=town: data.compile_for(town, year))
        all_seconds = time.perf_counter() - t_all
        sample = data.compile_for(towns[0], year).report
        t2 = sample.table2["normative_documents"]
        t3 = sample.table3["new_received"]["total"]
        print(f"(a) compile + check all {args.agencies} agencies' {year} reports: "
              f"{all_seconds:.2f} s ({ms(per_agency)} per agency)")  # fmt: skip
        print(f"    e.g. {towns[0].name}: 行政规范性文件 {t2}, 新收申请 {t3}, "
              f"{len(sample.findings)} findings")  # fmt: skip

        # (b) one agency end to end.
        report = services.report_start(actor=clerk, agency=towns[0], year=year)
        compiled = timed(lambda: data.compiled(report), 3)
        result = data.compiled(report).report
        html = timed(lambda: render_html(result, standalone=False), 3)
        docx = timed(lambda: render_docx(result), 3)
        pdf = timed(lambda: render_pdf(result), 3)
        print(f"(b) one agency: compile + check {ms(compiled)}; render HTML {ms(html)}, "
              f"DOCX {ms(docx)}, PDF {ms(pdf)}")  # fmt: skip

        # (c) the county's statuses (start a report everywhere first).
        for town in towns[1:]:
            YearReport.objects.get_or_create(agency=town, year=year, defaults={"created_by": clerk})
        ids = [t.pk for t in towns]
        selectors.report_statuses(ids, year)
        statuses = timed(lambda: selectors.report_statuses(ids, year), 20)
        print(f"(c) report_statuses for {len(ids)} agencies: {ms(statuses)}")

        # (d) the writing page.
        client = Client()
        client.force_login(clerk)
        url = f"/yearreports/{report.pk}/"
        assert client.get(url).status_code == 200
        page = timed(lambda: client.get(url), args.requests)
        print(f"(d) writing page {url} ({args.requests} requests): {ms(page)}")
        print()
        print(f"Peak memory (ru_maxrss): {peak_rss_mb():.0f} MB")
        print(f"Wall time: {time.perf_counter() - wall:.1f} s")
    finally:
        if args.keep:
            print(f"Data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
