"""Property-based tests of the whole API against its own OpenAPI document (schemathesis).

Every operation is called with generated input, signed in as a civil-society member. Whatever is
sent, the API must answer without a server error, with a status code, content type and body that
the document declares, and never with another organisation's objects that the member may not
see. Path ids are drawn both at random and from the objects the member may not see, so that the
hidden objects are actually asked for.
"""

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from network.accounts.tokens import expiry_in, issue_token
from tests.api.conftest import Scene
from tests.conftest import World

MAX_EXAMPLES = 25


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Keep the test's database connection (and its transaction) across in-process requests.

    Django closes connections when a request starts and finishes; its own test client switches
    that off for the duration of a request, and so does this fixture, for the WSGI calls.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def hidden(scene: Scene) -> dict[str, Any]:
    """What the civil-society member may not see: ids, and text that must never show."""
    activities = [scene.police_only, scene.school_authorities, scene.elsewhere]
    updates = [scene.police_note, scene.on_police_only, scene.elsewhere_note]
    return {
        "ids": sorted({obj.pk for obj in [*activities, *updates]}),
        "texts": [a.title for a in activities] + [a.description for a in activities if a.description]
        + [u.body for u in updates],
    }  # fmt: skip


@pytest.fixture
def civil_token(world: World) -> str:
    _token, key = issue_token(world.civil, "schemathesis", expiry_in())
    return key


def _load_schema() -> Any:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    # Reading the document needs no database: it is served to anyone, without credentials.
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


SCHEMA = _load_schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _objects(value)
    elif isinstance(data, list):
        for value in data:
            yield from _objects(value)


def _cases(operation: Any, hidden_ids: list[int]) -> st.SearchStrategy:
    """Valid and invalid input; ids drawn at random and from the hidden objects."""
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    if {parameter.name for parameter in operation.path_parameters} == {"id"}:
        strategies += [
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"id": pk})
            for pk in hidden_ids
        ]
    return st.one_of(strategies)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_the_api_keeps_its_schema_and_hides_other_organisations_objects(
    operation: Any,
    in_process_requests: None,
    civil_token: str,
    world: World,
    hidden: dict[str, Any],
) -> None:
    def nothing_hidden_is_shown(ctx: Any, response: Any, case: Any) -> bool:
        text = response.content.decode("utf-8", errors="replace")
        leaked = [hidden_text for hidden_text in hidden["texts"] if hidden_text in text]
        assert not leaked, f"{case.operation.label} showed {leaked}"
        if "json" in response.headers.get("content-type", [""])[0]:
            for obj in _objects(json.loads(text or "null")):
                if obj.get("visibility") == "organisation" and "organisation" in obj:
                    assert obj["organisation"] == world.association.pk, (
                        f"{case.operation.label} showed another organisation's object {obj}"
                    )
        return True

    @given(case=_cases(operation, hidden["ids"]))
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Any) -> None:
        case.call_and_validate(
            headers={"Authorization": f"Token {civil_token}"},
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_headers_conformance,
                response_schema_conformance,
                nothing_hidden_is_shown,
            ],
        )

    call()
