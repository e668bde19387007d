"""The ``instrux`` command line: the typer app, its core commands, and the console script.

Core commands: ``run``, ``parse``, ``list``, ``show``, ``plugins``. The engine is imported
inside the commands (through :mod:`instrux.cli.options`), so ``instrux --help`` never loads
an executor runtime.

Command modules of other teams
------------------------------
Besides its own commands, the app has two sub-apps, ``train`` and ``eval``, and loads the
modules named in :data:`COMMAND_MODULES` when this module is imported. Each such module must:

- define ``register(app: typer.Typer, train_app: typer.Typer, eval_app: typer.Typer) -> None``,
  which adds its commands, e.g. ``train_app.command("router")(train_router)`` for
  ``instrux train router`` or ``app.command("export")(export)`` for ``instrux export``;
- be cheap to import: torch, transformers, onnxruntime and the like are imported only inside
  command functions, since every ``instrux`` invocation (``--help`` included) imports it;
- build engines with :func:`instrux.cli.options.engine_from_context` and wrap each command
  body in :func:`instrux.cli.errors.instrux_errors`, so options, messages and exit codes stay
  the same across commands (and not import this module, which may run as ``__main__``).

A module that does not exist yet is skipped: only a ``ModuleNotFoundError`` whose ``name`` is
exactly that module's name. A missing dependency or any other import error inside an existing
module is raised, because hiding it would hide a bug. ``train`` and ``eval`` appear in
``--help`` only once some module has added a command to them.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Annotated, Protocol, cast

import typer

from instrux.cli.errors import instrux_errors
from instrux.cli.options import (
    DeviceOption,
    EngineOptions,
    ExecutorKindOption,
    JsonOption,
    MaxLengthOption,
    engine_from_context,
)
from instrux.cli.render import (
    echo_json,
    format_value,
    models_json,
    print_rich,
    render_call,
    render_instruction,
    render_instructions,
    render_plugins,
)

__all__ = ["COMMAND_MODULES", "app", "eval_app", "main", "register_command_modules", "train_app"]

COMMAND_MODULES: tuple[str, ...] = ("instrux.cli.neural", "instrux.cli.semantic")

app = typer.Typer(
    name="instrux",
    no_args_is_help=True,
    # Tracebacks are only for bugs; local variables could hold user text or model weights.
    pretty_exceptions_show_locals=False,
)
train_app = typer.Typer(help="Train models.", no_args_is_help=True)
eval_app = typer.Typer(help="Evaluate models.", no_args_is_help=True)

TextArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="TEXT",
        help="The instruction; omit it or give '-' to read UTF-8 bytes from stdin. "
        "Put '--' before text that starts with '-' (instrux run -- \"-3 plus 5\").",
        show_default=False,
    ),
]


class CommandModule(Protocol):
    """What a module in :data:`COMMAND_MODULES` provides."""

    def register(self, app: typer.Typer, train_app: typer.Typer, eval_app: typer.Typer) -> None: ...


# --- global options --------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        from instrux import __version__

        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def callback(
    ctx: typer.Context,
    executor_kind: ExecutorKindOption = None,
    max_length: MaxLengthOption = None,
    device: DeviceOption = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Execute natural-language instructions.

    Exit codes: 0 ok, 2 usage, 3 no match, 4 ambiguous, 5 invalid arguments,
    6 executor failed, 7 invalid input, 8 plugin failed, 10 configuration.
    """
    ctx.obj = EngineOptions(executor_kind=executor_kind, max_length=max_length, device=device)


# --- run / parse -----------------------------------------------------------------------------


@app.command()
def run(
    ctx: typer.Context,
    text: TextArgument = None,
    json_output: JsonOption = False,
    executor_kind: ExecutorKindOption = None,
    max_length: MaxLengthOption = None,
    device: DeviceOption = None,
) -> None:
    """Run an instruction and print its value, e.g. instrux run "what is 3 plus 5"."""
    with instrux_errors(json_output):
        instruction = _read_text(text)
        result = engine_from_context(ctx, executor_kind, max_length, device).run(instruction)
    if json_output:
        echo_json(result.model_dump_json(indent=2))
    else:
        typer.echo(format_value(result.value))


