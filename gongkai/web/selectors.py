"""Reads for the page frames: who sees which navigation, the dashboard's cards, and the
agency tree as the public portal shows it.

Hiding a link is a courtesy, not a protection: every view behind these links checks
permissions itself. The rules here only spare people links that would answer 403.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from gongkai.agencies import selectors as agencies_selectors
from gongkai.agencies.models import Agency, Kind, Level, Membership, Role
from gongkai.agencies.permissions import can_view_agencies

# ---------------------------------------------------------------------------------------
# Who the person is


@dataclass(frozen=True)
class AgencyRoles:
    """One agency a person works in, with the roles they hold there."""

    agency: Agency
    roles: tuple[str, ...]  # display labels


def person_agencies(person) -> list[AgencyRoles]:
    """The agencies a person belongs to, in tree order, each with their role labels."""
    if not person.is_authenticated:
        return []
    by_agency: dict[int, tuple[Agency, list[str]]] = {}
    memberships = (
        Membership.objects.filter(person=person)
        .select_related("agency")
        .order_by("agency__path", "role")
    )
    for m in memberships:
        entry = by_agency.setdefault(m.agency_id, (m.agency, []))
        entry[1].append(str(Role(m.role).label))
    return [AgencyRoles(agency=a, roles=tuple(r)) for a, r in by_agency.values()]


def is_supervisor_admin(person) -> bool:
    return (
        person.is_authenticated
        and Membership.objects.filter(person=person, role=Role.SUPERVISOR_ADMIN).exists()
    )


def is_auditor(person) -> bool:
    return person.is_authenticated and bool(getattr(person, "is_auditor", False))


# ---------------------------------------------------------------------------------------
# The back office's left navigation


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url: str
    current: bool = False


def route_or(name: str, fallback: str, *args: object) -> str:
    """The URL of a named route, or its known address when the app serving it is not
    installed: a dashboard card or a link never breaks a page for want of a route."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def backoffice_nav(person, current_path: str = "") -> list[NavItem]:
    """The navigation a signed-in person sees, in order; the same rules the views enforce.

    工作台: everyone signed in. 年度报告 (made here) and 年报检查 (uploaded reports checked):
    people who work in an agency and hold no 等保
    system role (system roles act on the platform, not on disclosure work — the reports
    app's rule). 审计日志: the 审计管理员 and the 政务公开办管理员. 人员管理: whoever the
    accounts app's `can_view_people` lets in (系统管理员, 安全管理员). 机构管理: the
    agencies app's `can_view_agencies` (系统管理员, 政务公开办管理员). 申请办理督查 and 年报督查:
    the 政务公开办管理员. 接口令牌: whoever the api app's `can_manage_tokens` lets in.
    """
    if not person.is_authenticated:
        return []
    items: list[tuple[str, str, str]] = [("dashboard", str(_("工作台")), reverse("web:home"))]
    system_role = getattr(person, "system_role", "")
    # Asked once each: the nav is on every back-office page.
    works_in_agency = not system_role and Membership.objects.filter(person=person).exists()
    supervisor = is_supervisor_admin(person)
    if works_in_agency:
        items.append(
            ("publishing", str(_("主动公开")), route_or("publishing:home", "/publishing/"))
        )
        items.append(
            ("interaction", str(_("互动交流")), route_or("interaction:queue", "/interaction/"))
        )
        items.append(
            ("applications", str(_("依申请公开")), route_or("applications:queue", "/applications/"))
        )
        items.append(
            ("yearreports", str(_("年度报告")), route_or("yearreports:index", "/yearreports/"))
        )
        items.append(("reports", str(_("年报检查")), route_or("reports:list", "/reports/")))
    if works_in_agency or supervisor:
        items.append(
            ("inspection", str(_("站点检查")), route_or("inspection:index", "/inspection/"))
        )
    if supervisor:
        items.append(
            (
                "supervision",
                str(_("申请办理督查")),
                route_or("applications:supervision", "/applications/supervision/"),
            )
        )
        items.append(
            (
                "report_supervision",
                str(_("年报督查")),
                route_or("reports:supervision_home", "/reports/supervision/"),
            )
        )
    catalog_agencies = _optional_selector("gongkai.catalog.permissions", "viewable_agencies")
    if catalog_agencies is not None and catalog_agencies(person).exists():
        items.append(("catalog", str(_("公开事项目录")), route_or("catalog:list", "/catalog/")))
    keeps_platform_data = _optional_selector("gongkai.agencies.permissions", "keeps_platform_data")
    if keeps_platform_data is not None and keeps_platform_data(person):
        items.append(("lexicon", str(_("审校词库")), route_or("lexicon:index", "/lexicon/")))
    can_manage_calendar = _optional_selector("gongkai.calendars.permissions", "can_manage_calendar")
    if can_manage_calendar is not None and can_manage_calendar(person):
        items.append(("calendar", str(_("工作日历")), route_or("calendars:list", "/calendar/")))
    can_manage_tokens = _optional_selector("gongkai.api.permissions", "can_manage_tokens")
    if can_manage_tokens is not None and can_manage_tokens(person):
        items.append(("api_tokens", str(_("接口令牌")), route_or("api_tokens", "/api/tokens/")))
    if is_auditor(person) or supervisor:
        items.append(("audit", str(_("审计日志")), route_or("audit:index", "/audit/")))
    can_view_people = _optional_selector("gongkai.accounts.permissions", "can_view_people")
    if can_view_people is not None and can_view_people(person):
        items.append(
            ("people", str(_("人员管理")), route_or("accounts:people", "/accounts/people/"))
        )
    if can_view_agencies(person):
        items.append(("agencies", str(_("机构管理")), route_or("agencies:list", "/agencies/")))
    # One entry is current: the one whose address is the longest prefix of the page's
    # (年报督查 /reports/supervision/ lies under 年报检查 /reports/).
    matching = [url for _k, _l, url in items if _is_current(url, current_path)]
    current = max(matching, key=len, default=None)
    return [NavItem(key=k, label=label, url=url, current=url == current) for k, label, url in items]


