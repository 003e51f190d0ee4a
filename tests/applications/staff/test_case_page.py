"""The case page and the forms posted from it: the deadlines with their explanation, a
case walked from intake to delivery through the forms, and refusals shown in words with
the input kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Role
from gongkai.applications import services
from gongkai.applications.models import Application, CaseFile, CaseStep
from gongkai.audit.models import AuditEntry

from .conftest import PDF

pytestmark = pytest.mark.django_db

REGISTER = {
    "channel": "post_signed",
    "received_on": "2026-09-18",
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "phone": "13800000000",
    "description": "青石镇2026年道路硬化工程的招标文件和中标通知书",
    "items": "招标文件\n中标通知书",
    "delivery": "paper_post",
}


def _case_html(client, app) -> str:
    response = client.get(reverse("applications:case", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_deadlines_panel_explains_the_answer_date(client, world, case_a):
    sign_in(client, world.drafter)
    html = _case_html(client, case_a)
    panel = re.search(r'<section aria-labelledby="deadlines-h".*?</section>', html, re.S).group(0)
    answer = re.search(r'data-deadline="answer">(.*?)</details>', panel, re.S).group(1)
    assert "答复期限" in answer and "2026年10月22日" in answer
    assert "<details>" in answer and "答复期限是怎样计算的" in answer
    assert "第三十三条" in answer
    assert "自2026年9月18日起算" in answer
    assert "第 1 个工作日为2026年9月20日" in answer
    assert "计入调休工作日 2026年9月20日" in answer
    assert "跳过法定节假日 2026年9月25日" in answer
    assert "暂定" not in answer
    correction = re.search(r'data-deadline="correction_notice">(.*?)</details>', panel, re.S)
    assert "告知补正期限" in correction.group(1) and "2026年9月29日" in correction.group(1)


def test_the_header_shows_the_case(client, world, case_a):
    sign_in(client, world.drafter)
    html = _case_html(client, case_a)
    assert case_a.number in html and "张三" in html and "青石镇人民政府" in html
    assert "邮寄（需签收）" in html and "办理中" in html and "未指定" in html


def test_outstanding_consultations_show_their_reply_dates(client, world, case_a, on_day):
    on_day(dt.date(2026, 10, 12))
    services.step_record(
        actor=world.drafter,
        application=case_a,
        step="third_party_consulted",
        date=dt.date(2026, 10, 12),
        party="某建设公司",
    )
    sign_in(client, world.drafter)
    html = _case_html(client, case_a)
    row = re.search(r'<tr data-consultation="某建设公司">(.*?)</tr>', html, re.S).group(1)
    # 15 working days from 10-12: 10-13 … 11-02.
    assert "2026年11月2日" in row
    assert "计时暂停" in html
    # Replying is offered with the party to choose from.
    assert '<option value="某建设公司">某建设公司</option>' in html


def test_register_through_the_form_shows_the_code_and_secret_once(client, world, on_day):
    on_day(dt.date(2026, 10, 9))
    sign_in(client, world.drafter)
    page = client.get(reverse("applications:register")).content.decode()
    # Every channel's rule is on the page (no JavaScript needed to read them).
    for text in ("本机关签收邮件的日期", "申请人提交申请的日期", "与申请人确认收到的日期"):
        assert text in page
    assert "网上申请" not in re.search(r'id="channel-choices".*?</ul>', page, re.S).group(0)
    data = {**REGISTER, "agency": world.town_a.pk}
    data["files"] = SimpleUploadedFile("身份证.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("applications:register"), data)
    app = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:case", args=[app.pk])
    html = _case_html(client, app)
    code = re.search(r'data-issued="code">(\w+)<', html).group(1)
    secret = re.search(r'data-issued="secret">(\d+)<', html).group(1)
    assert code == app.tracking_code
    assert services.tracking_lookup(code, secret) == app
    assert app.received_on == dt.date(2026, 9, 18) and app.channel == "post_signed"
    assert [i.description for i in app.items.order_by("position")] == ["招标文件", "中标通知书"]
    assert CaseFile.objects.get(application=app).name == "身份证.pdf"
    assert "身份证.pdf" in html
    # Once only.
    assert "data-issued" not in _case_html(client, app)


def test_register_refuses_a_future_date_in_words_and_keeps_the_input(client, world, on_day):
    on_day(dt.date(2026, 10, 9))
    sign_in(client, world.drafter)
    data = {**REGISTER, "agency": world.town_a.pk, "received_on": "2026-10-12"}
    response = client.post(reverse("applications:register"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "收到申请的日期 2026-10-12 晚于今天，请检查" in html
    assert 'value="张三"' in html and "中标通知书" in html
    assert not Application.objects.exists()


def test_register_refuses_a_file_that_is_not_a_document(client, world, on_day):
    on_day(dt.date(2026, 10, 9))
    sign_in(client, world.drafter)
    data = {**REGISTER, "agency": world.town_a.pk}
    data["files"] = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(reverse("applications:register"), data)
    assert response.status_code == 400
    assert "附件“scan.pdf”不是 PDF" in response.content.decode()
    assert not Application.objects.exists()


def test_register_asks_for_the_required_fields(client, world, on_day):
    on_day(dt.date(2026, 10, 9))
    sign_in(client, world.drafter)
    response = client.post(reverse("applications:register"), {"agency": world.town_a.pk})
    assert response.status_code == 400
    assert "申请尚未登记" in response.content.decode()


def test_a_whole_case_through_the_forms(client, world, on_day):
    on_day(dt.date(2026, 10, 13))
    sign_in(client, world.drafter)
    audits = AuditEntry.objects.count()
    client.post(reverse("applications:register"), {**REGISTER, "agency": world.town_a.pk})
    app = Application.objects.get()
    url = lambda name, *a: reverse(f"applications:{name}", args=[app.pk, *a])  # noqa: E731

    def post(name, data, *args, status=302):
        response = client.post(url(name, *args), data)
        assert response.status_code == status, response.content.decode()[:3000]
        app.refresh_from_db()
        return response

    post("case_step", {"correction_requested-date": "2026-09-21"}, "correction_requested")
    assert app.status == "awaiting_correction"
    html = _case_html(client, app)
    assert "答复期限自收到补正后的申请之日起重新计算" in html
    assert 'data-deadline="answer"' not in html
    post(
        "case_step",
        {
            "correction_received-date": "2026-09-28",
            "correction_received-note": "补正了工程名称",
            "correction_received-files": SimpleUploadedFile("补正申请.pdf", PDF),
        },
        "correction_received",
    )
    assert app.status == "open"
    step = CaseStep.objects.get(application=app, step="correction_received")
    assert step.files.get().name == "补正申请.pdf"
    html = _case_html(client, app)
    assert "自收到补正后的申请之日起重新计算" in html  # the restarted answer clock
    items = list(app.items.order_by("position"))
    post(
        "case_decide",
        {
            "decide-date": "2026-10-12",
            f"decide-outcome_{items[0].pk}": "granted",
            f"decide-answer_{items[0].pk}": "随告知书提供招标文件",
            f"decide-outcome_{items[1].pk}": "unable_not_held",
        },
    )
    assert app.status == "decided" and app.concluded_on == dt.date(2026, 10, 12)
    items = list(app.items.order_by("position"))
    assert [i.outcome for i in items] == ["granted", "unable_not_held"]
    assert items[0].answer == "随告知书提供招标文件"
    post("case_step", {"delivered-date": "2026-10-13"}, "delivered")
    assert app.status == "closed"

    html = _case_html(client, app)
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r'data-step="(\w+)"', timeline) == [
        "submitted",
        "received",
        "correction_requested",
        "correction_received",
        "decided",
        "delivered",
    ]
    assert "补正申请.pdf" in timeline and "补正了工程名称" in timeline
    assert "drafter 于 2026年10月13日" in timeline
    assert "予以公开，向申请人提供" in html and "经检索没有所申请的信息" in html
    # Closed: only a note may still be added.
    actions = re.search(r'<section aria-labelledby="actions-h".*?</section>', html, re.S).group(0)
    assert re.findall(r'id="action-(\w+)"', actions) == ["note"]
    kinds = list(AuditEntry.objects.order_by("id").values_list("kind", flat=True)[audits:])
    assert kinds == [
        "applications.registered",
        "applications.received",
        "applications.correction_requested",
        "applications.correction_received",
        "applications.decided",
        "applications.delivered",
    ]


def test_a_step_dated_before_the_last_is_refused_and_the_input_kept(client, world, case_a, on_day):
    on_day(dt.date(2026, 10, 12))
    services.step_record(
        actor=world.drafter,
        application=case_a,
        step="correction_requested",
        date=dt.date(2026, 9, 25),
    )
    steps = CaseStep.objects.count()
    sign_in(client, world.drafter)
    response = client.post(
        reverse("applications:case_step", args=[case_a.pk, "correction_received"]),
        {"correction_received-date": "2026-09-22", "correction_received-note": "纸质补正材料"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "办理事项须按时间先后登记" in html
    assert "“收到补正后的申请”的日期不能早于上一项的日期（2026-09-25）" in html
    assert '<details class="action" id="action-correction_received" open>' in html
    assert 'value="2026-09-22"' in html and "纸质补正材料" in html
    assert CaseStep.objects.count() == steps
    case_a.refresh_from_db()
    assert case_a.status == "awaiting_correction"


def test_a_missing_outcome_is_named(client, world, case_a):
    sign_in(client, world.drafter)
    item = case_a.items.get()
    response = client.post(
        reverse("applications:case_decide", args=[case_a.pk]),
        {"decide-date": "2026-10-09", f"decide-outcome_{item.pk}": ""},
    )
    assert response.status_code == 400
    assert "第 1 项的处理结果" in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.status == "open"


def test_the_outcomes_are_grouped_as_in_table_three(client, world, case_a):
    sign_in(client, world.drafter)
    html = _case_html(client, case_a)
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups == ["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"]
    # Lapsed 补正 and unpaid fees have their own steps.
    assert 'value="other_no_correction"' not in html and 'value="other_misc"' in html


def test_an_extension_by_the_head_of_the_office(client, world, case_a):
    head = make_person("head_a2", roles=[(world.town_a, Role.DISCLOSURE_HEAD)])
    sign_in(client, head)
    html = _case_html(client, case_a)
    assert f'action="/applications/{case_a.pk}/extend/"' in html
    response = client.post(
        reverse("applications:case_extend", args=[case_a.pk]),
        {"extend-date": "2026-10-09", "extend-days": "25", "extend-reason": "材料多"},
    )
    assert response.status_code == 400  # the form's bound: at most 20
    response = client.post(
        reverse("applications:case_extend", args=[case_a.pk]),
        {"extend-date": "2026-10-09", "extend-days": "20", "extend-reason": "档案需调阅"},
    )
    assert response.status_code == 302
    html = _case_html(client, case_a)
    assert "经批准延长 20 个工作日" in html and "批准人：head_a2" in html


def test_a_custom_due_date_replaces_the_answer_date(client, world, case_a):
    sign_in(client, world.drafter)
    response = client.post(
        reverse("applications:case_custom_due", args=[case_a.pk]),
        {
            "custom_due-date": "2026-10-09",
            "custom_due-due_date": "2026-12-31",
            "custom_due-reason": "申请了 300 份文件",
        },
    )
    assert response.status_code == 302
    html = _case_html(client, case_a)
    assert 'data-deadline="custom"' in html and "2026年12月31日" in html
    assert "以另行确定的期限为准" in html


def test_an_online_case_is_confirmed_on_the_page(client, world, on_day):
    on_day(dt.date(2026, 10, 9))
    app, _secret = services.application_submit_online(
        agency=world.town_a,
        intake=services.Intake(
            applicant_type="natural_person", applicant_name="网", description="x"
        ),
    )
    sign_in(client, world.drafter)
    html = _case_html(client, app)
    assert "尚未确认收到申请" in html and 'id="action-receive"' in html
    response = client.post(
        reverse("applications:case_receive", args=[app.pk]), {"receive-received_on": "2026-10-09"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "open" and app.received_on == dt.date(2026, 10, 9)


def test_an_unknown_step_is_not_found(client, world, case_a):
    sign_in(client, world.drafter)
    for step in ("decided", "nonsense", "extended"):
        url = reverse("applications:case_step", args=[case_a.pk, step])
        assert client.post(url, {f"{step}-date": "2026-10-09"}).status_code == 404


def test_a_case_file_is_downloaded_only_by_those_who_may_see_the_case(client, world, on_day):
    on_day(dt.date(2026, 10, 9))
    sign_in(client, world.drafter)
    data = {**REGISTER, "agency": world.town_a.pk}
    data["files"] = SimpleUploadedFile("身份证.pdf", PDF)
    client.post(reverse("applications:register"), data)
    f = CaseFile.objects.get()
    url = reverse("applications:case_file", args=[f.application_id, f.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    sign_in(client, world.other_supervisor)
    assert client.get(url).status_code == 404


def test_assigning_a_handler_and_adding_a_note(client, world, case_a):
    head = make_person(
        "head_a3", display_name="李主任", roles=[(world.town_a, Role.DISCLOSURE_HEAD)]
    )
    outsider = make_person("clerk_b4", roles=[(world.town_b, Role.DRAFTER)])
    sign_in(client, world.drafter)
    html = _case_html(client, case_a)
    # Only people of the town (or above it) are offered.
    assert "李主任" in html and "clerk_b4" not in html
    url = reverse("applications:case_assign", args=[case_a.pk])
    assert client.post(url, {"assign-handler": outsider.pk}).status_code == 400
    assert client.post(url, {"assign-handler": head.pk}).status_code == 302
    response = client.post(
        reverse("applications:case_note", args=[case_a.pk]), {"note-text": "已电话联系申请人"}
    )
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.handler == head and case_a.status == "open"
    html = _case_html(client, case_a)
    assert 'data-fact="handler">李主任<' in html and "已电话联系申请人" in html
    assert (
        client.post(
            reverse("applications:case_note", args=[case_a.pk]), {"note-text": "  "}
        ).status_code
        == 400
    )


def test_a_note_while_awaiting_correction_keeps_the_case_waiting(client, world, case_a):
    services.step_record(
        actor=world.drafter,
        application=case_a,
        step="correction_requested",
        date=dt.date(2026, 9, 21),
    )
    services.note_add(actor=world.drafter, application=case_a, text="已电话提醒")
    case_a.refresh_from_db()
    assert case_a.status == "awaiting_correction"
    sign_in(client, world.drafter)
    response = client.post(
        reverse("applications:case_step", args=[case_a.pk, "correction_received"]),
        {"correction_received-date": "2026-10-09"},
    )
    assert response.status_code == 302


def test_a_log_that_does_not_replay_shows_the_reason_not_a_traceback(client, world, case_a):
    # A log edited by hand: a reply to a consultation that was never started.
    CaseStep.objects.create(
        application=case_a, step="third_party_replied", date=dt.date(2026, 10, 1)
    )
    sign_in(client, world.drafter)
    html = _case_html(client, case_a)
    assert "办理记录无法按时间顺序核对" in html and "没有正在征求意见的对象" in html
    assert 'id="action-' not in html
