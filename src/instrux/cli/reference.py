"""Generate ``docs/cli.md`` from the command tree, so the CLI reference cannot drift.

``python -m instrux.cli.reference > docs/cli.md`` writes it; a test regenerates it and fails
when the committed file differs (the same text ``--help`` shows, without terminal styling).
"""

from __future__ import annotations

from typing import Any

import typer

__all__ = ["markdown_reference"]

HEADER = """# CLI reference

Generated from the command tree by `python -m instrux.cli.reference > docs/cli.md`
(a test fails when this file is out of date). `instrux COMMAND --help` shows the same.
"""

# Typer ships its own copy of click, so commands and parameters are handled by duck typing.
Command = Any
Parameter = Any


def markdown_reference() -> str:
    """The reference of the built-in commands: installed plugin packages (entry points) add
    commands of their own, which their own documentation describes."""
    from instrux.cli.main import build_app, startup_settings

    builtin_only = startup_settings().model_copy(update={"plugins": frozenset()})
    root = typer.main.get_command(build_app(settings=builtin_only))
    lines = [HEADER]
    _command(root, "instrux", lines)
    return "\n".join(lines).rstrip() + "\n"


def _command(command: Command, path: str, lines: list[str]) -> None:
    lines += [f"## `{path}`", "", _help(command), ""]
    params = [p for p in command.params if not _hidden(p)]
    if params:
        lines += ["| argument / option | help |", "|---|---|"]
        lines += [f"| {_names(p)} | {_param_help(p)} |" for p in params]
        lines.append("")
    if hasattr(command, "commands"):
        for name in sorted(command.commands):
            _command(command.commands[name], f"{path} {name}", lines)


def _help(command: Command) -> str:
    text = (command.help or command.short_help or "").strip()
    return " ".join(text.split("\n\n")[0].split()) + _rest(text)


def _rest(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")[1:] if p.strip()]
    return "".join(f"\n\n{p}" for p in paragraphs)


def _hidden(param: Parameter) -> bool:
    return bool(getattr(param, "hidden", False)) or param.name in {
        "install_completion",
        "show_completion",
    }


def _names(param: Parameter) -> str:
    if param.param_type_name == "argument":
        return f"`{(param.metavar or param.name or '').upper()}`"
    return ", ".join(f"`{opt}`" for opt in [*param.opts, *param.secondary_opts])


def _param_help(param: Parameter) -> str:
    text = getattr(param, "help", None) or ""
    return " ".join(text.split()).replace("|", "\\|")


if __name__ == "__main__":
    print(markdown_reference(), end="")
