"""Engine options shared by every command, and the one place the CLI builds an engine.

The options can be given before the command (``instrux --executor-kind python list``), where
they apply to every command, or after ``run`` / ``parse`` (``instrux run --executor-kind
python "2 plus 2"``), where they override the global ones. Command modules of other teams get
an engine configured the same way with :func:`engine_from_context`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # the engine is imported only when a command needs it
    from instrux.engine import Engine

__all__ = [
    "DeviceOption",
    "EngineOptions",
    "ExecutorKindOption",
    "JsonOption",
    "MaxLengthOption",
    "build_engine",
    "engine_from_context",
    "options_from_context",
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
        help="Reject instructions longer than N characters (exit 7).",
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
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON on stdout (errors too, besides stderr).")
]


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """How to build the engine; ``None`` leaves the engine's own default."""

    executor_kind: str | None = None
    max_length: int | None = None
    device: str | None = None

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


def build_engine(options: EngineOptions) -> Engine:
    """An engine built with ``options`` (imports the engine here, not at CLI import)."""
    from instrux.engine import Engine

    if options.device is not None:
        from instrux.runtime.onnx import DEVICE_ENV, resolve_device

        # ONNX sessions read the device when they are first created; the CLI is the process
        # boundary, so setting the variable here is how the option reaches them.
        os.environ[DEVICE_ENV] = resolve_device(options.device)
    if options.max_length is None:
        return Engine(prefer_executor_kind=options.executor_kind)
    return Engine(prefer_executor_kind=options.executor_kind, max_text_length=options.max_length)


def options_from_context(ctx: typer.Context) -> EngineOptions:
    """The global options set by the app's callback (defaults when run without it)."""
    found = ctx.find_object(EngineOptions)
    return found if found is not None else EngineOptions()


def engine_from_context(
    ctx: typer.Context,
    executor_kind: str | None = None,
    max_length: int | None = None,
    device: str | None = None,
) -> Engine:
    """An engine from the global options, overridden by a command's own options."""
    return build_engine(options_from_context(ctx).override(executor_kind, max_length, device))
