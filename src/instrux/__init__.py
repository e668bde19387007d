"""instrux: execute natural-language instructions.

Text is routed to a typed call (template tier first, then further tiers that plugins add),
dispatched through pluggy hooks to an executor, and returned as a typed result::

    from instrux import Engine

    engine = Engine()
    result = engine.run("what is 3 plus 5")
    result.value                # 8
    result.call.route.tier      # 'template'

Importing instrux stays light: torch, transformers and onnxruntime are imported only inside
the functions that need them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from instrux.engine import Engine
    from instrux.plugins import (
        CommandGroups,
        FunctionExecutor,
        PlanRequest,
        RegisterExecutor,
        RegisterInstruction,
        RegisterModel,
        RouteRequest,
        executor,
        hookimpl,
        hookspec,
    )
    from instrux.schemas import (
        AmbiguousInstructionError,
        Call,
        Candidate,
        ConfigurationError,
        DeclinedError,
        DuplicateRegistrationError,
        ErrorInfo,
        ExecuteRequest,
        Execution,
        ExecutorError,
        ExecutorSpec,
        InstructionInfo,
        InstructionRunError,
        InstructionSpec,
        InstruxError,
        InvalidArgumentsError,
        InvalidInputError,
        InvalidSpecError,
        ModelInfo,
        ModelSource,
        ModelSpec,
        NoMatchError,
        OutOfRangeError,
        Output,
        PluginError,
        PluginInfo,
        RawArguments,
        Result,
        Route,
        SlotFill,
        SlotFillerSpec,
        UnknownNameError,
    )
    from instrux.schemas.plan import (
        InvalidPlanError,
        Plan,
        PlanResult,
        PlanRoute,
        PlanTimeoutError,
        Ref,
        Step,
    )
    from instrux.settings import Settings, load_settings

# Public names are loaded on first access (PEP 562): `import instrux` costs almost nothing,
# so `instrux --help` and plugins that only need `instrux.hookimpl` start fast.
_LAZY = {
    "CommandGroups": "instrux.plugins",
    "Engine": "instrux.engine",
    "Settings": "instrux.settings",
    "load_settings": "instrux.settings",
    "FunctionExecutor": "instrux.plugins",
    "RouteRequest": "instrux.plugins",
    "RegisterExecutor": "instrux.plugins",
    "RegisterInstruction": "instrux.plugins",
    "RegisterModel": "instrux.plugins",
    "executor": "instrux.plugins",
    "hookimpl": "instrux.plugins.hookspecs",
    "hookspec": "instrux.plugins.hookspecs",
    "PlanRequest": "instrux.plugins",
    **dict.fromkeys(
        ("InvalidPlanError", "Plan", "PlanResult", "PlanRoute", "PlanTimeoutError", "Ref", "Step"),
        "instrux.schemas.plan",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None and name in __all__ and name != "__version__":
        module = "instrux.schemas"
    if module is None:
        raise AttributeError(f"module 'instrux' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__version__ = "0.1.0"

__all__ = [
    "AmbiguousInstructionError",
    "Call",
    "Candidate",
    "CommandGroups",
    "ConfigurationError",
    "DeclinedError",
    "DuplicateRegistrationError",
    "Engine",
    "ErrorInfo",
    "ExecuteRequest",
    "Execution",
    "ExecutorError",
    "ExecutorSpec",
    "FunctionExecutor",
    "InstructionInfo",
    "InstructionRunError",
    "InstructionSpec",
    "InstruxError",
    "InvalidArgumentsError",
    "InvalidInputError",
    "InvalidPlanError",
    "InvalidSpecError",
    "ModelInfo",
    "ModelSource",
    "ModelSpec",
    "NoMatchError",
    "OutOfRangeError",
    "Output",
    "Plan",
    "PlanRequest",
    "PlanResult",
    "PlanRoute",
    "PlanTimeoutError",
    "PluginError",
    "PluginInfo",
    "RawArguments",
    "Ref",
    "RegisterExecutor",
    "RegisterInstruction",
    "RegisterModel",
    "Result",
    "Route",
    "RouteRequest",
    "Settings",
    "SlotFill",
    "SlotFillerSpec",
    "Step",
    "UnknownNameError",
    "__version__",
    "executor",
    "hookimpl",
    "hookspec",
    "load_settings",
]
