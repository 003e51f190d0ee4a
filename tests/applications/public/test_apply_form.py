"""The online application form of an agency: what it takes, what it refuses and how it
says so, and the receipt that shows the secret exactly once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Agency, Kind, Level
from gongkai.applications import public_views, services
from gongkai.applications.attachments import MAX_FILE
from gongkai.applications.models import Application, CaseFile
from gongkai.disclosure.lifecycle import Status

from .conftest import EXE, PDF, PNG, docx_bytes, org_data, person_data, upload

pytestmark = pytest.mark.django_db

FORM = "/gk/qingshi/apply/"


def text_of(response) -> str:
    return response.content.decode()


def submit(client: Client, data: dict, files: list | None = None):
    payload = dict(data)
    if files:
        payload["attachments"] = files
    return client.post(FORM, payload)


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- the page ------------------------------------------------------------------------------


def test_the_form_page_has_the_guide_the_tracking_link_and_every_applicant_type(client, town):
    response = client.get(FORM)
    assert response.status_code == 200
    html = text_of(response)
    assert "<h1>依申请公开</h1>" in html
    for words in ("20 个工作日", "补正", "信息处理费", "不再要求说明用途"):
        assert words in html
    assert 'href="/track/"' in html
    for label in (
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他组织",
    ):
        assert label in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'enctype="multipart/form-data"' in html
    # A CSRF token is personal: a shared cache must never keep this page.
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_portal_column_links_to_the_form(client, town):
    html = text_of(client.get("/gk/qingshi/"))
    assert 'href="/gk/qingshi/apply/"' in html


def test_an_unknown_agency_has_no_form(client, town):
    assert client.get("/gk/nowhere/apply/").status_code == 404
    assert client.post("/gk/nowhere/apply/", person_data()).status_code == 404
    assert Application.objects.count() == 0


def test_an_open_government_office_takes_no_applications_of_its_own(client, county):
    Agency.objects.create(
        name="示例县政务公开办",
        level=Level.COUNTY,
        parent=county,
        kind=Kind.OPEN_GOVERNMENT_OFFICE,
        slug="ogo",
    )
    assert client.get("/gk/ogo/apply/").status_code == 404


# --- a complete submission -------------------------------------------------------------------


def test_a_complete_application_is_submitted_with_its_items_and_files_and_the_secret_shown_once(
    client, town, settings
):
    response = submit(
        client,
        person_data(),
        [upload("身份证.png", PNG), upload("说明.pdf", PDF), upload("委托书.docx", docx_bytes())],
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("apply:receipt", args=["qingshi"])

    app = Application.objects.get()
    assert app.agency == town and app.status == Status.SUBMITTED and app.channel == "online"
    assert app.applicant_name == "李秀英" and app.id_document == "居民身份证"
    assert app.id_number == "11010519491231002X"
    assert app.phone == "13800000000"  # spaces removed
    assert app.postcode == "311100" and app.delivery == "paper_post"
    assert [i.description for i in app.items.order_by("position")] == [
        "2026年青石镇农村危房改造补助名单",
        "补助资金拨付文件",
    ]
    files = CaseFile.objects.filter(application=app).order_by("id")
    assert [(f.name, f.kind) for f in files] == [
        ("身份证.png", "png"),
        ("说明.pdf", "pdf"),
        ("委托书.docx", "docx"),
    ]
    assert len(stored_files(settings)) == 3

    receipt = client.get(response["Location"])
    html = text_of(receipt)
    assert receipt.status_code == 200
    assert app.tracking_code in html and app.number in html
    secret = re.search(r'id="tracking-secret">(\d{6})<', html).group(1)
    assert services.tracking_lookup(app.tracking_code, secret) == app
    assert "只显示这一次" in html
    assert "20 个工作日" in html and "答复期限是" in html
    assert "public" not in receipt["Cache-Control"]
    # The secret is no longer anywhere in the session once shown.
    assert secret not in str(dict(client.session.items()))

    again = text_of(client.get(response["Location"]))
    assert app.tracking_code in again
    assert secret not in again
    assert "已经在提交后显示过" in again


def test_the_receipt_marks_a_provisional_due_date_with_the_reason(client, town, monkeypatch):
    import datetime as dt

    from gongkai.workdays import DueDate

    class Explanation:
        def explain_zh(self) -> str:
            return ""

    provisional = DueDate(dt.date(2030, 1, 29), True, "2030年的节假日安排尚未公布", Explanation())
    monkeypatch.setattr(public_views.selectors, "preview_due", lambda agency, on: provisional)
    submit(client, person_data())
    html = text_of(client.get(reverse("apply:receipt", args=["qingshi"])))
    assert "2030年1月29日" in html
    assert "暂定" in html and "2030年的节假日安排尚未公布" in html


def test_an_organisation_applies_with_its_credit_code_and_contact_person(client, town):
    response = submit(client, org_data(delivery="email"))
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.applicant_type == "commercial"
    assert app.applicant_name == "示例县青石农业发展有限公司"
    assert (app.id_document, app.id_number) == ("统一社会信用代码", "91350100M000100Y43")
    assert app.contact_person == "张建国"


def test_without_items_the_description_is_the_one_item_and_purpose_is_optional(client, town):
    submit(client, person_data(items="", purpose=""))
    app = Application.objects.get()
    assert [i.description for i in app.items.all()] == ["2026年青石镇农村危房改造补助名单"]
    assert app.purpose == ""


def test_the_receipt_without_a_submission_in_this_visit_points_to_tracking(client, town):
    response = client.get(reverse("apply:receipt", args=["qingshi"]))
    assert response.status_code == 200
    assert "查询码和查询密码" in text_of(response) and 'href="/track/"' in text_of(response)


# --- missing and malformed fields -------------------------------------------------------------

PERSON_REQUIRED = {
    "applicant_type": "请选择申请人类型。",
    "person_name": "请填写申请人姓名。",
    "id_document": "请选择证件类型。",
    "id_number": "请填写证件号码。",
    "phone": "请填写联系电话",
    "description": "请描述您需要的政府信息。",
    "delivery": "请选择获取信息的方式。",
    "agree": "请阅读并勾选承诺后再提交。",
}


@pytest.mark.parametrize("field", PERSON_REQUIRED)
def test_each_missing_field_is_named_and_everything_else_typed_is_kept(client, town, field):
    data = person_data(**{field: None})
    if field == "delivery":
        data.pop("address")  # the address is only required for post
    response = submit(client, data)
    assert response.status_code == 400
    html = text_of(response)
    assert PERSON_REQUIRED[field] in html
    assert f'id="id_{field}_error"' in html
    assert "您填写的内容都还在" in html
    kept = {
        "person_name": 'value="李秀英"',
        "id_number": 'value="11010519491231002X"',
        "phone": 'value="138 0000 0000"',
        "email": 'value="lixiuying@example.com"',
        "postcode": 'value="311100"',
        "description": "2026年青石镇农村危房改造补助名单</textarea>",
        "items": "补助资金拨付文件\n</textarea>",
        "applicant_type": 'value="natural_person" required id="id_applicant_type_0" checked',
        "delivery": 'value="paper_post" required id="id_delivery_0" checked',
        "id_document": '<option value="居民身份证" selected>',
    }
    for other, snippet in kept.items():
        if other != field:
            assert snippet in html, other
    assert Application.objects.count() == 0


ORG_REQUIRED = {
    "org_name": "请填写法人或其他组织的名称。",
    "credit_code": "请填写统一社会信用代码。",
    "contact_person": "请填写联系人姓名。",
}


@pytest.mark.parametrize("field", ORG_REQUIRED)
def test_an_organisation_must_give_its_name_code_and_contact(client, town, field):
    response = submit(client, org_data(**{field: ""}))
    assert response.status_code == 400
    assert ORG_REQUIRED[field] in text_of(response)
    assert 'value="示例县青石农业发展有限公司"' in text_of(response) or field == "org_name"
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"id_number": "110105194912310021"}, "id_number", "校验位"),
        ({"id_number": "11010519491331002X"}, "id_number", "出生日期"),
        ({"id_number": "1101051949123"}, "id_number", "应为 18 位"),
        ({"phone": "12345"}, "phone", "联系电话的格式不对"),
        ({"email": "lixiuying@"}, "email", "电子邮箱的格式不对"),
        ({"postcode": "3111"}, "postcode", "邮政编码应为 6 位数字"),
        ({"delivery": "email", "email": ""}, "email", "请填写电子邮箱"),
        ({"address": ""}, "address", "请填写通信地址"),
        ({"items": "\n".join(f"第{i}项" for i in range(25))}, "items", "最多分 20 项"),
    ],
)
def test_formats_are_checked_with_a_message_next_to_the_field(
    client, town, changes, field, message
):
    response = submit(client, person_data(**changes))
    assert response.status_code == 400
    html = text_of(response)
    error = re.search(rf'id="id_{field}_error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"phone": "+86 139-1234-5678"},
        {"phone": "0571-88888888"},
        {"phone": "(0571)8888 8888转123"},
        {"id_document": "护照", "id_number": "E12345678"},
        {"id_number": "11010519491231002x"},  # lower-case x is the same number
    ],
)
def test_the_usual_ways_of_writing_numbers_are_accepted(client, town, changes):
    assert submit(client, person_data(**changes)).status_code == 302


def test_a_wrong_credit_code_checksum_is_refused(client, town):
    response = submit(client, org_data(credit_code="91350100M000100Y44"))
    assert "统一社会信用代码的校验位" in text_of(response)


# --- attachments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("申请表.pdf", EXE),  # a program renamed .pdf
        ("照片.jpg", "这是一段文字，不是图片。".encode()),  # text named .jpg
    ],
)
def test_a_disguised_attachment_is_refused_by_name_and_nothing_is_saved(
    client, town, settings, name, data
):
    response = submit(client, person_data(), [upload("身份证.png", PNG), upload(name, data)])
    assert response.status_code == 400
    html = text_of(response)
    error = re.search(r'id="id_attachments_error">(.*?)</p>', html, re.S).group(1)
    assert f"附件“{name}”" in error and "按文件内容判断" in error
    assert "都没有保存" in error
    assert 'value="李秀英"' in html
    assert Application.objects.count() == 0 and CaseFile.objects.count() == 0
    assert stored_files(settings) == []


def test_an_oversize_attachment_is_refused_by_name(client, town, settings):
    big = PDF + b"0" * (MAX_FILE + 1 - len(PDF))
    response = submit(client, person_data(), [upload("扫描件.pdf", big)])
    assert response.status_code == 400
    assert "附件“扫描件.pdf”" in text_of(response) and "10 MB" in text_of(response)
    assert Application.objects.count() == 0 and stored_files(settings) == []


def test_more_than_five_attachments_are_refused(client, town):
    files = [upload(f"页{i}.png", PNG) for i in range(6)]
    response = submit(client, person_data(), files)
    assert "最多上传 5 个附件" in text_of(response)
    assert Application.objects.count() == 0


def test_good_attachments_must_be_chosen_again_after_another_error(client, town, settings):
    response = submit(client, person_data(phone=""), [upload("身份证.png", PNG)])
    html = text_of(response)
    assert "刚才选择的附件没有保存" in html
    assert "已选择的附件没有保存，请重新选择" in html
    assert stored_files(settings) == []


# --- the request itself ----------------------------------------------------------------------


def test_a_request_larger_than_the_site_accepts_gets_a_chinese_page(client, town, monkeypatch):
    monkeypatch.setattr(public_views, "MAX_BODY", 10_000)
    response = submit(client, person_data(), [upload("扫描件.pdf", PDF + b"0" * 20_000)])
    assert response.status_code == 413
    html = text_of(response)
    assert "提交的内容太大" in html and "申请没有提交" in html
    assert 'href="/gk/qingshi/apply/"' in html
    assert Application.objects.count() == 0


def test_too_much_text_gets_the_same_page_not_a_bare_400(client, town, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    response = submit(client, person_data(description="信息" * 2_000))
    assert response.status_code == 413
    assert "提交的内容太大" in text_of(response)


def test_too_many_files_get_the_same_page(client, town, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    response = submit(client, person_data(), [upload(f"{i}.png", PNG) for i in range(4)])
    assert response.status_code == 413


def test_a_post_without_the_csrf_token_is_refused(town):
    client = Client(enforce_csrf_checks=True)
    client.get(FORM)
    response = client.post(FORM, person_data())
    assert response.status_code == 403
    assert Application.objects.count() == 0


def test_a_post_with_the_csrf_token_passes(town):
    client = Client(enforce_csrf_checks=True)
    html = text_of(client.get(FORM))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(FORM, {**person_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302


# --- the receipt as PDF ----------------------------------------------------------------------


def test_the_receipt_pdf_is_for_the_session_that_submitted_and_holds_no_secret(client, town):
    submit(client, person_data())
    app = Application.objects.get()
    html = text_of(client.get(reverse("apply:receipt", args=["qingshi"])))
    secret = re.search(r'id="tracking-secret">(\d{6})<', html).group(1)
    assert "下载回执（PDF）" in html and 'href="/gk/qingshi/apply/receipt.pdf"' in html

    response = client.get("/gk/qingshi/apply/receipt.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "public" not in response["Cache-Control"]

    today = public_views.selectors.today()
    document = public_views.receipt_document(
        app, public_views.selectors.preview_due(town, today), today
    )
    text = document.plain_text()
    for words in (app.number, app.tracking_code, "李秀英", "补助资金拨付文件", "第三十一条"):
        assert words in text
    assert secret not in text
    assert "不载明查询密码" in text

    assert Client().get("/gk/qingshi/apply/receipt.pdf").status_code == 403
