"""``instrux plan TEXT``: the plan of a text, as steps and edges, JSON or a Mermaid graph.

A command of the command line itself (:func:`instrux.cli.commands.add_core_commands`); the
engine is built inside the command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from instrux.cli.commands import TextArgument, read_text
from instrux.cli.options import ExecutorKindOption, JsonOption, MaxLengthOption, engine_from_context
from instrux.cli.render import format_value
from instrux.plugins.commands import instrux_errors, print_json

if TYPE_CHECKING:
    from instrux.plugins.types import CommandGroups
    from instrux.schemas.plan import Plan

__all__ = ["add_plan_commands", "plan", "render_plan"]

MermaidOption = Annotated[
    bool, typer.Option("--mermaid", help="Print the graph as a Mermaid flowchart.")
]


def add_plan_commands(cli: CommandGroups) -> None:
    """Add ``plan``."""
    cli.app.command("plan")(plan)


def plan(
    ctx: typer.Context,
    text: TextArgument = None,
    json_output: JsonOption = False,
    mermaid: MermaidOption = False,
    executor_kind: ExecutorKindOption = None,
    max_length: MaxLengthOption = None,
) -> None:
    """Show the plan of an instruction (its steps and the results they pass), without
    running it, e.g. instrux plan "subtract the sum of 2 and 3 from 10"."""
    with instrux_errors(json_output):
        instruction = read_text(text)
        found = engine_from_context(ctx, executor_kind, max_length).plan(instruction)
    if json_output:
        print_json(found)
    elif mermaid:
        from instrux.plans.graph import to_mermaid

        typer.echo(to_mermaid(found))
    else:
        typer.echo(render_plan(found))


def render_plan(found: Plan) -> str:
    """The plan as plain lines: the planner, one line per step, then the edges."""
    route = found.route
    lines = [f"planner  {route.planner} (score {route.score:.3f}): {route.explanation}"]
    width = max(len(step.id) for step in found.steps)
    for step in found.steps:
        arguments = ", ".join(f"{name}={_value(value)}" for name, value in step.arguments.items())
        marker = "  <- output" if step.id == found.output else ""
        said = f"  {step.text!r}" if step.text else ""
        lines.append(f"{step.id:<{width}}  {step.instruction}({arguments}){said}{marker}")
    for edge in found.edges:
        lines.append(f"edge     {edge.source} -> {edge.target} (argument {edge.argument})")
    return "\n".join(lines)


def _value(value: Any) -> str:
    ref = getattr(value, "ref", None)
    if isinstance(ref, str):
        return f"<{ref}>"
    return repr(value) if isinstance(value, str) else format_value(value)
