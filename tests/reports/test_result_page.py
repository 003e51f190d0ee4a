"""The result page draws the three tables in the official layout and marks exactly the
cells the findings point at; explanations are kept across re-checks and uploads."""

from __future__ import annotations

import copy

import lxml.html
import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.reports import selectors, services
from gongkai.reports.models import CheckStatus, FindingExplanation

from .conftest import upload
from .samples import report_with_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def check(county, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.upload_create(
            actor=people.supervisor, files=[upload("青石镇2023.txt", report_with_errors())]
        )
    check = batch.items.get().report_check
    check.refresh_from_db()
    return check


def _page(client, person, check):
    client.force_login(person)
    response = client.get(reverse("reports:detail", args=[check.pk]))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _cell(doc, location):
    (cell,) = doc.xpath(f'//td[@data-location="{location}"]')
    return cell


def _plain(element) -> str:
    """A cell's own text, without the mark's symbol and its words for screen readers."""
    element = copy.deepcopy(element)
    for span in element.xpath('.//span[@class="mark-symbol" or @class="visually-hidden"]'):
        span.drop_tree()
    return element.text_content().strip()


def _finding_of(doc, cell):
    ids = cell.get("aria-describedby", "").split()
    assert ids, "a marked cell points at its findings"
    return [doc.get_element_by_id(i) for i in ids]


def test_the_header_and_facts_of_the_report_are_shown(client, people, check, county):
    doc = _page(client, people.supervisor, check)
    assert doc.get_element_by_id("fact-agency").text_content().strip().startswith(county.a.name)
    assert "2023" in doc.get_element_by_id("fact-year").text_content()
    assert "2021 年版" in doc.get_element_by_id("fact-format").text_content()


def test_each_offending_cell_is_marked_with_class_symbol_and_a_link_to_its_finding(
    client, people, check
):
    doc = _page(client, people.supervisor, check)
    granted = _cell(doc, "table3.granted.total")
    assert "mark-error" in granted.get("class")
    assert granted.xpath('.//span[@class="mark-symbol"]')[0].text == "✗"
    assert _plain(granted) == "4"
    (finding,) = _finding_of(doc, granted)
    assert "T3-3" in finding.text_content()

    # T3-2 is about the 总计 column: its （七）总计 cell and the column header are marked.
    total = _cell(doc, "table3.total_processed.total")
    assert any("T3-2" in f.text_content() for f in _finding_of(doc, total))
    (header,) = doc.xpath('//th[@id="t3-c-total"]')
    assert "mark-error" in header.get("class")

    # The blank cell stays blank — never 0 — and is marked all the same.
    blank = _cell(doc, "table3.denied_state_secret.commercial")
    assert "mark-error" in blank.get("class")
    assert _plain(blank) == ""
    assert any("T3-4" in f.text_content() for f in _finding_of(doc, blank))

    # Cells nothing is wrong with carry no mark.
    fine = _cell(doc, "table3.new_received.total")
    assert "mark" not in fine.get("class") and fine.get("aria-describedby") is None
    assert fine.text_content().strip() == "6"
    marked = {td.get("data-location") for td in doc.xpath('//td[contains(@class, "mark-")]')}
    assert marked == {
        "table3.granted.total",
        "table3.total_processed.total",
        "table3.denied_state_secret.commercial",
    }


def test_the_tables_have_the_merged_headers_of_the_national_format(client, people, check):
    doc = _page(client, people.supervisor, check)
    t3 = doc.get_element_by_id("table3")

    def th(table, text):
        (cell,) = [c for c in table.xpath(".//th") if _plain(c) == text]
        return cell

    assert th(t3, "申请人情况").get("colspan") == "7"
    assert th(t3, "法人或其他组织").get("colspan") == "5"
    assert th(t3, "自然人").get("rowspan") == "2" and th(t3, "总计").get("rowspan") == "2"
    assert th(t3, "三、本年度办理结果").get("rowspan") == "22"
    assert th(t3, "（三）不予公开").get("rowspan") == "8"
    assert th(t3, "（六）其他处理").get("rowspan") == "3"
    assert th(t3, "一、本年新收政府信息公开申请数量").get("colspan") == "3"
    # every data row of table 三 has its seven figures
    assert len(t3.xpath(".//tbody/tr")) == 25
    assert all(len(tr.xpath("./td")) == 7 for tr in t3.xpath(".//tbody/tr"))

    t2 = doc.get_element_by_id("table2")
    titles = [c.text_content().strip() for c in t2.xpath('.//th[@scope="colgroup"]')]
    assert titles == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert _cell(doc, "table2.normative_documents.issued").text_content().strip() == "2"

    t4 = doc.get_element_by_id("table4")
    assert th(t4, "行政复议").get("colspan") == "5"
    assert th(t4, "行政诉讼").get("colspan") == "10"
    assert th(t4, "未经复议直接起诉").get("colspan") == "5"
    assert th(t4, "复议后起诉").get("colspan") == "5"
    assert len(t4.xpath(".//tbody/tr/td")) == 15
    # a data cell names its headers, for screen readers
    upheld = _cell(doc, "table4.litigation_direct.upheld")
    assert upheld.get("headers").split() == [
        "t4-litigation",
        "t4-b-litigation_direct",
        "t4-litigation_direct-c-upheld",
    ]


def test_findings_are_grouped_by_severity_with_their_place_in_words(client, people, check):
    doc = _page(client, people.supervisor, check)
    groups = doc.xpath('//section[@id="findings"]/h3')
    assert [g.get("id") for g in groups] == ["group-error"]
    assert "错误（3 项，未说明 3 项）" in groups[0].text_content()
    items = doc.xpath('//section[@id="findings"]//li[contains(@class, "finding")]')
    assert len(items) == 3
    assert all(i.xpath('.//details[@class="explain"]//textarea[@required]') for i in items)
    assert all(i.xpath('.//input[@name="csrfmiddlewaretoken"]') for i in items)


def test_marking_as_explained_greys_the_finding_shows_who_and_survives_a_recheck(
    client, people, check, django_capture_on_commit_callbacks
):
    finding = next(f for f in check.findings if f["rule"] == "T3-3")
    client.force_login(people.clerk_a)
    response = client.post(
        reverse("reports:explain", args=[check.pk]),
        {
            "rule": "T3-3",
            "location": finding["location"],
            "comment": "总计含一件口头申请，已在正文说明",
            "anchor": "finding-2",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#finding-2")
    entry = AuditEntry.objects.get(kind="reports.finding_explained")
    assert entry.actor == people.clerk_a and entry.after["comment"].startswith("总计含")

    check.refresh_from_db()
    assert check.unexplained_errors == 2
    assert selectors.unexplained_error_count(people.supervisor) == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.check_recheck(actor=people.supervisor, check=check)
    check.refresh_from_db()
    assert check.status == CheckStatus.DONE and check.unexplained_errors == 2

    doc = _page(client, people.supervisor, check)
    granted = _cell(doc, "table3.granted.total")
    assert "mark-explained" in granted.get("class")
    assert granted.xpath('.//span[@class="mark-symbol"]')[0].text == "✓"
    (item,) = _finding_of(doc, granted)
    assert "finding-explained" in item.get("class")
    text = item.text_content()
    assert "总计含一件口头申请" in text and str(people.clerk_a) in text
    assert item.xpath(f'.//form[@action="{reverse("reports:unexplain", args=[check.pk])}"]')

    # Withdrawing it makes the finding count again, and is audited too.
    client.post(
        reverse("reports:unexplain", args=[check.pk]),
        {"rule": "T3-3", "location": finding["location"]},
    )
    check.refresh_from_db()
    assert check.unexplained_errors == 3
    assert not FindingExplanation.objects.exists()
    assert AuditEntry.objects.filter(kind="reports.finding_unexplained").exists()


def test_an_explanation_is_found_again_when_the_same_file_is_uploaded_for_another_scope(
    county, people, check, django_capture_on_commit_callbacks
):
    finding = check.findings[0]
    services.finding_explain(
        actor=people.supervisor,
        check=check,
        rule=finding["rule"],
        location=finding["location"],
        comment="已与青石镇核实",
    )
    # The township uploads the very same bytes itself: a new check, the same explanation.
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.upload_create(
            actor=people.clerk_a, files=[upload("我们的年报.txt", report_with_errors())]
        )
    again = batch.items.get().report_check
    again.refresh_from_db()
    assert again.pk != check.pk and again.file_id == check.file_id
    assert again.unexplained_errors == 2
    explained = selectors.explanations_for(again)
    assert explained[(finding["rule"], finding["location"])].comment == "已与青石镇核实"


def test_an_empty_comment_is_refused(people, check):
    from django.core.exceptions import ValidationError

    finding = check.findings[0]
    with pytest.raises(ValidationError):
        services.finding_explain(
            actor=people.supervisor,
            check=check,
            rule=finding["rule"],
            location=finding["location"],
            comment="   ",
        )


def test_a_finding_the_report_does_not_have_cannot_be_explained(people, check):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.finding_explain(
            actor=people.supervisor, check=check, rule="T3-1", location="table3", comment="x"
        )


def test_the_original_file_is_only_ever_downloaded(client, people, check):
    client.force_login(people.supervisor)
    response = client.get(reverse("reports:file", args=[check.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == report_with_errors()
