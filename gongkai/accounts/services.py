"""Writes of the accounts app: signing in and out, passwords, second factors, people and
their agency roles.

Every function takes keyword arguments only, checks the actor's role itself (三员分立 must
hold whichever page or command calls it), writes in one transaction, records what it did
in the audit log, and raises an `errors.AccountsError` when it refuses.

Sign-in failures are the exception to "raise inside the transaction": the failure count,
the lock and their audit entries must be committed even though the caller is refused, so
those functions decide inside the transaction and raise after it.
"""

from __future__ import annotations

import math
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.audit.services import audit_record

from . import totp
from .errors import (
    AccountLocked,
    InvalidChange,
    NotAllowed,
    PasswordRejected,
    SignInRefused,
)
from .models import SystemRole, UnknownLogin, User
from .permissions import require_manage_people, require_manage_sign_in

# Django's ModelBackend sets this when it authenticates; we sign in without it (our own
# checks come first), so login() is told which backend vouches for the session.
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _lockout_failures() -> int:
    return int(getattr(settings, "GONGKAI_LOCKOUT_FAILURES", 5))


def _lockout_minutes() -> int:
    return int(getattr(settings, "GONGKAI_LOCKOUT_MINUTES", 15))


def _lock_end(now: datetime) -> datetime:
    """Now plus the lockout, rounded up to a whole minute: the page says "14:35", so the
    lock must really lift at 14:35:00, not half a minute later."""
    end = now + timedelta(minutes=_lockout_minutes())
    seconds = end.second + end.microsecond / 1_000_000
    if seconds:
        end += timedelta(seconds=math.ceil(60 - seconds))
        end = end.replace(second=0, microsecond=0)
    return end


def lock_message(until: datetime) -> str:
    """What the sign-in page says, e.g. "账户已锁定，将于 14:35 解除"; with the date too when
    the lock lasts past today, so nobody waits for the wrong 14:35."""
    local = timezone.localtime(until)
    when = (
        local.strftime("%H:%M")
        if local.date() == timezone.localdate()
        else local.strftime("%Y-%m-%d %H:%M")
    )
    return _("账户已锁定，将于 %(time)s 解除") % {"time": when}


def _bad_credentials() -> SignInRefused:
    return SignInRefused(_("用户名或密码错误"))


# --- signing in ----------------------------------------------------------------------


def sign_in_check_password(
    *, username: str, password: str, request: HttpRequest | None = None
) -> User:
    """First step of signing in: the user whose password this is, or a refusal.

    Does not start a session (a second factor may follow; see `sign_in_complete`).
    An unknown username, a wrong password and a disabled account get the same refusal
    and are counted the same way, so the answer never tells whether a username exists.

    The password is hashed before the transaction opens: hashing takes a third of a
    second, and on SQLite a write transaction holds the whole database."""
    now = timezone.now()
    found = User.objects.filter(username=username).first()
    if found is None or found.is_locked(now):
        # Hash anyway, as Django's ModelBackend does, so every answer takes as long.
        User().set_password(password)
        password_ok = False
    else:
        password_ok = found.check_password(password)
    with transaction.atomic():
        if found is None:
            outcome = _unknown_username_failure(username=username, request=request, now=now)
        else:
            outcome = _record_password_check(
                found.pk, password_ok=password_ok, request=request, now=now
            )
    if isinstance(outcome, SignInRefused):
        raise outcome
    return outcome


def _record_password_check(
    pk: int, *, password_ok: bool, request, now: datetime
) -> User | SignInRefused:
    user = User.objects.select_for_update().get(pk=pk)
    if user.is_locked(now):
        audit_record(
            kind="auth.login_failed",
            actor=user,
            obj=user,
            request=request,
            note=_("账户锁定期间尝试登录"),
        )
        return AccountLocked(lock_message(user.locked_until), until=user.locked_until)
    _forget_expired_lock(user, now)
    if not password_ok:
        return _record_failure(user, now=now, request=request, note=_("密码错误"))
    if not user.is_active:
        return _record_failure(user, now=now, request=request, note=_("账户已停用"))
    return user


