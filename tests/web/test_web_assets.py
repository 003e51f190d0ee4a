"""Vendored assets are the files the README says, and nothing points off the machine."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django.views import defaults

import gongkai.web

WEB = Path(gongkai.web.__file__).parent
VENDOR = WEB / "static" / "web" / "vendor"


def test_the_vendored_htmx_is_the_one_recorded_in_the_readme():
    readme = (VENDOR / "README.md").read_text()
    recorded = re.search(r"sha256 of `htmx.min.js`: `([0-9a-f]{64})`", readme).group(1)
    actual = hashlib.sha256((VENDOR / "htmx.min.js").read_bytes()).hexdigest()
    assert actual == recorded
    assert (VENDOR / "htmx.LICENSE.txt").read_text().startswith("Zero-Clause BSD")


def test_no_template_or_stylesheet_loads_anything_from_another_host():
    files = [*WEB.joinpath("templates").rglob("*.html"), *WEB.joinpath("static").rglob("*.css")]
    assert files
    for path in files:
        text = path.read_text()
        assert not re.search(r'(src|href|action)="(https?:)?//', text), path
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), path
        assert "@import" not in text, path


def test_the_server_error_page_renders_without_a_request():
    html = get_template("500.html").render({})
    assert "系统出现错误" in html and 'lang="zh-CN"' in html


@pytest.mark.django_db
def test_the_forbidden_page_is_in_chinese(client):
    request = RequestFactory().get("/somewhere/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionError())
    assert response.status_code == 403
    assert "没有访问权限" in response.content.decode()
