"""The 19号 indicators on plain records (no database)."""

import datetime as dt

from gongkai.inspection import rules
from gongkai.inspection.rules import Column, Message, PatrolRecord, Publication, Site

D = dt.date
ON = D(2026, 9, 21)
LINKS = rules.Links(catalog="/c/", publishing="/p/", patrol="/patrol/", interaction="/i/")


def col(code="x", name="栏目", items=1, last=ON):
    return Column(code=code, name=name, url=f"/c/#{code}", items=items, last_published=last)


def codes(report):
    return [(f.code, f.severity) for f in report.findings]


#: A week of probes every 30 minutes, all answered.
UP = rules.Uptime(total=7 * 48, failed=0)


def clean(**changes):
    fields = dict(columns=[col()], last_publication=ON, messages=[], links=LINKS, uptime=UP)
    fields.update(changes)
    return Site(**fields)


def test_a_clean_site_has_no_findings_and_passes():
    report = rules.inspect(clean(), ON)
    assert report.findings == () and report.score == 100 and report.passed
    assert report.result_zh == "合格"


def test_four_blank_columns_cost_points_five_are_a_veto():
    four = [col(f"e{i}", items=0, last=None) for i in range(4)]
    report = rules.inspect(clean(columns=[col(), *four]), ON)
    assert codes(report) == [("I-1", "deduction")]
    assert report.findings[0].count == 4 and report.score == 92 and report.passed
    five = [*four, col("e5", items=0, last=None)]
    report = rules.inspect(clean(columns=five), ON)
    assert codes(report) == [("I-1", "veto")] and report.vetoed and not report.passed
    assert [d.url for d in report.findings[0].details][0] == "/c/#e0"


def test_column_windows_news_two_weeks_notices_six_months_standing_none():
    assert rules.column_window("a", "工作动态") == rules.NEWS
    assert rules.column_window("a", "通知公告") == rules.NOTICE_POLICY
    assert rules.column_window("a", "政府信息公开工作年度报告") == rules.YEARLY
    assert rules.column_window("a", "领导信息") is None
    assert rules.column_window("a", "社会救助") == rules.DEFAULT_WINDOW
    columns = [
        col("news", "工作动态", last=D(2026, 9, 6)),  # 15 days: stale
        col("news2", "工作动态", last=D(2026, 9, 7)),  # 14 days: fine
        col("notice", "通知公告", last=D(2026, 3, 20)),  # before 21 March: stale
        col("notice2", "通知公告", last=D(2026, 3, 21)),
        col("leaders", "领导信息", last=D(2020, 1, 1)),  # standing information
    ]
    report = rules.inspect(clean(columns=columns), ON)
    assert codes(report) == [("I-2", "deduction")]
    assert report.findings[0].count == 2 and report.score == 96
    assert "工作动态" in report.findings[0].details[0].text


def test_homepage_stale_after_two_weeks_or_never():
    assert rules.inspect(clean(last_publication=D(2026, 9, 7)), ON).findings == ()
    report = rules.inspect(clean(last_publication=D(2026, 9, 6)), ON)
    assert codes(report) == [("I-3", "veto")] and "15 天" in report.findings[0].message
    assert codes(rules.inspect(clean(last_publication=None), ON)) == [("I-3", "veto")]


def test_patrol_dead_links_cost_points_errors_are_a_veto_warnings_nothing():
    patrol = [
        PatrolRecord("C-4", "warning", "链接无法打开", "甲", "/p/1/"),
        PatrolRecord("C-4", "warning", "链接无法打开", "乙", "/p/2/"),
        PatrolRecord("C-1", "error", "领导姓名有误", "丙", "/p/3/"),
        PatrolRecord("C-2", "warning", "表述不规范", "丁", "/p/4/"),
    ]
    report = rules.inspect(clean(patrol=patrol), ON)
    assert codes(report) == [("I-4", "deduction"), ("I-5", "veto")]
    assert [f.count for f in report.findings] == [2, 1] and report.score == 98
    assert report.findings[1].url == "/patrol/" and report.findings[1].details[0].url == "/p/3/"


def test_messages_overdue_cost_points_three_months_is_a_veto_missing_app_is_a_notice():
    due = D(2026, 9, 1)
    late = Message("问路灯", "/i/1/", due, overdue=True, over_three_months=False)
    waiting = Message("问学校", "/i/2/", D(2026, 10, 1), overdue=False, over_three_months=False)
    report = rules.inspect(clean(messages=[late, waiting]), ON)
    assert codes(report) == [("I-6", "deduction")] and report.score == 98
    old = Message("问修路", "/i/3/", D(2026, 5, 1), overdue=True, over_three_months=True)
    assert codes(rules.inspect(clean(messages=[late, old]), ON)) == [("I-6", "veto")]
    report = rules.inspect(clean(messages=None), ON)
    assert codes(report) == [("I-6", "notice")] and report.findings[0].count is None
    assert "互动交流未启用" in report.findings[0].message
    assert report.problems == () and report.passed and report.score == 100


