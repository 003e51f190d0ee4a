"""The 审批单 read back from PDF and Word; the public item page (metadata, sanitised body,
validity, interpretations both ways, revision history, cache headers, nothing internal);
the feeds' escaping and the catalogue filter."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import docx
import pypdfium2
import pytest
from django.test import Client

from gongkai.catalog.models import CatalogEntry
from gongkai.publishing.models import Item

from .helpers import act, client_for, create, stage_of

pytestmark = pytest.mark.django_db

APPROVERS = ("reviewer", "head", "secrecy", "final")
NAMES = ("李分管", "赵信息", "钱保密", "孙镇长")


def run_chain(people, item: Item, comments: dict[str, str] | None = None) -> None:
    writer = client_for(people.writer)
    assert act(writer, item, "submit").status_code == 302
    for who in APPROVERS:
        response = act(
            client_for(getattr(people, who)),
            item,
            "approve",
            stage=stage_of(item),
            comment=(comments or {}).get(who, "同意"),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert act(client_for(people.head), item, "publish").status_code == 302
    item.refresh_from_db()


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return re.sub(r"\s+", "", "".join(p.get_textpage().get_text_range() for p in pdf))
    finally:
        pdf.close()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_approval_form_says_what_the_log_says(world, people, monday):
    writer = client_for(people.writer)
    item = create(writer, world.town_a)
    act(writer, item, "submit")
    act(client_for(people.reviewer), item, "return", stage=0, comment="请补充发放户数")
    writer.post(
        f"/publishing/items/{item.pk}/edit/",
        {"title": "青石镇2026年第三季度农村低保资金发放情况", "generated_on": "2026-09-18",
         "disclosure": "proactive", "body_html": "<p>共 86 户。</p>"},
    )  # fmt: skip
    run_chain(people, item, {"final": "同意发布"})
    head = client_for(people.head)

    response = head.get(f"/publishing/items/{item.pk}/approval.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "信息公开审批单" in text
    for expected in (item.index_number, "青石镇人民政府", "2026年9月18日", "主动公开", "王撰稿",
                     "请补充发放户数", "退回修改", "同意发布", "2026年9月21日", *NAMES):  # fmt: skip
        assert expected in text, expected

    response = head.get(f"/publishing/items/{item.pk}/approval.docx")
    assert response.status_code == 200
    text = docx_text(response.content)
    for expected in ("信息公开审批单", "信息标题", "索引号", "发布机构", "生成日期", "公开属性",
                     "目录类别", "拟稿人", "分管领导审核", "主要领导终审", *NAMES):  # fmt: skip
        assert expected in text, expected
    # One row per decision, each with the approver and the minute it was made.
    document = docx.Document(io.BytesIO(response.content))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    decided = [r for r in rows if r[1] in NAMES]
    assert [r[1] for r in decided] == ["李分管", *NAMES]
    assert all(re.match(r"2026年9月21日 \d\d:\d\d", r[4]) for r in decided)

    html = head.get(f"/publishing/items/{item.pk}/approval/").content.decode()
    assert all(name in html for name in NAMES)


def test_the_approval_form_of_a_revision_in_review_lists_the_stages_to_come(world, people, monday):
    writer = client_for(people.writer)
    item = create(writer, world.town_a)
    act(writer, item, "submit")
    act(client_for(people.reviewer), item, "approve", stage=0)
    text = docx_text(writer.get(f"/publishing/items/{item.pk}/approval.docx").content)
    assert "李分管" in text and text.count("（尚未审核）") == 3


def test_public_page_metadata_sanitised_body_and_nothing_internal(world, people, monday):
    writer = client_for(people.writer)
    item = create(
        writer,
        world.town_a,
        body_html='<p onclick="steal()">正文第一段</p><script>alert("x")</script>'
        '<a href="javascript:alert(1)">链接</a>',
    )
    run_chain(people, item, {"secrecy": "内部意见：注意口径"})
    response = Client().get(f"/publishing/p/{world.town_a.slug}/{item.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "正文第一段" in html
    assert 'alert("x")' not in html and "steal()" not in html and "javascript:" not in html
    for label in ("索引号", "发布机构", "生成日期", "公开属性", "目录分类"):
        assert label in html
    assert item.index_number in html and "2026年9月18日" in html
    # No reviewer's name or comment, nothing of the back office.
    for secret in (*NAMES, "内部意见", "审核"):
        assert secret not in html, secret
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_document_validity_interpretation_and_history(world, people, monday):
    writer = client_for(people.writer)
    old = create(writer, world.town_a, kind="document", doc_number="青政发〔2025〕3号",
                 written_on="2025-03-01", doc_type="normative", title="青石镇村庄保洁管理办法")  # fmt: skip
    run_chain(people, old)
    new = create(writer, world.town_a, kind="document", doc_number="青政发〔2026〕9号",
                 written_on="2026-09-15", doc_type="normative", title="青石镇村庄保洁管理办法（修订）")  # fmt: skip
    run_chain(people, new)
    interpretation = create(writer, world.town_a, kind="interpretation", title="《青石镇村庄保洁管理办法（修订）》解读")  # fmt: skip
    assert act(writer, interpretation, "link", document=new.pk).status_code == 302
    run_chain(people, interpretation)
    response = act(
        writer, old, "validity", validity="amended", superseded_by=new.pk, on="2026-09-21"
    )
    assert response.status_code == 302

    public = Client()
    slug = world.town_a.slug
    html = public.get(f"/publishing/p/{slug}/{old.pk}/").content.decode()
    assert "青政发〔2025〕3号" in html and "已修订" in html
    assert f"/publishing/p/{slug}/{new.pk}/" in html
    html = public.get(f"/publishing/p/{slug}/{new.pk}/").content.decode()
    assert "政策解读" in html and f"/publishing/p/{slug}/{interpretation.pk}/" in html
    html = public.get(f"/publishing/p/{slug}/{interpretation.pk}/").content.decode()
    assert "解读的文件" in html and f"/publishing/p/{slug}/{new.pk}/" in html

    # A correction: a new revision with its change note, public only once published.
    assert act(writer, new, "correct").status_code == 302
    edit = writer.post(
        f"/publishing/items/{new.pk}/edit/",
        {"title": "青石镇村庄保洁管理办法（修订）", "generated_on": "2026-09-18",
         "disclosure": "proactive", "doc_number": "青政发〔2026〕9号", "written_on": "2026-09-15",
         "body_html": "<p>第三条改正。</p>", "change_note": "更正第三条的错别字"},
    )  # fmt: skip
    assert edit.status_code == 302
    html = public.get(f"/publishing/p/{slug}/{new.pk}/").content.decode()
    assert "第三条改正" not in html and "更正第三条的错别字" not in html
    run_chain(people, new)
    html = public.get(f"/publishing/p/{slug}/{new.pk}/").content.decode()
    assert "第三条改正" in html and "修订记录" in html and "更正第三条的错别字" in html


def test_feeds_escape_titles_and_filter_by_catalogue_entry(world, people, monday):
    town = world.town_a
    parent = CatalogEntry.objects.create(agency=town, code="t07", name="财政信息")
    child = CatalogEntry.objects.create(
        agency=town, code="t07-01", name="财政预决算", parent=parent
    )
    other = CatalogEntry.objects.create(agency=town, code="t09", name="社会救助")
    writer = client_for(people.writer)
    budget = create(writer, town, title='2026年预算<b>说明</b> & "附表"', catalog_entry=child.pk)
    relief = create(writer, town, title="低保名单", catalog_entry=other.pk)
    run_chain(people, budget)
    run_chain(people, relief)
    public = Client()
    slug = town.slug

    response = public.get(f"/publishing/p/{slug}/feed.xml")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "public" in response["Cache-Control"]
    root = ET.fromstring(response.content)
    titles = [t.text for t in root.iter("title")]
    assert '2026年预算<b>说明</b> & "附表"' in titles  # text, escaped in the XML
    assert b"<b>" not in response.content

    feed = json.loads(public.get(f"/publishing/p/{slug}/feed.json").content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert {i["id"] for i in feed["items"]} == {budget.index_number, relief.index_number}

    # The parent entry includes its sub-entries; another entry is left out.
    root = ET.fromstring(public.get(f"/publishing/p/{slug}/feed.xml?entry=t07").content)
    guids = [g.text for g in root.iter("guid")]
    assert guids == [budget.index_number]
    feed = json.loads(public.get(f"/publishing/p/{slug}/feed.json?entry=t09").content)
    assert [i["id"] for i in feed["items"]] == [relief.index_number]
    html = public.get(f"/publishing/p/{slug}/?entry=t07-01").content.decode()
    assert f'data-item="{budget.pk}"' in html and f'data-item="{relief.pk}"' not in html
    assert "&lt;b&gt;" in html
    assert public.get(f"/publishing/p/{slug}/?entry=nope").status_code == 404
    assert public.get(f"/publishing/p/{slug}/feed.xml?entry=nope").status_code == 404


def test_new_item_form_errors_keep_the_input(world, people, monday):
    writer = client_for(people.writer)
    response = writer.post(
        f"/publishing/new/?agency={world.town_a.pk}",
        {"kind": "document", "title": "某文件", "generated_on": "2026-09-18",
         "disclosure": "on_request", "body_html": "<p>保留的正文</p>"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "不主动公开的理由" in html and "保留的正文" in html
    assert not Item.objects.exists()
    # Another agency's id in the address: refused, nothing created.
    response = writer.post(
        f"/publishing/new/?agency={world.town_b.pk}",
        {"kind": "info", "title": "x", "generated_on": "2026-09-18", "disclosure": "proactive"},
    )
    assert response.status_code == 403
    assert client_for(world.sysadmin).get("/publishing/").status_code == 403


def test_channel_record_and_schedule(world, people, monday):
    writer = client_for(people.writer)
    item = create(writer, world.town_a)
    run_chain(people, item)
    response = act(writer, item, "channel", channel="notice_board", date="2026-09-21",
                   link="", note="村务公开栏张贴")  # fmt: skip
    assert response.status_code == 302
    page = writer.get(f"/publishing/items/{item.pk}/").content.decode()
    assert 'data-channel="notice_board"' in page and "村务公开栏张贴" in page

    second = create(writer, world.town_a, title="第二条信息")
    act(writer, second, "submit")
    for who in APPROVERS:
        act(client_for(getattr(people, who)), second, "approve", stage=stage_of(second))
    response = act(client_for(people.head), second, "schedule", at="2026-09-20T09:00")
    assert response.status_code == 400 and "定时发布的时间应当晚于现在" in response.content.decode()
    response = act(client_for(people.head), second, "schedule", at="2026-09-22T09:00")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.scheduled_for is not None
    assert Client().get(f"/publishing/p/{world.town_a.slug}/{second.pk}/").status_code == 404
