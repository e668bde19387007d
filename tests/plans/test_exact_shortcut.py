"""The exact way to a plan: template-matched steps, no fuzzy tier asked, every number used;
single-route binding; word problems and scaling words ("twice", "half of")."""

from __future__ import annotations

import pytest

import instrux
from instrux import Call, Engine, InstructionRunError, PlanResult, RouteRequest
from instrux.engine.deciding import exact_plan, looks_multi_step
from instrux.schemas.plan import Plan, PlanRoute, Ref, Step


class Watching:
    """A last tier that answers nothing and writes down every text it is asked about."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    @instrux.hookimpl(trylast=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        self.texts.append(request.text)
        return None


class Counting:
    """A wrapper that counts every route, whichever tier answers."""

    def __init__(self) -> None:
        self.routes = 0

    @instrux.hookimpl(wrapper=True)
    def instrux_route(self, request: RouteRequest):  # type: ignore[no-untyped-def]
        self.routes += 1
        return (yield)


def _engine(*plugins: object) -> Engine:
    return Engine(plugins=list(plugins), load_entry_points=False,
                  disable_builtins=["semantic"], prefer_executor_kind="python")  # fmt: skip


def test_a_plan_of_exact_steps_never_asks_a_fuzzy_tier() -> None:
    watching = Watching()
    engine = _engine(watching)
    result = engine.run("add 4 and 6, then divide the result by 5")
    assert isinstance(result, PlanResult) and result.value == 2
    assert engine.run("what is 2 plus 2 times 3").value == 8
    assert watching.texts == []  # neither the whole text nor a part went past the templates


def test_a_text_the_exact_way_cannot_settle_goes_through_every_tier() -> None:
    watching = Watching()
    engine = _engine(watching)
    with pytest.raises(InstructionRunError):
        engine.run("add 4 and 6, then book a table for 2")
    assert "add 4 and 6, then book a table for 2" in watching.texts


def test_a_two_step_sequence_costs_three_routes() -> None:
    """The whole text (no match), then each part once: binding reads where the placeholder
    went from the template's slots instead of routing the part a second time."""
    counting = Counting()
    engine = _engine(counting)
    engine.run("add 4 and 6, then divide the result by 5")
    counting.routes = 0
    assert engine.run("add 1 and 2, then multiply the result by 7").value == 21
    assert counting.routes == 3


def _plan(*steps: Step) -> Plan:
    route = PlanRoute(planner="test", score=1.0, explanation="Test.")
    return Plan(steps=list(steps), output=steps[-1].id, route=route)


def test_an_exact_plan_must_use_every_number_of_the_text() -> None:
    engine = _engine()
    first = Step(id="s1", instruction="math.add", arguments={"a": 4, "b": 6})
    second = Step(id="s2", instruction="math.divide", arguments={"a": Ref(ref="s1"), "b": 5})
    text = "add 4 and 6, then divide the result by 5"
    assert exact_plan(_plan(first, second), text, engine.registry)
    assert not exact_plan(_plan(first, second), text + " and 9", engine.registry)
    assert not exact_plan(_plan(first), "add 4 and 6", engine.registry)  # one step: no plan
    assert looks_multi_step("square 3 then double it")
    assert looks_multi_step("what is 9 squared minus one")
    assert not looks_multi_step("square 3")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I had 20 dollars and spent 8, how much is left", 12),
        ("Sara has 10 pens, loses 3 and finds 2 more. How many does she have now?", 9),
        ("I had 50 dollars, spent 12 on food and 8 on rent, how much is left", 30),
        ("double the sum of 4 and 5", 18),
        ("half of the product of 6 and 4", 12),
        ("what is 5 plus twice 3", 11),
        ("add up 7, 8 and 9", 24),
        ("multiply 1, 2, 3 and 4 together", 24),
        ("the total of 3, 4 and 5", 12),
        ("subtract 4 from 10 and finally multiply the result by 3", 18),
        ("take 3 away from 10, then multiply what you get by 4", 28),
        ("add 2 and 3, then multiply the sum by 4", 20),
        ("start with 10, add 5, then double it", 30),
        ("add 9 and 1, divide the result by 2, then square it", 25),
        ("take 8, multiply it by 3, then subtract 4", 20),
    ],
)
def test_more_ways_people_write_several_steps(text: str, value: int) -> None:
    assert _engine().run(text).value == value


@pytest.mark.parametrize(
    "text",
    [
        "what is twice 7 plus 1",  # (2 * 7) + 1 or 2 * (7 + 1)
        "twice 7 squared",
        "I had 20 dollars and spent 8, how much did I spend",  # not what is left
        "Tom has 5 marbles and gives 2 to Ann, how many does Ann have",  # someone else
        "I had 20 dollars and spent 8 on each of 2 books, how much is left",  # "each"
        "start with 10 and 20, add 5",  # two numbers to start from
        "think of 5, add 3 and 4",  # the second part does not use it
        "I had 20 dollars and bought 3 candies, how much is left",  # money out, candies in
        "I had 20 dollars and spent 8 dollars on 2 apples, how much is left",  # 2 is no event
        "I had 20 dollars and spent 8 and 2 hours later found 3, how much is left",
    ],
)
def test_stories_and_scaling_words_are_refused_when_unclear(text: str) -> None:
    with pytest.raises(InstructionRunError):
        _engine().run(text)
