"""Varied annual reports, made in memory, for the benchmark.

Only what is specific to the benchmark lives here: the random generation of many different,
consistent reports — invented agencies (示例县…), years 2020–2024 in both formats, tables
二/三/四 that satisfy every arithmetic rule of their format, and a narrative that states the
same figures, of varying length (a long one makes a PDF of several pages).

Each report is a :class:`tests.annualreport.layouts.ReportSpec`; the writers that render it
(text layouts, HTML with the official rowspan/colspan, PDF with ruled tables, …) are the
test suite's, reached through ``layouts.render(layout, spec)`` and ``layouts.LAYOUTS``. The
spec travels with each input so the benchmark can say how many it read correctly.
"""

from __future__ import annotations

import random

from gongkai.annualreport.formats import FORMATS, TABLE3_COLUMNS, TABLE4_BLOCKS, TABLE4_COLUMNS
from tests.annualreport.layouts import LAYOUTS, V2019, V2021, ReportSpec, Table, render

__all__ = ["LAYOUTS", "TEXT_LAYOUTS", "random_spec", "render"]

# The text layouts that keep every cell (blank or not) where the reader can place it.
TEXT_LAYOUTS = tuple(n for n, lay in LAYOUTS.items() if lay.kind == "text" and lay.keeps_blanks)

_COUNTIES = ("示例县", "样本县", "演示区", "范例市东城区", "测试县")
_TOWNS = (
    "青石镇",
    "柳溪乡",
    "白沙街道",
    "桃源镇",
    "云山乡",
    "平湖镇",
    "石桥街道",
    "梅岭乡",
    "新塘镇",
    "长岭镇",
)
_DEPTS = ("交通运输局", "自然资源局", "民政局", "农业农村局", "市场监督管理局", "卫生健康委员会")

