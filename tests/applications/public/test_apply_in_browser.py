"""The application form in Chromium, typed with the keyboard: a missing field and a
disguised attachment are explained next to the fields, nothing typed is lost, and the
corrected form reaches the receipt. Nothing is fetched from outside this machine."""

from __future__ import annotations

import re

import pytest

from gongkai.agencies.models import Agency, Level
from gongkai.applications.models import Application, CaseFile

from .conftest import EXE, ID_NUMBER, PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "2026年青石镇农村危房改造补助名单"


@pytest.fixture
def town(db) -> Agency:
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="shili")
    return Agency.objects.create(
        name="青石镇人民政府", level=Level.TOWNSHIP, parent=county, slug="qingshi"
    )


def type_into(page, selector: str, text: str) -> None:
    """Focus with the keyboard's own Tab order is checked elsewhere; here each field is
    focused and typed into key by key, as a person would."""
    page.focus(selector)
    page.keyboard.type(text)


def fill_everything_but_the_phone(page) -> None:
    page.focus("#id_applicant_type_0")
    page.keyboard.press("Space")  # 自然人
    type_into(page, "#id_person_name", "李秀英")
    page.focus("#id_id_document")
    page.keyboard.press("ArrowDown")  # 居民身份证, the first choice
    type_into(page, "#id_id_number", ID_NUMBER)
    type_into(page, "#id_email", "lixiuying@example.com")
    type_into(page, "#id_address", "示例县青石镇青石村3组12号")
    type_into(page, "#id_postcode", "311100")
    type_into(page, "#id_description", DESCRIPTION)
    type_into(page, "#id_items", "补助名单")
    page.keyboard.press("Enter")
    page.keyboard.type("资金拨付文件")
    page.focus("#id_agree")
    page.keyboard.press("Space")


def submit_with_keyboard(page) -> None:
    page.focus("button[type=submit]:has-text('提交申请')")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_applicant_corrects_the_form_and_reaches_the_receipt(site, town, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "files"
    page = site.page
    site.goto("/gk/qingshi/apply/")
    assert page.locator("h1").inner_text() == "依申请公开"
    assert page.get_by_role("link", name="查询申请办理进度").first.is_visible()

    # 1. The phone is missing.
    fill_everything_but_the_phone(page)
    submit_with_keyboard(page)
    main = page.locator("main")
    assert "申请没有提交" in main.inner_text()
    assert page.locator("#id_phone_error").inner_text().startswith("请填写联系电话")
    assert page.get_attribute("#id_phone", "aria-invalid") == "true"
    assert page.input_value("#id_person_name") == "李秀英"
    assert page.input_value("#id_id_number") == ID_NUMBER
    assert page.input_value("#id_id_document") == "居民身份证"
    assert page.input_value("#id_description") == DESCRIPTION
    assert page.input_value("#id_items").splitlines() == ["补助名单", "资金拨付文件"]
    assert page.is_checked("#id_applicant_type_0") and page.is_checked("#id_agree")
    site.screenshot("apply-missing-phone")

    # The summary links to the field.
    page.get_by_role("link", name="请填写联系电话，以便工作人员与您确认申请。").click()
    page.wait_for_url(re.compile(r"#id_phone$"), timeout=5000)

    # 2. The phone is given, but one attachment is a program renamed .pdf.
    type_into(page, "#id_phone", "13800000000")
    page.set_input_files(
        "#id_attachments",
        [
            {"name": "身份证.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "申请表.pdf", "mimeType": "application/pdf", "buffer": EXE},
        ],
    )
    submit_with_keyboard(page)
    error = page.locator("#id_attachments_error").inner_text()
    assert "附件“申请表.pdf”" in error and "都没有保存" in error
    assert page.input_value("#id_phone") == "13800000000"
    assert page.input_value("#id_description") == DESCRIPTION
    assert Application.objects.count() == 0 and CaseFile.objects.count() == 0
    site.screenshot("apply-disguised-attachment")

    # 3. Correct: the real file only.
    assert page.is_checked("#id_agree")
    page.set_input_files(
        "#id_attachments", [{"name": "身份证.png", "mimeType": "image/png", "buffer": PNG}]
    )
    submit_with_keyboard(page)
    assert page.url.endswith("/gk/qingshi/apply/receipt/")
    app = Application.objects.get()
    assert page.locator("#tracking-code").inner_text() == app.tracking_code
    secret = page.locator("#tracking-secret").inner_text()
    assert len(secret) == 6 and secret.isdigit()
    assert [f.name for f in app.files.all()] == ["身份证.png"]
    site.screenshot("apply-receipt")

    # A refresh shows the code, not the secret.
    page.reload()
    assert page.locator("#tracking-code").inner_text() == app.tracking_code
    assert page.locator("#tracking-secret").count() == 0
    assert secret not in page.locator("main").inner_text()
    assert site.external_requests() == []


def test_the_form_works_without_javascript(site_without_js, town, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "files"
    site = site_without_js
    page = site.page
    site.goto("/gk/qingshi/apply/")
    fill_everything_but_the_phone(page)
    type_into(page, "#id_phone", "0571-88888888")
    submit_with_keyboard(page)
    assert page.url.endswith("/apply/receipt/")
    assert Application.objects.get().phone == "057188888888"
    # and tracking with what the receipt says
    code = page.locator("#tracking-code").inner_text()
    secret = page.locator("#tracking-secret").inner_text()
    site.goto("/track/")
    type_into(page, "#id_code", code)
    type_into(page, "#id_secret", secret)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#case-status").inner_text() == "待确认收到"
    site.screenshot("track-case")
    assert site.external_requests() == []
