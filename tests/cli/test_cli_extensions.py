"""Command modules of other teams (``instrux.cli.neural``, ``instrux.cli.semantic``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from instrux.cli.main import register_command_modules

GOOD = """
import typer

def register(app: typer.Typer, train_app: typer.Typer, eval_app: typer.Typer) -> None:
    @train_app.command("toy")
    def train_toy(epochs: int = 1) -> None:
        typer.echo(f"trained for {epochs} epoch(s)")

    @eval_app.command("toy")
    def eval_toy() -> None:
        typer.echo("accuracy 1.0")

    @app.command("export")
    def export() -> None:
        typer.echo("exported")
"""


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path where a test writes command modules; unloaded afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        if name.startswith("instrux_cli_test_"):
            del sys.modules[name]


def _apps() -> tuple[typer.Typer, typer.Typer, typer.Typer]:
    app, train, evaluate = typer.Typer(), typer.Typer(), typer.Typer()

    @app.callback()
    def callback() -> None:
        """Test app."""

    app.add_typer(train, name="train")
    app.add_typer(evaluate, name="eval")
    return app, train, evaluate


def test_a_module_registers_train_eval_and_top_level_commands(modules: Path) -> None:
    (modules / "instrux_cli_test_good.py").write_text(GOOD)
    app, train, evaluate = _apps()
    done = register_command_modules(
        ["instrux_cli_test_good"], root=app, train=train, evaluate=evaluate
    )
    assert done == ["instrux_cli_test_good"]
    runner = CliRunner()
    assert (
        runner.invoke(app, ["train", "toy", "--epochs", "3"]).stdout == "trained for 3 epoch(s)\n"
    )
    assert runner.invoke(app, ["eval", "toy"]).stdout == "accuracy 1.0\n"
    assert runner.invoke(app, ["export"]).stdout == "exported\n"


def test_a_module_that_does_not_exist_yet_is_skipped() -> None:
    app, train, evaluate = _apps()
    names = ["instrux_cli_test_not_written_yet"]
    assert register_command_modules(names, root=app, train=train, evaluate=evaluate) == []


def test_a_missing_dependency_inside_a_module_is_raised(modules: Path) -> None:
    (modules / "instrux_cli_test_broken.py").write_text("import instrux_no_such_dependency\n")
    app, train, evaluate = _apps()
    with pytest.raises(ModuleNotFoundError, match="instrux_no_such_dependency"):
        register_command_modules(
            ["instrux_cli_test_broken"], root=app, train=train, evaluate=evaluate
        )


def test_a_module_without_register_is_a_clear_error(modules: Path) -> None:
    (modules / "instrux_cli_test_empty.py").write_text("X = 1\n")
    app, train, evaluate = _apps()
    with pytest.raises(TypeError, match=r"must define register\(app, train_app, eval_app\)"):
        register_command_modules(
            ["instrux_cli_test_empty"], root=app, train=train, evaluate=evaluate
        )


def test_the_cli_imports_no_heavy_library() -> None:
    # Every `instrux` call (--help too) imports main, which imports the COMMAND_MODULES.
    code = textwrap.dedent(
        """
        import sys
        import instrux.cli.main
        heavy = {"torch", "onnxruntime", "transformers", "tokenizers", "onnx"}
        print(sorted(heavy & set(sys.modules)))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
