"""Output: plain values, rich tables for people, and JSON (the pydantic contracts) for programs.

JSON is written with ``typer.echo`` exactly as pydantic serialises it, never through rich, so
that what programs read is the schema and nothing else. Text from plugins (descriptions,
examples such as ``"[the] sum of {a} and {b}"``) is wrapped in :class:`rich.text.Text` so rich
never reads it as markup.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic_core import to_json
from rich.console import Console, Group, RenderableType
from rich.json import JSON
from rich.table import Table
from rich.text import Text

from instrux.schemas.call import Call
from instrux.schemas.errors import Candidate
from instrux.schemas.listing import ExecutorInfo, InstructionInfo, PluginInfo

__all__ = [
    "format_value",
    "print_rich",
    "render_call",
    "render_instruction",
    "render_instructions",
    "render_plugins",
]

STATUS_STYLES = {
    "loaded": "green",
    "disabled": "yellow",
    "failed": "bold red",
    "no_hooks": "yellow",
}


# --- plain values and JSON ---------------------------------------------------------------------


def format_value(value: Any) -> str:
    """A result value as one would type it: ``8``, ``3.5``, text as is, anything else as JSON.

    Floats use ``repr`` (the shortest text that reads back as the same float).
    """
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _integer_text(value)  # not via JSON: exact for big integers of any size
    return to_json(value, fallback=repr).decode()


def _integer_text(value: int) -> str:
    try:
        return str(value)
    except ValueError:  # Python refuses over 4,300 digits by default (a guard against DoS);
        # the engine already bounded the value (math.power: 10,000 digits), so print it whole.
        sys.set_int_max_str_digits(0)
        return str(value)


def print_rich(renderable: RenderableType) -> None:
    Console().print(renderable)


# --- parse -----------------------------------------------------------------------------------


def render_call(call: Call) -> str:
    """A parsed call as aligned ``field  value`` lines (plain text: easy to read and to grep)."""
    route = call.route
    rows = {
        "instruction": call.instruction,
        "arguments": _arguments(call.arguments.model_dump()) or "(none)",
        "tier": route.tier,
        "score": f"{route.score:.3f}",
        "explanation": route.explanation,
        "alternatives": _candidates(route.alternatives) or "(none)",
    }
    width = max(len(label) for label in rows) + 2
    return "\n".join(f"{label:<{width}}{value}" for label, value in rows.items())


def _arguments(arguments: Mapping[str, Any]) -> str:
    # Strings are quoted here so that 'a b' is not read as two arguments.
    return ", ".join(
        f"{name}={value!r}" if isinstance(value, str) else f"{name}={format_value(value)}"
        for name, value in arguments.items()
    )


def _candidates(candidates: Iterable[Candidate]) -> str:
    return ", ".join(f"{c.instruction} ({c.score:.2f})" for c in candidates)


# --- list / show -----------------------------------------------------------------------------


def render_instructions(infos: Sequence[InstructionInfo]) -> Table:
    """One row per instruction: name, typed arguments, executor, plugin, first example."""
    table = Table(title=f"{len(infos)} instruction(s)", title_justify="left")
    table.add_column("name", style="cyan", no_wrap=True)
    for column in ("arguments", "executor", "plugin", "example"):
        table.add_column(column, overflow="fold")
    for info in infos:
        table.add_row(
            Text(info.name),
            Text(_typed_arguments(info.arguments)),
            Text(info.executor or "(none)"),
            Text(info.plugin),
            Text(info.examples[0] if info.examples else ""),
        )
    return table


def _typed_arguments(arguments: Mapping[str, str]) -> str:
    return ", ".join(f"{name}: {kind}" for name, kind in arguments.items())


def render_instruction(info: InstructionInfo) -> Group:
    """One instruction in full: description, arguments, schemas, examples, executors."""
    header = Text()
    header.append(info.name, style="bold cyan")
    header.append(f"  (plugin {info.plugin}" + _tags(info.tags) + ")", style="dim")
    return Group(
        header,
        Text(info.description),
        Text(""),
        _argument_table(info),
        Text("arguments schema", style="bold"),
        JSON(json.dumps(info.arguments_schema)),
        Text("result schema", style="bold"),
        JSON(json.dumps(info.result_schema)),
        Text("examples", style="bold"),
        *_examples(info),
        Text(""),
        _executor_table(info.executors, info.executor),
    )


def _examples(info: InstructionInfo) -> list[Text]:
    """The examples, under a heading per language when they are in several."""
    languages = info.examples_by_language or {"en": info.examples}
    if len(languages) == 1:
        return [Text(f"  {example}") for example in info.examples or ["(none)"]]
    lines: list[Text] = []
    for language, examples in languages.items():
        lines.append(Text(f"  [{language}]", style="dim"))
        lines.extend(Text(f"    {example}") for example in examples)
    return lines


def _tags(tags: Sequence[str]) -> str:
    return f", tags {', '.join(tags)}" if tags else ""


def _argument_table(info: InstructionInfo) -> Table:
    schema = info.arguments_schema
    required = set(schema.get("required", []))
    properties: Mapping[str, Mapping[str, Any]] = schema.get("properties", {})
    table = Table(title="arguments", title_justify="left")
    for column in ("name", "type", "required", "default", "description"):
        table.add_column(column)
    for name, kind in info.arguments.items():
        prop = properties.get(name, {})
        default = format_value(prop["default"]) if "default" in prop else ""
        table.add_row(
            Text(name),
            Text(kind),
            Text("yes" if name in required else "no"),
            Text(default),
            Text(str(prop.get("description", ""))),
        )
    return table


def _executor_table(executors: Sequence[ExecutorInfo], chosen: str | None) -> Table:
    table = Table(title="executors (* = used now)", title_justify="left")
    for column in ("", "name", "kind", "plugin", "priority", "batched"):
        table.add_column(column)
    for ex in executors:
        table.add_row(
            Text("*" if ex.name == chosen else ""),
            Text(ex.name),
            Text(ex.kind),
            Text(ex.plugin),
            Text(str(ex.priority)),
            Text("yes" if ex.batched else "no"),
        )
    return table


# --- plugins ---------------------------------------------------------------------------------


def render_plugins(infos: Sequence[PluginInfo]) -> Table:
    """One row per plugin, loaded or not: the reason when it failed or has no hooks, and the
    names it registers that another plugin registers too."""
    # Version, error and conflicts are often empty for every plugin; their columns then only
    # take width.
    optional = {
        "version": any(info.version for info in infos),
        "error": any(info.error for info in infos),
        "conflicts": any(info.conflicts for info in infos),
    }
    columns = ["name", "source", "status", "version", "hooks", "instructions", "error",
               "conflicts"]  # fmt: skip
    shown = [c for c in columns if optional.get(c, True)]
    table = Table(title=f"{len(infos)} plugin(s)", title_justify="left")
    for column in shown:
        table.add_column(column, no_wrap=column == "name", overflow="fold")
    for info in infos:
        cells = {
            "name": Text(info.name, style="cyan"),
            "source": Text(info.source),
            "status": Text(info.status, style=STATUS_STYLES.get(info.status, "")),
            "version": Text(info.version or ""),
            "hooks": Text("\n".join(info.hooks)),
            "instructions": Text("\n".join(info.instructions)),
            "error": Text(info.error or "", style="red"),
            "conflicts": Text("\n".join(info.conflicts), style="bold red"),
        }
        table.add_row(*(cells[column] for column in shown))
    return table
