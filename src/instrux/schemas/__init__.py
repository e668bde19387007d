"""Pydantic contracts shared by the Python API, the CLI's ``--json`` output and HTTP."""

from instrux.schemas.call import Call, Execution, Result, Route
from instrux.schemas.errors import (
    AmbiguousInstructionError,
    Candidate,
    ConfigurationError,
    DuplicateRegistrationError,
    ErrorInfo,
    ExecutorError,
    InstructionRunError,
    InstruxError,
    InvalidArgumentsError,
    InvalidInputError,
    InvalidSpecError,
    NoMatchError,
    OutOfRangeError,
    PluginError,
    UnknownNameError,
)
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec, example_slots
from instrux.schemas.listing import InstructionInfo, PluginInfo

__all__ = [
    "AmbiguousInstructionError",
    "Call",
    "Candidate",
    "ConfigurationError",
    "DuplicateRegistrationError",
    "ErrorInfo",
    "Execution",
    "ExecutorError",
    "ExecutorSpec",
    "InstructionInfo",
    "InstructionRunError",
    "InstructionSpec",
    "InstruxError",
    "InvalidArgumentsError",
    "InvalidInputError",
    "InvalidSpecError",
    "NoMatchError",
    "OutOfRangeError",
    "PluginError",
    "PluginInfo",
    "Result",
    "Route",
    "UnknownNameError",
    "example_slots",
]
