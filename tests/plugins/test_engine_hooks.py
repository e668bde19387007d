"""Engine hooks instead of plugin names: ``instrux_startup``, roles by hookimpl markers, and a
guard that leaves pluggy's objects and the plugins alone.

Each role a built-in has (the exact tier, the exact planners, value-blindness) is taken here
by a plugin of the test's own, with the built-in disabled where it would take it first.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import instrux
from instrux import (
    Call,
    Engine,
    InvalidSpecError,
    Plan,
    PlanRequest,
    PlanResult,
    PluginError,
    PluginInfo,
    RouteRequest,
)
from instrux.llm import plugin as llm_plugin
from instrux.registry import Registry
from instrux.semantic import plugin as semantic_plugin
from instrux.settings import Settings
from instrux.templates import TemplateRouter
from instrux.templates import plugin as templates_plugin

MULTI_STEP = "add 4 and 6, then divide the result by 5"


def make_engine(
    *plugins: object, disable: tuple[str, ...] = ("semantic",), **named: object
) -> Engine:
    chosen: dict[str, object] = {f"p{index}": plugin for index, plugin in enumerate(plugins)}
    return Engine({**chosen, **named}, load_entry_points=False, prefer_executor_kind="python",
                  disable_builtins=list(disable))  # fmt: skip


def plugin_info(engine: Engine, name: str) -> PluginInfo:
    return next(info for info in engine.plugins() if info.name == name)


def in_threads(work: Callable[[], object], count: int = 8) -> list[object]:
    """``work`` from ``count`` threads at once (released together), results in order."""
    barrier = threading.Barrier(count)

    def task() -> object:
        barrier.wait()
        return work()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(lambda _: task(), range(count)))


# --- instrux_startup --------------------------------------------------------------------------


class Starts:
    """Writes down every start-up and what it could see then."""

    def __init__(self) -> None:
        self.registries: list[Registry] = []
        self.settings: list[Settings] = []
        self.late_registration: Exception | None = None

    @instrux.hookimpl
    def instrux_startup(self, registry: Registry, settings: Settings) -> None:
        self.registries.append(registry)
        self.settings.append(settings)
        try:
            registry.add_instruction(registry.instruction("math.add").spec, "late")
        except InvalidSpecError as err:
            self.late_registration = err


def test_startup_is_called_once_per_engine_with_the_frozen_registry() -> None:
    starts = Starts()
    engine = make_engine(starts)
    for _ in range(3):
        assert engine.run("add 2 and 3").value == 5
    assert len(starts.registries) == 1 and starts.registries[0] is engine.registry
    assert starts.settings == [engine.settings]
    assert "after the engine started" in str(starts.late_registration)  # read-only by then
    assert "instrux_startup" in plugin_info(engine, "p0").hooks


class FailsToStart:
    @instrux.hookimpl
    def instrux_startup(self) -> None:
        raise KeyError("table")


def test_a_startup_crash_is_named_and_the_engine_refuses_to_run_until_it_is_fixed() -> None:
    engine = make_engine(broken=FailsToStart())
    info = plugin_info(engine, "broken")
    assert info.status == "failed" and info.error is not None
    assert info.error.startswith("KeyError: 'table' (at ") and "test_engine_hooks.py:" in info.error
    assert engine.instruction("math.add").plugin == "instrux.arithmetic"  # listing works
    for attempt in (lambda: engine.run("add 2 and 3"), lambda: engine.parse("add 2 and 3"),
                    lambda: engine.run_many(["add 2 and 3"])):  # fmt: skip
        with pytest.raises(PluginError) as caught:
            attempt()
        assert (caught.value.plugin, caught.value.hook) == ("broken", "instrux_startup")
        assert caught.value.details["where"].endswith(" in instrux_startup")
    assert make_engine().run("add 2 and 3").value == 5  # other engines are not concerned


def test_templates_are_compiled_once_at_startup_whatever_the_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled: list[TemplateRouter] = []

    class Counting(TemplateRouter):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            compiled.append(self)

    monkeypatch.setattr(templates_plugin, "TemplateRouter", Counting)
    engine = make_engine()
    assert len(compiled) == 1  # at construction, before any text
    values = in_threads(lambda: engine.run("add 2 and 3").value)
    assert values == [5] * 8 and len(compiled) == 1


def test_the_encoder_stays_lazy_and_is_built_once_whatever_the_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[Registry] = []

    def slow_tiers(registry: Registry, settings: Settings) -> list[object]:
        time.sleep(0.05)  # what loading an encoder takes, in miniature: threads meet here
        built.append(registry)
        return []

    monkeypatch.setattr(semantic_plugin, "_make_tiers", slow_tiers)
    engine = make_engine(disable=())
    assert built == []  # nothing heavy at construction
    assert engine.run("add 2 and 3").value == 5  # the template tier answers: still not built
    assert built == []
    outcomes = in_threads(lambda: engine.run_many(["book a table"], return_exceptions=True))
    assert all(isinstance(o[0], instrux.NoMatchError) for o in outcomes)  # type: ignore[index]
    assert built == [engine.registry]


def test_the_llm_router_is_built_once_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []

    class FakeRouter:
        def __init__(self, registry: Registry, backend: object, **options: Any) -> None:
            time.sleep(0.05)
            built.append(registry)

    monkeypatch.setattr("instrux.llm.router.LLMRouter", FakeRouter)
    monkeypatch.setattr(llm_plugin, "get_backend", lambda settings: object())
    engine = make_engine()
    tier = engine._host.plugin("instrux.llm")
    assert isinstance(tier, llm_plugin.LLMTier) and built == []
    routers = in_threads(lambda: tier.router(engine.registry, engine.settings))
    assert len({id(router) for router in routers}) == 1 and built == [engine.registry]


# --- roles by markers ----------------------------------------------------------------------


class Watching:
    """A last tier that answers nothing and writes down every text it is asked about."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    @instrux.hookimpl(trylast=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        self.texts.append(request.text)
        return None


