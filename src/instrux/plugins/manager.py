"""Loading plugins: built-ins, entry points and plugins passed in code.

Environment variables (read when an engine starts):

- ``INSTRUX_PLUGINS``: comma-separated entry-point names to load; unset loads all, an empty
  value loads none (like llm's ``LLM_LOAD_PLUGINS``).
- ``INSTRUX_DISABLE_BUILTINS``: comma-separated built-in names (``arithmetic`` or
  ``instrux.arithmetic``) to leave out, or ``all``.
- ``INSTRUX_TRACE``: when set, every hook call is traced to stderr.

A plugin that fails to import or raises in a register hook is reported by name (status
``failed`` in :meth:`PluginHost.infos`) and left out; it does not take the engine down. Two
plugins registering the same name is a configuration error and stops start-up.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import logging
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import Any

import pluggy
from pluggy import HookImpl

from instrux.plugins import hookspecs
from instrux.plugins.builtin import BUILTIN_PLUGINS
from instrux.plugins.function_executor import FunctionExecutor
from instrux.registry import Registry
from instrux.schemas.errors import (
    InstructionRunError,
    InstruxError,
    InvalidSpecError,
    PluginError,
)
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec
from instrux.schemas.listing import PluginInfo

__all__ = ["ENTRY_POINT_GROUP", "PluginHost"]

ENTRY_POINT_GROUP = "instrux"
log = logging.getLogger("instrux.plugins")


class PluginHost:
    """A pluggy plugin manager plus what instrux knows about each plugin."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self._infos: dict[str, PluginInfo] = {}
        if os.environ.get("INSTRUX_TRACE"):
            self.pm.trace.root.setwriter(lambda msg: sys.stderr.write(str(msg)))
            self.pm.enable_tracing()

    # --- loading -------------------------------------------------------------------------

    def load_builtins(self, disabled: Iterable[str] = ()) -> None:
        off = _builtin_names(set(disabled) | _env_list("INSTRUX_DISABLE_BUILTINS", default=set()))
        for name, module_path in BUILTIN_PLUGINS.items():
            if name in off:
                self._infos[name] = PluginInfo(name=name, source="builtin", status="disabled")
                continue
            self._load(name, "builtin", functools.partial(_plugin_object, module_path))

    def load_entry_points(self) -> None:
        wanted = _env_list("INSTRUX_PLUGINS", default=None)
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if wanted is not None and ep.name not in wanted:
                self._infos[ep.name] = PluginInfo(
                    name=ep.name, source="entrypoint", status="disabled"
                )
                continue
            version = ep.dist.version if ep.dist is not None else None
            self._load(ep.name, "entrypoint", ep.load, version=version)

    def add(self, plugin: object, name: str | None = None) -> None:
        """Register a plugin object (module, class instance) passed in code."""
        plugin_name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        self._load(plugin_name, "api", lambda: plugin)

    def _load(
        self, name: str, source: str, load: Callable[[], object], version: str | None = None
    ) -> None:
        if name in self._infos and self._infos[name].status == "loaded":
            raise InvalidSpecError(
                f"Two plugins are both named {name!r}.",
                hint="Give the plugin passed in code another name (Engine(plugins={...})).",
                plugin=name,
            )
        try:
            plugin = load()
            if inspect.isclass(plugin):  # a class of hook methods: instantiate it
                plugin = plugin()
            self.pm.register(plugin, name=name)
        except Exception as err:  # reported by name, never fatal
            log.warning("instrux plugin %r failed to load: %s", name, err)
            self._infos[name] = PluginInfo(
                name=name, source=source, status="failed", version=version, error=_reason(err)
            )
            return
        _guard_hookimpls(self.pm, plugin, name)
        hooks = sorted(h.name for h in self.pm.get_hookcallers(plugin) or [])
        self._infos[name] = PluginInfo(
            name=name, source=source, status="loaded", hooks=hooks, version=version
        )

    # --- registration --------------------------------------------------------------------

    def fill(self, registry: Registry) -> None:
        """Run both register hooks, plugin by plugin, into ``registry``.

        Instructions first, so that the executors hook can see every instruction. A plugin
        that fails in either pass is unloaded and everything it registered is taken back.
        """
        for impl in reversed(self.pm.hook.instrux_register_instructions.get_hookimpls()):
            self._register_from(impl, registry, instructions=True)
        view = MappingProxyType({e.spec.name: e.spec for e in registry.instructions()})
        for impl in reversed(self.pm.hook.instrux_register_executors.get_hookimpls()):
            self._register_from(impl, registry, instructions=False, known=view)

    def _register_from(
        self,
        impl: HookImpl,
        registry: Registry,
        *,
        instructions: bool,
        known: Mapping[str, InstructionSpec] | None = None,
    ) -> None:
        plugin = impl.plugin_name
        staged: list[InstructionSpec | ExecutorSpec] = []
        arguments = {
            "register": _stager(staged, plugin, instructions=instructions),
            "instructions": known,
        }
        try:
            impl.function(*(arguments[name] for name in impl.argnames))
            if known is not None:
                _check_served(staged, known, plugin)
        except (PluginError, InvalidSpecError, InstructionRunError) as err:
            # Reported by name, not fatal. (Duplicate names are caught at commit and stop
            # start-up: which of the two plugins is wrong is for a person to decide.)
            registry.discard_plugin(plugin)
            self._fail(plugin, err.details.get("reason") or err.message)
            return
        self._commit(staged, plugin, registry)

    def _commit(
        self, staged: list[InstructionSpec | ExecutorSpec], plugin: str, registry: Registry
    ) -> None:
        """Add what a plugin registered (only once its hook returned without failing)."""
        info = self._infos[plugin]
        for item in staged:
            if isinstance(item, InstructionSpec):
                registry.add_instruction(item, plugin)
                info.instructions.append(item.name)
            else:
                registry.add_executor(item, plugin)
                info.executors.append(item.name)

    def _fail(self, name: str, reason: str) -> None:
        log.warning("instrux plugin %r failed and was unloaded: %s", name, reason)
        plugin = self.pm.get_plugin(name)
        if plugin is not None:
            self.pm.unregister(plugin)
        old = self._infos.get(name)
        self._infos[name] = PluginInfo(
            name=name,
            source=old.source if old else "api",
            status="failed",
            version=old.version if old else None,
            error=reason,
        )

    # --- routing -------------------------------------------------------------------------

    def route_impls(self) -> Sequence[Callable[..., Any]]:
        """Route hook implementations in call order (tryfirst first), each guarded."""
        return [impl.function for impl in reversed(self.pm.hook.instrux_route.get_hookimpls())]

    def infos(self) -> list[PluginInfo]:
        return sorted(self._infos.values(), key=lambda i: (i.source != "builtin", i.name))


