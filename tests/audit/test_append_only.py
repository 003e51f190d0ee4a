"""The audit log can be appended to and read, never changed or deleted."""

import pytest
from django.db import DatabaseError, connection, transaction

from gongkai.accounts.models import User
from gongkai.audit.models import AppendOnlyError, AuditEntry
from gongkai.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_a_recorded_change_says_who_what_and_from_what_to_what(rf):
    user = User.objects.create_user("clerk", password="Xx-1234567890", display_name="张三")
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")
    entry = audit_record(
        kind="user.renamed",
        actor=user,
        obj=user,
        before={"name": "张"},
        after={"name": "张三"},
        request=request,
    )
    entry.refresh_from_db()
    assert (entry.actor_name, entry.kind, entry.object_type, entry.ip) == (
        "张三",
        "user.renamed",
        "accounts.user",
        "10.1.2.3",
    )
    assert entry.before == {"name": "张"} and entry.after == {"name": "张三"}


def test_the_orm_refuses_to_change_or_delete_an_entry():
    entry = audit_record(kind="test.event")
    entry.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(note="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_the_database_itself_refuses_raw_updates_and_deletes():
    audit_record(kind="test.event")
    for sql in ("UPDATE audit_auditentry SET note = 'x'", "DELETE FROM audit_auditentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.filter(kind="test.event").count() == 1
