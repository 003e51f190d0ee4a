"""Search over a million public items: index build time and query latency (p50/p95) per kind
of query, through ``gongkai.search.index.search`` — the call the /search/ page makes, with
its join back to ``public_items``.

Why: a county portal holds years of every township's and department's publications (tens of
thousands to a million items); a search must answer while the reader waits, on the office PC
(SQLite) and on the county's server (PostgreSQL).

The corpus is generated, not real, but shaped like a portal's: titles and bodies of a few
hundred characters built from sentence patterns of government notices (place names, dates,
amounts, 文号) filled with words from the catalogue names (gongkai/catalog/data), the
screening dictionary's correct forms (gongkai/screening/data/starter.tsv) and a list of
everyday administrative words, drawn with a Zipf-like frequency so that very common words
(工作, 通知) and rare ones both exist.

Loading: items, revisions and index rows go straight into their tables with ``executemany``
inside one transaction (a million reviewed publications through the services would take
hours; what is measured here is the search). The revision rows carry titles only — the index
row holds the text that search reads. Every document is segmented with rjieba, as indexing
does; that cost is measured and printed on its own.

Database: SQLite in a temporary folder by default; when DATABASE_URL names a PostgreSQL
server, a fresh database ``gk_bench_search_<pid>`` on it (dropped at the end). Run:
``.venv/bin/python bench/search.py`` (1,000,000 documents: ~10 minutes and 3 GB of disk,
freed at the end, on an idle 2-core machine; much longer on a busy one) or ``--docs 20000``
for a quick run.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from run import _pad, machine, peak_rss_mb  # noqa: E402

BATCH = 20_000
TOWNS = 30

# --------------------------------------------------------------------------------------------
# The vocabulary.

# Everyday words of county and township notices, roughly from the most to the least used
# (the order seeds the Zipf ranks; the other sources are shuffled in behind them).
EVERYDAY = """
工作 通知 有关 要求 单位 开展 进一步 加强 落实 管理 服务 建设 组织 实施 情况 相关 按照 规定
公开 政府 信息 群众 各村 社区 乡镇 部门 县委 县政府 办公室 人民政府 印发 方案 办法 意见 通告
公告 公示 结果 名单 资金 项目 补助 发放 标准 申请 审核 审批 办理 材料 时间 地点 联系 电话
低保 特困 供养 救助 临时 医疗 养老 保险 高龄 津贴 残疾人 两项 补贴 优抚 对象 退役 军人
危房 改造 农村 住房 安全 鉴定 土地 征收 补偿 安置 宅基地 承包 流转 确权 不动产 登记
预算 决算 财政 收支 三公 经费 政府采购 招标 中标 成交 合同 工程 施工 监理 验收 审计
乡村 振兴 产业 发展 特色 种植 养殖 合作社 集体 经济 收益 分红 帮扶 脱贫 巩固 衔接 防止 返贫
道路 硬化 桥梁 饮水 供水 污水 处理 垃圾 分类 厕所 革命 人居 环境 整治 河道 清理 河长制
森林 防火 防汛 抗旱 地质 灾害 应急 预案 演练 值班 隐患 排查 整改 安全生产 消防 检查
教育 学校 学生 资助 营养 午餐 义务教育 招生 入学 卫生 健康 疫苗 接种 家庭医生 签约 体检
就业 培训 技能 招聘 考试 面试 体检 考察 拟录用 人员 岗位 公益性 劳务 输出 返乡 创业
耕地 保护 高标准 农田 粮食 生产 补贴 种子 化肥 农机 购置 动物 防疫 畜禽 水产 林业 生态
文化 活动 体育 设施 图书 广场舞 文艺 演出 非遗 旅游 景区 节庆 志愿服务 文明 实践
营商 环境 市场主体 个体工商户 企业 税费 减免 优惠 政策 解读 规范性文件 清理 废止 修订
行政 许可 处罚 强制 执法 公示 双随机 监管 信用 黑名单 投诉 举报 信访 矛盾 纠纷 调解
人口 普查 统计 调查 数据 公报 年度 报告 计划 总结 部署 推进 督查 考核 通报 表彰 问责
社会 保障 卡 医保 参保 缴费 城乡居民 基本 医疗保险 大病 报销 门诊 慢性病 药品 集中 采购
"""

# Places: a county, its townships and villages, written the way notices write them.
COUNTY = "青石县"
TOWN_SYLLABLES = "青石 白沙 柳河 龙泉 东坝 西岭 南山 北塘 桃源 梅溪 杨柳 黄土 红岩 金鸡 银杏 马鞍 凤凰 清水 高桥 长滩"
TOWN_SUFFIXES = ["镇", "乡", "街道"]
VILLAGE_SURNAMES = [
    "李",
    "王",
    "张",
    "刘",
    "陈",
    "杨",
    "赵",
    "黄",
    "周",
    "吴",
    "徐",
    "孙",
    "胡",
    "朱",
    "高",
    "林",
    "何",
    "郭",
    "马",
    "罗",
]
VILLAGE_SUFFIXES = ["家村", "庄村", "湾村", "坪村", "沟村", "坝社区"]

TITLE_PATTERNS = [
    "关于{place}{year}年度{a}{b}工作的通知",
    "{place}关于{a}{b}的公示",
    "{year}年{place}{a}{b}{c}实施方案",
    "关于印发《{place}{a}{b}管理办法》的通知",
    "{place}{year}年{month}月{a}{b}情况公告",
    "关于进一步加强{a}{b}工作的意见",
    "{place}{a}{b}项目{c}结果公示",
    "《{place}{a}{b}实施办法》政策解读",
    "{place}{year}年{a}{b}资金发放名单",
    "关于做好{year}年{a}{b}{c}工作的通知",
]
SENTENCE_PATTERNS = [
    "为进一步做好{a}{b}工作，根据{upper}有关文件精神，结合{place}实际，现将有关事项{verb}如下",
    "{place}共有{n}户{a}{b}对象，{year}年{month}月发放{c}资金{money}万元",
    "请各村（社区）于{year}年{month}月{day}日前将{a}{b}材料报送{place}{c}办公室",
    "本次{a}{b}共涉及{n}个{c}，总投资{money}万元，由{place}负责组织实施",
    "对{a}{b}中发现的问题，{place}将严格按照规定{verb}，确保{c}落到实处",
    "公示期为{year}年{month}月{day}日至{month2}月{day2}日，如有异议请拨打电话{phone}",
    "{place}{a}{b}工作领导小组办公室设在{c}，具体负责日常{d}工作",
    "各单位要高度重视{a}{b}，加强{c}{d}，切实做好{e}工作",
    "依据《{law}》第{article}条的规定，{place}对{a}{b}进行了{c}",
    "经{place}{a}{b}审核，{n}名{c}符合条件，现予以公示",
    "经村民代表会议评议，{person}、{person2}等{n}户纳入{a}{b}范围",
    "{place}{a}{b}项目由{firm}承建，项目负责人{person}",
]
# Names make the long tail of a real corpus: 公示 lists, contractors. Each is in a few
# dozen documents of a million — the "rare word" queries.
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀",
    "霞",
    "平",
    "刚",
    "桂",
    "英",
    "华",
    "玉",
    "兰",
    "文",
    "辉",
    "建",
    "国",
]
FIRM_WORDS = [
    "鑫源",
    "宏达",
    "华兴",
    "恒泰",
    "瑞丰",
    "金盛",
    "永安",
    "福顺",
    "聚德",
    "昌隆",
    "盛世",
    "兴旺",
    "富民",
    "利民",
    "顺达",
]
FIRM_KINDS = [
    "建筑工程有限公司",
    "农业开发有限公司",
    "劳务有限公司",
    "建材有限公司",
    "生态农业合作社",
]
UPPER = ["县人民政府", "县民政局", "县财政局", "县农业农村局", "县应急管理局", "县住房和城乡建设局",
         "县卫生健康局", "县教育局", "县人力资源和社会保障局", "县政务公开办"]  # fmt: skip
LAWS = ["中华人民共和国政府信息公开条例", "社会救助暂行办法", "中华人民共和国土地管理法",
        "中华人民共和国安全生产法", "中华人民共和国预算法", "农村危房改造基本安全技术导则"]  # fmt: skip
VERBS = ["通知", "公告", "公示", "处理", "整改", "报告", "部署"]


def vocabulary() -> list[str]:
    """Every word the generator draws from, most frequent first (Zipf ranks)."""
    import re

    from gongkai.catalog.data.township import TOWNSHIP
    from gongkai.catalog.data.village import VILLAGE

    seen: dict[str, None] = dict.fromkeys(EVERYDAY.split())
    extra: set[str] = set()

    def walk(nodes: list[dict]) -> None:
        for node in nodes:
            for key in ("name", "content"):
                for piece in re.split(r"[、，,；;（）()《》\s]+", node.get(key, "")):
                    if 2 <= len(piece) <= 8:
                        extra.add(piece)
            walk(node.get("children", []))

    walk(TOWNSHIP)
    walk(VILLAGE)
    starter = ROOT / "gongkai" / "screening" / "data" / "starter.tsv"
    for line in starter.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 3:
            continue
        # The correct form (the suggestion), or the term itself when it is an ok word.
        word = cells[0] if cells[1] == "ok" else cells[2].split("|")[0]
        if 2 <= len(word) <= 8 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
            extra.add(word)
    tail = sorted(extra - set(seen))
    random.Random(7).shuffle(tail)
    return list(seen) + tail


class Corpus:
    """Documents drawn from ``vocabulary()`` with a Zipf-like (s≈1) word frequency."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary()
        weights = [1.0 / (rank + 2) for rank in range(len(self.words))]
        self.cum = list(itertools.accumulate(weights))
        syllables = TOWN_SYLLABLES.split()
        self.towns = [
            syllables[i % len(syllables)] + TOWN_SUFFIXES[i // len(syllables)] for i in range(TOWNS)
        ]
        self.villages = [s + v for s in VILLAGE_SURNAMES for v in VILLAGE_SUFFIXES]

    def word(self) -> str:
        rng = self.rng
        return self.words[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]

    def _fill(self, pattern: str, town: int) -> str:
        rng = self.rng
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        place = rng.choice([COUNTY, self.towns[town], self.towns[town] + rng.choice(self.villages)])
        return pattern.format(
            place=place,
            year=rng.choice((2021, 2022, 2023, 2024, 2025, 2026)),
            month=month,
            day=day,
            month2=min(12, month + 1),
            day2=rng.randint(1, 28),
            a=self.word(),
            b=self.word(),
            c=self.word(),
            d=self.word(),
            e=self.word(),
            n=rng.randint(2, 900),
            money=f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02d}",
            phone=f"0{rng.randint(700, 899)}-{rng.randint(2000000, 8999999)}",
            upper=rng.choice(UPPER),
            law=rng.choice(LAWS),
            article=rng.choice("一二三四五六七八九十") + rng.choice(["", "十", "十一", "十二"]),
            verb=rng.choice(VERBS),
            person=self.person(),
            person2=self.person(),
            firm=self.towns[town][:2] + rng.choice(FIRM_WORDS) + rng.choice(FIRM_KINDS),
        )

    def person(self) -> str:
        rng = self.rng
        return rng.choice(VILLAGE_SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))

    def document(self, town: int) -> tuple[str, str]:
        """A title and a body of about 150–450 characters."""
        rng = self.rng
        title = self._fill(rng.choice(TITLE_PATTERNS), town)
        sentences = [
            self._fill(rng.choice(SENTENCE_PATTERNS), town) for _ in range(rng.randint(3, 9))
        ]
        return title, "。".join(sentences) + "。"


