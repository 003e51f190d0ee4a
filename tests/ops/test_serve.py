"""`gongkai serve`: worker count, bind address, and no start on an out-of-date database.

gunicorn is never started here: `server.exec_gunicorn` is replaced by a recorder."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from gongkai.ops import server


@pytest.fixture
def launched(monkeypatch) -> list[tuple[list[str], dict[str, str]]]:
    calls: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(server, "exec_gunicorn", lambda argv, env: calls.append((argv, env)))
    monkeypatch.delenv("GONGKAI_WORKERS", raising=False)
    monkeypatch.delenv("GONGKAI_BIND", raising=False)
    return calls


def option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_workers_are_two_per_core_plus_one(monkeypatch):
    monkeypatch.delenv("GONGKAI_WORKERS", raising=False)
    assert server.worker_count(cores=1) == 3
    assert server.worker_count(cores=4) == 9
    monkeypatch.setattr(server, "cpu_count", lambda: 8)
    assert server.worker_count() == 17


def test_the_option_beats_the_environment_which_beats_the_cores(monkeypatch):
    monkeypatch.setenv("GONGKAI_WORKERS", "5")
    assert server.worker_count(cores=16) == 5
    assert server.worker_count(3, cores=16) == 3


@pytest.mark.parametrize("bad", ["0", "-2", "many"])
def test_a_nonsense_worker_count_is_refused(monkeypatch, bad):
    monkeypatch.setenv("GONGKAI_WORKERS", bad)
    with pytest.raises(ValueError, match="GONGKAI_WORKERS|至少"):
        server.worker_count(cores=2)


def test_the_default_bind_is_this_machine_only(monkeypatch):
    monkeypatch.delenv("GONGKAI_BIND", raising=False)
    assert server.bind_address() == "127.0.0.1:8000"
    monkeypatch.setenv("GONGKAI_BIND", "0.0.0.0:9000")
    assert server.bind_address() == "0.0.0.0:9000"
    assert server.bind_address("unix:/run/gongkai.sock") == "unix:/run/gongkai.sock"


def test_gunicorn_runs_the_wsgi_application_from_this_interpreter_logging_to_stdout():
    argv = server.gunicorn_argv(bind="127.0.0.1:8000", workers=3, extra=["--keep-alive", "5"])
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "gongkai.wsgi:application"]
    assert option(argv, "--access-logfile") == "-"
    assert argv[-2:] == ["--keep-alive", "5"]


@pytest.mark.django_db
def test_serve_starts_gunicorn_with_the_computed_workers(launched, monkeypatch, settings):
    monkeypatch.setattr(server, "cpu_count", lambda: 2)
    call_command("serve", "--no-collectstatic", stdout=io.StringIO())
    [(argv, env)] = launched
    assert option(argv, "--workers") == "5"
    assert option(argv, "--bind") == "127.0.0.1:8000"
    assert env["GONGKAI_DATA_DIR"] == str(settings.DATA_DIR)


@pytest.mark.django_db
def test_serve_takes_workers_and_bind_from_options_and_environment(launched, monkeypatch):
    monkeypatch.setenv("GONGKAI_WORKERS", "7")
    monkeypatch.setenv("GONGKAI_BIND", "unix:/run/gongkai/gunicorn.sock")
    call_command("serve", "--no-collectstatic", stdout=io.StringIO())
    call_command(
        "serve", "--no-collectstatic", "--workers", "2", "--bind", "127.0.0.1:9001",
        stdout=io.StringIO(),
    )  # fmt: skip
    (first, _), (second, _) = launched
    assert (option(first, "--workers"), option(first, "--bind")) == (
        "7", "unix:/run/gongkai/gunicorn.sock",
    )  # fmt: skip
    assert (option(second, "--workers"), option(second, "--bind")) == ("2", "127.0.0.1:9001")


@pytest.mark.django_db
def test_serve_collects_static_files_before_starting(launched, settings):
    call_command("serve", stdout=io.StringIO())
    assert (settings.STATIC_ROOT / "web" / "vendor" / "htmx.min.js").is_file()
    assert len(launched) == 1


@pytest.mark.django_db
def test_serve_refuses_a_database_with_unapplied_migrations(launched):
    MigrationRecorder(connection).record_unapplied("audit", "0002_append_only_triggers")
    with pytest.raises(CommandError) as refused:
        call_command("serve", "--no-collectstatic", stdout=io.StringIO())
    message = str(refused.value)
    assert "拒绝启动" in message and "gongkai migrate" in message
    assert "unapplied migration" in message and "audit.0002_append_only_triggers" in message
    assert launched == []


@pytest.mark.django_db
def test_a_nonsense_worker_option_is_a_clear_error(launched):
    with pytest.raises(CommandError, match="至少"):
        call_command("serve", "--no-collectstatic", "--workers", "0", stdout=io.StringIO())
    assert launched == []
