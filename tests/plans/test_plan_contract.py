"""The plan contract: JSON round trips, references, the compiled graph and its errors."""

from __future__ import annotations

import pytest

from instrux import Engine, InvalidPlanError, Plan, PlanResult, Ref, Result, Step
from instrux.plans import compile_plan, levels, to_mermaid

TWO_STEPS = {
    "steps": [
        {"id": "s1", "instruction": "math.add", "arguments": {"a": 2, "b": 3}},
        {"id": "s2", "instruction": "math.subtract", "arguments": {"a": 10, "b": {"ref": "s1"}}},
    ],
    "output": "s2",
}


def test_a_ref_object_in_json_is_a_reference() -> None:
    plan = Plan.model_validate(TWO_STEPS)
    assert plan.step("s2").arguments["b"] == Ref(ref="s1")
    assert plan.step("s2").refs() == {"b": "s1"}
    assert [(e.source, e.target, e.argument) for e in plan.edges] == [("s1", "s2", "b")]
    assert plan.route.planner == "given"


def test_plans_round_trip_through_json() -> None:
    plan = Plan.model_validate(TWO_STEPS)
    text = plan.model_dump_json()
    assert '"edges"' in text  # derived, shown to readers...
    assert Plan.model_validate_json(text) == plan  # ...and ignored when read back


def test_a_literal_dict_with_other_keys_stays_a_literal() -> None:
    step = Step(id="s1", instruction="x.y", arguments={"v": {"ref": "s0", "also": 1}})
    assert step.refs() == {}


def test_plan_results_round_trip(exact: Engine) -> None:
    result = exact.run("subtract the sum of 2 and 3 from 10")
    assert isinstance(result, PlanResult) and isinstance(result, Result)
    again = PlanResult.model_validate_json(result.model_dump_json())
    assert again.value == 5 and list(again.steps) == ["s1", "s2"]
    assert again.plan == result.plan
    assert again.steps["s2"].call.arguments.model_dump() == {"a": 10, "b": 5}


def test_graph_levels_and_picture() -> None:
    plan = Plan.model_validate(
        {
            "steps": [
                {"id": "a", "instruction": "math.add", "arguments": {"a": 1, "b": 2}},
                {"id": "b", "instruction": "math.add", "arguments": {"a": 3, "b": 4}},
                {"id": "c", "instruction": "math.multiply",
                 "arguments": {"a": {"ref": "a"}, "b": {"ref": "b"}}},
            ],
            "output": "c",
        }
    )  # fmt: skip
    graph = compile_plan(plan)
    assert sorted(graph.edges(data="argument")) == [("a", "c", "a"), ("b", "c", "b")]
    assert levels(graph) == [["a", "b"], ["c"]]
    picture = to_mermaid(plan)
    assert picture.splitlines()[0] == "flowchart LR"
    assert "n0 -->|a| n2" in picture and 'n2[["c: math.multiply"]]' in picture


def _plan(*steps: dict[str, object], output: str) -> Plan:
    return Plan.model_validate({"steps": list(steps), "output": output})


def _step(step_id: str, **arguments: object) -> dict[str, object]:
    return {"id": step_id, "instruction": "math.add", "arguments": arguments}


@pytest.mark.parametrize(
    ("plan", "reason", "steps"),
    [
        (_plan(_step("s1", a={"ref": "s2"}, b=1), _step("s2", a={"ref": "s1"}, b=1),
               output="s2"), "cycle", ["s1", "s2"]),
        (_plan(_step("s1", a={"ref": "s1"}, b=1), output="s1"), "cycle", ["s1"]),
        (_plan(_step("s1", a={"ref": "nope"}, b=1), output="s1"), "dangling_reference",
         ["s1"]),
        (_plan(_step("s1", a=1, b=1), output="s9"), "dangling_reference", ["s9"]),
        (_plan(_step("s1", a=1, b=1), _step("s1", a=2, b=2), output="s1"), "duplicate_step",
         ["s1"]),
        (_plan(_step("s1", a=1, b=1), _step("s2", a=2, b=2), output="s2"), "unused_step",
         ["s1"]),
    ],
)  # fmt: skip
def test_unrunnable_plans_are_typed_errors(
    exact: Engine, plan: Plan, reason: str, steps: list[str]
) -> None:
    with pytest.raises(InvalidPlanError) as caught:
        exact.run_plan(plan)
    assert caught.value.code == "invalid_plan"
    assert caught.value.details["reason"] == reason
    assert sorted(caught.value.details["steps"]) == steps
    assert caught.value.hint


def test_step_limit(exact: Engine) -> None:
    steps = [_step("s1", a=1, b=1)] + [
        _step(f"s{i}", a={"ref": f"s{i - 1}"}, b=1) for i in range(2, 6)
    ]
    plan = _plan(*steps, output="s5")
    assert exact.run_plan(plan).value == 6
    small = Engine(load_entry_points=False, disable_builtins=["semantic"], max_plan_steps=4)
    with pytest.raises(InvalidPlanError, match=r"limit is 4"):
        small.run_plan(plan)


def test_unknown_instruction_and_bad_json_are_invalid_plans(exact: Engine) -> None:
    plan = Plan(steps=[Step(id="s1", instruction="math.nope", arguments={})], output="s1")
    with pytest.raises(InvalidPlanError, match=r"math\.nope") as caught:
        exact.run_plan(plan)
    assert caught.value.details["reason"] == "unknown_instruction"
    with pytest.raises(InvalidPlanError) as bad:
        exact.load_plan('{"steps": [], "output": "s1"}')
    assert bad.value.details["reason"] == "invalid_json"
    assert exact.load_plan(TWO_STEPS) == Plan.model_validate(TWO_STEPS)


def test_arguments_are_validated_once_resolved_and_the_error_names_the_step(
    exact: Engine,
) -> None:
    plan = _plan(
        {"id": "zero", "instruction": "math.subtract", "arguments": {"a": 3, "b": 3}},
        {"id": "ratio", "instruction": "math.divide",
         "arguments": {"a": 10, "b": {"ref": "zero"}}, "text": "divide 10 by it"},
        output="ratio",
    )  # fmt: skip
    with pytest.raises(Exception) as caught:
        exact.run_plan(plan)
    err = caught.value
    assert getattr(err, "code", None) == "invalid_arguments"
    assert err.details["step"] == "ratio"  # type: ignore[attr-defined]
    assert "Step 'ratio' ('divide 10 by it')" in str(err)
    assert "division by zero" in str(err)
