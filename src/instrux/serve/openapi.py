"""An OpenAPI document typed per instruction, from the registry the engine serves.

FastAPI documents ``/v1/execute`` as ``ExecuteRequest`` (a name and a dict of anything) and
``/v1/run`` as ``Result`` (a value of any type). This module replaces those schemas with the
registry's own: the execute body is the discriminated union of ``{"instruction": NAME,
"arguments": <NAME's argument model>}`` (what ``Engine.call_schema()`` gives), and results and
calls are unions of one model per instruction, each with its argument model and result type.
Clients generated from the document then know every instruction's arguments and results.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Union, cast

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, TypeAdapter, create_model

from instrux.schemas.call import Call, ExecuteRequest, Result
from instrux.schemas.plan import Plan, PlanResult
from instrux.serve.models import RunManyRequest, TextRequest

if TYPE_CHECKING:
    from instrux.engine import Engine
    from instrux.schemas.instruction import InstructionSpec

__all__ = ["Limits", "install_openapi", "install_typed_openapi", "typed_models"]

REF = "#/components/schemas/{model}"
JSON = "application/json"
REQUEST_BODIES: dict[str, type[BaseModel]] = {
    "/v1/run": TextRequest,
    "/v1/parse": TextRequest,
    "/v1/execute": ExecuteRequest,
    "/v1/run_many": RunManyRequest,
    "/v1/plan": TextRequest,
    "/v1/run_plan": Plan,
}


def install_typed_openapi(app: FastAPI, engine: Engine, limits: Limits | None = None) -> None:
    """Make ``app.openapi()`` (and ``/openapi.json``) return the per-instruction document,
    with the server's limits on its request bodies."""

    def refine(document: dict[str, Any]) -> dict[str, Any]:
        return _limited(_typed(document, engine), limits)

    install_openapi(app, REQUEST_BODIES, refine)


@dataclass(frozen=True, slots=True)
class Limits:
    """What a client can exceed, as the document states it (``x-`` keys are OpenAPI's
    extensions; ``maxLength`` and ``maxItems`` are JSON Schema's own)."""

    max_text_length: int
    max_batch: int
    max_body_bytes: int
    max_number_digits: int


def _limited(document: dict[str, Any], limits: Limits | None) -> dict[str, Any]:
    if limits is None:
        return document
    schemas = document["components"]["schemas"]
    schemas["TextRequest"]["properties"]["text"]["maxLength"] = limits.max_text_length
    texts = schemas["RunManyRequest"]["properties"]["texts"]
    texts["maxItems"] = limits.max_batch
    texts["items"]["maxLength"] = limits.max_text_length
    document["info"]["x-limits"] = {
        "max_text_length": limits.max_text_length,
        "max_batch": limits.max_batch,
        "max_body_bytes": limits.max_body_bytes,
        "max_number_digits": limits.max_number_digits,
    }
    for item in document["paths"].values():
        operation = item.get("post")
        if operation is not None and "requestBody" in operation:
            operation["requestBody"]["x-max-body-bytes"] = limits.max_body_bytes
    return document


def install_openapi(
    app: FastAPI,
    bodies: Mapping[str, type[BaseModel]],
    refine: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> None:
    """Make ``app.openapi()`` document the JSON body of each POST path in ``bodies``.

    The routes read their bodies themselves (:func:`instrux.serve.models.read_body`), so
    FastAPI cannot see them; ``refine``, if given, rewrites the document once more.
    """

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes,
            )  # fmt: skip
            components = document.setdefault("components", {}).setdefault("schemas", {})
            for path, model in bodies.items():
                _set_body(document["paths"][path]["post"], _component(model, components))
            app.openapi_schema = refine(document) if refine is not None else document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _typed(document: dict[str, Any], engine: Engine) -> dict[str, Any]:
    components = document["components"]["schemas"]
    paths = document["paths"]
    specs = [entry.spec for entry in engine.registry.instructions()]
    if not specs:
        return document
    calls, results = typed_models(sorted(specs, key=lambda spec: spec.name))
    execute_body = _schema(engine.registry.call_adapter(), components, "validation")
    _set_body(paths["/v1/execute"]["post"], execute_body)
    # /v1/run answers a text of several instructions with a PlanResult; /v1/parse with its Plan.
    typed: dict[str, list[Any]] = {
        "/v1/run": [*results, PlanResult], "/v1/execute": results, "/v1/parse": [*calls, Plan],
    }  # fmt: skip
    for path, models in typed.items():
        adapter: TypeAdapter[Any] = TypeAdapter(cast(Any, Union)[tuple(models)])
        schema = _schema(adapter, components, "serialization")
        paths[path]["post"]["responses"]["200"]["content"][JSON]["schema"] = schema
    return document


def typed_models(specs: list[InstructionSpec]) -> tuple[list[type[Call]], list[type[Result]]]:
    """(a ``Call`` subclass, a ``Result`` subclass) per instruction, typed by its spec."""
    calls: list[type[Call]] = []
    results: list[type[Result]] = []
    for spec in specs:
        title = "".join(part.title() for part in spec.name.replace(".", "_").split("_"))
        call = create_model(
            f"{title}ParsedCall", __base__=Call, __doc__=f"A call to {spec.name}.",
            instruction=(cast(Any, Literal)[spec.name], ...), arguments=(spec.arguments, ...),
        )  # fmt: skip
        result = create_model(
            f"{title}Result", __base__=Result, __doc__=f"The result of {spec.name}.",
            value=(spec.result_type, ...), call=(call, ...),
        )  # fmt: skip
        calls.append(call)
        results.append(result)
    return calls, results


Mode = Literal["validation", "serialization"]


def _schema(adapter: TypeAdapter[Any], components: dict[str, Any], mode: Mode) -> dict[str, Any]:
    """The adapter's schema with its ``$defs`` moved into the document's components.

    A name the document already has is kept as it is (``Route``, ``Candidate``: the same
    models FastAPI documented already).
    """
    schema = adapter.json_schema(ref_template=REF, mode=mode)
    for name, definition in schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    return cast(dict[str, Any], json.loads(json.dumps(schema)))


def _component(model: type[BaseModel], components: dict[str, Any]) -> dict[str, Any]:
    """A ``$ref`` to ``model``'s schema, added to the components under its name."""
    schema = model.model_json_schema(ref_template=REF)
    for name, definition in schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault(model.__name__, schema)
    return {"$ref": REF.format(model=model.__name__)}


def _set_body(operation: dict[str, Any], schema: dict[str, Any]) -> None:
    operation["requestBody"] = {"required": True, "content": {JSON: {"schema": schema}}}
