"""Fixtures of the calendar tests: a clean per-process cache and listener list per test.

The process cache is keyed by the stamp row, which the test transaction rolls back; a
test that writes the tables *without* changing the stamp (to show what the stamp is for)
would otherwise leave its calendar cached for the next test.
"""

import datetime as dt

import pytest

from gongkai.calendars import selectors, signals


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    selectors.clear_cache()
    yield
    selectors.clear_cache()


@pytest.fixture(autouse=True)
def no_foreign_listeners(monkeypatch):
    """Each test sees only the listeners it registers itself."""
    monkeypatch.setattr(signals, "_listeners", [])


#: A fictional 2027 notice (the real one appears in November 2026), in the notice's words.
NOTICE_2027 = """\
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。
2027-10-01 至 2027-10-07 国庆节
2027-09-26 调休上班
上班：10月9日
"""
NOTICE_REF_2027 = "国办发明电〔2026〕9号"

D = dt.date