def test_late_publication_last_twelve_months_and_unpublished_overdue():
    pubs = [
        Publication("迟发", "/p/1/", due=D(2026, 8, 1), published_on=D(2026, 8, 3)),
        Publication("按时", "/p/2/", due=D(2026, 8, 1), published_on=D(2026, 8, 1)),
        Publication("去年", "/p/3/", due=D(2025, 9, 1), published_on=D(2025, 9, 21)),
        Publication("未发", "/p/4/", due=D(2026, 9, 18), published_on=None),
        Publication("未到期", "/p/5/", due=D(2026, 9, 30), published_on=None),
    ]
    report = rules.inspect(clean(publications=pubs), ON)
    assert codes(report) == [("I-7", "deduction")]
    finding = report.findings[0]
    assert finding.count == 2 and [d.url for d in finding.details] == ["/p/1/", "/p/4/"]
    assert "1 条信息晚于公开时限发布" in finding.message and "1 条信息已超过" in finding.message


def test_score_is_capped_and_never_negative_and_below_sixty_fails():
    columns = [col(f"n{i}", "工作动态", last=D(2026, 1, 1)) for i in range(30)]
    patrol = [PatrolRecord("C-4", "warning", "x", "t", "/p/") for _ in range(30)]
    pubs = [Publication("x", "/p/", D(2026, 1, 1), D(2026, 2, 1)) for _ in range(30)]
    late = [Message("m", "/i/", D(2026, 9, 1), True, False) for _ in range(30)]
    site = clean(columns=columns, patrol=patrol, publications=pubs, messages=late)
    report = rules.inspect(site, ON)
    assert [f.points for f in report.findings] == [20, 10, 20, 20]
    assert report.score == 30 and not report.vetoed and not report.passed


def test_months_before_keeps_the_day_or_the_months_last():
    assert rules.months_before(D(2026, 9, 21), 6) == D(2026, 3, 21)
    assert rules.months_before(D(2026, 8, 31), 6) == D(2026, 2, 28)
    assert rules.months_before(D(2026, 1, 15), 12) == D(2025, 1, 15)


def test_rank_key_puts_vetoes_and_low_scores_first():
    good = rules.inspect(clean(), ON)
    veto = rules.inspect(clean(last_publication=None), ON)
    low = rules.inspect(clean(patrol=[PatrolRecord("C-4", "warning", "x", "t", "/")]), ON)
    ranked = sorted([good, low, veto], key=rules.rank_key)
    assert ranked == [veto, low, good]


# --- 站点无法访问 (I-8) ---------------------------------------------------------------------------


def test_unreachable_five_percent_of_a_weeks_probes_is_a_veto():
    week = 7 * 48  # 336 probes: 5% is 16.8
    assert rules.inspect(clean(uptime=rules.Uptime(week, 16)), ON).findings == ()
    report = rules.inspect(clean(uptime=rules.Uptime(week, 17)), ON)
    assert codes(report) == [("I-8", "veto")] and not report.passed
    assert "17 次" in report.findings[0].message and "5%" in report.findings[0].message
    # Exactly 5% fails too: 19号 says 超过（含）5%.
    assert codes(rules.inspect(clean(uptime=rules.Uptime(200, 10)), ON)) == [("I-8", "veto")]


def test_too_few_probes_are_not_judged_but_said_so():
    for uptime in (None, rules.Uptime(19, 19)):
        report = rules.inspect(clean(uptime=uptime), ON)
        assert codes(report) == [("I-8", "notice")] and report.passed
        assert "尚未判定" in report.findings[0].message


# --- 政务新媒体 (I-9, I-10) ---------------------------------------------------------------------


def account(name, state="active", last=ON, notice=False):
    return rules.NewMedia(
        name=name, platform="微信公众号", url=f"/nm/{name}", state=state, last_update=last,
        closure_notice=notice,
    )  # fmt: skip


def test_an_account_not_updated_for_two_weeks_is_a_veto():
    accounts = [
        account("两周整", last=D(2026, 9, 7)),  # 14 days: fine
        account("十五天", last=D(2026, 9, 6)),
        account("没登记日期", last=None),
        account("已关停", state="closed", last=D(2020, 1, 1), notice=True),
    ]
    report = rules.inspect(clean(new_media=accounts), ON)
    assert codes(report) == [("I-9", "veto")]
    details = [d.text for d in report.findings[0].details]
    assert len(details) == 2 and "十五天" in details[0] and "15 天" in details[0]
    assert "没有登记最近更新日期" in details[1]
    assert report.findings[0].details[0].url == "/nm/十五天"


def test_unreachable_accounts_and_closures_without_notice_cost_five_points_each():
    accounts = [
        account("打不开", state="unreachable"),
        account("悄悄关停", state="closed", last=None),
        account("公告后关停", state="closed", last=None, notice=True),
    ]
    report = rules.inspect(clean(new_media=accounts), ON)
    assert codes(report) == [("I-10", "deduction")]
    assert report.findings[0].count == 2 and report.score == 90 and report.passed
    many = [account(f"打不开{i}", state="unreachable") for i in range(6)]
    assert rules.inspect(clean(new_media=many), ON).score == 80  # at most 20
