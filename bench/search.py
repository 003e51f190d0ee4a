"""Search under load: ``--items`` synthetic public items (default 5k: item rows go through the ORM, ~300/s on a 2-core box) in the SQLite
index, then 200 queries of 1–3 words timed through ``gongkai.search.index.search`` — the
same call the /search/ page makes, with its join back to public_items.

Why: a county portal holds years of every township's items (tens of thousands to a
million); a search must answer while the reader waits. Items and revisions are written in
bulk (not through the services: a million reviewed publications would take hours), then
indexed with ``index.write_rows`` in batches. Run: ``.venv/bin/python bench/search.py``
(``--items 1000000`` for the 1M figure; it takes minutes).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from applications import Figure, setup_django, table  # noqa: E402
from run import machine, peak_rss_mb, pin_one_core  # noqa: E402

_WORD_LINE = (
    "低保 补助 资金 发放 危房 改造 土地 征收 补偿 安置 预算 决算 财政 招聘 公告 通知 乡村 振兴 "
    "产业 项目 申报 森林 防火 医疗 救助 教育 资助 学生 道路 建设 污水 处理 安全 生产 检查 企业 "
    "农村 城乡 标准 调整 社区 工作者 养老 保险 高龄 津贴 就业 培训 种植 养殖 合作社 集体 经济 "
    "环境 整治 垃圾 分类 河道 治理 水利 灌溉 防汛 抗旱 疫苗 接种 卫生 健康 文化 活动 体育 设施"
)
WORDS = _WORD_LINE.split()
BATCH = 5000


def text(rng: random.Random, n: int) -> str:
    return "，".join("".join(rng.choices(WORDS, k=rng.randint(2, 5))) for _ in range(n)) + "。"


def build(items: int, seed: int) -> float:
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.accounts.testing import make_person
    from gongkai.agencies.models import Agency, Level, Role
    from gongkai.publishing.models import Item, Revision
    from gongkai.search import index
    from gongkai.search import text as search_text
    from gongkai.search.models import Entry

    rng = random.Random(seed)
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="county")
    towns = [
        Agency.objects.create(
            name=f"第{i}镇人民政府", level=Level.TOWNSHIP, parent=county, slug=f"t{i}"
        )
        for i in range(30)
    ]
    writer = make_person("writer", roles=[(towns[0], Role.DRAFTER)])
    start = time.perf_counter()
    now = timezone.now()
    for first in range(0, items, BATCH):
        n = min(BATCH, items - first)
        with transaction.atomic():
            made = Item.objects.bulk_create(
                Item(
                    agency=towns[(first + i) % 30],
                    kind="info",
                    state="published",
                    index_number=f"B-{first + i}",
                    index_year=2026,
                    index_seq=first + i,
                    created_by=writer,
                    first_published_at=now,
                )  # fmt: skip
                for i in range(n)
            )
            revisions = Revision.objects.bulk_create(
                Revision(
                    item=item,
                    number=1,
                    title=text(rng, 2),
                    summary="",
                    body_html="",
                    generated_on=dt.date(2026, 1, 1),
                    author=writer,
                    state="published",
                    published_at=now - dt.timedelta(minutes=rng.randint(0, 10**6)),
                )  # fmt: skip
                for item in made
            )
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE publishing_item SET published_revision_id = %s WHERE id = %s",
                    [(r.pk, r.item_id) for r in revisions],
                )
            rows = []
            for item, revision in zip(made, revisions, strict=True):
                body = text(rng, rng.randint(20, 60))  # ~0.5–1.5 KB of text
                entry = Entry(
                    item=item, revision=revision, agency_id=item.agency_id,
                    agency_path=item.agency.path, published_on=revision.published_at.date(),
                    published_at=revision.published_at, kind="info", title=revision.title,
                    body=body,
                )  # fmt: skip
                rows.append((entry, search_text.segment(revision.title), search_text.segment(body)))
            index.write_rows(rows)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    wall = time.perf_counter()
    pinned = pin_one_core()
    print("Gongkai benchmark — 全文检索 (SQLite FTS5), one core")
    print(machine())
    print(f"Process {pinned}.")
    data_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-search-"))
    try:
        setup_django(data_dir)
        from gongkai.search import index

        seconds = build(args.items, args.seed)
        size = sum(f.stat().st_size for f in data_dir.glob("bench.sqlite3*")) / 1024 / 1024
        figures = [
            Figure("index items (bulk, segmented)", args.items, seconds, unit="items/s",
                   note=f"database {size:.0f} MB"),
        ]  # fmt: skip
        rng = random.Random(args.seed + 1)
        queries = [" ".join(rng.sample(WORDS, rng.randint(1, 3))) for _ in range(args.queries)]
        latencies, found = [], 0
        for q in queries:
            t = time.perf_counter()
            found += index.search(q).total > 0
            latencies.append(time.perf_counter() - t)
        figures.append(
            Figure("search, 1–3 words, first page + total", len(queries), sum(latencies),
                   latencies, unit="queries/s", note=f"{found} with results")
        )  # fmt: skip
        print()
        print(table(figures))
        print()
        print(f"Peak memory (ru_maxrss): {peak_rss_mb():.0f} MB")
        print(f"Wall time: {time.perf_counter() - wall:.1f} s")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