class OwnTemplates:
    """An exact tier of a third party: the same matching as the built-in template tier."""

    def __init__(self, declare_value_blind: bool) -> None:
        self.declare_value_blind = declare_value_blind
        self.value_blind = False
        self.router: TemplateRouter | None = None

    @instrux.hookimpl
    def instrux_startup(self, registry: Registry) -> None:
        self.router = TemplateRouter(entry.spec for entry in registry.instructions())
        self.value_blind = self.declare_value_blind and self.router.value_blind

    @instrux.hookimpl(tryfirst=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        assert self.router is not None
        return self.router.route(request.normalized, request.text)


@pytest.mark.parametrize("declare", [True, False])
def test_a_third_party_tryfirst_tier_is_an_exact_tier(declare: bool) -> None:
    watching = Watching()
    engine = make_engine(OwnTemplates(declare), watching, disable=("semantic", "templates"))
    result = engine.run(MULTI_STEP)
    assert isinstance(result, PlanResult) and result.value == 2
    assert watching.texts == []  # the exact way settled it: no fuzzy tier was asked
    assert engine._decider._shape_decides_route is declare  # value-blind only when it says so
    for a, b in ((1, 2), (3, 4), (5, 6)):  # a known shape: planned from its template
        assert engine.run(f"add {a} and {b}, then multiply the result by 7").value == 7 * (a + b)
    assert watching.texts == []


def test_without_a_tryfirst_tier_there_is_no_exact_way() -> None:
    watching = Watching()
    engine = make_engine(watching, disable=("semantic", "templates"))
    assert not engine._router.has_exact_tier and engine._decider.exact_planners is None
    with pytest.raises(instrux.NoMatchError):
        engine.run(MULTI_STEP)
    assert MULTI_STEP in watching.texts


class PlainPlanner:
    """A planner that writes down the texts it is asked about and plans nothing."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    @instrux.hookimpl
    def instrux_plan(self, request: PlanRequest) -> Plan | None:
        self.texts.append(request.text)
        return None


class FallbackPlanner(PlainPlanner):
    @instrux.hookimpl(trylast=True)
    def instrux_plan(self, request: PlanRequest) -> Plan | None:
        return super().instrux_plan(request)


def test_the_exact_planners_are_the_planners_not_marked_trylast() -> None:
    plain, fallback, watching = PlainPlanner(), FallbackPlanner(), Watching()
    engine = make_engine(plain, fallback, watching)
    assert engine.run(MULTI_STEP).value == 2
    assert plain.texts and plain.texts[0] == MULTI_STEP  # asked on the exact way
    assert fallback.texts == [] and watching.texts == []  # the cascade never came


def test_a_third_party_planner_takes_the_built_in_planners_role() -> None:
    class Sequences:
        @instrux.hookimpl
        def instrux_plan(self, request: PlanRequest) -> Plan | None:
            from instrux.plans.planners import plan_sequence

            return plan_sequence(request)

    watching = Watching()
    engine = make_engine(Sequences(), watching, disable=("semantic", "planners"))
    result = engine.run("add 1 and 2, then multiply the result by 7")
    assert isinstance(result, PlanResult) and result.value == 21
    assert watching.texts == []


# --- the guard ------------------------------------------------------------------------------


class Tier:
    value_blind = True

    @instrux.hookimpl(tryfirst=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        return None


def test_pluggy_calls_the_functions_it_found_and_the_plugin_is_unchanged() -> None:
    tier = Tier()
    engine = make_engine(tier=tier)
    pm = engine._host.pm
    registered = pm.get_plugin("tier")
    assert registered is not tier and registered.__wrapped__ is tier
    assert registered.value_blind is True  # the plugin's attributes, read through
    assert engine._host.plugin("tier") is tier
    assert vars(tier) == {} and Tier.__dict__["instrux_route"].__name__ == "instrux_route"
    for caller in pm.get_hookcallers(registered) or []:
        for impl in caller.get_hookimpls():
            if impl.plugin is registered:  # what pluggy found on the object it was given
                assert impl.function is vars(registered)[caller.name]
                assert (impl.tryfirst, impl.plugin_name) == (True, "tier")


def test_one_object_under_two_names_is_refused_as_pluggy_would() -> None:
    tier = Tier()
    engine = make_engine(first=tier, second=tier)
    assert plugin_info(engine, "first").status == "loaded"
    info = plugin_info(engine, "second")
    assert info.status == "failed" and "already registered" in (info.error or "")


class Renamed:
    """Hooks under other names (``specname``), one of them crashing."""

    @instrux.hookimpl(specname="instrux_route", tryfirst=True)
    def route(self, request: RouteRequest) -> Call | None:
        raise RuntimeError("renamed tier exploded")

    @instrux.hookimpl(specname="instrux_startup")
    def start(self, registry: Registry) -> None:
        self.started = registry


def test_hooks_named_by_specname_are_guarded_and_timed_like_any_other() -> None:
    renamed = Renamed()
    engine = make_engine(renamed=renamed)
    assert renamed.started is engine.registry
    assert plugin_info(engine, "renamed").hooks == ["instrux_route", "instrux_startup"]
    result = engine.run("add 2 and 3")  # the crash is set aside; the template tier answers
    assert result.value == 5 and "route.renamed" in result.timings_ms
    with pytest.raises(PluginError) as caught:
        engine.run("book a table")
    assert (caught.value.plugin, caught.value.details["reason"]) == (
        "renamed", "RuntimeError: renamed tier exploded")  # fmt: skip


class Forms:
    """Hooks in every form pluggy accepts, next to attributes that must stay untouched."""

    @instrux.hookimpl  # the marker on the staticmethod object
    @staticmethod
    def instrux_register_instructions(settings: Settings) -> None:
        return None

    @staticmethod
    @instrux.hookimpl  # the marker on the function
    def instrux_register_executors(settings: Settings) -> None:
        return None

    @classmethod
    @instrux.hookimpl(trylast=True)
    def instrux_plan(cls, request: PlanRequest) -> Plan | None:
        return None

    @instrux.hookimpl(wrapper=True)
    def instrux_execute(self, call: Call):  # type: ignore[no-untyped-def]
        return (yield)

    def instrux_route(self, request: RouteRequest) -> Call | None:  # no marker: no hook
        raise AssertionError("never called")

    @property
    def expensive(self) -> int:  # never evaluated while hooks are looked for
        raise AssertionError("a property was evaluated")


def test_the_stand_in_has_the_hooks_pluggy_finds_on_the_plugin_itself() -> None:
    import pluggy

    from instrux.plugins import hookspecs

    plain = pluggy.PluginManager(hookspecs.PROJECT)
    plain.add_hookspecs(hookspecs)
    plain.register(Forms(), name="forms")
    expected = {(c.name, i.tryfirst, i.trylast, i.wrapper, i.argnames)
                for c in plain.get_hookcallers(plain.get_plugin("forms")) or []
                for i in c.get_hookimpls()}  # fmt: skip
    engine = make_engine(forms=Forms())
    pm = engine._host.pm
    found = {(c.name, i.tryfirst, i.trylast, i.wrapper, i.argnames)
             for c in pm.get_hookcallers(pm.get_plugin("forms")) or []
             for i in c.get_hookimpls() if i.plugin_name == "forms"}  # fmt: skip
    assert found == expected and len(found) == 4
    assert engine.run("add 2 and 3").value == 5  # the wrapper passes the value through
