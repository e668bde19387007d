"""Fixtures of the serving tests: real uvicorn servers on 127.0.0.1, httpx clients."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

import instrux
from instrux import Engine

pytest.importorskip("fastapi", reason="needs the 'server' extra (pip install 'instrux[server]')")
httpx = pytest.importorskip("httpx", reason="needs httpx (the 'dev' extra)")

from instrux.serve import ServeConfig, create_app, running_server  # noqa: E402


@instrux.executor("demo.nap", examples=["nap for {seconds} seconds"])
def nap(seconds: float) -> float:
    """Sleeps: stands for an executor that blocks (a remote model, a slow device)."""
    time.sleep(seconds)
    return seconds


class NapPlugin:
    @instrux.hookimpl
    def instrux_register_instructions(self, register: instrux.plugins.RegisterInstruction) -> None:
        register(nap)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine({"demo": NapPlugin()}, load_entry_points=False, max_text_length=200)


@pytest.fixture(scope="module")
def base_url(engine: Engine) -> Iterator[str]:
    config = ServeConfig(port=0, max_body_bytes=4000, max_batch=8, timeout_s=2.0)
    with running_server(create_app(engine, config), config) as url:
        yield url


@pytest.fixture()
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=20) as c:
        yield c
