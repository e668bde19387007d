"""The monitor's HTTP input: ``instrux finance monitor --listen PORT`` receives posts over HTTP.

A running monitor holds one stream's state (each ticker's open day and rolling baseline), so
its endpoint is an app of its own, put together like :func:`instrux.serve.app.create_app`
and ``instrux llm serve``'s chat app: the same :class:`~instrux.serve.guard.Guard` (bearer
token, body limit, loopback Host names, metrics), bodies read by
:func:`~instrux.serve.models.read_body` into the pydantic models below, every failure an
:class:`~instrux.ErrorInfo` with the status :func:`instrux.serve.errors.http_status` gives.
It is not a route of ``instrux serve``: that server may run several worker processes (or Ray
replicas), each of which would hold a monitor of its own and split the stream between them.

Posts are scored and added on one worker thread, one request at a time in arrival order (the
monitor is a sequence), never on the event loop. Alerts of the days a request closes go to
the configured sinks (stdout, ``--alerts FILE``, ``--webhook``) and back in the response.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from instrux import ConfigurationError
from instrux.serve.app import add_error_handlers, add_metrics_route, call_in_pool, json_response
from instrux.serve.config import ServeConfig
from instrux.serve.errors import batch_too_large, error_responses
from instrux.serve.guard import Guard
from instrux.serve.metrics import Metrics
from instrux.serve.models import read_body
from instrux.serve.openapi import install_openapi
from instrux_finance.monitor import Alert, Monitor, Scorer, add_batch
from instrux_finance.sentiment import Scored
from instrux_finance.stream import Post, posts_of

if TYPE_CHECKING:
    from instrux_finance.sinks import AlertSinks

__all__ = [
    "POSTS",
    "CloseRequest",
    "ClosedDays",
    "MonitorService",
    "MonitorStatus",
    "PostIn",
    "PostsAccepted",
    "PostsRequest",
    "create_monitor_app",
]

log = logging.getLogger("instrux_finance")
POSTS = "/v1/finance/posts"
CLOSE = "/v1/finance/close"
STATUS = "/v1/finance/status"
MAX_TEXT = 10_000  # characters of one post: a tweet is 280, a headline or a paragraph fits
MAX_CACHED = 1 << 16  # scored texts kept for retweets; a long-running monitor starts over
ERROR_RESPONSES = error_responses(
    {
        400: "Malformed JSON.",
        401: "Missing or wrong bearer token.",
        404: "No such path.",
        413: "Body or batch too large.",
        422: "Not a valid body, or posts older than a day already judged (reason out_of_order).",
        504: "The request took longer than the server's limit.",
    }
)


class PostIn(BaseModel):
    """One post of the stream."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="A tweet or a headline.")
    ticker: str | None = Field(
        default=None,
        min_length=1,
        max_length=16,
        description="The stock it is about; without one, every StockNet stock the text names "
        "(cashtags, company names) gets the post, and a text naming none is skipped.",
    )
    date: dt.date | None = Field(
        default=None, description="Its day (YYYY-MM-DD); default: today (UTC)."
    )
    id: str | None = Field(default=None, max_length=64, description="Shown in alert evidence.")


class PostsRequest(BaseModel):
    """Posts in time order: days never go back (within a request, they are sorted by day)."""

    model_config = ConfigDict(extra="forbid")

    posts: list[PostIn] = Field(min_length=1)


class CloseRequest(BaseModel):
    """An empty JSON object (a POST body must be labelled JSON: the Guard's CSRF rule)."""

    model_config = ConfigDict(extra="forbid")


class PostsAccepted(BaseModel):
    posts: int = Field(description="Rows added: one per post and stock.")
    skipped: int = Field(description="Posts without a ticker whose text names no stock.")
    texts_scored: int = Field(description="Texts the head read (the others were seen before).")
    alerts: list[Alert] = Field(description="Alerts of the days this request closed.")
    undelivered: list[str] = Field(
        default_factory=list,
        description="Sinks that failed to take an alert (the alert is still here and in "
        "the monitor's alerts.jsonl).",
    )


class ClosedDays(BaseModel):
    alerts: list[Alert] = Field(description="Alerts of the days just judged.")
    undelivered: list[str] = Field(default_factory=list)


class MonitorStatus(BaseModel):
    posts: int
    texts_scored: int
    ticker_days: int = Field(description="Ticker-days judged so far.")
    open_days: list[dt.date] = Field(
        description="Days still open (judged when a later day's post arrives, or on close)."
    )
    alerts: int
    volume_alerts: int


