"""The tables of the result page are written out in Python (tables.cell_html), not by a
template include per cell: the same markup as the include wrote, every text escaped, and a
page whose queries do not grow with the report's findings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.reports import services
from gongkai.reports.tables import Cell, Mark, build_tables, cell_html

from .conftest import upload
from .samples import report_with_errors, tables

# What reports/_cell.html said, one cell per include, before the cells were written in
# Python: the reference the Python writer must match byte for byte.
CELL_TEMPLATE = (
    '{% if cell.header %}<th{% if cell.id %} id="{{ cell.id }}"{% endif %}'
    '{% if cell.scope %} scope="{{ cell.scope }}"{% endif %}'
    '{% if cell.rowspan > 1 %} rowspan="{{ cell.rowspan }}"{% endif %}'
    '{% if cell.colspan > 1 %} colspan="{{ cell.colspan }}"{% endif %}'
    ' class="{{ cell.kind }}{% if cell.marks %} {{ cell.mark_class }}{% endif %}"'
    '{% if cell.marks %} aria-describedby="{{ cell.describedby }}"{% endif %}>'
    '{% if cell.marks %}<span class="mark-symbol" aria-hidden="true">{{ cell.symbol }}</span>'
    "{% endif %}{{ cell.text }}"
    '{% if cell.marks %}<span class="visually-hidden">（{{ cell.symbol_words }}）</span>'
    "{% endif %}</th>"
    '{% else %}<td id="{{ cell.anchor }}" headers="{{ cell.headers }}"'
    '{% if cell.colspan > 1 %} colspan="{{ cell.colspan }}"{% endif %}'
    ' class="{{ cell.kind }}{% if cell.marks %} {{ cell.mark_class }}{% endif %}"'
    ' data-location="{{ cell.location }}"'
    '{% if cell.marks %} aria-describedby="{{ cell.describedby }}"{% endif %}>'
    '{% if cell.marks %}<span class="mark-symbol" aria-hidden="true">{{ cell.symbol }}</span>'
    "{% endif %}{{ cell.text }}"
    '{% if cell.marks %}<span class="visually-hidden">（{{ cell.symbol_words }}）</span>'
    "{% endif %}</td>{% endif %}\n"
)

HOSTILE = "<img src=x onerror=\"alert('x')\">&amp;"


def _reference(cell: Cell) -> str:
    return Template(CELL_TEMPLATE).render(Context({"cell": cell}))


def _marked_tables():
    t2, t3, t4 = tables()
    t2["penalty"]["decisions"] = None  # not a number: what the report wrote is shown
    report = {"format": "v2021", "table2": t2, "table3": t3, "table4": t4}
    findings = [
        {"id": "finding-1", "severity": "error", "location": "table3.granted.total"},
        {"id": "finding-2", "severity": "warning", "location": "table3.granted.total"},
        {"id": "finding-3", "severity": "error", "location": "table3.column.total"},
        {
            "id": "finding-4",
            "severity": "error",
            "location": "table2.normative_documents.issued",
            "explained": True,
        },
        {"id": "finding-5", "severity": "info", "location": "table4.review"},
        {
            "id": "finding-6",
            "severity": "error",
            "location": "table2.penalty.decisions",
            "evidence": {"raw": HOSTILE},
        },
    ]
    return build_tables(report, findings)


def test_every_cell_of_the_three_tables_is_written_as_the_cell_template_wrote_it():
    views = _marked_tables()
    cells = [cell for t in views for cell in t.cells]
    assert len(cells) > 250
    assert any(c.marks and all(m.explained for m in c.marks) for c in cells)
    assert any(c.header and c.marks for c in cells) and any(c.rowspan > 1 for c in cells)
    for cell in cells:
        assert cell_html(cell) == _reference(cell), cell.location or cell.id
    # What the report wrote in a cell that is not a number is shown as text.
    (written,) = [cell_html(c) for c in cells if c.location == "table2.penalty.decisions"]
    assert "&lt;img src=x onerror=&quot;alert(&#x27;x&#x27;)&quot;&gt;&amp;amp;" in written
    assert "<img" not in "".join(t.head_html + t.body_html for t in views)
    for t in views:
        expected = "".join("<tr>" + "".join(_reference(c) for c in row) + "</tr>" for row in t.body)
        assert t.body_html == expected


def test_text_and_attributes_are_escaped_as_the_template_escaped_them():
    cells = [
        Cell(HOSTILE, header=True, rowspan=2, colspan=3, id='x"y', scope="row", kind="label"),
        Cell(HOSTILE, location="table2.a.b", headers='h1 "h2"', kind="num"),
        Cell(
            "",
            location="table3.granted.total",
            kind="num blank",
            marks=[Mark('finding-1" onclick="x', "error", False), Mark("finding-2", "x", True)],
        ),
    ]
    for cell in cells:
        written = cell_html(cell)
        assert written == _reference(cell)
        assert "<img" not in written and 'onclick="x' not in written


def _queries(client, check) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:detail", args=[check.pk]))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_result_page_makes_a_bounded_number_of_queries(
    client, county, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.upload_create(
            actor=people.supervisor, files=[upload("青石镇2023.txt", report_with_errors())]
        )
    check = batch.items.get().report_check
    check.refresh_from_db()
    client.force_login(people.supervisor)
    first = _queries(client, check)
    # Session, person, the check, who may see and edit it, the explanations, the frame's
    # menu (which asks the calendar, catalog and applications apps whether to show their entries),
    # the session saved: none of it per cell, per finding or per explanation.
    assert first <= 26
    for finding in check.findings:
        services.finding_explain(
            actor=people.supervisor,
            check=check,
            rule=finding["rule"],
            location=finding["location"],
            comment="已核实",
        )
    assert _queries(client, check) == first
