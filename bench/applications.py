"""依申请公开 under load: the statutory clocks' throughput, and the handler's and the
supervisor's pages with 100,000 cases in the database.

Why these figures: deadlines are never stored (gongkai/applications/models.py), so every
queue, dashboard and supervision page recomputes the due dates of every open case it
shows, from the case's log and the working-day calendar. What that costs decides how
many open cases a page can carry. A county of ~30 townships keeps a few hundred open
cases per township at the worst of the year and 100,000 over the years.

What it does, in a temporary data folder removed at the end:

(a) ``gongkai.workdays.deadlines`` over generated event logs as the lifecycle writes
    them — received; sometimes 补正 requested and received, a consultation (sometimes two
    parties at once), an extension — on the calendar seeded by ``migrate`` (2004–2026
    from chinese-calendar, later years provisional), one core, no database.
(b) A SQLite database with 100,000 cases across 30 townships, written directly with
    bulk_create (Application, ApplicationItem, CaseStep; statuses, receipt and conclusion
    dates consistent with the steps), most closed and ``--open`` open per township, then
    Django's test Client (in process: no HTTP, no gunicorn) timing
    ``GET /applications/`` for one township's clerk, ``/applications/supervision/`` for
    the county's 政务公开办管理员, and the dashboard ``/`` (whose cards compute the same
    deadlines) for both. Every request also saves the session (idle sign-out).

Run: ``make bench`` (after bench/run.py and bench/web.py) or
``.venv/bin/python bench/applications.py --help``. Takes about 1–2 minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from run import _pad, machine, peak_rss_mb, pin_one_core  # noqa: E402

ONE = dt.timedelta(days=1)


@dataclass
class Figure:
    label: str
    n: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    unit: str = "cases/s"
    note: str = ""

    @property
    def rate(self) -> float:
        return self.n / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        lat = sorted(self.latencies)
        return lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else 0.0


def table(figures: list[Figure]) -> str:
    head = ["measurement", "n", "time s", "rate", "p50 ms", "p95 ms", "note"]
    widths = [44, 7, 7, 18, 8, 8, 0]
    rows = [head]
    for f in figures:
        rows.append(
            [
                f.label,
                f"{f.n:,}",
                f"{f.seconds:.2f}",
                f"{f.rate:,.1f} {f.unit}",
                f"{f.p(0.5):.2f}" if f.latencies else "-",
                f"{f.p(0.95):.2f}" if f.latencies else "-",
                f.note,
            ]
        )
    lines = []
    for i, row in enumerate(rows):
        cells = [
            _pad(c, w, right=0 < j < 6) if w else c
            for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Setting up Django in a throw-away data folder.


def setup_django(data_dir: Path) -> None:
    for name in ("DATABASE_URL", "GONGKAI_REDIS_URL", "GONGKAI_HTTPS", "DEBUG"):
        os.environ.pop(name, None)
    os.environ.update(
        GONGKAI_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir / 'bench.sqlite3'}",
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        GONGKAI_LOG_LEVEL="ERROR",
    )
    import django
    from django.core.management import call_command

    django.setup()
    # migrate also seeds the calendar (gongkai.calendars' post_migrate).
    call_command("migrate", verbosity=0, interactive=False)


# --------------------------------------------------------------------------------------------
# (a) The clocks.


def working_days_from(calendar, start: dt.date, n: int) -> dt.date:
    day = start
    while n > 0:
        day += ONE
        n -= calendar.is_working_day(day)[0]
    return day


def event_logs(calendar, count: int, rng: random.Random, today: dt.date) -> list[list]:
    """Logs as a township's year has them: most cases plain, some with 补正, a
    consultation (sometimes two parties at once, sometimes still open), an extension."""
    from gongkai.workdays import Event, EventKind

    logs = []
    first = today - dt.timedelta(days=3 * 365)
    for _ in range(count):
        received = first + dt.timedelta(days=rng.randrange(3 * 365))
        events = [Event(EventKind.RECEIVED, received)]
        day = received
        if rng.random() < 0.15:
            day = working_days_from(calendar, day, rng.randint(1, 7))
            events.append(Event(EventKind.CORRECTION_REQUESTED, day))
            if rng.random() < 0.8:
                day = working_days_from(calendar, day, rng.randint(2, 12))
                events.append(Event(EventKind.CORRECTION_RECEIVED, day))
            else:
                logs.append(events)
                continue
        if rng.random() < 0.12:
            day = working_days_from(calendar, day, rng.randint(2, 10))
            parties = ["某公司"] + (["某局"] if rng.random() < 0.3 else [])
            for party in parties:
                events.append(Event(EventKind.CONSULTATION_STARTED, day, party=party))
            if rng.random() < 0.85:
                for party in parties:
                    day = working_days_from(calendar, day, rng.randint(3, 15))
                    events.append(Event(EventKind.CONSULTATION_ENDED, day, party=party))
        if rng.random() < 0.08:
            day = working_days_from(calendar, day, rng.randint(1, 5))
            events.append(Event(EventKind.EXTENDED, day, n=rng.choice((10, 15, 20))))
        logs.append(events)
    return logs


def bench_clocks(count: int, seed: int, today: dt.date) -> Figure:
    from gongkai.calendars.selectors import work_calendar
    from gongkai.workdays import ClockSettings, deadlines

    calendar = work_calendar()
    logs = event_logs(calendar, count, random.Random(seed), today)
    settings = ClockSettings()
    for events in logs[:200]:  # warm-up
        deadlines(calendar, events, settings)
    latencies = []
    for events in logs:
        t0 = time.perf_counter()
        deadlines(calendar, events, settings)
        latencies.append(time.perf_counter() - t0)
    steps = sum(len(e) for e in logs) / len(logs)
    return Figure(
        "deadlines() over event logs (seeded calendar)",
        len(logs),
        sum(latencies),
        latencies,
        note=f"{steps:.1f} events/case",
    )


# --------------------------------------------------------------------------------------------
# (b) The database.


@dataclass
class World:
    county: object
    townships: list
    clerk: object
    supervisor: object
    cases: int
    open_cases: int
    steps: int
    build_seconds: float


class Inserter:
    """Rows straight into a table with one executemany per batch. bulk_create spends
    nine tenths of its time preparing each field of each object in Python (and SQLite's
    variable limit keeps its batches small); the data here is plain and trusted."""

    def __init__(self, model) -> None:
        from django.db import connection
        from django.utils import timezone

        self.connection = connection
        self.fields = list(model._meta.concrete_fields)
        now = timezone.now()
        self.defaults = {}
        for f in self.fields:
            if f.has_default():
                value = f.get_default()
            elif getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                value = now
            elif f.null:
                value = None
            else:
                value = ""
            self.defaults[f.attname] = value
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"

    def _prep(self, value):
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, dt.datetime):
            return self.connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def insert(self, rows: list[dict]) -> None:
        names = [f.attname for f in self.fields]
        values = [tuple(self._prep(row.get(n, self.defaults[n])) for n in names) for row in rows]
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, values)


def build_world(total: int, agencies: int, open_per: int, seed: int, today: dt.date) -> World:
    """100,000 cases written straight to the tables (the services would take an hour)."""
    from django.db import transaction

    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency, Kind, Level, Membership, Role
    from gongkai.applications.models import Application, ApplicationItem, CaseStep
    from gongkai.calendars.selectors import work_calendar
    from gongkai.disclosure.lifecycle import Status, Step

    t0 = time.perf_counter()
    rng = random.Random(seed)
    calendar = work_calendar()
    county = Agency.objects.create(name="示例县人民政府", slug="bench-county", level=Level.COUNTY)
    office = Agency.objects.create(
        name="示例县政务公开办",
        slug="bench-ogo",
        level=Level.COUNTY,
        parent=county,
        kind=Kind.OPEN_GOVERNMENT_OFFICE,
    )
    townships = [
        Agency.objects.create(
            name=f"第{i + 1}镇人民政府", slug=f"bench-t{i}", level=Level.TOWNSHIP, parent=county
        )
        for i in range(agencies)
    ]

    def person(username: str, agency, role) -> User:
        user = User.objects.create_user(
            username, password=None, display_name=username, must_change_password=False
        )
        Membership.objects.create(person=user, agency=agency, role=role)
        return user

    clerk = person("clerk", townships[0], Role.DRAFTER)
    person("head", townships[0], Role.DISCLOSURE_HEAD)
    supervisor = person("ogo_admin", office, Role.SUPERVISOR_ADMIN)

    # Open cases were received in the last ~10 weeks (some overdue, some due soon, a few
    # submitted online and not yet confirmed, some waiting for 补正 or consulting); closed
    # ones over the three years before, answered within their 20 working days.
    per_agency = total // agencies
    inserters = {m: Inserter(m) for m in (Application, ApplicationItem, CaseStep)}
    apps: list[dict] = []
    items: list[dict] = []
    steps: list[dict] = []
    n_cases = n_open = n_steps = 0
    pk = 0
    step_pk = 0
    types = ["natural_person"] * 8 + ["commercial", "legal_service"]

    def step(app_pk: int, kind: Step, day: dt.date, **extra) -> None:
        nonlocal step_pk
        step_pk += 1
        steps.append(
            {
                "id": step_pk,
                "application_id": app_pk,
                "step": kind.value,
                "date": day,
                "actor_name": "bench",
                **extra,
            }
        )

    for a, township in enumerate(townships):
        seq: dict[int, int] = {}
        for k in range(per_agency + (total % agencies if a == 0 else 0)):
            pk += 1
            is_open = k < open_per
            if is_open:
                received = today - dt.timedelta(days=rng.randrange(70))
            else:
                received = today - dt.timedelta(days=rng.randrange(80, 3 * 365))
            year = received.year
            seq[year] = seq.get(year, 0) + 1
            status = Status.CLOSED
            concluded = None
            kinds: list[tuple] = []
            online = rng.random() < 0.3
            if is_open:
                r = rng.random()
                if online and r < 0.05:
                    status = Status.SUBMITTED
                elif r < 0.15:
                    status = Status.AWAITING_CORRECTION
                    kinds.append((Step.CORRECTION_REQUESTED, min(received + 2 * ONE, today), {}))
                elif r < 0.25:
                    status = Status.CONSULTING
                    kinds.append(
                        (
                            Step.THIRD_PARTY_CONSULTED,
                            min(received + 3 * ONE, today),
                            {"party": "某公司"},
                        )
                    )
                else:
                    status = Status.OPEN
            else:
                decided = working_days_from(calendar, received, rng.randint(3, 20))
                delivered = decided + dt.timedelta(days=rng.randint(0, 3))
                concluded = decided
                kinds += [
                    (Step.DECIDED, decided, {"data": {"outcomes": {"1": "granted"}}}),
                    (Step.DELIVERED, delivered, {}),
                ]
            apps.append(
                {
                    "id": pk,
                    "agency_id": township.pk,
                    "number": f"{year}-{seq[year]:05d}",
                    "tracking_code": f"B{pk:09d}",
                    "secret_hash": "!",
                    "channel": "online" if online else "in_person",
                    "status": status.value,
                    "applicant_type": rng.choice(types),
                    "applicant_name": "张三",
                    "description": "某项政府信息",
                    "received_on": None if status == Status.SUBMITTED else received,
                    "concluded_on": concluded,
                    "handler_id": clerk.pk if (a == 0 and rng.random() < 0.5) else None,
                }
            )
            items.append(
                {
                    "id": pk,
                    "application_id": pk,
                    "position": 1,
                    "description": "某项政府信息",
                    "outcome": "" if is_open else "granted",
                }
            )
            step(pk, Step.SUBMITTED, received)
            if status != Status.SUBMITTED:
                step(pk, Step.RECEIVED, received)
            for kind, day, extra in kinds:
                step(pk, kind, day, **extra)

        # One township at a time: the rows of 100,000 cases at once would take ~0.5 GB.
        with transaction.atomic():
            inserters[Application].insert(apps)
            inserters[ApplicationItem].insert(items)
            inserters[CaseStep].insert(steps)
        n_cases += len(apps)
        n_open += sum(r["status"] != Status.CLOSED for r in apps)
        n_steps += len(steps)
        apps, items, steps = [], [], []
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return World(
        county, townships, clerk, supervisor, n_cases, n_open, n_steps, time.perf_counter() - t0
    )


def time_page(client, url: str, label: str, requests: int, warm: int = 2, before=None) -> Figure:
    for _ in range(warm):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    latencies = []
    size = 0
    for _ in range(requests):
        if before is not None:
            before()
        t0 = time.perf_counter()
        response = client.get(url)
        latencies.append(time.perf_counter() - t0)
        size = len(response.content)
    return Figure(
        label,
        requests,
        sum(latencies),
        latencies,
        unit="req/s",
        note=f"{size / 1024:,.0f} KB",
    )


def bench_pages(world: World, requests: int) -> list[Figure]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from gongkai.applications import selectors
    from gongkai.applications.models import Application

    figures = []
    township = world.townships[0]
    mine = Application.objects.filter(agency=township).exclude(status="closed").count()
    clerk = Client()
    clerk.force_login(world.clerk, backend="django.contrib.auth.backends.ModelBackend")
    supervisor = Client()
    supervisor.force_login(world.supervisor, backend="django.contrib.auth.backends.ModelBackend")
    try:
        queue_url = reverse("applications:queue")
    except NoReverseMatch:
        queue_url = None
    if queue_url:
        figures.append(
            time_page(clerk, queue_url, f"GET {queue_url} (clerk, {mine} open)", requests)
        )
    else:
        # The staff pages are built alongside: time what the page will call.
        latencies = []
        for _ in range(requests):
            t0 = time.perf_counter()
            selectors.queue(selectors.handled_cases(world.clerk))
            latencies.append(time.perf_counter() - t0)
        figures.append(
            Figure(
                f"selectors.queue (clerk, {mine} open)",
                requests,
                sum(latencies),
                latencies,
                unit="req/s",
                note="no queue page yet",
            )
        )
    figures.append(time_page(clerk, "/", "GET / dashboard (clerk)", requests))
    url = reverse("applications:supervision")
    county_open = world.open_cases
    figures.append(
        time_page(
            supervisor,
            url,
            f"GET {url} ({county_open:,} open)",
            max(5, requests // 3),
            warm=1,
        )
    )
    figures.append(
        time_page(supervisor, "/", "GET / dashboard (supervisor)", max(5, requests // 3), warm=1)
    )
    # The cards are cached until a case changes (cards.py): the first dashboard after a
    # change computes every open case's deadlines in the supervisor's county.
    from django.core.cache import cache

    figures.append(
        time_page(
            supervisor,
            "/",
            "GET / dashboard (supervisor, after a change)",
            3,
            warm=0,
            before=cache.clear,
        )
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Gongkai 依申请公开: clocks and pages under load.")
    ap.add_argument("--logs", type=int, default=20_000, help="event logs for (a) (default 20000)")
    ap.add_argument("--cases", type=int, default=100_000, help="cases in the database")
    ap.add_argument("--agencies", type=int, default=30, help="townships (default 30)")
    ap.add_argument("--open", type=int, default=200, help="open cases per township (default 200)")
    ap.add_argument("--requests", type=int, default=30, help="requests per page (default 30)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--keep", action="store_true", help="keep the data folder (prints it)")
    args = ap.parse_args(argv)

    wall = time.perf_counter()
    pinned = pin_one_core()
    print("Gongkai benchmark — 依申请公开: statutory clocks and case pages, one core")
    print(machine())
    print(f"Process {pinned}.")
    data_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-applications-"))
    try:
        t0 = time.perf_counter()
        setup_django(data_dir)
        from django.utils import timezone

        today = timezone.localdate()
        print(f"Migrated a fresh SQLite database in {time.perf_counter() - t0:.1f} s (not timed).")
        figures = [bench_clocks(args.logs, args.seed, today)]
        world = build_world(args.cases, args.agencies, args.open, args.seed, today)
        print(
            f"Built {world.cases:,} cases ({world.open_cases:,} open) with {world.steps:,} steps "
            f"across {args.agencies} townships in {world.build_seconds:.1f} s (not timed)."
        )
        print()
        figures += bench_pages(world, args.requests)
        print(table(figures))
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
