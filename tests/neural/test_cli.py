"""The arithmetic nets' commands, as the instrux app registers them (plugin instrux.neural)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from instrux.cli.main import build_app

from .conftest import SHIPPED


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return build_app()


def _invoke(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_train_arithmetic_writes_loadable_artifacts(app: typer.Typer, tmp_path: Path) -> None:
    pytest.importorskip("torch")
    code, out = _invoke(
        app,
        "train",
        "arithmetic",
        "--only",
        "power",
        "--out",
        str(tmp_path),
        "--no-progress",
        "--json",
    )
    assert code == 0, out
    metrics = json.loads(out)
    assert metrics["power"]["snap"]["accepted"]
    assert (tmp_path / "power" / "manifest.json").is_file()
    code, out = _invoke(app, "train", "arithmetic", "--only", "modulo", "--out", str(tmp_path))
    assert code != 0 and "modulo" in out


def test_export_by_executor_name_with_int8(app: typer.Typer, tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    code, out = _invoke(
        app, "export", "math.add.onnx", "--out", str(tmp_path / "a"), "--dtype", "float32", "--int8"
    )
    assert code == 0, out
    assert "float32" in out and "int8 (ops quantized: True)" in out
    assert (tmp_path / "a" / "model.int8.onnx").is_file()


def test_export_of_an_unknown_name_is_a_configuration_error(app: typer.Typer) -> None:
    code, out = _invoke(app, "export", "math.modulo.onnx")
    assert code == 10 and "math.add.onnx" in out


def test_eval_extrapolation_writes_json_and_markdown(app: typer.Typer, tmp_path: Path) -> None:
    target = tmp_path / "extrapolation.json"
    code, out = _invoke(
        app,
        "eval",
        "extrapolation",
        "--no-baseline",
        "--samples",
        "50",
        "--artifacts",
        str(SHIPPED),
        "--out",
        str(target),
        "--device",
        "cpu",
    )
    assert code == 0, out
    report = json.loads(target.read_text())
    assert report["meets_targets"] is True
    assert set(report["ours_onnx"]) >= {"adder/add", "multiply/multiply", "power/power"}
    assert "| **adder/add** (shipped ONNX, float64) |" in target.with_suffix(".md").read_text()
