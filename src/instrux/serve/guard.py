"""One ASGI middleware in front of every route: Host header, bearer token, content type,
body size and metrics.

A plain ASGI middleware (not Starlette's ``BaseHTTPMiddleware``, which adds a task and a
stream per request): it checks the Host header (DNS rebinding), the token (scheme
case-insensitive, RFC 9110), the content type of bodies (JSON only: a ``text/plain`` POST from
another origin needs no CORS preflight, so it must not run) and the declared size before the
app reads anything, counts the bytes of bodies sent without a length, and times every request.
"""

from __future__ import annotations

import hmac
from time import perf_counter
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from instrux.schemas.errors import InstruxError
from instrux.serve.config import ServeConfig
from instrux.serve.errors import (
    UnauthorizedError,
    as_info,
    body_too_large,
    host_not_allowed,
    not_json,
)
from instrux.serve.metrics import Metrics, endpoint_label

__all__ = ["Guard", "RequestCheck"]

# Open without a token: liveness probes and the playground's static files (no data in them).
OPEN_PATHS = ("/healthz", "/", "/docs", "/redoc", "/openapi.json", "/favicon.ico")
OPEN_PREFIXES = ("/static/",)


class _TooLarge(Exception):
    """Raised from ``receive`` when a streamed body passes the limit."""


class Guard:
    def __init__(self, app: ASGIApp, *, config: ServeConfig, metrics: Metrics) -> None:
        self.app = app
        self.config = config
        self.metrics = metrics
        self.check = RequestCheck(config)

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
        refusal = self.check.refusal(scope["method"], scope["path"], dict(scope["headers"]))
        if refusal is not None:
            await _send_error(send, refusal, self.metrics)
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


class RequestCheck:
    """What a request must have before anything reads it: an allowed Host, the token, a JSON
    content type on POST. One check for every server (the Guard, the Ray deployment)."""

    def __init__(self, config: ServeConfig) -> None:
        token = config.token.get_secret_value() if config.token is not None else None
        self._expected = token.encode() if token is not None else None
        self._hosts = config.hosts()

    def refusal(self, method: str, path: str, headers: dict[bytes, bytes]) -> InstruxError | None:
        """The error to answer with (lower-case header names), or None to go on."""
        if self._hosts is not None and _host_name(headers.get(b"host", b"")) not in self._hosts:
            return host_not_allowed()
        if not self._authorized(path, headers):
            return UnauthorizedError()
        if method == "POST" and not _is_json(headers.get(b"content-type", b"")):
            return not_json()
        return None

    def _authorized(self, path: str, headers: dict[bytes, bytes]) -> bool:
        if self._expected is None:
            return True
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            return True
        scheme, _, given = headers.get(b"authorization", b"").strip().partition(b" ")
        # constant time: no timing oracle (the scheme is public, compared plainly)
        return scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(), self._expected)


def _host_name(host: bytes) -> str:
    """The name of a Host header, without the port: ``[::1]:8000`` -> ``::1``."""
    text = host.decode("latin-1").strip().lower()
    if text.startswith("["):
        return text[1 : text.find("]")] if "]" in text else text
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


def _is_json(content_type: bytes) -> bool:
    """``application/json`` or ``application/<x>+json``, any parameters (``charset``)."""
    media = content_type.split(b";", 1)[0].strip().lower()
    return media == b"application/json" or (
        media.startswith(b"application/") and media.endswith(b"+json")
    )


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
