"""Schemathesis against the generated OpenAPI: no 5xx, every response valid against the schema.

Bounded for CI: a few examples per operation (SCHEMATHESIS_EXAMPLES, default 15).
"""

import os

import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.content.factories import published_article
from tests.factories import AgencyFactory

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_api_conforms_to_its_schema(db, settings):
    """Every GET operation, EXAMPLES generated requests each (schemathesis's pytest plugin does not
    run under pytest 9, so the operations are walked here with hypothesis directly)."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    settings.PORTAL_API_RATE = "100000/m"
    agency = AgencyFactory(slug="so-thu-nghiem", name="Sở Thử nghiệm", short_name="Sở TN")
    published_article(agency)
    # Requests go through the WSGI handler, not Django's test client: keep the test's connection (and
    # its transaction) open across them, as the test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _walk(schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application()))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _walk(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        if operation.method.upper() != "GET":
            continue

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(checks=CHECKS)

        check()
