"""Tracking an application with its code and secret: what the applicant sees (and never
sees), the same answer for every wrong guess, throttling, and letters behind the proof."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role
from gongkai.applications import public_views, selectors, services
from gongkai.applications.models import Application, Letter
from gongkai.disclosure.lifecycle import Step

from .conftest import PDF, docx_bytes

pytestmark = pytest.mark.django_db

WRONG = "查询码或查询密码不正确"


def submitted(town) -> tuple[Application, str]:
    return services.application_submit_online(
        agency=town,
        intake=services.Intake(
            applicant_type="natural_person",
            applicant_name="李秀英",
            description="2026年青石镇农村危房改造补助名单",
            phone="13800000000",
        ),
    )


def letter(app: Application, title: str, *, issued: bool = True) -> Letter:
    item = Letter(application=app, key="decision", title=title, text="正文", issued=issued)
    item.docx.save("letter.docx", ContentFile(docx_bytes()), save=False)
    item.pdf.save("letter.pdf", ContentFile(PDF), save=False)
    item.save()
    return item


def look_up(client: Client, code: str, secret: str, **extra):
    return client.post("/track/", {"code": code, "secret": secret}, **extra)


@pytest.fixture
def case(town):
    return submitted(town)


def test_the_right_code_and_secret_open_the_case(client, town, case):
    app, secret = case
    response = look_up(client, app.tracking_code.lower(), secret)
    assert response.status_code == 302 and response["Location"] == "/track/case/"
    page = client.get("/track/case/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "待确认收到" in html and app.number in html and "青石镇人民政府" in html
    assert "尚未确认收到" in html
    assert "提交申请" in html
    assert "public" not in page["Cache-Control"]


def test_a_wrong_secret_and_an_unknown_code_get_the_same_answer(client, town, case):
    app, secret = case
    wrong_secret = "000000" if secret != "000000" else "111111"
    a = look_up(client, app.tracking_code, wrong_secret)
    b = look_up(Client(), "ZZZZZZZZZZ", secret)
    assert a.status_code == b.status_code == 400
    assert WRONG in a.content.decode() and WRONG in b.content.decode()
    assert app.number not in a.content.decode()
    assert client.get("/track/case/").status_code == 302  # nothing proven


def test_empty_fields_are_asked_for(client, town):
    html = look_up(client, "", "").content.decode()
    assert "请填写回执上的查询码" in html and "6 位查询密码" in html


def test_the_case_page_without_proof_sends_to_the_lookup(client, town, case):
    assert client.get("/track/case/")["Location"] == "/track/"


def test_internal_notes_handler_and_third_parties_never_show(client, town, case):
    app, secret = case
    clerk = make_person("clerk", roles=[(town, Role.DRAFTER)], display_name="王文书")
    today = selectors.today()
    services.application_receive(actor=clerk, application=app, received_on=today)
    services.application_assign(actor=clerk, application=app, handler=clerk)
    services.note_add(actor=clerk, application=app, text="申请人曾多次来电，语气激动")
    services.step_record(
        actor=clerk,
        application=app,
        step=Step.THIRD_PARTY_CONSULTED,
        date=today,
        party="青石农业发展有限公司",
        note="涉及商业秘密",
    )
    look_up(client, app.tracking_code, secret)
    html = client.get("/track/case/").content.decode()
    assert "征求意见中" in html  # the status itself is public
    for secret_text in (
        "申请人曾多次来电",
        "王文书",
        "clerk",
        "青石农业发展有限公司",
        "涉及商业秘密",
        "征求第三方意见",
        "内部备注",
        "指定承办人",
    ):
        assert secret_text not in html, secret_text
    assert "确认收到申请" in html
    assert f"{today.year}年{today.month}月{today.day}日" in html
    assert "答复期限" in html and "计时暂停" in html


def test_an_extension_shows_its_new_due_date(client, town, case):
    app, secret = case
    head = make_person("head", roles=[(town, Role.DISCLOSURE_HEAD)], display_name="赵主任")
    today = selectors.today()
    services.application_receive(actor=head, application=app, received_on=today)
    services.extension_approve(
        actor=head, application=app, date=today, days=20, reason="需要调取历年档案"
    )

    due = selectors.case_deadlines(Application.objects.get(pk=app.pk)).answer
    look_up(client, app.tracking_code, secret)
    html = client.get("/track/case/").content.decode()
    assert "延长答复期限" in html
    assert f"答复期限延长至 {due.date.year}年{due.date.month}月{due.date.day}日" in html
    assert "需要调取历年档案" not in html and "赵主任" not in html


def test_only_issued_letters_are_listed_and_downloadable_with_the_proof(client, town, case):
    app, secret = case
    sent = letter(app, "政府信息公开申请答复书")
    draft = letter(app, "内部草稿告知书", issued=False)
    look_up(client, app.tracking_code, secret)
    html = client.get("/track/case/").content.decode()
    assert "政府信息公开申请答复书" in html and "内部草稿告知书" not in html
    assert f"/track/letters/{sent.pk}.pdf" in html
    response = client.get(f"/track/letters/{sent.pk}.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert "public" not in response["Cache-Control"]
    docx = client.get(f"/track/letters/{sent.pk}.docx")
    assert docx.status_code == 200
    assert client.get(f"/track/letters/{draft.pk}.pdf").status_code == 403


def test_a_letter_cannot_be_downloaded_without_the_proof(town, case):
    app, _secret = case
    sent = letter(app, "政府信息公开申请答复书")
    stranger = Client()
    response = stranger.get(f"/track/letters/{sent.pk}.pdf")
    assert response.status_code == 403
    assert "查询码和查询密码" in response.content.decode()
    assert stranger.get("/track/letters/999999.pdf").status_code == 403


def test_the_proof_of_one_case_opens_no_other_case_s_letters(client, town, case):
    app, secret = case
    other, _other_secret = submitted(town)
    theirs = letter(other, "别人的答复书")
    look_up(client, app.tracking_code, secret)
    assert client.get(f"/track/letters/{theirs.pk}.pdf").status_code == 403


def test_the_proof_lasts_thirty_minutes(client, town, case, time_machine):
    app, secret = case
    sent = letter(app, "政府信息公开申请答复书")
    time_machine.move_to(dt.datetime.now(tz=dt.UTC), tick=False)
    look_up(client, app.tracking_code, secret)
    time_machine.shift(dt.timedelta(minutes=29))
    assert client.get(f"/track/letters/{sent.pk}.pdf").status_code == 200
    time_machine.shift(dt.timedelta(minutes=2))
    assert client.get(f"/track/letters/{sent.pk}.pdf").status_code == 403


def test_leaving_forgets_the_proof(client, town, case):
    app, secret = case
    sent = letter(app, "政府信息公开申请答复书")
    look_up(client, app.tracking_code, secret)
    client.post("/track/forget/")
    assert client.get("/track/case/").status_code == 302
    assert client.get(f"/track/letters/{sent.pk}.pdf").status_code == 403


def test_the_person_who_just_submitted_can_follow_the_case_without_retyping(client, town):
    from .conftest import person_data

    client.post("/gk/qingshi/apply/", person_data())
    assert client.get("/track/case/").status_code == 200


# --- throttling ------------------------------------------------------------------------------


def guesses(client: Client, n: int, code: str = "ZZZZZZZZZZ", **extra) -> None:
    for i in range(n):
        assert look_up(client, code, f"{i:06d}", **extra).status_code == 400


def test_after_ten_wrong_guesses_a_session_is_refused_even_the_right_secret(
    client, town, case, time_machine
):
    app, secret = case
    time_machine.move_to(dt.datetime(2026, 9, 21, 2, 0, tzinfo=dt.UTC), tick=False)
    guesses(client, 10)
    response = look_up(client, app.tracking_code, secret)
    assert response.status_code == 429
    html = response.content.decode()
    assert "查询失败的次数太多" in html and "10:15 以后再试" in html  # 02:00 UTC is 10:00
    time_machine.shift(dt.timedelta(minutes=15, seconds=1))
    assert look_up(client, app.tracking_code, secret).status_code == 302


def test_a_new_session_from_the_same_address_is_refused_too(town, case):
    app, secret = case
    guesses(Client(), 10, REMOTE_ADDR="203.0.113.7")
    fresh = Client()
    assert look_up(fresh, app.tracking_code, secret, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert (
        look_up(Client(), app.tracking_code, secret, REMOTE_ADDR="198.51.100.2").status_code == 302
    )


def test_behind_the_proxy_the_address_nginx_saw_counts_not_what_the_client_wrote(town, case):
    app, secret = case
    for i in range(10):
        look_up(
            Client(),
            f"Y{i:09d}",
            "123456",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 203.0.113.7",
        )
    blocked = look_up(
        Client(), app.tracking_code, secret, REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )  # fmt: skip
    assert blocked.status_code == 429
    other = look_up(
        Client(), app.tracking_code, secret, REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )  # fmt: skip
    assert other.status_code == 302


def test_many_addresses_guessing_one_code_are_stopped(town, case):
    app, secret = case
    for i in range(10):
        look_up(Client(), app.tracking_code, "999999" if secret != "999999" else "888888",
                REMOTE_ADDR=f"198.51.100.{i}")  # fmt: skip
    response = look_up(Client(), app.tracking_code, secret, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429


def test_the_limits_are_those_the_brief_states():
    assert public_views.THROTTLE_LIMIT == 10
    assert public_views.THROTTLE_WINDOW == 15 * 60
    assert public_views.PROOF_SECONDS == 30 * 60
