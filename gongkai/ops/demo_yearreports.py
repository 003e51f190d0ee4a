"""The demo's annual reports of 青石镇: last year's, written, reviewed and published on the
platform, and this year's draft with its starter text partly rewritten.

Made through the services, as a clerk and the office head would: the figures entered by
the clerk, every warning explained, the writer submits and the head approves. Last year's
report is published today, after its deadline (the demo is built long after 31 January),
and says so in the explanation of X-4 rather than faking a date.
"""

from __future__ import annotations

from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency

DEMO_FIGURES = {
    "table2.licensing.decisions": "23",
    "table2.penalty.decisions": "4",
    "table2.coercion.decisions": "0",
    "table2.admin_fees.amount_wan_yuan": "0",
}

LAST_YEAR_TEXTS = {
    "overview": (
        "{{年度}}年，{{机构}}由党政综合办公室负责政府信息公开工作，配备兼职工作人员2名。"
        "全年主动公开政府信息{{主动公开.总数}}条，收到政府信息公开申请{{申请.新收}}件，"
        "收到网民留言{{留言.收到}}条、已答复{{留言.答复}}条。"
    ),
    "proactive": (
        "本年度主动公开政府信息{{主动公开.总数}}条，其中文件{{主动公开.文件}}件。"
        "重点公开了最低生活保障、临时救助对象和村道硬化工程的情况，"
        "各村的村务、财务情况按季度在村公示栏公开。"
        "本年制发行政规范性文件{{表二.行政规范性文件.本年制发}}件，"
        "截至年底现行有效{{表二.行政规范性文件.现行有效}}件。"
    ),
    "applications": (
        "本年度收到政府信息公开申请{{申请.新收}}件，上年结转{{申请.上年结转}}件；"
        "办结{{申请.办结}}件，结转下年度继续办理{{申请.结转下年}}件。"
    ),
    "review_litigation": (
        "本年度因政府信息公开工作被申请行政复议{{复议.总数}}件，被提起行政诉讼{{诉讼.总数}}件。"
    ),
    "problems": (
        "一是南山村公示栏有两个季度的财务公开更新晚于规定时间；二是部分信息只在网站发布，"
        "没有同时在村公示栏公开。已要求各村每季度第一周内更新公示栏，由镇党政综合办公室抽查。"
    ),
    "other_matters": "本年度未收取信息处理费。无其他需要报告的事项。",
}

THIS_YEAR_PROBLEMS = (
    "【请写明本年度工作中实际存在的问题，以及上一年度报告所列问题的改进情况。】"
    "上年度报告所列南山村公示栏更新不及时的问题，已按季度抽查，本年度各季度均按时更新。"
)

EXPLANATION = "演示数据：本报告是在演示环境中补录发布的，已核对，内容属实。"


def build_demo_yearreports() -> str:
    from gongkai.annualreport.model import Severity
    from gongkai.yearreports import data, services
    from gongkai.yearreports.compile import finding_key
    from gongkai.yearreports.models import YearReport

    people = {u.username: u for u in User.objects.filter(username__in=("qs_drafter", "qs_head"))}
    town = Agency.objects.filter(slug="qingshi").first()
    if town is None or "qs_drafter" not in people or "qs_head" not in people:
        return "年度报告：没有青石镇或其演示账号，未建立演示年报。"
    if YearReport.objects.filter(agency=town).exists():
        return "年度报告：演示年报已存在，未重复建立。"
    writer, head = people["qs_drafter"], people["qs_head"]
    year = timezone.localdate().year

    last = services.report_start(actor=writer, agency=town, year=year - 1)
    services.figures_save(actor=writer, report=last, values=DEMO_FIGURES)
    services.texts_save(actor=writer, report=last, texts=LAST_YEAR_TEXTS)
    warnings = [f for f in data.compiled(last).report.findings if f.severity is Severity.WARNING]
    services.explanations_save(
        actor=writer, report=last, explanations={finding_key(f): EXPLANATION for f in warnings}
    )
    services.report_submit(actor=writer, report=last)
    try:
        services.report_approve(actor=head, report=last)
        published = f"{year - 1} 年度报告已审核发布（/gk/{town.slug}/annual-reports/{year - 1}/）"
    except services.InvalidChange as exc:
        published = f"{year - 1} 年度报告已送审，未能发布：{exc.message}"

    draft = services.report_start(actor=writer, agency=town, year=year)
    services.figures_save(actor=writer, report=draft, values={"table2.licensing.decisions": "19"})
    services.texts_save(actor=writer, report=draft, texts={"problems": THIS_YEAR_PROBLEMS})
    return f"年度报告：青石镇{published}；{year} 年度报告为起草中的草稿。"