# --------------------------------------------------------------------------------------------
# The database.


def setup_django(data_dir: Path, database_url: str) -> None:
    for name in ("GONGKAI_REDIS_URL", "GONGKAI_HTTPS", "DEBUG"):
        os.environ.pop(name, None)
    os.environ.update(
        GONGKAI_DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        GONGKAI_LOG_LEVEL="ERROR",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _admin_sql(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql)


def postgres_database(url: str) -> tuple[str, str, str]:
    """(bench database URL, server URL to create/drop it from, its name)."""
    parts = urlsplit(url)
    name = f"gk_bench_search_{os.getpid()}"
    server = urlunsplit(parts._replace(path="/postgres"))
    return urlunsplit(parts._replace(path="/" + name)), server, name


def database_size(data_dir: Path) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0] / 1024 / 1024
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the size of the database itself
    return sum(f.stat().st_size for f in data_dir.glob("bench.sqlite3*")) / 1024 / 1024


def make_agencies() -> tuple[list, object]:
    from gongkai.accounts.testing import make_person
    from gongkai.agencies.models import Agency, Level, Role

    county = Agency.objects.create(name="青石县人民政府", level=Level.COUNTY, slug="county")
    corpus_towns = Corpus(0).towns
    towns = [
        Agency.objects.create(
            name=f"{name}人民政府", level=Level.TOWNSHIP, parent=county, slug=f"t{i}"
        )
        for i, name in enumerate(corpus_towns)
    ]
    writer = make_person("writer", roles=[(towns[0], Role.DRAFTER)])
    return towns, writer


