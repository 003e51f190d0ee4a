import pytest

from .factory import fresh_calendar


@pytest.fixture(autouse=True)
def _fresh_calendar():
    fresh_calendar()
    yield
    fresh_calendar()
