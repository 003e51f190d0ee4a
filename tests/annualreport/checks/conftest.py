"""Hand-made reports for the check tests.

``reports.consistent()`` is a 2023 township report in the v2021 format that breaks no rule:
every test starts from it and breaks exactly one thing. The factory is a session fixture
(it holds no state), so hypothesis tests can use it too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.annualreport.formats import (
    FORMAT_2019,
    FORMAT_2021,
    SECTIONS,
    TABLE3_APPLICANT_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    table3_result_rows,
)
from gongkai.annualreport.model import SECTION_KEYS, Report
from gongkai.annualreport.narrative import read_figures

PREFACE = (
    "根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国"
    "政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，现发布本报告。"
    "本报告统计数据从 2023 年 1 月 1 日至 12 月 31 日。"
)
TEXTS = {
    "overview": "2023 年，我镇严格贯彻落实《中华人民共和国政府信息公开条例》，不断深化政务公开工作。",
    "proactive": "2023 年，我镇通过政府网站主动公开政府信息 36 条。",
    "applications": "2023 年，我镇未收到政府信息公开申请。",
    "review_litigation": "2023 年，没有因政府信息公开申请行政复议、提起行政诉讼的情况发生。",
    "problems": "一是公开内容不够具体；二是工作人员变动频繁。2024 年我镇将加强培训。",
    "other_matters": "2023 年未收取信息处理费。",
}


class Reports:
    """Builders of tables and reports."""

    def table2(self, fmt: str = "v2021", value: int = 0) -> dict[str, dict[str, Any]]:
        f = FORMAT_2021 if fmt == "v2021" else FORMAT_2019
        return {row: {col: value for col in cols} for row, cols in f.table2_rows.items()}

    def table3(
        self,
        fmt: str = "v2021",
        results: dict[str, list[int]] | None = None,
        carried_in: list[int] | None = None,
        carried_forward: list[int] | None = None,
    ) -> dict[str, dict[str, Any]]:
        """A consistent table 三: ``results`` gives the six applicant values of result rows
        (others are 0); totals, （七）总计 and 本年新收 are computed so every rule holds."""
        f = FORMAT_2021 if fmt == "v2021" else FORMAT_2019
        zero = [0] * 6
        rows: dict[str, list[int]] = {row: list(zero) for row in f.table3_rows}
        for row, values in (results or {}).items():
            rows[row] = list(values)
        result_rows = table3_result_rows(f)
        rows["total_processed"] = [sum(rows[r][i] for r in result_rows) for i in range(6)]
        rows["carried_in"] = list(carried_in or zero)
        rows["carried_forward"] = list(carried_forward or zero)
        rows["new_received"] = [
            rows["total_processed"][i] + rows["carried_forward"][i] - rows["carried_in"][i]
            for i in range(6)
        ]
        assert all(v >= 0 for v in rows["new_received"]), (
            "carried_in too large for a consistent table"
        )
        return {
            row: {**dict(zip(TABLE3_APPLICANT_COLUMNS, values, strict=True)), "total": sum(values)}
            for row, values in rows.items()
        }

    def table4(self, blocks: dict[str, list[int]] | None = None) -> dict[str, dict[str, Any]]:
        """A consistent table 四: four result values per block, 总计 computed."""
        out = {}
        for block in TABLE4_BLOCKS:
            values = (blocks or {}).get(block, [0, 0, 0, 0])
            out[block] = {
                **dict(zip(list(TABLE4_COLUMNS)[:4], values, strict=True)),
                "total": sum(values),
            }
        return out

    def consistent(self, **overrides: Any) -> Report:
        texts = dict(TEXTS)
        report = Report(
            source="test.txt",
            format="v2021",
            year=2023,
            agency="盐池县高沙窝镇",
            title="盐池县高沙窝镇2023年政府信息公开工作年度报告",
            publication_date=dt.date(2024, 1, 20),
            sections={k: True for k in SECTION_KEYS},
            section_titles=dict(SECTIONS),
            section_order=list(SECTION_KEYS),
            preface=PREFACE,
            texts=texts,
            table2=self.table2(),
            table3=self.table3(),
            table4=self.table4(),
            formats_seen={"table2": "v2021", "table3": "v2021"},
            full_text="\n".join(
                ["盐池县高沙窝镇2023年政府信息公开工作年度报告", PREFACE, *texts.values()]
            ),
        )
        for key, value in overrides.items():
            setattr(report, key, value)
        if "narrative" not in overrides:  # as the pipeline does before the checks
            report.narrative = read_figures(report.full_text)
        return report

    def v2019(self, **overrides: Any) -> Report:
        """A consistent 2020 report in the 2019 format."""
        texts = {k: v.replace("2023", "2020").replace("2024", "2021") for k, v in TEXTS.items()}
        preface = PREFACE.replace("〔2021〕30号", "〔2019〕60号").replace("2023", "2020")
        report = self.consistent(
            format="v2019",
            year=2020,
            title="盐池县高沙窝镇2020年政府信息公开工作年度报告",
            publication_date=dt.date(2021, 1, 20),
            preface=preface,
            texts=texts,
            table2=self.table2("v2019"),
            table3=self.table3("v2019"),
            formats_seen={"table2": "v2019", "table3": "v2019"},
            full_text="\n".join(
                ["盐池县高沙窝镇2020年政府信息公开工作年度报告", preface, *texts.values()]
            ),
        )
        for key, value in overrides.items():
            setattr(report, key, value)
        if "narrative" not in overrides:
            report.narrative = read_figures(report.full_text)
        return report


@pytest.fixture(scope="session")
def reports() -> Reports:
    return Reports()
