"""The OpenAI-compatible backend against a real local server (instrux.llm.serve on 127.0.0.1,
serving the tiny onnxruntime-genai model)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from instrux import Engine, ExecutorError
from instrux.llm.genai import GenaiBackend
from instrux.llm.http import HttpBackend
from instrux.llm.serve import make_server, serve_in_thread
from instrux.settings import Settings

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
    server = make_server(local, "127.0.0.1", 0)
    serve_in_thread(server)
    host, port = server.server_address[:2]
    yield f"http://{host!s}:{port}/v1"
    server.shutdown()
    server.server_close()


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


def test_models_route_and_bad_requests(base_url: str) -> None:
    with urllib.request.urlopen(base_url + "/models", timeout=10) as response:
        assert json.loads(response.read())["data"][0]["id"] == "tiny-genai"
    request = urllib.request.Request(base_url + "/chat/completions", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code == 400


def test_an_unreachable_endpoint_is_an_executor_error(tmp_path: Path) -> None:
    settings = Settings(llm_backend="openai", llm_base_url="http://127.0.0.1:9/v1",
                        cache_dir=tmp_path, plugins=frozenset(), llm_timeout_s=2)  # fmt: skip
    engine = Engine(settings=settings, load_entry_points=False)
    with pytest.raises(ExecutorError, match="cannot reach"):
        engine.run("classify 'ok' as good or bad")
