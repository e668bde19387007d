"""The command line's own commands: ``run``, ``parse``, ``list``, ``show``, ``plugins`` (and,
from their modules, ``plan``, ``eval trust``, ``serve``, ``llm serve``).

They are plain functions added to each app :func:`instrux.cli.main.build_app` builds. The
engine is imported inside the commands (through :mod:`instrux.cli.options`), so ``instrux
--help`` never loads an executor runtime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from instrux.cli.options import (
    DeviceOption,
    ExecutorKindOption,
    JsonOption,
    MaxLengthOption,
    engine_from_context,
)
from instrux.cli.render import (
    format_value,
    print_rich,
    render_call,
    render_instruction,
    render_instructions,
    render_plugins,
)
from instrux.plugins.commands import instrux_errors, print_json, warn

if TYPE_CHECKING:
    from instrux.engine import Engine
    from instrux.plugins.types import CommandGroups

__all__ = ["add_core_commands", "list_instructions", "parse", "plugins", "read_text", "run", "show"]

TextArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="TEXT",
        help="The instruction; omit it or give '-' to read UTF-8 bytes from stdin. "
        "Put '--' before text that starts with '-' (instrux run -- \"-3 plus 5\").",
        show_default=False,
    ),
]


def add_core_commands(cli: CommandGroups) -> None:
    """Add the command line's own commands: ``run``, ``parse``, ``list``, ``show``,
    ``plugins``, ``plan``, ``eval trust``, ``serve`` and ``llm serve`` (the features' come
    from their plugins)."""
    from instrux.cli.plan import add_plan_commands
    from instrux.cli.serve import add_serve_commands
    from instrux.cli.trust import add_trust_commands

    app = cli.app
    app.command()(run)
    app.command()(parse)
    app.command("list")(list_instructions)
    app.command()(show)
    app.command()(plugins)
    add_plan_commands(cli)
    add_trust_commands(cli)
    add_serve_commands(cli)


# --- run / parse -----------------------------------------------------------------------------


def run(
    ctx: typer.Context,
    text: TextArgument = None,
    json_output: JsonOption = False,
    executor_kind: ExecutorKindOption = None,
    max_length: MaxLengthOption = None,
    device: DeviceOption = None,
) -> None:
    """Run an instruction and print its value, e.g. instrux run "what is 3 plus 5".

    Several lines on stdin are several instructions: one value per line, in order.
    """
    with instrux_errors(json_output):
        instruction = read_text(text)
        engine = engine_from_context(ctx, executor_kind, max_length, device)
        lines = _instruction_lines(instruction) if text in (None, "-") else [instruction]
        if len(lines) > 1:
            raise typer.Exit(_run_lines(engine, lines, json_output))
        result = engine.run(instruction)
    if json_output:
        print_json(result)
    else:
        typer.echo(format_value(result.value))


def _instruction_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _run_lines(engine: Engine, lines: list[str], json_output: bool) -> int:
    """Run each line as its own instruction (one batch); the exit code of the first failure.

    stdout keeps one line per instruction (empty for a failed one) so that outputs line up
    with inputs; each failure is reported on stderr with its line number.
    """
    from instrux.schemas.errors import InstructionRunError

    outcomes = engine.run_many(lines, return_exceptions=True)
    failures = [o for o in outcomes if isinstance(o, InstructionRunError)]
    if json_output:
        items = [o.to_info() if isinstance(o, InstructionRunError) else o for o in outcomes]
        print_json(items)
    for number, outcome in enumerate(outcomes, 1):
        if isinstance(outcome, InstructionRunError):
            typer.echo(f"Error on line {number}: {outcome}", err=True)
        if not json_output:
            typer.echo(
                "" if isinstance(outcome, InstructionRunError) else format_value(outcome.value)
            )
    return type(failures[0]).exit_code if failures else 0


def parse(
    ctx: typer.Context,
    text: TextArgument = None,
    json_output: JsonOption = False,
    executor_kind: ExecutorKindOption = None,
    max_length: MaxLengthOption = None,
) -> None:
    """Show the call an instruction parses to, without running it."""
    with instrux_errors(json_output):
        instruction = read_text(text)
        call = engine_from_context(ctx, executor_kind, max_length).parse(instruction)
    if json_output:
        print_json(call)
    else:
        typer.echo(render_call(call))


def read_text(text: str | None) -> str:
    """The instruction from the argument, or from stdin read as bytes and decoded strictly."""
    if text is not None and text != "-":
        return text
    stdin = typer.get_binary_stream("stdin")
    if text is None and stdin.isatty():  # reading would wait for input nobody knows to type
        raise typer.BadParameter("give the instruction, or pipe it on stdin", param_hint="TEXT")
    from instrux.parsing.text import decode_input

    return decode_input(stdin.read())


# --- listings --------------------------------------------------------------------------------
# Listings work while plugins conflict (that is how one finds out which to disable); they
# show the conflicts and warn about each on stderr, while run and parse refuse (exit 10).


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
        engine = engine_from_context(ctx)
        infos = engine.instructions(plugin=plugin, tag=tag, prefix=prefix)
    warn_conflicts(engine)
    if json_output:
        print_json(infos)
    else:
        print_rich(render_instructions(infos))


def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Instruction name, e.g. math.add.")],
    json_output: JsonOption = False,
) -> None:
    """Show one instruction in full: arguments, schemas, examples and executors."""
    with instrux_errors(json_output):
        engine = engine_from_context(ctx)
        warn_conflicts(engine)
        info = engine.instruction(name)
    if json_output:
        print_json(info)
    else:
        print_rich(render_instruction(info))


def plugins(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """List plugins (loaded, disabled, failed, no_hooks) with hooks, instructions, conflicts."""
    with instrux_errors(json_output):
        engine = engine_from_context(ctx)
        infos = engine.plugins()
    warn_conflicts(engine)
    if json_output:
        print_json(infos)
    else:
        print_rich(render_plugins(infos))


def warn_conflicts(engine: Engine) -> None:
    """One warning line on stderr per name two plugins both register."""
    for conflict in engine.conflicts:
        warn(f"{conflict.message} Instructions will not run until this is resolved: "
             f"{conflict.hint}")  # fmt: skip
