"""``instrux llm serve`` as a user runs it: a real process on 127.0.0.1 serving the tiny model
behind a token, asked by the HTTP backend, stopped with Ctrl-C; and its error without a model."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from instrux.cli.main import app
from instrux.llm.http import HttpBackend

pytest.importorskip("fastapi", reason="the server needs the 'server' extra")

TOKEN = "from-the-environment"


def test_llm_serve_answers_behind_its_token_and_stops_on_ctrl_c(tiny_genai: Path) -> None:
    env = {**os.environ, "INSTRUX_LLM_MODEL": str(tiny_genai), "INSTRUX_PLUGINS": "",
           "INSTRUX_DEVICE": "cpu", "INSTRUX_LLM_BACKEND": "onnxruntime-genai",
           "INSTRUX_LLM_SERVE_TOKEN": TOKEN}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "instrux.cli.main", "llm", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # printed once the socket is bound
        found = re.fullmatch(r"Serving onnxruntime-genai on (http://127\.0\.0\.1:\d+/v1)\n", line)
        assert found, (line, process.stderr.read() if process.poll() is not None else "")
        base_url = found.group(1)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base_url + "/models", timeout=30)
        assert refused.value.code == 401
        keyed = urllib.request.Request(base_url + "/models",
                                       headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        with urllib.request.urlopen(keyed, timeout=30) as response:
            assert json.loads(response.read())["data"][0]["id"] == "tiny-genai"
        generation = HttpBackend(base_url, "tiny", TOKEN, timeout_s=30).generate(
            "Review: fine\nSentiment:", max_new_tokens=4
        )
        assert 0 < generation.completion_tokens <= 4
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    # uvicorn shuts down, then passes the signal on: 130, the shell's code for Ctrl-C (as
    # `instrux serve` exits), with no traceback.
    assert process.returncode == 130
    assert "Traceback" not in stderr


def test_llm_serve_without_a_model_exits_10_with_the_setup_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INSTRUX_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("INSTRUX_PLUGINS", "")
    result = CliRunner().invoke(app, ["llm", "serve", "--port", "0"])
    assert result.exit_code == 10
    assert "instrux llm setup" in result.output
