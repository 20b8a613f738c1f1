"""Property-based fuzzing of the JSON API against its own OpenAPI schema (schemathesis).

For each role that uses the API, every operation in the schema is called
with generated input (valid and invalid) through the WSGI application, signed
in with that role's API token. Every answer must be other than a server error
and must match the schema: a status code it declares (errors included), a
declared content type, and a body of the declared shape. The number of requests tried per role goes to the
terminal summary ("API fuzzing").
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lantern.accounts.capabilities import Capability, roles_with
from lantern.accounts.services import api_token_create
from lantern.cases.tests.factories import CaseFactory, ConcernFactory
from tests.conftest import FUZZ_PROPERTY
from tests.support import make_user

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES_PER_OPERATION = 40
API_ROLES = sorted(roles_with(Capability.USE_API))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _records_for(user: Any) -> dict[str, str]:
    """A few records the role can see, so that lists and details have something to answer with;
    the references of a case and a concern, for the operations that take one."""
    case = CaseFactory(lead_worker=user) if user.can(Capability.WORK_CASES) else CaseFactory()
    mine = ConcernFactory(raised_by=user)
    ConcernFactory(case=case, status="case_opened")
    return {"/api/v1/cases/": case.reference, "/api/v1/concerns/": mine.reference}


def _strategies(operation: Any, references: dict[str, str]) -> list[Any]:
    """Valid and invalid input for the operation, and valid input about a record that exists."""
    strategies = [operation.as_strategy(mode) for mode in GenerationMode]
    for prefix, reference in references.items():
        if operation.path.startswith(prefix) and "{reference}" in operation.path:
            strategies.append(operation.as_strategy(path_parameters={"reference": reference}))
    return strategies


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """Django's WSGI application, keeping the test's database connection open between requests
    (as Django's own test client does), so that every request sees the test's records."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", API_ROLES)
def test_the_api_answers_every_generated_request_within_its_schema(
    role: str, wsgi_app: Any, record_property: Callable[..., None],
):
    user = make_user(role)
    references = _records_for(user)
    _token, raw = api_token_create(user=user, name="fuzzing")
    headers = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, headers=headers)
    tried = 0
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=st.one_of(_strategies(operation, references)))
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def call(case: Any) -> None:
            nonlocal tried
            cache.clear()  # the API's rate limits would otherwise answer 429 part-way through
            tried += 1
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        call()
    record_property(FUZZ_PROPERTY, f"{role}: {tried} requests over {operations} operations, no server error, "
                                   "every answer within the schema")
    assert operations >= 8
