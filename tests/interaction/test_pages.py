"""The public pages (form, error report, receipt, list) and the clerk's pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.accounts.testing import sign_in
from gongkai.interaction import services
from gongkai.interaction.models import Channel, Message, Status
from gongkai.interaction.public_views import SUBMIT_LIMIT

from .conftest import ID_NUMBER, MOBILE, make_message

pytestmark = pytest.mark.django_db

NEW = "/gk/qingshi/messages/new/"
LIST = "/gk/qingshi/messages/"
SCRIPT = "<script>alert('x')</script>"


def _post(client, url=NEW, **changes):
    data = {"kind": "consult", "title": "咨询危房改造", "body": "补助标准是多少？"}
    data.update(changes)
    return client.post(url, data)


def test_a_citizen_submits_and_gets_a_receipt_with_the_reference_and_due_date(client, world):
    page = client.get(NEW)
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    response = _post(client, submitter_name="李秀英", submitter_contact=MOBILE)
    assert response.status_code == 302
    m = Message.objects.get()
    assert m.agency == world.town_a and m.channel == Channel.PORTAL
    assert m.received_at == timezone.localdate() and m.submitter_contact == MOBILE
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200 and "no-cache" in receipt["Cache-Control"]
    assert m.reference in receipt.content.decode()
    assert "个工作日" in receipt.content.decode()
    # Another visitor sees no one's reference.
    from django.test import Client

    assert m.reference not in Client().get(response["Location"]).content.decode()


def test_an_error_report_is_a_zhaocuo_message(client, world):
    response = _post(
        client, "/gk/qingshi/report-error/", page_url="https://example.gov.cn/gk/a", body="错别字"
    )
    assert response.status_code == 302
    m = Message.objects.get()
    assert m.channel == Channel.ERROR_REPORT and m.kind == "error" and m.page_url.endswith("/gk/a")


def test_empty_input_is_answered_in_chinese_with_nothing_stored(client, world):
    response = _post(client, title="  ", body="")
    assert response.status_code == 400
    text = response.content.decode()
    assert "请填写标题" in text and "请填写留言内容" in text and "留言没有提交" in text
    assert Message.objects.count() == 0


def test_huge_input_is_answered_clearly_and_kept_nowhere(client, world):
    response = _post(client, body="字" * 2001)
    assert response.status_code == 400
    assert "留言内容不能超过 2000 字" in response.content.decode()
    # What was typed stays in the form.
    assert "咨询危房改造" in response.content.decode()
    huge = _post(client, body="字" * 100_000)
    assert huge.status_code == 413 and "内容太长" in huge.content.decode()
    assert Message.objects.count() == 0


def test_script_injection_is_stored_as_text_and_always_escaped(client, world):
    clerk = world.drafter
    _post(client, title=SCRIPT, body=SCRIPT)
    m = Message.objects.get()
    assert m.body == SCRIPT
    services.reply(actor=clerk, message=m, text=f"答复 {SCRIPT}")
    services.publish(actor=clerk, message=m)
    public = client.get(LIST).content.decode()
    assert SCRIPT not in public and "&lt;script&gt;" in public
    sign_in(client, clerk)
    staff = client.get(f"/interaction/{m.pk}/").content.decode()
    assert SCRIPT not in staff and "&lt;script&gt;" in staff


def test_submissions_are_throttled(client, world):
    for _ in range(SUBMIT_LIMIT):
        assert _post(client).status_code == 302
    response = _post(client, title="第六条")
    assert response.status_code == 429
    assert "太频繁" in response.content.decode() and "第六条" in response.content.decode()
    assert Message.objects.count() == SUBMIT_LIMIT


def test_the_public_list_shows_only_published_masked_qas(client, world):
    clerk = world.drafter
    shown = make_message(
        world.town_a, dt.date(2026, 9, 1), title="公开的", body=f"身份证{ID_NUMBER}手机{MOBILE}"
    )
    services.reply(actor=clerk, message=shown, text="答复内容甲")
    services.publish(actor=clerk, message=shown)
    replied = make_message(world.town_a, dt.date(2026, 9, 2), title="未公开的")
    services.reply(actor=clerk, message=replied, text="答复内容乙")
    make_message(world.town_a, dt.date(2026, 9, 3), title="待处理的")
    make_message(
        world.town_b, dt.date(2026, 9, 3), title="别镇的", public=True, status=Status.REPLIED
    )

    response = client.get(LIST)
    text = response.content.decode()
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert "公开的" in text and "答复内容甲" in text
    assert ID_NUMBER not in text and MOBILE not in text and "138****5678" in text
    assert "未公开的" not in text and "待处理的" not in text and "别镇的" not in text
    assert "答复内容乙" not in text


def test_town_b_cannot_see_town_as_messages(client, world, clerk_b):
    m = make_message(world.town_a, dt.date(2026, 9, 1), title="青石镇的留言")
    sign_in(client, clerk_b)
    assert client.get(f"/interaction/{m.pk}/").status_code == 403
    assert client.post(f"/interaction/{m.pk}/reply/", {"reply": "x"}).status_code == 403
    assert "青石镇的留言" not in client.get("/interaction/").content.decode()


def test_the_public_cannot_reach_the_clerks_pages(client, world):
    m = make_message(world.town_a, dt.date(2026, 9, 1))
    assert client.get(f"/interaction/{m.pk}/").status_code == 302
    assert client.get("/interaction/").status_code == 302
    client.force_login(world.sysadmin, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/interaction/").status_code == 403


def test_the_clerks_queue_reply_publish_route_record_and_counts(client, world, clerk_a):
    old = make_message(world.town_a, dt.date(2026, 6, 1), title="很久以前的留言")
    m = make_message(world.town_a, timezone.localdate(), title="今天的留言", body=f"电话{MOBILE}")
    sign_in(client, clerk_a)
    queue = client.get("/interaction/").content.decode()
    assert "很久以前的留言" in queue and "超过3个月未答复" in queue and "今天的留言" in queue

    page = client.get(f"/interaction/{m.pk}/").content.decode()
    assert "138****5678" in page  # the masked version prefilled for the clerk
    r = client.post(
        f"/interaction/{m.pk}/reply/", {"reply": "已答复", "masked_body": "电话（已隐去）"}
    )
    assert r.status_code == 302
    assert client.post(f"/interaction/{m.pk}/publish/").status_code == 302
    m.refresh_from_db()
    assert m.public and m.masked_body == "电话（已隐去）"

    r = client.post(
        f"/interaction/{old.pk}/route/", {"to_agency": world.town_b.pk, "reason": "属石桥镇"}
    )
    assert r.status_code == 302
    assert Message.objects.get(pk=old.pk).status == Status.ROUTED

    r = client.post(
        "/interaction/record/",
        {
            "agency": world.town_a.pk, "channel": "weibo", "kind": "complaint",
            "received_at": "2026-03-02", "title": "微博投诉", "body": "内容",
            "reply": "已处理", "replied_at": "2026-03-03",
        },
    )  # fmt: skip
    assert r.status_code == 302
    counts = client.get("/interaction/counts/?year=2026").content.decode()
    assert "微博" in counts and "100%" in counts and "12345热线" in counts


def test_the_dashboard_card_counts_overdue_messages(world, clerk_a, clerk_b):
    from gongkai.web.selectors import dashboard_cards

    make_message(world.town_a, dt.date(2026, 6, 1))
    cards = {c.key: c for c in dashboard_cards(clerk_a)}
    assert cards["interaction_overdue"].count == 1 and cards["interaction_overdue"].needs_action
    assert "3 个月" in cards["interaction_overdue"].note
    assert "interaction_overdue" not in {c.key for c in dashboard_cards(clerk_b)}
    assert "interaction_overdue" not in {c.key for c in dashboard_cards(world.sysadmin)}
