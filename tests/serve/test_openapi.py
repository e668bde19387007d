"""The OpenAPI document: typed per instruction from the registry, and kept from drifting."""

from __future__ import annotations

import json
import os
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
