"""Strict inputs (issue 23, findings 3-5): long numbers, huge results, content type, Host
header, strict JSON types on /v1/execute, and hints written for HTTP clients."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import httpx
import pytest

from instrux import Engine, ErrorInfo
from instrux.parsing.numbers import MAX_NUMBER_DIGITS
from instrux.serve import ServeConfig, create_app, running_server
from instrux.serve.values import BIG_INTS_FLAG

LONG = "9" * (MAX_NUMBER_DIGITS + 1)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """A server whose text and body limits let a number over the digit limit through."""
    engine = Engine(load_entry_points=False, max_text_length=10_000)
    config = ServeConfig(port=0, warmup=False, timeout_s=20.0)
    with running_server(create_app(engine, config), config) as url:
        yield url


@pytest.mark.parametrize("path", ["/v1/run", "/v1/parse", "/v1/plan"])
def test_a_number_over_the_digit_limit_is_invalid_input(client: httpx.Client, path: str) -> None:
    response = client.post(path, json={"text": f"add {LONG} and 1"})
    assert response.status_code == 422, response.text
    info = ErrorInfo.model_validate(response.json())
    assert (info.code, info.details["reason"]) == ("invalid_input", "number_too_long")


def test_run_many_reports_a_long_number_per_text(client: httpx.Client) -> None:
    response = client.post("/v1/run_many", json={"texts": [f"add {LONG} and 1", "add 1 and 2"]})
    assert response.status_code == 200
    first, second = response.json()["results"]
    assert first["error"]["details"]["reason"] == "number_too_long"
    assert second["result"]["value"] == 3


def test_a_number_at_the_limit_is_read(client: httpx.Client) -> None:
    at_limit = "9" * MAX_NUMBER_DIGITS
    response = client.post("/v1/run", json={"text": f"add {at_limit} and 1"})
    assert response.status_code == 200
    body = json.loads(response.content)  # json.loads: the reader that refuses long integers
    assert body["value"] == "1" + "0" * MAX_NUMBER_DIGITS
    assert body["details"][BIG_INTS_FLAG] is True


def test_a_huge_result_is_a_string_that_any_json_reader_reads(client: httpx.Client) -> None:
    response = client.post("/v1/run", json={"text": "2 to the power of 33000"})
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["details"][BIG_INTS_FLAG] is True
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        assert body["value"] == str(2**33000)
    finally:
        sys.set_int_max_str_digits(limit)
    small = client.post("/v1/run", json={"text": "2 to the power of 10"}).json()
    assert small["value"] == 1024 and BIG_INTS_FLAG not in small["details"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]
)
def test_a_body_that_is_not_labelled_json_is_415(base_url: str, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = httpx.post(base_url + "/v1/run", content=b'{"text": "add 1 and 2"}',
                          headers=headers)  # fmt: skip
    assert response.status_code == 415
    assert ErrorInfo.model_validate(response.json()).details["reason"] == "unsupported_media_type"


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "APPLICATION/JSON"])
def test_json_with_parameters_or_any_case_passes(base_url: str, content_type: str) -> None:
    response = httpx.post(base_url + "/v1/run", content=b'{"text": "add 1 and 2"}',
                          headers={"Content-Type": content_type})  # fmt: skip
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["evil.test", "evil.test:8000", "127.0.0.1.evil.test"])
def test_a_loopback_server_refuses_other_host_names(base_url: str, host: str) -> None:
    """DNS rebinding: a page on evil.test whose name now points at 127.0.0.1."""
    response = httpx.post(base_url + "/v1/run", json={"text": "add 1 and 2"},
                          headers={"Host": host})  # fmt: skip
    assert response.status_code == 400
    assert ErrorInfo.model_validate(response.json()).details["reason"] == "host_not_allowed"
    assert httpx.get(base_url + "/healthz", headers={"Host": host}).status_code == 400


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:1234", "LOCALHOST:80", "[::1]:8000"])
def test_a_loopback_server_answers_loopback_names(base_url: str, host: str) -> None:
    response = httpx.get(base_url + "/healthz", headers={"Host": host})
    assert response.status_code == 200


def test_allowed_hosts_are_configurable(engine: Engine) -> None:
    config = ServeConfig(port=0, warmup=False, allowed_hosts=("api.example",))
    with running_server(create_app(engine, config), config) as url:
        assert httpx.get(url + "/healthz", headers={"Host": "api.example:443"}).status_code == 200
        assert httpx.get(url + "/healthz").status_code == 400  # 127.0.0.1 is not in the list
    assert ServeConfig(host="0.0.0.0").hosts() is None  # another interface: any, unless set
    assert ServeConfig(allowed_hosts=("*",)).hosts() is None


WRONG_TYPES = [{"a": True, "b": 2}, {"a": "1", "b": "2"}, {"a": 1, "b": None}, {"a": [1], "b": 2}]


@pytest.mark.parametrize("arguments", WRONG_TYPES)
def test_execute_refuses_json_of_the_wrong_type(client: httpx.Client, arguments: dict) -> None:
    response = client.post("/v1/execute", json={"instruction": "math.add", "arguments": arguments})
    assert response.status_code == 422, response.text
    assert ErrorInfo.model_validate(response.json()).code == "invalid_arguments"


def test_execute_takes_json_numbers(client: httpx.Client) -> None:
    body = {"instruction": "math.add", "arguments": {"a": 1, "b": 2.5}}
    response = client.post("/v1/execute", json=body)
    assert response.status_code == 200 and response.json()["value"] == 3.5


def test_an_instruction_can_opt_out_of_strict_types() -> None:
    from pydantic import BaseModel, ConfigDict

    import instrux
    from instrux.plugins.types import RegisterInstruction as Register
    from instrux.schemas.call import ExecuteRequest
    from instrux.serve.calls import strict_arguments

    class Lax(BaseModel):
        model_config = ConfigDict(strict=False)
        n: int

    @instrux.executor("demo.twice", arguments=Lax, examples=["twice {n}"])
    def twice(n: int) -> int:
        return 2 * n

    class Plugin:
        @instrux.hookimpl
        def instrux_register_instructions(self, register: Register) -> None:
            register(twice)

    engine = Engine({"lax": Plugin()}, load_entry_points=False)
    request = ExecuteRequest(instruction="demo.twice", arguments={"n": "4"})
    strict_arguments(engine, request)  # no error: the model says strict=False
    assert engine.execute_request(request).value == 8


def test_hints_over_http_name_endpoints_not_commands(client: httpx.Client) -> None:
    no_match = client.post("/v1/run", json={"text": "zzz qqq"}).json()
    assert "instrux list" not in no_match["hint"] and "/v1/instructions" in no_match["hint"]
    body = {"instruction": "math.add", "arguments": {"a": "x", "b": 1}}
    bad = client.post("/v1/execute", json=body).json()
    assert "`instrux" not in bad["hint"] and "GET /v1/instructions/math.add" in bad["hint"]


def test_an_operator_hint_is_kept_apart_from_the_clients() -> None:
    from instrux import ConfigurationError
    from instrux.serve.errors import OPERATOR_HINT, as_info

    err = ConfigurationError("No language model.", hint="Run `instrux llm setup` once.")
    status, info = as_info(err)
    assert status == 500 and info.hint == OPERATOR_HINT
    assert info.details["operator_hint"] == "Run `instrux llm setup` once."


def test_parse_answers_with_the_plan_that_run_would_run(client: httpx.Client) -> None:
    text = "add 2 and 3 then multiply by 4"
    ran = client.post("/v1/run", json={"text": text}).json()
    assert ran["value"] == 20 and ran["call"]["route"]["tier"] == "plan"
    parsed = client.post("/v1/parse", json={"text": text})
    assert parsed.status_code == 200, parsed.text
    plan = parsed.json()
    assert [step["instruction"] for step in plan["steps"]] == ["math.add", "math.multiply"]
    assert client.post("/v1/run_plan", json=plan).json()["value"] == 20
    one = client.post("/v1/parse", json={"text": "add 2 and 3"}).json()
    assert one["instruction"] == "math.add"  # one instruction: still its call
    assert client.post("/v1/parse", json={"text": "zzz qqq"}).status_code == 422
