"""An OpenAI-compatible endpoint over one local language model (``instrux llm serve``).

``POST /v1/chat/completions`` and ``GET /v1/models``, shaped as vLLM, llama.cpp's server and
Ollama shape them, so :class:`~instrux.llm.http.HttpBackend` (or any OpenAI client) can share
one model loaded in one process. The prompt is the text of the user messages joined by
newlines, used as is: the same text the local backends get. A ``response_format`` of type
``json_schema`` constrains the output to its schema; ``text`` and ``json_object`` do not
constrain it.

The app is put together like :func:`instrux.serve.app.create_app`'s: the same
:class:`~instrux.serve.guard.Guard` (bearer token, body limit, metrics), the same error bodies
(:class:`~instrux.ErrorInfo`, statuses from :func:`instrux.serve.errors.http_status`), bodies
read by :func:`~instrux.serve.models.read_body`. The model runs on one worker thread, never on
the event loop: requests are answered one at a time, in arrival order (a local model computes
one sequence at a time anyway), and a request over the time limit is a 504 whose generation
stops at the same deadline, so the thread is free for the next one.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from instrux.llm.backend import Backend, Generation
from instrux.schemas.errors import ExecutorError, InstruxError, InvalidInputError
from instrux.serve.app import add_error_handlers, add_metrics_route, call_in_pool, json_response
from instrux.serve.config import ServeConfig
from instrux.serve.errors import RequestTimeoutError, error_responses
from instrux.serve.guard import Guard
from instrux.serve.metrics import Metrics
from instrux.serve.models import read_body
from instrux.serve.openapi import install_openapi

__all__ = [
    "ChatCompletion",
    "ChatRequest",
    "ChatService",
    "ModelList",
    "create_chat_app",
]

COMPLETIONS = "/v1/chat/completions"
DEFAULT_MAX_TOKENS = 128
PLUGIN = "instrux.llm"  # the plugin whose backends this serves (named in executor errors)
ERROR_RESPONSES = error_responses(
    {
        400: "Malformed JSON.",
        401: "Missing or wrong bearer token.",
        404: "No such path.",
        413: "Body too large.",
        422: "Not a chat completion request this server answers (reason invalid_body).",
        502: "The model failed (executor_failed).",
        504: "The request took longer than the server's limit (waiting included).",
    }
)


class ChatMessage(BaseModel):
    role: str = Field(description="'user' messages make the prompt; the others are ignored.")
    content: str | None = None


class JsonSchemaFormat(BaseModel):
    name: str = "output"
    schema_: dict[str, Any] = Field(alias="schema", description="The output's JSON schema.")
    strict: bool | None = None


class ResponseFormat(BaseModel):
    type: Literal["text", "json_object", "json_schema"]
    json_schema: JsonSchemaFormat | None = None

    @model_validator(mode="after")
    def _schema_given(self) -> ResponseFormat:
        if self.type == "json_schema" and self.json_schema is None:
            raise ValueError("type 'json_schema' needs a json_schema object with a schema")
        return self


class ChatRequest(BaseModel):
    """A chat completion request. Fields this server has no use for (``temperature``: it is
    always greedy; ``top_p``, ``seed``, ...) are accepted and ignored."""

    model_config = ConfigDict(extra="ignore")

    model: str | None = Field(default=None, description="Ignored: the server has one model.")
    messages: list[ChatMessage] = Field(min_length=1)
    max_tokens: int | None = Field(
        default=None, ge=0, description=f"Most new tokens (0 or null: {DEFAULT_MAX_TOKENS})."
    )
    response_format: ResponseFormat | None = None
    stream: bool = Field(default=False, description="Streaming is not supported: false only.")

    @field_validator("stream")
    @classmethod
    def _not_streamed(cls, stream: bool) -> bool:
        if stream:
            raise ValueError("this server does not stream; send stream: false")
        return stream

    def prompt(self) -> str:
        """The user messages' text, joined by newlines (a clear error when there is none)."""
        texts = [message.content or "" for message in self.messages if message.role == "user"]
        if not texts:
            raise InvalidInputError(
                "The request has no message with role 'user'.",
                hint='Send the prompt as {"role": "user", "content": "..."}.',
                reason="invalid_body",
            )
        return "\n".join(texts)

    def output_schema(self) -> dict[str, Any] | None:
        """The JSON schema that constrains the output, if the response format gives one."""
        if self.response_format is None or self.response_format.json_schema is None:
            return None
        if self.response_format.type != "json_schema":
            return None
        return self.response_format.json_schema.schema_


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class ChatChoice(BaseModel):
    index: int
    message: AssistantMessage
    finish_reason: Literal["stop", "length"] = Field(
        description="'length': the token budget ran out; 'stop': the model ended the text."
    )


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int = Field(description="Unix time, seconds.")
    model: str
    choices: list[ChatChoice]
    usage: Usage


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class ChatHealth(BaseModel):
    status: str = Field(description="'ok' once the model is loaded.")
    model: str
    version: str


