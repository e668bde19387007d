"""Loading plugins: built-ins, entry points and plugins passed in code.

What is loaded comes from the engine's :class:`~instrux.settings.Settings` (``plugins``,
``disable_builtins``, ``trace``); nothing here reads the environment.

Every hook is called through pluggy, so wrappers and ``INSTRUX_TRACE`` see every call. The
isolation of plugins from each other lives in one place, the per-plugin guard
(:mod:`instrux.plugins.guard`): pluggy gets each plugin as a
:class:`~instrux.plugins.guard.GuardedPlugin` whose plain hook functions are wrapped. A plugin
that fails to import or raises in a register hook is reported by name (status ``failed``)
and left out; a route tier that crashes is skipped and named; a crash anywhere else becomes
a ``PluginError`` naming the plugin, the hook, the exception and the line. Two plugins
registering the same name is a *conflict*, and a plugin that raises in ``instrux_startup``
(once the registry is frozen, when nothing it registered can be taken back) is a *startup
failure*: either way the engine still starts, lists every plugin (``instrux plugins``,
``instrux list``) and refuses to run instructions until the plugin is fixed or disabled.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import logging
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.metadata import entry_points
from types import MappingProxyType, ModuleType
from typing import Any

import pluggy

from instrux.plugins import hookspecs
from instrux.plugins.guard import (
    Collector,
    ModelPass,
    RegistrationPass,
    guarded_plugin,
    plugin_error,
    reason_of,
)
from instrux.plugins.types import CommandGroups
from instrux.registry import Registry
from instrux.schemas.errors import DuplicateRegistrationError, InvalidSpecError, PluginError
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec, SlotFillerSpec
from instrux.schemas.listing import PluginInfo
from instrux.schemas.models import ModelSpec
from instrux.settings import Settings, load_settings

__all__ = ["ENTRY_POINT_GROUP", "PluginHost"]

ENTRY_POINT_GROUP = "instrux"
log = logging.getLogger("instrux.plugins")


class PluginHost:
    """A pluggy plugin manager plus what instrux knows about each plugin."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings if settings is not None else load_settings()
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self._infos: dict[str, PluginInfo] = {}
        self._plugins: dict[str, object] = {}  # name -> the plugin object (pluggy has a proxy)
        self.conflicts: list[DuplicateRegistrationError] = []
        self.startup_failures: list[PluginError] = []
        if self.settings.trace:
            self.pm.trace.root.setwriter(lambda msg: sys.stderr.write(str(msg)))
            self.pm.enable_tracing()

    # --- loading -------------------------------------------------------------------------

    def load_builtins(self, modules: Mapping[str, str], disabled: Iterable[str] = ()) -> None:
        """Load built-in plugin modules (``modules``: plugin name -> module path; the engine's
        list is :data:`instrux.engine.builtins.BUILTIN_PLUGINS`)."""
        off = _builtin_names(set(disabled) | set(self.settings.disable_builtins), modules)
        for name, module_path in modules.items():
            if name in off:
                self._infos[name] = PluginInfo(name=name, source="builtin", status="disabled")
                continue
            self._load(name, "builtin", functools.partial(_plugin_object, module_path))

    def load_entry_points(self) -> None:
        wanted = self.settings.plugins
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if wanted is not None and ep.name not in wanted:
                self._infos[ep.name] = PluginInfo(
                    name=ep.name, source="entrypoint", status="disabled"
                )
                continue
            version = ep.dist.version if ep.dist is not None else None
            self._load(ep.name, "entrypoint", ep.load, version=version)

    def add(self, plugin: object, name: str | None = None) -> None:
        """Register a plugin object (module, class, instance) passed in code."""
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
            self._check_new(plugin, name)
            guarded = guarded_plugin(self.pm, plugin, name)
            self.pm.register(guarded, name=name)
        except Exception as err:  # reported by name, never fatal
            log.warning("instrux plugin %r failed to load: %s", name, err)
            self._infos[name] = PluginInfo(
                name=name, source=source, status="failed", version=version, error=reason_of(err)
            )
            return
        self._plugins[name] = plugin
        hooks = sorted(h.name for h in self.pm.get_hookcallers(guarded) or [])
        info = PluginInfo(name=name, source=source, status="loaded", hooks=hooks, version=version)
        if not hooks:
            info.status = "no_hooks"
            info.error = _no_hooks_reason(plugin)
            log.warning("instrux plugin %r: %s", name, info.error)
        self._infos[name] = info

    def _check_new(self, plugin: object, name: str) -> None:
        """One object is one plugin (as pluggy checks for the objects it is given)."""
        for other, known in self._plugins.items():
            if known is plugin:
                raise ValueError(
                    f"Plugin already registered under a different name: {name}={plugin!r} "
                    f"is {other!r}"
                )

    def plugin(self, name: str) -> object | None:
        """The plugin object loaded under ``name`` (``None``: not loaded, or left out)."""
        return self._plugins.get(name)

    # --- registration --------------------------------------------------------------------

    def fill(self, registry: Registry) -> None:
        """Run the register hooks (through pluggy) into ``registry``.

        Models first, then instructions, so that the executors hook can see every
        instruction. A plugin that fails in any pass is unloaded and everything it registered
        is taken back.
        """
        with ModelPass() as model_pass:
            self.pm.hook.instrux_register_models(
                register=model_pass.register, settings=self.settings
            )
        self._settle(model_pass, registry)
        with RegistrationPass(instructions=True) as instructions:
            self.pm.hook.instrux_register_instructions(
                register=instructions.register, settings=self.settings
            )
        self._settle(instructions, registry)
        view = MappingProxyType({e.spec.name: e.spec for e in registry.instructions()})
        models = registry.model_specs()
        with RegistrationPass(instructions=False, known=view) as executors:
            self.pm.hook.instrux_register_executors(
                register=executors.register,
                instructions=view,
                settings=self.settings,
                models=models,
            )
        self._settle(executors, registry)

    def start(self, registry: Registry) -> None:
        """Call ``instrux_startup`` once, with the frozen registry (through pluggy).

        A plugin that raises is reported (status ``failed``, left out of later hook calls)
        and its error is kept in :attr:`startup_failures`: what it registered cannot be taken
        back from a frozen registry, so the engine refuses to run until it is fixed or
        disabled, as for a conflict.
        """
        with Collector() as collector:
            self.pm.hook.instrux_startup(registry=registry, settings=self.settings)
        for plugin, err in collector.errors.items():
            self.startup_failures.append(plugin_error(err, plugin, "instrux_startup"))
            self._fail(plugin, collector.failures[plugin])

    def _settle(self, registration: RegistrationPass | ModelPass, registry: Registry) -> None:
        for plugin, reason in registration.failures.items():
            registry.discard_plugin(plugin)
            self._fail(plugin, reason)
        for plugin, staged in registration.staged.items():
            if plugin not in registration.failures:
                self._commit(staged, plugin, registry)

    def _commit(
        self,
        staged: Sequence[InstructionSpec | ExecutorSpec | ModelSpec | SlotFillerSpec],
        plugin: str,
        registry: Registry,
    ) -> None:
        """Add what a plugin registered (only once its hook returned without failing)."""
        info = self._infos[plugin]
        for item in staged:
            try:
                if isinstance(item, ModelSpec):
                    registry.add_model(item, plugin)
                    info.models.append(item.name)
                elif isinstance(item, SlotFillerSpec):
                    registry.add_filler(item, plugin)
                    info.slot_fillers.append(item.name)
                elif isinstance(item, InstructionSpec):
                    registry.add_instruction(item, plugin)
                    info.instructions.append(item.name)
                else:
                    registry.add_executor(item, plugin)
                    info.executors.append(item.name)
            except DuplicateRegistrationError as conflict:
                self._conflict(conflict)

    def _conflict(self, conflict: DuplicateRegistrationError) -> None:
        """Keep the first registration, and mark both plugins: a person decides which goes."""
        log.warning("instrux: %s", conflict.message)
        self.conflicts.append(conflict)
        for plugin in conflict.details["plugins"]:
            info = self._infos.get(plugin)
            if info is not None:
                info.conflicts.append(conflict.message)

    def _fail(self, name: str, reason: str) -> None:
        log.warning("instrux plugin %r failed and was unloaded: %s", name, reason)
        plugin = self.pm.get_plugin(name)
        if plugin is not None:
            self.pm.unregister(plugin)
        self._plugins.pop(name, None)
        old = self._infos.get(name)
        self._infos[name] = PluginInfo(
            name=name,
            source=old.source if old else "api",
            status="failed",
            version=old.version if old else None,
            error=reason,
        )

    # --- commands ------------------------------------------------------------------------

    def register_commands(self, groups: CommandGroups) -> dict[str, str]:
        """Call ``instrux_register_commands``; returns plugin -> reason for plugins that failed.

        A plugin whose command registration fails is reported (and logged), never fatal:
        the other commands still work.
        """
        with Collector() as collector:
            self.pm.hook.instrux_register_commands(cli=groups)
        for plugin, reason in collector.failures.items():
            log.warning("instrux plugin %r failed to add commands: %s", plugin, reason)
        return collector.failures

    def infos(self) -> list[PluginInfo]:
        return sorted(self._infos.values(), key=lambda i: (i.source != "builtin", i.name))


