"""Small invented annual reports for the reports app's tests.

One function writes a whole report as the text a clerk gets by copying a Word document:
paragraphs, and the three tables as tab-separated rows in the official layout (a merged
cell's text in its first position, the positions it covers empty). The agencies are
invented (示例县青石镇 …); nothing is copied from real reports.
"""

from __future__ import annotations

import io
import zipfile

from gongkai.annualreport.formats import (
    FORMAT_2021,
    TABLE3_COLUMNS,
    TABLE3_GROUPS,
    TABLE3_NOTE,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
)

Table = dict[str, dict[str, object]]


def tables() -> tuple[Table, Table, Table]:
    """A consistent v2021 set: 6 new + 1 carried in = 6 processed + 1 carried forward."""
    t2 = {row: dict.fromkeys(cols, 0) for row, cols in FORMAT_2021.table2_rows.items()}
    t2["normative_documents"] = {"issued": 2, "repealed": 1, "in_force": 9}
    t2["penalty"]["decisions"] = 12
    t3 = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in FORMAT_2021.table3_rows}
    t3["new_received"].update(natural_person=5, commercial=1, total=6)
    t3["carried_in"].update(natural_person=1, total=1)
    t3["granted"].update(natural_person=3, total=3)
    t3["unable_not_held"].update(natural_person=2, commercial=1, total=3)
    t3["total_processed"].update(natural_person=5, commercial=1, total=6)
    t3["carried_forward"].update(natural_person=1, total=1)
    t4 = {block: dict.fromkeys(TABLE4_COLUMNS, 0) for block in TABLE4_BLOCKS}
    t4["review"].update(upheld=1, total=1)
    return t2, t3, t4


def _v(value: object) -> str:
    return "" if value is None else str(value)


def _table2(t2: Table) -> list[str]:
    lines = []
    for block in FORMAT_2021.table2:
        cols = list(block.columns)
        lines.append("\t".join([block.title, "", "", ""]))
        head = ["信息内容", *block.columns.values()]
        lines.append("\t".join(head + [""] * (4 - len(head))))
        for row, label in block.rows.items():
            cells = [label, *(_v(t2[row][c]) for c in cols)]
            lines.append("\t".join(cells + [""] * (4 - len(cells))))
    return lines


def _table3(t3: Table) -> list[str]:
    legal = list(TABLE3_COLUMNS.values())[1:6]
    lines = [
        "\t".join([TABLE3_NOTE, "", "", "申请人情况", *[""] * 6]),
        "\t".join(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
        "\t".join(["", "", "", "", *legal, ""]),
    ]
    keys = list(FORMAT_2021.table3_rows)
    results = keys[keys.index("granted") : keys.index("total_processed") + 1]
    seen: set[str] = set()
    for row in keys:
        label = FORMAT_2021.table3_rows[row]
        group = next(
            (g for g in ("denied", "unable", "notproc", "other") if row.startswith(g + "_")), None
        )
        if row not in results:
            first = [label, "", ""]
        else:
            head = TABLE3_GROUPS["results"] if row == results[0] else ""
            if group is None:
                first = [head, label, ""]
            else:
                group_label = TABLE3_GROUPS[group] if group not in seen else ""
                seen.add(group)
                first = [head, group_label, label]
        lines.append("\t".join(first + [_v(t3[row][c]) for c in TABLE3_COLUMNS]))
    return lines


def _table4(t4: Table) -> list[str]:
    cols = list(TABLE4_COLUMNS.values())
    return [
        "\t".join(["行政复议", "", "", "", "", "行政诉讼", *[""] * 9]),
        "\t".join([*cols, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]),
        "\t".join(["", "", "", "", "", *cols, *cols]),
        "\t".join(_v(t4[b][c]) for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS),
    ]


def report_text(
    agency: str = "示例县青石镇",
    year: int = 2023,
    *,
    t2: Table | None = None,
    t3: Table | None = None,
    t4: Table | None = None,
    extra: str = "",
) -> bytes:
    """A whole report, UTF-8. ``extra`` makes otherwise equal reports differ in content."""
    d2, d3, d4 = tables()
    t2, t3, t4 = t2 or d2, t3 or d3, t4 or d4
    lines = [
        f"{agency}{year}年政府信息公开工作年度报告",
        "",
        f"本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求编制，"
        f"所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "",
        "一、总体情况",
        "本机关坚持以公开为常态、不公开为例外，认真做好政府信息公开工作。" + extra,
        "",
        "二、主动公开政府信息情况",
        *_table2(t2),
        "",
        "三、收到和处理政府信息公开申请情况",
        *_table3(t3),
        "",
        "四、政府信息公开行政复议、行政诉讼情况",
        *_table4(t4),
        "",
        "五、存在的主要问题及改进情况",
        "公开内容的深度还需拓展，下一步将加强业务培训。",
        "",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        "",
        f"{agency}人民政府",
        f"{year + 1}年1月20日",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def report_with_errors(agency: str = "示例县青石镇", year: int = 2023) -> bytes:
    """予以公开 total 4 where the applicants add up to 3 (T3-3, and T3-2 in 总计), and a
    blank cell in 不予公开 1.属于国家秘密 / 商业企业 (T3-4)."""
    t2, t3, t4 = tables()
    t3["granted"]["total"] = 4
    t3["denied_state_secret"]["commercial"] = None
    return report_text(agency, year, t2=t2, t3=t3, t4=t4)


def zip_of(entries: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
