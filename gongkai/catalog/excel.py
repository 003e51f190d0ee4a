"""The catalogue as the spreadsheet offices pass around, and back.

Layout (one sheet, header in row 1, columns in 54号 order): 一级事项, 二级事项, [三级事项],
公开内容（要素）, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式, 公开层级, then
our own 发布时限（工作日）, 编码, 状态. One row per deepest entry with its parents' names
repeated; a parent gets a row of its own (lower name cells empty) only when it carries
details of its own or has no children — so an office's usual sheet is read as it is.

Import is header-driven (columns found by their titles, so a sheet without the optional
columns still reads), all-or-nothing, and matches rows to entries by 编码, else by name
path; entries the sheet no longer lists are set 停用 (items may be filed under them).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from gongkai.accounts.errors import InvalidChange
from gongkai.agencies.models import Agency
from gongkai.audit.services import audit_record
from gongkai.spreadsheets import keep_as_text

from . import kinds
from .models import MAX_DEPTH, Audience, CatalogEntry, Channel, Mode, Tier
from .permissions import require_edit_catalog
from .selectors import Node, catalog_rows
from .services import clean_entry_data

SHEET = "公开事项目录"
MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 50 * 1024 * 1024  # a zip bomb inflates far past this
MAX_ROWS = 3000
LEVEL_HEADERS = ("一级事项", "二级事项", "三级事项")
DETAIL_HEADERS = {
    "content": "公开内容（要素）",
    "basis": "公开依据",
    "time_limit": "公开时限",
    "body": "公开主体",
    "channels": "公开渠道和载体",
    "audience": "公开对象",
    "mode": "公开方式",
    "tier": "公开层级",
    "deadline_working_days": "发布时限（工作日）",
    "code": "编码",
    "is_active": "状态",
}
ACTIVE, INACTIVE = "启用", "停用"
_CHANNEL_SPLIT = re.compile(r"[、，,；;\n]+")
_OTHER = re.compile(r"^其他[（(](.*)[)）]$")


class ImportRefused(InvalidChange):
    """The sheet has problems; `problems` lists every one (sheet, row, column, what)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems[:3]))
        self.problems = problems


# ---------------------------------------------------------------------------------------
# Export


def _has_details(node: Node) -> bool:
    e = node.entry
    return bool(
        e.content or e.basis or e.time_limit or e.body or e.channels or e.channels_other
        or e.tier or e.deadline_working_days or not e.is_active
        or e.audience != Audience.PUBLIC or e.mode != Mode.PROACTIVE
    )  # fmt: skip


def _channels_cell(entry: CatalogEntry) -> str:
    return "、".join(entry.channel_labels)


def export_catalog(agency: Agency) -> bytes:
    rows = catalog_rows(agency)
    levels = max((n.depth for n in rows), default=2)
    levels = max(levels, 2)
    headers = list(LEVEL_HEADERS[:levels]) + list(DETAIL_HEADERS.values())
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    names: list[str] = []
    for node in rows:
        e = node.entry
        names = names[: node.depth - 1] + [e.name]
        if node.children and not _has_details(node):
            continue  # its name appears on its children's rows
        level_cells = names + [""] * (levels - len(names))
        detail = [
            e.content,
            e.basis,
            e.time_limit,
            e.body,
            _channels_cell(e),
            Audience(e.audience).label,
            Mode(e.mode).label,
            Tier(e.tier).label if e.tier else "",
            e.deadline_working_days if e.deadline_working_days is not None else "",
            e.code,
            ACTIVE if e.is_active else INACTIVE,
        ]
        sheet.append([str(v) if not isinstance(v, int) else v for v in level_cells + detail])
        keep_as_text(sheet[sheet.max_row])  # names are typed by people; the import reads them back
    widths = [16] * levels + [30, 36, 20, 16, 24, 10, 10, 10, 10, 12, 8]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Import


def _check_file(data: bytes) -> None:
    """A real .xlsx: a zip with a workbook inside, of bounded size — by content, not name."""
    if len(data) > MAX_BYTES:
        raise ImportRefused([_("文件超过 5 MB，请确认是公开事项目录表格。")])
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRefused([_("文件不是 Excel 工作簿（.xlsx），请另存为 .xlsx 后再导入。")])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRefused([_("文件已损坏，无法读取。")]) from None
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise ImportRefused([_("文件不是 Excel 工作簿（.xlsx），请另存为 .xlsx 后再导入。")])
    if total > MAX_UNZIPPED:
        raise ImportRefused([_("文件内容过大，无法导入。")])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class _Row:
    number: int  # the sheet's row number, for messages
    path: list[str]
    data: dict[str, Any]
    code: str


