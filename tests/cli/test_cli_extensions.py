"""Command plugins: ``instrux_register_commands`` through pluggy, isolated from each other."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import instrux
from instrux.cli.main import build_app
from instrux.plugins.types import CommandGroups

RUNNER = CliRunner(env={"COLUMNS": "200"})

HELLO_MODULE = """
import typer
import instrux

@instrux.hookimpl
def instrux_register_commands(cli):
    @cli.app.command("hello")
    def hello(name: str = "world") -> None:
        typer.echo(f"hello {name}")

    @cli.train.command("toy")
    def train_toy(epochs: int = 1) -> None:
        typer.echo(f"trained for {epochs} epoch(s)")
"""


class Hello:
    """A plugin object passed in code: adds ``instrux hello`` and ``instrux eval toy``."""

    @instrux.hookimpl
    def instrux_register_commands(self, cli: CommandGroups) -> None:
        @cli.app.command("hello")
        def hello(name: str = "world") -> None:
            typer.echo(f"hello {name}")

        @cli.eval.command("toy")
        def eval_toy() -> None:
            typer.echo("accuracy 1.0")


class Broken:
    @instrux.hookimpl
    def instrux_register_commands(self, cli: CommandGroups) -> None:
        raise RuntimeError("boom while adding commands")


@pytest.fixture
def hello_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installed-looking distribution with an ``instrux`` entry point ``hello``.

    importlib.metadata finds ``*.dist-info`` folders on ``sys.path``, so no installation is
    needed; the module is unloaded afterwards.
    """
    (tmp_path / "instrux_cli_test_hello.py").write_text(HELLO_MODULE)
    info = tmp_path / "instrux_cli_test_hello-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: instrux-cli-test-hello\n"
                                   "Version: 0.1\n")  # fmt: skip
    (info / "entry_points.txt").write_text("[instrux]\nhello = instrux_cli_test_hello\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("INSTRUX_PLUGINS", "hello")
    yield tmp_path
    sys.modules.pop("instrux_cli_test_hello", None)


def test_an_entry_point_plugin_adds_commands(hello_distribution: Path) -> None:
    app = build_app()
    assert RUNNER.invoke(app, ["hello", "--name", "you"]).stdout == "hello you\n"
    assert RUNNER.invoke(app, ["train", "toy", "--epochs", "3"]).stdout == (
        "trained for 3 epoch(s)\n"
    )
    assert RUNNER.invoke(app, ["run", "what is 3 plus 5"]).stdout == "8\n"


def test_a_plugin_added_in_code_adds_commands() -> None:
    app = build_app({"hello": Hello()})
    assert RUNNER.invoke(app, ["hello"]).stdout == "hello world\n"
    assert RUNNER.invoke(app, ["eval", "toy"]).stdout == "accuracy 1.0\n"
    plugins = RUNNER.invoke(app, ["plugins", "--json"])
    assert plugins.exit_code == 0 and '"name": "hello"' in plugins.stdout


def test_a_failing_command_plugin_is_one_warning_and_the_rest_works(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = build_app({"broken": Broken(), "hello": Hello()})
    warning = capsys.readouterr().err
    assert warning.count("\n") == 1, warning
    assert "Warning: plugin 'broken' failed" in warning
    assert "boom while adding commands" in warning
    assert RUNNER.invoke(app, ["hello"]).stdout == "hello world\n"
    ran = RUNNER.invoke(app, ["run", "what is 3 plus 5"])
    assert (ran.exit_code, ran.stdout) == (0, "8\n")
    assert "broken" not in ran.stderr  # reported once, when the app was built


def test_the_builtin_command_plugins_are_registered() -> None:
    help_text = RUNNER.invoke(build_app(), ["--help"]).stdout
    for command in ("run", "parse", "list", "show", "plugins", "setup", "export", "train"):
        assert command in help_text
    train = RUNNER.invoke(build_app(), ["train", "--help"]).stdout
    assert "arithmetic" in train and "router" in train


def test_help_works_with_an_invalid_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUX_DEVICE", "tpu")
    app = build_app()
    assert RUNNER.invoke(app, ["--help"]).exit_code == 0
    ran = RUNNER.invoke(app, ["run", "what is 3 plus 5"])
    assert ran.exit_code == 10
    assert "INSTRUX_DEVICE" in ran.stderr and "Traceback" not in ran.output


def test_the_cli_imports_no_heavy_library() -> None:
    # Every `instrux` call (--help too) builds the app, which loads every command plugin.
    code = textwrap.dedent(
        """
        import sys
        import instrux.cli.main
        heavy = {"torch", "onnxruntime", "transformers", "tokenizers", "onnx", "numpy"}
        print(sorted(heavy & set(sys.modules)))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_disabling_all_builtins_keeps_the_cli_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    # Disabling a built-in leaves it out of the engines the commands build, not the commands:
    # `instrux train head` must work while the heads plugin is off for routing.
    monkeypatch.setenv("INSTRUX_DISABLE_BUILTINS", "all")
    help_text = RUNNER.invoke(build_app(), ["--help"]).stdout
    assert "setup" in help_text and "models" in help_text and "export" in help_text


class FailsToRegister:
    @instrux.hookimpl
    def instrux_register_instructions(self, register: instrux.RegisterInstruction) -> None:
        raise KeyError("no such table")


def test_a_plugin_the_engine_leaves_out_is_one_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = build_app({"flaky": FailsToRegister()})
    assert capsys.readouterr().err == ""  # it adds no commands, so nothing failed yet
    ran = RUNNER.invoke(app, ["run", "what is 3 plus 5"])
    assert (ran.exit_code, ran.stdout) == (0, "8\n")
    assert ran.stderr.count("\n") == 1
    assert ran.stderr.startswith("Warning: plugin 'flaky' failed and was left out:")
    assert "no such table" in ran.stderr
