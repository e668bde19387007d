"""The HTTP service: a FastAPI app over one :class:`~instrux.Engine`.

Bodies are the engine's pydantic schemas; every error is an :class:`~instrux.ErrorInfo` with
the status :func:`instrux.serve.errors.http_status` gives. The engine runs in a bounded thread
pool (its executors may block: ONNX Runtime, a remote LLM), so the event loop only parses,
waits and writes. Results are written with pydantic's own JSON serialiser and returned as
they are: FastAPI's response validation would check each result a second time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import lru_cache, partial
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, TypeAdapter
from starlette.exceptions import HTTPException as StarletteHTTPException

from instrux.schemas.call import Call, ExecuteRequest, Result
from instrux.schemas.errors import (
    ErrorInfo,
    InstructionRunError,
    InstruxError,
    InvalidInputError,
)
from instrux.schemas.listing import InstructionInfo, PluginInfo
from instrux.schemas.plan import Plan, PlanResult
from instrux.serve.calls import execute_strictly, parse_or_plan
from instrux.serve.config import ServeConfig
from instrux.serve.docs import docs_assets, install_offline_docs
from instrux.serve.errors import (
    NotFoundError,
    RequestTimeoutError,
    as_info,
    batch_too_large,
    error_responses,
    http_hint,
)
from instrux.serve.guard import Guard
from instrux.serve.metrics import Metrics
from instrux.serve.models import (
    Health,
    RunManyItem,
    RunManyRequest,
    RunManyResponse,
    TextRequest,
    read_body,
)
from instrux.serve.openapi import Limits, install_typed_openapi
from instrux.serve.values import json_safe

if TYPE_CHECKING:
    from instrux.engine import Engine

__all__ = [
    "STATIC_DIR",
    "Service",
    "add_error_handlers",
    "add_metrics_route",
    "call_in_pool",
    "create_app",
    "error_response",
    "json_response",
]

log = logging.getLogger("instrux.serve")
T = TypeVar("T")
STATIC_DIR = Path(str(files("instrux.serve") / "static"))
# Routes under /v1 answer with these bodies on an error (documented in the OpenAPI document).
ERROR_RESPONSES = error_responses(
    {
        400: "Malformed JSON.",
        401: "Missing or wrong bearer token.",
        404: "Unknown instruction or path.",
        409: "Ambiguous instruction.",
        413: "Body, text or batch too large.",
        422: "Invalid input, no match, invalid arguments or declined.",
        500: "A plugin or the server failed.",
        502: "The executor failed.",
        504: "The request took longer than the server's limit.",
    }
)


def json_response(model: BaseModel, status: int = 200) -> Response:
    return Response(model.model_dump_json(), status_code=status, media_type="application/json")


def error_response(err: InstruxError, metrics: Metrics | None = None) -> Response:
    status, info = as_info(err)
    if metrics is not None:
        metrics.errors.labels(code=info.code).inc()
    response = json_response(info, status)
    retry_after = info.details.get("retry_after_s")
    if status == 503 and isinstance(retry_after, int | float):
        response.headers["Retry-After"] = str(max(1, round(retry_after)))
    return response


class Service:
    """The engine behind the routes: runs each call in the pool, within the time limit."""

    def __init__(self, engine: Engine, config: ServeConfig, metrics: Metrics) -> None:
        self.engine = engine
        self.config = config
        self.metrics = metrics
        self.pool = ThreadPoolExecutor(config.threads, thread_name_prefix="instrux-serve")
        # An engine is read-only once built, so its listings never change: each is rendered
        # once (building one means a JSON schema per instruction: ~40 ms for the built-ins).
        self.listing = lru_cache(maxsize=256)(self._listing)
        self.described = lru_cache(maxsize=256)(self._described)
        self.plugins_json = TypeAdapter(list[PluginInfo]).dump_json(engine.plugins())
        self.listing(None, None, None)  # the playground's first request
        self.instruction_count = len(engine.registry.instructions())

    def _listing(self, plugin: str | None, tag: str | None, prefix: str | None) -> bytes:
        found = self.engine.instructions(plugin=plugin, tag=tag, prefix=prefix)
        return TypeAdapter(list[InstructionInfo]).dump_json(found)

    def _described(self, name: str) -> bytes:
        return self.engine.instruction(name).model_dump_json().encode()

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in the pool, within the time limit (see :func:`call_in_pool`)."""
        return await call_in_pool(self.pool, self.config.timeout_s, function, *args)

    def run_many(self, texts: list[str]) -> RunManyResponse:
        outcomes = self.engine.run_many(texts, return_exceptions=True)
        return RunManyResponse(results=[_item(outcome) for outcome in outcomes])

    def run_plan(self, body: bytes) -> PlanResult:
        """A plan read from JSON, checked against the registry, then run (its steps with the
        engine's own limits: ``InvalidPlanError``, ``PlanTimeoutError``)."""
        return self.engine.run_plan(self.engine.load_plan(body))

    def warm_up(self) -> None:
        """Route one text through every tier, so lazy tiers load before the first request."""
        # return_exceptions: a no-match is the expected outcome; a broken tier is reported
        # per request, by name, like any plugin failure.
        self.engine.run_many(["instrux server warm-up: no instruction says this"],
                             return_exceptions=True)  # fmt: skip


