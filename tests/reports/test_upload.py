"""Uploading reports: files and zips are judged by content, bounded in size, and one bad
file never costs the others."""

from __future__ import annotations

import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.annualreport.readers import MAX_BYTES
from gongkai.audit.models import AuditEntry
from gongkai.reports import services
from gongkai.reports.models import CheckStatus, ReportCheck, ReportFile, UploadOutcome

from .conftest import upload
from .samples import PNG, report_text, report_with_errors, zip_of

pytestmark = pytest.mark.django_db


def _upload(django_capture_on_commit_callbacks, actor, *files, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.upload_create(actor=actor, files=list(files), **kwargs)


def _items(batch):
    return list(batch.items.order_by("position"))


def test_a_text_report_is_stored_checked_and_assigned_to_the_township_it_names(
    county, people, django_capture_on_commit_callbacks
):
    batch = _upload(
        django_capture_on_commit_callbacks,
        people.supervisor,
        upload("青石镇2023年报.txt", report_with_errors()),
    )
    (item,) = _items(batch)
    assert item.outcome == UploadOutcome.ACCEPTED
    check = item.report_check
    check.refresh_from_db()
    assert check.status == CheckStatus.DONE
    assert check.agency == county.a and check.agency_guessed
    assert check.year == 2023 and check.year_guessed
    assert check.detected_agency == "示例县青石镇"
    assert check.format == "v2021"
    assert (check.error_count, check.warning_count) == (3, 0)
    assert check.unexplained_errors == 3
    assert {f["rule"] for f in check.findings} == {"T3-2", "T3-3", "T3-4"}
    assert check.engine_version
    assert check.file.kind == "text" and check.file.size == len(report_with_errors())
    assert check.file.file.read() == report_with_errors()
    kinds = set(AuditEntry.objects.values_list("kind", flat=True))
    assert {"reports.upload", "reports.check_queued", "reports.check_done"} <= kinds


def test_a_township_clerk_uploads_for_their_own_township_without_guessing(
    county, people, django_capture_on_commit_callbacks
):
    batch = _upload(
        django_capture_on_commit_callbacks,
        people.clerk_a,
        upload("report.txt", report_text(agency="某个写错的单位名称")),
    )
    check = _items(batch)[0].report_check
    check.refresh_from_db()
    assert check.agency == county.a and not check.agency_guessed
    assert check.scope == county.a


def test_an_unknown_agency_name_leaves_the_check_unassigned_for_a_person_to_decide(
    county, people, django_capture_on_commit_callbacks
):
    batch = _upload(
        django_capture_on_commit_callbacks,
        people.supervisor,
        upload("x.txt", report_text(agency="另一个县某某乡")),
    )
    check = _items(batch)[0].report_check
    check.refresh_from_db()
    assert check.status == CheckStatus.DONE
    assert check.agency is None and check.scope == county.gov
    services.check_assign(actor=people.supervisor, check=check, agency=county.b, year=2023)
    check.refresh_from_db()
    assert check.agency == county.b and not check.agency_guessed
    assert AuditEntry.objects.filter(kind="reports.check_assigned").exists()


def test_a_zip_of_three_with_one_corrupt_file_checks_the_other_two(
    county, people, django_capture_on_commit_callbacks
):
    good = zip_of(
        {
            "年报/青石镇.txt": report_text("示例县青石镇"),
            "年报/石桥镇.txt": report_text("示例县石桥镇"),
            "年报/坏文件.txt": report_text("示例县青石镇", extra="这一份会被损坏。" * 20),
        }
    )
    # Flip bytes inside the third entry's compressed data: its CRC no longer matches.
    with zipfile.ZipFile(__import__("io").BytesIO(good)) as z:
        info = z.getinfo("年报/坏文件.txt")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytearray(good)
    for i in range(start + 5, start + 25):
        data[i] ^= 0xFF
    batch = _upload(
        django_capture_on_commit_callbacks, people.supervisor, upload("全部.zip", bytes(data))
    )
    items = _items(batch)
    assert [i.outcome for i in items] == ["accepted", "accepted", "rejected"]
    assert "坏文件.txt" in items[2].message and "损坏" in items[2].message
    agencies = set()
    for item in items[:2]:
        item.report_check.refresh_from_db()
        assert item.report_check.status == CheckStatus.DONE
        assert item.report_check.archive_name == "全部.zip"
        agencies.add(item.report_check.agency)
    assert agencies == {county.a, county.b}


def test_a_corrupt_zip_is_named_and_the_other_files_of_the_upload_still_go_through(
    county, people, django_capture_on_commit_callbacks
):
    broken = zip_of({"a.txt": report_text()})[:-40]  # the central directory is cut off
    batch = _upload(
        django_capture_on_commit_callbacks,
        people.supervisor,
        upload("坏的.zip", broken),
        upload("好的.txt", report_text()),
    )
    refused, accepted = _items(batch)
    assert refused.outcome == "rejected" and "压缩包「坏的.zip」已损坏" in refused.message
    assert accepted.outcome == "accepted"
    accepted.report_check.refresh_from_db()
    assert accepted.report_check.status == CheckStatus.DONE


def test_a_file_that_is_no_report_inside_is_stored_but_marked_unreadable(
    county, people, django_capture_on_commit_callbacks
):
    batch = _upload(
        django_capture_on_commit_callbacks,
        people.supervisor,
        upload("坏的.pdf", b"%PDF-1.4\n this is not really a pdf \n%%EOF"),
        upload("说明.txt", "这只是一段说明文字，不是年度报告。\n".encode()),
    )
    for item in _items(batch):
        item.report_check.refresh_from_db()
        assert item.report_check.status == CheckStatus.UNREADABLE
        assert item.report_check.message
        assert item.report_check.unexplained_errors == 0


def test_a_zip_bomb_entry_is_refused_by_its_compression_ratio_before_unpacking(
    county, people, django_capture_on_commit_callbacks
):
    bomb = zip_of({"炸弹.txt": b"0" * (20 * 1024 * 1024), "青石镇.txt": report_text()})
    assert len(bomb) < 200_000
    batch = _upload(django_capture_on_commit_callbacks, people.supervisor, upload("报告.zip", bomb))
    refused, accepted = _items(batch)
    assert refused.outcome == "rejected"
    assert "炸弹.txt" in refused.message and "压缩炸弹" in refused.message
    assert accepted.outcome == "accepted"


def test_a_zip_that_unpacks_to_more_than_the_limit_is_not_unpacked_at_all(
    county, people, settings, django_capture_on_commit_callbacks
):
    settings.GONGKAI_ZIP_MAX_UNCOMPRESSED = 300_000
    many = zip_of({f"{i}.txt": report_text(extra=str(i) * 5000) for i in range(30)})
    batch = _upload(django_capture_on_commit_callbacks, people.supervisor, upload("大.zip", many))
    (item,) = _items(batch)
    assert item.outcome == "rejected"
    assert "解压后" in item.message and "压缩炸弹" in item.message
    assert not ReportFile.objects.exists()


def test_a_zip_with_too_many_entries_is_refused_with_the_count(
    county, people, settings, django_capture_on_commit_callbacks
):
    settings.GONGKAI_ZIP_MAX_ENTRIES = 3
    many = zip_of({f"{i}.txt": report_text(extra=str(i)) for i in range(5)})
    batch = _upload(django_capture_on_commit_callbacks, people.supervisor, upload("多.zip", many))
    (item,) = _items(batch)
    assert item.outcome == "rejected" and "5 个文件" in item.message and "3 个" in item.message


def test_nested_zips_are_not_opened_and_names_leaving_the_archive_are_ignored(
    county, people, django_capture_on_commit_callbacks
):
    inner = zip_of({"a.txt": report_text()})
    outer = zip_of(
        {
            "内层.zip": inner,
            "../../etc/evil.txt": report_text(extra="越界"),
            "/abs/evil.txt": report_text(extra="绝对路径"),
            "__MACOSX/._青石镇.txt": b"junk",
            "青石镇.txt": report_text(),
        }
    )
    batch = _upload(
        django_capture_on_commit_callbacks, people.supervisor, upload("外层.zip", outer)
    )
    items = _items(batch)
    assert [i.outcome for i in items] == ["rejected", "rejected", "rejected", "accepted"]
    assert "压缩包中的压缩包" in items[0].message
    assert "压缩包以外" in items[1].message and "压缩包以外" in items[2].message
    assert ReportCheck.objects.count() == 1


def test_gbk_names_from_chinese_windows_zips_are_read_correctly():
    from gongkai.reports.intake import entry_name

    info = zipfile.ZipInfo("青石镇年报.txt".encode("gbk").decode("cp437"))
    assert entry_name(info) == "青石镇年报.txt"


def test_an_oversized_file_is_refused_without_being_read(
    county, people, django_capture_on_commit_callbacks
):
    big = upload("巨大的报告.pdf", b"%PDF-1.4\n" + b"0" * MAX_BYTES)
    batch = _upload(
        django_capture_on_commit_callbacks, people.supervisor, big, upload("ok.txt", report_text())
    )
    refused, accepted = _items(batch)
    assert refused.outcome == "rejected"
    assert "巨大的报告.pdf" in refused.message and "超过每个文件 50 MB" in refused.message
    assert accepted.outcome == "accepted"


def test_an_upload_larger_than_the_total_limit_is_refused_as_a_whole(
    county, people, settings, django_capture_on_commit_callbacks
):
    settings.GONGKAI_UPLOAD_MAX_TOTAL = 10_000
    batch = _upload(
        django_capture_on_commit_callbacks,
        people.supervisor,
        upload("a.txt", report_text(extra="a" * 6000)),
        upload("b.txt", report_text(extra="b" * 6000)),
    )
    (item,) = _items(batch)
    assert item.outcome == "rejected" and "一次上传" in item.message
    assert not ReportCheck.objects.exists()


def test_a_png_named_pdf_is_refused_by_its_content(
    county, people, django_capture_on_commit_callbacks
):
    batch = _upload(django_capture_on_commit_callbacks, people.supervisor, upload("年报.pdf", PNG))
    (item,) = _items(batch)
    assert item.outcome == "rejected"
    assert "年报.pdf" in item.message and "图片" in item.message and ".pdf" in item.message
    assert not ReportFile.objects.exists()


def test_an_empty_file_is_named(county, people, django_capture_on_commit_callbacks):
    batch = _upload(django_capture_on_commit_callbacks, people.supervisor, upload("空.txt", b""))
    (item,) = _items(batch)
    assert item.outcome == "rejected" and "「空.txt」是空的" in item.message


def test_the_same_file_uploaded_again_is_stored_once_and_keeps_its_check(
    county, people, django_capture_on_commit_callbacks
):
    first = _upload(
        django_capture_on_commit_callbacks, people.supervisor, upload("a.txt", report_text())
    )
    again = _upload(
        django_capture_on_commit_callbacks, people.supervisor, upload("a-副本.txt", report_text())
    )
    (item,) = _items(again)
    assert item.outcome == UploadOutcome.DUPLICATE
    assert item.report_check == _items(first)[0].report_check
    assert ReportFile.objects.count() == 1 and ReportCheck.objects.count() == 1


def test_a_year_outside_the_law_is_refused(county, people):
    with pytest.raises(ValidationError):
        services.upload_create(actor=people.supervisor, files=[], year=1999)


def test_a_report_is_checked_against_the_same_agencys_report_of_the_year_before(
    county, people, django_capture_on_commit_callbacks
):
    from .samples import tables

    _upload(
        django_capture_on_commit_callbacks,
        people.supervisor,
        upload("青石镇2022.txt", report_text("示例县青石镇", 2022)),
    )
    t2, t3, t4 = tables()  # last year carried 1 forward; this year says 2 came in
    t3["carried_in"].update(natural_person=2, total=2)
    t3["carried_forward"].update(natural_person=2, total=2)
    batch = _upload(
        django_capture_on_commit_callbacks,
        people.supervisor,
        upload("青石镇2023.txt", report_text("示例县青石镇", 2023, t2=t2, t3=t3, t4=t4)),
    )
    check = _items(batch)[0].report_check
    check.refresh_from_db()
    assert check.agency == county.a and check.year == 2023
    cross = [f for f in check.findings if f["rule"] == "T3-6"]
    assert {f["location"] for f in cross} == {
        "table3.carried_in.natural_person",
        "table3.carried_in.total",
    }
    previous = ReportCheck.objects.get(original_name="青石镇2022.txt")
    assert check.report["previous_check"] == previous.pk
    client = Client()
    client.force_login(people.clerk_a)
    html = client.get(reverse("reports:detail", args=[check.pk])).content.decode()
    assert "已与上一年度（2022 年）的报告核对" in html


def test_a_word_file_is_a_report_not_a_zip_to_unpack(
    county, people, django_capture_on_commit_callbacks
):
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("示例县青石镇2023年政府信息公开工作年度报告")
    buf = io.BytesIO()
    document.save(buf)
    data = buf.getvalue()
    batch = _upload(
        django_capture_on_commit_callbacks,
        people.supervisor,
        upload("年报.docx", data),
        upload("打包.zip", zip_of({"里面的年报.docx": data + b""})),
    )
    items = _items(batch)
    assert items[0].outcome == "accepted" and items[0].report_check.file.kind == "docx"
    # the same Word file inside a zip is the same content: found, not stored twice
    assert items[1].outcome == "duplicate" and ReportFile.objects.count() == 1
