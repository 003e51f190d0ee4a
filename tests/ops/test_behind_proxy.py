"""Behind nginx with HTTPS (docs/deploy.md): forms must still pass Django's CSRF check.

nginx ends TLS and talks plain HTTP to gunicorn. Browsers send `Origin: https://host` with
every form; unless Django trusts nginx's `X-Forwarded-Proto: https`, it takes the request
for plain HTTP, finds the origins different and answers 403 to every form — the sign-in
form first. Settings are read at import, so each case runs in a new process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HOST = "gongkai.example.gov.cn"
SCRIPT = """
import django, sys
django.setup()
from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory

host, scheme, forwarded = sys.argv[1:4]
extra = {"HTTP_X_FORWARDED_PROTO": forwarded} if forwarded else {}
factory = RequestFactory()
page = factory.get("/accounts/login/", HTTP_HOST=host, **extra)
token = get_token(page)
form = factory.post(
    "/accounts/login/", {"csrfmiddlewaretoken": token},
    HTTP_HOST=host, HTTP_ORIGIN=scheme + "://" + host, **extra,
)
form.COOKIES[settings.CSRF_COOKIE_NAME] = page.META["CSRF_COOKIE"]
ok = lambda request: HttpResponse()
refused = CsrfViewMiddleware(ok).process_view(form, ok, (), {})
print("refused" if refused is not None else "accepted")
"""


def post_form(tmp_path: Path, *, https: bool, scheme: str, forwarded: str = "") -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        GONGKAI_DATA_DIR=str(tmp_path / "data"),
        ALLOWED_HOSTS=HOST,
        GONGKAI_HTTPS="1" if https else "0",
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, HOST, scheme, forwarded],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_form_over_plain_http_is_accepted(tmp_path):
    assert post_form(tmp_path, https=False, scheme="http") == "accepted"


def test_a_form_over_https_through_nginx_is_accepted(tmp_path):
    assert post_form(tmp_path, https=True, scheme="https", forwarded="https") == "accepted"


def test_a_forged_https_origin_over_plain_http_is_refused(tmp_path):
    assert post_form(tmp_path, https=True, scheme="https") == "refused"
