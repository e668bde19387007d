"""Engine options shared by every command, and the one place the CLI builds an engine.

The options can be given before the command (``instrux --executor-kind python list``), where
they apply to every command, or after ``run`` / ``parse`` (``instrux run --executor-kind
python "2 plus 2"``), where they override the global ones. They become a
:class:`~instrux.settings.Settings` (``INSTRUX_*`` variables, overridden by the options) that
is handed to the engine: the CLI never writes the process environment. Command plugins get
the same settings with :func:`settings_from_context` and an engine configured the same way
with :func:`engine_from_context`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from instrux.plugins.commands import JsonOption, warn
from instrux.schemas.errors import ConfigurationError
from instrux.settings import Settings, load_settings

if TYPE_CHECKING:  # the engine is imported only when a command needs it
    from instrux.engine import Engine

__all__ = [
    "DeviceOption",
    "EngineOptions",
    "ExecutorKindOption",
    "JsonOption",
    "MaxLengthOption",
    "TraceOption",
    "build_engine",
    "build_settings",
    "engine_from_context",
    "options_from_context",
    "settings_from_context",
]

ExecutorKindOption = Annotated[
    str | None,
    typer.Option(
        "--executor-kind",
        metavar="KIND",
        help="Use executors of this kind when an instruction has one "
        "(e.g. 'python' for the exact reference executors). Default: INSTRUX_EXECUTOR_KIND, "
        "else the highest-priority executor.",
    ),
]
MaxLengthOption = Annotated[
    int | None,
    typer.Option(
        "--max-length",
        metavar="N",
        min=1,
        help="Reject instructions longer than N characters (exit 7). "
        "Default: INSTRUX_MAX_TEXT_LENGTH, else 10000.",
    ),
]
DeviceOption = Annotated[
    str | None,
    typer.Option(
        "--device",
        metavar="DEVICE",
        help="Where ONNX executors run: auto (CUDA when onnxruntime-gpu sees a GPU, else CPU), "
        "cpu or cuda. Default: INSTRUX_DEVICE, else auto.",
    ),
]
TraceOption = Annotated[
    bool,
    typer.Option("--trace", help="Trace every plugin hook call to stderr (INSTRUX_TRACE)."),
]

# Settings field -> the option that sets it, so an error names what the user typed.
OPTION_NAMES = {
    "device": "--device",
    "executor_kind": "--executor-kind",
    "max_text_length": "--max-length",
    "trace": "--trace",
    "cache_dir": "--cache-dir",
    "semantic_int8": "--int8",
}


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """How to build the engine; ``None`` leaves the value of the settings (environment).

    ``plugins`` are extra plugin objects by name (see :func:`instrux.cli.main.build_app`),
    given to every engine the commands build; ``reported`` names the plugins already warned
    about when the app was built (not warned about again).
    """

    executor_kind: str | None = None
    max_length: int | None = None
    device: str | None = None
    trace: bool | None = None
    plugins: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    reported: frozenset[str] = frozenset()

    def settings(self, **changes: Any) -> Settings:
        """The settings of this invocation (the :class:`CommandHost` protocol)."""
        return build_settings(self, **changes)

    def engine(self, **changes: Any) -> Engine:
        """An engine with these options, ``changes`` (engine options) on top."""
        return build_engine(self.override(**changes))

    def override(
        self,
        executor_kind: str | None = None,
        max_length: int | None = None,
        device: str | None = None,
    ) -> EngineOptions:
        """These options, with the given (non-``None``) values taking precedence."""
        return replace(
            self,
            executor_kind=executor_kind if executor_kind is not None else self.executor_kind,
            max_length=max_length if max_length is not None else self.max_length,
            device=device if device is not None else self.device,
        )


def build_settings(options: EngineOptions, **extra: Any) -> Settings:
    """``INSTRUX_*`` settings overridden by ``options`` (and ``extra`` settings fields).

    A bad variable is reported by its name (``load_settings``); a bad option value by the
    option's name, since that is what the user typed.
    """
    base = load_settings()
    changes = {
        "executor_kind": options.executor_kind,
        "max_text_length": options.max_length,
        "device": options.device,
        "trace": options.trace,
    }
    # A command's own option left unset (None) must not hide the global one.
    changes.update((name, value) for name, value in extra.items() if value is not None)
    try:
        return base.with_options(**changes)
    except ConfigurationError as err:
        raise _option_error(err, changes) from None


def _option_error(err: ConfigurationError, changes: Mapping[str, Any]) -> ConfigurationError:
    setting = str(err.details.get("setting", ""))
    option = OPTION_NAMES.get(setting)
    if option is None or changes.get(setting) is None:  # not from an option: keep it as is
        return err
    problem = str(err.details.get("problem", "invalid value"))
    value = changes[setting]
    return ConfigurationError(
        f"Invalid value {value!r} for {option}: {problem}.",
        hint=f"Fix {option}, or leave it out to use INSTRUX_{setting.upper()} or the default.",
        details={"option": option, "value": str(value), "problem": problem},
    )


def build_engine(options: EngineOptions) -> Engine:
    """An engine built with ``options`` (imports the engine here, not at CLI import)."""
    from instrux.engine import Engine

    engine = Engine(plugins=dict(options.plugins), settings=build_settings(options))
    # The engine leaves out a plugin that fails (and goes on); say so, once per plugin.
    for info in engine.plugins():
        if info.status == "failed" and info.name not in options.reported:
            warn(f"plugin {info.name!r} failed and was left out: {info.error}")
    return engine


def options_from_context(ctx: typer.Context) -> EngineOptions:
    """The global options set by the app's callback (defaults when run without it)."""
    found = ctx.find_object(EngineOptions)
    return found if found is not None else EngineOptions()


def settings_from_context(ctx: typer.Context, **changes: Any) -> Settings:
    """The settings of this invocation: environment, global options, then ``changes``.

    ``changes`` are :class:`~instrux.settings.Settings` fields (``None`` values are ignored),
    e.g. a command's own ``--device``: ``settings_from_context(ctx, device=device)``.
    """
    return build_settings(options_from_context(ctx), **changes)


def engine_from_context(
    ctx: typer.Context,
    executor_kind: str | None = None,
    max_length: int | None = None,
    device: str | None = None,
) -> Engine:
    """An engine from the global options, overridden by a command's own options."""
    return build_engine(options_from_context(ctx).override(executor_kind, max_length, device))
