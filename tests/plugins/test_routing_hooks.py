"""Routing goes through pluggy: wrappers, tracing, isolation, per-tier timings, batch order."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from collections.abc import Generator, Sequence
from typing import Any

import pytest

import instrux
from instrux import Call, Engine, PluginError, PluginInfo, Route, RouteRequest
from instrux.plugins import RegisterInstruction


def make_engine(plugins: dict[str, object]) -> Engine:
    return Engine(
        plugins,
        load_entry_points=False,
        prefer_executor_kind="python",
        disable_builtins=["semantic"],  # these tests are about the hooks, not the encoder
    )


def plugin_info(engine: Engine, name: str) -> PluginInfo:
    return next(info for info in engine.plugins() if info.name == name)


class Watcher:
    """A route wrapper: sees every routing outcome and may replace it."""

    def __init__(self) -> None:
        self.seen: list[str | None] = []

    @instrux.hookimpl(wrapper=True)
    def instrux_route(self, request: RouteRequest) -> Generator[None, Call | None, Call | None]:
        call = yield
        self.seen.append(call.instruction if call else None)
        if call is None and request.text == "the answer":
            return instrux_call(request, "math.add", a=40, b=2)
        return call


def instrux_call(request: RouteRequest, instruction: str, **arguments: Any) -> Call:
    model = request.registry.argument_model(instruction)
    route = Route(tier="watcher", score=1.0, explanation="Filled in by the wrapper.")
    return Call(
        instruction=instruction, arguments=model(**arguments), route=route, text=request.text
    )


def test_a_route_wrapper_sees_and_can_replace_the_outcome() -> None:
    watcher = Watcher()
    engine = make_engine({"watcher": watcher})
    call = engine.parse("add 2 and 3")
    assert isinstance(call, Call) and call.instruction == "math.add"  # not a generator
    assert engine.run("the answer").value == 42
    assert watcher.seen == ["math.add", None]


class Crashes:
    @instrux.hookimpl(tryfirst=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        return {"a": 1}["missing"]  # type: ignore[no-any-return]


def test_a_crashing_tier_is_named_with_its_line_and_the_next_tier_still_routes() -> None:
    engine = make_engine({"crashes": Crashes()})
    result = engine.run("add 2 and 3")
    assert result.value == 5
    with pytest.raises(PluginError) as caught:
        engine.run("book a table for two")  # nothing matches: the crash is the explanation
    err = caught.value
    assert (err.details["plugin"], err.details["hook"]) == ("crashes", "instrux_route")
    assert err.details["reason"] == "KeyError: 'missing'"
    assert err.details["where"].startswith(__file__)
    assert "in instrux_route" in err.details["where"]


def test_each_tier_is_timed() -> None:
    result = make_engine({"crashes": Crashes()}).run("add 2 and 3")
    assert {"route.crashes", "route.instrux.templates"} <= set(result.timings_ms)
    assert result.timings_ms["route"] >= result.timings_ms["route.instrux.templates"]


class Middle:
    """A tier without a batch form: from it on, the cascade runs text by text."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    @instrux.hookimpl
    def instrux_route(self, request: RouteRequest) -> Call | None:
        self.texts.append(request.text)
        if request.text.startswith("middle"):
            return instrux_call(request, "math.square", x=len(request.text))
        return None


class Last:
    """A batch-capable fallback after the middle tier: it must not pre-empt it."""

    def __init__(self) -> None:
        self.batches: list[int] = []
        self.singles: list[str] = []

    @instrux.hookimpl(trylast=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        self.singles.append(request.text)
        return instrux_call(request, "math.add", a=len(request.text), b=0)

    @instrux.hookimpl(trylast=True)
    def instrux_route_many(self, requests: Sequence[RouteRequest]) -> None:
        self.batches.append(len(requests))
        for request in requests:
            if request.call is None and request.error is None:
                request.call = instrux_call(request, "math.add", a=-1, b=0)


TEXTS = ["add 2 and 3", "middle text", "anything else", "6 times 7", "divide 1 by 0"]


def test_run_many_routes_every_text_as_run_does_and_keeps_the_cascade_order() -> None:
    middle, last = Middle(), Last()
    engine = make_engine({"middle": middle, "last": last})
    single = []
    for text in TEXTS:
        try:
            single.append(engine.run(text).value)
        except instrux.InstructionRunError as err:
            single.append(err.code)
    batch = [
        r.value if isinstance(r, instrux.Result) else r.code
        for r in engine.run_many(TEXTS, return_exceptions=True)
    ]
    assert batch == single == [5, 121, 13, 42, "invalid_arguments"]
    assert last.batches == []  # the middle tier has no batch form: the last tier ran per text
    assert middle.texts.count("add 2 and 3") == 0  # the template tier decided it, in batch


def test_batch_tiers_in_front_route_all_pending_texts_in_one_call() -> None:
    last = Last()
    engine = make_engine({"last": last})
    outcomes = engine.parse_many(["add 2 and 3", "x", "y"], return_exceptions=True)
    assert last.batches == [3] and last.singles == []
    assert [c.arguments.model_dump() for c in outcomes if isinstance(c, Call)] == [
        {"a": 2, "b": 3},
        {"a": -1, "b": 0},
        {"a": -1, "b": 0},
    ]


def test_trace_shows_route_and_execute_hooks() -> None:
    env = {**os.environ, "INSTRUX_TRACE": "1", "INSTRUX_DISABLE_BUILTINS": "semantic"}
    done = subprocess.run(
        [sys.executable, "-m", "instrux.cli.main", "run", "add 2 and 3"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "5"
    for hook in (
        "instrux_register_instructions",
        "instrux_register_executors",
        "instrux_route",
        "instrux_execute",
    ):
        assert hook in done.stderr


def test_a_module_whose_hooks_sit_on_a_class_is_flagged() -> None:
    module = types.ModuleType("shouting_plugin")

    class Shout:
        @instrux.hookimpl
        def instrux_register_instructions(self, register: RegisterInstruction) -> None:
            raise AssertionError("never called: the module itself has no hooks")

    Shout.__module__ = module.__name__
    module.Shout = Shout  # type: ignore[attr-defined]
    info = plugin_info(make_engine({"shouting": module}), "shouting")
    assert info.status == "no_hooks"
    assert "'shouting_plugin:Shout'" in (info.error or "")
