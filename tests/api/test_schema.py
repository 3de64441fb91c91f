"""The OpenAPI document and its browsable page, whose assets the app serves itself."""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

DOCUMENTED_EVERYWHERE = {"406"}


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_validates_without_a_single_warning(tmp_path: Path) -> None:
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert yaml.safe_load(target.read_text())["openapi"].startswith("3.")


def test_the_schema_is_served_to_anyone(client: Client) -> None:
    response = client.get("/api/v1/schema/")

    assert response.status_code == 200
    assert b"/api/v1/activities/{id}/tag/" in response.content


def test_every_collection_of_the_issue_is_in_the_schema(document: dict[str, Any]) -> None:
    paths = set(document["paths"])

    assert {
        "/api/v1/auth/token/",
        "/api/v1/me/",
        "/api/v1/networks/",
        "/api/v1/networks/{id}/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/directions/",
        "/api/v1/directions/{code}/",
        "/api/v1/activities/",
        "/api/v1/activities/{id}/",
        "/api/v1/activities/{id}/tag/",
        "/api/v1/activities/{id}/tags/",
        "/api/v1/updates/",
        "/api/v1/updates/{id}/",
        "/api/v1/reports/activities/",
    } <= paths


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def test_every_operation_documents_the_error_answers_it_can_give(
    document: dict[str, Any],
) -> None:
    for method, path, operation in _operations(document):
        codes = set(operation["responses"])
        expected = set(DOCUMENTED_EVERYWHERE)
        if path != "/api/v1/auth/token/":
            expected.add("401")
        if "{" in path:
            expected.add("404")
        if method in {"POST", "PUT", "PATCH"}:
            expected |= {"400", "415"} | ({"403"} if path != "/api/v1/auth/token/" else set())
        if path.startswith(("/api/v1/activities/", "/api/v1/updates/")) and method == "GET":
            expected.add("404")  # a page that does not exist
        assert expected <= codes, f"{method} {path} lacks {expected - codes}"
        assert any(code.startswith("2") for code in codes), f"{method} {path} has no success"


def test_the_activity_schema_carries_the_contract_fields(document: dict[str, Any]) -> None:
    properties = document["components"]["schemas"]["Activity"]["properties"]

    assert {
        "id", "title", "description", "organisation", "partners", "status", "starts_on",
        "ends_on", "visibility", "participants_count", "suggested_directions", "directions",
        "tagged_by", "tagged_at", "created_by", "created_at", "updated_at",
    } <= set(properties)  # fmt: skip


def test_the_report_is_documented_as_json_and_as_csv(document: dict[str, Any]) -> None:
    report = document["paths"]["/api/v1/reports/activities/"]["get"]

    assert set(report["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    assert {parameter["name"] for parameter in report["parameters"]} >= {
        "period",
        "from",
        "to",
        "group_by",
        "format",
    }


def test_the_docs_page_loads_only_assets_the_app_serves_itself(client: Client) -> None:
    page = client.get("/api/v1/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    references = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert references, "the page references no assets"
    assert not re.search(r"https?://", html), "the page loads something from outside"
    assets = [reference for reference in references if reference.endswith((".js", ".css", ".png"))]
    assert len(assets) >= 3
    for asset in assets:
        assert asset.startswith("/static/"), asset
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, asset
    # Swagger UI's start-up script is served from its own URL (no inline script under the CSP).
    assert '<script src="/api/v1/docs/?script="></script>' in html
    assert '"/api/v1/schema/"' in client.get("/api/v1/docs/?script=").content.decode()


def test_every_success_answer_has_a_description_and_an_example_for_each_format(
    document: dict[str, Any],
) -> None:
    for method, path, operation in _operations(document):
        for code, response in operation["responses"].items():
            if code not in {"200", "201"}:
                continue
            assert response.get("description"), f"{method} {path} {code} has no description"
            for media_type, content in response["content"].items():
                assert content.get("examples"), f"{method} {path} {code} {media_type} no example"


def test_the_examples_of_a_list_are_pages(document: dict[str, Any]) -> None:
    listing = document["paths"]["/api/v1/activities/"]["get"]["responses"]["200"]
    (example,) = listing["content"]["application/json"]["examples"].values()

    assert set(example["value"]) == {"count", "next", "previous", "results"}
    assert example["value"]["results"][0]["title"] == "Trygghetsvandring i Drottninghög"


def _operation_ids(document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {
        operation["operationId"]: (method, path)
        for method, path, operation in _operations(document)
    }


@pytest.mark.parametrize(
    ("path", "targets"),
    [
        (
            "/api/v1/activities/",
            {
                ("GET", "/api/v1/activities/{id}/"),
                ("PUT", "/api/v1/activities/{id}/"),
                ("PATCH", "/api/v1/activities/{id}/"),
                ("POST", "/api/v1/activities/{id}/tag/"),
                ("GET", "/api/v1/activities/{id}/tags/"),
            },
        ),
        ("/api/v1/updates/", {("GET", "/api/v1/updates/{id}/")}),
    ],
)
def test_a_create_links_to_the_operations_on_what_it_created(
    document: dict[str, Any], path: str, targets: set[tuple[str, str]]
) -> None:
    created = document["paths"][path]["post"]["responses"]["201"]
    operations = _operation_ids(document)

    links = created["links"].values()

    assert {operations[link["operationId"]] for link in links} == targets
    assert all(link["parameters"] == {"id": "$response.body#/id"} for link in links)


@pytest.mark.parametrize("path", ["/api/v1/activities/", "/api/v1/updates/"])
def test_a_create_documents_the_location_header(document: dict[str, Any], path: str) -> None:
    created = document["paths"][path]["post"]["responses"]["201"]

    assert created["headers"]["Location"]["schema"] == {"type": "string", "format": "uri"}


def test_request_bodies_admit_no_other_fields(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for method, path, operation in _operations(document):
        if "requestBody" not in operation:
            continue
        for content in operation["requestBody"]["content"].values():
            name = content["schema"]["$ref"].rsplit("/", 1)[-1]
            assert schemas[name]["additionalProperties"] is False, f"{method} {path} {name}"


def test_ids_in_paths_are_whole_numbers(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] == "id":
                assert parameter["schema"]["type"] == "integer", f"{method} {path}"


def test_paging_is_documented_with_its_bounds(document: dict[str, Any]) -> None:
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in document["paths"]["/api/v1/activities/"]["get"]["parameters"]
    }

    assert parameters["page_size"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 200,
        "default": 50,
    }
    assert parameters["page"]["minimum"] == 1


def test_the_report_documents_its_formats_and_refuses_others(document: dict[str, Any]) -> None:
    report = document["paths"]["/api/v1/reports/activities/"]["get"]
    (format_parameter,) = [p for p in report["parameters"] if p["name"] == "format"]

    assert set(format_parameter["schema"]["enum"]) == {"json", "csv"}
    assert "400" in report["responses"]