def _is_current(url: str, current_path: str) -> bool:
    if url == "/":
        return current_path == "/"
    return bool(current_path) and current_path.startswith(url)


# ---------------------------------------------------------------------------------------
# The dashboard's "待我处理" cards


@dataclass(frozen=True)
class Card:
    """One count on the dashboard. Later issues add their own through `register_card`."""

    key: str
    title: str
    count: int
    url: str = ""
    note: str = ""
    # A card that asks for action (e.g. unexplained errors) is drawn more prominently.
    needs_action: bool = False


CardProvider = Callable[[object], list[Card]]
_providers: list[CardProvider] = []


def register_card(provider: CardProvider) -> CardProvider:
    """Add a provider of dashboard cards (usable as a decorator, e.g. from an app's
    `ready()`); it receives the person and returns the cards that concern them."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def supervised_agencies(person) -> QuerySet[Agency]:
    """Agencies a 政务公开办管理员 supervises, as the dashboard counts them: the office
    itself is left out (it is where they work, not what they watch)."""
    return agencies_selectors.supervised_agencies(person).exclude(kind=Kind.OPEN_GOVERNMENT_OFFICE)


# Where the reports app offers its "待我处理" figure. It is looked up when the dashboard
# is drawn, not at import, so the dashboard works before (or without) the reports app.
REPORT_ERRORS_SELECTOR = ("gongkai.reports.selectors", "unexplained_error_count")


def _optional_selector(module: str, name: str) -> Callable | None:
    """A function another app may or may not provide yet; None when it does not."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _supervision_cards(person) -> list[Card]:
    if not is_supervisor_admin(person):
        return []
    cards = [
        Card(
            key="supervised_agencies",
            title=str(_("监督的机构")),
            count=supervised_agencies(person).count(),
            note=str(_("本级政府及所属乡镇（街道）、部门、村（社区）")),
        )
    ]
    unexplained_error_count = _optional_selector(*REPORT_ERRORS_SELECTOR)
    if unexplained_error_count is not None:
        # Without the selector the card is left out: no made-up zero.
        cards.append(
            Card(
                key="unexplained_report_errors",
                title=str(_("年报检查中未说明的错误")),
                count=unexplained_error_count(person),
                url=route_or("reports:list", "/reports/"),
                needs_action=True,
            )
        )
    return cards


register_card(_supervision_cards)


def dashboard_cards(person) -> list[Card]:
    """Every card that concerns the person, in registration order."""
    if not person.is_authenticated:
        return []
    cards: list[Card] = []
    for provider in _providers:
        cards.extend(provider(person))
    return cards


# ---------------------------------------------------------------------------------------
# The public portal's view of the tree


def portal_agencies() -> QuerySet[Agency]:
    """Agencies that have a public 公开专栏. An open-government office works inside its
    government and publishes through it."""
    return Agency.objects.exclude(kind=Kind.OPEN_GOVERNMENT_OFFICE)


def public_index() -> list[tuple[Agency, list[Agency]]]:
    """The anonymous home page: each top-level government with the agencies directly
    under it. Villages are listed on their township's page, not here: a county has
    hundreds of them."""
    roots = list(portal_agencies().filter(parent__isnull=True).order_by("path"))
    children: dict[int, list[Agency]] = {r.pk: [] for r in roots}
    for child in (
        portal_agencies().filter(parent__in=roots).exclude(level=Level.VILLAGE).order_by("path")
    ):
        children[child.parent_id].append(child)
    return [(r, children[r.pk]) for r in roots]


def ancestors(agency: Agency) -> list[Agency]:
    """The agencies above this one, from the top, for the breadcrumb."""
    pks = [int(part) for part in agency.path.split("/") if part][:-1]
    return list(Agency.objects.filter(pk__in=pks).order_by("path"))


@dataclass
class ChildGroup:
    title: str
    agencies: list[Agency] = field(default_factory=list)


def portal_children(agency: Agency) -> list[ChildGroup]:
    """The agencies directly under this one, grouped as a reader looks for them: a
    county's townships and subdistricts, then its departments; a township's villages."""
    groups = {
        "townships": ChildGroup(str(_("乡镇（街道）"))),
        "departments": ChildGroup(str(_("政府部门"))),
        "villages": ChildGroup(str(_("村（社区）"))),
        "other": ChildGroup(str(_("其他机构"))),
    }
    for child in portal_agencies().filter(parent=agency).order_by("path"):
        if child.kind == Kind.DEPARTMENT:
            key = "departments"
        elif child.level == Level.VILLAGE or child.kind == Kind.VILLAGE:
            key = "villages"
        elif child.level in (Level.TOWNSHIP, Level.SUBDISTRICT):
            key = "townships"
        else:
            key = "other"
        groups[key].agencies.append(child)
    return [g for g in groups.values() if g.agencies]
