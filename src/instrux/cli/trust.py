"""``instrux eval trust``: right / refused / wrong per kind of case, every wrong answer listed.

A command of the command line itself (:func:`instrux.cli.commands.add_core_commands`). The
cases are the project's development set (``tests/data/trust`` in a source
checkout) unless ``--data`` names another folder of ``*.jsonl`` files (see
:mod:`instrux.trust.cases`).
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated

import typer

from instrux.cli.options import build_engine, options_from_context
from instrux.cli.render import print_rich
from instrux.plugins.commands import JsonOption, instrux_errors
from instrux.schemas.errors import InvalidInputError

if TYPE_CHECKING:
    from rich.table import Table

    from instrux.plugins.types import CommandGroups
    from instrux.trust import TrustReport

__all__ = ["add_trust_commands", "eval_trust_command", "render_report"]


class SplitChoice(StrEnum):
    heldout = "heldout"
    dev = "dev"
    all = "all"


def add_trust_commands(cli: CommandGroups) -> None:
    """Add ``eval trust``."""
    cli.eval.command("trust")(eval_trust_command)


def eval_trust_command(
    ctx: typer.Context,
    split: Annotated[
        SplitChoice,
        typer.Option(help="Which cases: heldout (never tuned on), dev, or all."),
    ] = SplitChoice.heldout,
    data: Annotated[
        Path | None,
        typer.Option(help="Folder of KIND.jsonl case files (default: tests/data/trust)."),
    ] = None,
    plugin: Annotated[
        list[str] | None,
        typer.Option(
            "--plugin",
            help="A plugin the cases are about: a .py file or an importable module, "
            "optionally :ATTRIBUTE (a class or object in it), as in an entry point "
            "(repeatable); loaded besides the installed ones.",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Count right / refused / wrong answers per kind of instruction; list every wrong one."""
    from instrux.trust import default_cases_dir, evaluate, load_cases

    splits = ("dev", "heldout") if split is SplitChoice.all else (split.value,)
    with instrux_errors(json_output):
        cases = load_cases(data or default_cases_dir(), splits)
        options = options_from_context(ctx)
        extra = dict(_load_plugin(name) for name in plugin or ())
        engine = build_engine(replace(options, plugins={**options.plugins, **extra}))
        report = evaluate(engine, cases, splits)
    if json_output:
        typer.echo(report.model_dump_json(indent=2, exclude={"outcomes"}))
        return
    print_rich(render_report(report))
    for wrong in report.wrong:
        typer.echo(
            f"WRONG [{_where(wrong.lang, wrong.kind)}] {wrong.text!r}: answered {wrong.answer!r} "
            f"({wrong.instruction}), expected {wrong.expected!r}"
        )


def _where(lang: str, kind: str) -> str:
    return kind if lang == "en" else f"{lang}/{kind}"


def _load_plugin(given: str) -> tuple[str, object]:
    """``(name, plugin)`` for ``FILE.py[:ATTRIBUTE]`` or ``MODULE[:ATTRIBUTE]``.

    Without an attribute the module's plugin object, as for a built-in (its ``plugin``).
    """
    from instrux.plugins.manager import plugin_of

    name, _, attribute = given.partition(":")
    module = _load_module(name)
    if not attribute:
        return module.__name__, plugin_of(module)
    if not hasattr(module, attribute):
        raise InvalidInputError(
            f"{name} has no attribute {attribute!r}.",
            hint="Name a class or object of the module after the colon.",
            reason="bad_plugin",
        )
    return f"{module.__name__}:{attribute}", getattr(module, attribute)


def _load_module(name: str) -> ModuleType:
    import importlib
    import importlib.util
    import sys

    path = Path(name)
    if path.suffix != ".py":
        try:
            return importlib.import_module(name)
        except ImportError as err:
            raise InvalidInputError(
                f"Plugin module {name!r} cannot be imported: {err}",
                hint="Give a .py file or a module on PYTHONPATH.",
                reason="bad_plugin",
            ) from None
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if not path.is_file() or spec is None or spec.loader is None:
        raise InvalidInputError(
            f"Plugin file {name} does not exist.",
            hint="Give the path of a .py file.",
            reason="bad_plugin",
        )
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs, as an import would: pydantic resolves the module's
    # annotations through sys.modules, and the plugin may import its siblings.
    sys.modules[path.stem] = module
    sys.path.insert(0, str(path.parent.resolve()))
    spec.loader.exec_module(module)
    return module


def render_report(report: TrustReport) -> Table:
    from rich.table import Table

    table = Table(title=f"Trust ({', '.join(report.splits)} split)")
    several = bool(report.languages)
    columns = ("language", "kind") if several else ("kind",)
    for column in (*columns, "cases", "right", "refused", "wrong"):
        table.add_column(column, justify="left" if column in columns else "right")
    scores = [*report.by_language, *report.languages] if several else report.kinds
    for score in [*scores, report.total]:
        share = {name: getattr(score, name) / max(score.cases, 1) for name in ("right", "wrong")}
        table.add_row(
            *((score.lang or "all",) if several else ()),
            score.kind,
            str(score.cases),
            f"{score.right} ({share['right']:.0%})",
            str(score.refused),
            f"{score.wrong} ({share['wrong']:.0%})",
        )
    return table