def _plugin_object(module_path: str) -> object:
    """A built-in module's plugin: its ``plugin`` attribute if it has one, else the module."""
    return plugin_of(importlib.import_module(module_path))


def plugin_of(module: ModuleType) -> object:
    """A module's plugin object: its ``plugin`` attribute if it has one, else the module."""
    return getattr(module, "plugin", module)


def _no_hooks_reason(plugin: object) -> str:
    """Why a plugin has no hooks, and the likely fix (hooks on a class in the module)."""
    reason = "it defines no instrux hook implementations (@instrux.hookimpl functions)"
    if isinstance(plugin, ModuleType):
        classes = [
            name
            for name, value in vars(plugin).items()
            if inspect.isclass(value)
            and value.__module__ == plugin.__name__
            and any(_is_hookimpl(member) for member in vars(value).values())
        ]
        if classes:
            targets = ", ".join(f"'{plugin.__name__}:{name}'" for name in classes)
            return (
                f"{reason} at module level; its hooks sit on class(es) {', '.join(classes)}. "
                f"Point the entry point at the class ({targets}) or expose an instance as "
                "`plugin = MyPlugin()`."
            )
    return reason


def _is_hookimpl(member: Any) -> bool:
    return hasattr(member, f"{hookspecs.PROJECT}_impl")


def _builtin_names(names: set[str], modules: Mapping[str, str]) -> set[str]:
    if "all" in names:
        return set(modules)
    return {n if n.startswith("instrux.") else f"instrux.{n}" for n in names}
