"""Matching a report's agency name to the tree; the job queue's configuration; the worker."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from huey import RedisHuey, SqliteHuey

from gongkai.reports.engine import engine_version, guess_agency, name_core
from gongkai.reports.tasks import make_huey


def _agency(pk, name, parent=None, short_name=""):
    return SimpleNamespace(pk=pk, name=name, short_name=short_name, parent=parent)


COUNTY = _agency(1, "示例县人民政府")
QINGSHI = _agency(2, "青石镇人民政府", COUNTY)
SHIQIAO = _agency(3, "石桥镇人民政府", COUNTY)
OFFICE = _agency(4, "示例县政务公开办", COUNTY)
STREET = _agency(5, "城关街道办事处", COUNTY)
EDUCATION = _agency(6, "示例县教育局", COUNTY)
ALL = [COUNTY, QINGSHI, SHIQIAO, OFFICE, STREET, EDUCATION]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("示例县青石镇", QINGSHI),
        ("示例县青石镇人民政府", QINGSHI),
        ("青石镇人民政府", QINGSHI),
        ("青 石 镇", QINGSHI),
        ("示例县人民政府", COUNTY),
        ("示例县", COUNTY),
        ("示例县城关街道", STREET),
        ("城关街道办事处", STREET),
        ("示例县教育局", EDUCATION),
        ("另一个县某某乡", None),
        ("", None),
        (None, None),
    ],
)
def test_a_report_agency_name_designates_one_agency_or_none(written, expected):
    assert guess_agency(written, ALL) is expected


def test_two_equally_good_matches_are_no_guess():
    twin = _agency(9, "青石镇人民政府", _agency(8, "别的县人民政府"))
    assert guess_agency("青石镇", [QINGSHI, twin]) is None
    assert guess_agency("示例县青石镇", [QINGSHI, twin]) is QINGSHI


def test_name_core_drops_the_government_suffix_and_brackets():
    assert name_core("（示例县）青石镇人民政府") == "示例县青石镇"
    assert name_core("城关街道办事处") == "城关街道"


def test_the_engine_version_names_the_release_and_the_engine_source():
    version = engine_version()
    assert "+" in version and len(version.split("+")[1]) == 10


def test_one_pc_queues_in_a_sqlite_file_in_the_data_folder(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.GONGKAI_REDIS_URL = ""
    huey = make_huey()
    assert isinstance(huey, SqliteHuey)
    assert huey.storage.filename == str(tmp_path / "huey.sqlite3")
    assert not huey.immediate


def test_redis_is_used_when_configured(settings, monkeypatch):
    settings.GONGKAI_REDIS_URL = "redis://127.0.0.1:6379/5"
    try:
        import redis  # noqa: F401
    except ImportError:
        with pytest.raises(ImproperlyConfigured, match="redis"):
            make_huey()
    else:
        assert isinstance(make_huey(), RedisHuey)


def test_immediate_mode_comes_from_settings(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.GONGKAI_HUEY_IMMEDIATE = True
    assert make_huey().immediate


def test_the_worker_refuses_to_start_in_immediate_mode():
    # conftest turns immediate mode on for every test of this package
    with pytest.raises(CommandError, match="GONGKAI_HUEY_IMMEDIATE"):
        call_command("worker")
