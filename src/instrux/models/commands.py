"""Commands of the model layer: ``instrux models list|build`` and ``instrux setup``.

Added by the built-in plugin ``instrux.models``. Only typer is imported here; models load
inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from instrux.plugins.commands import (
    CacheDirOption,
    DeviceOption,
    JsonOption,
    command_host,
    instrux_errors,
    print_json,
)

if TYPE_CHECKING:
    from instrux.plugins.types import CommandGroups
    from instrux.schemas.models import ModelInfo

__all__ = ["add_model_commands", "build_model", "list_models", "setup"]


def add_model_commands(cli: CommandGroups) -> None:
    group = typer.Typer(help="Sentence encoders and language models.", no_args_is_help=True)
    group.command("list")(list_models)
    group.command("build")(build_model)
    cli.app.add_typer(group, name="models")
    cli.app.command("setup")(setup)


def list_models(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """Every registered model: what it is, whether it is available here and how to get it."""
    with instrux_errors(json_output):
        models = command_host(ctx).engine().models()
    if json_output:
        print_json([m.model_dump(mode="json") for m in models])
        return
    for info in models:
        typer.echo(_line(info))


def _line(info: ModelInfo) -> str:
    state = "ready" if info.ready else "available" if info.available else "missing"
    mark = "*" if info.default else " "
    languages = ",".join(info.languages[:6]) + ("..." if len(info.languages) > 6 else "")
    size = f"{info.dimension}d" if info.dimension else "-"
    head = f"{mark} {info.name:<24} {info.kind:<8} {state:<9} {size:<5} {languages:<20}"
    how = info.missing and f"  needs: {info.source.install or info.missing}"
    return head + (
        how or (f"  build: {info.source.build}" if not info.ready and info.source.build else "")
    )


def build_model(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(help="A model name or alias (default: the settings' encoder).")
    ] = None,
    int8: Annotated[bool, typer.Option("--int8", help="Also prepare the int8 encoder.")] = False,
    device: DeviceOption = None,
    cache_dir: CacheDirOption = None,
    json_output: JsonOption = False,
) -> None:
    """Prepare a model now (export, convert, unpack into the cache), not on first use."""
    with instrux_errors(json_output):
        paths = _build(ctx, name, int8, device, cache_dir)
    _report(paths, json_output)


def setup(
    ctx: typer.Context,
    int8: Annotated[
        bool,
        typer.Option("--int8", help="Prepare the int8 encoder (default: INSTRUX_SEMANTIC_INT8)."),
    ] = False,
    device: DeviceOption = None,
    cache_dir: CacheDirOption = None,
    json_output: JsonOption = False,
) -> None:
    """Prepare the semantic tier's encoder now (`instrux models build` of the settings' one).

    Without it, the first instruction that reaches the semantic tier does it (about 30 s for
    the default encoder). It writes the graphs under the cache directory and opens each on the
    device, so that an unusable device fails here; running it again only checks the files.
    """
    with instrux_errors(json_output):
        paths = _build(ctx, None, int8, device, cache_dir)
    _report(paths, json_output)


def _build(
    ctx: typer.Context, name: str | None, int8: bool, device: str | None, cache_dir: Path | None
) -> dict[str, object]:
    from instrux.models.load import load_model_spec

    host = command_host(ctx)
    settings = host.settings(
        device=device, cache_dir=cache_dir, semantic_int8=True if int8 else None
    )
    engine = host.engine()
    spec = engine.registry.model(name or settings.encoder).spec
    load_model_spec(spec, settings)  # checks that it is available
    paths = spec.loader.build(settings)
    return {
        "model": spec.name,
        "cache_dir": str(settings.cache_dir),
        "int8": settings.semantic_int8,
        "device": settings.device,
        "paths": [str(path) for path in paths],
    }


def _report(report: dict[str, object], json_output: bool) -> None:
    if json_output:
        print_json(report)
        return
    typer.echo(f"{report['model']} ready under {report['cache_dir']}:")
    for path in report["paths"]:  # type: ignore[attr-defined]
        typer.echo(f"  {path}")
