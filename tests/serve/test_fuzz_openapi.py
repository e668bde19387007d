"""Property test (hypothesis) against the OpenAPI document: no body makes a 500 (issue 23).

Bodies are drawn from each POST route's request schema as the server publishes it
(``/openapi.json``): its properties (and, for a discriminated union, each member's
``instruction`` value) filled with any JSON, including the values that broke the server
before (4,301-digit numbers, booleans and strings where numbers belong, huge exponents), plus
bodies that are not objects at all. ``bench/serve_load.py --fuzz 10000`` sends 10,000 such
bodies to a real server; this test sends a few hundred in CI.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

AWKWARD = st.sampled_from(
    ["9" * 4301, "2 to the power of 33000", "add " + "9" * 4301 + " and 1", "", "nan", "1e999"]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    AWKWARD,
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    found: Any = document
    for part in ref.removeprefix("#/").split("/"):
        found = found[part]
    return _resolve(found, document)


TEXTS = st.sampled_from(
    ["add 2 and 3", "what is 3 plus 5", "add 2 and 3 then multiply by 4", "divide 1 by 0",
     "nap 0.01", "classify 'fine' as good or bad", "s1", "s2"]
)  # fmt: skip


def _bodies(schema: dict[str, Any], document: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values of the schema's shape (each part of them sometimes any JSON), and anything."""
    return st.one_of(_shaped(schema, document, depth=3), JSON)


def _shaped(schema: dict[str, Any], document: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    schema = _resolve(schema, document)
    members = schema.get("oneOf", schema.get("anyOf", []))
    if members and depth > 0:
        return st.one_of(*(_shaped(m, document, depth - 1) for m in members))
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth <= 0:
            return JSON
        fields = {
            name: _part(p, document, depth - 1) for name, p in schema.get("properties", {}).items()
        }
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {n: f for n, f in fields.items() if n in required},
            optional={n: f for n, f in fields.items() if n not in required},
        )
    if kind == "array":
        return st.lists(_part(schema.get("items", {}), document, depth - 1), max_size=5)
    if kind == "string":
        return st.one_of(TEXTS, AWKWARD, st.text(max_size=40))
    if kind in ("integer", "number"):
        return st.one_of(st.integers(min_value=-(10**400), max_value=10**400), st.floats())
    return JSON


def _part(schema: dict[str, Any], document: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    """A property: of its schema's shape most times, any JSON otherwise."""
    return st.one_of(_shaped(schema, document, depth), _shaped(schema, document, depth), JSON)


@pytest.fixture(scope="module")
def routes(base_url: str) -> dict[str, st.SearchStrategy[Any]]:
    document = httpx.get(f"{base_url}/openapi.json", timeout=20).json()
    found: dict[str, st.SearchStrategy[Any]] = {}
    for path, operations in document["paths"].items():
        body = operations.get("post", {}).get("requestBody", {})
        schema = body.get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            found[path] = _bodies(schema, document)
    assert {"/v1/run", "/v1/parse", "/v1/execute", "/v1/run_many", "/v1/run_plan"} <= set(found)
    return found


def test_no_body_drawn_from_the_openapi_document_is_a_500(
    routes: dict[str, st.SearchStrategy[Any]], client: httpx.Client
) -> None:
    @settings(
        max_examples=250,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def post_one(data: st.DataObject) -> None:
        path = data.draw(st.sampled_from(sorted(routes)))
        body = data.draw(routes[path])
        answer = client.post(path, json=body)
        assert answer.status_code != 500, (path, body, answer.text[:300])
        # A typed error always: 502 is a language model's unusable answer, 503/504 busy/late.
        assert answer.status_code in (200, *range(400, 430), 502, 503, 504), answer.text[:300]
        assert "code" in answer.json() or answer.status_code == 200

    post_one()
