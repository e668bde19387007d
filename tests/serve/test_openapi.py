"""The OpenAPI document: typed per instruction from the registry, and kept from drifting."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from instrux import ConfigurationError, Engine, InstructionRunError
from instrux.serve import ServeConfig, create_app
from instrux.serve.errors import STATUS_BY_CODE, http_status

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")
UPDATE = "INSTRUX_UPDATE_SNAPSHOT"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    # Built-ins only: entry-point plugins installed here would change the document.
    app = create_app(Engine(load_entry_points=False), ServeConfig(warmup=False))
    return app.openapi()


def test_the_document_matches_its_snapshot(document: dict[str, Any]) -> None:
    text = json.dumps(document, indent=1, sort_keys=True) + "\n"
    if os.environ.get(UPDATE):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.exists(), f"no snapshot yet: run {UPDATE}=1 pytest {__file__}"
    assert text == SNAPSHOT.read_text(encoding="utf-8"), (
        f"The OpenAPI document changed. If that is intended, regenerate the snapshot with "
        f"{UPDATE}=1 pytest {__file__} and commit it with the change."
    )


def _schema(document: dict[str, Any], ref: str) -> dict[str, Any]:
    return dict(document["components"]["schemas"][ref.rsplit("/", 1)[-1]])


def test_execute_body_is_one_model_per_instruction(document: dict[str, Any]) -> None:
    body = document["paths"]["/v1/execute"]["post"]["requestBody"]["content"]["application/json"]
    union = body["schema"]
    engine = Engine(load_entry_points=False)
    assert set(union["discriminator"]["mapping"]) == {i.name for i in engine.instructions()}
    add = _schema(document, union["discriminator"]["mapping"]["math.add"])
    arguments = _schema(document, add["properties"]["arguments"]["$ref"])
    assert set(arguments["properties"]) == {"a", "b"}
    assert add["additionalProperties"] is False


def test_results_and_calls_are_typed_per_instruction(document: dict[str, Any]) -> None:
    run = document["paths"]["/v1/run"]["post"]["responses"]["200"]["content"]["application/json"]
    results = {ref["$ref"].rsplit("/", 1)[1] for ref in run["schema"]["anyOf"]}
    assert "MathAddResult" in results and "MathDivideResult" in results
    divide = _schema(document, "MathDivideResult")
    expected = Engine(load_entry_points=False).instruction("math.divide").result_schema
    value = {k: v for k, v in divide["properties"]["value"].items() if k != "title"}
    assert value == {k: v for k, v in expected.items() if k != "title"}
    assert "number" in json.dumps(value)
    call = _schema(document, divide["properties"]["call"]["$ref"])
    assert call["properties"]["instruction"]["const"] == "math.divide"
    parse = document["paths"]["/v1/parse"]["post"]["responses"]["200"]
    assert "MathDivideParsedCall" in json.dumps(parse)


def test_every_run_error_code_has_a_status_in_the_one_table() -> None:
    """Run errors are the client's to fix or to retry: each needs its own status.

    Configuration errors are the server's to fix: those not in the table are 500.
    """
    import instrux.serve.errors  # noqa: F401  (registers the HTTP-only errors)

    codes, stack = set(), [InstructionRunError]
    while stack:
        cls = stack.pop()
        codes.add(cls.code)
        stack.extend(cls.__subclasses__())
    codes -= {"instrux_error", "run_error"}  # abstract roots, never raised as such
    assert codes <= set(STATUS_BY_CODE), codes - set(STATUS_BY_CODE)
    errors = [code for code in codes if 400 <= STATUS_BY_CODE[code] < 500]
    assert "no_match" in errors and "invalid_input" in errors


def test_configuration_errors_are_server_errors() -> None:
    info = ConfigurationError("A plugin is set up wrong.", hint="Fix it.").to_info()
    assert http_status(info) == 500


# JSON Schema 2020-12's keywords and OpenAPI 3.1's additions: a key outside these in a schema
# (pydantic wrote "ge" for a bound on a union) is no constraint at all to a client.
SCHEMA_KEYWORDS = {
    "$ref", "$defs", "$schema", "$id", "$anchor", "$comment", "title", "description", "default",
    "examples", "deprecated", "readOnly", "writeOnly", "type", "enum", "const", "multipleOf",
    "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
    "pattern", "format", "items", "prefixItems", "maxItems", "minItems", "uniqueItems",
    "contains", "maxContains", "minContains", "properties", "patternProperties",
    "additionalProperties", "propertyNames", "maxProperties", "minProperties", "required",
    "dependentRequired", "dependentSchemas", "anyOf", "oneOf", "allOf", "not", "if", "then",
    "else", "unevaluatedItems", "unevaluatedProperties", "contentEncoding",
    "contentMediaType", "discriminator", "xml", "externalDocs", "example",
}  # fmt: skip
_SCHEMA_MAPS = ("properties", "$defs", "patternProperties", "dependentSchemas")
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SCHEMA_ONES = ("items", "additionalProperties", "not", "if", "then", "else", "contains",
                "propertyNames", "unevaluatedItems", "unevaluatedProperties")  # fmt: skip


def _unknown_keywords(schema: Any, where: str) -> list[str]:
    if not isinstance(schema, dict):
        return []
    found = [f"{where}.{key}" for key in schema
             if key not in SCHEMA_KEYWORDS and not key.startswith("x-")]  # fmt: skip
    for key in _SCHEMA_MAPS:
        for name, sub in schema.get(key, {}).items():
            found += _unknown_keywords(sub, f"{where}.{key}.{name}")
    for key in _SCHEMA_LISTS:
        for index, sub in enumerate(schema.get(key, [])):
            found += _unknown_keywords(sub, f"{where}.{key}[{index}]")
    for key in _SCHEMA_ONES:
        found += _unknown_keywords(schema.get(key), f"{where}.{key}")
    return found


def _every_schema(document: dict[str, Any]) -> dict[str, Any]:
    schemas = dict(document["components"]["schemas"])
    for path, item in document["paths"].items():
        for method, operation in item.items():
            bodies = [operation.get("requestBody", {})]
            bodies += list(operation.get("responses", {}).values())
            for index, body in enumerate(bodies):
                for media, content in body.get("content", {}).items():
                    if "schema" in content:
                        schemas[f"{method} {path} #{index} {media}"] = content["schema"]
    return schemas


def _check_json_schema(document: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="the dev extra has jsonschema")
    unknown: list[str] = []
    for name, schema in _every_schema(document).items():
        jsonschema.Draft202012Validator.check_schema(schema)  # the 2020-12 meta-schema
        unknown += _unknown_keywords(schema, name)
    assert unknown == []


def test_every_schema_is_valid_json_schema(document: dict[str, Any]) -> None:
    _check_json_schema(document)


def test_plugin_schemas_are_valid_json_schema_too() -> None:
    """With the entry-point plugins installed here (the units example's bounded lengths)."""
    engine = Engine()
    app = create_app(engine, ServeConfig(warmup=False))
    _check_json_schema(app.openapi())


def test_run_may_answer_a_plan_result_and_parse_a_plan(document: dict[str, Any]) -> None:
    def schema_of(path: str) -> str:
        return json.dumps(document["paths"][path]["post"]["responses"]["200"])

    assert "PlanResult" in schema_of("/v1/run")
    assert '"#/components/schemas/Plan"' in schema_of("/v1/parse")
    assert "PlanResult" in document["components"]["schemas"]


def test_the_limits_are_in_the_document() -> None:
    from instrux.parsing.numbers import MAX_NUMBER_DIGITS

    engine = Engine(load_entry_points=False, max_text_length=321)
    config = ServeConfig(warmup=False, max_batch=7, max_body_bytes=9999)
    document = create_app(engine, config).openapi()
    schemas = document["components"]["schemas"]
    assert schemas["TextRequest"]["properties"]["text"]["maxLength"] == 321
    texts = schemas["RunManyRequest"]["properties"]["texts"]
    assert texts["maxItems"] == 7 and texts["items"]["maxLength"] == 321
    assert document["info"]["x-limits"] == {
        "max_text_length": 321, "max_batch": 7, "max_body_bytes": 9999,
        "max_number_digits": MAX_NUMBER_DIGITS,
    }  # fmt: skip
    run = document["paths"]["/v1/run"]["post"]["requestBody"]
    assert run["x-max-body-bytes"] == 9999


def test_docs_are_served_from_packaged_files() -> None:
    """Swagger UI and ReDoc load nothing from another host (they work offline)."""
    from fastapi.testclient import TestClient

    from instrux.serve.docs import docs_assets

    if docs_assets() is None:
        pytest.skip("fastapi-offline (the 'server' extra) is not installed")
    app = create_app(Engine(load_entry_points=False), ServeConfig(warmup=False))
    client = TestClient(app, base_url="http://127.0.0.1")
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        urls = re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html)
        assert urls and all(url.startswith("/") for url in urls), urls
        for url in urls:
            assert client.get(url).status_code == 200, url
