"""One ASGI middleware in front of every route: bearer token, body size and metrics.

A plain ASGI middleware (not Starlette's ``BaseHTTPMiddleware``, which adds a task and a
stream per request): it checks the token and the declared size before the app reads
anything, counts the bytes of bodies sent without a length, and times every request.
"""

from __future__ import annotations

import hmac
from time import perf_counter
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from instrux.schemas.errors import InstruxError
from instrux.serve.config import ServeConfig
from instrux.serve.errors import UnauthorizedError, as_info, body_too_large
from instrux.serve.metrics import Metrics, endpoint_label

__all__ = ["Guard"]

# Open without a token: liveness probes and the playground's static files (no data in them).
OPEN_PATHS = ("/healthz", "/", "/docs", "/openapi.json", "/favicon.ico")
OPEN_PREFIXES = ("/static/",)


class _TooLarge(Exception):
    """Raised from ``receive`` when a streamed body passes the limit."""


class Guard:
    def __init__(self, app: ASGIApp, *, config: ServeConfig, metrics: Metrics) -> None:
        self.app = app
        self.config = config
        self.metrics = metrics
        token = config.token.get_secret_value() if config.token is not None else None
        self._expected = f"Bearer {token}".encode() if token is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = perf_counter()
        status = [500]

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        self.metrics.in_flight.inc()
        try:
            await self._guarded(scope, receive, send_and_note)
        finally:
            self.metrics.in_flight.dec()
            self.metrics.observe(endpoint_label(scope["path"]), status[0], perf_counter() - start)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._authorized(scope):
            await _send_error(send, UnauthorizedError(), self.metrics)
            return
        declared = _content_length(scope)
        limit = self.config.max_body_bytes
        if declared is not None and declared > limit:
            await _send_error(send, body_too_large(limit), self.metrics)
            return
        overflow, refused = [False], [False]

        async def send_or_refuse(message: Message) -> None:
            # The app may catch the overflow as a body it could not parse (FastAPI answers
            # 400): whatever it answers then, the client gets the size error instead.
            if not overflow[0]:
                await send(message)
            elif message["type"] == "http.response.start":
                refused[0] = True
                await _send_error(send, body_too_large(limit), self.metrics)

        try:
            await self.app(scope, _limited(receive, limit, overflow), send_or_refuse)
        except _TooLarge:
            if not refused[0]:
                await _send_error(send, body_too_large(limit), self.metrics)

    def _authorized(self, scope: Scope) -> bool:
        if self._expected is None:
            return True
        path: str = scope["path"]
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            return True
        given = dict(scope["headers"]).get(b"authorization", b"")
        return hmac.compare_digest(given, self._expected)  # constant time: no timing oracle


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _limited(receive: Receive, limit: int, overflow: list[bool]) -> Receive:
    seen = 0

    async def receive_limited() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                overflow[0] = True
                raise _TooLarge
        return message

    return receive_limited


async def _send_error(send: Send, err: InstruxError, metrics: Metrics) -> None:
    status, info = as_info(err)
    metrics.errors.labels(code=info.code).inc()
    body = info.model_dump_json().encode()
    headers: list[Any] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
