"""The edge: where an :class:`~instrux.InstruxError` becomes a message and an exit code.

Only errors instrux raises on purpose are caught here; anything else is a bug and keeps its
traceback. Every command (those of other teams' modules too) wraps its body in
:func:`instrux_errors`::

    with instrux_errors(json_output):
        ...

On an error, stderr gets one paragraph (what went wrong, how to fix it, the closest
instructions with their scores), stdout gets the error as JSON when ``--json`` was given, and
the process exits with the error class's ``exit_code`` (no_match 3, ambiguous 4,
invalid_arguments 5, executor_failed 6, invalid_input 7, plugin_failed 8, configuration 10).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.text import Text

from instrux.schemas.errors import Candidate, InstruxError

__all__ = ["error_text", "instrux_errors", "report_error", "warn"]

MAX_CANDIDATES = 5


@contextmanager
def instrux_errors(json_output: bool = False) -> Iterator[None]:
    """Turn an :class:`InstruxError` raised inside the block into a report and an exit code."""
    try:
        yield
    except InstruxError as err:
        report_error(err, json_output=json_output)
        raise typer.Exit(type(err).exit_code) from None


def report_error(err: InstruxError, *, json_output: bool = False) -> None:
    """Print ``err`` to stderr (and as JSON to stdout with ``json_output``)."""
    if json_output:
        typer.echo(err.to_info().model_dump_json(indent=2))
    console = Console(stderr=True)
    # In a pipe or a log, one unbroken line per part is easier to grep than rich's wrapping.
    console.print(error_text(err), soft_wrap=not console.is_terminal)


def warn(message: str) -> None:
    """One ``Warning: ...`` line on stderr (something is wrong, but the command goes on)."""
    text = Text()
    text.append("Warning: ", style="bold yellow")
    text.append(message)  # plugin text: never read as rich markup
    console = Console(stderr=True)
    console.print(text, soft_wrap=not console.is_terminal)


def error_text(err: InstruxError) -> Text:
    """The paragraph shown for ``err``: message, hint, then the closest candidates."""
    text = Text()
    text.append("Error", style="bold red")
    text.append(f" ({err.code}): ", style="red")
    text.append(err.message)
    if err.hint:
        text.append("\nHint: ", style="bold yellow")
        text.append(err.hint)
    if err.candidates:
        text.append("\nClosest instructions: ", style="bold cyan")
        text.append(", ".join(_candidate(c) for c in err.candidates[:MAX_CANDIDATES]))
    return text


def _candidate(candidate: Candidate) -> str:
    evidence = f", {candidate.evidence}" if candidate.evidence else ""
    return f"{candidate.instruction} (score {candidate.score:.2f}{evidence})"
