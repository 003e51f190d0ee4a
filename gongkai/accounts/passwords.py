"""Password rules of 等保: length (settings), several character classes, not the username."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LengthValidator:
    """At least `min_length` characters (等保 asks for 8; the default here is 10)."""

    def __init__(self, min_length: int = 10) -> None:
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                _("密码太短：至少需要 %(n)d 个字符。") % {"n": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _("密码至少需要 %(n)d 个字符。") % {"n": self.min_length}


class CharacterClassValidator:
    """At least three of: lower case, upper case, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。")
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。") % {
            "n": self.min_classes
        }


class NotUsernameValidator:
    """The password must not contain the username (in either direction of case)."""

    def validate(self, password: str, user=None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if username and (username in password.lower() or password.lower() in username):
            raise ValidationError(_("密码不能包含用户名。"), code="password_contains_username")

    def get_help_text(self) -> str:
        return _("密码不能包含用户名。")
