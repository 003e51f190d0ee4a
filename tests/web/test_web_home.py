"""`/`: the public index of agencies for visitors, the dashboard for signed-in staff."""

from __future__ import annotations

import pytest
from django.conf import settings

from gongkai.agencies.models import Role
from gongkai.web import selectors

pytestmark = pytest.mark.django_db


# --- the public index ------------------------------------------------------------------


def test_a_visitor_sees_the_governments_and_their_townships_and_departments(client, county):
    response = client.get("/")
    assert response.status_code == 200
    assert "web/index.html" in [t.name for t in response.templates]
    html = response.content.decode()
    for key in ("county", "qingshi", "shiqiao", "education"):
        assert f'href="/gk/{county[key].slug}/"' in html
    # Villages are on their township's page; the office publishes through its government.
    assert county["village"].name not in html
    assert county["office"].name not in html


def test_the_public_index_may_be_cached_a_minute_and_varies_by_cookie(client, county):
    response = client.get("/")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_the_public_index_is_private_for_a_request_carrying_a_session_cookie(client, county):
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired-or-foreign"
    response = client.get("/")
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_public_index_says_so_when_no_agency_exists(client):
    response = client.get("/")
    assert "尚未设置任何机构" in response.content.decode()


def test_the_home_page_refuses_posts(client):
    assert client.post("/").status_code == 405


# --- the dashboard ---------------------------------------------------------------------


def test_signed_in_staff_get_the_dashboard_never_cached(client, people):
    client.force_login(people["drafter"])
    response = client.get("/")
    assert response.status_code == 200
    names = [t.name for t in response.templates]
    assert "web/dashboard.html" in names and "web/base_backoffice.html" in names
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_clerk_with_nothing_to_do_is_told_so_honestly(client, people):
    client.force_login(people["drafter"])
    response = client.get("/")
    assert response.context["cards"] == []
    assert "目前没有等待您处理的事项" in response.content.decode()


def test_the_supervisor_sees_how_many_agencies_they_supervise(client, people, county):
    client.force_login(people["supervisor"])
    response = client.get("/")
    cards = {c.key: c for c in response.context["cards"]}
    # County government, two townships, a department and a village; not the office itself.
    assert cards["supervised_agencies"].count == 5
    assert 'data-card="supervised_agencies"' in response.content.decode()


def test_unexplained_report_errors_are_counted_when_the_reports_app_offers_it(
    client, people, report_errors
):
    report_errors(7)
    client.force_login(people["supervisor"])
    response = client.get("/")
    card = {c.key: c for c in response.context["cards"]}["unexplained_report_errors"]
    assert card.count == 7 and card.needs_action
    assert card.url.startswith("/reports/")
    assert 'class="card card-action" data-card="unexplained_report_errors"' in (
        response.content.decode()
    )


def test_the_reports_apps_own_selector_feeds_the_card(client, county, make_person):
    """Against the real gongkai.reports.selectors (no stand-in): a supervisor with no
    checks yet sees a zero."""
    from gongkai.web.selectors import REPORT_ERRORS_SELECTOR

    module = pytest.importorskip(REPORT_ERRORS_SELECTOR[0])
    if not hasattr(module, REPORT_ERRORS_SELECTOR[1]):
        pytest.skip("the reports app has no unexplained_error_count yet")
    supervisor = make_person("ogo2", memberships=[(county["office"], Role.SUPERVISOR_ADMIN)])
    client.force_login(supervisor)
    cards = {c.key: c for c in client.get("/").context["cards"]}
    assert cards["unexplained_report_errors"].count == 0


@pytest.mark.parametrize(
    "target",
    [
        ("gongkai_no_such_module", "unexplained_error_count"),
        ("gongkai.web.selectors", "no_such_function"),
    ],
)
def test_without_the_reports_selector_the_card_is_left_out_not_faked(
    client, people, monkeypatch, target
):
    monkeypatch.setattr("gongkai.web.selectors.REPORT_ERRORS_SELECTOR", target)
    client.force_login(people["supervisor"])
    response = client.get("/")
    keys = [c.key for c in response.context["cards"]]
    assert "unexplained_report_errors" not in keys and "supervised_agencies" in keys


