"""The HTTP API against a real uvicorn server on 127.0.0.1: bodies are the engine's schemas."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from instrux import Call, Engine, ErrorInfo, InstruxError, NoMatchError, Result

JSON_TYPE = {"Content-Type": "application/json"}


def _same_result(http: Result, local: Result) -> None:
    assert http.model_dump(exclude={"timings_ms"}) == local.model_dump(exclude={"timings_ms"})


def test_run_answers_like_the_engine(client: httpx.Client, engine: Engine) -> None:
    response = client.post("/v1/run", json={"text": "what is 3 plus 5"})
    assert response.status_code == 200
    body = response.json()
    assert body["value"] == 8
    assert body["call"]["instruction"] == "math.add"
    assert body["call"]["arguments"] == {"a": 3, "b": 5}
    _same_result(Result.model_validate(body), engine.run("what is 3 plus 5"))
    assert set(body["timings_ms"]) >= {"route", "execute", "total"}


def test_parse_execute_and_a_call_read_back(client: httpx.Client, engine: Engine) -> None:
    parsed = client.post("/v1/parse", json={"text": "divide 100 by 4"})
    assert parsed.status_code == 200
    call = engine.load_call(parsed.json())
    assert call == engine.parse("divide 100 by 4")
    executed = client.post(
        "/v1/execute",
        json={"instruction": call.instruction, "arguments": call.arguments.model_dump()},
    )
    assert executed.status_code == 200
    assert executed.json()["value"] == 25
    assert executed.json()["call"]["route"]["tier"] == "direct"
    assert isinstance(Call.model_validate(parsed.json()), Call)


def test_plan_then_run_plan(client: httpx.Client, engine: Engine) -> None:
    text = "add 4 and 6, then divide the result by 5"
    planned = client.post("/v1/plan", json={"text": text})
    assert planned.status_code == 200
    assert planned.json() == engine.plan(text).model_dump(mode="json")
    assert [step["instruction"] for step in planned.json()["steps"]] == ["math.add", "math.divide"]
    ran = client.post("/v1/run_plan", content=planned.content, headers=JSON_TYPE)
    assert ran.status_code == 200
    assert ran.json()["value"] == 2 and set(ran.json()["steps"]) == {"s1", "s2"}
    assert client.post("/v1/run", json={"text": text}).json()["plan"] == planned.json()


def test_an_invalid_plan_is_422(client: httpx.Client) -> None:
    plan = {"steps": [{"id": "s1", "instruction": "math.add", "arguments": {"a": {"ref": "s1"},
            "b": 1}}], "output": "s1"}  # fmt: skip
    info = _error(client.post("/v1/run_plan", json=plan), 422, "invalid_plan")
    assert "s1" in info.message


def test_run_many_answers_each_text_in_order(client: httpx.Client, engine: Engine) -> None:
    texts = ["add 1 and 2", "book a table for two", "6 times 7", "divide 1 by 0"]
    response = client.post("/v1/run_many", json={"texts": texts})
    assert response.status_code == 200
    items = response.json()["results"]
    assert [i["result"]["value"] if i["result"] else i["error"]["code"] for i in items] == [
        3,
        "no_match",
        42,
        engine.run_many(texts, return_exceptions=True)[3].code,  # type: ignore[union-attr]
    ]


def test_listings_are_the_engine_listings(client: httpx.Client, engine: Engine) -> None:
    listed = client.get("/v1/instructions").json()
    assert listed == [i.model_dump(mode="json") for i in engine.instructions()]
    assert client.get("/v1/instructions", params={"prefix": "demo."}).json()[0]["name"] == (
        "demo.nap"
    )
    one = client.get("/v1/instructions/math.add")
    assert one.json() == engine.instruction("math.add").model_dump(mode="json")
    plugins = client.get("/v1/plugins").json()
    assert {p["name"] for p in plugins} == {p.name for p in engine.plugins()}
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["instructions"] == len(engine.instructions())


def _error(response: httpx.Response, status: int, code: str) -> ErrorInfo:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    info = ErrorInfo.model_validate(response.json())
    assert info.code == code
    assert info.message and info.hint  # says what went wrong and how to fix it
    return info


def test_no_match_is_422_with_candidates_and_reads_back(client: httpx.Client) -> None:
    info = _error(client.post("/v1/run", json={"text": "book a table for two"}), 422, "no_match")
    assert isinstance(InstruxError.from_info(info), NoMatchError)


@pytest.mark.parametrize(
    ("content", "status", "code", "reason"),
    [
        ('{"text": ', 400, "invalid_input", "invalid_json"),
        ("[1, 2]", 422, "invalid_input", "invalid_body"),
        ('{"txt": "add 1 and 2"}', 422, "invalid_input", "invalid_body"),
        ('{"text": "add 1 and 2", "extra": 1}', 422, "invalid_input", "invalid_body"),
        ('{"text": ""}', 422, "invalid_input", "empty"),
        (json.dumps({"text": "add 1 and 2 " * 20}), 413, "invalid_input", "too_long"),
    ],
)
def test_bad_bodies(
    client: httpx.Client, content: str, status: int, code: str, reason: str
) -> None:
    response = client.post("/v1/run", content=content,
                           headers={"content-type": "application/json"})  # fmt: skip
    assert _error(response, status, code).details["reason"] == reason


def test_bodies_over_the_limit_are_refused_declared_or_streamed(client: httpx.Client) -> None:
    big = json.dumps({"texts": ["add 1 and 2"] * 400}).encode()
    declared = client.post("/v1/run_many", content=big, headers=JSON_TYPE)
    assert _error(declared, 413, "invalid_input").details["reason"] == "body_too_large"

    def chunks() -> object:
        for start in range(0, len(big), 1000):
            yield big[start : start + 1000]

    streamed = client.post("/v1/run_many", content=chunks(), headers=JSON_TYPE)  # chunked
    assert _error(streamed, 413, "invalid_input").details["reason"] == "body_too_large"


def test_batches_over_the_limit_are_refused(client: httpx.Client) -> None:
    response = client.post("/v1/run_many", json={"texts": ["add 1 and 2"] * 9})
    assert _error(response, 413, "invalid_input").details["reason"] == "batch_too_large"


def test_unknown_instruction_argument_and_path(client: httpx.Client) -> None:
    unknown = client.post("/v1/execute", json={"instruction": "math.ad", "arguments": {}})
    assert "math.add" in _error(unknown, 404, "unknown_name").hint
    _error(client.get("/v1/instructions/nope"), 404, "unknown_name")
    bad = client.post("/v1/execute", json={"instruction": "math.add", "arguments": {"a": 1}})
    assert _error(bad, 422, "invalid_arguments").details["argument"] == "b"
    _error(client.get("/v1/nothing"), 404, "not_found")
    _error(client.get("/v1/run"), 404, "not_found")  # wrong method


def test_executors_do_not_block_the_loop_and_time_out(client: httpx.Client, base_url: str) -> None:
    answered: list[float] = []

    def slow() -> None:
        with httpx.Client(base_url=base_url, timeout=20) as other:
            response = other.post("/v1/run", json={"text": "nap for 3 seconds"})
            answered.append(time.perf_counter())
            _error(response, 504, "timeout")  # the server's limit in this module is 2 s

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    start = time.perf_counter()
    assert client.post("/v1/run", json={"text": "add 1 and 2"}).json()["value"] == 3
    assert client.get("/healthz").status_code == 200
    quick = time.perf_counter()
    thread.join()
    assert quick < answered[0]  # answered while the slow executor was still asleep
    assert quick - start < 1.0


def test_metrics_count_requests_in_prometheus_text(client: httpx.Client) -> None:
    client.post("/v1/run", json={"text": "add 1 and 2"})
    client.post("/v1/run", json={"text": "book a table for two"})
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'instrux_http_requests_total{endpoint="/v1/run",status="200"}' in text
    assert 'instrux_errors_total{code="no_match"}' in text
    assert "instrux_http_request_seconds_bucket" in text


def test_cors_is_off_by_default(client: httpx.Client) -> None:
    preflight = client.options(
        "/v1/run",
        headers={"Origin": "http://example.test", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_playground_and_docs_are_served(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'id="text"' in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/docs").status_code == 200


def test_the_listening_socket_is_tcp_so_responses_are_not_delayed() -> None:
    """asyncio sets TCP_NODELAY only on sockets whose proto is TCP (else Nagle: +40 ms)."""
    import socket

    from instrux.serve.server import bind

    with bind("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP
