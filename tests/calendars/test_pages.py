"""The calendar pages with Django's test client: who gets in, preview, errors that keep
what was typed, saving, confirming, and the dashboard card."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.accounts.testing import sign_in
from gongkai.calendars.models import CalendarYear
from gongkai.calendars.selectors import work_calendar
from gongkai.calendars.signals import on_calendar_changed
from gongkai.web.selectors import dashboard_cards
from tests.calendars.conftest import NOTICE_2027, NOTICE_REF_2027

pytestmark = pytest.mark.django_db

D = dt.date
ROLES = ["anonymous", "drafter", "supervisor", "other_supervisor", "auditor", "security"]
ROLES += ["sysadmin"]
ALLOWED = {"supervisor", "other_supervisor", "sysadmin"}


def _as(client, world, who):
    if who != "anonymous":
        sign_in(client, getattr(world, who))
    return client


def _outcome(response) -> str | int:
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return "login"
    return response.status_code


def _post_2027(action="save", text=NOTICE_2027, notice_ref=NOTICE_REF_2027):
    return {"action": action, "text": text, "notice_ref": notice_ref}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/calendar/", None),
        ("get", "/calendar/2027/", None),
        ("post", "/calendar/2027/", _post_2027("preview")),
        ("post", "/calendar/2027/", _post_2027("save_confirm")),
        ("post", "/calendar/2026/", {"action": "confirm"}),
    ],
)
def test_who_gets_which_answer(client, world, who, method, url, data):
    response = getattr(_as(client, world, who), method)(url, data)
    if who == "anonymous":
        expected = "login"
    elif who in ALLOWED:
        expected = 302 if data and data["action"] in ("save_confirm", "confirm") else 200
    else:
        expected = 403
    assert _outcome(response) == expected
    created = CalendarYear.objects.filter(year=2027).exists()
    assert created == (who in ALLOWED and data is not None and data["action"] == "save_confirm")


def test_the_list_shows_confirmed_provisional_and_source(client, world):
    _as(client, world, "supervisor").post("/calendar/2027/", _post_2027("save"))
    page = client.get("/calendar/").content.decode()
    assert "✓ 已确认" in page and "暂定" in page
    assert "软件内置（chinese-calendar）" in page and "管理员录入" in page
    assert 'data-year="2004"' in page and 'data-year="2027"' in page
    assert NOTICE_REF_2027 in page


def test_the_list_offers_a_year_not_yet_in_the_table(client, world, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 9, 0), tick=False)
    page = _as(client, world, "sysadmin").get("/calendar/").content.decode()
    assert 'data-new-year="2027"' in page and 'href="/calendar/2027/"' in page
    assert 'data-warning="calendar"' in page


def test_a_year_page_shows_the_stored_days_as_editable_text(client, world):
    response = _as(client, world, "sysadmin").get("/calendar/2026/")
    page = response.content.decode()
    assert 'data-status="confirmed"' in page
    assert "2026-10-01 至 2026-10-07 国庆节 放假" in response.context["form"].initial["text"]
    assert 'data-date="2026-10-10" data-effect="worked"' in page


def test_an_unknown_year_page_says_so_and_can_be_created(client, world):
    page = _as(client, world, "sysadmin").get("/calendar/2027/").content.decode()
    assert 'data-status="missing"' in page and "尚未录入" in page
    assert 'name="action" value="save_confirm"' in page


def test_years_out_of_range_are_not_found(client, world):
    _as(client, world, "sysadmin")
    assert client.get("/calendar/2003/").status_code == 404
    assert client.get("/calendar/2999/").status_code == 404


def test_preview_shows_the_days_and_saves_nothing(client, world):
    response = _as(client, world, "supervisor").post("/calendar/2027/", _post_2027("preview"))
    page = response.content.decode()
    assert "预览（尚未保存）" in page
    assert 'data-date="2027-10-01" data-effect="off"' in page  # a Friday off
    assert 'data-date="2027-10-02" data-effect="none"' in page  # a Saturday, off anyway
    assert 'data-date="2027-09-26" data-effect="worked"' in page
    assert "星期五" in page and "周末 → 调休上班" in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_typing_errors_name_the_line_and_keep_what_was_typed(client, world):
    text = "2027-10-01 至 2027-10-07 国庆节\n10月8日上班\n2027-13-01"
    response = _as(client, world, "supervisor").post("/calendar/2027/", _post_2027(text=text))
    assert response.status_code == 200
    page = response.content.decode()
    assert "第 2 行（10月8日上班）" in page and "本来就上班" in page
    assert "第 3 行（2027-13-01）" in page
    assert "2027-10-01 至 2027-10-07 国庆节\n10月8日上班\n2027-13-01</textarea>" in page
    assert f'value="{NOTICE_REF_2027}"' in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_refusal_of_the_service_keeps_what_was_typed(client, world):
    data = _post_2027("save_confirm", notice_ref="")
    response = _as(client, world, "supervisor").post("/calendar/2027/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "确认前请填写" in page
    assert "国庆节" in response.context["form"]["text"].value()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_save_then_confirm_through_the_pages(client, world):
    on_calendar_changed(lambda change: f"{change.year} 年：2 件在办申请的期限已调整")
    _as(client, world, "supervisor")
    response = client.post("/calendar/2027/", _post_2027("save"), follow=True)
    page = response.content.decode()
    assert "已保存 2027 年的放假安排（暂定，尚未确认）" in page
    assert 'data-status="provisional"' in page and 'name="action" value="confirm"' in page
    assert not work_calendar().is_confirmed(2027)

    response = client.post("/calendar/2027/", {"action": "confirm"}, follow=True)
    page = response.content.decode()
    assert "已确认 2027 年的放假安排" in page
    assert "2027 年：2 件在办申请的期限已调整" in page
    assert 'data-status="confirmed"' in page
    assert work_calendar().is_working_day(D(2027, 10, 4)) == (False, False)


def test_confirming_twice_is_told_not_failed(client, world):
    _as(client, world, "sysadmin")
    response = client.post("/calendar/2026/", {"action": "confirm"}, follow=True)
    assert "已经确认过了" in response.content.decode()


def test_the_pages_are_never_cached(client, world):
    response = _as(client, world, "sysadmin").get("/calendar/")
    assert "no-store" in response["Cache-Control"]


# ---------------------------------------------------------------------------------------
# The dashboard card


@pytest.mark.parametrize("who", ["sysadmin", "supervisor"])
def test_the_card_asks_the_administrators_for_next_years_notice(world, who, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 9, 0), tick=False)
    cards = {c.key: c for c in dashboard_cards(getattr(world, who))}
    card = cards["calendar_unconfirmed"]
    assert card.needs_action and card.count == 1 and card.url == "/calendar/2027/"
    assert "2027 年的放假安排尚未确认" in card.note


@pytest.mark.parametrize("who", ["drafter", "auditor", "security"])
def test_no_card_for_people_who_cannot_act_on_it(world, who, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 9, 0), tick=False)
    assert "calendar_unconfirmed" not in {c.key for c in dashboard_cards(getattr(world, who))}


def test_no_card_before_november_nor_once_confirmed(client, world, time_machine):
    time_machine.move_to(dt.datetime(2026, 10, 31, 9, 0), tick=False)
    assert "calendar_unconfirmed" not in {c.key for c in dashboard_cards(world.sysadmin)}
    time_machine.move_to(dt.datetime(2026, 11, 22, 9, 0), tick=False)
    _as(client, world, "sysadmin").post("/calendar/2027/", _post_2027("save_confirm"))
    assert "calendar_unconfirmed" not in {c.key for c in dashboard_cards(world.sysadmin)}


def test_the_card_is_on_the_dashboard_page(client, world, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 9, 0), tick=False)
    page = _as(client, world, "supervisor").get("/").content.decode()
    assert 'data-card="calendar_unconfirmed"' in page and 'href="/calendar/2027/"' in page
