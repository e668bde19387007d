"""The error edge: every InstruxError becomes a message on stderr and its exit code."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from instrux.plugins.commands import error_text, instrux_errors
from instrux.schemas.errors import (
    AmbiguousInstructionError,
    Candidate,
    DuplicateRegistrationError,
    ExecutorError,
    InstruxError,
    InvalidArgumentsError,
    InvalidInputError,
    NoMatchError,
    PluginError,
)

CANDIDATES = [
    Candidate(instruction="math.add", score=0.9, evidence="example '{a} plus {b}'"),
    Candidate(instruction="math.subtract", score=0.88),
]

ERRORS: list[tuple[InstruxError, int]] = [
    (NoMatchError("book a table", CANDIDATES), 3),
    (AmbiguousInstructionError("3 and 5", CANDIDATES), 4),
    (InvalidArgumentsError("math.divide", "b", "division by zero is undefined"), 5),
    (ExecutorError("math.add.onnx", "instrux.neural", "session closed"), 6),
    (InvalidInputError("The instruction is empty.", hint="Type one.", reason="empty"), 7),
    (PluginError("acme", "instrux_route", "KeyError: 'x'"), 8),
    (DuplicateRegistrationError("instruction", "math.add", "a", "b"), 10),
]


def _app_raising(err: Exception) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def fail(json_output: bool = typer.Option(False, "--json")) -> None:
        with instrux_errors(json_output):
            raise err

    return app


@pytest.mark.parametrize(("err", "code"), ERRORS, ids=lambda x: getattr(x, "code", str(x)))
def test_each_error_exits_with_its_code_and_json(err: InstruxError, code: int) -> None:
    result = CliRunner().invoke(_app_raising(err), ["--json"])
    assert result.exit_code == code == type(err).exit_code
    assert json.loads(result.stdout) == err.to_info().model_dump(mode="json")
    assert f"Error ({err.code}):" in result.stderr
    assert "Traceback" not in result.output


def test_without_json_stdout_stays_empty() -> None:
    result = CliRunner().invoke(_app_raising(ERRORS[0][0]), [])
    assert result.exit_code == 3
    assert result.stdout == ""


def test_unexpected_exceptions_are_not_swallowed() -> None:
    result = CliRunner().invoke(_app_raising(RuntimeError("a bug")), [])
    assert isinstance(result.exception, RuntimeError)


def test_error_text_has_message_hint_and_scored_candidates() -> None:
    err = AmbiguousInstructionError("3 and 5", CANDIDATES)
    lines = error_text(err).plain.splitlines()
    assert lines[0].startswith("Error (ambiguous): '3 and 5' matches several instructions")
    assert lines[1].startswith("Hint: Add words")
    assert lines[2] == (
        "Closest instructions: math.add (score 0.90, example '{a} plus {b}'), "
        "math.subtract (score 0.88)"
    )


def test_error_text_markup_in_messages_is_printed_literally() -> None:
    err = NoMatchError("[bold]x[/bold] [the]", [])
    assert "[bold]x[/bold] [the]" in error_text(err).plain
    result = CliRunner().invoke(_app_raising(err), [])
    assert "[bold]x[/bold] [the]" in result.stderr
