"""An OpenAI-compatible HTTP endpoint as a backend (``INSTRUX_LLM_BACKEND=openai``).

It speaks ``POST {base_url}/chat/completions`` (one user message: the rendered prompt;
``temperature`` 0; a JSON schema as ``response_format``), which vLLM, llama.cpp's server,
Ollama and ``instrux llm serve`` (:mod:`instrux.serve.chat`) all accept. Chat endpoints
return no log-probabilities of given options, so label scoring becomes a *constrained
choice*: the endpoint must answer ``{"label": <one of the labels>}`` under a JSON schema, and
the result's details say so (``mode: constrained_choice``, no ``label_scores``).

Only the standard library is used (``urllib``); the key, when set, is sent as a bearer token.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from instrux.llm.backend import Generation, Scores
from instrux.schemas.errors import ConfigurationError

if TYPE_CHECKING:
    from instrux.settings import Settings

__all__ = ["HttpBackend", "HttpBackendError"]


class HttpBackendError(RuntimeError):
    """The endpoint failed or answered something that is not a chat completion."""


class HttpBackend:
    """A client of one OpenAI-compatible endpoint."""

    name = "openai"

    def __init__(self, base_url: str, model: str, api_key: str | None, timeout_s: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._api_key = api_key
        self._timeout_s = timeout_s

    @classmethod
    def from_settings(cls, settings: Settings) -> HttpBackend:
        if not settings.llm_base_url:
            raise ConfigurationError(
                "The openai backend needs an endpoint URL.",
                hint="Set INSTRUX_LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1).",
            )
        return cls(settings.llm_base_url, settings.llm_api_model, settings.llm_api_key,
                   settings.llm_timeout_s)  # fmt: skip

    def score(self, prefix: str, item: str, options: Sequence[str]) -> Scores:
        labels = [option.strip() for option in options]
        schema = {
            "type": "object",
            "properties": {"label": {"type": "string", "enum": labels}},
            "required": ["label"],
            "additionalProperties": False,
        }
        generation = self.generate(prefix + item, max_new_tokens=32, json_schema=schema)
        try:
            chosen = labels.index(json.loads(generation.text)["label"])
        except (ValueError, KeyError, TypeError) as err:  # JSONDecodeError is a ValueError
            picked = generation.text[:200]
            raise HttpBackendError(f"the endpoint did not pick a label: {picked!r}") from err
        logprobs = [0.0 if i == chosen else float("-inf") for i in range(len(labels))]
        return Scores(logprobs, generation.prompt_tokens, 0, generation.completion_tokens,
                      exact=False)  # fmt: skip

    def generate(
        self,
        prompt: str,
        *,
        max_new_tokens: int,
        json_schema: dict[str, Any] | None = None,
        deadline: float | None = None,
    ) -> Generation:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "user", "content": prompt}],
            "max_tokens": max_new_tokens,
            "temperature": 0,
        }
        if json_schema is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "output", "schema": json_schema, "strict": True},
            }
        answer = self._post("/chat/completions", body, deadline)
        return _generation(answer)

    def _post(self, path: str, body: dict[str, Any], deadline: float | None) -> dict[str, Any]:
        timeout = self._timeout_s
        if deadline is not None:
            timeout = max(0.1, min(timeout, deadline - time.monotonic()))
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(self.base_url + path, data=json.dumps(body).encode(),
                                         headers=headers, method="POST")  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                data: dict[str, Any] = json.loads(response.read())
        except urllib.error.HTTPError as err:
            detail = err.read()[:300].decode("utf-8", "replace")
            raise HttpBackendError(f"{self.base_url}{path} answered {err.code}: {detail}") from err
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise HttpBackendError(f"cannot reach {self.base_url}{path}: {err}") from err
        return data


def _generation(answer: dict[str, Any]) -> Generation:
    try:
        choice = answer["choices"][0]
        text = choice["message"]["content"] or ""
        usage = answer.get("usage") or {}
    except (KeyError, IndexError, TypeError) as err:
        raise HttpBackendError(f"not a chat completion: {str(answer)[:200]}") from err
    stopped = "budget" if choice.get("finish_reason") == "length" else "eos"
    return Generation(text, int(usage.get("prompt_tokens", 0)),
                      int(usage.get("completion_tokens", 0)), stopped)  # fmt: skip