def _parse_channels(text: str, where: str, problems: list[str]) -> tuple[list[str], str]:
    by_label = {str(label): key for key, label in Channel.choices}
    keys, other = [], ""
    for part in (p.strip() for p in _CHANNEL_SPLIT.split(text)):
        if not part:
            continue
        match = _OTHER.match(part)
        if match:
            keys.append(Channel.OTHER)
            other = match.group(1).strip()
        elif part in by_label:
            keys.append(by_label[part])
        else:
            problems.append(
                _("%(where)s：未知的公开渠道“%(c)s”（可选：%(all)s）")
                % {"where": where, "c": part, "all": "、".join(by_label)}
            )
    return keys, other


def _choice(text: str, choices, where: str, problems: list[str], *, blank: str | None = None):
    if not text and blank is not None:
        return blank
    by_label = {str(label): key for key, label in choices.choices}
    if text in by_label:
        return by_label[text]
    problems.append(
        _("%(where)s：“%(v)s”不是有效的值（应为：%(all)s）")
        % {"where": where, "v": text or _("空白"), "all": "、".join(by_label)}
    )
    return None


def read_sheet(data: bytes) -> list[_Row]:
    """Every row of the sheet, checked; `ImportRefused` lists every problem found."""
    _check_file(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a malformed package
        raise ImportRefused([_("文件已损坏，无法读取。")]) from None
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    title = sheet.title
    problems: list[str] = []
    rows_iter = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows_iter, ())]
    columns = {name: i for i, name in enumerate(header) if name}
    levels = [h for h in LEVEL_HEADERS if h in columns]
    if "一级事项" not in columns:
        book.close()
        raise ImportRefused(
            [_("工作表“%(s)s”第 1 行：找不到“一级事项”列，请使用导出的表格格式。") % {"s": title}]
        )
    if "二级事项" in levels and "一级事项" not in levels:
        levels.insert(0, "一级事项")
    rows: list[_Row] = []
    carried: list[str] = []
    for number, values in enumerate(rows_iter, start=2):
        if number - 1 > MAX_ROWS:
            problems.append(
                _("工作表“%(s)s”超过 %(n)d 行，请分批导入。") % {"s": title, "n": MAX_ROWS}
            )
            break

        def cell(name: str, values=values) -> str:
            index = columns.get(name)
            return _text(values[index]) if index is not None and index < len(values) else ""

        if not any(_text(v) for v in values):
            continue  # blank lines between groups

        def where(column: str, number=number) -> str:
            return _("工作表“%(s)s”第 %(r)d 行「%(c)s」列") % {"s": title, "r": number, "c": column}

        names = [cell(h) for h in levels]
        # Merged cells read as empty below their first row: a blank level takes the name
        # of the row above when a deeper level is filled.
        deepest = max((i for i, n in enumerate(names) if n), default=-1)
        if deepest < 0:
            problems.append(_("%(w)s：缺少事项名称") % {"w": where(levels[0])})
            continue
        for i in range(deepest):
            if not names[i]:
                if i < len(carried) and carried[i]:
                    names[i] = carried[i]
                else:
                    problems.append(_("%(w)s：缺少事项名称") % {"w": where(levels[i])})
        path = names[: deepest + 1]
        carried = path
        channels, other = _parse_channels(cell("公开渠道和载体"), where("公开渠道和载体"), problems)
        audience = _choice(
            cell("公开对象"), Audience, where("公开对象"), problems, blank=Audience.PUBLIC
        )
        mode = _choice(cell("公开方式"), Mode, where("公开方式"), problems)
        tier = _choice(cell("公开层级"), Tier, where("公开层级"), problems, blank="")
        status = cell("状态")
        if status not in ("", ACTIVE, INACTIVE):
            problems.append(_("%(w)s：应填写“启用”或“停用”") % {"w": where("状态")})
        raw = {
            "name": path[-1],
            "content": cell("公开内容（要素）"),
            "basis": cell("公开依据"),
            "time_limit": cell("公开时限"),
            "body": cell("公开主体"),
            "channels": channels,
            "channels_other": other,
            "audience": audience,
            "mode": mode,
            "tier": tier,
            "deadline_working_days": cell("发布时限（工作日）"),
            "is_active": status != INACTIVE,
        }
        try:
            cleaned = clean_entry_data(raw)
        except InvalidChange as refusal:
            if audience is not None and mode is not None and tier is not None:
                problems.append(
                    _("工作表“%(s)s”第 %(r)d 行：%(m)s")
                    % {"s": title, "r": number, "m": refusal.message}
                )
            continue
        code = cell("编码")
        if code and not re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,39}", code):
            problems.append(_("%(w)s：编码只能由英文字母、数字、连字符组成") % {"w": where("编码")})
        rows.append(_Row(number=number, path=path, data=cleaned, code=code.lower()))
    book.close()
    seen: dict[str, int] = {}
    for row in rows:
        if row.code and row.code in seen:
            problems.append(
                _("工作表“%(s)s”第 %(r)d 行「编码」列：编码“%(c)s”与第 %(o)d 行重复")
                % {"s": title, "r": row.number, "c": row.code, "o": seen[row.code]}
            )
        seen.setdefault(row.code, row.number) if row.code else None
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused([_("工作表“%(s)s”没有任何事项。") % {"s": title}])
    return rows


