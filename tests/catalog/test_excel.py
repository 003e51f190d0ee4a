"""Excel export and import: round trip, errors naming sheet/row/column, files by content."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.catalog import excel, services
from gongkai.catalog.models import CatalogEntry

pytestmark = pytest.mark.django_db


def _cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _snapshot(agency) -> list[tuple]:
    return [
        (
            e.code,
            e.parent.code if e.parent else "",
            e.position,
            e.name,
            e.content,
            e.basis,
            e.time_limit,
            e.body,
            e.channels,
            e.channels_other,
            e.audience,
            e.mode,
            e.tier,
            e.deadline_working_days,
            e.is_active,
        )  # fmt: skip
        for e in CatalogEntry.objects.filter(agency=agency)
        .select_related("parent")
        .order_by("code")
    ]


def test_export_layout_and_round_trip(world):
    services.catalog_install_starter(actor=world.drafter, agency=world.town_a)
    extra = CatalogEntry.objects.get(agency=world.town_a, code="t01-01")
    extra.deadline_working_days = 5
    extra.channels = ["website", "other"]
    extra.channels_other = "乡镇大喇叭"
    extra.save()
    data = excel.export_catalog(world.town_a)
    cells = _cells(data)
    assert cells[0][:4] == ["一级事项", "二级事项", "公开内容（要素）", "公开依据"]
    assert "公开渠道和载体" in cells[0] and "公开方式" in cells[0]
    assert any(row[0] == "规范性文件" and row[1] == "本级规范性文件" for row in cells)

    # Into an empty agency: the same catalogue, the same sheet.
    services.entry_create  # noqa: B018
    counts = excel.import_catalog(actor=world.supervisor, agency=world.town_b, data=data)
    assert counts["created"] == CatalogEntry.objects.filter(agency=world.town_a).count()
    again = excel.export_catalog(world.town_b)
    assert _cells(again) == cells
    # Into the same agency: nothing changes.
    before = _snapshot(world.town_a)
    counts = excel.import_catalog(actor=world.drafter, agency=world.town_a, data=data)
    assert counts["created"] == 0 and counts["deactivated"] == 0
    assert _snapshot(world.town_a) == before
    assert AuditEntry.objects.filter(kind="catalog.imported").count() == 2


def _sheet(rows: list[list], title: str = "公开事项目录") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
                  "公开渠道和载体", "公开对象", "公开方式", "公开层级"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_office_sheet_with_merged_first_level_is_read(world):
    book = load_workbook(io.BytesIO(_sheet([
        ["机构信息", "机构职能", "职能", "条例", "20个工作日", "青石镇", "政府网站、公开查阅点", "全社会", "主动", "乡级"],
        [None, "联系方式", "电话", "条例", "20个工作日", "青石镇", "政府网站", "全社会", "主动", ""],
    ])))  # fmt: skip
    book.active.merge_cells("A2:A3")
    out = io.BytesIO()
    book.save(out)
    counts = excel.import_catalog(actor=world.drafter, agency=world.town_a, data=out.getvalue())
    assert counts["created"] == 3
    top = CatalogEntry.objects.get(agency=world.town_a, parent=None)
    assert [c.name for c in top.children.order_by("position")] == ["机构职能", "联系方式"]
    assert top.children.get(name="机构职能").channels == ["website", "reading_point"]


def test_errors_name_sheet_row_and_column_and_nothing_is_saved(world):
    services.catalog_install_starter(actor=world.drafter, agency=world.town_a)
    before = _snapshot(world.town_a)
    data = _sheet([
        ["机构信息", "机构职能", "", "", "", "", "政府网站", "全社会", "主动", ""],
        ["机构信息", "联系方式", "", "", "", "", "飞鸽传书", "全社会", "主动", ""],
        ["", "", "内容", "", "", "", "政府网站", "全社会", "主动", ""],
        ["机构信息", "领导", "", "", "", "", "政府网站", "全社会", "随时", ""],
    ])  # fmt: skip
    with pytest.raises(excel.ImportRefused) as refused:
        excel.import_catalog(actor=world.drafter, agency=world.town_a, data=data)
    problems = refused.value.problems
    assert any(
        "工作表“公开事项目录”第 3 行「公开渠道和载体」列" in p and "飞鸽传书" in p for p in problems
    )
    assert any("第 4 行「一级事项」列" in p and "缺少事项名称" in p for p in problems)
    assert any("第 5 行「公开方式」列" in p and "随时" in p for p in problems)
    assert _snapshot(world.town_a) == before
    assert not AuditEntry.objects.filter(kind="catalog.imported").exists()


def test_a_disguised_file_is_refused(world, tmp_path):
    for data in (b"just text, renamed .xlsx\n", b"PK\x03\x04 broken"):
        with pytest.raises(excel.ImportRefused):
            excel.import_catalog(actor=world.drafter, agency=world.town_a, data=data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "a zip, not a workbook")
    with pytest.raises(excel.ImportRefused):
        excel.import_catalog(actor=world.drafter, agency=world.town_a, data=buffer.getvalue())
    with pytest.raises(excel.ImportRefused):
        excel.import_catalog(
            actor=world.drafter,
            agency=world.town_a,
            data=b"PK\x03\x04" + b"0" * (excel.MAX_BYTES + 1),
        )
    assert not CatalogEntry.objects.exists()


def test_import_needs_edit_rights(world):
    from gongkai.accounts.errors import NotAllowed

    with pytest.raises(NotAllowed):
        excel.import_catalog(actor=world.drafter, agency=world.town_b, data=_sheet([]))
