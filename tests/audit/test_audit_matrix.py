"""Who may read the audit log, and that no address of it accepts a change.

Every role × every page of the viewer, for an entry of one's own county and of another.
"""

import pytest
from django.urls import URLPattern, reverse

from gongkai.accounts.testing import sign_in
from gongkai.audit import urls as audit_urls
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import audit_record

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "drafter", "supervisor", "other_supervisor", "auditor", "security",
         "sysadmin"]  # fmt: skip


@pytest.fixture
def entries(world):
    return {
        "own": audit_record(kind="item.published", agency=world.town_a),
        "other": audit_record(kind="item.published", agency=world.other_town),
        "sign-in": audit_record(kind="auth.login", actor=world.drafter),
    }


READERS = {"anonymous": "login", "supervisor": 200, "other_supervisor": 200, "auditor": 200}

MATRIX = {
    "list": (lambda e: reverse("audit:index"), READERS),
    "export": (lambda e: reverse("audit:export"), READERS),
    "own county's entry": (
        lambda e: reverse("audit:detail", args=[e["own"].pk]),
        READERS | {"other_supervisor": 404},
    ),
    "other county's entry": (
        lambda e: reverse("audit:detail", args=[e["other"].pk]),
        READERS | {"supervisor": 404},
    ),
    "sign-in entry": (
        lambda e: reverse("audit:detail", args=[e["sign-in"].pk]),
        READERS | {"supervisor": 404, "other_supervisor": 404},
    ),
}


def outcome(response):
    if response.status_code == 302 and response.url.startswith(reverse("accounts:login")):
        return "login"
    return response.status_code


@pytest.mark.parametrize(
    ("page", "role", "expected"),
    [
        pytest.param(page, role, expected.get(role, 403), id=f"{page}-{role}")
        for page, (_url, expected) in MATRIX.items()
        for role in ROLES
    ],
)
def test_the_authorization_matrix_of_the_audit_log(client, world, entries, page, role, expected):
    if role != "anonymous":
        sign_in(client, getattr(world, role))
    assert outcome(client.get(MATRIX[page][0](entries))) == expected


def test_the_matrix_covers_every_page_of_the_viewer():
    names = {p.name for p in audit_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == {"index", "export", "detail"}


def _every_address(entry) -> list[str]:
    """Each route of the audit app, with every path argument filled by the entry's id."""
    addresses = []
    for pattern in audit_urls.urlpatterns:
        kwargs = {name: entry.pk for name in pattern.pattern.converters}
        addresses.append(reverse(f"audit:{pattern.name}", kwargs=kwargs))
    return addresses


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("who", ["auditor", "supervisor", "sysadmin", "security"])
def test_no_address_accepts_a_change_to_entries(client, world, entries, method, who):
    snapshot = list(AuditEntry.objects.order_by("id").values())
    sign_in(client, getattr(world, who))
    for address in _every_address(entries["own"]):
        response = getattr(client, method)(address, {"note": "rewritten", "kind": "x"})
        assert response.status_code in (403, 405), (address, response.status_code)
    assert list(AuditEntry.objects.order_by("id").values()) == snapshot
