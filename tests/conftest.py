"""Fixtures shared by every app's tests."""

import pytest

# The browser harness (tests/browser/harness.py): one Chromium per test session.
from tests.browser.harness import (  # noqa: F401
    audit_log_flushable,
    chromium,
    local_url,
    site,
    site_without_js,
)


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """A real password hash costs a third of a second; the suite signs people in and
    creates them hundreds of times. Hashing itself is Django's, tested there."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: cached pages and queues are keyed by row ids,
    and a rolled-back test database hands the same ids to the next test's rows."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """Two counties with one person per role (gongkai.accounts.testing.World)."""
    from gongkai.accounts.testing import World

    return World()
