"""Writing, checking, review and publication of a report, through the services."""

import datetime as dt

import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.audit.models import AuditEntry
from gongkai.yearreports import data, selectors, services
from gongkai.yearreports.compile import finding_key
from gongkai.yearreports.models import PublishedVersion, Stage
from gongkai.yearreports.testing import published_item

from .conftest import CLEAN_TEXTS, complete

pytestmark = pytest.mark.django_db


def rules(report):
    return {f.rule for f in data.compiled(report).report.findings}


def test_a_complete_report_has_no_errors(ready):
    result = data.compiled(ready)
    assert [f for f in result.report.findings if f.severity == "error"] == []


def test_an_error_blocks_submission_and_publication(year2026, people):
    report = services.report_start(actor=people.drafter, agency=year2026, year=2026)
    with pytest.raises(services.PublicationBlocked) as refused:
        services.report_submit(actor=people.drafter, report=report)
    assert "错误" in refused.value.message
    assert {f.rule for f in refused.value.findings} >= {"T2-1", "Y-2"}
    report.refresh_from_db()
    assert report.stage == Stage.DRAFTING


def test_a_warning_needs_an_explanation_before_submission(ready, people):
    services.texts_save(
        actor=people.drafter,
        report=ready,
        texts={"problems": "部分村务公开栏更新不及时,下一步每季度检查一次各村公开栏。"},
    )
    warnings = [f for f in data.compiled(ready).report.findings if f.severity == "warning"]
    assert warnings, "a half-width comma in Chinese prose is a C-1 warning"
    with pytest.raises(services.PublicationBlocked) as refused:
        services.report_submit(actor=people.drafter, report=ready)
    assert "1 个未说明的警告" in refused.value.message or "未说明的警告" in refused.value.message
    services.explanations_save(
        actor=people.drafter,
        report=ready,
        explanations={finding_key(f): "原文如此，已核对。" for f in warnings},
    )
    services.report_submit(actor=people.drafter, report=ready)
    ready.refresh_from_db()
    assert ready.stage == Stage.IN_REVIEW


def test_unknown_placeholders_are_saved_and_reported_by_name_and_section(ready, people):
    services.texts_save(
        actor=people.drafter, report=ready, texts={"proactive": "全年发布{{主动公开.总条数}}条。"}
    )
    ready.refresh_from_db()
    assert ready.texts["proactive"] == "全年发布{{主动公开.总条数}}条。"  # nothing lost
    found = [f for f in data.compiled(ready).report.findings if f.rule == "Y-1"]
    assert len(found) == 1
    assert "「二、主动公开政府信息情况」" in found[0].message
    assert "{{主动公开.总条数}}" in found[0].message
    assert found[0].severity == "error"


def test_placeholders_resolve_to_the_compiled_figures(ready):
    text = data.compiled(ready).report.texts["applications"]
    assert text == "本年度收到政府信息公开申请5件，上年结转1件，办结5件，结转下年度继续办理1件。"


def test_the_writer_cannot_approve_their_own_report(ready, people):
    # The head writes a sentence too, so both of them are writers of this round.
    services.texts_save(
        actor=people.head,
        report=ready,
        texts={"other_matters": "本年度未收取信息处理费。没有其他需要报告的事项。"},
    )
    services.report_submit(actor=people.drafter, report=ready)
    with pytest.raises(NotAllowed, match="不能审核自己编写的报告"):
        services.report_approve(actor=people.head, report=ready)
    with pytest.raises(NotAllowed):
        services.report_approve(actor=people.drafter, report=ready)  # no approver role either
    with pytest.raises(NotAllowed):
        services.report_approve(actor=people.reviewer, report=ready)  # 审核人 is not in this chain
    version = services.report_approve(actor=people.final, report=ready)
    assert version.number == 1 and version.approved_by == people.final


def test_a_returned_report_needs_a_comment_and_goes_back_to_the_writer(ready, people):
    services.report_submit(actor=people.drafter, report=ready)
    with pytest.raises(InvalidChange, match="退回意见"):
        services.report_return(actor=people.head, report=ready, comment=" ")
    services.report_return(actor=people.head, report=ready, comment="第五部分请写具体。")
    ready.refresh_from_db()
    assert ready.stage == Stage.DRAFTING
    assert ready.return_comment == "第五部分请写具体。"


def test_in_review_the_text_is_locked(ready, people):
    services.report_submit(actor=people.drafter, report=ready)
    with pytest.raises(InvalidChange, match="审核中"):
        services.texts_save(actor=people.drafter, report=ready, texts={"problems": "改一下"})


def test_another_townships_people_can_do_nothing(ready, people):
    with pytest.raises(NotAllowed):
        services.texts_save(actor=people.other, report=ready, texts={"problems": "改"})
    services.report_submit(actor=people.drafter, report=ready)
    with pytest.raises(NotAllowed):
        services.report_approve(actor=people.other_head, report=ready)
    ready.refresh_from_db()
    assert ready.stage == Stage.IN_REVIEW and ready.texts["problems"] == CLEAN_TEXTS["problems"]


