"""Page weight of the public portal: what a reader's browser downloads for a page.

Why: readers of a township's 公开专栏 are often on a phone with a weak signal or an old
PC on a slow county network; every page must stay light. Two pages stand for the portal:
an agency's 公开专栏 home (catalogue with counts, newest items, services) and a public
item page (the page a search engine or a shared link lands on).

In a temporary data folder: a SQLite database with a county, a township with the starter
catalogue and ``--items`` items published through the real review chain. Django's test
client (in process) fetches each page anonymously; the stylesheets and scripts the HTML
references (<link rel="stylesheet">, <script src>) are read from the static files, and
anything else the page asks for (images, fonts) is counted too. Prints bytes as sent and
gzip-compressed (what the reverse proxy of docs/deploy.md sends). Images, if a body had
any, are out of scope: the pages themselves carry none.

Run: ``.venv/bin/python bench/pages.py`` (about 10 s).
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from applications import setup_django  # noqa: E402

ASSET = re.compile(
    r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"', re.IGNORECASE
)


def build(items: int):
    import datetime as dt

    from gongkai.accounts.testing import make_person
    from gongkai.agencies.models import Agency, Kind, Level, Role
    from gongkai.catalog import services as catalog_services
    from gongkai.catalog.models import CatalogEntry
    from gongkai.publishing import services
    from gongkai.publishing.models import ItemKind
    from gongkai.publishing.services import Content

    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="county")
    office = Agency.objects.create(
        name="示例县政务公开办",
        level=Level.COUNTY,
        kind=Kind.OPEN_GOVERNMENT_OFFICE,
        parent=county,
        slug="ogo",
    )
    town = Agency.objects.create(
        name="青石镇人民政府", level=Level.TOWNSHIP, parent=county, slug="qingshi"
    )
    supervisor = make_person("supervisor", roles=[(office, Role.SUPERVISOR_ADMIN)])
    catalog_services.catalog_install_starter(actor=supervisor, agency=town)
    people = {
        role: make_person(f"p_{role}", roles=[(town, role)])
        for role in (
            Role.DRAFTER,
            Role.REVIEWER,
            Role.DISCLOSURE_HEAD,
            Role.SECRECY_REVIEWER,
            Role.FINAL_APPROVER,
        )
    }
    leaves = list(CatalogEntry.objects.filter(agency=town, children__isnull=True))
    body = (
        "<p>"
        + "本季度共发放农村低保资金，涉及各村困难群众，发放名单已在各村公示栏公示。" * 12
        + "</p>"
    )
    first = None
    for i in range(items):
        item = services.item_create(
            actor=people[Role.DRAFTER],
            agency=town,
            kind=ItemKind.INFO,
            catalog_entry=leaves[i % len(leaves)],
            content=Content(
                title=f"青石镇2026年第{i + 1}号工作信息：农村低保资金发放情况",
                generated_on=dt.date(2026, 1, 5) + dt.timedelta(days=i % 300),
                summary="第三季度低保资金发放的户数和金额",
                body_html=body,
            ),
        )
        revision = item.revisions.get()
        services.submit(actor=people[Role.DRAFTER], revision=revision)
        for role in (
            Role.REVIEWER,
            Role.DISCLOSURE_HEAD,
            Role.SECRECY_REVIEWER,
            Role.FINAL_APPROVER,
        ):
            services.approve(actor=people[role], revision=revision)
        services.publish_now(actor=people[Role.DISCLOSURE_HEAD], revision=revision)
        first = first or item
    return town, first


def asset_bytes(url: str) -> bytes:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = url.split("?", 1)[0]
    if not path.startswith(settings.STATIC_URL):
        raise SystemExit(f"an asset outside the static files: {url}")
    found = finders.find(path[len(settings.STATIC_URL) :])
    if not found:
        raise SystemExit(f"static file not found: {url}")
    return Path(found).read_bytes()


def weigh(client, path: str) -> list[tuple[str, int, int]]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    html = response.content
    rows = [(f"HTML {path}", len(html), len(gzip.compress(html, 9)))]
    for css, js in ASSET.findall(html.decode()):
        body = asset_bytes(css or js)
        rows.append(
            (("CSS " if css else "JS  ") + (css or js), len(body), len(gzip.compress(body, 9)))
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Gongkai: page weight of the public portal.")
    ap.add_argument("--items", type=int, default=30, help="published items of the township")
    args = ap.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-pages-"))
    try:
        setup_django(data_dir)
        from django.test import Client
        from django.urls import reverse

        town, item = build(args.items)
        client = Client()
        print(f"Gongkai — page weight, anonymous reader, {args.items} published items")
        for label, path in (
            ("公开专栏 home", reverse("web:portal_home", args=[town.slug])),
            ("public item page", reverse("publishing:public_item", args=[town.slug, item.pk])),
        ):
            rows = weigh(client, path)
            print(f"\n{label}")
            for name, raw, packed in rows:
                print(f"  {name:<58} {raw:>8,} B  {packed:>7,} B gzip")
            raw = sum(r[1] for r in rows)
            packed = sum(r[2] for r in rows)
            print(f"  {'total':<58} {raw:>8,} B  {packed:>7,} B gzip")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
