"""People who sign in, and the sign-in state 等保 requires us to keep."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SystemRole(models.TextChoices):
    """The three separated system roles of 等保 (三员分立). Agency roles live in
    agencies.Membership; a person with a system role administers the platform, not the
    disclosure work."""

    NONE = "", _("无")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDITOR = "auditor", _("审计管理员")


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    system_role = models.CharField(
        _("系统角色"), max_length=20, choices=SystemRole.choices, blank=True, default=""
    )
    must_change_password = models.BooleanField(_("须修改初始密码"), default=True)
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    totp_secret = models.CharField(_("动态口令密钥"), max_length=64, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # The last 30-second step whose code was accepted: a code seen over someone's shoulder
    # (or replayed from a proxy log) cannot be used a second time.
    totp_last_step = models.BigIntegerField(_("动态口令上次使用时段"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    @property
    def is_auditor(self) -> bool:
        return self.system_role == SystemRole.AUDITOR

    @property
    def is_system_admin(self) -> bool:
        return self.system_role == SystemRole.SYSTEM_ADMIN

    @property
    def is_security_admin(self) -> bool:
        return self.system_role == SystemRole.SECURITY_ADMIN

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret)


class UnknownLogin(models.Model):
    """Failed sign-ins under a username nobody has.

    Without this, five wrong passwords would lock a real account and never an invented one,
    and the lock message would tell an attacker which usernames exist. Counting invented
    names the same way makes both answers identical."""

    username = models.CharField(_("用户名"), max_length=150, unique=True)
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("最近尝试时间"), db_index=True)

    class Meta:
        verbose_name = _("不存在用户名的登录尝试")
        verbose_name_plural = _("不存在用户名的登录尝试")

    def __str__(self) -> str:
        return self.username