def _forget_expired_lock(user: User, now: datetime) -> None:
    """A lock that has run out starts a fresh count: one more typo must not relock."""
    if user.locked_until is not None and user.locked_until <= now:
        user.locked_until = None
        user.failed_logins = 0
        user.save(update_fields=["locked_until", "failed_logins"])


def _record_failure(user: User, *, now: datetime, request, note: str) -> SignInRefused:
    user.failed_logins += 1
    audit_record(
        kind="auth.login_failed",
        actor=user,
        obj=user,
        request=request,
        note=note,
        after={"failed_logins": user.failed_logins},
    )
    if user.failed_logins < _lockout_failures():
        user.save(update_fields=["failed_logins"])
        return _bad_credentials()
    user.locked_until = _lock_end(now)
    user.save(update_fields=["failed_logins", "locked_until"])
    audit_record(
        kind="auth.locked",
        actor=user,
        obj=user,
        request=request,
        after={"failed_logins": user.failed_logins, "locked_until": user.locked_until.isoformat()},
    )
    return AccountLocked(lock_message(user.locked_until), until=user.locked_until)


def _unknown_username_failure(*, username: str, request, now: datetime) -> SignInRefused:
    name = username[:150]
    audit_record(kind="auth.login_failed", request=request, actor_name=name, note=_("用户名不存在"))
    # Rows of names nobody tried for a day are of no use to the count; keep the table small.
    horizon = now - max(timedelta(days=1), timedelta(minutes=_lockout_minutes()))
    UnknownLogin.objects.filter(last_attempt_at__lt=horizon).delete()
    try:
        with transaction.atomic():
            ghost, _created = UnknownLogin.objects.select_for_update().get_or_create(
                username=name, defaults={"last_attempt_at": now}
            )
    except IntegrityError:  # a parallel attempt created it first
        ghost = UnknownLogin.objects.select_for_update().get(username=name)
    if ghost.locked_until is not None and ghost.locked_until > now:
        return AccountLocked(lock_message(ghost.locked_until), until=ghost.locked_until)
    if ghost.locked_until is not None:
        ghost.locked_until, ghost.failed_logins = None, 0
    ghost.failed_logins += 1
    ghost.last_attempt_at = now
    refusal: SignInRefused = _bad_credentials()
    if ghost.failed_logins >= _lockout_failures():
        ghost.locked_until = _lock_end(now)
        refusal = AccountLocked(lock_message(ghost.locked_until), until=ghost.locked_until)
    ghost.save()
    return refusal


def sign_in_check_code(*, user_id: int, code: str, request: HttpRequest | None = None) -> User:
    """Second step for people with a second factor: the 6-digit code from their app.

    Wrong codes count towards the same lockout as wrong passwords — otherwise someone who
    knows the password could try all million codes."""
    with transaction.atomic():
        outcome = _check_code(user_id=user_id, code=code, request=request)
    if isinstance(outcome, SignInRefused):
        raise outcome
    return outcome


def _check_code(*, user_id: int, code: str, request) -> User | SignInRefused:
    now = timezone.now()
    user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if user is None or not user.totp_secret:
        return SignInRefused(_("登录已失效，请重新输入用户名和密码"))
    if user.is_locked(now):
        return AccountLocked(lock_message(user.locked_until), until=user.locked_until)
    step = totp.matching_step(user.totp_secret, code, now=now, after=user.totp_last_step)
    if step is None:
        refusal = _record_failure(user, now=now, request=request, note=_("动态口令错误"))
        if isinstance(refusal, AccountLocked):
            return refusal
        return SignInRefused(_("动态口令错误或已使用，请输入手机上显示的最新 6 位数字"))
    user.totp_last_step = step
    user.save(update_fields=["totp_last_step"])
    return user


@transaction.atomic
def sign_in_complete(*, user: User, request: HttpRequest) -> None:
    """Start the session of a person who passed every step, and forget past failures."""
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["failed_logins", "locked_until"])
    login(request, user, backend=BACKEND)
    audit_record(
        kind="auth.login",
        actor=user,
        obj=user,
        request=request,
        note=_("密码 + 动态口令") if user.totp_secret else _("密码"),
    )


