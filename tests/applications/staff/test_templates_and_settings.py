"""The office's letter texts (文书模板) and handling settings (办理设置): who may edit them,
what a refused text says, and the audit entry of a saved setting."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Role
from gongkai.applications.models import HandlingPolicy, LetterTemplate
from gongkai.audit.models import AuditEntry
from gongkai.officialdoc.letters_zh import DEFAULT_LETTERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(world):
    """青石镇's 信息公开工作机构负责人."""
    return make_person("head_a", roles=[(world.town_a, Role.DISCLOSURE_HEAD)])


def edit_url(key: str, agency=None) -> str:
    url = reverse("applications:template_edit", args=[key])
    return url + (f"?agency={agency.pk}" if agency else "")


# --- 文书模板 --------------------------------------------------------------------------------


def test_the_list_shows_each_letter_for_each_scope(client, world, head):
    LetterTemplate.objects.create(
        agency=world.town_a, key="receipt", title="回执", body=DEFAULT_LETTERS["receipt"].body
    )
    sign_in(client, head)
    html = client.get(reverse("applications:templates")).content.decode()
    for key, default in DEFAULT_LETTERS.items():
        assert f'data-template="{key}"' in html and default.title in html
    receipt = re.search(r'data-template="receipt">(.*?)</tr>', html, re.S).group(1)
    assert "自有文本" in receipt
    correction = re.search(r'data-template="correction_notice">(.*?)</tr>', html, re.S).group(1)
    assert "使用默认文本" in correction
    assert edit_url("correction_notice", world.town_a) in correction.replace("&amp;", "&")
    assert "全站（系统管理员）" not in html  # the site's texts are the 系统管理员's


def test_the_system_administrator_edits_the_sites_texts(client, world):
    sign_in(client, world.sysadmin)
    html = client.get(reverse("applications:templates")).content.decode()
    assert "全站（系统管理员）" in html
    body = DEFAULT_LETTERS["receipt"].body.replace("已予登记", "已经登记")
    response = client.post(edit_url("receipt"), {"body": body})
    assert response.status_code == 302
    assert LetterTemplate.objects.get(agency=None, key="receipt").body == body


def test_a_valid_text_is_saved_and_audited(client, world, head):
    sign_in(client, head)
    url = edit_url("receipt", world.town_a)
    page = client.get(url).content.decode()
    # The editor, the placeholders with their meaning, the sample preview.
    assert "已予登记" in page
    for name, meaning in DEFAULT_LETTERS["receipt"].placeholders_documented.items():
        assert f'data-placeholder="{name}"' in page and meaning in page
    assert "letter-preview" in page and "张明" in page  # SAMPLE_CONTEXT's applicant
    body = DEFAULT_LETTERS["receipt"].body.replace("已予登记", "本机关已经登记")
    response = client.post(url, {"body": body})
    assert response.status_code == 302
    row = LetterTemplate.objects.get(agency=world.town_a, key="receipt")
    assert row.body == body and row.updated_by == head
    assert AuditEntry.objects.filter(kind="applications.template_saved", actor=head).exists()
    # 恢复默认 shows the default text, saving nothing.
    restored = client.get(url + "&default=1").content.decode()
    assert "下面是系统默认文本" in restored and "已予登记" in restored
    assert LetterTemplate.objects.get(agency=world.town_a, key="receipt").body == body
    # Saving it restores the default; the page then shows the saved text, not the notice.
    response = client.post(url + "&default=1", {"body": DEFAULT_LETTERS["receipt"].body})
    assert response.status_code == 302 and response["Location"] == url
    row = LetterTemplate.objects.get(agency=world.town_a, key="receipt")
    assert row.body == DEFAULT_LETTERS["receipt"].body


def test_an_unknown_placeholder_is_refused_by_name_and_line_and_the_text_kept(client, world, head):
    sign_in(client, head)
    body = DEFAULT_LETTERS["receipt"].body + "\n\n请携带{{身份证号}}前来领取。\n"
    response = client.post(edit_url("receipt", world.town_a), {"body": body})
    assert response.status_code == 400
    html = response.content.decode()
    line = body.splitlines().index("请携带{{身份证号}}前来领取。") + 1
    problems = re.search(
        r'<div class="notice notice-error" role="alert" id="problems">(.*?)</div>', html, re.S
    )
    assert f"第{line}行：未知的占位符「{{{{身份证号}}}}」" in problems.group(1)
    assert "请携带{{身份证号}}前来领取。" in html  # the text is kept in the textarea
    assert not LetterTemplate.objects.exists()

    unclosed = "# 回执\n\n{{申请人}}：\n\n{{#如果 联系电话}}电话：{{联系电话}}\n"
    response = client.post(edit_url("receipt", world.town_a), {"body": unclosed})
    assert response.status_code == 400
    assert "没有对应的「{{/如果}}」" in response.content.decode()


@pytest.mark.parametrize("who", ["drafter", "supervisor_for_town", "auditor"])
def test_who_may_not_edit_an_offices_texts(client, world, who):
    person = world.supervisor if who == "supervisor_for_town" else getattr(world, who)
    sign_in(client, person)
    body = DEFAULT_LETTERS["receipt"].body
    assert client.post(edit_url("receipt", world.town_a), {"body": body}).status_code == 403
    assert client.get(edit_url("receipt", world.town_a)).status_code == 403
    assert client.get(edit_url("receipt")).status_code == 403  # the site's texts
    if who != "supervisor_for_town":  # a 政务公开办管理员 edits their own office's texts
        assert client.get(reverse("applications:templates")).status_code == 403
    assert not LetterTemplate.objects.exists()