@app.command()
def parse(
    ctx: typer.Context,
    text: TextArgument = None,
    json_output: JsonOption = False,
    executor_kind: ExecutorKindOption = None,
    max_length: MaxLengthOption = None,
) -> None:
    """Show the call an instruction parses to, without running it."""
    with instrux_errors(json_output):
        instruction = _read_text(text)
        call = engine_from_context(ctx, executor_kind, max_length).parse(instruction)
    if json_output:
        echo_json(call.model_dump_json(indent=2))
    else:
        typer.echo(render_call(call))


def _read_text(text: str | None) -> str:
    """The instruction from the argument, or from stdin read as bytes and decoded strictly."""
    if text is not None and text != "-":
        return text
    stdin = typer.get_binary_stream("stdin")
    if text is None and stdin.isatty():  # reading would wait for input nobody knows to type
        raise typer.BadParameter("give the instruction, or pipe it on stdin", param_hint="TEXT")
    from instrux.parsing.text import decode_input

    return decode_input(stdin.read())


# --- listings --------------------------------------------------------------------------------


@app.command("list")
def list_instructions(
    ctx: typer.Context,
    json_output: JsonOption = False,
    plugin: Annotated[
        str | None, typer.Option("--plugin", metavar="P", help="Only this plugin's.")
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", metavar="T", help="Only with this tag.")
    ] = None,
    prefix: Annotated[
        str | None, typer.Option("--prefix", help="Only names starting with this (e.g. 'math.').")
    ] = None,
) -> None:
    """List instructions: arguments with types, executor, plugin and an example."""
    with instrux_errors(json_output):
        infos = engine_from_context(ctx).instructions(plugin=plugin, tag=tag, prefix=prefix)
    if json_output:
        echo_json(models_json(infos))
    else:
        print_rich(render_instructions(infos))


@app.command()
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Instruction name, e.g. math.add.")],
    json_output: JsonOption = False,
) -> None:
    """Show one instruction in full: arguments, schemas, examples and executors."""
    with instrux_errors(json_output):
        info = engine_from_context(ctx).instruction(name)
    if json_output:
        echo_json(info.model_dump_json(indent=2))
    else:
        print_rich(render_instruction(info))


@app.command()
def plugins(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """List plugins (loaded, disabled or failed) with their hooks and instructions."""
    with instrux_errors(json_output):
        infos = engine_from_context(ctx).plugins()
    if json_output:
        echo_json(models_json(infos))
    else:
        print_rich(render_plugins(infos))


# --- command modules of other teams ----------------------------------------------------------


def register_command_modules(
    modules: Sequence[str] = COMMAND_MODULES,
    *,
    root: typer.Typer = app,
    train: typer.Typer = train_app,
    evaluate: typer.Typer = eval_app,
) -> list[str]:
    """Import each module and let it add its commands; returns the modules registered."""
    registered: list[str] = []
    for name in modules:
        module = _import_command_module(name)
        if module is not None:
            module.register(root, train, evaluate)
            registered.append(name)
    return registered


def _import_command_module(name: str) -> CommandModule | None:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name == name:  # not written yet; a missing dependency inside it is a bug
            return None
        raise
    if not callable(getattr(module, "register", None)):
        raise TypeError(f"{name} must define register(app, train_app, eval_app) -> None")
    return cast(CommandModule, module)


def _add_sub_apps() -> None:
    # An empty group would show in --help and fail when used; add only those with commands.
    for sub_app, name in ((train_app, "train"), (eval_app, "eval")):
        if sub_app.registered_commands or sub_app.registered_groups:
            app.add_typer(sub_app, name=name)


register_command_modules()
_add_sub_apps()


def main() -> None:
    """Console script entry point (``instrux``)."""
    app(prog_name="instrux")


if __name__ == "__main__":
    main()
