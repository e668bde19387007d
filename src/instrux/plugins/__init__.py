"""The plugin system: hook specifications, the plugin host and the built-in plugins."""

from instrux.plugins.function_executor import FunctionExecutor, executor
from instrux.plugins.hookspecs import hookimpl, hookspec
from instrux.plugins.manager import ENTRY_POINT_GROUP, PluginHost
from instrux.plugins.types import (
    CommandGroups,
    PlanRequest,
    RegisterExecutor,
    RegisterInstruction,
    RegisterModel,
    RouteRequest,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "CommandGroups",
    "FunctionExecutor",
    "PlanRequest",
    "PluginHost",
    "RegisterExecutor",
    "RegisterInstruction",
    "RegisterModel",
    "RouteRequest",
    "executor",
    "hookimpl",
    "hookspec",
]
