"""No personal data in any answer: an applicant's name, ID number, phone, e-mail and
address are planted in the data (applications, the text of an uploaded report), and every
GET the API offers — for every agency, year and page — is searched for them."""

from __future__ import annotations

import json

import pytest

from .conftest import PERSONAL, D, bearer
from .reportfile import report_bytes

pytestmark = pytest.mark.django_db


def _every_answer(api, raw: str, check_id: int):
    schema = api.get("/api/openapi.json").json()
    slugs = [a["slug"] for a in api.get("/api/agencies").json()]
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        for slug in slugs:
            for year in (2025, 2026):
                url = (
                    path.replace("{slug}", slug)
                    .replace("{year}", str(year))
                    .replace("{check_id}", str(check_id))
                )
                yield url, api.get(url, **bearer(raw))
    for url in ("/api/agencies/qingshi/items?per_page=100", "/api/docs/"):
        yield url, api.get(url)


def test_no_answer_contains_an_applicants_personal_data(
    api, applications, items, token, upload, on
):
    on(D(2026, 2, 10))
    check_id = upload(
        token[1], report_bytes("示例县青石镇", 2025, note=f"申请人{PERSONAL[0]}（{PERSONAL[2]}）")
    ).json()["check_id"]
    seen = 0
    for url, answer in _every_answer(api, token[1], check_id):
        assert answer.status_code in (200, 404), url
        body = answer.content.decode()
        # the JSON as written and as read (in case anything were escaped)
        text = body + (json.dumps(answer.json(), ensure_ascii=False) if url != "/api/docs/" else "")
        for planted in PERSONAL:
            assert planted not in text, f"{planted} in {url}"
        seen += answer.status_code == 200
    # the crawl did read real answers: statistics with the applications, the report, items
    assert seen > 20
    stats = api.get("/api/agencies/qingshi/application-statistics/2026").json()
    assert stats["table3"]["new_received"]["total"] == 2
    assert api.get("/api/agencies/qingshi/annual-reports/2025").status_code == 200
    # the check found the phone number, and says so without quoting it
    check = api.get(f"/api/checks/{check_id}", **bearer(token[1])).json()
    personal = [f for f in check["findings"] if f["rule"] == "C-3"]
    assert personal and f"/reports/{check_id}/" in personal[0]["message"]
