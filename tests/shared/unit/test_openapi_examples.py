"""Every operation of every OpenAPI document shows an example of its request body and of its
answer, each valid against its own schema; closed sets are enums and instants are +08:00."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from gateway.main import create_app as create_gateway
from gateway.openapi_merge import own_document
from tests.gateway.conftest import gateway_settings, write_clients_file

SERVICES = ["contribution", "loan", "dialysis", "appeals"]


@cache
def document_of(name: str, directory: Path | None = None) -> dict[str, Any]:
    if name == "gateway":
        assert directory is not None
        write_clients_file(directory / "clients.toml")
        urls = {s: "http://127.0.0.1:9" for s in SERVICES}
        settings = gateway_settings(directory, 8000, urls, "nats://127.0.0.1:4222")
        return own_document(create_gateway(settings))
    app = importlib.import_module(f"services.{name}.main").create_app()
    document: dict[str, Any] = app.openapi()
    return document


@pytest.fixture(params=["gateway", *SERVICES])
def document(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    if request.param == "gateway":
        return document_of("gateway", tmp_path_factory.mktemp("gateway"))
    return document_of(request.param)


def _resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        resolved: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        return resolved
    return schema


def _example(document: dict[str, Any], media: dict[str, Any]) -> tuple[bool, Any]:
    if "example" in media:
        return True, media["example"]
    schema = _resolved(document, media.get("schema", {}))
    if schema.get("examples"):
        return True, schema["examples"][0]
    if schema.get("type") == "array":
        items = _resolved(document, schema.get("items", {}))
        if items.get("examples"):
            return True, [items["examples"][0]]
    if schema.get("type") in ("string", "integer", "boolean") or not schema:
        return True, None  # a CSV, a stream or a plain value: nothing to show
    return False, None


def _bodies(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(operation, what, media type object) for each JSON request body and 2xx answer."""
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            name = f"{method.upper()} {path}"
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                found.append((name, "request", content["application/json"]))
            for status, response in operation.get("responses", {}).items():
                answer = response.get("content", {}).get("application/json")
                if status.startswith("2") and answer is not None:
                    found.append((name, f"{status} answer", answer))
    return found


def test_every_request_body_and_answer_has_an_example(document: dict[str, Any]) -> None:
    missing = [
        f"{name}: {what}"
        for name, what, media in _bodies(document)
        if not _example(document, media)[0]
    ]
    assert missing == []


def test_every_example_is_valid_against_its_own_schema(document: dict[str, Any]) -> None:
    wrong = []
    for name, what, media in _bodies(document):
        present, example = _example(document, media)
        if not present or example is None:
            continue
        schema = {"components": document["components"], **media["schema"]}
        for error in Draft202012Validator(schema).iter_errors(example):
            wrong.append(f"{name} {what}: {list(error.absolute_path)} {error.message[:120]}")
    assert wrong == []


def test_a_closed_set_in_a_request_is_an_enum() -> None:
    schemas = document_of("loan")["components"]["schemas"]
    witness = schemas["GuarantorIn"]["properties"]["witness"]
    assert "$ref" in witness or "enum" in witness
    assert "community_leader" in schemas["Witness"]["enum"]


def test_instants_in_answers_are_documented_in_malaysia_time() -> None:
    schemas = document_of("contribution")["components"]["schemas"]
    registered_at = schemas["EmployerOut"]["properties"]["registered_at"]
    assert registered_at["examples"][0].endswith("+08:00")
