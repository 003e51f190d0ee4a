import pytest
from django.core.cache import cache

from .factory import fresh_calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_and_cards():
    """A clean calendar cache and no cards cached by an earlier test (on SQLite a rolled
    back test's ids are used again, so a cached version key could match)."""
    fresh_calendar()
    cache.clear()
    yield
    fresh_calendar()
    cache.clear()