def import_catalog(
    *, actor, agency: Agency, data: bytes, request: HttpRequest | None = None
) -> dict[str, int]:
    """Bring the agency's catalogue to what the sheet says; nothing is saved on any error."""
    require_edit_catalog(actor, agency)
    rows = read_sheet(data)
    counts = {"created": 0, "updated": 0, "deactivated": 0}
    with transaction.atomic():
        existing = list(CatalogEntry.objects.filter(agency=agency).select_related("parent"))
        by_code = {e.code: e for e in existing}
        by_id = {e.pk: e for e in existing}

        def name_path(entry: CatalogEntry) -> tuple[str, ...]:
            names = []
            while entry is not None:
                names.append(entry.name)
                entry = by_id.get(entry.parent_id) if entry.parent_id else None
            return tuple(reversed(names))

        by_path = {name_path(e): e for e in existing}
        taken = set(by_code)
        touched: set[int] = set()
        positions: dict[int | None, int] = {}

        def place(entry: CatalogEntry, parent: CatalogEntry | None) -> None:
            key = parent.pk if parent else None
            positions[key] = positions.get(key, 0) + 1
            entry.parent = parent
            entry.position = positions[key]

        def fresh_code(parent: CatalogEntry | None) -> str:
            n = 1
            while True:
                code = f"{parent.code}-{n:02d}" if parent else f"e{n:02d}"
                if code not in taken:
                    taken.add(code)
                    return code
                n += 1

        def ensure(path: tuple[str, ...], parent: CatalogEntry | None) -> CatalogEntry:
            """A parent named on a row without a row of its own."""
            entry = by_path.get(path)
            if entry is None:
                entry = CatalogEntry(agency=agency, name=path[-1], code=fresh_code(parent))
                entry.body = ""
                entry.channels = []
                place(entry, parent)
                entry.save()
                counts["created"] += 1
                by_path[path] = entry
            elif entry.pk not in touched:
                place(entry, parent)
                entry.is_active = True
                entry.save()
                counts["updated"] += 1
            touched.add(entry.pk)
            return entry

        for row in rows:
            if len(row.path) > MAX_DEPTH:
                continue  # the header cannot carry more levels than MAX_DEPTH
            parent = None
            for depth in range(1, len(row.path)):
                parent = ensure(tuple(row.path[:depth]), parent)
            path = tuple(row.path)
            entry = by_code.get(row.code) if row.code else None
            entry = entry or by_path.get(path)
            if entry is not None and entry.pk in touched:
                raise ImportRefused(
                    [
                        _("第 %(r)d 行：事项“%(n)s”在表格中出现了两次")
                        % {"r": row.number, "n": row.path[-1]}
                    ]
                )
            if entry is None:
                code = row.code if row.code and row.code not in taken else fresh_code(parent)
                taken.add(code)
                entry = CatalogEntry(agency=agency, code=code)
                counts["created"] += 1
            else:
                counts["updated"] += 1
            for name, value in row.data.items():
                setattr(entry, name, value)
            place(entry, parent)
            entry.save()
            touched.add(entry.pk)
            by_path[path] = entry
        for entry in existing:
            if entry.pk not in touched and entry.is_active:
                CatalogEntry.objects.filter(pk=entry.pk).update(is_active=False)
                counts["deactivated"] += 1
        audit_record(
            kind=kinds.IMPORTED,
            actor=actor,
            agency=agency,
            after={**counts, "rows": len(rows)},
            request=request,
        )
    return counts
