"""How the HTTP service is configured: one frozen model, built by ``instrux serve`` or by code."""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field, SecretStr

__all__ = ["LOOPBACK", "LOOPBACK_NAMES", "ServeConfig"]

LOOPBACK = "127.0.0.1"
# Host names that only this machine reaches: a server bound to one of them answers only
# requests whose Host header is one of them (a web page that rebinds its own DNS name to
# 127.0.0.1 sends its own name, and is refused).
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def _default_threads() -> int:
    # asyncio's own default for its executor: enough to overlap I/O-bound executors,
    # bounded so that a flood of slow requests cannot start a thread each.
    return min(32, (os.cpu_count() or 1) + 4)


class ServeConfig(BaseModel):
    """Limits and switches of one server; everything a client can exceed is bounded here."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = Field(default=LOOPBACK, description="Interface to listen on (loopback only).")
    port: int = Field(default=8000, ge=0, le=65535, description="0 picks a free port.")
    workers: int = Field(default=1, ge=1, description="Server processes (one engine each).")
    token: SecretStr | None = Field(
        default=None, description="Bearer token required on /v1/* and /metrics (None: open)."
    )
    max_body_bytes: int = Field(default=1 << 20, ge=1, description="Largest request body.")
    max_batch: int = Field(default=256, ge=1, description="Most texts in one /v1/run_many.")
    timeout_s: float = Field(default=30.0, gt=0, description="Per-request time limit.")
    cors_origins: tuple[str, ...] = Field(
        default=(), description="Origins allowed by CORS; empty: CORS off (same origin only)."
    )
    threads: int = Field(
        default_factory=_default_threads, ge=1, description="Worker threads for the engine."
    )
    warmup: bool = Field(
        default=True,
        description="Load lazy tiers (the semantic encoder) at start-up, not on the first "
        "request that needs them.",
    )
    log_level: str = Field(default="warning", description="uvicorn's log level.")
    allowed_hosts: tuple[str, ...] | None = Field(
        default=None,
        description="Host header values (without port) this server answers; '*' any. None: "
        "the loopback names when listening on a loopback interface, else any.",
    )

    def hosts(self) -> frozenset[str] | None:
        """The Host names answered (lower case), or None for any."""
        if self.allowed_hosts is None:
            return frozenset(LOOPBACK_NAMES) if self.host in LOOPBACK_NAMES else None
        if "*" in self.allowed_hosts:
            return None
        return frozenset(host.lower().strip("[]") for host in self.allowed_hosts)
