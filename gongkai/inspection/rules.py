"""The indicators of 国办秘函〔2019〕19号 (政府网站与政务新媒体检查指标), computed on plain records.

No Django here: the caller (``gongkai.inspection.selectors``) reads the agency's catalogue,
items, patrol findings and messages into the records below, with the URL of the page where
each problem is fixed, and ``inspect`` returns the findings. Dates are local dates.

Indicators (code, what, severity):

- ``I-1`` 空白栏目: active leaf columns of the 公开事项目录 (主动公开 ones: a 依申请公开 column
  is empty by design) with no public item. Five or more is 单项否决; one to four cost
  2 points each.
- ``I-2`` 栏目更新不及时: a column that has items but whose newest publication is older than
  the column's window (``column_window``): 2 weeks for news-like columns (动态、要闻、新闻),
  6 months for 通知公告/政策文件 and for any column not otherwise known, 1 year for
  yearly information (预算、决算、年度报告、规划、统计), none for standing information
  (机构职能、领导信息、联系方式、指南、办事依据): those are checked for blankness only.
  2 points per column, at most 20. (A blank column is counted by I-1 only.)
- ``I-3`` 首页长期不更新: nothing published by the agency for more than 14 days (or ever):
  单项否决.
- ``I-4`` 链接不可用: open patrol findings C-4 (links on our own site that do not resolve):
  1 point each, at most 10.
- ``I-5`` 严重错误: open patrol findings of severity error (C-1 错敏字/领导姓名职务, C-2,
  C-3 个人信息): 单项否决 (19号 fails a site for a serious error).
- ``I-6`` 互动回应: public messages unanswered past their deadline, 2 points each (at most
  20); any unanswered for more than 3 months is 单项否决. When the interaction app is not
  installed the indicator is a 提示 "互动交流未启用" — never a made-up zero.
- ``I-7`` 信息发布超期: items first published after their 第二十六条 deadline within the last
  12 months, and items not yet published whose deadline has passed: 1 point each, at most 20.
- ``I-8`` 站点无法访问 (19号 单项否决: 监测 1 周，每天间隔性访问 20 次以上，超过（含）15 秒
  仍打不开的次数比例累计超过（含）5%): the share of failed probes of the portal's home page
  over the last 7 days (``probe.py``); 5% or more is 单项否决. Fewer probes than one day's
  worth: a 提示 "not judged yet" — never a made-up pass.
- ``I-9`` 政务新媒体更新不及时 (19号 政务新媒体检查指标, 单项否决: 监测时间点前 2 周内无更新;
  the State Council office's 2023 排查整治 notice names "发布类账号 2 周内无更新" again): an
  account in operation whose last update (recorded by a clerk, or the newest 两微一端
  channel record of a published item pointing at it) is older than 14 days, or unknown.
- ``I-10`` 政务新媒体无法访问或关停未公告 (国办发〔2018〕123号: accounts no longer
  maintained are to be closed through the platform with a public notice, not left as
  "僵尸" accounts; the 2023 notice: "已停止维护的账号未履行注销程序"): accounts recorded as
  unreachable, and closed accounts without a closure notice: 5 points each, at most 20.
  (The published indicator tables do not make these a veto; we deduct.)

Score: 100 minus the points of the deduction findings (never below 0). The result is 合格
when no finding is a veto and the score is at least 60 (19号's pass mark); a veto makes it
不合格 whatever the score.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

VETO = "veto"
DEDUCTION = "deduction"
NOTICE = "notice"
SEVERITY_ZH = {VETO: "单项否决", DEDUCTION: "扣分", NOTICE: "提示"}

PASS_MARK = 60
BLANK_VETO = 5
HOMEPAGE_DAYS = 14
LATE_LOOKBACK_MONTHS = 12
MESSAGES_DISABLED = "互动交流未启用"

TITLES = {
    "I-1": "空白栏目",
    "I-2": "栏目更新不及时",
    "I-3": "首页长期不更新",
    "I-4": "链接不可用",
    "I-5": "严重错误",
    "I-6": "互动回应",
    "I-7": "信息发布超期",
    "I-8": "站点无法访问",
    "I-9": "政务新媒体更新不及时",
    "I-10": "政务新媒体无法访问或关停未公告",
}

UNREACHABLE_SHARE = 0.05
MIN_PROBES = 20
NEW_MEDIA_DAYS = 14


# --- records --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One leaf column of the catalogue as the public sees it."""

    code: str
    name: str
    url: str
    items: int
    #: The newest publication in the column (a correction counts), None when empty.
    last_published: dt.date | None


