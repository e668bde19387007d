"""The OpenAI-compatible backend against a real local server (instrux.serve.chat under uvicorn
on 127.0.0.1, serving the tiny onnxruntime-genai model)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from instrux import Engine, ExecutorError
from instrux.llm.genai import GenaiBackend
from instrux.llm.http import HttpBackend, HttpBackendError
from instrux.settings import Settings

pytest.importorskip("fastapi", reason="the server needs the 'server' extra")

from instrux.serve.chat import create_chat_app
from instrux.serve.config import ServeConfig
from instrux.serve.server import running_server

TOKEN = "s3cret"

SCHEMA = {
    "type": "object",
    "properties": {"verdict": {"type": "string", "enum": ["pass", "fail"]}},
    "required": ["verdict"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def local(tiny_genai: Path) -> GenaiBackend:
    return GenaiBackend.load(tiny_genai, device="cpu")


@pytest.fixture(scope="module")
def base_url(local: GenaiBackend) -> Iterator[str]:
    config = ServeConfig(port=0)
    with running_server(create_chat_app(local, config), config) as url:
        yield url + "/v1"


def test_generation_over_http_equals_the_local_backend(base_url: str, local: GenaiBackend) -> None:
    remote = HttpBackend(base_url, "tiny", None, timeout_s=30)
    over_http = remote.generate("Review: fine\nJSON:", max_new_tokens=16, json_schema=SCHEMA)
    direct = local.generate("Review: fine\nJSON:", max_new_tokens=16, json_schema=SCHEMA)
    assert over_http.text == direct.text
    assert json.loads(over_http.text)["verdict"] in ("pass", "fail")
    assert over_http.prompt_tokens == direct.prompt_tokens
    assert over_http.completion_tokens == direct.completion_tokens


def test_classify_through_the_openai_backend(base_url: str, tmp_path: Path) -> None:
    settings = Settings(llm_backend="openai", llm_base_url=base_url, cache_dir=tmp_path,
                        plugins=frozenset())  # fmt: skip
    engine = Engine(settings=settings, load_entry_points=False)
    result = engine.run("classify 'the battery died after a day' as positive or negative")
    assert result.value in ("positive", "negative")
    assert result.details["backend"] == "openai"
    assert result.details["mode"] == "constrained_choice"
    assert "label_scores" not in result.details  # a chat endpoint gives no scores: none are made up


def _post(url: str, body: bytes) -> urllib.error.HTTPError:
    """The error a POST of ``body`` gets (it must get one)."""
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    return err.value


def test_models_route_and_bad_requests(base_url: str) -> None:
    with urllib.request.urlopen(base_url + "/models", timeout=10) as response:
        assert json.loads(response.read()) == {
            "object": "list", "data": [{"id": "tiny-genai", "object": "model"}],
        }  # fmt: skip
    missing_messages = _post(base_url + "/chat/completions", b"{}")
    assert missing_messages.code == 422
    info = json.loads(missing_messages.read())
    assert info["code"] == "invalid_input" and info["details"]["reason"] == "invalid_body"
    assert "messages" in info["message"]
    not_json = _post(base_url + "/chat/completions", b"{not json")
    assert not_json.code == 400
    assert json.loads(not_json.read())["details"]["reason"] == "invalid_json"


def test_a_bad_request_gets_a_typed_json_error_not_a_traceback(base_url: str) -> None:
    body = {"messages": [{"role": "user", "content": "hi"}],
            "response_format": {"type": "json_schema", "json_schema": {"name": "x"}}}  # fmt: skip
    error = _post(base_url + "/chat/completions", json.dumps(body).encode())
    assert error.code == 422
    assert error.headers["Content-Type"] == "application/json"
    info = json.loads(error.read())
    assert set(info) >= {"code", "kind", "message", "hint", "details"}
    assert info["code"] == "invalid_input"
    assert "response_format.json_schema.schema" in info["message"]
    assert "Traceback" not in json.dumps(info)


def test_a_token_is_required_when_the_server_has_one(local: GenaiBackend) -> None:
    config = ServeConfig(port=0, token=TOKEN)
    with running_server(create_chat_app(local, config), config) as url:
        without = HttpBackend(url + "/v1", "tiny", None, timeout_s=30)
        with pytest.raises(HttpBackendError, match="answered 401"):
            without.generate("Review: fine", max_new_tokens=4)
        keyed = HttpBackend(url + "/v1", "tiny", TOKEN, timeout_s=30)
        assert keyed.generate("Review: fine", max_new_tokens=4).completion_tokens <= 4


def test_an_unreachable_endpoint_is_an_executor_error(tmp_path: Path) -> None:
    settings = Settings(llm_backend="openai", llm_base_url="http://127.0.0.1:9/v1",
                        cache_dir=tmp_path, plugins=frozenset(), llm_timeout_s=2)  # fmt: skip
    engine = Engine(settings=settings, load_entry_points=False)
    with pytest.raises(ExecutorError, match="cannot reach"):
        engine.run("classify 'ok' as good or bad")
