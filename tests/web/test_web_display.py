"""Large text and high contrast: plain links that set a cookie and send the reader back."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_switching_large_text_on_sets_a_lasting_cookie_and_returns(client):
    response = client.get("/display/large-text/on/?next=/gk/qingshi/")
    assert response.status_code == 302
    assert response["Location"] == "/gk/qingshi/"
    cookie = response.cookies["gk_large_text"]
    assert cookie.value == "1"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]


def test_switching_it_off_removes_the_cookie(client):
    client.cookies["gk_large_text"] = "1"
    response = client.get("/display/large-text/off/?next=/")
    assert response.status_code == 302
    assert response.cookies["gk_large_text"].value == ""
    assert response.cookies["gk_large_text"]["max-age"] == 0


def test_high_contrast_is_switched_the_same_way(client):
    response = client.get("/display/high-contrast/on/?next=/")
    assert response.cookies["gk_high_contrast"].value == "1"


@pytest.mark.parametrize(
    "target", ["https://example.com/", "//example.com/", "javascript:alert(1)", ""]
)
def test_the_switch_never_sends_the_reader_to_another_site(client, target):
    response = client.get("/display/large-text/on/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("url", ["/display/tiny-text/on/", "/display/large-text/maybe/"])
def test_unknown_options_and_values_are_404(client, url):
    assert client.get(url).status_code == 404


def test_with_the_cookie_the_page_is_marked_for_large_text_and_offers_the_way_back(client, county):
    client.cookies["gk_large_text"] = "1"
    html = client.get("/gk/qingshi/").content.decode()
    assert '<html lang="zh-CN" class="gk-large-text">' in html
    assert 'href="/display/large-text/off/?next=/gk/qingshi/"' in html
    assert "标准字号" in html


def test_both_preferences_together(client, county):
    client.cookies["gk_large_text"] = "1"
    client.cookies["gk_high_contrast"] = "1"
    html = client.get("/gk/qingshi/").content.decode()
    assert 'class="gk-large-text gk-high-contrast"' in html
    assert "标准配色" in html


def test_the_back_office_honours_the_preferences_too(client, people):
    client.cookies["gk_large_text"] = "1"
    client.force_login(people["drafter"])
    assert 'class="gk-large-text"' in client.get("/").content.decode()