@dataclass(frozen=True)
class PatrolRecord:
    rule: str  # C-1 … C-4
    severity: str  # error | warning
    message: str
    title: str  # the item's
    url: str


@dataclass(frozen=True)
class Publication:
    """An item with its publication deadline: first published on ``published_on``, or not
    yet (None)."""

    title: str
    url: str
    due: dt.date
    published_on: dt.date | None


@dataclass(frozen=True)
class Message:
    title: str
    url: str
    due: dt.date
    overdue: bool
    over_three_months: bool


@dataclass(frozen=True)
class Uptime:
    """The availability probes of the window: how many, how many failed."""

    total: int
    failed: int
    window_days: int = 7


@dataclass(frozen=True)
class NewMedia:
    """One registered 政务新媒体 account."""

    name: str
    platform: str  # its label, e.g. 微信公众号
    url: str  # the page where it is fixed (its registry entry)
    state: str  # active | unreachable | closed
    last_update: dt.date | None = None
    closure_notice: bool = False


@dataclass(frozen=True)
class Links:
    """The pages where each kind of problem is fixed."""

    catalog: str = ""
    publishing: str = ""
    patrol: str = ""
    interaction: str = ""
    new_media: str = ""
    availability: str = ""


@dataclass(frozen=True)
class Site:
    """Everything the indicators read about one agency."""

    columns: Sequence[Column] = ()
    last_publication: dt.date | None = None
    patrol: Sequence[PatrolRecord] = ()
    publications: Sequence[Publication] = ()
    #: None: the interaction app is not installed (the indicator says so).
    messages: Sequence[Message] | None = None
    links: Links = Links()
    #: None: the probe has never run here (the indicator says so).
    uptime: Uptime | None = None
    new_media: Sequence[NewMedia] = ()


@dataclass(frozen=True)
class Detail:
    text: str
    url: str = ""


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    count: int | None
    url: str
    points: int = 0
    details: tuple[Detail, ...] = ()

    @property
    def title(self) -> str:
        return TITLES[self.code]

    @property
    def severity_zh(self) -> str:
        return SEVERITY_ZH[self.severity]

    @property
    def is_problem(self) -> bool:
        return self.severity != NOTICE


@dataclass(frozen=True)
class Report:
    on: dt.date
    findings: tuple[Finding, ...] = ()
    vetoed: bool = False
    score: int = 100

    @property
    def passed(self) -> bool:
        return not self.vetoed and self.score >= PASS_MARK

    @property
    def result_zh(self) -> str:
        return "合格" if self.passed else "不合格"

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_problem)

    @property
    def vetoes(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == VETO)


# --- windows of columns -----------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    label: str
    days: int = 0
    months: int = 0

    def cutoff(self, on: dt.date) -> dt.date:
        """The earliest date a publication keeps the column current on ``on``."""
        return months_before(on, self.months) - dt.timedelta(days=self.days)


NEWS = Window("2周", days=14)
NOTICE_POLICY = Window("6个月", months=6)
YEARLY = Window("1年", months=12)
DEFAULT_WINDOW = NOTICE_POLICY

#: Catalogue codes whose window is known exactly (an office may add its own codes here).
CODE_WINDOWS: dict[str, Window | None] = {}
#: Name keywords, tried in this order; the first that occurs in the column's name decides.
#: Standing information (None) is checked for blankness only: 19号 asks that it be there
#: and correct, not that it change.
NAME_WINDOWS: tuple[tuple[str, Window | None], ...] = (
    ("动态", NEWS),
    ("要闻", NEWS),
    ("新闻", NEWS),
    ("通知公告", NOTICE_POLICY),
    ("政策文件", NOTICE_POLICY),
    ("年度报告", YEARLY),
    ("预算", YEARLY),
    ("决算", YEARLY),
    ("规划", YEARLY),
    ("统计", YEARLY),
    ("机构设置", None),
    ("职能", None),
    ("领导信息", None),
    ("联系方式", None),
    ("指南", None),
    ("依据", None),
    ("应急预案", None),
)


def column_window(code: str, name: str) -> Window | None:
    """How long a column may stay idle: by code, else by name keyword, else 6 months."""
    if code in CODE_WINDOWS:
        return CODE_WINDOWS[code]
    for keyword, window in NAME_WINDOWS:
        if keyword in name:
            return window
    return DEFAULT_WINDOW


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# --- the indicators ---------------------------------------------------------------------------


