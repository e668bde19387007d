"""The OpenAI-compatible endpoint (instrux.serve.chat) over a scripted backend, on a real
uvicorn server on 127.0.0.1: payloads, one generation at a time, limits and typed errors.

The same endpoint over a real model, with the HTTP backend as its client, is tested in
tests/llm/test_http.py (it needs the llm extras).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from instrux.llm.backend import Generation, Scores
from instrux.serve.chat import create_chat_app
from instrux.serve.config import ServeConfig
from instrux.serve.server import running_server

SCHEMA = {"type": "object", "properties": {"verdict": {"type": "string"}}, "required": ["verdict"]}
TOKEN = "t0ken"


class ScriptedBackend:
    """A backend that records its calls, can be slow, and answers '{"verdict": "pass"}'."""

    name = "scripted"
    model = "scripted-model"

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.delay_s = 0.0
        self.fail: Exception | None = None
        self.busy = 0
        self.most_busy = 0
        self._count = threading.Lock()

    def score(self, prefix: str, item: str, options: Sequence[str]) -> Scores:
        raise AssertionError("the chat endpoint only generates")

    def generate(
        self,
        prompt: str,
        *,
        max_new_tokens: int,
        json_schema: dict[str, Any] | None = None,
        deadline: float | None = None,
    ) -> Generation:
        with self._count:
            self.busy += 1
            self.most_busy = max(self.most_busy, self.busy)
        try:
            self.calls.append({"prompt": prompt, "max_new_tokens": max_new_tokens,
                               "json_schema": json_schema, "deadline": deadline})  # fmt: skip
            return self._answer(deadline)
        finally:
            with self._count:
                self.busy -= 1

    def _answer(self, deadline: float | None) -> Generation:
        if self.fail is not None:
            raise self.fail
        end = time.monotonic() + self.delay_s
        while time.monotonic() < end:  # like the real loop: the deadline is checked per token
            if deadline is not None and time.monotonic() > deadline:
                return Generation('{"verd', 3, 2, "deadline")
            time.sleep(0.01)
        return Generation('{"verdict": "pass"}', 3, 5, "eos")


@pytest.fixture(scope="module")
def backend() -> ScriptedBackend:
    return ScriptedBackend()


@pytest.fixture(autouse=True)
def _fresh(backend: ScriptedBackend) -> Iterator[None]:
    backend.calls.clear()
    backend.delay_s, backend.fail, backend.most_busy = 0.0, None, 0
    yield


@pytest.fixture(scope="module")
def chat_url(backend: ScriptedBackend) -> Iterator[str]:
    config = ServeConfig(port=0, max_body_bytes=2000, timeout_s=1.0)
    with running_server(create_chat_app(backend, config), config) as url:
        yield url


@pytest.fixture()
def chat(chat_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=chat_url, timeout=20) as client:
        yield client


def _ask(content: str = "Review: fine", **extra: Any) -> dict[str, Any]:
    return {"model": "anything", "messages": [{"role": "user", "content": content}], **extra}


def test_a_completion_has_the_openai_shape(chat: httpx.Client, backend: ScriptedBackend) -> None:
    response = chat.post("/v1/chat/completions", json=_ask(temperature=0, top_p=1))
    assert response.status_code == 200
    body = response.json()
    assert body["id"].startswith("chatcmpl-") and isinstance(body["created"], int)
    assert {k: v for k, v in body.items() if k not in ("id", "created")} == {
        "object": "chat.completion",
        "model": "scripted-model",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": '{"verdict": "pass"}'}}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8},
    }  # fmt: skip
    assert backend.calls[0]["max_new_tokens"] == 128  # the default budget
    assert backend.calls[0]["json_schema"] is None


def test_the_prompt_is_the_user_messages_and_the_schema_is_passed_on(
    chat: httpx.Client, backend: ScriptedBackend
) -> None:
    messages = [
        {"role": "system", "content": "ignored"},
        {"role": "user", "content": "one"},
        {"role": "assistant", "content": "ignored"},
        {"role": "user", "content": "two"},
    ]
    response_format = {
        "type": "json_schema",
        "json_schema": {"name": "output", "schema": SCHEMA, "strict": True},
    }
    body = {"messages": messages, "max_tokens": 16, "response_format": response_format}
    assert chat.post("/v1/chat/completions", json=body).status_code == 200
    call = backend.calls[0]
    assert call["prompt"] == "one\ntwo"
    assert call["max_new_tokens"] == 16
    assert call["json_schema"] == SCHEMA
    assert chat.post("/v1/chat/completions",
                     json=_ask(response_format={"type": "text"})).status_code == 200  # fmt: skip
    assert backend.calls[1]["json_schema"] is None


def test_the_models_route_names_the_backends_model(chat: httpx.Client) -> None:
    assert chat.get("/v1/models").json() == {
        "object": "list", "data": [{"id": "scripted-model", "object": "model"}],
    }  # fmt: skip


def test_requests_are_answered_one_at_a_time(chat_url: str, backend: ScriptedBackend) -> None:
    backend.delay_s = 0.1

    def ask(_: int) -> int:
        return httpx.post(chat_url + "/v1/chat/completions", json=_ask(), timeout=20).status_code

    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(ask, range(4)))
    assert statuses == [200] * 4
    assert len(backend.calls) == 4
    assert backend.most_busy == 1


def test_the_health_route_answers_while_the_model_works(
    chat_url: str, backend: ScriptedBackend
) -> None:
    backend.delay_s = 0.6
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(httpx.post, chat_url + "/v1/chat/completions", json=_ask(), timeout=20)
        time.sleep(0.1)
        start = time.monotonic()
        assert httpx.get(chat_url + "/healthz", timeout=5).json()["model"] == "scripted-model"
        assert time.monotonic() - start < 0.3  # the event loop is not blocked by the model
        assert slow.result().status_code == 200


def test_a_request_over_the_limit_is_a_504_and_its_generation_stops(
    chat: httpx.Client, backend: ScriptedBackend
) -> None:
    backend.delay_s = 5.0
    start = time.monotonic()
    response = chat.post("/v1/chat/completions", json=_ask())
    assert response.status_code == 504
    assert response.json()["code"] == "timeout"
    assert backend.calls[0]["deadline"] == pytest.approx(start + 1.0, abs=0.5)
    time.sleep(0.2)  # the generation stopped at its deadline: the thread is free again
    backend.delay_s = 0.0
    assert chat.post("/v1/chat/completions", json=_ask()).status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "reason", "says"),
    [
        (b"{not json", 400, "invalid_json", "not valid JSON"),
        (b'{"messages": []}', 422, "invalid_body", "messages"),
        (b'{"messages": [{"role": "system", "content": "x"}]}', 422, "invalid_body", "'user'"),
        (b'{"messages": [{"role": "user", "content": "x"}], "stream": true}', 422,
         "invalid_body", "does not stream"),
        (b'{"messages": [{"role": "user", "content": "x"}], "max_tokens": -1}', 422,
         "invalid_body", "max_tokens"),
        (b'{"messages": [{"role": "user", "content": "x"}], '
         b'"response_format": {"type": "json_schema"}}', 422, "invalid_body", "json_schema"),
        (b'{"messages": [{"role": "user", "content": "x"}], '
         b'"response_format": {"type": "grammar"}}', 422, "invalid_body", "response_format"),
        (b'{"messages": [{"role": "user", "content": "' + b"x" * 3000 + b'"}]}', 413,
         "body_too_large", "larger than 2000 bytes"),
    ],
)  # fmt: skip
def test_bad_requests_get_typed_json_errors(
    chat: httpx.Client, body: bytes, status: int, reason: str, says: str
) -> None:
    response = chat.post("/v1/chat/completions", content=body,
                         headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    info = response.json()
    assert info["code"] == "invalid_input"
    assert info["details"]["reason"] == reason
    assert says in info["message"]
    assert info["hint"]


def test_a_failing_model_is_a_502_executor_error(
    chat: httpx.Client, backend: ScriptedBackend
) -> None:
    backend.fail = RuntimeError("out of memory on the device")
    response = chat.post("/v1/chat/completions", json=_ask())
    assert response.status_code == 502
    info = response.json()
    assert info["code"] == "executor_failed"
    assert "RuntimeError: out of memory on the device" in info["message"]
    assert "Traceback" not in response.text


def test_an_unknown_path_or_method_is_a_typed_404(chat: httpx.Client) -> None:
    for response in (chat.get("/v1/completions"), chat.get("/v1/chat/completions")):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_metrics_count_the_chat_routes(chat: httpx.Client) -> None:
    chat.post("/v1/chat/completions", json=_ask())
    text = chat.get("/metrics").text
    assert 'instrux_http_requests_total{endpoint="/v1/chat/completions",status="200"}' in text


def test_the_openapi_document_has_the_request_body(chat: httpx.Client) -> None:
    document = chat.get("/openapi.json").json()
    body = document["paths"]["/v1/chat/completions"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ChatRequest"
    }
    assert "messages" in document["components"]["schemas"]["ChatRequest"]["properties"]


def test_with_a_token_v1_needs_it_and_healthz_stays_open(backend: ScriptedBackend) -> None:
    config = ServeConfig(port=0, token=TOKEN)
    with running_server(create_chat_app(backend, config), config) as url:
        assert httpx.get(url + "/healthz").status_code == 200
        refused = httpx.post(url + "/v1/chat/completions", json=_ask())
        assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
        assert httpx.get(url + "/v1/models").status_code == 401
        keyed = httpx.post(url + "/v1/chat/completions", json=_ask(),
                           headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        assert keyed.status_code == 200