class MonitorService:
    """A monitor fed over HTTP: scores posts, adds them, sends the alerts to the sinks."""

    def __init__(
        self, score: Scorer, monitor: Monitor, sinks: AlertSinks, config: ServeConfig
    ) -> None:
        self.score = score
        self.monitor = monitor
        self.sinks = sinks
        self.config = config
        self.cache: dict[str, Scored] = {}
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="finance-monitor")

    async def accept(self, request: PostsRequest) -> PostsAccepted:
        if len(request.posts) > self.config.max_batch:
            raise batch_too_large(len(request.posts), self.config.max_batch)
        return await call_in_pool(self.pool, self.config.timeout_s, self.add, request.posts)

    async def close(self) -> ClosedDays:
        return await call_in_pool(self.pool, self.config.timeout_s, self.close_all)

    async def report(self) -> MonitorStatus:
        # On the monitor's thread too: never read its state while a request changes it.
        return await call_in_pool(self.pool, self.config.timeout_s, self.status)

    def add(self, posts: list[PostIn]) -> PostsAccepted:
        """Add ``posts`` (all or none: their order is checked before any is added)."""
        today = dt.datetime.now(dt.UTC).date()
        rows: list[Post] = []
        skipped = 0
        for number, post in enumerate(sorted(posts, key=lambda p: p.date or today)):
            found = posts_of(post.text, post.date or today, post.ticker, post.id or str(number))
            skipped += not found
            rows += found
        if rows:
            self.monitor.check_order(rows[0].day)
        if len(self.cache) > MAX_CACHED:
            self.cache.clear()
        scored_before = self.monitor.result.texts_scored
        alerts = add_batch(rows, self.score, self.monitor, self.cache)
        return PostsAccepted(
            posts=len(rows),
            skipped=skipped,
            texts_scored=self.monitor.result.texts_scored - scored_before,
            alerts=alerts,
            undelivered=self.deliver(alerts),
        )

    def close_all(self) -> ClosedDays:
        """Judge every open day (the stream has ended, or paused)."""
        alerts = self.monitor.close_before(None)
        return ClosedDays(alerts=alerts, undelivered=self.deliver(alerts))

    def deliver(self, alerts: list[Alert]) -> list[str]:
        """Send ``alerts`` to the sinks; what failed (the request still succeeds: the alerts
        are in its response, and the monitor keeps them for ``--out``)."""
        failed = []
        for alert in alerts:
            try:
                self.sinks.send(alert)
            except ConfigurationError as err:
                log.warning("alert %s %s not delivered: %s", alert.ticker, alert.day, err)
                failed.append(f"{alert.ticker} {alert.day}: {err.message}")
        return failed

    def status(self) -> MonitorStatus:
        result = self.monitor.result
        return MonitorStatus(
            posts=result.posts,
            texts_scored=result.texts_scored,
            ticker_days=len(result.daily),
            open_days=self.monitor.open_days,
            alerts=len(result.alerts),
            volume_alerts=len(result.volume_alerts),
        )


def create_monitor_app(service: MonitorService) -> FastAPI:
    """``POST /v1/finance/posts``, ``POST /v1/finance/close``, ``GET /v1/finance/status``,
    ``/healthz``, ``/metrics``, ``/docs``."""
    from instrux import __version__

    metrics = Metrics()
    app = FastAPI(
        title="instrux finance monitor",
        version=__version__,
        description="Post texts into a running financial sentiment monitor; alerts go to its "
        "sinks and back in the response. Errors are ErrorInfo with a status mapped from "
        "their code.",
    )
    app.state.service = service
    add_error_handlers(app, metrics)
    _add_routes(app, service)
    add_metrics_route(app, metrics)
    install_openapi(app, {POSTS: PostsRequest, CLOSE: CloseRequest})
    app.add_middleware(Guard, config=service.config, metrics=metrics)
    return app


def _ok(model: type[BaseModel]) -> dict[int | str, dict[str, object]]:
    return {200: {"model": model, "description": "OK"}, **ERROR_RESPONSES}


def _add_routes(app: FastAPI, service: MonitorService) -> None:
    post = app.post
    get = app.get

    @post(POSTS, response_model=None, tags=["finance"], responses=_ok(PostsAccepted),
          summary="Add posts to the stream; the alerts of the days they close")  # fmt: skip
    async def add_posts(request: Request) -> Response:
        body = read_body(await request.body(), PostsRequest)
        return json_response(await service.accept(body))

    @post(CLOSE, response_model=None, tags=["finance"], responses=_ok(ClosedDays),
          summary="Judge every open day now (end of the stream)")  # fmt: skip
    async def close_days(request: Request) -> Response:
        read_body(await request.body(), CloseRequest)
        return json_response(await service.close())

    @get(STATUS, response_model=None, tags=["finance"], responses=_ok(MonitorStatus),
         summary="Counts so far")  # fmt: skip
    async def status() -> Response:
        return json_response(await service.report())

    @get("/healthz", tags=["operate"], summary="Liveness: the monitor is running")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": app.version}