async def call_in_pool(
    pool: Executor, timeout_s: float, function: Callable[..., T], *args: Any
) -> T:
    """``function(*args)`` in ``pool``, off the event loop; abandoned (504) after ``timeout_s``.

    A call still queued when its time is up is cancelled and never runs. A thread cannot be
    killed, but the language-model calls it makes run in worker processes that are killed
    at the same deadline (:func:`instrux.llm.worker.time_limit`), so the thread returns; other
    work of a timed-out call finishes in the background and its result is dropped.
    """
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout_s):
            return await loop.run_in_executor(pool, partial(_within, timeout_s, function, *args))
    except TimeoutError:
        raise RequestTimeoutError(timeout_s) from None


def _within(timeout_s: float, function: Callable[..., T], *args: Any) -> T:
    # Language-model calls of the request end with it: their worker process is killed at
    # the deadline (instrux.llm.worker), so abandoned work does not hold the pool.
    from instrux.llm.worker import time_limit

    with time_limit(timeout_s):
        return function(*args)


def _item(outcome: Result | InstructionRunError) -> RunManyItem:
    if isinstance(outcome, Result):
        return RunManyItem(result=json_safe(outcome))
    return RunManyItem(error=http_hint(outcome.to_info()))


def create_app(engine: Engine | None = None, config: ServeConfig | None = None) -> FastAPI:
    """The app: ``/v1`` API, ``/healthz``, ``/metrics``, OpenAPI docs and the playground.

    :param engine: the engine to serve; by default ``Engine()`` (settings from ``INSTRUX_*``).
    """
    if engine is None:
        from instrux.engine import Engine

        engine = Engine()
    config = config or ServeConfig()
    metrics = Metrics()
    service = Service(engine, config, metrics)
    if config.warmup:
        service.warm_up()
    assets = docs_assets()
    offline = {"docs_url": None, "redoc_url": None} if assets is not None else {}
    app = FastAPI(
        title="instrux",
        version=_version(),
        description="Execute natural-language instructions over HTTP. Bodies are the "
        "engine's schemas; errors are ErrorInfo with a status mapped from their code.",
        **offline,  # type: ignore[arg-type]
    )
    app.state.service = service
    if assets is not None:
        install_offline_docs(app, assets)
    add_error_handlers(app, metrics)
    _add_api_routes(app, service)
    _add_site_routes(app, service)
    install_typed_openapi(app, engine, _limits(engine, config))
    app.add_middleware(Guard, config=config, metrics=metrics)
    if config.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


def _ok(model: Any) -> dict[int | str, dict[str, Any]]:
    """The documented responses of a route: ``model`` on success, ErrorInfo otherwise."""
    return {200: {"model": model, "description": "OK"}, **ERROR_RESPONSES}


