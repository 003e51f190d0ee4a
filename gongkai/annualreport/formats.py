"""The two national formats of the annual report, as data.

v2021: 国办公开办函〔2021〕30号, report years >= 2021.
v2019: 国办公开办函〔2019〕60号 (试行), report years 2019 and 2020.

Keys are the project's stable English names (see docs/glossary.md); labels are the
official Chinese text, character for character. Everything else in the engine — the
extractor, the checks, the exports — reads the shape of a report from here, so a third
format would be one more entry, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

V2021 = "v2021"
V2019 = "v2019"

SECTIONS: dict[str, str] = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}


@dataclass(frozen=True)
class Table2Block:
    """One 第二十条第（N）项 block of table 二: a few rows sharing the same columns."""

    key: str
    title: str
    columns: dict[str, str]
    rows: dict[str, str]


@dataclass(frozen=True)
class Format:
    name: str
    document: str  # the circular that set the format, as cited in a report's preface
    table2: tuple[Table2Block, ...]
    table3_rows: dict[str, str]
    table3_groups: dict[str, str] = field(default_factory=dict)

    @property
    def table2_rows(self) -> dict[str, tuple[str, ...]]:
        """Row key -> its column keys, over all blocks."""
        return {row: tuple(b.columns) for b in self.table2 for row in b.rows}

    def table2_row_labels(self) -> dict[str, str]:
        return {row: label for b in self.table2 for row, label in b.rows.items()}


TABLE3_COLUMNS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
TABLE3_APPLICANT_COLUMNS = tuple(k for k in TABLE3_COLUMNS if k != "total")
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

_TABLE3_HEAD = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied_state_secret": "1.属于国家秘密",
    "denied_prohibited": "2.其他法律行政法规禁止公开",
    "denied_security_stability": "3.危及“三安全一稳定”",
    "denied_third_party": "4.保护第三方合法权益",
    "denied_internal_affairs": "5.属于三类内部事务信息",
    "denied_process_info": "6.属于四类过程性信息",
    "denied_enforcement_file": "7.属于行政执法案卷",
    "denied_admin_query": "8.属于行政查询事项",
    "unable_not_held": "1.本机关不掌握相关政府信息",
    "unable_needs_creation": "2.没有现成信息需要另行制作",
    "unable_still_unclear": "3.补正后申请内容仍不明确",
    "notproc_petition": "1.信访举报投诉类申请",
    "notproc_duplicate": "2.重复申请",
    "notproc_publication": "3.要求提供公开出版物",
    "notproc_excessive": "4.无正当理由大量反复申请",
    "notproc_confirmation": "5.要求行政机关确认或重新出具已获取信息",
}
_TABLE3_OTHER_V2021 = {
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_fee_unpaid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_misc": "3.其他",
}
_TABLE3_TAIL = {
    "total_processed": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
OTHER_SUBROWS = tuple(_TABLE3_OTHER_V2021)
TABLE3_GROUPS = {
    "results": "三、本年度办理结果",
    "denied": "（三）不予公开",
    "unable": "（四）无法提供",
    "notproc": "（五）不予处理",
    "other": "（六）其他处理",
}

TABLE4_BLOCKS: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼 / 未经复议直接起诉",
    "litigation_after_review": "行政诉讼 / 复议后起诉",
}
TABLE4_COLUMNS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other_result": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

FORMAT_2021 = Format(
    name=V2021,
    document="国办公开办函〔2021〕30号",
    table2=(
        Table2Block(
            "art20_1",
            "第二十条第（一）项",
            {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"},
            {"regulations": "规章", "normative_documents": "行政规范性文件"},
        ),
        Table2Block(
            "art20_5",
            "第二十条第（五）项",
            {"decisions": "本年处理决定数量"},
            {"licensing": "行政许可"},
        ),
        Table2Block(
            "art20_6",
            "第二十条第（六）项",
            {"decisions": "本年处理决定数量"},
            {"penalty": "行政处罚", "coercion": "行政强制"},
        ),
        Table2Block(
            "art20_8",
            "第二十条第（八）项",
            {"amount_wan_yuan": "本年收费金额（单位：万元）"},
            {"admin_fees": "行政事业性收费"},
        ),
    ),
    table3_rows={**_TABLE3_HEAD, **_TABLE3_OTHER_V2021, **_TABLE3_TAIL},
    table3_groups=TABLE3_GROUPS,
)

_ITEMS_COLUMNS = {
    "prev_year_items": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
}

FORMAT_2019 = Format(
    name=V2019,
    document="国办公开办函〔2019〕60号",
    table2=(
        Table2Block(
            "art20_1",
            "第二十条第（一）项",
            {
                "newly_made": "本年新制作数量",
                "newly_published": "本年新公开数量",
                "total_published": "对外公开总数量",
            },
            {"regulations": "规章", "normative_documents": "规范性文件"},
        ),
        Table2Block(
            "art20_5",
            "第二十条第（五）项",
            _ITEMS_COLUMNS,
            {"licensing": "行政许可", "other_services": "其他对外管理服务事项"},
        ),
        Table2Block(
            "art20_6",
            "第二十条第（六）项",
            _ITEMS_COLUMNS,
            {"penalty": "行政处罚", "coercion": "行政强制"},
        ),
        Table2Block(
            "art20_8",
            "第二十条第（八）项",
            {"prev_year_items": "上一年项目数量", "change": "本年增/减"},
            {"admin_fees": "行政事业性收费"},
        ),
        Table2Block(
            "art20_9",
            "第二十条第（九）项",
            {"procurement_items": "采购项目数量", "procurement_amount": "采购总金额"},
            {"central_procurement": "政府集中采购"},
        ),
    ),
    table3_rows={**_TABLE3_HEAD, "other": "（六）其他处理", **_TABLE3_TAIL},
    table3_groups={k: v for k, v in TABLE3_GROUPS.items() if k != "other"},
)

FORMATS: dict[str, Format] = {V2021: FORMAT_2021, V2019: FORMAT_2019}


def format_for_year(year: int | None) -> str | None:
    """The format a report for `year` must use (None when the year is unknown)."""
    if year is None:
        return None
    return V2019 if year <= 2020 else V2021


def table3_result_rows(fmt: Format) -> tuple[str, ...]:
    """Rows that add up to （七）总计: every 办理结果 row but the total itself."""
    keys = list(fmt.table3_rows)
    return tuple(keys[keys.index("granted") : keys.index("total_processed")])
