"""The writing page, the workflow through the pages, permissions and the public pages."""

import io

import pytest
from docx import Document

from gongkai.accounts.testing import sign_in
from gongkai.yearreports import services
from gongkai.yearreports.models import Stage, YearReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(ready, people):
    services.report_submit(actor=people.drafter, report=ready)
    services.report_approve(actor=people.head, report=ready)
    return ready


def test_the_writing_page_shows_texts_figures_help_and_findings(client, year2026, people):
    report = services.report_start(actor=people.drafter, agency=year2026, year=2026)
    sign_in(client, people.drafter)
    response = client.get(f"/yearreports/{report.pk}/")
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]  # one person's work: never cached
    assert "{{申请.新收}}" in page  # the help box and the insert menu
    assert "本年新收政府信息公开申请（件）" in page
    assert 'name="applications"' in page  # a textarea per section
    assert "行政许可 · 本年处理决定数量" in page
    assert "T2-1" in page and "Y-2" in page


def test_saving_text_through_the_page(client, ready, people):
    sign_in(client, people.drafter)
    response = client.post(
        f"/yearreports/{ready.pk}/texts/", {"problems": "公开栏更新不及时。已改为每季度检查。"}
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.texts["problems"] == "公开栏更新不及时。已改为每季度检查。"


def test_a_wrong_figure_shows_the_typed_values_again_with_the_reason(client, ready, people):
    sign_in(client, people.drafter)
    response = client.post(
        f"/yearreports/{ready.pk}/figures/", {"table2.licensing.decisions": "十二"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "不是数字" in page and 'value="十二"' in page


def test_a_blocked_submission_lists_what_blocks_it(client, year2026, people):
    report = services.report_start(actor=people.drafter, agency=year2026, year=2026)
    sign_in(client, people.drafter)
    response = client.post(f"/yearreports/{report.pk}/submit/")
    assert response.status_code == 400
    assert "不能送审或发布" in response.content.decode()
    report.refresh_from_db()
    assert report.stage == Stage.DRAFTING


def test_preview_is_the_renderers_html(client, ready, people):
    sign_in(client, people.drafter)
    page = client.get(f"/yearreports/{ready.pk}/preview/").content.decode()
    assert 'class="annual-report"' in page
    assert "本年度收到政府信息公开申请5件" in page


def test_the_writer_sees_no_approve_button_the_head_does(client, ready, people):
    services.report_submit(actor=people.drafter, report=ready)
    sign_in(client, people.drafter)
    page = client.get(f"/yearreports/{ready.pk}/").content.decode()
    assert "审核通过并发布" not in page and "不能审核这份报告" in page
    response = client.post(f"/yearreports/{ready.pk}/approve/")
    assert response.status_code == 403
    sign_in(client, people.head)
    assert "审核通过并发布" in client.get(f"/yearreports/{ready.pk}/").content.decode()
    assert client.post(f"/yearreports/{ready.pk}/approve/").status_code == 302
    ready.refresh_from_db()
    assert ready.stage == Stage.PUBLISHED


@pytest.mark.parametrize("who", ["other", "other_head"])
def test_another_townships_person_gets_403_and_nothing_changes(client, ready, people, who):
    sign_in(client, getattr(people, who))
    assert client.get(f"/yearreports/{ready.pk}/").status_code == 403
    assert client.get(f"/yearreports/{ready.pk}/preview/").status_code == 403
    response = client.post(f"/yearreports/{ready.pk}/texts/", {"problems": "改掉"})
    assert response.status_code == 403
    assert client.post(f"/yearreports/{ready.pk}/submit/").status_code == 403
    ready.refresh_from_db()
    assert ready.texts["problems"] != "改掉" and ready.stage == Stage.DRAFTING


def test_the_supervisor_reads_but_cannot_write(client, ready, world):
    sign_in(client, world.supervisor)
    assert client.get(f"/yearreports/{ready.pk}/").status_code == 200
    assert client.post(f"/yearreports/{ready.pk}/texts/", {"problems": "改"}).status_code == 403
    sign_in(client, world.other_supervisor)
    assert client.get(f"/yearreports/{ready.pk}/").status_code == 403


def test_system_roles_see_nothing(client, ready, world):
    sign_in(client, world.sysadmin)
    assert client.get(f"/yearreports/{ready.pk}/").status_code == 403


def test_starting_a_report_from_the_list(client, year2026, people):
    sign_in(client, people.drafter)
    assert "开始编写" in client.get("/yearreports/").content.decode()
    response = client.post("/yearreports/start/", {"agency": year2026.pk, "year": 2026})
    report = YearReport.objects.get(agency=year2026, year=2026)
    assert response.status_code == 302 and response.url == f"/yearreports/{report.pk}/"
    sign_in(client, people.other)
    client.post("/yearreports/start/", {"agency": year2026.pk, "year": 2025})
    assert not YearReport.objects.filter(agency=year2026, year=2025).exists()


# --- the public side -----------------------------------------------------------------


def test_an_unpublished_report_is_not_public(client, ready):
    assert client.get("/gk/qingshi/annual-reports/2026/").status_code == 404
    assert (
        client.get(
            "/gk/qingshi/annual-reports/2026/青石镇人民政府2026年政府信息公开工作年度报告.pdf"
        ).status_code
        == 404
    )
    assert (
        "2026年政府信息公开工作年度报告"
        not in client.get("/gk/qingshi/annual-reports/").content.decode()
    )


def test_the_published_report_page(client, published):
    response = client.get("/gk/qingshi/annual-reports/2026/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in page
    assert 'class="annual-report"' in page
    assert "本年度收到政府信息公开申请5件" in page
    assert "已更正" not in page
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    listing = client.get("/gk/qingshi/annual-reports/").content.decode()
    assert "青石镇人民政府2026年政府信息公开工作年度报告" in listing


def test_a_draft_of_a_correction_is_not_public_until_published(client, published, people):
    services.report_correct(actor=people.drafter, report=published, reason="第五部分有误")
    services.texts_save(
        actor=people.drafter,
        report=published,
        texts={"problems": "改正后的问题和改进措施说明文字。"},
    )
    page = client.get("/gk/qingshi/annual-reports/2026/").content.decode()
    assert "改正后的问题" not in page and "已更正" not in page
    services.report_submit(actor=people.drafter, report=published)
    services.report_approve(actor=people.head, report=published)
    page = client.get("/gk/qingshi/annual-reports/2026/").content.decode()
    assert "改正后的问题" in page
    assert "已更正" in page and "第五部分有误" in page


def test_downloads_are_a_docx_and_a_pdf_with_their_names(client, published):
    base = "/gk/qingshi/annual-reports/2026/青石镇人民政府2026年政府信息公开工作年度报告"
    docx = client.get(base + ".docx")
    assert docx.status_code == 200
    assert docx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "filename*=UTF-8''%E9%9D%92%E7%9F%B3%E9%95%87" in docx["Content-Disposition"]
    assert docx["Content-Disposition"].startswith("attachment;")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "三、收到和处理政府信息公开申请情况" in text
    pdf = client.get(base + ".pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(base + ".exe").status_code == 404


def test_earlier_years_are_listed_newest_first(client, world, people, on, published):
    import datetime as dt

    from .conftest import complete

    on(dt.date(2026, 1, 20))
    last = services.report_start(actor=people.drafter, agency=world.town_a, year=2025)
    complete(last, people.drafter)
    services.report_submit(actor=people.drafter, report=last)
    services.report_approve(actor=people.head, report=last)
    listing = client.get("/gk/qingshi/annual-reports/").content.decode()
    assert listing.index("2026年政府信息公开") < listing.index("2025年政府信息公开")


def test_the_deadline_page_for_the_supervisor(client, world, people):
    sign_in(client, world.supervisor)
    page = client.get("/yearreports/deadline/").content.decode()
    assert "青石镇人民政府" in page
    response = client.post(
        "/yearreports/deadline/", {"agency": world.town_a.pk, "month": "2", "day": "31"}
    )
    assert response.status_code == 400 and "不是有效的日期" in response.content.decode()
    client.post("/yearreports/deadline/", {"agency": world.town_a.pk, "month": "2", "day": "15"})
    assert "2月15日" in client.get("/yearreports/deadline/").content.decode()
    sign_in(client, people.drafter)
    assert client.get("/yearreports/deadline/").status_code == 403


def test_the_supervisors_counts_follow_the_data_when_the_report_is_looked_at(
    client, ready, people, world
):
    import datetime as dt

    from gongkai.yearreports.selectors import report_statuses
    from gongkai.yearreports.testing import published_item

    before = report_statuses([world.town_a.pk], 2026)[world.town_a.pk].warnings
    # A township cannot make 规章: one filed as such is a T2-2 warning.
    published_item(world.town_a, world.drafter, title="规章", doc_type="regulation",
                   written_on=dt.date(2026, 6, 1), first_published=dt.date(2026, 6, 2))  # fmt: skip
    sign_in(client, people.drafter)
    assert "T2-2" in client.get(f"/yearreports/{ready.pk}/").content.decode()
    assert report_statuses([world.town_a.pk], 2026)[world.town_a.pk].warnings == before + 1


def test_odd_form_values_get_a_message_not_an_error_page(client, world, people):
    sign_in(client, people.drafter)
    response = client.post("/yearreports/start/", {"agency": "abc", "year": "x"}, follow=True)
    assert response.status_code == 200 and "请选择年度" in response.content.decode()
    sign_in(client, world.supervisor)
    response = client.post("/yearreports/deadline/", {"agency": "abc", "month": "x"})
    assert response.status_code == 400 and "请填写月和日" in response.content.decode()


def test_last_years_text_is_at_hand_with_a_warning_where_it_is_repeated(client, world, people, on):
    import datetime as dt

    from .conftest import complete

    on(dt.date(2026, 1, 20))
    last = services.report_start(actor=people.drafter, agency=world.town_a, year=2025)
    complete(last, people.drafter)
    services.report_submit(actor=people.drafter, report=last)
    services.report_approve(actor=people.head, report=last)
    on(dt.date(2027, 1, 10))
    this = services.report_start(actor=people.drafter, agency=world.town_a, year=2026)
    complete(this, people.drafter)
    sign_in(client, people.drafter)
    page = client.get(f"/yearreports/{this.pk}/").content.decode()
    assert 'id="repeat-overview"' in page and "与 2025 年度报告的文字有" in page
    assert 'id="repeat-problems"' not in page  # too short to judge
    assert "2025 年度报告的这一部分" in page
    assert "2025年，本镇由党政办公室负责政府信息公开工作" in page


def test_each_published_version_stays_downloadable_by_the_office_only(client, published, people):
    services.report_correct(actor=people.drafter, report=published, reason="更正第五部分")
    services.texts_save(
        actor=people.drafter, report=published, texts={"problems": "更正后的文字。"}
    )
    services.report_submit(actor=people.drafter, report=published)
    services.report_approve(actor=people.head, report=published)
    sign_in(client, people.drafter)
    first = client.get(f"/yearreports/{published.pk}/versions/1/docx/")
    text = "\n".join(p.text for p in Document(io.BytesIO(first.content)).paragraphs)
    assert "部分村务公开栏更新不及时" in text and "更正后的文字" not in text
    assert "%E7%AC%AC1%E7%89%88" in first["Content-Disposition"]  # （第1版） in the name
    assert client.get(f"/yearreports/{published.pk}/versions/2/pdf/").content.startswith(b"%PDF")
    sign_in(client, people.other)
    assert client.get(f"/yearreports/{published.pk}/versions/1/docx/").status_code == 403