def test_every_step_is_audited(ready, people):
    services.report_submit(actor=people.drafter, report=ready)
    services.report_return(actor=people.head, report=ready, comment="请补充。")
    services.report_submit(actor=people.drafter, report=ready)
    services.report_approve(actor=people.head, report=ready)
    kinds = list(
        AuditEntry.objects.filter(kind__startswith="yearreports.").values_list("kind", flat=True)
    )
    for kind in ("started", "texts_saved", "figure_entered", "submitted", "returned", "published"):
        assert f"yearreports.{kind}" in kinds
    figure = AuditEntry.objects.filter(kind="yearreports.figure_entered").first()
    assert figure.actor == people.drafter
    assert figure.before is not None and figure.after is not None


def test_a_changed_figure_keeps_who_entered_it_and_both_values_in_the_log(ready, people):
    services.figures_save(
        actor=people.head, report=ready, values={"table2.licensing.decisions": "7"}
    )
    row = ready.figures.get(key="table2.licensing.decisions")
    assert row.entered_by == people.head and row.value == 7
    entry = AuditEntry.objects.filter(kind="yearreports.figure_entered").order_by("-id").first()
    assert entry.before == {"table2.licensing.decisions": "0.0000"}
    assert entry.after == {"table2.licensing.decisions": "7"}


def test_a_figure_that_is_not_a_number_is_refused_naming_the_cell(ready, people):
    with pytest.raises(InvalidChange, match="「行政许可本年处理决定数量」填写的“十二”不是数字"):
        services.figures_save(
            actor=people.drafter, report=ready, values={"table2.licensing.decisions": "十二"}
        )


def test_publication_freezes_the_report_against_later_data(ready, people, year2026, world):
    services.report_submit(actor=people.drafter, report=ready)
    services.report_approve(actor=people.head, report=ready)
    before = selectors.published_report(year2026.pk, 2026)
    published_item(year2026, world.drafter, title="迟到的文件", written_on=dt.date(2026, 12, 1),
                   first_published=dt.date(2027, 1, 10))  # fmt: skip
    after = selectors.published_report(year2026.pk, 2026)
    assert after.table2 == before.table2
    assert after.table2["normative_documents"]["issued"] == 5
    assert data.compiled(ready).report.table2["normative_documents"]["issued"] == 6
    assert "5件" in after.texts["applications"]


def test_a_correction_is_a_new_version(ready, people):
    services.report_submit(actor=people.drafter, report=ready)
    services.report_approve(actor=people.head, report=ready)
    with pytest.raises(InvalidChange, match="更正的原因"):
        services.report_correct(actor=people.drafter, report=ready, reason="")
    services.report_correct(actor=people.drafter, report=ready, reason="第五部分表述有误")
    services.texts_save(
        actor=people.drafter, report=ready, texts={"problems": "村务公开栏更新不及时。每季度检查。"}
    )
    services.report_submit(actor=people.drafter, report=ready)
    version = services.report_approve(actor=people.head, report=ready)
    assert version.number == 2 and version.correction_note == "第五部分表述有误"
    assert PublishedVersion.objects.filter(report=ready).count() == 2
    report = selectors.published_report(ready.agency_id, 2026)
    assert report.texts["problems"] == "村务公开栏更新不及时。每季度检查。"


def test_many_published_reports_in_one_query_each_its_newest_version(
    ready, people, world, django_assert_max_num_queries
):
    services.report_submit(actor=people.drafter, report=ready)
    services.report_approve(actor=people.head, report=ready)
    services.report_correct(actor=people.drafter, report=ready, reason="更正第五部分")
    services.texts_save(actor=people.drafter, report=ready, texts={"problems": "已更正的文字。"})
    services.report_submit(actor=people.drafter, report=ready)
    services.report_approve(actor=people.head, report=ready)
    with django_assert_max_num_queries(1):
        reports = selectors.published_reports([world.town_a.pk, world.town_b.pk], 2026)
    assert set(reports) == {world.town_a.pk}  # 石桥镇 never published
    assert reports[world.town_a.pk].texts["problems"] == "已更正的文字。"
    assert reports[world.town_a.pk].to_dict() == (
        selectors.published_report(world.town_a.pk, 2026).to_dict()
    )


