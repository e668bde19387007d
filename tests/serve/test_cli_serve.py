"""``instrux serve`` as a user runs it: a real process on 127.0.0.1, asked with curl."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest

from tests.serve.net import free_port

INSTRUX = str(Path(sys.executable).with_name("instrux"))


@contextmanager
def serving(*options: str, ready_path: str = "/healthz", limit_s: float = 180) -> Iterator[str]:
    """``instrux serve --port P OPTIONS`` in its own process group, stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [INSTRUX, "serve", "--port", str(port), *options],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, url + ready_path, limit_s)
        yield url
    finally:
        _stop(process)


def _wait_ready(process: subprocess.Popen[str], url: str, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"instrux serve exited: {process.stdout.read()}")  # type: ignore[union-attr]
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"instrux serve did not answer {url} within {limit_s} s")


def _stop(process: subprocess.Popen[str]) -> None:
    """Ctrl-C first (uvicorn and Ray shut down cleanly), then the process group."""
    process.send_signal(signal.SIGINT)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=30)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # the group we started: Ray's helpers too
    process.wait(timeout=10)


JSON = "application/json"
FORM = "application/x-www-form-urlencoded"  # what plain ``curl -d`` says


def curl_run(url: str, body: str, content_type: str = JSON) -> tuple[int, dict[str, object]]:
    """What the README shows: ``curl -s URL/v1/run -H 'Content-Type: application/json' -d``."""
    if shutil.which("curl") is None:
        response = httpx.post(url + "/v1/run", content=body,
                              headers={"content-type": content_type})  # fmt: skip
        return response.status_code, response.json()
    header = ["-H", f"Content-Type: {content_type}"] if content_type != FORM else []
    out = subprocess.run(
        ["curl", "-s", "-w", "\n%{http_code}", url + "/v1/run", *header, "-d", body],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    text, status = out.rsplit("\n", 1)
    return int(status), json.loads(text)


def test_instrux_serve_answers_curl_with_two_workers() -> None:
    with serving("--workers", "2", "--no-warmup") as url:
        status, body = curl_run(url, '{"text": "what is 3 plus 5"}')
        assert status == 200
        assert body["value"] == 8
        assert body["call"]["instruction"] == "math.add"  # type: ignore[index]
        status, error = curl_run(url, '{"text": 3}')
        assert status == 422 and error["code"] == "invalid_input" and error["hint"]
        # A body not labelled JSON never runs (another origin's page could send it).
        status, error = curl_run(url, '{"text": "what is 3 plus 5"}', FORM)
        assert status == 415 and error["details"] == {"reason": "unsupported_media_type"}


@pytest.mark.ray
@pytest.mark.slow
def test_instrux_serve_ray_answers_the_same_request() -> None:
    pytest.importorskip("ray.serve", reason="needs the 'ray' extra (pip install 'instrux[ray]')")
    with serving("--ray", "--replicas", "2", "--no-warmup", ready_path="/healthz") as url:
        status, body = curl_run(url, '{"text": "what is 3 plus 5"}')
        assert status == 200
        assert body["value"] == 8
        assert body["call"]["arguments"] == {"a": 3, "b": 5}  # type: ignore[index]
