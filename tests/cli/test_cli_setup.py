"""``instrux setup`` / ``instrux models build``: the encoder export ahead of time, with the
invocation's settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from instrux.schemas.errors import ConfigurationError

from .conftest import Invoke

pytest.importorskip("tokenizers", reason="needs the semantic extra")

from instrux.models.transformer import TransformerEncoder


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the real export (about 30 s) by a recorder returning made-up paths."""
    seen: list[dict[str, Any]] = []

    def fake(self: TransformerEncoder, settings: Any) -> list[Path]:
        seen.append({"cache_dir": settings.cache_dir, "int8": settings.semantic_int8,
                     "device": settings.device, "threads": settings.ort_threads})  # fmt: skip
        names = (
            ["encoder.onnx", "encoder.int8.onnx"] if settings.semantic_int8 else ["encoder.onnx"]
        )
        return [settings.cache_dir / name for name in names]

    monkeypatch.setattr(TransformerEncoder, "build", fake)
    return seen


def test_setup_uses_the_settings_and_prints_the_paths(
    invoke: Invoke, calls: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTRUX_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("INSTRUX_ORT_THREADS", "3")
    result = invoke("setup")
    assert result.exit_code == 0, result.output
    assert calls == [{"cache_dir": tmp_path, "int8": False, "device": "auto", "threads": 3}]
    assert result.stdout.splitlines() == [
        f"all-minilm-l6-v2 ready under {tmp_path}:",
        f"  {tmp_path / 'encoder.onnx'}",
    ]


def test_setup_options_override_the_environment(
    invoke: Invoke, calls: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTRUX_DEVICE", "cuda")
    result = invoke("--device", "cpu", "setup", "--int8", "--cache-dir", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    assert calls[0] | {"threads": 1} == {
        "cache_dir": tmp_path, "int8": True, "device": "cpu", "threads": 1
    }  # fmt: skip
    report = json.loads(result.stdout)
    assert report["paths"] == [str(tmp_path / "encoder.onnx"), str(tmp_path / "encoder.int8.onnx")]
    assert (report["int8"], report["device"]) == (True, "cpu")


def test_setup_errors_are_reported_with_their_exit_code(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: TransformerEncoder, settings: Any) -> list[Path]:
        raise ConfigurationError("No encoder model found.", hint="Install instrux[semantic].")

    monkeypatch.setattr(TransformerEncoder, "build", fail)
    result = invoke("setup", "--json")
    assert result.exit_code == 10
    assert json.loads(result.stdout)["message"] == "No encoder model found."
    assert "Hint: Install instrux[semantic]." in result.stderr
    assert "Traceback" not in result.output


def test_setup_rejects_a_bad_device_before_exporting(
    invoke: Invoke, calls: list[dict[str, Any]]
) -> None:
    result = invoke("setup", "--device", "tpu")
    assert result.exit_code == 10 and "--device" in result.stderr
    assert calls == []


def test_models_build_names_any_registered_model(
    invoke: Invoke, calls: list[dict[str, Any]], tmp_path: Path
) -> None:
    result = invoke("models", "build", "minilm", "--cache-dir", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model"] == "all-minilm-l6-v2"  # an alias resolves
    unknown = invoke("models", "build", "no-such-model")
    assert unknown.exit_code == 10 and "instrux models list" in unknown.stderr