def _stager(
    staged: list[InstructionSpec | ExecutorSpec], plugin: str, *, instructions: bool
) -> Callable[[Any], None]:
    def register(item: Any) -> None:
        if isinstance(item, FunctionExecutor):
            if instructions:
                staged.append(item.spec)
            staged.append(item.executor_spec)
        elif isinstance(item, InstructionSpec if instructions else ExecutorSpec):
            staged.append(item)
        else:
            expected = "an InstructionSpec" if instructions else "an ExecutorSpec"
            raise InvalidSpecError(
                f"Plugin {plugin!r} passed {type(item).__name__} to register(); "
                f"expected {expected} or an @instrux.executor function.",
                hint="Register instructions in instrux_register_instructions and executors "
                "in instrux_register_executors.",
                plugin=plugin,
            )

    return register


def _check_served(
    staged: list[InstructionSpec | ExecutorSpec], known: Mapping[str, InstructionSpec], plugin: str
) -> None:
    """An executor must serve instructions that some plugin registered."""
    for item in staged:
        if isinstance(item, ExecutorSpec):
            missing = [name for name in item.instructions if name not in known]
            if missing:
                raise InvalidSpecError(
                    f"Executor {item.name!r} of plugin {plugin!r} serves {missing}, which no "
                    "loaded plugin registered.",
                    hint="Check the `instructions` argument of instrux_register_executors "
                    "and register executors only for instructions that exist.",
                    plugin=plugin,
                )


def _guard_hookimpls(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    """Wrap a plugin's plain hook functions so a crash names the plugin (PluginError)."""
    for caller in pm.get_hookcallers(plugin) or []:
        for impl in caller.get_hookimpls():
            if impl.plugin is plugin and not (impl.wrapper or impl.hookwrapper):
                # pluggy types HookImpl.function as Final, but it is a plain slot that pluggy
                # reads at every call; replacing it is the one way to attribute an exception
                # to its plugin without giving up pluggy's own calling (tests cover it).
                impl.function = _guarded(impl.function, name, caller.name)  # type: ignore[misc]


def _guarded(fn: Callable[..., Any], plugin: str, hook: str) -> Callable[..., Any]:
    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InstruxError:
            raise
        except Exception as err:
            raise PluginError(plugin, hook, _reason(err)) from err

    return guarded


def _plugin_object(module_path: str) -> object:
    """A built-in module's plugin: its ``plugin`` attribute if it has one, else the module."""
    module = importlib.import_module(module_path)
    return getattr(module, "plugin", module)


def _reason(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


def _env_list(var: str, default: Any) -> Any:
    raw = os.environ.get(var)
    if raw is None:
        return default
    return {part.strip() for part in raw.split(",") if part.strip()}


def _builtin_names(names: set[str]) -> set[str]:
    if "all" in names:
        return set(BUILTIN_PLUGINS)
    return {n if n.startswith("instrux.") else f"instrux.{n}" for n in names}
