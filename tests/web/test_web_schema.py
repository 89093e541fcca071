"""Schemathesis over the API's OpenAPI schema, signed in as Ann: generated requests, valid
and not, to every operation. No answer may be a 5xx, and every answer must match the
schema (status codes, content types, bodies).

The operations are walked by hand with each one's Hypothesis strategy: schemathesis's
pytest fixture loader does not run under pytest 9."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from webkit import Web

EXAMPLES = 25
"""Generated requests per operation."""


@pytest.fixture
def database_url() -> str:
    """SQLite only here: the same routes run on PostgreSQL in the other web tests."""
    return "sqlite"


def test_the_api_answers_every_generated_request_within_its_schema(web: Web) -> None:
    c, csrf = web.signed_in("ann@example.com")
    auth: dict[str, Any] = {
        "headers": {"x-csrf-token": csrf},
        "cookies": {"hc_session": c.cookies["hc_session"]},
    }
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", web.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: op.path == "/logout")  # signing out last
    calls: dict[str, int] = {}

    for op in operations:
        if op.path == "/login":
            continue  # signing in with random e-mails: test_web_security.py covers it

        @given(case=op.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case: Any) -> None:
            if "patient_id" in (case.path_parameters or {}):
                case.path_parameters["patient_id"] = "ann"  # her own: the matrix does others
            response = case.call(**auth)
            calls[case.operation.label] = calls.get(case.operation.label, 0) + 1
            assert response.status_code < 500, (case.method, case.formatted_path, response.text)
            case.validate_response(response)

        run()
    assert len(operations) >= 10 and sum(calls.values()) >= 5 * len(calls)
    print(f"schemathesis: {sum(calls.values())} requests over {len(calls)} operations")