def load(docs: int, seed: int) -> dict:
    """Generate, segment and insert ``docs`` documents; returns the timings."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.search import text as search_text

    towns, writer = make_agencies()
    corpus = Corpus(seed)
    vendor = connection.vendor
    start_day = dt.datetime(2021, 1, 1, 8, tzinfo=dt.UTC)
    span = (dt.datetime(2026, 11, 1, tzinfo=dt.UTC) - start_day).total_seconds()
    now = timezone.now()
    times = {"generate": 0.0, "segment": 0.0, "insert": 0.0, "chars": 0}
    item_sql = (
        "INSERT INTO publishing_item (id, agency_id, catalog_entry_id, kind, index_number,"
        " index_year, index_seq, state, published_revision_id, first_published_at,"
        " scheduled_for, withdrawn_at, withdrawn_reason, validity, validity_changed_on,"
        " superseded_by_id, created_by_id, created_at)"
        " VALUES (%s, %s, NULL, 'info', %s, %s, %s, 'published', %s, %s,"
        " NULL, NULL, '', 'valid', NULL, NULL, %s, %s)"
    )
    revision_sql = (
        "INSERT INTO publishing_revision (id, item_id, number, title, summary, body_html,"
        " generated_on, doc_number, written_on, published_on, disclosure,"
        " non_disclosure_reason, doc_type, change_note, author_id, created_at, updated_at,"
        " state, stage_index, stage_role, chain, published_at)"
        " VALUES (%s, %s, 1, %s, '', '', %s, '', NULL, %s, 'proactive', '', 'other', '', %s,"
        " %s, %s, 'published', NULL, '', '[]', %s)"
    )
    entry_cols = (
        "item_id, revision_id, agency_id, agency_path, entry_path, published_on,"
        " published_at, kind, doc_type, validity, title, summary, body"
    )
    if vendor == "sqlite":
        entry_sql = (
            f"INSERT INTO search_entry ({entry_cols})"
            " VALUES (%s, %s, %s, %s, '', %s, %s, 'info', 'other', 'valid', %s, '', %s)"
        )
        fts_sql = "INSERT INTO search_fts (rowid, title, text) VALUES (%s, %s, %s)"
    else:
        entry_sql = (
            f"INSERT INTO search_entry ({entry_cols}, document)"
            " VALUES (%s, %s, %s, %s, '', %s, %s, 'info', 'other', 'valid', %s, '', %s,"
            " setweight(to_tsvector('simple', %s), 'A')"
            " || setweight(to_tsvector('simple', %s), 'B'))"
        )
    wall = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":
            # A bulk load builds the GIN index once at the end (as a reindex would).
            cursor.execute("DROP INDEX IF EXISTS search_entry_document")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for first in range(1, docs + 1, BATCH):
            t = time.perf_counter()
            rows = []
            for pk in range(first, min(docs + 1, first + BATCH)):
                town = pk % TOWNS
                title, body = corpus.document(town)
                published = start_day + dt.timedelta(seconds=span * pk / (docs + 1))
                rows.append((pk, towns[town], title, body, published))
            t2 = time.perf_counter()
            segmented = []
            for _pk, _town, title, body, _published in rows:
                segmented.append((search_text.segment(title), search_text.segment(f"\n{body}")))
                times["chars"] += len(title) + len(body)
            t3 = time.perf_counter()
            cursor.executemany(
                item_sql,
                [
                    (pk, town.pk, f"QS-2026-{pk:07d}", 2026, pk, pk, published, writer.pk, now)
                    for pk, town, _t, _b, published in rows
                ],
            )
            cursor.executemany(
                revision_sql,
                [
                    (
                        pk,
                        pk,
                        title,
                        published.date(),
                        published.date(),
                        writer.pk,
                        now,
                        now,
                        published,
                    )  # fmt: skip
                    for pk, _town, title, _b, published in rows
                ],
            )
            if vendor == "sqlite":
                cursor.executemany(
                    entry_sql,
                    [
                        (pk, pk, town.pk, town.path, published.date(), published, title, body)
                        for pk, town, title, body, published in rows
                    ],
                )
                cursor.executemany(
                    fts_sql,
                    [(r[0], s[0], s[1]) for r, s in zip(rows, segmented, strict=True)],
                )
            else:
                cursor.executemany(
                    entry_sql,
                    [
                        (
                            pk,
                            pk,
                            town.pk,
                            town.path,
                            published.date(),
                            published,
                            title,
                            body,
                            seg_title,
                            seg_text,
                        )  # fmt: skip
                        for (pk, town, title, body, published), (seg_title, seg_text) in zip(
                            rows, segmented, strict=True
                        )
                    ],
                )
            t4 = time.perf_counter()
            times["generate"] += t2 - t
            times["segment"] += t3 - t2
            times["insert"] += t4 - t3
            done = min(docs, first + BATCH - 1)
            if done % 200_000 < BATCH or done == docs:
                print(f"  … {done:,} documents loaded ({time.perf_counter() - wall:.0f} s)",
                      flush=True)  # fmt: skip
        t = time.perf_counter()
        if vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        else:
            # The deferred foreign-key checks first: PostgreSQL builds no index over a
            # table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "CREATE INDEX search_entry_document ON search_entry USING gin (document)"
            )
        times["finish"] = time.perf_counter() - t
    t = time.perf_counter()
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE")
    times["analyze"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - wall
    times["towns"] = towns
    return times


# --------------------------------------------------------------------------------------------
# The queries.


def document_frequencies(sample: int, seed: int) -> dict[str, int]:
    """How many of ``sample`` documents hold each word: picks the common and rare words
    for the query mix the same way whatever the corpus size."""
    from gongkai.search import text as search_text

    corpus = Corpus(seed + 99)
    counts: dict[str, int] = {}
    for i in range(sample):
        title, body = corpus.document(i % TOWNS)
        for token in set(search_text.tokens(title + " " + body)):
            counts[token] = counts.get(token, 0) + 1
    return counts


def query_mix(towns: list, seed: int, per_kind: int) -> dict[str, list[tuple[str, dict]]]:
    import re

    rng = random.Random(seed)
    freq = document_frequencies(5000, seed)
    words = [w for w in Corpus(seed).words if len(w) >= 2]
    by_freq = sorted((w for w in words if freq.get(w)), key=lambda w: -freq[w])
    common = by_freq[:10]  # in roughly a third to a half of all documents
    middle = by_freq[len(by_freq) // 8 : len(by_freq) // 3]
    # Tokens in one document of the sample (names, mostly): a few dozen in a million.
    rare = sorted(
        t
        for t, n in freq.items()
        if n == 1 and len(t) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", t)
    )
    four = [w for w in words if len(w) in (3, 4) and freq.get(w, 0) >= 3]
    month = dt.date(2025, rng.randint(1, 12), 1)

    def pick(source: list[str]) -> str:
        return rng.choice(source)

    kinds: dict[str, list[tuple[str, dict]]] = {
        "one common word": [(pick(common), {}) for _ in range(per_kind)],
        "one rare word": [(pick(rare), {}) for _ in range(per_kind)],
        "two words": [(f"{pick(middle)} {pick(middle)}", {}) for _ in range(per_kind)],
        "3–4 characters (危房改造)": [(pick(four), {}) for _ in range(per_kind)],
        "common word + township": [
            (pick(common), {"agency": rng.choice(towns)}) for _ in range(per_kind)
        ],
        "common word + one month": [
            (
                pick(common),
                {"date_from": month, "date_to": month + dt.timedelta(days=30)},
            )
            for _ in range(per_kind)
        ],
        '"quoted phrase"': [(f'"{pick(four)}"', {}) for _ in range(per_kind)],
    }
    return kinds


def measure(kinds: dict[str, list[tuple[str, dict]]]) -> list[tuple[str, list[float], list[int]]]:
    from gongkai.search import index

    results = []
    for label, queries in kinds.items():
        index.search(queries[0][0], **queries[0][1])  # warm the page cache for this kind
        latencies, totals = [], []
        for q, filters in queries:
            t = time.perf_counter()
            found = index.search(q, **filters)
            latencies.append(time.perf_counter() - t)
            totals.append(found.total)
        results.append((label, latencies, totals))
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=40, help="per kind of query")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database (to study queries); drop or delete it yourself",
    )
    args = parser.parse_args()
    wall = time.perf_counter()
    url = os.environ.get("DATABASE_URL", "")
    data_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-search-"))
    postgres = url.startswith(("postgres://", "postgresql://"))
    if postgres:
        db_url, server_url, db_name = postgres_database(url)
        _admin_sql(server_url, f'CREATE DATABASE "{db_name}"')
    else:
        db_url = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    try:
        setup_django(data_dir, db_url)
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT sqlite_version()")
                engine = f"SQLite {cursor.fetchone()[0]} (FTS5)"
            else:
                cursor.execute("SHOW server_version")
                engine = f"PostgreSQL {cursor.fetchone()[0]} (tsvector + GIN)"
        print(f"Gongkai benchmark — 全文检索 over {args.docs:,} public items, {engine}")
        print(machine())
        print("Loading (generate, segment with rjieba, insert in one transaction):", flush=True)
        times = load(args.docs, args.seed)
        size = database_size(data_dir)
        mchars = times["chars"] / 1e6
        print()
        print(f"Documents: {args.docs:,} (titles + bodies, {times['chars'] / args.docs:.0f}"
              f" characters on average, {mchars:.0f} M characters)")  # fmt: skip
        print(f"Segmenting (rjieba cut_for_search, one core): {times['segment']:.1f} s ="
              f" {args.docs / times['segment']:,.0f} documents/s,"
              f" {mchars / times['segment']:.1f} M characters/s")  # fmt: skip
        print(f"Inserting items, revisions and index rows: {times['insert']:.1f} s ="
              f" {args.docs / times['insert']:,.0f} documents/s")  # fmt: skip
        finish = "FTS5 optimize" if connection.vendor == "sqlite" else "GIN index build"
        print(f"{finish}: {times['finish']:.1f} s; ANALYZE: {times['analyze']:.1f} s")
        build = times["segment"] + times["insert"] + times["finish"]
        print(f"Index build (segment + insert + {finish}): {build:.0f} s"
              f" ({args.docs / build:,.0f} documents/s); generating the text took"
              f" {times['generate']:.0f} s more")  # fmt: skip
        print(f"Database size: {size:,.0f} MB ({size * 1024 / args.docs:.2f} KB per document)")
        print()
        kinds = query_mix(times["towns"], args.seed, args.queries)
        results = measure(kinds)
        head = ["query", "n", "p50 ms", "p95 ms", "max ms", "median hits", "example"]
        widths = [28, 4, 8, 8, 8, 12, 0]
        lines = [head]
        for (label, latencies, totals), queries in zip(results, kinds.values(), strict=True):
            lines.append(
                [
                    label,
                    str(len(latencies)),
                    f"{percentile(latencies, 0.5) * 1000:.1f}",
                    f"{percentile(latencies, 0.95) * 1000:.1f}",
                    f"{max(latencies) * 1000:.1f}",
                    f"{int(statistics.median(totals)):,}",
                    queries[0][0],
                ]
            )
        for i, row in enumerate(lines):
            cells = [
                _pad(c, w, right=0 < j < 6) if w else c
                for j, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            print("  ".join(cells).rstrip())
            if i == 0:
                print("-" * 90)
        every = [x for _label, latencies, _totals in results for x in latencies]
        print()
        print(f"All queries: p50 {percentile(every, 0.5) * 1000:.1f} ms,"
              f" p95 {percentile(every, 0.95) * 1000:.1f} ms (first page of 20 + total,"
              " snippets included)")  # fmt: skip
        print(f"Peak memory (ru_maxrss): {peak_rss_mb():.0f} MB")
        print(f"Wall time: {time.perf_counter() - wall:.0f} s")
    finally:
        if postgres and args.keep:
            print(f"Kept: PostgreSQL database {db_name}")
        elif postgres:
            from django.db import connections

            connections.close_all()
            _admin_sql(server_url, f'DROP DATABASE IF EXISTS "{db_name}"')
        if args.keep and not postgres:
            print(f"Kept: {data_dir / 'bench.sqlite3'}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
