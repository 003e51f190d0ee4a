"""CSV export of the filtered log: opens in Excel with its Chinese intact, and is itself
on the record."""

import csv
import io

import pytest
from django.urls import reverse

from gongkai.accounts.testing import sign_in
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import audit_record

pytestmark = pytest.mark.django_db

EXPORT = reverse("audit:export")


def download(client, **filters):
    response = client.get(EXPORT, filters)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return response, body


def rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def log(world):
    return {
        "a": audit_record(kind="item.published", actor=world.drafter, agency=world.town_a,
                          obj=world.town_a, note="公开了《2025年度报告》"),
        "b": audit_record(kind="item.drafted", actor=world.sysadmin, agency=world.town_b),
        "other": audit_record(kind="item.published", agency=world.other_town),
        "login": audit_record(kind="auth.login", actor=world.drafter),
    }  # fmt: skip


def test_the_file_starts_with_a_byte_order_mark_so_excel_reads_utf8(client, world, log):
    sign_in(client, world.auditor)
    response, body = download(client)
    assert body.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')


def test_the_header_is_chinese_and_the_rows_are_the_entries_newest_first(client, world, log):
    sign_in(client, world.auditor)
    _, body = download(client)
    table = rows(body)
    assert table[0][:5] == ["时间", "操作人", "机构", "类别代码", "类别"]
    assert [r[3] for r in table[1:]] == [
        "auth.login", "item.published", "item.drafted", "item.published",
    ]  # fmt: skip
    published = table[4]
    assert (published[1], published[2], published[11]) == (
        "drafter", "青石镇人民政府", "公开了《2025年度报告》",
    )  # fmt: skip


def test_only_the_filtered_entries_are_exported(client, world, log):
    sign_in(client, world.auditor)
    _, body = download(client, kind="item.published", agency=world.town_a.pk)
    assert [r[3] for r in rows(body)[1:]] == ["item.published"]


def test_a_supervisor_exports_only_their_county(client, world, log):
    sign_in(client, world.supervisor)
    _, body = download(client)
    assert {r[2] for r in rows(body)[1:]} == {"青石镇人民政府", "石桥镇人民政府"}


def test_the_export_is_recorded_with_its_filters_and_row_count(client, world, log):
    sign_in(client, world.auditor)
    client.get(EXPORT, {"kind": "item"}, REMOTE_ADDR="10.0.0.2")
    entry = AuditEntry.objects.get(kind="audit.exported")
    assert (entry.actor, entry.ip) == (world.auditor, "10.0.0.2")
    assert entry.after == {"filters": {"kind": "item"}, "rows": 3}


def test_the_record_of_the_export_is_not_in_the_file_it_describes(client, world, log):
    sign_in(client, world.auditor)
    _, body = download(client)
    assert "audit.exported" not in body.decode("utf-8-sig")
    _, second = download(client)
    assert [r[3] for r in rows(second)[1:]].count("audit.exported") == 1


def test_cells_that_look_like_formulas_are_defused(client, world):
    audit_record(kind="item.published", note='=HYPERLINK("http://x","点我")')
    audit_record(kind="item.published", note="-2+3")
    sign_in(client, world.auditor)
    _, body = download(client)
    notes = [r[11] for r in rows(body)[1:]]
    assert notes == ["'-2+3", '\'=HYPERLINK("http://x","点我")']


def test_before_and_after_are_written_as_readable_json(client, world):
    audit_record(kind="person.unlocked", before={"锁定": True}, after={"锁定": False})
    sign_in(client, world.auditor)
    _, body = download(client)
    row = rows(body)[1]
    assert (row[8], row[9]) == ('{"锁定": true}', '{"锁定": false}')
