"""instrux on Ray Serve: replicas that batch concurrent requests into ``Engine.run_many``.

``instrux serve --ray --replicas N`` runs :func:`serve_with_ray`; code can deploy
:func:`build_app` itself (``serve.run(build_app(config, settings, replicas=2))``).

Each replica builds its own engine. ``POST /v1/run`` requests that arrive together are
gathered by ``@serve.batch`` (up to ``max_batch_size``, waiting at most
``batch_wait_timeout_s`` for more) and routed and executed as one ``run_many`` call, so the
semantic tier embeds them in one encoder call. Bodies, errors and statuses are those of the
FastAPI service (same models, same status table); the deployment serves ``/v1/run``,
``/v1/run_many``, ``/v1/parse``, ``/v1/execute``, ``/v1/plan``, ``/v1/run_plan``,
``/v1/instructions`` and ``/healthz``, and answers other paths with a ``not_found`` error
that names the full service. Only ``/v1/run`` is batched; the others run one request each
in a thread, under the same per-request time limit.

Facts this module is written around (ray[serve] 2.60.0): ``max_ongoing_requests`` defaults to
5 and silently caps a batch, so it is raised above the batch size; ``_local_testing_mode``
does not support ``@serve.batch``; Ray picks the machine's interface address as its node IP
even when told 127.0.0.1 unless ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` is in effect
(:func:`start_ray` applies it to the driver and passes it to Ray's workers).
No ``from __future__ import annotations`` here: Ray Serve reads the annotations at run time.
"""

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from instrux.schemas.call import ExecuteRequest, Result
from instrux.schemas.errors import InstructionRunError, InstruxError
from instrux.serve.calls import execute_strictly, parse_or_plan
from instrux.serve.config import LOOPBACK, ServeConfig
from instrux.serve.errors import (
    INTERNAL_ERROR,
    NotFoundError,
    RequestTimeoutError,
    as_info,
    batch_too_large,
    body_too_large,
    http_hint,
)
from instrux.serve.guard import RequestCheck
from instrux.serve.models import (
    RunManyItem,
    RunManyRequest,
    RunManyResponse,
    TextRequest,
    read_body,
)
from instrux.serve.values import json_safe
from instrux.settings import Settings

__all__ = ["DEPLOYMENT", "build_app", "loopback_environment", "serve_with_ray", "start_ray"]

log = logging.getLogger("instrux.serve.ray")
WORKER_NICENESS = 0
DEPLOYMENT = "instrux"
SERVED = (
    "/v1/run", "/v1/run_many", "/v1/parse", "/v1/execute", "/v1/plan", "/v1/run_plan",
    "/v1/instructions", "/healthz",
)  # fmt: skip


