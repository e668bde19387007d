"""What plugins' commands are written with: the command host, errors, ``--json``, options.

Commands are added through ``instrux_register_commands`` (built-in features and third
parties alike). They are written with this module only, never with :mod:`instrux.cli`, so a
feature package holds its commands next to its code:

- :func:`command_host` (``host(ctx).settings(...)``, ``host(ctx).engine(...)``): the settings
  and engines of this invocation, global options applied (``--device``, ``--executor-kind``...);
- :func:`instrux_errors`: the edge where an :class:`~instrux.InstruxError` becomes a message on
  stderr and an exit code (and JSON on stdout with ``--json``); anything else is a bug and keeps
  its traceback;
- :data:`JsonOption` (the one ``--json``) and :func:`print_json`; :data:`DeviceOption` and
  :data:`CacheDirOption`, a command's own ``--device`` and ``--cache-dir``;
- :func:`options_from`: a command's options generated from a pydantic config model (a
  training recipe), so a field's default and description are written once.

Only typer, rich and the standard library are imported here.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol, TypeVar, get_type_hints

import typer
from pydantic import BaseModel

from instrux.schemas.config import validated
from instrux.schemas.errors import Candidate, ConfigurationError, InstruxError

if TYPE_CHECKING:
    from instrux.settings import Settings

__all__ = [
    "CacheDirOption",
    "CommandHost",
    "DeviceOption",
    "JsonOption",
    "ProgressOption",
    "command_host",
    "error_text",
    "instrux_errors",
    "options_from",
    "print_json",
    "report_error",
    "warn",
]

F = TypeVar("F", bound=Callable[..., Any])
MAX_CANDIDATES = 5
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON on stdout (errors too, besides stderr).")
]
ProgressOption = Annotated[
    bool, typer.Option("--progress/--no-progress", help="Show progress bars on stderr.")
]
# A command's own --device / --cache-dir: given, they win over the global options' settings.
DeviceOption = Annotated[
    str | None,
    typer.Option(
        "--device",
        metavar="DEVICE",
        help="ONNX Runtime device: auto, cpu or cuda (default: the global --device, else "
        "INSTRUX_DEVICE, else auto).",
    ),
]
CacheDirOption = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        help="Where models are built (default: INSTRUX_CACHE_DIR, else ~/.cache/instrux).",
    ),
]


class CommandHost(Protocol):
    """What the ``instrux`` command line hands its commands (``ctx.obj``)."""

    def settings(self, **changes: Any) -> Settings:
        """The settings: environment, global options, then ``changes`` (None: left as is)."""
        ...

    def engine(self, **changes: Any) -> Any:
        """An ``instrux.Engine`` with those settings and the command line's plugins."""
        ...


def command_host(ctx: typer.Context) -> CommandHost:
    """The host of this invocation (set by the ``instrux`` app's callback)."""
    found = ctx.find_root().obj
    if found is None or not hasattr(found, "settings") or not hasattr(found, "engine"):
        raise ConfigurationError(
            "This command runs inside the `instrux` command line only.",
            hint="Run it as `instrux ...` (instrux.cli.main.app).",
        )
    host: CommandHost = found
    return host


@contextmanager
def instrux_errors(json_output: bool = False) -> Iterator[None]:
    """Turn an :class:`InstruxError` raised inside the block into a report and an exit code.

    stderr gets one paragraph (what went wrong, how to fix it, the closest instructions),
    stdout the error as JSON with ``json_output``, and the process exits with the error class's
    ``exit_code`` (no_match 3, ambiguous 4, invalid_arguments 5, executor_failed 6,
    invalid_input 7, plugin_failed 8, configuration 10).
    """
    try:
        yield
    except InstruxError as err:
        report_error(err, json_output=json_output)
        raise typer.Exit(type(err).exit_code) from None


def report_error(err: InstruxError, *, json_output: bool = False) -> None:
    """Print ``err`` to stderr (and as JSON to stdout with ``json_output``)."""
    from rich.console import Console

    if json_output:
        typer.echo(err.to_info().model_dump_json(indent=2))
    console = Console(stderr=True)
    # In a pipe or a log, one unbroken line per part is easier to grep than rich's wrapping.
    console.print(error_text(err), soft_wrap=not console.is_terminal)


def warn(message: str) -> None:
    """One ``Warning: ...`` line on stderr (something is wrong, but the command goes on)."""
    from rich.console import Console
    from rich.text import Text

    text = Text()
    text.append("Warning: ", style="bold yellow")
    text.append(message)  # plugin text: never read as rich markup
    console = Console(stderr=True)
    console.print(text, soft_wrap=not console.is_terminal)


def error_text(err: InstruxError) -> Any:
    """The paragraph shown for ``err`` (a rich ``Text``): message, hint, closest candidates."""
    from rich.text import Text

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


def print_json(data: Any) -> None:
    """``data`` as indented JSON on stdout (pydantic models through their JSON form)."""
    if isinstance(data, BaseModel):
        typer.echo(data.model_dump_json(indent=2))
        return
    typer.echo(json.dumps(data, indent=2, default=_plain, ensure_ascii=False))


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return float(value)


def options_from(
    model: type[BaseModel],
    *,
    param: str,
    exclude: frozenset[str] = frozenset(),
    defaults: dict[str, Any] | None = None,
    rename: dict[str, str] | None = None,
    overrides: bool = False,
) -> Callable[[F], F]:
    """Give a command one option per field of ``model``; it gets the built model as ``param``.

    ``--field-name`` options take the field's type, default (or ``defaults[field]``) and
    description as help; a bad value is a ConfigurationError naming the option. Fields in
    ``exclude`` keep the model's default; ``rename`` maps a field to another option name.

    :param param: the command's parameter (annotated with ``model``) that receives it.
    :param overrides: every option defaults to "not given" and the command gets a dict of the
        options given (field -> value), for settings whose defaults depend on other options
        (a router's preset per mode).
    """
    fields = {n: f for n, f in model.model_fields.items() if n not in exclude}
    hints = get_type_hints(model, include_extras=True)
    chosen = defaults or {}
    names = rename or {}

    def option(name: str) -> inspect.Parameter:
        field = fields[name]
        kind = hints[name] | None if overrides else hints[name]
        flag = "--" + names.get(name, name).replace("_", "-")
        return inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None if overrides else chosen.get(name, field.default),
            annotation=Annotated[kind, typer.Option(flag, help=field.description)],
        )

    def decorate(command: F) -> F:
        signature = inspect.signature(command, eval_str=True)
        kept = [p for p in signature.parameters.values() if p.name != param]
        extra = [option(name) for name in fields]

        @wraps(command)
        def run(**kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in fields}
            if overrides:
                kwargs[param] = {k: v for k, v in values.items() if v is not None}
                return command(**kwargs)
            with instrux_errors(bool(kwargs.get("json_output", False))):
                kwargs[param] = validated(model, values, names)
            return command(**kwargs)

        run.__signature__ = signature.replace(parameters=_ordered([*kept, *extra]))  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in [*kept, *extra]}
        return run  # type: ignore[return-value]

    return decorate


def _ordered(parameters: list[inspect.Parameter]) -> list[inspect.Parameter]:
    """Keyword-only parameters after the others (Python's rule for a signature)."""
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    head = [p for p in parameters if p.kind in kinds]
    tail = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in parameters if p not in head]
    return head + tail
