"""Letters from the case page: choosing a letter, the placeholders page, issuing, the
downloads and who may have them."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from django.urls import reverse

from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Role
from gongkai.applications import services
from gongkai.applications.models import Letter
from gongkai.officialdoc.letters_zh import DEFAULT_LETTERS

pytestmark = pytest.mark.django_db


def _decide(
    world, app, outcome: str = "granted", answer: str = "随告知书提供招标文件复印件"
) -> None:
    item = app.items.get()
    services.decide(
        actor=world.drafter,
        application=app,
        date=dt.date(2026, 10, 9),
        outcomes={item.pk: outcome},
        answers={item.pk: answer},
    )


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _form_values(html: str) -> dict[str, str]:
    """What the placeholders page would post back untouched: inputs and textareas."""
    values = {}
    for name, value in re.findall(r'<input type="text" name="([^"]+)" value="([^"]*)"', html):
        values[name] = value
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        values[name] = value
    import html as html_module

    return {k: html_module.unescape(v) for k, v in values.items()}


def test_the_case_page_offers_the_letters_that_fit_the_case(client, world, case_a, on_day):
    sign_in(client, world.drafter)
    page = client.get(reverse("applications:case", args=[case_a.pk])).content.decode()
    chooser = re.search(r'<select name="key" id="letter-key">(.*?)</select>', page, re.S).group(1)
    assert 'value="receipt" selected' in chooser
    assert "decision" not in chooser and "correction_notice" not in chooser
    services.step_record(
        actor=world.drafter,
        application=case_a,
        step="third_party_consulted",
        date=dt.date(2026, 10, 9),
        party="某建设公司",
    )
    services.step_record(
        actor=world.drafter,
        application=case_a,
        step="third_party_replied",
        date=dt.date(2026, 10, 9),
        party="某建设公司",
    )
    _decide(world, case_a)
    page = client.get(reverse("applications:case", args=[case_a.pk])).content.decode()
    chooser = re.search(r'<select name="key" id="letter-key">(.*?)</select>', page, re.S).group(1)
    # One consultation letter per party, named; the decision letter the case calls for
    # is the default.
    assert 'value="third_party_consultation:某建设公司"' in chooser
    assert "征求第三方意见函（某建设公司）" in chooser
    assert 'value="decision_granted" selected' in chooser
    assert 'value="decision"' in chooser and 'value="decision_partial"' in chooser


def test_the_placeholders_page_shows_every_placeholder_prefilled(client, world, case_a):
    _decide(world, case_a)
    sign_in(client, world.drafter)
    url = reverse("applications:letter_new", args=[case_a.pk]) + "?key=decision_granted"
    html = client.get(url).content.decode()
    for name, meaning in DEFAULT_LETTERS["decision_granted"].placeholders_documented.items():
        assert f'data-placeholder="{name}"' in html
        assert meaning[:10] in html
    values = _form_values(html)
    assert values["申请人"] == "张三"
    assert values["申请编号"] == case_a.number
    assert values["提供方式"] == "随告知书提供招标文件复印件"
    assert "行政复议" in values["救济途径"]


def test_issuing_a_decision_letter_from_the_case_page(client, world, case_a, on_day):
    _decide(world, case_a)
    sign_in(client, world.drafter)
    url = reverse("applications:letter_new", args=[case_a.pk]) + "?key=decision_granted"
    values = _form_values(client.get(url).content.decode())
    values["附件说明"] = "招标文件复印件（共5页）"
    values["date"] = "2026-10-09"

    preview = client.post(url, {**values, "preview": "1"})
    assert preview.status_code == 200
    assert "letter-preview" in preview.content.decode()
    assert not Letter.objects.exists()  # a preview issues nothing

    response = client.post(url, {**values, "issue": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:case", args=[case_a.pk]) + "#letters"
    letter = Letter.objects.get()
    assert letter.key == "decision_granted" and letter.issued and letter.created_by == world.drafter
    assert letter.docx and letter.pdf

    page = client.get(reverse("applications:case", args=[case_a.pk])).content.decode()
    row = re.search(rf'<tr data-letter="{letter.pk}".*?</tr>', page, re.S).group(0)
    assert letter.title in row and "drafter" in row

    docx_url = reverse("applications:letter_file", args=[case_a.pk, letter.pk, "docx"])
    pdf_url = reverse("applications:letter_file", args=[case_a.pk, letter.pk, "pdf"])
    assert docx_url in row and pdf_url in row
    got = client.get(docx_url)
    assert got.status_code == 200 and "attachment" in got["Content-Disposition"]
    text = _docx_text(b"".join(got.streaming_content))
    assert "张三" in text and "招标文件复印件（共5页）" in text
    got_pdf = client.get(pdf_url)
    assert got_pdf.status_code == 200
    assert b"".join(got_pdf.streaming_content).startswith(b"%PDF")

    # The county's supervisor reads the case, so the letters; town B's clerk does not even
    # learn that they exist.
    sign_in(client, world.supervisor)
    assert client.get(docx_url).status_code == 200
    clerk_b = make_person("clerk_b2", roles=[(world.town_b, Role.DRAFTER)])
    sign_in(client, clerk_b)
    assert client.get(docx_url).status_code == 404
    assert client.get(pdf_url).status_code == 404
    other = make_person("other_clerk", roles=[(world.other_town, Role.DRAFTER)])
    sign_in(client, other)
    assert client.get(docx_url).status_code == 404


def test_a_required_placeholder_left_empty_is_named_and_the_input_kept(client, world, case_a):
    services.step_record(
        actor=world.drafter,
        application=case_a,
        step="correction_requested",
        date=dt.date(2026, 9, 21),
        note="请写明工程名称",
    )
    sign_in(client, world.drafter)
    url = reverse("applications:letter_new", args=[case_a.pk]) + "?key=correction_notice"
    values = _form_values(client.get(url).content.decode())
    assert values["补正事项"] == "请写明工程名称"
    values["补正事项"] = "1.请写明工程名称；2.请写明年份"
    values["date"] = "2026-09-21"
    values["补正期限"] = ""  # the letter prints it unconditionally
    values["补正指导"] = ""  # inside {{#如果 补正指导}}: may stay empty
    response = client.post(url, {**values, "issue": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写「补正期限」" in html and "不能留空" in html
    assert "请填写「补正指导」" not in html
    assert "1.请写明工程名称；2.请写明年份" in html  # what was typed is kept
    assert not Letter.objects.exists()

    values["补正期限"] = "2026年10月9日"
    response = client.post(url, {**values, "issue": "1"})
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert "请于2026年10月9日前" in letter.text and "2.请写明年份" in letter.text


def test_only_the_agencys_people_issue_letters(client, world, case_a):
    url = reverse("applications:letter_new", args=[case_a.pk]) + "?key=receipt"
    sign_in(client, world.supervisor)  # reads the case, does not handle it
    assert client.get(url).status_code == 403
    assert client.post(url, {"date": "2026-10-09", "申请人": "x"}).status_code == 403
    sign_in(client, world.drafter)
    assert (
        client.get(reverse("applications:letter_new", args=[case_a.pk]) + "?key=nope").status_code
        == 404
    )
    assert not Letter.objects.exists()