def loopback_environment() -> dict[str, str]:
    """Variables that keep a local Ray cluster on 127.0.0.1 (set before importing ray)."""
    return {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_USAGE_STATS_ENABLED": "0"}


def start_ray(config: ServeConfig, *, num_cpus: int | None = None) -> None:
    """A local Ray cluster on loopback and Serve's HTTP proxy on ``config.host:config.port``."""
    import ray
    from ray import serve

    if not ray.is_initialized():
        _keep_ray_on_loopback()
        ray.init(
            num_cpus=num_cpus, include_dashboard=False, log_to_driver=False,
            _node_ip_address=LOOPBACK, configure_logging=False,
            runtime_env={"env_vars": loopback_environment()},
            # Ray starts its workers (the replicas) at nice 15: on a shared machine every other
            # process then runs first. The replicas are the server: normal priority.
            _system_config={"worker_niceness": WORKER_NICENESS},
        )  # fmt: skip
    serve.start(http_options={"host": config.host, "port": config.port})


def _keep_ray_on_loopback() -> None:
    """What ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` does, for this process's Ray.

    Ray reads the variable once, at import, into this constant, and looks the constant up
    each time it picks the node's address: without it the node registers the machine's
    interface address even when given 127.0.0.1. Worker processes get the variable itself.
    """
    from ray._private import ray_constants

    ray_constants.ENABLE_RAY_CLUSTER = False


def build_app(
    config: ServeConfig,
    settings: Settings | None = None,
    *,
    replicas: int = 1,
    max_batch_size: int = 32,
    batch_wait_timeout_s: float = 0.002,
) -> Any:
    """The Ray Serve application (``serve.run(app, route_prefix="/")`` deploys it)."""
    from ray import serve

    deployment = serve.deployment(
        name=DEPLOYMENT,
        num_replicas=replicas,
        # The default (5) would cap every batch at 5 requests without a word.
        max_ongoing_requests=max(4 * max_batch_size, 64),
        # Engines use one ONNX Runtime thread each; do not let Ray's CPU accounting refuse a
        # second replica on a two-core machine.
        ray_actor_options={"num_cpus": 0},
    )(_replica_class(max_batch_size, batch_wait_timeout_s))
    return deployment.bind(config, settings)


def serve_with_ray(config: ServeConfig, settings: Settings | None, *, replicas: int) -> None:
    """Deploy and serve until interrupted (``instrux serve --ray``)."""
    from ray import serve

    start_ray(config)
    serve.run(build_app(config, settings, replicas=replicas), name=DEPLOYMENT, route_prefix="/")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        serve.shutdown()  # type: ignore[no-untyped-call]


def _replica_class(max_batch_size: int, batch_wait_timeout_s: float) -> type:
    from ray import serve
    from starlette.requests import Request
    from starlette.responses import Response

    class InstruxReplica:
        """One engine; ``/v1/run`` requests are batched into ``run_many``."""

        def __init__(self, config: ServeConfig, settings: Settings | None) -> None:
            from instrux.engine import Engine

            self.engine = Engine(settings=settings)
            self.config = config
            self.check = RequestCheck(config)
            if config.warmup:
                self.engine.run_many(["instrux warm-up"], return_exceptions=True)
            # Read-only once built: the listing is rendered once (a JSON schema each).
            infos = self.engine.instructions()
            self.listing = _json([info.model_dump(mode="json") for info in infos])
            self.health = _json({"status": "ok", "instructions": len(infos), "replica": True})
            # Paths answered one request at a time: the body in, the JSON model out.
            self.single: dict[str, Callable[[bytes], BaseModel]] = {
                "/v1/parse": lambda body: parse_or_plan(
                    self.engine, read_body(body, TextRequest).text
                ),
                "/v1/execute": lambda body: json_safe(
                    execute_strictly(self.engine, read_body(body, ExecuteRequest))
                ),
                "/v1/plan": lambda body: self.engine.plan(read_body(body, TextRequest).text),
                "/v1/run_plan": lambda body: json_safe(
                    self.engine.run_plan(self.engine.load_plan(body))
                ),
            }

        @serve.batch(max_batch_size=max_batch_size, batch_wait_timeout_s=batch_wait_timeout_s)
        async def run_batch(self, texts: list[str]) -> list[tuple[int, bytes]]:
            outcomes = await asyncio.to_thread(self.engine.run_many, texts, return_exceptions=True)
            return [_encoded(outcome) for outcome in outcomes]

        async def __call__(self, request: Request) -> Response:
            try:
                status, body = await self._answer(request)
            except InstruxError as err:
                status, info = as_info(err)
                body = info.model_dump_json().encode()
            except Exception:  # a bug: an ErrorInfo body like the FastAPI app's, not text
                log.exception("unexpected error on %s %s", request.method, request.url.path)
                status, body = 500, INTERNAL_ERROR.model_dump_json().encode()
            return Response(body, status_code=status, media_type="application/json")

        async def _answer(self, request: Request) -> tuple[int, bytes]:
            path, method = request.url.path, request.method
            headers = {name.lower(): value for name, value in request.headers.raw}
            refusal = self.check.refusal(method, path, headers)
            if refusal is not None:
                raise refusal
            if method == "POST" and path == "/v1/run":
                text = read_body(await self._body(request), TextRequest).text
                try:
                    async with asyncio.timeout(self.config.timeout_s):
                        return await self.run_batch(text)
                except TimeoutError:
                    raise RequestTimeoutError(self.config.timeout_s) from None
            if method == "POST" and path == "/v1/run_many":
                return await self._run_many(read_body(await self._body(request), RunManyRequest))
            if method == "POST" and path in self.single:
                answer = self.single[path]
                return 200, await self._in_thread(answer, await self._body(request))
            if method == "GET" and path == "/v1/instructions":
                return 200, self.listing
            if method == "GET" and path == "/healthz":
                return 200, self.health
            raise _not_served(method, path)

        async def _body(self, request: Request) -> bytes:
            body = await request.body()
            if len(body) > self.config.max_body_bytes:
                raise body_too_large(self.config.max_body_bytes)
            return body

        async def _in_thread(self, answer: Callable[[bytes], BaseModel], body: bytes) -> bytes:
            try:
                async with asyncio.timeout(self.config.timeout_s):
                    model = await asyncio.to_thread(answer, body)
            except TimeoutError:
                raise RequestTimeoutError(self.config.timeout_s) from None
            return model.model_dump_json().encode()

        async def _run_many(self, batch: RunManyRequest) -> tuple[int, bytes]:
            if len(batch.texts) > self.config.max_batch:
                raise batch_too_large(len(batch.texts), self.config.max_batch)
            outcomes = await asyncio.to_thread(
                self.engine.run_many, batch.texts, return_exceptions=True
            )
            items = [_item(outcome) for outcome in outcomes]
            return 200, RunManyResponse(results=items).model_dump_json().encode()

    return InstruxReplica


def _encoded(outcome: Result | InstructionRunError) -> tuple[int, bytes]:
    if isinstance(outcome, Result):
        return 200, json_safe(outcome).model_dump_json().encode()
    status, info = as_info(outcome)
    return status, info.model_dump_json().encode()


def _item(outcome: Result | InstructionRunError) -> RunManyItem:
    if isinstance(outcome, Result):
        return RunManyItem(result=json_safe(outcome))
    return RunManyItem(error=http_hint(outcome.to_info()))


def _json(data: Any) -> bytes:
    import json

    return json.dumps(data).encode()


def _not_served(method: str, path: str) -> InstruxError:
    err = NotFoundError(method, path)
    err.hint = (
        f"The Ray deployment serves {', '.join(SERVED)}; run `instrux serve` without --ray "
        "for the full API (plugins, metrics, instruction details, playground)."
    )
    return err
