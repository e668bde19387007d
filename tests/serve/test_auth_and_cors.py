"""A server started with a token and CORS origins (each in a server of its own)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from instrux import Engine, ErrorInfo
from instrux.serve import ServeConfig, create_app, running_server

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def guarded(engine: Engine) -> Iterator[str]:
    config = ServeConfig(port=0, warmup=False, token=TOKEN, cors_origins=("http://app.test",))
    with running_server(create_app(engine, config), config) as url:
        yield url


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
def test_missing_or_wrong_token_is_401(guarded: str, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    for method, path in [("POST", "/v1/run"), ("GET", "/v1/instructions"), ("GET", "/metrics")]:
        response = httpx.request(method, guarded + path, headers=headers,
                                 json={"text": "add 1 and 2"})  # fmt: skip
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert ErrorInfo.model_validate(response.json()).code == "unauthorized"


def test_the_right_token_passes_and_health_is_open(guarded: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = httpx.post(guarded + "/v1/run", json={"text": "add 1 and 2"}, headers=auth)
    assert response.status_code == 200 and response.json()["value"] == 3
    assert httpx.get(guarded + "/healthz").status_code == 200
    assert httpx.get(guarded + "/").status_code == 200  # the page; its API calls need the token


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_bearer_scheme_is_case_insensitive(guarded: str, scheme: str) -> None:
    auth = {"Authorization": f"{scheme} {TOKEN}"}
    response = httpx.post(guarded + "/v1/run", json={"text": "add 1 and 2"}, headers=auth)
    assert response.status_code == 200


def test_cors_allows_only_the_given_origin(guarded: str) -> None:
    def preflight(origin: str) -> httpx.Response:
        return httpx.options(guarded + "/v1/run", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST"})  # fmt: skip

    assert preflight("http://app.test").headers["access-control-allow-origin"] == "http://app.test"
    assert "access-control-allow-origin" not in preflight("http://evil.test").headers
