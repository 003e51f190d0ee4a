"""The answer-clock settings page (who may, validation, audit) and the citizen's look-up by
留言编号 and 查询码 (nothing for a wrong code, throttled), and the clerk's search box."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.interaction import selectors, services
from gongkai.interaction.models import Channel, Kind, Message, MessagePolicy
from gongkai.interaction.public_views import LOOKUP_LIMIT

from .conftest import make_message

pytestmark = pytest.mark.django_db

D = dt.date
BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def head_a(world):
    return make_person("head_a", roles=[(world.town_a, Role.DISCLOSURE_HEAD)])


# --- settings --------------------------------------------------------------------------------


def test_the_settings_page_shows_where_each_agencys_clock_comes_from(client, world):
    MessagePolicy.objects.create(agency=world.county, answer_days=7, error_report_days=2)
    MessagePolicy.objects.create(agency=world.town_b, answer_days=4, error_report_days=3)
    sign_in(client, world.supervisor)
    html = client.get("/interaction/settings/").content.decode()
    qingshi = html[html.index('data-agency="qingshi"') :]
    assert "沿用示例县人民政府的设定" in qingshi[: qingshi.index("</tr>")]
    shiqiao = html[html.index('data-agency="shiqiao"') :]
    assert "本机关设定" in shiqiao[: shiqiao.index("</tr>")]
    assert "yuanshan" not in html


def test_the_agencys_head_sets_its_clock_and_the_change_is_audited(client, world, head_a):
    open_message = make_message(world.town_a, D(2026, 9, 18))
    sign_in(client, head_a)
    assert client.get("/interaction/settings/qingshi/").status_code == 200
    r = client.post(
        "/interaction/settings/qingshi/", {"answer_days": "10", "error_report_days": "2"}
    )
    assert r.status_code == 302
    assert selectors.policy_for(world.town_a) == selectors.Policy(10, 2)
    # Open messages follow at once: 10 working days from 18 September, the make-up Sunday
    # of 20 September counted and the National Day holiday not.
    due = selectors.due_date(open_message)
    assert due.date == D(2026, 10, 9) and "10 个工作日" in due.explain_zh()
    entry = AuditEntry.objects.get(kind="interaction.policy_saved")
    assert entry.actor == head_a and entry.agency == world.town_a
    assert entry.before == {"answer_days": 5, "error_report_days": 3}
    assert entry.after == {"answer_days": 10, "error_report_days": 2}
    # Back to the inherited clock, audited too.
    assert client.post("/interaction/settings/qingshi/", {"inherit": "1"}).status_code == 302
    assert not MessagePolicy.objects.filter(agency=world.town_a).exists()
    assert AuditEntry.objects.filter(kind="interaction.policy_saved").count() == 2


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        ("", "3", "请填写留言咨询答复期限（工作日）。"),
        ("2.5", "3", "留言咨询答复期限（工作日）请填写整数个工作日"),
        ("0", "3", "留言咨询答复期限（工作日）应在 1 至 30 个工作日之间。"),
        ("31", "3", "留言咨询答复期限（工作日）应在 1 至 30 个工作日之间。"),
        ("5", "4", "网站找错答复期限（工作日）应在 1 至 3 个工作日之间。"),
        ("五", "3", "请填写整数个工作日"),
    ],
)
def test_bad_values_are_refused_in_chinese_and_nothing_changes(
    client, world, head_a, answer, error, message
):
    sign_in(client, head_a)
    r = client.post(
        "/interaction/settings/qingshi/", {"answer_days": answer, "error_report_days": error}
    )
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not MessagePolicy.objects.exists()
    assert not AuditEntry.objects.filter(kind="interaction.policy_saved").exists()


def test_the_service_checks_the_bounds_whatever_called_it(world, head_a):
    with pytest.raises(InvalidChange, match="1 至 3"):
        services.policy_save(actor=head_a, agency=world.town_a, answer_days=5, error_report_days=9)
    with pytest.raises(InvalidChange, match="整数"):
        services.policy_save(
            actor=head_a, agency=world.town_a, answer_days=2.5, error_report_days=3
        )
    assert not MessagePolicy.objects.exists()


def test_clerks_other_agencies_and_other_counties_may_not_set_the_clock(client, world, head_a):
    clerk = make_person("clerk", roles=[(world.town_a, Role.DRAFTER)])
    for person in (clerk, head_a, world.other_supervisor):
        target = "shiqiao" if person is head_a else "qingshi"
        sign_in(client, person)
        r = client.post(
            f"/interaction/settings/{target}/", {"answer_days": "9", "error_report_days": "1"}
        )
        assert r.status_code == 403, person
    sign_in(client, clerk)
    assert client.get("/interaction/settings/").status_code == 403
    with pytest.raises(NotAllowed):
        services.policy_save(
            actor=world.other_supervisor, agency=world.town_a, answer_days=9, error_report_days=1
        )
    assert not MessagePolicy.objects.exists()
    # The county's 政务公开办 may set any of its townships'.
    sign_in(client, world.supervisor)
    r = client.post(
        "/interaction/settings/shiqiao/", {"answer_days": "9", "error_report_days": "1"}
    )
    assert r.status_code == 302
    assert selectors.policy_for(world.town_b).answer_days == 9


# --- the citizen's look-up ---------------------------------------------------------------------

LOOKUP = "/gk/qingshi/messages/lookup/"


def submit(client) -> tuple[Message, str]:
    r = client.post(
        "/gk/qingshi/messages/new/",
        {"kind": "consult", "title": "咨询危房改造", "body": "我家住青石村，补助标准是多少？"},
    )
    assert r.status_code == 302
    receipt = client.get(r["Location"]).content.decode()
    message = Message.objects.get()
    start = receipt.index('id="message-secret">') + len('id="message-secret">')
    secret = receipt[start : receipt.index("<", start)]
    assert len(secret) == services.SECRET_DIGITS and secret.isdigit()
    # The 查询码 is shown once only, and stored only as a hash.
    assert secret not in client.get(r["Location"]).content.decode()
    assert secret not in message.secret_hash
    return message, secret


def test_a_citizen_looks_up_the_state_and_then_the_reply(client, world):
    message, secret = submit(client)
    visitor = Client()
    r = visitor.post(LOOKUP, {"reference": message.reference.lower(), "secret": secret})
    html = r.content.decode()
    assert r.status_code == 200 and "no-cache" in r["Cache-Control"]
    assert '<dd id="lookup-status">办理中</dd>' in html and "答复期限" in html
    clerk = make_person("clerk", roles=[(world.town_a, Role.DRAFTER)])
    services.reply(actor=clerk, message=message, text="补助标准为每户2万元。")
    html = visitor.post(LOOKUP, {"reference": message.reference, "secret": secret}).content.decode()
    assert "已答复" in html and "补助标准为每户2万元。" in html
    # Nothing is kept in the session: the next person at the computer sees the form.
    assert "补助标准为每户2万元。" not in visitor.get(LOOKUP).content.decode()


def test_a_routed_message_is_followed_to_the_agency_answering_it(client, world):
    message, secret = submit(client)
    clerk = make_person("clerk", roles=[(world.town_a, Role.DRAFTER)])
    copy = services.route(actor=clerk, message=message, to_agency=world.town_b, reason="属石桥镇")
    other = make_person("clerk_b", roles=[(world.town_b, Role.DRAFTER)])
    services.reply(actor=other, message=copy, text="石桥镇的答复")
    html = Client().post(LOOKUP, {"reference": message.reference, "secret": secret}).content
    assert (
        "石桥镇的答复" in html.decode()
        and "已由青石镇人民政府转交石桥镇人民政府办理" in html.decode()
    )


def test_a_wrong_code_an_unknown_reference_and_a_recorded_message_reveal_nothing(client, world):
    message, secret = submit(client)
    services.reply(
        actor=make_person("clerk", roles=[(world.town_a, Role.DRAFTER)]),
        message=message, text="答复内容ABC",
    )  # fmt: skip
    recorded = make_message(world.town_a, D(2026, 3, 2), channel=Channel.WEIBO, title="微博留言")
    wrong = "000000" if secret != "000000" else "111111"
    answers = [
        Client().post(LOOKUP, {"reference": message.reference, "secret": wrong}),
        Client().post(LOOKUP, {"reference": "LY20260101ZZZZZ", "secret": secret}),
        Client().post(LOOKUP, {"reference": recorded.reference, "secret": ""}),
        Client().post(LOOKUP, {"reference": recorded.reference, "secret": "123456"}),
    ]
    for r in answers:
        html = r.content.decode()
        assert r.status_code == 400
        assert "答复内容ABC" not in html and "咨询危房改造" not in html and "微博留言" not in html
    same = [
        r.content.decode().count("留言编号或查询码不正确，请核对回执后重新输入。") for r in answers
    ]
    assert same == [1, 1, 0, 1]  # the third never reached the check: the 查询码 was empty
    assert "请填写查询码。" in answers[2].content.decode()


def test_guessing_is_throttled_even_with_the_right_code_afterwards(client, world):
    message, secret = submit(client)
    guesser = Client()
    wrong = "000000" if secret != "000000" else "111111"
    for _ in range(LOOKUP_LIMIT):
        assert (
            guesser.post(LOOKUP, {"reference": message.reference, "secret": wrong}).status_code
            == 400
        )
    r = guesser.post(LOOKUP, {"reference": message.reference, "secret": secret})
    assert r.status_code == 429 and "15 分钟后再试" in r.content.decode()
    assert "咨询危房改造" not in r.content.decode()
    # Another address guessing the same reference is stopped too (per reference).
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(LOOKUP, {"reference": message.reference, "secret": secret}).status_code == 429


def test_clerks_find_a_message_by_its_reference(client, world):
    mine = make_message(world.town_a, D(2026, 9, 1), title="青石镇的留言")
    theirs = make_message(world.town_b, D(2026, 9, 1), title="石桥镇的留言")
    sign_in(client, make_person("clerk", roles=[(world.town_a, Role.DRAFTER)]))
    r = client.get("/interaction/", {"q": f" {mine.reference.lower()} "})
    assert r.status_code == 302 and r["Location"] == f"/interaction/{mine.pk}/"
    html = client.get("/interaction/", {"q": theirs.reference}).content.decode()
    assert "没有找到编号为" in html and "石桥镇的留言" not in html
    assert "答复期限设置" not in html  # a clerk may not set the clocks
    # The county's office finds any of its townships' messages, another county's does not.
    sign_in(client, world.supervisor)
    r = client.get("/interaction/", {"q": theirs.reference})
    assert r.status_code == 302 and r["Location"] == f"/interaction/{theirs.pk}/"
    sign_in(client, world.other_supervisor)
    assert "没有找到编号为" in client.get("/interaction/", {"q": theirs.reference}).content.decode()


def test_the_public_submit_returns_the_secret_the_lookup_accepts(world):
    message, secret = services.submit_public(
        agency=world.town_a, channel=Channel.PORTAL, kind=Kind.CONSULT, title="t", body="b"
    )
    assert services.lookup(message.reference, f" {secret[:3]} {secret[3:]} ") == message
    assert services.lookup(message.reference, "") is None