def test_statuses_for_the_supervisor_in_one_call(
    ready, people, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        statuses = selectors.report_statuses([world.town_a.pk, world.town_b.pk], 2026)
    assert set(statuses) == {world.town_a.pk}
    s = statuses[world.town_a.pk]
    assert s.stage == "drafting" and s.public_url is None and s.errors == 0
    services.report_submit(actor=people.drafter, report=ready)
    assert selectors.report_statuses([world.town_a.pk], 2026)[world.town_a.pk].stage == "in_review"
    services.report_approve(actor=people.head, report=ready)
    s = selectors.report_statuses([world.town_a.pk], 2026)[world.town_a.pk]
    assert s.stage == "published" and s.published_at is not None
    assert s.public_url == "/gk/qingshi/annual-reports/2026/"
    assert selectors.published_years(world.town_a.pk) == [2026]


def test_x6_warns_when_this_year_repeats_last_years_text(world, people, on):
    on(dt.date(2026, 1, 20))
    last = services.report_start(actor=people.drafter, agency=world.town_a, year=2025)
    complete(last, people.drafter)
    services.report_submit(actor=people.drafter, report=last)
    services.report_approve(actor=people.head, report=last)
    on(dt.date(2027, 1, 10))
    this = services.report_start(actor=people.drafter, agency=world.town_a, year=2026)
    complete(this, people.drafter)
    findings = [f for f in data.compiled(this).report.findings if f.rule == "X-6"]
    assert len(findings) == 1
    assert "2025 年度" in findings[0].message
    from gongkai.yearreports.compile import repeated_sections

    prev = selectors.published_report(world.town_a.pk, 2025)
    repeated = repeated_sections(data.compiled(this).report.texts, prev.texts)
    assert {"overview", "proactive", "applications"} == set(repeated)  # the rest: too short


def test_the_deadline_is_31_january_or_the_nearest_local_one(world, people):
    from gongkai.accounts.testing import make_person
    from gongkai.agencies.models import Role

    assert selectors.deadline_for(world.town_a, 2026) == dt.date(2027, 1, 31)
    with pytest.raises(NotAllowed):
        services.deadline_save(actor=people.drafter, agency=world.town_a, month=2, day=28)
    services.deadline_save(actor=world.supervisor, agency=world.county, month=2, day=28)
    assert selectors.deadline_for(world.town_a, 2026) == dt.date(2027, 2, 28)
    services.deadline_save(actor=world.supervisor, agency=world.town_b, month=1, day=15)
    assert selectors.deadline_for(world.town_b, 2026) == dt.date(2027, 1, 15)
    assert selectors.deadline_for(world.other_town, 2026) == dt.date(2027, 1, 31)
    with pytest.raises(InvalidChange):
        services.deadline_save(actor=world.supervisor, agency=world.county, month=2, day=30)
    assert AuditEntry.objects.filter(kind="yearreports.deadline_saved").count() == 2
    del make_person, Role


def test_last_years_report_uploaded_to_the_county_is_at_hand_when_not_made_here(ready, world):
    from gongkai.annualreport.model import Report
    from gongkai.reports.models import CheckStatus, ReportCheck, ReportFile, UploadBatch

    batch = UploadBatch.objects.create(uploaded_by=world.supervisor, scope=world.county)
    file = ReportFile.objects.create(
        sha256="0" * 64, original_name="2025.docx", size=1, kind="docx",
        file="reports/2025.docx", uploaded_by=world.supervisor,
    )  # fmt: skip
    old = Report(source="2025.docx", format="v2021", year=2025, agency="青石镇人民政府",
                 texts={"problems": "去年的问题。"})  # fmt: skip
    check = ReportCheck.objects.create(
        file=file, batch=batch, original_name="2025.docx", scope=world.county,
        agency=world.town_a, year=2025, status=CheckStatus.DONE, report=old.to_dict(),
        agency_guessed=True, uploaded_by=world.supervisor,
    )  # fmt: skip
    assert data.previous_report(world.town_a.pk, 2026) is None  # a machine's guess is not enough
    check.agency_guessed = False
    check.save()
    assert data.previous_report(world.town_a.pk, 2026).texts["problems"] == "去年的问题。"


def test_a_county_government_has_until_31_march_and_a_local_rule_only_shortens_it(world):
    assert selectors.deadline_for(world.county, 2026) == dt.date(2027, 3, 31)
    services.deadline_save(actor=world.supervisor, agency=world.county, month=4, day=30)
    assert selectors.deadline_for(world.county, 2026) == dt.date(2027, 3, 31)
    assert selectors.deadline_for(world.town_a, 2026) == dt.date(2027, 4, 30)
    services.deadline_save(actor=world.supervisor, agency=world.county, month=2, day=15)
    assert selectors.deadline_for(world.county, 2026) == dt.date(2027, 2, 15)


def test_publication_itself_is_refused_when_the_data_moved_after_submission(ready, people, world):
    services.report_submit(actor=people.drafter, report=ready)
    # After submission a document is filed as 规章, which a township cannot make (T2-2).
    published_item(world.town_a, world.drafter, title="规章", doc_type="regulation",
                   written_on=dt.date(2026, 6, 1), first_published=dt.date(2026, 6, 2))  # fmt: skip
    with pytest.raises(services.PublicationBlocked) as refused:
        services.report_approve(actor=people.head, report=ready)
    assert [f.rule for f in refused.value.findings] == ["T2-2"]
    assert "请退回撰稿人" in refused.value.message
    assert not PublishedVersion.objects.exists()
    ready.refresh_from_db()
    assert ready.stage == Stage.IN_REVIEW and not ready.is_published
