"""Settings come from the environment; DATABASE_URL selects SQLite or PostgreSQL."""

import pytest

from gongkai.settings import database_from_url


def test_sqlite_urls_give_a_wal_mode_database_file():
    db = database_from_url("sqlite:////var/lib/gongkai/db.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == "/var/lib/gongkai/db.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_postgresql_urls_are_split_into_their_parts():
    db = database_from_url("postgresql://gongkai:p%40ss@db.example:5433/gongkai")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql", "gongkai", "gongkai", "p@ss", "db.example", "5433",
    )  # fmt: skip


def test_other_databases_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="sqlite:// or postgresql://"):
        database_from_url("mysql://root@localhost/gongkai")
