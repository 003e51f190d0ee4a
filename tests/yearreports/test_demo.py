"""The demo's reports of 青石镇: last year's published, this year's a draft."""

import pytest

from gongkai.ops import demo
from gongkai.ops.demo_yearreports import build_demo_yearreports
from gongkai.yearreports import selectors
from gongkai.yearreports.models import Stage, YearReport

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_last_years_report_and_drafts_this_years(client, on):
    import datetime as dt

    on(dt.date(2026, 11, 22))
    demo.build_demo_county()
    note = build_demo_yearreports()
    assert "2025 年度报告已审核发布" in note
    town = YearReport.objects.get(year=2025).agency
    assert selectors.published_years(town.pk) == [2025]
    assert YearReport.objects.get(year=2026).stage == Stage.DRAFTING
    page = client.get("/gk/qingshi/annual-reports/2025/").content.decode()
    assert "南山村公示栏" in page
    assert "已存在" in build_demo_yearreports()
