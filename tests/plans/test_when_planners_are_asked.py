"""When the engine asks the planners: after no call, after numbers left over, and as a second
opinion on a fuzzy tier's call; never after a sure call. A crashing planner is named."""

from __future__ import annotations

import pytest

import instrux
from instrux import (
    Call,
    Engine,
    NoMatchError,
    Plan,
    PlanRequest,
    PlanResult,
    PluginError,
    Route,
    RouteRequest,
)


class Fuzzy:
    """A fuzzy tier (score 0.5) that reads any text with two numbers as adding them."""

    @instrux.hookimpl(trylast=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        numbers = [int(word) for word in request.normalized.split() if word.isdigit()]
        if len(numbers) != 2:
            return None
        arguments = request.registry.argument_model("math.add").model_validate(
            {"a": numbers[0], "b": numbers[1]}
        )
        route = Route(tier="fuzzy", score=0.5, explanation="Two numbers: an addition?")
        return Call(instruction="math.add", arguments=arguments, route=route, text=request.text)


class Asked:
    def __init__(self) -> None:
        self.texts: list[str] = []

    @instrux.hookimpl(tryfirst=True)
    def instrux_plan(self, request: PlanRequest) -> Plan | None:
        self.texts.append(request.text)
        return None


class Crashing:
    @instrux.hookimpl(tryfirst=True)
    def instrux_plan(self, request: PlanRequest) -> Plan | None:
        raise RuntimeError("planner bug")


def _engine(*plugins: object) -> Engine:
    return Engine(plugins=list(plugins), load_entry_points=False,
                  disable_builtins=["semantic"], prefer_executor_kind="python")  # fmt: skip


def test_a_sure_call_never_asks_the_planners() -> None:
    asked = Asked()
    engine = _engine(asked)
    assert engine.run("add 2 and 3").value == 5
    assert asked.texts == []
    with pytest.raises(NoMatchError):
        engine.run("book a table")
    assert asked.texts == ["book a table"]  # asked, had nothing: the no-match stands


def test_a_plan_wins_over_a_fuzzy_call_of_one_step() -> None:
    engine = _engine(Fuzzy())
    assert engine.run("fuzzy 4 9").call.route.tier == "fuzzy"  # no plan: the call stands
    result = engine.run("9 squared minus 1")  # the fuzzy tier would say 9 + 1
    assert isinstance(result, PlanResult) and result.value == 80


def test_a_then_text_no_planner_can_plan_is_refused_not_half_run() -> None:
    engine = _engine(Fuzzy())
    with pytest.raises(NoMatchError) as caught:
        engine.run("take 4 and 9 then book a table")
    assert caught.value.candidates[0].instruction == "math.add"
    assert "only one step" in (caught.value.candidates[0].evidence or "")


def test_a_crashing_planner_is_named_and_costs_no_answer() -> None:
    engine = _engine(Crashing(), Fuzzy())
    with pytest.raises(PluginError) as caught:
        engine.run("book a table")  # no call: the crash is the answer, by name
    assert "Crashing" in caught.value.message
    assert engine.run("fuzzy 4 9").value == 13  # a call exists: the crash does not cost it
