"""schemathesis against the API's own OpenAPI description, in process through Django's
WSGI handler: for generated requests to every operation — public reads and token writes,
valid and invalid parameters — no server error, and every answer has a status code,
content type and body the description declares."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 12  # per operation and mode: bounded, so the whole file runs in seconds


@contextmanager
def django_wsgi_app():
    """Django's real WSGI handler, inside the test's transaction: the handler would
    otherwise close the test's database connection after each request (the test client
    disconnects the same two signals around each of its requests — and connects them
    again, which is why this wraps the calls themselves and is not a fixture)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def known(items, applications, token, upload):
    """Real slugs, years and a real check to mix into the generated requests, so that the
    answers with data are exercised, not only the 404s of made-up agencies."""
    answer = upload(token[1], b"\xd1\xa7 not a report, but text enough to be read")
    return {
        "slugs": ["qingshi", "county", "qingshi-cun", "other"],
        "years": [2025, 2026],
        "check_ids": [answer.json().get("check_id") or 1],
        "token": token[1],
    }


def _steer(case, slug, year, check_id) -> None:
    params = case.path_parameters or {}
    if "slug" in params and slug is not None:
        params["slug"] = slug
    if "year" in params and year is not None:
        params["year"] = year
    if "check_id" in params and check_id is not None:
        params["check_id"] = check_id


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_its_description_says(known, settings_, mode):
    with django_wsgi_app() as app:
        _fuzz(schemathesis.openapi.from_wsgi("/api/openapi.json", app), known, mode)


def _fuzz(schema, known, mode) -> None:
    headers = {"Authorization": f"Bearer {known['token']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8

    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not (
            operation.path_parameters or operation.query or operation.body
        ):
            continue  # nothing to get wrong in GET /agencies
        steer = st.tuples(
            st.none() | st.sampled_from(known["slugs"]),
            st.none() | st.sampled_from(known["years"]),
            st.none() | st.sampled_from(known["check_ids"]),
        )

        @given(case=operation.as_strategy(generation_mode=mode), steering=steer)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case, steering):
            if mode is GenerationMode.POSITIVE:
                _steer(case, *steering)
            # A slug with a "/" (or "." / "..") is another URL altogether — Django's own
            # 404 page for an unknown address — not a bad value for this operation.
            slug = str((case.path_parameters or {}).get("slug", "x"))
            if "/" in slug or slug in ("", ".", ".."):
                return
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()


@pytest.fixture
def settings_(settings):
    settings.GONGKAI_API_UPLOADS_PER_HOUR = 10_000
    return settings