def blank_columns(columns: Sequence[Column], links: Links) -> list[Finding]:
    empty = [c for c in columns if c.items == 0]
    if not empty:
        return []
    n = len(empty)
    veto = n >= BLANK_VETO
    return [
        Finding(
            code="I-1",
            severity=VETO if veto else DEDUCTION,
            message=f"{n} 个栏目没有任何公开信息"
            + ("（5 个及以上为单项否决）" if veto else "")
            + "。请在这些栏目发布信息，或停用确实不适用的栏目。",
            count=n,
            url=links.catalog,
            points=0 if veto else 2 * n,
            details=tuple(Detail(f"{c.name}（{c.code}）", c.url) for c in empty),
        )
    ]


def stale_columns(columns: Sequence[Column], on: dt.date, links: Links) -> list[Finding]:
    stale = []
    for c in columns:
        if c.last_published is None:
            continue  # blank: I-1
        window = column_window(c.code, c.name)
        if window is not None and c.last_published < window.cutoff(on):
            stale.append((c, window))
    if not stale:
        return []
    n = len(stale)
    return [
        Finding(
            code="I-2",
            severity=DEDUCTION,
            message=f"{n} 个栏目超过更新周期未更新。",
            count=n,
            url=links.catalog,
            points=min(2 * n, 20),
            details=tuple(
                Detail(
                    f"{c.name}：最近发布于 {_day(c.last_published)}，应每 {w.label} 至少更新一次",
                    c.url,
                )
                for c, w in stale
            ),
        )
    ]


def homepage_stale(last: dt.date | None, on: dt.date, links: Links) -> list[Finding]:
    if last is not None and (on - last).days <= HOMEPAGE_DAYS:
        return []
    if last is None:
        message = "本机构还没有发布过任何信息（两周内无更新即单项否决）。"
    else:
        message = (
            f"最近一次发布是 {_day(last)}，已 {(on - last).days} 天没有更新（超过两周即单项否决）。"
        )
    return [Finding("I-3", VETO, message, 1, links.publishing)]


def dead_links(patrol: Sequence[PatrolRecord], links: Links) -> list[Finding]:
    dead = [p for p in patrol if p.rule == "C-4"]
    if not dead:
        return []
    n = len(dead)
    return [
        Finding(
            "I-4",
            DEDUCTION,
            f"站点巡查发现 {n} 个本站链接无法打开。请更正信息中的链接后重新发布。",
            n,
            links.patrol,
            points=min(n, 10),
            details=tuple(Detail(f"{p.title}：{p.message}", p.url) for p in dead),
        )
    ]


def serious_errors(patrol: Sequence[PatrolRecord], links: Links) -> list[Finding]:
    errors = [p for p in patrol if p.rule != "C-4" and p.severity == "error"]
    if not errors:
        return []
    n = len(errors)
    return [
        Finding(
            "I-5",
            VETO,
            f"站点巡查发现 {n} 处严重错误（错敏字、领导姓名职务错误、未脱敏的个人信息等），"
            "为单项否决。请立即更正或撤稿。",
            n,
            links.patrol,
            details=tuple(Detail(f"{p.title}：{p.rule} {p.message}", p.url) for p in errors),
        )
    ]


def unanswered_messages(messages: Sequence[Message] | None, links: Links) -> list[Finding]:
    if messages is None:
        return [Finding("I-6", NOTICE, MESSAGES_DISABLED + "，本项未检查。", None, "")]
    overdue = [m for m in messages if m.overdue or m.over_three_months]
    if not overdue:
        return []
    n = len(overdue)
    old = [m for m in overdue if m.over_three_months]
    veto = bool(old)
    message = f"{n} 条公众留言超过答复期限仍未答复"
    if veto:
        message += f"，其中 {len(old)} 条超过 3 个月（单项否决）"
    return [
        Finding(
            "I-6",
            VETO if veto else DEDUCTION,
            message + "。",
            n,
            links.interaction,
            points=0 if veto else min(2 * n, 20),
            details=tuple(Detail(f"{m.title}：应于 {_day(m.due)} 前答复", m.url) for m in overdue),
        )
    ]


