"""Property-based fuzzing of the API from its own OpenAPI document (schemathesis): whatever
the parameters, no server error, and every answer matches the document (status declared,
body of the declared shape, content type)."""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import positive_data_acceptance

from config.wsgi import application
from core.tests.fuzzing import fuzz_settings

CASES_PER_OPERATION = 120
MINIMUM_CASES = 1_000
cases = Counter()

# Loaded when the tests are collected: the document needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def _keep_the_test_connection():
    """Through the WSGI app, each request would close the database connection at its end, as
    in production; the test's transaction needs it open (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_connection")
@schema.parametrize()
@fuzz_settings(CASES_PER_OPERATION)
def test_the_api_answers_as_documented(case):
    cases[f"{case.operation.method.upper()} {case.operation.path}"] += 1
    response = case.call(headers={"Accept-Encoding": "identity"})  # its WSGI client reads no gzip
    # Every check (status declared, content type, body, headers) but one: the API refuses
    # with a documented 400 a value of the right form whose meaning is unknown (a commune
    # code or a year that does not exist), which a schema cannot say.
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500


@pytest.mark.django_db
def test_the_fuzzing_covered_every_operation_with_enough_cases():
    """Runs after the fuzzing in this module (run it with the module, not alone): an
    operation the fuzzing never called is a failure, never a skip."""
    operations = {f"{op.method.upper()} {op.path}" for op in _operations(schema)}
    assert set(cases) == operations, f"opérations jamais essayées : {operations - set(cases)}"
    print(f"\n{sum(cases.values())} cas générés sur {len(cases)} opérations")
    assert sum(cases.values()) >= MINIMUM_CASES, cases


def _operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]