@transaction.atomic
def sign_out(*, request: HttpRequest) -> None:
    """End the session. Recorded before logout() because afterwards we no longer know who."""
    user = request.user
    if user.is_authenticated:
        audit_record(kind="auth.logout", actor=user, obj=user, request=request)
    logout(request)


# --- own password and second factor ----------------------------------------------------


def password_change(
    *, user: User, old_password: str, new_password: str, request: HttpRequest | None = None
) -> None:
    """Replace one's own password: the old one must be right, the new one must pass the
    policy and differ from the old. Clears the forced change of an initial password and
    keeps the current session signed in. (Hashing happens before the transaction; see
    sign_in_check_password.)"""
    if not user.check_password(old_password):
        raise PasswordRejected([_("原密码不正确。")])
    if new_password == old_password:
        raise PasswordRejected([_("新密码不能与原密码相同。")])
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise PasswordRejected(error.messages) from None
    before = {"must_change_password": user.must_change_password}
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    with transaction.atomic():
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        audit_record(
            kind="auth.password_changed",
            actor=user,
            obj=user,
            request=request,
            before=before,
            after={"must_change_password": False},
        )
    if request is not None:
        update_session_auth_hash(request, user)


@transaction.atomic
def totp_enrol(*, user: User, secret: str, code: str, request: HttpRequest | None = None) -> None:
    """Turn on the second factor once the person proves their app shows the right code
    (a secret that was never confirmed would lock them out at the next sign-in)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.totp_secret:
        raise InvalidChange(_("已启用动态口令；如需更换手机，请联系安全管理员重置。"))
    step = totp.matching_step(secret, code)
    if step is None:
        raise InvalidChange(_("动态口令不正确，请核对手机时间后输入最新的 6 位数字。"))
    user.totp_secret = secret
    user.totp_last_step = step
    user.save(update_fields=["totp_secret", "totp_last_step"])
    audit_record(
        kind="auth.totp_enrolled",
        actor=user,
        obj=user,
        request=request,
        before={"totp": False},
        after={"totp": True},
    )


# --- administering people (系统管理员 and 安全管理员) -------------------------------------

#: Characters of generated passwords, without look-alikes (0/O, 1/l/I) that get misread
#: when the password is read out over the phone or copied from paper.
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_DIGITS = "23456789"


def initial_password(user: User | None = None) -> str:
    """A random password like "Kq7m-Xw3r-Tn9h" that passes the policy, to be changed at
    first sign-in. Shown once to the administrator, never stored in clear."""
    alphabet = _LOWER + _UPPER + _DIGITS
    while True:
        groups = ["".join(secrets.choice(alphabet) for _i in range(4)) for _g in range(3)]
        candidate = "-".join(groups)
        try:
            validate_password(candidate, user)
        except ValidationError:
            continue
        if any(c in _UPPER for c in candidate) and any(c in _DIGITS for c in candidate):
            return candidate


def _person_snapshot(person: User) -> dict[str, Any]:
    return {
        "username": person.username,
        "display_name": person.display_name,
        "system_role": person.system_role,
    }


def person_create(
    *,
    actor: User,
    username: str,
    display_name: str = "",
    system_role: str = "",
    request: HttpRequest | None = None,
) -> tuple[User, str]:
    """Create a person with a random initial password, returned once so the 系统管理员 can
    hand it over; the person must change it at first sign-in."""
    require_manage_people(actor)
    username = username.strip()
    if system_role not in SystemRole.values:
        raise InvalidChange(_("未知的系统角色。"))
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as error:
        raise InvalidChange("；".join(error.messages)) from None
    if not username or User.objects.filter(username=username).exists():
        raise InvalidChange(_("用户名“%(name)s”已被使用或为空。") % {"name": username})
    person = User(
        username=username,
        display_name=display_name.strip(),
        system_role=system_role,
        must_change_password=True,
    )
    password = initial_password(person)
    person.set_password(password)  # before the transaction: hashing is slow
    try:
        with transaction.atomic():
            person.save()
            audit_record(
                kind="person.created",
                actor=actor,
                obj=person,
                request=request,
                after=_person_snapshot(person),
            )
    except IntegrityError:  # the same username, created a moment ago by someone else
        raise InvalidChange(_("用户名“%(name)s”已被使用或为空。") % {"name": username}) from None
    return person, password


def person_reset_password(*, actor: User, person: User, request: HttpRequest | None = None) -> str:
    """Give a person who forgot their password a new initial one (returned once).

    Not for holders of a system role: a 系统管理员 who could reset the auditor's password
    could read the log as the auditor, which is what 三员分立 exists to prevent. Those
    accounts are reset on the server's command line."""
    require_manage_people(actor)
    if person.system_role:
        raise NotAllowed(_("三员账号的密码不能在页面上重置，请在服务器上使用命令行。"))
    password = initial_password(person)
    person.set_password(password)  # before the transaction: hashing is slow
    person.must_change_password = True
    with transaction.atomic():
        person.save(update_fields=["password", "must_change_password"])
        audit_record(
            kind="person.password_reset",
            actor=actor,
            obj=person,
            request=request,
            after={"must_change_password": True},
        )
    return password