def late_publication(
    publications: Sequence[Publication], on: dt.date, links: Links
) -> list[Finding]:
    since = months_before(on, LATE_LOOKBACK_MONTHS)
    late = [
        p
        for p in publications
        if p.published_on is not None and since < p.published_on <= on and p.published_on > p.due
    ]
    pending = [p for p in publications if p.published_on is None and p.due < on]
    n = len(late) + len(pending)
    if not n:
        return []
    parts = []
    if late:
        parts.append(f"近 12 个月 {len(late)} 条信息晚于公开时限发布")
    if pending:
        parts.append(f"{len(pending)} 条信息已超过公开时限仍未发布")
    details = [
        Detail(f"{p.title}：应于 {_day(p.due)} 前公开，{_day(p.published_on)} 才发布", p.url)
        for p in late
        if p.published_on is not None
    ] + [Detail(f"{p.title}：应于 {_day(p.due)} 前公开，尚未发布", p.url) for p in pending]
    return [
        Finding(
            "I-7",
            DEDUCTION,
            "，".join(parts) + "（《政府信息公开条例》第二十六条）。",
            n,
            links.publishing,
            points=min(n, 20),
            details=tuple(details),
        )
    ]


def unreachable(uptime: Uptime | None, links: Links) -> list[Finding]:
    if uptime is None or uptime.total < MIN_PROBES:
        n = 0 if uptime is None else uptime.total
        return [
            Finding(
                "I-8",
                NOTICE,
                f"近 7 天只有 {n} 次可用性监测（每天应不少于 20 次），本项尚未判定。"
                "请确认后台任务进程（gongkai worker）在运行。",
                None,
                links.availability,
            )
        ]
    share = uptime.failed / uptime.total
    if share < UNREACHABLE_SHARE:
        return []
    return [
        Finding(
            "I-8",
            VETO,
            f"近 {uptime.window_days} 天 {uptime.total} 次监测中有 {uptime.failed} 次首页无法打开"
            f"（{share:.1%}，达到 5% 即单项否决）。",
            uptime.failed,
            links.availability,
        )
    ]


def stale_new_media(accounts: Sequence[NewMedia], on: dt.date, links: Links) -> list[Finding]:
    stale = [
        a
        for a in accounts
        if a.state == "active"
        and (a.last_update is None or (on - a.last_update).days > NEW_MEDIA_DAYS)
    ]
    if not stale:
        return []

    def why(a: NewMedia) -> str:
        if a.last_update is None:
            return f"{a.platform}「{a.name}」：没有登记最近更新日期"
        return f"{a.platform}「{a.name}」：最近更新于 {_day(a.last_update)}，已 {(on - a.last_update).days} 天"

    return [
        Finding(
            "I-9",
            VETO,
            f"{len(stale)} 个政务新媒体账号超过 2 周没有更新（单项否决）。请发布信息后登记更新日期，"
            "无力维护的账号应发布公告后关停。",
            len(stale),
            links.new_media,
            details=tuple(Detail(why(a), a.url) for a in stale),
        )
    ]


def broken_new_media(accounts: Sequence[NewMedia], links: Links) -> list[Finding]:
    bad = [
        a
        for a in accounts
        if a.state == "unreachable" or (a.state == "closed" and not a.closure_notice)
    ]
    if not bad:
        return []

    def why(a: NewMedia) -> str:
        if a.state == "unreachable":
            return f"{a.platform}「{a.name}」：无法访问"
        return f"{a.platform}「{a.name}」：已关停，没有登记关停公告"

    return [
        Finding(
            "I-10",
            DEDUCTION,
            f"{len(bad)} 个政务新媒体账号无法访问或关停时未发布公告。",
            len(bad),
            links.new_media,
            points=min(5 * len(bad), 20),
            details=tuple(Detail(why(a), a.url) for a in bad),
        )
    ]


def inspect(site: Site, on: dt.date) -> Report:
    findings: list[Finding] = [
        *blank_columns(site.columns, site.links),
        *stale_columns(site.columns, on, site.links),
        *homepage_stale(site.last_publication, on, site.links),
        *dead_links(site.patrol, site.links),
        *serious_errors(site.patrol, site.links),
        *unanswered_messages(site.messages, site.links),
        *late_publication(site.publications, on, site.links),
        *unreachable(site.uptime, site.links),
        *stale_new_media(site.new_media, on, site.links),
        *broken_new_media(site.new_media, site.links),
    ]
    return report(findings, on)


def report(findings: Sequence[Finding], on: dt.date) -> Report:
    vetoed = any(f.severity == VETO for f in findings)
    score = max(0, 100 - sum(f.points for f in findings if f.severity == DEDUCTION))
    return Report(on=on, findings=tuple(findings), vetoed=vetoed, score=score)


def rank_key(report: Report) -> tuple:
    """Worst first: 不合格 before 合格, more vetoes, lower score, more problems."""
    return (report.passed, -len(report.vetoes), report.score, -len(report.problems))
