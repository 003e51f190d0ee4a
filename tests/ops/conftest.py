"""Fixtures for the ops commands: scratch folders for static files and uploads (quick
password hashing and an emptiable audit log come from tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def scratch_data_dir(settings, tmp_path: Path) -> Path:
    """Commands write to STATIC_ROOT, MEDIA_ROOT and DATA_DIR/backups: never the
    developer's ./data during tests."""
    data = tmp_path / "data"
    data.mkdir()
    settings.DATA_DIR = data
    settings.STATIC_ROOT = data / "static"
    settings.MEDIA_ROOT = data / "files"
    return data
