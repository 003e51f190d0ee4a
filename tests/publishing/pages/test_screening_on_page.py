"""Screening findings on the item page, and the final approval they block: refused in
words, then allowed with an override reason that the log and the 审批单 keep."""

from __future__ import annotations

import pytest

from gongkai.publishing.models import ReviewAction

from .helpers import act, client_for, create, stage_of

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"  # a valid checksum: the screening recognises it


def test_a_blocking_finding_is_shown_and_needs_an_override_reason(world, people, monday):
    writer = client_for(people.writer)
    item = create(writer, world.town_a, body_html=f"<p>低保户张三，身份证号{ID_NUMBER}。</p>")
    act(writer, item, "submit")
    page = writer.get(f"/publishing/items/{item.pk}/").content.decode()
    assert 'data-finding="C-3"' in page
    assert ID_NUMBER not in page.split("body-preview")[0]  # findings quote it masked
    for who in ("reviewer", "head", "secrecy"):
        response = act(client_for(getattr(people, who)), item, "approve", stage=stage_of(item))
        assert response.status_code == 302
    final = client_for(people.final)
    response = act(final, item, "approve", stage=3)
    assert response.status_code == 400
    assert "内容筛查发现须处理的问题" in response.content.decode()
    response = act(final, item, "approve", stage=3, override_reason="已征得本人书面同意公开")
    assert response.status_code == 302
    last = ReviewAction.objects.filter(item=item).order_by("-at", "-id").first()
    assert last.action == "override" and last.override_reason == "已征得本人书面同意公开"
    page = final.get(f"/publishing/items/{item.pk}/approval/").content.decode()
    assert "放行理由：已征得本人书面同意公开" in page