def test_another_offices_head_may_not_edit_town_as_texts(client, world, head):
    head_b = make_person("head_b", roles=[(world.town_b, Role.DISCLOSURE_HEAD)])
    sign_in(client, head_b)
    assert client.get(edit_url("receipt", world.town_a)).status_code == 403
    assert client.get(edit_url("receipt", world.town_b)).status_code == 200
    assert client.get(edit_url("nonsense", world.town_b)).status_code == 404


# --- 办理设置 --------------------------------------------------------------------------------

POLICY = {
    "day_one_is_next_working_day": "on",
    "fee_pauses_answer_clock": "on",
    "fee_exempt_types": ["public_interest", "research"],
    "remind_days_before": "5",
    "review_body": "示例县人民政府",
    "court": "示例县人民法院",
}


def policy_url(agency) -> str:
    return reverse("applications:policy") + f"?agency={agency.pk}"


def _person(world, who: str):
    roles = {
        "drafter_a": [(world.town_a, Role.DRAFTER)],
        "head_a": [(world.town_a, Role.DISCLOSURE_HEAD)],
        "leader_a": [(world.town_a, Role.FINAL_APPROVER)],
        "reviewer_a": [(world.town_a, Role.REVIEWER)],
        "head_b": [(world.town_b, Role.DISCLOSURE_HEAD)],
    }
    if who in roles:
        return make_person(who, roles=roles[who])
    return getattr(world, who)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("drafter_a", False),
        ("reviewer_a", False),
        ("head_a", True),
        ("leader_a", True),
        ("head_b", False),
        ("supervisor", True),
        ("other_supervisor", False),
        ("auditor", False),
        ("security", False),
        ("sysadmin", False),
    ],
)
def test_who_may_change_town_as_settings(client, world, who, allowed):
    person = _person(world, who)
    sign_in(client, person)
    assert client.get(policy_url(world.town_a)).status_code == (200 if allowed else 403)
    response = client.post(policy_url(world.town_a), POLICY)
    assert response.status_code == (302 if allowed else 403)
    saved = HandlingPolicy.objects.filter(agency=world.town_a).first()
    entries = AuditEntry.objects.filter(kind="applications.policy_saved")
    if not allowed:
        assert saved is None and not entries.exists()
        return
    assert saved.fee_pauses_answer_clock and saved.day_one_is_next_working_day
    assert sorted(saved.fee_exempt_types) == ["public_interest", "research"]
    assert (saved.remind_days_before, saved.review_body, saved.court) == (
        5,
        "示例县人民政府",
        "示例县人民法院",
    )
    entry = entries.get()
    assert entry.actor == person and entry.agency == world.town_a
    assert entry.before is None and entry.after["remind_days_before"] == 5


def test_a_second_save_records_before_and_after(client, world):
    head = _person(world, "head_a")
    sign_in(client, head)
    client.post(policy_url(world.town_a), POLICY)
    page = client.get(policy_url(world.town_a)).content.decode()
    assert "本机关使用自己的设置" in page and 'value="示例县人民法院"' in page
    client.post(policy_url(world.town_a), {**POLICY, "fee_pauses_answer_clock": ""})
    saved = HandlingPolicy.objects.get(agency=world.town_a)
    assert saved.fee_pauses_answer_clock is False
    last = AuditEntry.objects.filter(kind="applications.policy_saved").order_by("-id").first()
    assert last.before["fee_pauses_answer_clock"] is True
    assert last.after["fee_pauses_answer_clock"] is False


def test_a_bad_value_shows_the_form_again_with_the_input(client, world):
    sign_in(client, _person(world, "head_a"))
    response = client.post(policy_url(world.town_a), {**POLICY, "remind_days_before": "99"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "设置未保存" in html and 'value="示例县人民政府"' in html
    assert not HandlingPolicy.objects.exists()


def test_the_village_inherits_the_towns_settings_until_it_has_its_own(client, world):
    sign_in(client, world.supervisor)
    client.post(policy_url(world.town_a), POLICY)
    page = client.get(policy_url(world.village_a)).content.decode()
    assert "本机关目前沿用青石镇人民政府的设置" in page
    assert 'value="示例县人民法院"' in page  # shown as the starting point


def test_the_queue_links_to_what_the_person_may_use(client, world):
    sign_in(client, world.drafter)
    html = client.get(reverse("applications:queue")).content.decode()
    links = re.search(r"<ul class=\"counts\"[^>]*data-links>(.*?)</ul>", html, re.S).group(1)
    assert reverse("applications:tables") in links
    assert reverse("applications:templates") not in links
    assert reverse("applications:policy") not in links
    sign_in(client, _person(world, "head_a"))
    links = re.search(
        r"<ul class=\"counts\"[^>]*data-links>(.*?)</ul>",
        client.get(reverse("applications:queue")).content.decode(),
        re.S,
    ).group(1)
    for name in ("tables", "templates", "policy"):
        assert reverse(f"applications:{name}") in links
