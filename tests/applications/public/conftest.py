"""Fixtures of the public application pages: a township with a clerk, valid form data,
files that are what they say and files that are not."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Agency, Level, Role

# A valid 居民身份证号码 (checksum X) and 统一社会信用代码 (GB 32100 example).
ID_NUMBER = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"This program cannot be run in DOS mode"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    """Uploaded files in the test's own folder; throttling counters from zero."""
    settings.MEDIA_ROOT = tmp_path / "files"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def county(db) -> Agency:
    return Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="shili")


@pytest.fixture
def town(county) -> Agency:
    return Agency.objects.create(
        name="青石镇人民政府", level=Level.TOWNSHIP, parent=county, slug="qingshi"
    )


@pytest.fixture
def clerk(town):
    return make_person("clerk", roles=[(town, Role.DRAFTER)], display_name="王文书")


def person_data(**changes) -> dict:
    """What a natural person types into the form, complete and valid."""
    data = {
        "applicant_type": "natural_person",
        "person_name": "李秀英",
        "id_document": "居民身份证",
        "id_number": ID_NUMBER,
        "phone": "138 0000 0000",
        "email": "lixiuying@example.com",
        "address": "示例县青石镇青石村 3 组 12 号",
        "postcode": "311100",
        "description": "2026年青石镇农村危房改造补助名单",
        "items": "2026年青石镇农村危房改造补助名单\n补助资金拨付文件\n",
        "purpose": "",
        "delivery": "paper_post",
        "agree": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def org_data(**changes) -> dict:
    data = person_data(
        applicant_type="commercial",
        person_name="",
        id_document="",
        id_number="",
        org_name="示例县青石农业发展有限公司",
        credit_code=CREDIT_CODE,
        contact_person="张建国",
    )
    data.update(changes)
    return data
