"""The per-plugin guard: the one place where plugins are isolated from each other.

Each plugin is registered with pluggy through a :class:`GuardedPlugin`, made once when the
plugin is loaded: it carries the plugin's hook functions with their ``@hookimpl`` options, each
plain one wrapped, so that every hook is called through pluggy (wrappers, ordering and tracing
included) while a crash is still attributed to its plugin:

- register hooks (instructions, executors, commands) and ``instrux_startup``: the plugin being
  called is known to the ``register`` callback (for staging), and a crash is recorded against
  the plugin in the active :class:`Collector` instead of stopping the other plugins;
- route hooks: a tier that crashes is recorded in ``request.failures`` (a :class:`PluginError`)
  and returns ``None``, so the next tier still gets the text; each tier's time goes into
  ``request.timings_ms['route.<plugin>']``;
- every other hook: an unexpected exception becomes a :class:`PluginError` naming the plugin,
  the hook, the exception and the line it came from.

Errors a plugin raises on purpose (instrux errors about the text: ambiguous, invalid
arguments) pass through unchanged.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from time import perf_counter
from types import FunctionType, MemberDescriptorType, MethodType, TracebackType
from typing import Any, Self

import pluggy

from instrux.schemas.errors import (
    InstructionRunError,
    InstruxError,
    InvalidSpecError,
    PluginError,
)
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec, SlotFillerSpec
from instrux.schemas.models import ModelSpec

__all__ = [
    "Collector",
    "GuardedPlugin",
    "ModelPass",
    "RegistrationPass",
    "guarded_plugin",
    "plugin_error",
    "reason_of",
    "where_of",
]

_PLUGIN: ContextVar[str | None] = ContextVar("instrux_plugin", default=None)
_COLLECTOR: ContextVar[Collector | None] = ContextVar("instrux_collector", default=None)
COLLECTING_HOOKS = frozenset({
    "instrux_register_models", "instrux_register_instructions", "instrux_register_executors",
    "instrux_register_commands", "instrux_startup",
})  # fmt: skip


class Collector:
    """Failures of a collecting hook call, by plugin; active inside ``with collector:``."""

    def __init__(self) -> None:
        self.failures: dict[str, str] = {}  # plugin -> the reason, with the line that raised
        self.errors: dict[str, Exception] = {}  # plugin -> what it raised
        self._token: Any = None

    def __enter__(self) -> Self:
        self._token = _COLLECTOR.set(self)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        _COLLECTOR.reset(self._token)


def calling_plugin() -> str:
    """The plugin whose hook implementation is running (set by its guard)."""
    return _PLUGIN.get() or "(unknown plugin)"


class RegistrationPass(Collector):
    """One pass of a register hook: what each plugin registered, staged until it returns."""

    def __init__(
        self, *, instructions: bool, known: Mapping[str, InstructionSpec] | None = None
    ) -> None:
        super().__init__()
        self.instructions = instructions
        self.known = known
        self.staged: dict[str, list[InstructionSpec | ExecutorSpec | SlotFillerSpec]] = {}

    def register(self, item: Any) -> None:
        """The ``register`` callback every plugin gets (stages under the calling plugin)."""
        plugin = calling_plugin()
        specs = _specs_of(item, plugin, instructions=self.instructions)
        for spec in specs:
            if isinstance(spec, InstructionSpec):
                _check_fillable(spec, plugin)
            elif self.known is not None:
                _check_served(spec, self.known, plugin)
        self.staged.setdefault(plugin, []).extend(specs)


class ModelPass(Collector):
    """The pass of ``instrux_register_models``: model specs staged per plugin."""

    def __init__(self) -> None:
        super().__init__()
        self.staged: dict[str, list[ModelSpec]] = {}

    def register(self, item: Any) -> None:
        """The ``register`` callback of the models hook (stages under the calling plugin)."""
        plugin = calling_plugin()
        if not isinstance(item, ModelSpec):
            raise InvalidSpecError(
                f"Plugin {plugin!r} passed {type(item).__name__} to register(); expected an "
                "instrux.ModelSpec.",
                hint="Register models in instrux_register_models (see docs/plugins.md).",
                plugin=plugin,
            )
        self.staged.setdefault(plugin, []).append(item)


def _specs_of(
    item: Any, plugin: str, *, instructions: bool
) -> list[InstructionSpec | ExecutorSpec | SlotFillerSpec]:
    """The specs an item carries: a spec itself, or an object with ``spec``/``executor_spec``."""
    if isinstance(item, InstructionSpec if instructions else (ExecutorSpec, SlotFillerSpec)):
        return [item]
    spec = getattr(item, "spec", None)
    executor_spec = getattr(item, "executor_spec", None)
    found: list[InstructionSpec | ExecutorSpec | SlotFillerSpec] = []
    if instructions and isinstance(spec, InstructionSpec):
        found.append(spec)
    if isinstance(executor_spec, ExecutorSpec):
        found.append(executor_spec)
    if found:
        return found
    expected = "an InstructionSpec" if instructions else "an ExecutorSpec"
    carrier = "`spec`" if instructions else "`executor_spec`"
    raise InvalidSpecError(
        f"Plugin {plugin!r} passed {type(item).__name__} to register(); expected {expected}, "
        f"an @instrux.executor function, or an object with an {carrier} attribute.",
        hint="Register instructions in instrux_register_instructions and executors "
        "in instrux_register_executors.",
        plugin=plugin,
    )


def _check_fillable(spec: InstructionSpec, plugin: str) -> None:
    from instrux.parsing.slots import check_fillable

    try:
        check_fillable(spec)
    except InvalidSpecError as err:
        raise InvalidSpecError(err.message, hint=err.hint, plugin=plugin) from None


def _check_served(
    spec: ExecutorSpec | SlotFillerSpec, known: Mapping[str, InstructionSpec], plugin: str
) -> None:
    """An executor (or slot filler) must serve instructions that some plugin registered."""
    missing = [name for name in spec.instructions if name not in known]
    if missing:
        what = "Executor" if isinstance(spec, ExecutorSpec) else "Slot filler"
        raise InvalidSpecError(
            f"{what} {spec.name!r} of plugin {plugin!r} serves {missing}, which no "
            "loaded plugin registered.",
            hint="Check the `instructions` argument of instrux_register_executors "
            "and register executors only for instructions that exist.",
            plugin=plugin,
        )


# --- wrapping ------------------------------------------------------------------------------


class GuardedPlugin:
    """What pluggy registers for a plugin: its hook functions, each plain one guarded.

    pluggy finds the hooks on this object as on any plugin (the same names, the same
    ``@hookimpl`` options, the signatures of the plugin's own functions), so that wrappers,
    ordering and tracing work unchanged and pluggy's own objects are never modified. Any other
    attribute is the plugin's (``pm.get_plugin(name).attribute`` reads the plugin's), and
    ``__wrapped__`` is the plugin object itself.
    """

    __wrapped__: object

    def __init__(self, plugin: object, hooks: Mapping[str, Callable[..., Any]]) -> None:
        # The instance dict holds the hooks: pluggy looks hooks up there and on the class,
        # never through __getattr__, so no function of the plugin is registered as it is.
        vars(self).update(hooks)
        self.__wrapped__ = plugin

    def __getattr__(self, name: str) -> Any:  # only names not found above: the plugin's
        return getattr(self.__wrapped__, name)

    def __dir__(self) -> list[str]:
        # What pluggy scans for hooks when it registers this object: the hooks alone, so that
        # loading a plugin looks at each of its attributes once (in guarded_plugin), not twice.
        return [name for name in vars(self) if name != "__wrapped__"]

    def __repr__(self) -> str:
        return repr(self.__wrapped__)


def guarded_plugin(pm: pluggy.PluginManager, plugin: object, name: str) -> GuardedPlugin:
    """The object to register with pluggy for ``plugin``: a crash is attributed to ``name``.

    Every attribute pluggy would take as a hook implementation is carried over with its
    options; a plain one is guarded (a wrapper is not: what it raises reaches the caller).
    """
    hooks: dict[str, Callable[..., Any]] = {}
    for attribute in _maybe_hooks(plugin, f"{pm.project_name}_impl"):
        options = pm.parse_hookimpl_opts(plugin, attribute)
        if options is None:
            continue
        function = getattr(plugin, attribute)
        if options.get("wrapper") or options.get("hookwrapper"):
            hooks[attribute] = function
            continue
        hook = options.get("specname") or attribute
        guarded = _guard_for(hook, function, name)
        setattr(guarded, f"{pm.project_name}_impl", options)  # the same @hookimpl options
        hooks[attribute] = guarded
    return GuardedPlugin(plugin, hooks)


def _maybe_hooks(plugin: object, marker: str) -> Iterator[str]:
    """The attributes of ``plugin`` that may be hook implementations: functions (plain,
    static, class or bound methods) that carry the hookimpl ``marker``, and slots, found
    without running any code of the plugin's. ``pm.parse_hookimpl_opts`` has the last word
    on each; this spares it (an ``inspect.getattr_static`` each) the other attributes."""
    places: list[Mapping[str, Any]] = [vars(cls) for cls in type(plugin).__mro__]
    # Read as pluggy does: a plugin's __getattr__ must not run here (none: __slots__ only).
    with contextlib.suppress(AttributeError):
        places.insert(0, object.__getattribute__(plugin, "__dict__"))
    for attribute in dir(plugin):
        for place in places:
            if attribute in place:
                value = place[attribute]
                if isinstance(value, MemberDescriptorType) or _marked(value, marker):
                    yield attribute
                break


def _marked(value: object, marker: str) -> bool:
    if isinstance(value, staticmethod | classmethod | MethodType):
        return hasattr(value, marker) or hasattr(value.__func__, marker)
    return isinstance(value, FunctionType) and hasattr(value, marker)


def _positional(function: Callable[..., Any]) -> list[str]:
    """The parameters pluggy passes a hook function, in order: its positional parameters
    without a default (``self`` of a method is bound already)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [p.name for p in parameters
            if p.kind in positional and p.default is inspect.Parameter.empty]  # fmt: skip