class ChatService:
    """One backend behind the routes, on one worker thread: one generation at a time."""

    def __init__(self, backend: Backend, config: ServeConfig) -> None:
        self.backend = backend
        self.config = config
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="instrux-llm")

    async def complete(self, request: ChatRequest) -> ChatCompletion:
        # The deadline counts from arrival, as the 504 does: a generation whose request was
        # abandoned stops there instead of holding the only thread.
        deadline = time.monotonic() + self.config.timeout_s
        generation = await call_in_pool(
            self.pool, self.config.timeout_s, self.generate, request, deadline
        )
        if generation.stopped == "deadline":
            raise RequestTimeoutError(self.config.timeout_s)
        return completion(self.backend.model, generation)

    def generate(self, request: ChatRequest, deadline: float) -> Generation:
        """The backend's generation for ``request`` (on the worker thread)."""
        prompt, schema = request.prompt(), request.output_schema()
        try:
            return self.backend.generate(
                prompt, max_new_tokens=request.max_tokens or DEFAULT_MAX_TOKENS,
                json_schema=schema, deadline=deadline,
            )  # fmt: skip
        except InstruxError:
            raise
        except Exception as err:  # the runtimes raise plain RuntimeErrors and ValueErrors
            raise ExecutorError(self.backend.model, PLUGIN, f"{type(err).__name__}: {err}") from err


def completion(model: str, generation: Generation) -> ChatCompletion:
    """One generation as the OpenAI API shapes a chat completion."""
    prompt, completed = generation.prompt_tokens, generation.completion_tokens
    return ChatCompletion(
        id=f"chatcmpl-{time.monotonic_ns()}",
        created=int(time.time()),
        model=model,
        choices=[ChatChoice(
            index=0,
            message=AssistantMessage(content=generation.text),
            finish_reason="length" if generation.stopped == "budget" else "stop",
        )],
        usage=Usage(prompt_tokens=prompt, completion_tokens=completed,
                    total_tokens=prompt + completed),
    )  # fmt: skip


def create_chat_app(backend: Backend, config: ServeConfig | None = None) -> FastAPI:
    """The app: ``/v1/chat/completions``, ``/v1/models``, ``/healthz``, ``/metrics``, ``/docs``.

    :param config: host, port, token, body and time limits (``threads``, ``workers``,
        ``max_batch`` and ``warmup`` do not apply: one model, one thread).
    """
    from instrux import __version__

    config = config or ServeConfig()
    metrics = Metrics()
    service = ChatService(backend, config)
    app = FastAPI(
        title="instrux llm",
        version=__version__,
        description="An OpenAI-compatible chat endpoint over one local language model. "
        "Errors are ErrorInfo with a status mapped from their code.",
    )
    app.state.service = service
    add_error_handlers(app, metrics)
    _add_routes(app, service)
    add_metrics_route(app, metrics)
    install_openapi(app, {COMPLETIONS: ChatRequest})
    app.add_middleware(Guard, config=config, metrics=metrics)
    return app


def _add_routes(app: FastAPI, service: ChatService) -> None:
    model = service.backend.model

    @app.post(COMPLETIONS, response_model=None, tags=["llm"],
              summary="Generate a reply to the user messages (greedy; optional JSON schema)",
              responses={200: {"model": ChatCompletion, "description": "OK"},
                         **ERROR_RESPONSES})  # fmt: skip
    async def chat_completions(request: Request) -> Response:
        body = read_body(await request.body(), ChatRequest)
        return json_response(await service.complete(body))

    @app.get("/v1/models", response_model=None, tags=["llm"], summary="The served model",
             responses={200: {"model": ModelList, "description": "OK"},
                        **ERROR_RESPONSES})  # fmt: skip
    async def models() -> Response:
        return json_response(ModelList(data=[ModelCard(id=model)]))

    @app.get("/healthz", tags=["operate"], summary="Liveness: the model is loaded")
    async def healthz() -> ChatHealth:
        return ChatHealth(status="ok", model=model, version=app.version)
