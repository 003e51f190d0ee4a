"""Search of published content, on whichever database the suite runs (SQLite here, PostgreSQL
in CI): only public items, found by title, body and attachment words, best first."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.proactive.review import State
from gongkai.publishing import services
from gongkai.publishing.models import Attachment, DocType, ItemKind, Validity
from gongkai.search import index
from tests.publishing.test_services import approve_all, create, publish, rev

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 21)

CORPUS = [
    (
        "青石镇2026年第三季度农村低保资金发放情况",
        "本季度共发放农村最低生活保障资金12.6万元，涉及低保户86户。",
    ),
    (
        "关于调整城乡低保标准的通知",
        "自2026年10月起，城乡最低生活保障标准提高，低保对象按新标准领取补助。",
    ),
    ("青石镇农村危房改造实施方案", "对农村危房改造对象给予补助，优先保障低收入家庭住房安全。"),
    ("2026年危房改造补助资金分配公示", "危房改造补助资金按户分配，每户补助2万元。"),
    ("青石镇土地征收补偿安置方案公告", "因道路建设需征收集体土地，补偿标准和安置办法如下。"),
    ("关于土地征收前期工作的通告", "拟征收土地范围内暂停新建、改建房屋。"),
    ("青石镇2026年财政预算执行情况", "一般公共预算收入完成年度预算的百分之七十八。"),
    ("2027年部门预算公开说明", "部门预算收支总表、财政拨款收支表及三公经费预算。"),
    ("青石镇2026年公开招聘社区工作者公告", "招聘社区工作者10名，报名时间为10月8日至15日。"),
    ("乡村振兴产业项目申报指南", "支持特色种植、乡村旅游等产业项目，申报材料见附件。"),
    ("森林防火期野外用火管理通告", "森林防火期内严禁野外用火，违者依法处理。"),
    ("医疗救助政策解读", "困难群众住院费用在医保报销后可申请医疗救助。"),
    ("义务教育阶段学生资助发放情况", "共资助家庭经济困难学生120人。"),
    ("2026年第二季度重大项目建设进展", "镇区道路改造、污水处理厂建设按计划推进。"),
    ("关于开展安全生产大检查的通知", "对辖区企业开展安全生产隐患排查。"),
]


def publish_indexed(world, chain, **changes):
    item = publish(world, chain, **changes)
    index.item_published(item)
    return item


@pytest.fixture
def corpus(world, chain, on):
    on(TODAY)
    return [
        publish_indexed(world, chain, title=title, summary="", body_html=f"<p>{body}</p>")
        for title, body in CORPUS
    ]


def titles(results) -> list[str]:
    return [hit.revision.title for hit in results.hits]


def test_two_character_words_find_their_documents_title_matches_first(corpus):
    found = titles(index.search("低保"))
    assert set(found[:2]) == {CORPUS[0][0], CORPUS[1][0]}
    assert set(titles(index.search("危房改造"))[:2]) == {CORPUS[2][0], CORPUS[3][0]}
    assert set(titles(index.search("土地征收"))) == {CORPUS[4][0], CORPUS[5][0]}
    assert set(titles(index.search("预算"))[:2]) == {CORPUS[6][0], CORPUS[7][0]}
    assert titles(index.search("招聘"))[0] == CORPUS[8][0]


def test_words_are_anded_and_phrases_must_be_whole(corpus):
    assert titles(index.search("危房改造 分配")) == [CORPUS[3][0]]
    assert titles(index.search("补助")) and CORPUS[4][0] not in titles(index.search("补助"))
    assert titles(index.search("“最低生活保障资金”")) == [CORPUS[0][0]]


def test_numbers_and_latin_words(world, chain, on, corpus):
    item = publish_indexed(
        world, chain, title="关于印发ABC试点方案的通知", kind=ItemKind.DOCUMENT,
        doc_number="青政发〔2026〕3号", doc_type=DocType.NORMATIVE, body_html="<p>正文</p>",
    )  # fmt: skip
    assert [h.item for h in index.search("青政发〔2026〕3号").hits] == [item]
    assert [h.item for h in index.search("abc 试点").hits] == [item]
    assert index.search("2026").total >= 4


def test_attachment_text_and_body_are_searched(world, chain, on):
    on(TODAY)
    item = publish(world, chain, title="附件测试", body_html="<p>正文里有养老保险</p>")
    Attachment.objects.create(
        revision=item.published_revision, name="a.pdf", kind="pdf", size=1, sha256="0",
        file="x.pdf", text="附件里写着高龄津贴",
    )  # fmt: skip
    index.item_published(item)
    assert [h.item for h in index.search("高龄津贴").hits] == [item]
    assert [h.item for h in index.search("养老保险").hits] == [item]


def test_nothing_unpublished_is_ever_returned(world, chain, on):
    on(TODAY)
    draft = create(world, title="草稿里的低保名单")
    in_review = create(world, title="审核中的低保名单")
    services.submit(actor=world.drafter, revision=rev(in_review))
    approved = create(world, title="已审批未发布的低保名单")
    services.submit(actor=world.drafter, revision=rev(approved))
    approve_all(chain, rev(approved))
    for item in (draft, in_review, approved):
        index.item_published(item)  # a hook called too early indexes nothing
    index.sync()
    assert index.search("名单").total == 0


def test_withdrawn_items_disappear_at_once_even_before_sync(world, chain, on):
    on(TODAY)
    item = publish_indexed(world, chain, title="将被撤回的低保公示")
    assert index.search("撤回").total == 1
    services.withdraw(actor=chain.head, item=item, reason="有误")
    item.refresh_from_db()
    assert item.state == State.WITHDRAWN
    assert index.search("撤回").total == 0 and index.search("撤回").hits == []
    assert index.sync().removed == 1
    index.item_withdrawn(item)  # idempotent
    assert index.search("撤回").total == 0


def test_sync_indexes_what_the_hooks_missed_and_reindex_rebuilds(world, chain, on):
    on(TODAY)
    item = publish(world, chain, title="未经钩子的招聘公告")
    assert index.search("招聘").total == 0
    assert index.sync().added == 1
    assert [h.item for h in index.search("招聘").hits] == [item]
    assert index.sync().added == 0
    assert index.reindex_all() == 1
    assert index.search("招聘").total == 1


def test_filters(world, chain, on, corpus):
    other = publish_indexed(world, chain, title="石桥镇低保公示")
    assert index.search("低保", agency=world.town_a).total == 3
    assert index.search("低保", agency=world.county).total == 3
    assert index.search("低保", agency=world.other_county).total == 0
    assert index.search("低保", date_from=TODAY, date_to=TODAY).total == 3
    assert index.search("低保", date_to=TODAY - dt.timedelta(days=1)).total == 0
    assert index.search("低保", doc_type=DocType.NORMATIVE).total == 0
    other.validity = Validity.REPEALED
    other.save(update_fields=["validity"])
    assert [h.item for h in index.search("低保", validity=Validity.REPEALED).hits] == [other]


def test_snippets_mark_the_words_and_escape_html(world, chain, on):
    on(TODAY)
    publish_indexed(
        world, chain, title="转义测试",
        body_html="<p>" + "说明文字。" * 30 + "&lt;script&gt;alert(1)&lt;/script&gt;低保金</p>",
    )  # fmt: skip
    hit = index.search("低保").hits[0]
    assert "<mark>低保</mark>" in hit.snippet_html
    assert "<script>" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html


def test_pages(world, chain, on, corpus):
    first = index.search("2026", per_page=2)
    second = index.search("2026", page=2, per_page=2)
    assert first.total == second.total and first.pages >= 2
    assert not {h.item.pk for h in first.hits} & {h.item.pk for h in second.hits}


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=150))
def test_any_query_answers(world, raw):
    results = index.search(raw)
    assert results.total >= 0


def test_a_very_common_word_ranks_the_newest_matches_then_lists_the_rest_newest_first(
    corpus, monkeypatch
):
    # At a million items a common word matches hundreds of thousands: only the newest
    # RANK_WINDOW are ranked, the count stops at COUNT_LIMIT ("more than"). Shrunk here.
    everything = {hit.item.pk for hit in index.search("2026", per_page=100).hits}
    assert len(everything) >= 4
    monkeypatch.setattr(index, "RANK_WINDOW", 2)
    monkeypatch.setattr(index, "COUNT_LIMIT", 3)
    results = index.search("2026", per_page=1)
    assert results.total == 3 and results.more and results.pages == 3
    pages = [index.search("2026", page=n, per_page=1).hits for n in (1, 2, 3)]
    seen = [hit.item.pk for hits in pages for hit in hits]
    assert len(seen) == len(set(seen)) == 3 and set(seen) <= everything
    newest_two = sorted(everything, reverse=True)[:2]
    assert set(seen[:2]) == set(newest_two)  # the window: the two newest, by relevance
    assert seen[2] == sorted(everything, reverse=True)[2]  # then the next newest
    # A page straddling the window's end gets both parts.
    straddling = index.search("2026", page=1, per_page=3)
    assert [h.item.pk for h in straddling.hits] == seen


def test_the_page_says_when_there_are_more_matches_than_counted(client, corpus, monkeypatch):
    monkeypatch.setattr(index, "COUNT_LIMIT", 2)
    page = client.get("/search/", {"q": "2026"}).content.decode()
    assert "找到超过 2 条结果" in page