def _guard_for(hook: str, fn: Callable[..., Any], plugin: str) -> Callable[..., Any]:
    if hook in COLLECTING_HOOKS:
        return _collecting(fn, plugin, hook)
    if hook == "instrux_route" or hook == "instrux_route_many":
        # The route guards find the request(s) among the arguments pluggy passes.
        argnames = _positional(fn)
        if hook == "instrux_route" and "request" in argnames:
            return _routing(fn, plugin, hook, argnames.index("request"))
        if hook == "instrux_route_many" and "requests" in argnames:
            return _routing_many(fn, plugin, hook, argnames.index("requests"))
    return _raising(fn, plugin, hook)


def _collecting(fn: Callable[..., Any], plugin: str, hook: str) -> Callable[..., Any]:
    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        token = _PLUGIN.set(plugin)
        try:
            return fn(*args, **kwargs)
        except Exception as err:
            collector = _COLLECTOR.get()
            if collector is None:
                raise plugin_error(err, plugin, hook) from err
            collector.failures[plugin] = _reason_with_place(err)
            collector.errors[plugin] = err
            return None
        finally:
            _PLUGIN.reset(token)

    return guarded


def _routing(fn: Callable[..., Any], plugin: str, hook: str, index: int) -> Callable[..., Any]:
    key = f"route.{plugin}"

    @functools.wraps(fn)
    def guarded(*args: Any) -> Any:
        request = args[index]
        start = perf_counter()
        try:
            return fn(*args)
        except Exception as err:
            if _deliberate(err):
                raise
            request.failures.append(plugin_error(err, plugin, hook))
            return None
        finally:
            request.timings_ms[key] = (perf_counter() - start) * 1000.0

    return guarded