def _add_api_routes(app: FastAPI, service: Service) -> None:
    engine, call = service.engine, service.call
    # These return ready Responses (written by pydantic, not validated a second time).
    post = partial(app.post, response_model=None, tags=["run"])

    @post("/v1/run", summary="Parse and execute one instruction", responses=_ok(Result))
    async def run(request: Request) -> Response:
        text = read_body(await request.body(), TextRequest).text
        return json_response(json_safe(await call(engine.run, text)))

    @post("/v1/parse", summary="Route one instruction to a typed call, or a text of several "
          "to its plan (no execution)", responses=_ok(Call | Plan))  # fmt: skip
    async def parse(request: Request) -> Response:
        text = read_body(await request.body(), TextRequest).text
        return json_response(await call(parse_or_plan, engine, text))

    @post("/v1/execute", summary="Execute an instruction name with JSON arguments (strict "
          "types)", responses=_ok(Result))  # fmt: skip
    async def execute(request: Request) -> Response:
        body = read_body(await request.body(), ExecuteRequest)
        return json_response(json_safe(await call(execute_strictly, engine, body)))

    @post("/v1/plan", summary="The plan of a text (one step or several), not run",
          responses=_ok(Plan))  # fmt: skip
    async def plan(request: Request) -> Response:
        text = read_body(await request.body(), TextRequest).text
        return json_response(await call(engine.plan, text))

    @post("/v1/run_plan", summary="Run a plan (from /v1/plan, or written by hand)",
          responses=_ok(PlanResult))  # fmt: skip
    async def run_plan(request: Request) -> Response:
        return json_response(json_safe(await call(service.run_plan, await request.body())))

    @post("/v1/run_many", summary="Run many instructions as one batch; one outcome each",
          responses=_ok(RunManyResponse))  # fmt: skip
    async def run_many(request: Request) -> Response:
        body = read_body(await request.body(), RunManyRequest)
        if len(body.texts) > service.config.max_batch:
            raise batch_too_large(len(body.texts), service.config.max_batch)
        return json_response(await call(service.run_many, body.texts))

    get = partial(app.get, response_model=None, tags=["describe"])

    @get("/v1/instructions", summary="Registered instructions, with their schemas",
         responses=_ok(list[InstructionInfo]))  # fmt: skip
    async def instructions(
        plugin: str | None = Query(None), tag: str | None = Query(None),
        prefix: str | None = Query(None),
    ) -> Response:  # fmt: skip
        # In the pool: a listing not rendered yet takes tens of milliseconds.
        return _json_bytes(await call(service.listing, plugin, tag, prefix))

    @get("/v1/instructions/{name}", summary="One instruction", responses=_ok(InstructionInfo))
    async def instruction(name: str) -> Response:
        return _json_bytes(await call(service.described, name))

    @get("/v1/plugins", summary="Plugins: loaded, disabled or failed",
         responses=_ok(list[PluginInfo]))  # fmt: skip
    async def plugins() -> Response:
        return _json_bytes(service.plugins_json)


def _json_bytes(body: bytes) -> Response:
    return Response(body, media_type="application/json")


def _add_site_routes(app: FastAPI, service: Service) -> None:
    @app.get("/healthz", tags=["operate"], summary="Liveness: the engine is built")
    async def healthz() -> Health:
        return Health(status="ok", instructions=service.instruction_count, version=_version())

    add_metrics_route(app, service.metrics)

    @app.get("/", include_in_schema=False)
    async def playground() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def add_metrics_route(app: FastAPI, counted: Metrics) -> None:
    """``GET /metrics``: the app's Prometheus metrics (those its Guard counts)."""

    # The function's name is the route's OpenAPI operationId (metrics_metrics_get).
    @app.get("/metrics", tags=["operate"], summary="Prometheus metrics (text format)",
             response_class=Response)  # fmt: skip
    async def metrics() -> Response:
        body, content_type = counted.render()
        return Response(body, media_type=content_type)


def add_error_handlers(app: FastAPI, metrics: Metrics) -> None:
    """Every error an ErrorInfo body: instrux errors, bad parameters, unknown paths, bugs."""

    async def instrux_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, InstruxError)
        return error_response(exc, metrics)

    async def invalid_body(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(_body_error(exc), metrics)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code in (404, 405):
            return error_response(NotFoundError(request.method, request.url.path), metrics)
        info = ErrorInfo(code="http_error", kind="run", message=str(exc.detail), hint="")
        return json_response(info, exc.status_code)

    async def bug(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        info = ErrorInfo(
            code="internal_error", kind="run", message=f"The server failed: {type(exc).__name__}.",
            hint="This is a bug in instrux or a plugin; the server log has the traceback.",
        )  # fmt: skip
        metrics.errors.labels(code=info.code).inc()
        return json_response(info, 500)

    app.add_exception_handler(InstruxError, instrux_error)
    app.add_exception_handler(RequestValidationError, invalid_body)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, bug)


def _body_error(exc: RequestValidationError) -> InvalidInputError:
    """A query or path parameter FastAPI could not validate (bodies are read by read_body)."""
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "request"
    return InvalidInputError(
        f"The request is not valid: {where}: {first.get('msg', '')}.",
        hint="See /docs (or /openapi.json) for the parameters of this endpoint.",
        reason="invalid_request",
    )


def _limits(engine: Engine, config: ServeConfig) -> Limits:
    from instrux.parsing.numbers import MAX_NUMBER_DIGITS

    return Limits(
        max_text_length=engine.max_text_length, max_batch=config.max_batch,
        max_body_bytes=config.max_body_bytes, max_number_digits=MAX_NUMBER_DIGITS,
    )  # fmt: skip


def _version() -> str:
    from instrux import __version__

    return __version__
