"""In Chromium: 青石镇's head creates an API token on the back-office page, sees it once,
uses it with the API, and revokes it; the page fetches nothing from elsewhere."""

from __future__ import annotations

import pytest

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Agency, Level, Role
from gongkai.api.models import ApiToken
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def town(db) -> Agency:
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="shili")
    return Agency.objects.create(
        name="青石镇人民政府", level=Level.TOWNSHIP, parent=county, slug="qingshi"
    )


def test_a_token_is_created_shown_once_and_revoked(site, town, client):
    head = make_person("qs_head", roles=[(town, Role.DISCLOSURE_HEAD)], display_name="赵主任")
    page = site.page
    site.sign_in_as(head)
    site.goto("/api/tokens/")
    assert page.locator("h1").inner_text() == "接口令牌"
    page.fill("#id_name", "县公文系统")
    with page.expect_navigation():
        page.get_by_role("button", name="创建令牌").click()
    raw = page.locator("#new-token").inner_text().strip()
    assert raw.startswith("gk_")
    site.screenshot("api-token-created")
    violations = axe_violations(site)
    assert not violations, describe(violations)

    # The token works with the API …
    answer = client.get("/api/checks/999", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 404  # accepted; there is just no such check

    # … and is not shown again.
    site.goto("/api/tokens/")
    assert page.locator("#new-token").count() == 0
    assert raw not in page.content()

    with page.expect_navigation():
        page.get_by_role("button", name="吊销“县公文系统”").click()
    assert "由 赵主任 吊销" in page.locator("#tokens").inner_text()
    assert not ApiToken.objects.get().is_active
    assert client.get("/api/checks/999", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert site.external_requests() == []


def test_the_api_reference_page_is_accessible_and_needs_no_script(site_without_js, db):
    site_without_js.goto("/api/docs/")
    page = site_without_js.page
    assert page.locator("h1").inner_text().startswith("Gongkai 开放接口")
    assert page.locator("h2").count() == 8
    assert site_without_js.external_requests() == []


def test_the_api_reference_page_passes_axe(site, db):
    site.goto("/api/docs/")
    violations = axe_violations(site)
    assert not violations, describe(violations)
