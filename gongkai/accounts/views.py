"""Sign-in pages and the administrators' people pages. Thin: forms read the input,
services decide and write, `NotAllowed` from a service or selector becomes a 403."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies.models import Membership

from . import selectors, services, totp
from .errors import AccountLocked, AccountsError, PasswordRejected, SignInRefused
from .forms import CodeForm, MembershipForm, PasswordChangeForm, PersonCreateForm, SignInForm
from .models import User
from .permissions import (
    can_manage_people,
    can_manage_sign_in,
    can_view_people,
    require_manage_people,
    require_manage_sign_in,
)

#: Session key of a sign-in waiting for its second factor: who, since when, going where.
PENDING = "accounts.pending_sign_in"
#: The code must follow the password within this many seconds.
PENDING_SECONDS = 300
#: Session key of a second-factor secret shown but not yet confirmed.
TOTP_PENDING = "accounts.totp_pending_secret"


def _after_sign_in(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Where a person goes once signed in: first the change of an initial password (the
    middleware enforces it on every page; this is the same rule at the door, so it holds
    even where the middleware is missing), then `next` or the page their role is for."""
    target = next_url or _home_for(user)
    if user.must_change_password:
        return redirect(f"{reverse('accounts:password_change')}?{urlencode({'next': target})}")
    return redirect(target)


def _home_for(user: User) -> str:
    """The one page a person's role is for."""
    if user.is_auditor:
        return reverse("audit:index")
    if can_view_people(user):
        return reverse("accounts:people")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for the links to other pages."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _next_url(request: HttpRequest) -> str:
    """The `next` page if it is on this site (never an open redirect), else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request) or _home_for(request.user))
    form = SignInForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in_check_password(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                request=request,
            )
        except SignInRefused as refusal:
            error = refusal.message
        else:
            if user.totp_secret:
                request.session[PENDING] = {
                    "user": user.pk,
                    "at": timezone.now().timestamp(),
                    "next": _next_url(request),
                }
                return redirect("accounts:login_code")
            services.sign_in_complete(user=user, request=request)
            return _after_sign_in(request, user, _next_url(request))
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": _next_url(request)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def login_code_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending or timezone.now().timestamp() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.info(request, _("请重新输入用户名和密码。"))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in_check_code(
                user_id=pending["user"], code=form.cleaned_data["code"], request=request
            )
        except AccountLocked as refusal:
            request.session.pop(PENDING, None)
            messages.error(request, refusal.message)
            return redirect("accounts:login")
        except SignInRefused as refusal:
            error = refusal.message
        else:
            del request.session[PENDING]
            services.sign_in_complete(user=user, request=request)
            return _after_sign_in(request, user, pending.get("next", ""))
    return render(request, "accounts/login_code.html", {"form": form, "error": error})


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    """GET asks, POST signs out: a link or an image on another site must not sign anyone out."""
    if request.method == "POST":
        services.sign_out(request=request)
        messages.info(request, _("您已安全退出。"))
        return redirect("accounts:login")
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(request, "accounts/logout.html")


@never_cache
@sensitive_post_parameters("old_password", "new_password", "new_password_again")
@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                request=request,
            )
        except PasswordRejected as refusal:
            for message in refusal.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("密码已修改。"))
            return redirect(_next_url(request) or _home_for(request.user))
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "next": _next_url(request), "forced": request.user.must_change_password},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def totp_view(request: HttpRequest) -> HttpResponse:
    """Enrol the second factor: show a secret (as QR code and as text), confirm with a code."""
    user = request.user
    if user.totp_secret:
        request.session.pop(TOTP_PENDING, None)
        return render(request, "accounts/totp.html", {"enrolled": True})
    secret = request.session.get(TOTP_PENDING) or totp.new_secret()
    request.session[TOTP_PENDING] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_enrol(
                user=user, secret=secret, code=form.cleaned_data["code"], request=request
            )
        except AccountsError as refusal:
            form.add_error("code", refusal.message)
        else:
            del request.session[TOTP_PENDING]
            messages.success(request, _("动态口令已启用，下次登录时需要输入手机上的 6 位数字。"))
            return redirect("accounts:totp")
    uri = totp.provisioning_uri(secret=secret, username=user.username)
    return render(
        request,
        "accounts/totp.html",
        {
            "enrolled": False,
            "form": form,
            "qr": totp.qr_svg(uri),
            "secret": totp.grouped(secret),
        },
    )


# --- people (系统管理员, 安全管理员) ------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET"])
def people_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    people = selectors.person_list(viewer=request.user, query=query)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people.html",
        {
            "page": page,
            "q": query,
            "query": query_without_page(request),
            "now": timezone.now(),
            "can_create": can_manage_people(request.user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def person_create_view(request: HttpRequest) -> HttpResponse:
    require_manage_people(request.user)
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person, password = services.person_create(
                actor=request.user, request=request, **form.cleaned_data
            )
        except AccountsError as refusal:
            form.add_error(None, refusal.message)
        else:
            # Rendered, not redirected: the password exists only in this response.
            return render(
                request, "accounts/initial_password.html", {"person": person, "password": password}
            )
    return render(request, "accounts/person_create.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET"])
def person_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(viewer=request.user, pk=pk)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "memberships": selectors.memberships_of(person),
            "membership_form": MembershipForm(),
            "can_manage_people": can_manage_people(request.user),
            "can_manage_sign_in": can_manage_sign_in(request.user),
            "locked": person.is_locked(),
        },
    )


def _person(pk: int) -> User:
    """Looked up after the permission check, so that ids say nothing to the unauthorised."""
    return get_object_or_404(User, pk=pk)


@never_cache
@login_required
@require_POST
def person_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_sign_in(request.user)
    person = _person(pk)
    services.person_unlock(actor=request.user, person=person, request=request)
    messages.success(request, _("已解除 %(name)s 的锁定。") % {"name": person})
    return redirect("accounts:person_detail", pk=pk)


@never_cache
@login_required
@require_POST
def person_reset_totp_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_sign_in(request.user)
    person = _person(pk)
    services.person_reset_totp(actor=request.user, person=person, request=request)
    messages.success(request, _("已重置 %(name)s 的动态口令。") % {"name": person})
    return redirect("accounts:person_detail", pk=pk)


@never_cache
@login_required
@require_POST
def person_reset_password_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_people(request.user)
    person = _person(pk)
    password = services.person_reset_password(actor=request.user, person=person, request=request)
    return render(
        request,
        "accounts/initial_password.html",
        {"person": person, "password": password, "reset": True},
    )


@never_cache
@login_required
@require_POST
def membership_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_people(request.user)
    person = _person(pk)
    form = MembershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择机构和岗位。"))
    else:
        try:
            services.membership_add(
                actor=request.user, person=person, request=request, **form.cleaned_data
            )
        except AccountsError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("已添加岗位。"))
    return redirect("accounts:person_detail", pk=pk)


@never_cache
@login_required
@require_POST
def membership_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_people(request.user)
    membership = get_object_or_404(Membership.objects.select_related("person", "agency"), pk=pk)
    person_pk = membership.person_id
    services.membership_remove(actor=request.user, membership=membership, request=request)
    messages.success(request, _("已移除岗位。"))
    return redirect("accounts:person_detail", pk=person_pk)
