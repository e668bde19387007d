"""The ``instrux`` command line: the typer app, built from plugins, and the console script.

:func:`build_app` makes the app: the global options, the command line's own commands
(:mod:`instrux.cli.commands`: ``run``, ``parse``, ``list``, ``show``, ``plugins``, ``plan``,
``eval trust``, ``serve``, ``llm serve``), then the commands plugins add through the
``instrux_register_commands`` hook, called through pluggy on every built-in plugin (each
feature adds its own: ``models``, ``setup``, ``train head|slots|router``, ``train
arithmetic``, ``export``, ``llm setup``, ...) and every entry point of the group ``instrux``
(restricted by ``INSTRUX_PLUGINS``). The module-level :data:`app` is the one the console
script runs.

A command plugin:

- implements ``@instrux.hookimpl def instrux_register_commands(cli: CommandGroups) -> None``
  and adds its commands, e.g. ``cli.train.command("router")(train_router)`` for ``instrux
  train router``, ``cli.app.command("export")(export)`` for ``instrux export`` or
  ``cli.group("llm", help).command("setup")(setup)`` for ``instrux llm setup``;
- is cheap to import: torch, transformers, onnxruntime and the like are imported only inside
  command functions, since every ``instrux`` invocation (``--help`` included) loads it;
- is written with :mod:`instrux.plugins.commands`: ``command_host(ctx).engine()`` and
  ``.settings()`` (the global options applied), ``instrux_errors`` around each command body,
  the one ``JsonOption``, options generated from config models (``options_from``), so that
  options, messages and exit codes are the same across commands.

A plugin that fails to load or whose hook raises gets one warning line on stderr; the rest of
the CLI works. A group (``train``, ``eval``, ``llm``, ...) appears in ``--help`` only once a
command has been added to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Annotated

import typer

from instrux.cli.commands import add_core_commands
from instrux.cli.options import (
    DeviceOption,
    EngineOptions,
    ExecutorKindOption,
    MaxLengthOption,
    TraceOption,
)
from instrux.engine.builtins import BUILTIN_PLUGINS
from instrux.plugins.commands import warn
from instrux.plugins.manager import PluginHost
from instrux.plugins.types import CommandGroups
from instrux.schemas.errors import ConfigurationError
from instrux.settings import Settings, load_settings

__all__ = ["app", "build_app", "load_command_plugins", "main"]

NO_PLUGINS: Mapping[str, object] = MappingProxyType({})


def _version(value: bool) -> None:
    if value:
        from instrux import __version__

        typer.echo(__version__)
        raise typer.Exit()


VersionOption = Annotated[
    bool,
    typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
]


def build_app(
    extra_plugins: Mapping[str, object] = NO_PLUGINS, settings: Settings | None = None
) -> typer.Typer:
    """The ``instrux`` app: global options, core commands and every plugin's commands.

    :param extra_plugins: plugin objects by name, loaded after the entry points (as
        ``Engine(plugins=...)`` loads them): they may add commands, and every engine the
        commands build gets them too. Tests use this to try a plugin without installing it.
    :param settings: which plugins add commands (default: from the environment); the CLI
        reference passes ``plugins=frozenset()`` to document the built-in commands only.
    """
    _quiet_library_logs()
    app = typer.Typer(
        name="instrux",
        no_args_is_help=True,
        # Tracebacks are only for bugs; local variables could hold user text or model weights.
        pretty_exceptions_show_locals=False,
    )
    train = typer.Typer(help="Train models.", no_args_is_help=True)
    evaluate = typer.Typer(help="Evaluate models.", no_args_is_help=True)
    groups = CommandGroups(app, train, evaluate)
    add_core_commands(groups)
    failures = load_command_plugins(groups, extra_plugins, settings)
    for name, reason in failures.items():
        warn(f"plugin {name!r} failed (its commands are left out): {reason}")
    defaults = EngineOptions(plugins=MappingProxyType(dict(extra_plugins)),
                             reported=frozenset(failures))  # fmt: skip
    app.callback()(_callback(defaults))
    _add_sub_apps(app, {"train": train, "eval": evaluate, **groups.groups})
    return app


def load_command_plugins(
    groups: CommandGroups,
    extra_plugins: Mapping[str, object] = NO_PLUGINS,
    settings: Settings | None = None,
) -> dict[str, str]:
    """Load every plugin and let each add its commands; returns plugin -> why it failed.

    Only ``INSTRUX_PLUGINS``, ``INSTRUX_DISABLE_BUILTINS`` and ``INSTRUX_TRACE`` matter here;
    the engine that a command builds later loads the plugins again with all its settings.
    """
    settings = settings if settings is not None else startup_settings()
    # INSTRUX_DISABLE_BUILTINS leaves built-ins out of the engines the commands build, not
    # their commands: `instrux train head` works while the heads plugin is off for routing.
    host = PluginHost(settings.model_copy(update={"disable_builtins": frozenset()}))
    host.load_builtins(BUILTIN_PLUGINS)
    host.load_entry_points()
    for name, plugin in extra_plugins.items():
        host.add(plugin, name)
    failures = {i.name: i.error or "failed to load" for i in host.infos() if i.status == "failed"}
    failures.update(host.register_commands(groups))
    return failures


def startup_settings() -> Settings:
    """The settings from the environment, or the defaults when a variable is invalid.

    ``instrux --help`` must work with a bad ``INSTRUX_*`` variable; every command that builds
    an engine reads the settings again and reports the bad variable (exit 10).
    """
    try:
        return load_settings()
    except ConfigurationError:
        return Settings.model_construct()  # defaults, without reading the environment


def _quiet_library_logs() -> None:
    # The CLI reports plugin failures and conflicts itself, one warning line each; without a
    # handler, logging's last resort would print the library's log lines about them as well.
    logger = logging.getLogger("instrux")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def _callback(defaults: EngineOptions) -> Callable[..., None]:
    """The app's callback: stores the global options for the commands (``ctx.obj``)."""

    def callback(
        ctx: typer.Context,
        executor_kind: ExecutorKindOption = None,
        max_length: MaxLengthOption = None,
        device: DeviceOption = None,
        trace: TraceOption = False,
        version: VersionOption = False,
    ) -> None:
        """Execute natural-language instructions.

        Exit codes: 0 ok, 2 usage, 3 no match, 4 ambiguous, 5 invalid arguments,
        6 executor failed, 7 invalid input, 8 plugin failed, 10 configuration.
        """
        # --trace can only switch tracing on: without it, INSTRUX_TRACE decides.
        ctx.obj = replace(defaults, executor_kind=executor_kind, max_length=max_length,
                          device=device, trace=True if trace else None)  # fmt: skip

    return callback


def _add_sub_apps(app: typer.Typer, groups: Mapping[str, typer.Typer]) -> None:
    # An empty group would show in --help and fail when used; add only those with commands.
    for name, sub_app in groups.items():
        if sub_app.registered_commands or sub_app.registered_groups:
            app.add_typer(sub_app, name=name)


app = build_app()


def main() -> None:
    """Console script entry point (``instrux``)."""
    app(prog_name="instrux")


if __name__ == "__main__":
    main()
