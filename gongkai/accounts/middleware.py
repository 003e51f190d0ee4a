"""Rules that hold on every page, whoever wrote the view.

Add `gongkai.accounts.middleware.AccountPolicyMiddleware` to MIDDLEWARE after
AuthenticationMiddleware and MessageMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .errors import NotAllowed

#: Pages that must work before anything else: signing in and out, and changing the password.
SELF_SERVICE = frozenset(
    {
        "accounts:login",
        "accounts:login_code",
        "accounts:logout",
        "accounts:password_change",
        "accounts:totp",
    }
)
#: Answer without looking at the session at all (monitoring polls these).
UNTOUCHED = frozenset({"healthz"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AccountPolicyMiddleware:
    """Two rules of 等保 that no view should be able to forget:

    1. A person still holding an initial (or reset) password is sent to the
       change-password page from every page until they have changed it.
    2. The 审计管理员 changes nothing: any request that could write (POST, PUT, PATCH,
       DELETE) is refused with 403 except on their own sign-in pages. Services check
       this again; this is the net under them for views of every app.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in UNTOUCHED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.must_change_password and name not in (
            "accounts:password_change",
            "accounts:logout",
        ):
            target = reverse("accounts:password_change")
            if request.method in SAFE_METHODS:
                target += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(target)
        if user.is_auditor and request.method not in SAFE_METHODS and name not in SELF_SERVICE:
            raise NotAllowed(_("审计管理员只能查看审计日志，不能做任何修改。"))
        return None
