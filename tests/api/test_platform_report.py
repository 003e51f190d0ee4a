"""Annual report figures when the report was made and published on the platform
(gongkai.yearreports): the platform's version wins over any uploaded one."""

from __future__ import annotations

import pytest

from gongkai.applications.selectors import annual_tables

from .conftest import D
from .reportfile import report_bytes

pytestmark = pytest.mark.django_db

TEXTS = {
    "overview": "{{年度}}年，本镇由党政办公室负责政府信息公开工作，收到申请{{申请.新收}}件。",
    "proactive": "本年度主动公开政府信息{{主动公开.总数}}条。",
    "applications": "本年度收到政府信息公开申请{{申请.新收}}件，上年结转{{申请.上年结转}}件，"
    "办结{{申请.办结}}件，结转下年度继续办理{{申请.结转下年}}件。",
    "review_litigation": "本年度被申请行政复议{{复议.总数}}件，被提起行政诉讼{{诉讼.总数}}件。",
    "problems": "村务公开栏更新不及时。下一步每季度检查一次各村公开栏。",
    "other_matters": "本年度未收取信息处理费。",
}


@pytest.fixture
def published_2026(applications, people, on):
    """青石镇's 2026 report written on the platform and published on 12 January 2027."""
    from gongkai.yearreports import data, services
    from gongkai.yearreports.compile import entered_cells, finding_key

    on(D(2027, 1, 12))
    writer = people.world.drafter
    report = services.report_start(actor=writer, agency=applications, year=2026)
    services.figures_save(
        actor=writer,
        report=report,
        values={key: "0" for key, _row, _col in entered_cells("v2021")},
    )
    report = services.texts_save(actor=writer, report=report, texts=TEXTS)
    warnings = [f for f in data.compiled(report).report.findings if f.severity == "warning"]
    if warnings:
        report = services.explanations_save(
            actor=writer,
            report=report,
            explanations={finding_key(f): "本镇情况如此，已核实。" for f in warnings},
        )
    report = services.report_submit(actor=writer, report=report)
    services.report_approve(actor=people.final, report=report)
    return applications


def test_the_platforms_published_report_is_the_source(api, published_2026, token, upload):
    # an uploaded report of the same year does not replace the published one
    upload(token[1], report_bytes("示例县青石镇", 2026), year=2026)
    years = api.get("/api/agencies/qingshi/annual-reports").json()
    assert {"year": 2026, "source": "platform"} in years
    data = api.get("/api/agencies/qingshi/annual-reports/2026").json()
    assert data["source"] == "platform"
    assert data["format"] == "v2021"
    expected = annual_tables([published_2026], 2026)
    assert data["table3"] == expected.table3
    assert data["table4"] == expected.table4
    assert all(data["sections"].values())
    assert data["findings"]["error"] == 0
    assert data["publication_date"] == "2027-01-12"
    assert api.get(data["url"]).status_code == 200
