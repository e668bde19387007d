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

from instrux.engine import Engine
from instrux.plugins import FunctionExecutor, RouteRequest, executor, hookimpl, hookspec
from instrux.schemas import (
    AmbiguousInstructionError,
    Call,
    Candidate,
    ConfigurationError,
    DuplicateRegistrationError,
    ErrorInfo,
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
    NoMatchError,
    PluginError,
    PluginInfo,
    Result,
    Route,
    UnknownNameError,
)

__version__ = "0.1.0"

__all__ = [
    "AmbiguousInstructionError",
    "Call",
    "Candidate",
    "ConfigurationError",
    "DuplicateRegistrationError",
    "Engine",
    "ErrorInfo",
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
    "InvalidSpecError",
    "NoMatchError",
    "PluginError",
    "PluginInfo",
    "Result",
    "Route",
    "RouteRequest",
    "UnknownNameError",
    "__version__",
    "executor",
    "hookimpl",
    "hookspec",
]