_FILLER = (
    "坚持以公开为常态、不公开为例外，围绕中心工作，全面推进决策、执行、管理、服务、结果公开。",
    "严格落实信息发布“三审三校”制度，由承办人起草、分管领导审核、主要领导审签后发布。",
    "对涉及个人隐私的信息做好脱敏处理，定期巡查栏目，及时更新过期信息，清理无效链接。",
    "依托便民服务中心设置政府信息公开查阅点，方便群众查阅政策文件和办事指南。",
    "通过村务公开栏、微信公众号等渠道公开惠民惠农补贴、低保、临时救助等群众关心的事项。",
    "组织工作人员学习《中华人民共和国政府信息公开条例》，提升依法公开的意识和能力。",
)


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` spread over ``parts`` non-negative integers."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def make_tables(fmt_name: str, rng: random.Random, applications: int) -> tuple[Table, Table, Table]:
    """Tables that satisfy every arithmetic rule of the format."""
    fmt = FORMATS[fmt_name]
    t2: Table = {}
    for block in fmt.table2:
        for row in block.rows:
            t2[row] = {}
            for col in block.columns:
                if row == "regulations":
                    v: int | float = 0
                elif col in ("amount_wan_yuan", "procurement_amount"):
                    v = round(rng.choice([0, 0, rng.uniform(0.5, 80)]), 2)
                elif col == "change":
                    v = rng.randint(-2, 3)
                else:
                    v = rng.choice([0, 0, rng.randint(1, 40), rng.randint(20, 400)])
                t2[row][col] = v
        if block.key == "art20_1" and fmt_name == V2021:
            for row in block.rows:
                if row != "regulations":
                    cols = t2[row]
                    cols["in_force"] = cols["issued"] + rng.randint(0, 30)

    applicants = [c for c in TABLE3_COLUMNS if c != "total"]
    results = [
        r
        for r in fmt.table3_rows
        if r not in ("new_received", "carried_in", "total_processed", "carried_forward")
    ]
    t3: Table = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in fmt.table3_rows}
    per_col = dict(zip(applicants, _split(applications, len(applicants), rng), strict=True))
    for col in applicants:
        new = per_col[col] if col in ("natural_person", "commercial") or rng.random() < 0.2 else 0
        carried_in = rng.choice([0, 0, 0, 1]) if new else 0
        carried_forward = min(new + carried_in, rng.choice([0, 0, 1]))
        t3["new_received"][col] = new
        t3["carried_in"][col] = carried_in
        t3["carried_forward"][col] = carried_forward
        handled = new + carried_in - carried_forward
        t3["total_processed"][col] = handled
        weights = [
            6 if r == "granted" else 2 if r.startswith(("partially", "unable_not")) else 1
            for r in results
        ]
        for _ in range(handled):
            t3[rng.choices(results, weights)[0]][col] += 1  # type: ignore[operator]
    for row in t3.values():
        row["total"] = sum(row[c] for c in applicants)  # type: ignore[misc]

    t4: Table = {b: dict.fromkeys(TABLE4_COLUMNS, 0) for b in TABLE4_BLOCKS}
    if applications > 3 and rng.random() < 0.4:
        t4["review"]["upheld"] = rng.randint(1, 2)
        t4["review"]["pending"] = rng.randint(0, 1)
    for block in t4.values():
        block["total"] = sum(v for k, v in block.items() if k != "total")  # type: ignore[misc]
    return t2, t3, t4


def make_narrative(
    spec: ReportSpec, rng: random.Random, paragraphs: int = 2, extra_paragraphs: int = 0
) -> dict[str, list[str]]:
    """A narrative stating the figures of the tables; ``extra_paragraphs`` long paragraphs in
    the overview make a report of several pages (PDF)."""
    received = spec.table3["new_received"]["total"]
    forward = spec.table3["carried_forward"]["total"]
    review = spec.table4["review"]["total"]
    n_items = rng.randint(30, 400)

    def filler(k: int) -> list[str]:
        return rng.sample(_FILLER, k=min(k, len(_FILLER)))

    return {
        "overview": [
            f"{spec.year}年，{spec.agency}认真贯彻《中华人民共和国政府信息公开条例》，"
            f"全年通过政府网站主动公开政府信息{n_items}条。",
            f"全年共收到政府信息公开申请{received}件，结转下年度继续办理{forward}件。",
            *filler(paragraphs),
            *(_FILLER[i % len(_FILLER)] * 2 for i in range(extra_paragraphs)),
        ],
        "proactive": ["本年度主动公开政府信息情况如下。"],
        "applications": ["本年度收到和处理政府信息公开申请情况如下。"],
        "review_litigation": [f"本年度因政府信息公开引起的行政复议{review}件。"],
        "problems": [
            "一是公开内容的深度和广度还不够，政策解读形式比较单一；二是工作人员变动较多，业务能力有待提高。",
            "下一步，将加强业务培训，规范公开流程，丰富解读形式，进一步提升政务公开质量。",
            *filler(max(0, paragraphs - 1)),
        ],
        "other_matters": [f"{spec.year}年度未收取信息处理费。无其他需要报告的事项。"],
    }


def random_spec(rng: random.Random, extra_paragraphs: int = 0) -> ReportSpec:
    """One random, consistent report: year 2020–2024 (2020 in the 2019 format, later years in
    the 2021 one), an invented agency, 0–40 applications."""
    year = rng.choice([2020, 2021, 2022, 2023, 2024])
    fmt = V2019 if year <= 2020 else V2021
    county = rng.choice(_COUNTIES)
    agency = county + (rng.choice(_TOWNS) if rng.random() < 0.7 else rng.choice(_DEPTS))
    applications = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 40])
    t2, t3, t4 = make_tables(fmt, rng, applications)
    spec = ReportSpec(fmt, year, agency, t2, t3, t4)
    spec.narrative = make_narrative(
        spec, rng, paragraphs=rng.randint(1, 4), extra_paragraphs=extra_paragraphs
    )
    return spec
