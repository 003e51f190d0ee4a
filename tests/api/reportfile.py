"""An invented annual report as the plain text a clerk gets by copying a Word file: the
six headings, and the three tables as tab-separated rows in the national layout (a merged
cell's text in its first position). Used to upload through the API and read the figures
back; the numbers are ours and add up (6 new + 1 carried in = 6 done + 1 carried on)."""

from __future__ import annotations

from gongkai.annualreport.formats import (
    FORMAT_2021,
    SECTIONS,
    TABLE3_COLUMNS,
    TABLE3_GROUPS,
    TABLE3_NOTE,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
)

Table = dict[str, dict[str, int]]


def figures() -> tuple[Table, Table, Table]:
    t2 = {row: dict.fromkeys(cols, 0) for row, cols in FORMAT_2021.table2_rows.items()}
    t2["normative_documents"].update(issued=3, repealed=1, in_force=11)
    t3 = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in FORMAT_2021.table3_rows}
    t3["new_received"].update(natural_person=4, commercial=2, total=6)
    t3["carried_in"].update(natural_person=1, total=1)
    t3["granted"].update(natural_person=3, commercial=1, total=4)
    t3["unable_not_held"].update(natural_person=1, commercial=1, total=2)
    t3["total_processed"].update(natural_person=4, commercial=2, total=6)
    t3["carried_forward"].update(natural_person=1, total=1)
    t4 = {block: dict.fromkeys(TABLE4_COLUMNS, 0) for block in TABLE4_BLOCKS}
    t4["review"].update(corrected=1, total=1)
    return t2, t3, t4


def _row(*cells: object, width: int) -> str:
    out = ["" if c is None else str(c) for c in cells]
    return "\t".join(out + [""] * (width - len(out)))


def _table2(t2: Table) -> list[str]:
    lines = []
    for block in FORMAT_2021.table2:
        lines.append(_row(block.title, width=4))
        lines.append(_row("信息内容", *block.columns.values(), width=4))
        for key, label in block.rows.items():
            lines.append(_row(label, *(t2[key][c] for c in block.columns), width=4))
    return lines


def _group(row: str) -> str | None:
    for group in ("denied", "unable", "notproc", "other"):
        if row.startswith(group + "_"):
            return group
    return None


def _table3(t3: Table) -> list[str]:
    width = 3 + len(TABLE3_COLUMNS)
    labels = list(TABLE3_COLUMNS.values())
    lines = [
        _row(TABLE3_NOTE, "", "", "申请人情况", width=width),
        _row("", "", "", labels[0], "法人或其他组织", "", "", "", "", labels[-1], width=width),
        _row("", "", "", "", *labels[1:-1], "", width=width),
    ]
    keys = list(FORMAT_2021.table3_rows)
    results = keys[keys.index("granted") : keys.index("total_processed") + 1]
    groups_seen: set[str] = set()
    for row in keys:
        label = FORMAT_2021.table3_rows[row]
        group = _group(row)
        if row not in results:
            first = [label, "", ""]
        else:
            head = TABLE3_GROUPS["results"] if row == results[0] else ""
            if group is None:
                first = [head, label, ""]
            else:
                group_label = "" if group in groups_seen else TABLE3_GROUPS[group]
                groups_seen.add(group)
                first = [head, group_label, label]
        lines.append(_row(*first, *(t3[row][c] for c in TABLE3_COLUMNS), width=width))
    return lines


def _table4(t4: Table) -> list[str]:
    cols = list(TABLE4_COLUMNS.values())
    n = len(cols)
    return [
        _row("行政复议", *[""] * (n - 1), "行政诉讼", width=3 * n),
        _row(*cols, "未经复议直接起诉", *[""] * (n - 1), "复议后起诉", width=3 * n),
        _row(*[""] * n, *cols, *cols, width=3 * n),
        _row(*(t4[b][c] for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS), width=3 * n),
    ]


def report_bytes(agency: str, year: int, *, note: str = "") -> bytes:
    """A whole report in UTF-8; ``note`` makes otherwise equal reports differ."""
    t2, t3, t4 = figures()
    heads = list(SECTIONS.values())
    lines = [
        f"{agency}{year}年政府信息公开工作年度报告",
        f"本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自{year}年1月1日起至{year}年12月31日止。",
        heads[0],
        "本机关认真落实政府信息公开各项要求，主动公开工作稳步推进。" + note,
        heads[1],
        *_table2(t2),
        heads[2],
        *_table3(t3),
        heads[3],
        *_table4(t4),
        heads[4],
        "政策解读的针对性还不够强，下一步将加强培训。",
        heads[5],
        "本年度未收取信息处理费。",
        agency,
        f"{year + 1}年1月20日",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