def _routing_many(fn: Callable[..., Any], plugin: str, hook: str, index: int) -> Callable[..., Any]:
    key = f"route.{plugin}"

    @functools.wraps(fn)
    def guarded(*args: Any) -> Any:
        requests = args[index]
        pending = [r for r in requests if r.call is None and r.error is None]
        start = perf_counter()
        try:
            return fn(*args)
        except Exception as err:
            failure = plugin_error(err, plugin, hook)
            for request in pending:
                request.failures.append(failure)
            return None
        finally:
            share = (perf_counter() - start) * 1000.0 / max(len(pending), 1)
            for request in pending:
                request.timings_ms[key] = round(share, 6)

    return guarded


def _raising(fn: Callable[..., Any], plugin: str, hook: str) -> Callable[..., Any]:
    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InstruxError:
            raise
        except Exception as err:
            raise plugin_error(err, plugin, hook) from err

    return guarded


def _deliberate(err: Exception) -> bool:
    """Errors a tier raises on purpose about the text (not a crash, not a set-up problem)."""
    return isinstance(err, InstructionRunError) and not isinstance(err, PluginError)


def plugin_error(err: Exception, plugin: str, hook: str) -> PluginError:
    """``err`` as a :class:`PluginError` naming the plugin and hook (kept if it is one)."""
    if isinstance(err, PluginError):
        return err
    if isinstance(err, InstruxError):  # a set-up problem: keep its hint (how to fix it)
        return PluginError(plugin, hook, err.message, where=where_of(err), hint=err.hint)
    return PluginError(plugin, hook, reason_of(err), where=where_of(err))


def reason_of(err: BaseException) -> str:
    """``KeyError: 'x'``-style text for an exception."""
    return f"{type(err).__name__}: {err}"


def where_of(err: BaseException) -> str | None:
    """``file:line in function`` of the innermost frame that raised ``err``."""
    frames = traceback.extract_tb(err.__traceback__)
    if not frames:
        return None
    frame = frames[-1]
    return f"{frame.filename}:{frame.lineno} in {frame.name}"


def _reason_with_place(err: Exception) -> str:
    if isinstance(err, InstruxError):
        reason = err.details.get("reason") or err.message
    else:
        reason = reason_of(err)
    where = where_of(err)
    return f"{reason} (at {where})" if where and not isinstance(err, InstruxError) else reason
