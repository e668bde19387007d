"""``instrux serve`` (the HTTP API and playground on uvicorn, or a Ray Serve deployment) and
``instrux llm serve`` (the local language model as an OpenAI-compatible endpoint, on the same
server).

Commands of the command line itself (:func:`instrux.cli.commands.add_core_commands`). FastAPI,
uvicorn and Ray are imported inside the commands, so ``instrux --help`` stays fast and works
without the ``server`` extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from instrux.cli.options import options_from_context, settings_from_context
from instrux.llm.commands import LLM_GROUP_HELP
from instrux.plugins.commands import instrux_errors, warn
from instrux.schemas.errors import ConfigurationError

if TYPE_CHECKING:
    from instrux.plugins.types import CommandGroups

__all__ = ["add_serve_commands", "llm_serve", "serve"]
LOOPBACK = ("127.0.0.1", "localhost", "::1")  # hosts only this machine reaches


def add_serve_commands(cli: CommandGroups) -> None:
    """``instrux serve`` and ``instrux llm serve``."""
    cli.app.command("serve")(serve)
    cli.group("llm", LLM_GROUP_HELP).command("serve")(llm_serve)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes, one engine each (not with --ray).")
    ] = 1,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="INSTRUX_SERVE_TOKEN",
            help="Require 'Authorization: Bearer TOKEN' on /v1/* and /metrics (or set "
            "INSTRUX_SERVE_TOKEN: a token on the command line shows in ps).",
            show_default=False,
        ),
    ] = None,
    max_body: Annotated[int, typer.Option(min=1, help="Largest request body, bytes.")] = 1 << 20,
    max_batch: Annotated[int, typer.Option(min=1, help="Most texts per /v1/run_many.")] = 256,
    timeout: Annotated[float, typer.Option(min=0.001, help="Per-request limit, seconds.")] = 30.0,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(help="Allow this browser origin (repeatable). Default: CORS off."),
    ] = None,
    warmup: Annotated[
        bool, typer.Option(help="Load the semantic encoder before the first request.")
    ] = True,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            help="Answer requests whose Host header is this name (repeatable; '*': any). "
            "Default: the loopback names on a loopback --host, else any.",
            show_default=False,
        ),
    ] = None,
    ray: Annotated[
        bool, typer.Option("--ray", help="Serve /v1/run and /v1/run_many on Ray Serve.")
    ] = False,
    replicas: Annotated[int, typer.Option(min=1, help="Ray Serve replicas (with --ray).")] = 1,
) -> None:
    """Serve the HTTP API (/v1/...), /docs and the playground at / (needs the "server" extra)."""
    with instrux_errors():
        settings = settings_from_context(ctx)
        _check_extra(("fastapi",), "server", "instrux serve")
        if host not in LOOPBACK:
            warn(f"listening on {host}: reachable from other machines; use --token")
        from pydantic import SecretStr

        from instrux.serve.config import ServeConfig

        config = ServeConfig(
            host=host, port=port, workers=workers, token=SecretStr(token) if token else None,
            max_body_bytes=max_body, max_batch=max_batch, timeout_s=timeout,
            cors_origins=tuple(cors_origin or ()), warmup=warmup,
            allowed_hosts=tuple(allowed_host) if allowed_host else None,
        )  # fmt: skip
        if ray:
            _check_extra(("ray",), "ray", "instrux serve")
            from instrux.serve.ray import serve_with_ray

            typer.echo(f"instrux on Ray Serve: http://{host}:{port} ({replicas} replica(s))")
            serve_with_ray(config, settings, replicas=replicas)
            return
        plugins = options_from_context(ctx).plugins
        engine = None
        if plugins:  # plugins given to build_app (tests) cannot travel to worker processes
            from instrux.cli.options import build_engine

            engine = build_engine(options_from_context(ctx))
        from instrux.serve.server import serve_forever

        typer.echo(f"instrux serving on http://{host}:{port} (playground at /, API docs at /docs)")
        serve_forever(config, settings, engine)


def _check_extra(modules: tuple[str, ...], extra: str, command: str) -> None:
    from importlib.util import find_spec

    missing = [m for m in modules if find_spec(m) is None]
    if missing:
        raise ConfigurationError(
            f"`{command}` needs {' and '.join(modules)}, which "
            f"{'is' if len(modules) == 1 else 'are'} not installed.",
            hint=f"pip install 'instrux[{extra}]'",
            details={"missing": missing[0] if len(missing) == 1 else missing},
        )


def llm_serve(
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
        _check_extra(("fastapi", "uvicorn"), "server", "instrux llm serve")
        if host not in LOOPBACK and not token:
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