def test_a_registered_card_provider_adds_its_card(client, people, monkeypatch):
    from gongkai.web import selectors

    def provider(person):
        return [selectors.Card(key="overdue", title="逾期申请", count=2, needs_action=True)]

    monkeypatch.setattr(selectors, "_providers", list(selectors._providers))
    selectors.register_card(provider)
    client.force_login(people["drafter"])
    response = client.get("/")
    assert [c.key for c in response.context["cards"]] == ["overdue"]
    assert "逾期申请" in response.content.decode()


# --- the frame: header and navigation --------------------------------------------------


def test_the_header_names_the_person_their_agencies_and_offers_sign_out(client, people):
    client.force_login(people["drafter"])
    html = client.get("/").content.decode()
    assert "王文书" in html
    assert "青石镇人民政府" in html and "撰稿人" in html
    assert 'action="/accounts/logout/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.parametrize(
    ("who", "visible", "hidden"),
    [
        ("drafter", ["工作台", "年度报告", "年报检查"], ["审计日志", "人员管理", "年报督查"]),
        ("supervisor", ["工作台", "年报检查", "年报督查", "审计日志"], ["人员管理"]),
        ("auditor", ["工作台", "审计日志"], ["年报检查", "人员管理", "年度报告", "接口令牌"]),
        ("sysadmin", ["工作台", "人员管理"], ["年报检查", "审计日志", "年报督查"]),
        ("secadmin", ["工作台", "人员管理"], ["年报检查", "审计日志"]),
        ("admin_with_post", ["工作台", "人员管理"], ["年报检查", "审计日志"]),
    ],
)
def test_the_navigation_lists_only_what_the_person_may_use(client, people, who, visible, hidden):
    client.force_login(people[who])
    html = client.get("/").content.decode()
    nav = html.split('class="bo-nav"', 1)[1].split("</nav>", 1)[0]
    for label in visible:
        assert label in nav
    for label in hidden:
        assert label not in nav


def test_without_the_accounts_predicate_nobody_gets_the_people_link(client, people, monkeypatch):
    real_optional = selectors._optional_selector
    monkeypatch.setattr(
        selectors,
        "_optional_selector",
        lambda module, name: None if name == "can_view_people" else real_optional(module, name),
    )
    client.force_login(people["sysadmin"])
    assert "人员管理" not in client.get("/").content.decode()


def test_each_link_is_reachable_from_the_routes_of_its_app(client, people):
    """The links follow the apps' named routes, not guessed paths."""
    from django.urls import reverse

    client.force_login(people["sysadmin"])
    assert f'href="{reverse("accounts:people")}"' in client.get("/").content.decode()


def test_the_audit_link_goes_to_the_audit_app_and_the_current_page_is_marked(client, people):
    client.force_login(people["supervisor"])
    html = client.get("/").content.decode()
    assert 'href="/audit/"' in html and 'href="/reports/"' in html
    assert 'href="/" data-nav="dashboard" aria-current="page"' in html


def test_a_person_with_several_roles_sees_each_agency_once(client, people, county, make_person):
    both = make_person(
        "both",
        display_name="孙两岗",
        memberships=[
            (county["qingshi"], Role.DRAFTER),
            (county["qingshi"], Role.REVIEWER),
            (county["shiqiao"], Role.DRAFTER),
        ],
    )
    client.force_login(both)
    html = client.get("/").content.decode()
    person = html.split('class="bo-person"', 1)[1].split("</div>", 1)[0]
    assert person.count("青石镇人民政府") == 1 and person.count("石桥镇人民政府") == 1
    assert "撰稿人、审核人（分管领导）" in html or "审核人（分管领导）、撰稿人" in html


def test_only_the_most_specific_navigation_entry_is_current(client, people):
    client.force_login(people["supervisor"])
    nav = selectors.backoffice_nav(people["supervisor"], "/reports/supervision/2025/")
    assert [item.key for item in nav if item.current] == ["report_supervision"]
    nav = selectors.backoffice_nav(people["supervisor"], "/reports/7/")
    assert [item.key for item in nav if item.current] == ["reports"]
