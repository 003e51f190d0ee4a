"""Password rules: long enough, several kinds of character, not the username."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from gongkai.accounts.models import User


@pytest.mark.parametrize(
    "password",
    ["Short-1a", "alllowercaseletters", "qingshi-Town2026", "1234567890abc"],
    ids=["too short", "one class", "contains the username", "two classes"],
)
def test_weak_passwords_are_refused_with_a_chinese_reason(password):
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as caught:
            validate_password(password, User(username="qingshi"))
        assert any("密码" in m for m in caught.value.messages)


def test_a_long_mixed_password_is_accepted():
    validate_password("Lanting-Xu-2026!", User(username="qingshi"))
