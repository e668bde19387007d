"""The instrux hook specifications: the whole plugin contract in one module.

Every hook is documented in the same order: summary; whether it stops at the first non-None
result; each parameter; the return value. ``docs/plugins.md`` has one section per hook and a
test fails when a hook here is missing from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from instrux.plugins.types import (
        CommandGroups,
        PlanRequest,
        RegisterExecutor,
        RegisterInstruction,
        RegisterModel,
        RouteRequest,
    )
    from instrux.registry import Registered, Registry
    from instrux.schemas import Call, Execution, ExecutorSpec, InstructionSpec, ModelSpec
    from instrux.schemas.plan import Plan
    from instrux.settings import Settings

PROJECT = "instrux"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def instrux_register_models(register: RegisterModel, settings: Settings) -> None:
    """Register the models this plugin provides: sentence encoders and language models.

    Called once while the engine starts, before instructions are registered; results are
    not collected. A plugin that raises here is unloaded and reported by name.

    :param register: call ``register(spec)`` once per model, with an
        :class:`instrux.ModelSpec` (name, kind, languages, dimension, token limit, licence,
        how to obtain it, and a ``loader`` that says whether it is available, builds and
        loads it). A name or alias two plugins register is a conflict.
    :param settings: the engine's :class:`instrux.Settings` (``encoder`` names the
        sentence encoder the semantic tier runs; ``cache_dir`` is where models are built).
    :return: nothing.
    """


@hookspec
def instrux_register_instructions(register: RegisterInstruction, settings: Settings) -> None:
    """Register the instructions this plugin provides.

    Called once while the engine starts; results are not collected. A plugin that raises here
    is unloaded and reported by name; the others still register.

    :param register: call ``register(spec)`` once per instruction, with an
        :class:`instrux.InstructionSpec`, or with any object carrying one as ``spec`` (a
        function decorated by :func:`instrux.executor` carries its instruction *and* its
        Python executor as ``executor_spec``; both are registered). The engine stamps each
        with this plugin's name; a name two plugins register is a conflict.
    :param settings: the engine's :class:`instrux.Settings`.
    :return: nothing.
    """


@hookspec
def instrux_register_executors(
    register: RegisterExecutor,
    instructions: Mapping[str, InstructionSpec],
    settings: Settings,
    models: Mapping[str, ModelSpec],
) -> None:
    """Register executors (and slot fillers), possibly for other plugins' instructions.

    Called once while the engine starts, after all instructions are registered; results are
    not collected.

    :param register: call ``register(executor)`` with an :class:`instrux.ExecutorSpec`, or any
        object carrying one as ``executor_spec`` (a function decorated by
        :func:`instrux.executor`). Among several executors of one instruction the engine uses
        the highest ``priority`` unless a kind is preferred. ``register`` also takes an
        :class:`instrux.SlotFillerSpec`: a model that reads some instructions' arguments out of
        text, which the semantic tier asks when the words alone do not yield them.
        Registering for an instruction that is not in ``instructions`` fails the plugin
        (reported by name).
    :param instructions: every registered instruction by name (read-only). A plugin that
        attaches executors to *another* plugin's instruction should check that the spec is
        the one it knows (``instructions.get(name) is that_spec``): a user who disabled the
        original and registered their own instruction under the same name gets their own
        executor, not one built for a different contract.
    :param settings: the engine's :class:`instrux.Settings` (device, threads, paths).
    :param models: every registered model by name and alias (read-only): an executor that
        runs on a sentence encoder loads it through its spec's ``loader``.
    :return: nothing.
    """


@hookspec
def instrux_startup(registry: Registry, settings: Settings) -> None:
    """Prepare what depends on the registry, once per engine, before it serves any text.

    Called once while the engine starts, after every plugin registered and the registry was
    frozen; results are not collected. The registry never changes from here on, so what a
    plugin computes from it (compiled templates, lookup tables) holds for the engine's life:
    keep it on the plugin and read it from any thread with no lock and no check. Keep this
    cheap, since ``Engine(...)`` waits for it: load models and other heavy things on the
    first text that needs them (once, under a lock: one engine serves many threads). A plugin
    that raises here is reported by name (status ``failed``), and the engine refuses to run
    texts (``PluginError``) until it is fixed or disabled; listing still works.

    A ``tryfirst`` route tier that decides every text the same way whatever its digits (the
    same instruction, each number in the same argument) says so with ``value_blind = True``
    on the plugin object, set here at the latest: the engine then reuses a plan of exact
    steps for texts of a known shape without routing them (docs/plugins.md).

    :param registry: every model, instruction, executor and slot filler (frozen: read-only).
    :param settings: the engine's :class:`instrux.Settings`.
    :return: nothing.
    """


@hookspec(firstresult=True)
def instrux_route(request: RouteRequest) -> Call | None:
    """Turn text into a :class:`instrux.Call`: one router tier of the cascade.

    Stops at the first non-None result. Tiers run in pluggy order. The ``tryfirst=True`` tiers
    are the *exact* ones, exact and model-free (the built-in template tier): the engine asks
    them alone first, and routes the steps of a plan it tries to make of exact matches through
    them alone. Plain tiers are fuzzy (the semantic tier); fallbacks are ``trylast=True``.
    A tier that finds nothing returns ``None`` and may add its closest guesses to
    ``request.near_misses`` so that the final "no match" error can list them. A tier that is
    sure the text is ambiguous or has bad arguments raises the matching instrux error. A tier
    that crashes is reported by name (``PluginError``) and the next tier still gets the text;
    its time is in ``Result.timings_ms['route.<plugin>']``. Wrappers (``wrapper=True``) see
    the whole cascade.

    :param request: the text (already checked and normalised), the registry, the engine's
        settings and a list of near misses to append to.
    :return: a call with validated arguments and a filled :class:`instrux.Route`, or ``None``.
    """


@hookspec
def instrux_route_many(requests: Sequence[RouteRequest]) -> None:
    """Route many texts at once: the batch form of ``instrux_route`` (used by ``run_many``).

    Every implementation is called, in the same order as ``instrux_route`` (``tryfirst``
    first). Each looks only at the requests still pending (``request.call is None``), sets
    ``request.call`` for those it decides, and adds near misses to the others, exactly as its
    ``instrux_route`` would, so that ``run_many`` and ``run`` route every text the same way.
    A tier that embeds text (the semantic tier) embeds all pending texts in one call. A tier
    without this hook is still asked, one request at a time, through ``instrux_route``; tiers
    after it in the cascade then also run one request at a time, so the order holds.

    :param requests: one :class:`instrux.RouteRequest` per text.
    :return: nothing (results are written to the requests).
    """


@hookspec(firstresult=True)
def instrux_plan(request: PlanRequest) -> Plan | None:
    """Turn a text that is several instructions into a :class:`instrux.Plan` of steps.

    Stops at the first non-None result. Asked when routing the whole text gave no sure call:
    no tier matched, a tier found numbers the call does not use ("add 1, 2 and 3" for a
    two-number add), or only a fuzzy tier (score below 0.9) matched, whose one call a plan of
    several steps replaces. A planner that is not sure returns ``None`` (a refusal beats a
    wrong plan). Planners not marked ``trylast`` are *exact* (the built-in sequences and
    arithmetic): before a text that looks like several steps reaches the fuzzy tiers, they
    alone are asked with sub-phrases routed by the exact tiers only. Mark a fallback planner
    (an LLM) ``trylast``.

    :param request: the text, its folded form, the registry and settings, the error routing
        gave, and two callbacks: ``request.route(text)`` routes a sub-phrase through every
        router tier (never the planners) and ``request.plan(text)`` asks the planners about a
        sub-phrase one level deeper (``None`` past the depth limit).
    :return: a plan whose steps name registered instructions, or ``None``.
    """


@hookspec
def instrux_register_commands(cli: CommandGroups) -> None:
    """Add commands to the ``instrux`` command line (typer).

    Called once when the ``instrux`` command starts, before arguments are parsed; the command
    is built from every loaded plugin (built-ins and entry points). Keep it cheap: import
    heavy libraries inside the command functions, not at module import.

    :param cli: ``cli.app`` (top-level commands: ``cli.app.command("name")(fn)``),
        ``cli.train`` (``instrux train ...``), ``cli.eval`` (``instrux eval ...``), all
        :class:`typer.Typer` objects, and ``cli.group(name, help)``, a command group shared
        by the plugins that add to it (``instrux llm ...``).
    :return: nothing.
    """


@hookspec(firstresult=True)
def instrux_execute(
    call: Call, executor: Registered[ExecutorSpec] | None, registry: Registry
) -> Execution | None:
    """Execute a call and return its value with who produced it.

    Stops at the first non-None result. The default dispatcher is a built-in plugin registered
    ``trylast``: it runs ``executor``. Implement this hook to take over execution of some calls
    (return ``None`` for the others), or as a ``wrapper=True`` hook to time, trace or guard
    every execution (``result = yield``; inspect or replace ``result``; ``return result``).

    :param call: the call to execute; its arguments are already validated.
    :param executor: the executor the engine chose for the instruction, with its plugin
        (``None`` when no plugin registered one).
    :param registry: every instruction and executor, for plugins that choose differently.
    :return: an :class:`instrux.Execution` or ``None``.
    """


@hookspec(firstresult=True)
def instrux_execute_many(
    calls: Sequence[Call], executor: Registered[ExecutorSpec] | None, registry: Registry
) -> list[Execution] | None:
    """Execute several calls of one instruction, all going to the same executor, at once.

    Stops at the first non-None result. ``Engine.run_many`` groups calls by executor and
    calls this hook once per group; the default dispatcher (``trylast``) uses the executor's
    ``run_batch`` when it has one (one ONNX call for the whole group) and ``run`` per call
    otherwise. Wrappers work as for ``instrux_execute``.

    :param calls: calls with validated arguments, all for the same instruction.
    :param executor: the executor the engine chose for them, or ``None``.
    :param registry: every instruction and executor.
    :return: one :class:`instrux.Execution` per call, in order, or ``None``.
    """
