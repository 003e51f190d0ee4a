"""Domain errors of the accounts app.

Services raise these; views turn them into a message on the page or a 403. `NotAllowed`
derives from Django's `PermissionDenied`, so a view that forgets to catch it still answers
403 instead of doing the forbidden thing or failing with a 500.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied


class AccountsError(Exception):
    """Base of every refusal by an accounts service; `message` is shown to the user."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(AccountsError, PermissionDenied):
    """The actor's role does not allow this action (三员分立, agency scope, …)."""


class SignInRefused(AccountsError):
    """Wrong username, password or code — deliberately one message for all of them."""


class AccountLocked(SignInRefused):
    """Too many failures: the account is locked until `until`, whatever the password."""

    def __init__(self, message: str, *, until: datetime) -> None:
        super().__init__(message)
        self.until = until


class PasswordRejected(AccountsError):
    """A new password fails the policy; `messages` lists every reason, in Chinese."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("；".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


class InvalidChange(AccountsError):
    """A change that makes no sense in the current state (e.g. a duplicate membership)."""
