"""The browser harness itself: what counts as local, and a database that can be emptied
after a live-server test that wrote to the append-only audit log."""

from __future__ import annotations

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.audit.services import audit_record

pytestmark = pytest.mark.browser
live_db = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8081/gk/x/", True),
        ("http://localhost:8000/", True),
        ("http://[::1]:8000/", True),
        ("data:image/png;base64,AAAA", True),
        ("about:blank", True),
        ("https://cdn.example.com/htmx.min.js", False),
        ("http://127.0.0.1.example.com/", False),
        ("http://10.0.0.1/", False),
        ("ftp://127.0.0.1/", False),
    ],
)
def test_only_this_machine_counts_as_local(local_url, url, local):
    assert local_url(url) is local


@live_db
def test_an_outside_request_is_recorded_and_refused(site):
    """The harness would notice a page that reaches out, and refuses the request."""
    site.goto("/")
    failed: list[str] = []
    site.page.on("requestfailed", lambda request: failed.append(request.url))
    site.page.set_content('<img src="https://cdn.example.com/logo.png" alt="">')
    site.page.wait_for_load_state("networkidle")
    assert site.external_requests() == ["https://cdn.example.com/logo.png"]
    assert failed == ["https://cdn.example.com/logo.png"]


@live_db
@pytest.mark.parametrize("round", [1, 2])
def test_a_live_server_test_may_write_audit_entries(site, round):
    """Run twice: if the first run's entry could not be emptied away, the second would
    fail in setup (on SQLite the append-only trigger refuses pytest-django's DELETE)."""
    assert AuditEntry.objects.count() == 0
    audit_record(kind="test.browser_harness", note=f"round {round}")
    site.goto("/")
    assert AuditEntry.objects.count() == 1


@live_db
def test_the_trigger_is_back_after_the_database_was_emptied(audit_log_flushable):
    """Runs after the tests above: the append-only rule is still enforced below the ORM.
    (Tests that use transactional_db without `site` request audit_log_flushable too.)"""
    from django.db import DatabaseError, transaction

    entry = audit_record(kind="test.browser_harness")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk)._raw_delete(AuditEntry.objects.db)