@transaction.atomic
def person_unlock(*, actor: User, person: User, request: HttpRequest | None = None) -> None:
    """Lift a lockout before its time (the person called the 安全管理员)."""
    require_manage_sign_in(actor)
    person = User.objects.select_for_update().get(pk=person.pk)
    before = {
        "failed_logins": person.failed_logins,
        "locked_until": person.locked_until.isoformat() if person.locked_until else None,
    }
    person.failed_logins = 0
    person.locked_until = None
    person.save(update_fields=["failed_logins", "locked_until"])
    audit_record(
        kind="person.unlocked",
        actor=actor,
        obj=person,
        request=request,
        before=before,
        after={"failed_logins": 0, "locked_until": None},
    )


@transaction.atomic
def person_reset_totp(*, actor: User, person: User, request: HttpRequest | None = None) -> None:
    """Turn off someone's second factor (lost or new phone); they may enrol again."""
    require_manage_sign_in(actor)
    person = User.objects.select_for_update().get(pk=person.pk)
    before = {"totp": bool(person.totp_secret)}
    person.totp_secret = ""
    person.totp_last_step = None
    person.save(update_fields=["totp_secret", "totp_last_step"])
    audit_record(
        kind="auth.totp_reset",
        actor=actor,
        obj=person,
        request=request,
        before=before,
        after={"totp": False},
    )


def _membership_snapshot(membership: Membership) -> dict[str, Any]:
    return {
        "person": membership.person.username,
        "agency": membership.agency.name,
        "role": membership.role,
    }


@transaction.atomic
def membership_add(
    *,
    actor: User,
    person: User,
    agency: Agency,
    role: str,
    request: HttpRequest | None = None,
) -> Membership:
    """Give a person a role in an agency.

    Holders of a system role get none: an auditor who were also a drafter somewhere could
    change things after all, and 三员分立 would be a label only."""
    require_manage_people(actor)
    if role not in Role.values:
        raise InvalidChange(_("未知的岗位角色。"))
    if person.system_role:
        raise InvalidChange(_("三员账号（系统、安全、审计管理员）不能在机构中担任业务岗位。"))
    if Membership.objects.filter(person=person, agency=agency, role=role).exists():
        raise InvalidChange(_("此人已在该机构担任这一岗位。"))
    membership = Membership.objects.create(person=person, agency=agency, role=role)
    audit_record(
        kind="membership.added",
        actor=actor,
        agency=agency,
        obj=membership,
        request=request,
        after=_membership_snapshot(membership),
    )
    return membership


@transaction.atomic
def membership_remove(
    *, actor: User, membership: Membership, request: HttpRequest | None = None
) -> None:
    """Take a role away. The entry keeps what it was, since the row itself is gone."""
    require_manage_people(actor)
    before = _membership_snapshot(membership)
    audit_record(
        kind="membership.removed",
        actor=actor,
        agency=membership.agency,
        obj=membership,
        request=request,
        before=before,
    )
    membership.delete()
