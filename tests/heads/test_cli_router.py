"""``instrux train router`` and ``instrux eval router`` on a tiny SNIPS-format dataset."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from instrux.cli.main import build_app

from ..semantic.conftest import TINY

pytest.importorskip("torch", reason="training needs torch (instrux[train])")


def _app() -> typer.Typer:
    return build_app()


def _snips_folder(root: Path) -> Path:
    folder = root / "jointbert_snips"
    for split, part in (("train", slice(0, 6)), ("dev", slice(6, 7)), ("test", slice(7, 8))):
        (folder / split).mkdir(parents=True)
        rows = [(t, i) for i, texts in TINY.items() for t in texts[part]]
        (folder / split / "seq.in").write_text("".join(f"{t}\n" for t, _ in rows))
        (folder / split / "label").write_text("".join(f"{i}\n" for _, i in rows))
    return folder


def test_train_then_eval_router(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = _snips_folder(tmp_path)
    out = tmp_path / "router"
    trained = runner.invoke(
        _app(),
        [
            "train",
            "router",
            "--data",
            str(folder),
            "--out",
            str(out),
            "--prefix",
            "snips",
            "--json",
        ],
    )
    assert trained.exit_code == 0, trained.output
    assert (out / "model.onnx").exists() and json.loads(
        trained.stdout[trained.stdout.index("{") :]
    )["artifact"] == str(out)
    evaluated = runner.invoke(
        _app(),
        [
            "eval",
            "router",
            "--dataset",
            "snips",
            "--data-dir",
            str(tmp_path),
            "--artifact",
            str(out),
            "--json",
            "--latency-samples",
            "3",
        ],
    )
    assert evaluated.exit_code == 0, evaluated.output
    report = json.loads(evaluated.stdout[evaluated.stdout.index("{") :])
    for key in (
        "in_scope_accuracy",
        "oos_recall",
        "oos_precision",
        "macro_f1",
        "latency_ms_p50",
        "latency_ms_p95",
    ):
        assert key in report
    assert (
        report["in_scope_accuracy"] >= 2 / 3 and report["oos_recall"] is None
    )  # SNIPS has no oos rows


def test_bad_data_is_a_clean_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text("not json\n")
    result = CliRunner().invoke(
        _app(),
        ["train", "router", "--data", str(tmp_path / "bad.jsonl"), "--out", str(tmp_path / "o")],
    )
    assert result.exit_code == 10 and "line 1" in result.output


def test_importing_the_command_module_is_cheap() -> None:
    code = (
        "import sys, instrux.heads.commands, instrux.heads.plugin; "
        "heavy = [m for m in ('numpy', 'onnxruntime', 'tokenizers', 'torch') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_instrux_run_and_parse_show_the_semantic_route() -> None:
    from instrux.cli.main import app

    text = "could you tell me what 3 and 5 add up to"
    ran = CliRunner().invoke(app, ["--executor-kind", "python", "run", text])
    assert ran.exit_code == 0 and ran.stdout.strip() == "8", ran.output
    parsed = CliRunner().invoke(app, ["parse", text])
    assert parsed.exit_code == 0, parsed.output
    assert "semantic" in parsed.stdout and "nearest examples '" in parsed.stdout
    assert "7 and 12 add up to'" in parsed.stdout  # the examples are embedded with 7, 12, 3


@pytest.mark.slow
def test_setup_exports_the_encoder_for_real() -> None:
    # The default cache (INSTRUX_CACHE_DIR, else ~/.cache/instrux): the export is then reused
    # by the other semantic tests, and a second run only checks the files.
    from instrux.cli.main import app

    result = CliRunner().invoke(app, ["setup", "--device", "cpu", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    paths = [Path(p) for p in report["paths"]]
    assert paths and all(p.is_file() and p.suffix == ".onnx" for p in paths)
    assert all(p.is_relative_to(Path(report["cache_dir"])) for p in paths)
