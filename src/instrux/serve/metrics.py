"""Prometheus metrics of one app, in a registry of its own (two apps in a process do not mix).

Labels are bounded: the endpoint is the route's template (``/v1/instructions/{name}``, never
the name a client sent) and unknown paths share one label, so a scan cannot grow the series.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

__all__ = ["ENDPOINTS", "Metrics", "endpoint_label"]

ENDPOINTS = frozenset(
    {"/v1/run", "/v1/parse", "/v1/execute", "/v1/run_many", "/v1/plan", "/v1/run_plan",
     "/v1/instructions", "/v1/plugins", "/v1/chat/completions", "/v1/models",
     "/healthz", "/metrics", "/", "/docs", "/openapi.json"}
)  # fmt: skip
# Seconds; template-routed arithmetic answers in well under a millisecond in-process.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def endpoint_label(path: str) -> str:
    if path in ENDPOINTS:
        return path
    if path.startswith("/v1/instructions/"):
        return "/v1/instructions/{name}"
    if path.startswith("/static/"):
        return "/static"
    return "other"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "instrux_http_requests", "HTTP requests answered, by endpoint and status.",
            ["endpoint", "status"], registry=self.registry,
        )  # fmt: skip
        self.latency = Histogram(
            "instrux_http_request_seconds", "Time from request to response, by endpoint.",
            ["endpoint"], buckets=BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.errors = Counter(
            "instrux_errors", "Error bodies sent, by error code.", ["code"],
            registry=self.registry,
        )  # fmt: skip
        self.in_flight = Gauge(
            "instrux_http_in_flight", "Requests being handled now.", registry=self.registry
        )

    def observe(self, endpoint: str, status: int, seconds: float) -> None:
        self.requests.labels(endpoint=endpoint, status=str(status)).inc()
        self.latency.labels(endpoint=endpoint).observe(seconds)

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
