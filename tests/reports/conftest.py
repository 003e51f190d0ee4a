"""An invented county for the reports tests: a 政务公开办, two townships, and one person in
each role the permission matrix asks about. Checks run at once (Huey immediate mode) and
files go to a temporary folder."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.accounts.models import SystemRole, User
from gongkai.agencies.models import Agency, Kind, Level, Membership, Role

PASSWORD = "Xx-1234567890"


@pytest.fixture(autouse=True)
def _media_and_queue(settings, tmp_path):
    """Uploaded files under tmp; tasks run in-process as soon as they are queued."""
    from gongkai.reports.tasks import huey

    settings.MEDIA_ROOT = tmp_path / "media"
    was = huey.immediate
    huey.immediate = True
    yield
    huey.immediate = was


def _person(username: str, agency: Agency | None = None, role: str | None = None, **extra) -> User:
    user = User.objects.create_user(
        username, password=PASSWORD, must_change_password=False, **extra
    )
    if agency is not None:
        Membership.objects.create(person=user, agency=agency, role=role)
    return user


@pytest.fixture
def county(db):
    gov = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="shili")
    office = Agency.objects.create(
        name="示例县政务公开办",
        level=Level.COUNTY,
        kind=Kind.OPEN_GOVERNMENT_OFFICE,
        parent=gov,
        slug="shili-ogo",
    )
    a = Agency.objects.create(
        name="青石镇人民政府", short_name="青石镇", level=Level.TOWNSHIP, parent=gov, slug="qingshi"
    )
    b = Agency.objects.create(
        name="石桥镇人民政府", short_name="石桥镇", level=Level.TOWNSHIP, parent=gov, slug="shiqiao"
    )
    return SimpleNamespace(gov=gov, office=office, a=a, b=b)


@pytest.fixture
def people(county):
    return SimpleNamespace(
        supervisor=_person("ogo_admin", county.office, Role.SUPERVISOR_ADMIN),
        clerk_a=_person("clerk_a", county.a, Role.DRAFTER),
        head_a=_person("head_a", county.a, Role.DISCLOSURE_HEAD),
        clerk_b=_person("clerk_b", county.b, Role.DRAFTER),
        auditor=_person("auditor", system_role=SystemRole.AUDITOR),
    )


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
