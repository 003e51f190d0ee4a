"""A :class:`Report` from the engine's JSON (``gongkai report check --json``, ``Report.to_dict``).

The JSON may have been edited by hand or produced by another program, so every value is
checked and a problem is named in Chinese with its place (``table3.granted.total``), never
a KeyError. Unknown rows and columns are refused rather than silently dropped: a figure that
would not be printed is a figure lost.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..formats import FORMATS, TABLE3_COLUMNS, TABLE4_BLOCKS, TABLE4_COLUMNS, V2019, V2021
from ..model import SECTION_KEYS, Report, Table


class BadReportJson(ValueError):
    """The JSON is not a report; the message says why, in Chinese."""


def looks_like_json(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head == b"{"


def parse_report_json(data: bytes, source: str) -> Report:
    """One report from JSON bytes: one object, or JSON lines holding exactly one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BadReportJson("JSON 文件不是 UTF-8 编码") from e
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and all(_parses(line) for line in lines):
            raise BadReportJson(
                f"文件中有 {len(lines)} 份报告的 JSON，一次只能生成一份；请拆成单独的文件"
            ) from e
        raise BadReportJson(f"JSON 格式错误（第 {e.lineno} 行第 {e.colno} 列）") from e
    return report_from_dict(obj, source)


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _table(obj: dict[str, Any], name: str, rows: dict[str, tuple[str, ...]]) -> Table | None:
    raw = obj.get(name)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise BadReportJson(f"{name} 应是一个对象（行 → 列 → 数字）")
    table: Table = {}
    for row, cols in raw.items():
        if row not in rows:
            raise BadReportJson(f"{name} 中没有「{row}」这一行（本格式的行：{'、'.join(rows)}）")
        if not isinstance(cols, dict):
            raise BadReportJson(f"{name}.{row} 应是一个对象（列 → 数字）")
        table[row] = {}
        for col, value in cols.items():
            if col not in rows[row]:
                raise BadReportJson(f"{name}.{row} 中没有「{col}」这一列")
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise BadReportJson(f"{name}.{row}.{col} 的值「{value}」不是数字（空白请写 null）")
            table[row][col] = value
    return table


def report_from_dict(obj: Any, source: str) -> Report:
    if not isinstance(obj, dict):
        raise BadReportJson("JSON 的最外层应是一个对象（一份报告）")
    if not any(k in obj for k in ("table2", "table3", "table4", "texts", "sections")):
        raise BadReportJson("JSON 中没有年度报告的内容（table2、table3、table4、texts 都没有）")
    fmt = obj.get("format")
    if fmt not in (None, V2019, V2021):
        raise BadReportJson(f"format 应是 {V2021} 或 {V2019}，不是「{fmt}」")
    year = obj.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise BadReportJson(f"year 应是整数年份，不是「{year}」")
    if fmt is None and year is not None:
        fmt = V2019 if year <= 2020 else V2021
    shape = FORMATS[fmt or V2021]
    t3_rows = {row: tuple(TABLE3_COLUMNS) for row in (*shape.table3_rows, "other")}
    if shape.name == V2019:  # a v2019 report may carry the v2021 sub-rows as blanks
        t3_rows.update({row: tuple(TABLE3_COLUMNS) for row in FORMATS[V2021].table3_rows})
    report = Report(
        source=source,
        format=fmt,
        year=year,
        agency=_text(obj, "agency"),
        title=_text(obj, "title"),
        publication_date=_date(obj.get("publication_date")),
        table2=_table(obj, "table2", shape.table2_rows),
        table3=_table(obj, "table3", t3_rows),
        table4=_table(obj, "table4", {b: tuple(TABLE4_COLUMNS) for b in TABLE4_BLOCKS}),
    )
    sections = obj.get("sections") or {}
    if not isinstance(sections, dict):
        raise BadReportJson("sections 应是一个对象（部分 → true/false）")
    report.sections = {k: bool(sections.get(k, False)) for k in SECTION_KEYS} if sections else {}
    texts = obj.get("texts") or {}
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        raise BadReportJson("texts 应是一个对象（部分 → 正文文字）")
    report.texts = {k: v for k, v in texts.items() if k in SECTION_KEYS}
    report.preface = _text(obj, "preface") or ""
    report.table3_single_other = bool(fmt == V2021 and report.table3 and "other" in report.table3)
    return report


def _text(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadReportJson(f"{key} 应是文字，不是「{value}」")
    return value


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as e:
        raise BadReportJson(f"publication_date 应是 YYYY-MM-DD 格式的日期，不是「{value}」") from e
