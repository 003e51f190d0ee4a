"""主动公开 under load: the review queue page (待我审核) and an item page in review.

A township's 分管领导 opens /publishing/ several times a day; the page lists what waits at
their stage (selectors.review_queue: a query by stage role, then the review rules replayed
for each candidate), their drafts, and every unpublished item's deadline on the working-day
calendar. What that costs with a realistic backlog decides whether the page stays quick.

In a temporary data folder: a SQLite database with ``--items`` items of one township
written through the services (so index numbers, logs and states are real), ``--waiting``
of them submitted and waiting at the reviewer's stage; then Django's test client (in
process) times GET /publishing/ for the reviewer and GET /publishing/items/<pk>/ for one
waiting item. Run: ``make bench`` or ``.venv/bin/python bench/publishing.py --help``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from applications import Figure, setup_django, table, time_page  # noqa: E402
from run import machine, peak_rss_mb, pin_one_core  # noqa: E402


def build(items: int, waiting: int):
    import datetime as dt

    from gongkai.accounts.testing import make_person
    from gongkai.agencies.models import Agency, Level, Role
    from gongkai.publishing import services
    from gongkai.publishing.models import ItemKind
    from gongkai.publishing.services import Content

    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="county")
    town = Agency.objects.create(
        name="青石镇人民政府", level=Level.TOWNSHIP, parent=county, slug="qingshi"
    )
    writer = make_person("writer", roles=[(town, Role.DRAFTER)])
    reviewer = make_person("reviewer", roles=[(town, Role.REVIEWER)])
    body = "<p>" + "本季度共发放农村低保资金，涉及各村困难群众。" * 20 + "</p>"
    start = time.perf_counter()
    created = []
    for i in range(items):
        item = services.item_create(
            actor=writer,
            agency=town,
            kind=ItemKind.INFO,
            content=Content(
                title=f"青石镇2026年第{i + 1}号工作信息",
                generated_on=dt.date(2026, 1, 5) + dt.timedelta(days=i % 300),
                summary="演示",
                body_html=body,
            ),
        )
        created.append(item)
    for item in created[:waiting]:
        services.submit(actor=writer, revision=item.revisions.get())
    return reviewer, created[0], time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Gongkai 主动公开: the review queue under load.")
    ap.add_argument("--items", type=int, default=2_000, help="items of the township")
    ap.add_argument("--waiting", type=int, default=200, help="items waiting for review")
    ap.add_argument("--requests", type=int, default=30)
    args = ap.parse_args(argv)
    wall = time.perf_counter()
    pinned = pin_one_core()
    print("Gongkai benchmark — 主动公开: the review queue, one core")
    print(machine())
    print(f"Process {pinned}.")
    data_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-publishing-"))
    try:
        setup_django(data_dir)
        from django.test import Client

        reviewer, first, seconds = build(args.items, args.waiting)
        print(
            f"Wrote {args.items:,} items through the services ({args.waiting:,} submitted) "
            f"in {seconds:.1f} s (not timed)."
        )
        client = Client()
        client.force_login(reviewer, backend="django.contrib.auth.backends.ModelBackend")
        figures: list[Figure] = [
            time_page(
                client,
                "/publishing/",
                f"GET /publishing/ (reviewer, {args.waiting} waiting)",
                args.requests,
            ),
            time_page(
                client, f"/publishing/items/{first.pk}/", "GET an item in review", args.requests
            ),
        ]
        print()
        print(table(figures))
        print()
        print(f"Peak memory (ru_maxrss): {peak_rss_mb():.0f} MB")
        print(f"Wall time: {time.perf_counter() - wall:.1f} s")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
