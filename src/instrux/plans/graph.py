"""A plan as a ``networkx.DiGraph``: one node per step, one edge per reference.

Compiling checks everything that would make a plan unrunnable before any step runs: duplicate
step ids, references to missing steps, an output that is not a step, cycles, steps that do not
lead to the output, more steps than allowed. Each is an :class:`InvalidPlanError` that names
the steps concerned.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import TYPE_CHECKING, NoReturn

from instrux.schemas.call import Call
from instrux.schemas.plan import InvalidPlanError, Plan, PlanRoute, Step

if TYPE_CHECKING:  # networkx loads when the first graph is built: start-up and --help skip it
    import networkx as nx

__all__ = [
    "DEFAULT_MAX_STEPS", "compile_plan", "levels", "one_step_plan", "plan_levels", "plan_literals",
    "structure_of", "to_mermaid",
]  # fmt: skip

DEFAULT_MAX_STEPS = 32

_HINT = "Fix the plan's steps (see docs/plans.md for the format)."


def compile_plan(plan: Plan, max_steps: int = DEFAULT_MAX_STEPS) -> nx.DiGraph[str]:
    """The plan's graph (node attribute ``step``, edge attribute ``argument``), checked.

    Its levels (see :func:`levels`) are computed once here, in ``graph.graph["levels"]``.
    """
    graph = _structure(structure_of(plan), max_steps).copy()
    for step in plan.steps:
        graph.nodes[step.id]["step"] = step
    return graph


def plan_levels(plan: Plan, max_steps: int = DEFAULT_MAX_STEPS) -> list[list[str]]:
    """The plan's levels (see :func:`levels`), checked as :func:`compile_plan` checks it.

    Plans of one structure (the same step ids, references and output, other literals) share
    one compiled graph: the engine runs the same shapes of plan again and again, and building
    the graph costs more than running a small step.
    """
    return levels(_structure(structure_of(plan), max_steps))


# Step ids in order, each with its references (argument -> step id), and the output.
Structure = tuple[tuple[tuple[str, tuple[tuple[str, str], ...]], ...], str]


def structure_of(plan: Plan) -> Structure:
    """What the graph of a plan depends on (not the steps' literal arguments)."""
    steps = tuple((step.id, tuple(step.refs().items())) for step in plan.steps)
    return steps, plan.output


@functools.lru_cache(maxsize=512)
def _structure(structure: Structure, max_steps: int) -> nx.DiGraph[str]:
    """The graph of a structure, checked (an invalid one raises each time: not cached)."""
    steps, output = structure
    if len(steps) > max_steps:
        raise InvalidPlanError(
            f"The plan has {len(steps)} steps; the limit is {max_steps}.",
            hint="Split the text into smaller requests, or raise the limit "
            "(Engine(max_plan_steps=...)).",
            reason="too_many_steps",
        )
    _check_ids([step_id for step_id, _refs in steps], output)
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(step_id for step_id, _refs in steps)
    needs: dict[str, set[str]] = {}
    for step_id, refs in steps:
        for argument, source in refs:
            if source not in graph:
                raise InvalidPlanError(
                    f"Step {step_id!r} refers to step {source!r} (argument {argument!r}), "
                    "which the plan does not have.",
                    hint=_HINT,
                    reason="dangling_reference",
                    steps=[step_id],
                )
            graph.add_edge(source, step_id, argument=argument)
        needs[step_id] = {source for _argument, source in refs}
    graph.graph["levels"] = _levels_of(needs, graph)
    _check_all_used(graph, output)
    return graph


def levels(graph: nx.DiGraph[str]) -> list[list[str]]:
    """Steps by level: each level needs only the levels before it (so it may run at once)."""
    found: list[list[str]] | None = graph.graph.get("levels")
    if found is None:
        return _levels_of_acyclic(graph)
    return [list(level) for level in found]  # a copy: the graph may be shared (see above)


def _levels_of_acyclic(graph: nx.DiGraph[str]) -> list[list[str]]:
    import networkx as nx

    try:
        return [sorted(generation) for generation in nx.topological_generations(graph)]
    except nx.NetworkXUnfeasible:
        _raise_cycle(graph)


def _levels_of(needs: dict[str, set[str]], graph: nx.DiGraph[str]) -> list[list[str]]:
    """Topological generations (as ``nx.topological_generations``), on plain sets: a plan
    has a handful of steps and this runs once per plan, where networkx's version costs more
    than running a step."""
    found: list[list[str]] = []
    done: set[str] = set()
    pending = dict(needs)
    while pending:
        level = sorted(step for step, sources in pending.items() if sources <= done)
        if not level:
            _raise_cycle(graph)
        found.append(level)
        done.update(level)
        for step in level:
            del pending[step]
    return found


def _check_ids(ids: list[str], output: str) -> None:
    if len(set(ids)) == len(ids) and output in ids:
        return
    counts = Counter(ids)
    twice = sorted(name for name, count in counts.items() if count > 1)
    if twice:
        raise InvalidPlanError(
            f"Step id(s) {', '.join(map(repr, twice))} are used more than once.",
            hint="Give every step its own id.",
            reason="duplicate_step",
            steps=twice,
        )
    if output not in counts:
        raise InvalidPlanError(
            f"The plan's output {output!r} is not one of its steps.",
            hint=_HINT,
            reason="dangling_reference",
            steps=[output],
        )


def _raise_cycle(graph: nx.DiGraph[str]) -> NoReturn:
    import networkx as nx

    cycle = nx.find_cycle(graph)
    steps = [source for source, _target in cycle]
    raise InvalidPlanError(
        f"The plan has a cycle: {' -> '.join([*steps, steps[0]])}.",
        hint="A step can only use the results of steps that do not depend on it.",
        reason="cycle",
        steps=steps,
    )


def _check_all_used(graph: nx.DiGraph[str], output: str) -> None:
    needed = {output}
    pending = [output]
    while pending:  # the output's ancestors (nx.ancestors does the same, more slowly)
        for source in graph.predecessors(pending.pop()):
            if source not in needed:
                needed.add(source)
                pending.append(source)
    unused = sorted(set(graph) - needed)
    if unused:
        raise InvalidPlanError(
            f"Step(s) {', '.join(map(repr, unused))} do not lead to the output {output!r}.",
            hint="Remove them, or make the output depend on them.",
            reason="unused_step",
            steps=unused,
        )


def to_mermaid(plan: Plan) -> str:
    """A Mermaid flowchart of the plan: one box per step, one labelled arrow per reference.

    Nodes are named ``n0``, ``n1``... (step ids may hold characters Mermaid does not allow);
    the output step has a double border.
    """
    node = {step.id: f"n{index}" for index, step in enumerate(plan.steps)}
    lines = ["flowchart LR"]
    for step in plan.steps:
        refs = step.refs()
        literal = ", ".join(
            f"{name}={value}" for name, value in step.arguments.items() if name not in refs
        )
        label = f"{step.id}: {step.instruction}" + (f"({literal})" if literal else "")
        left, right = ("[[", "]]") if step.id == plan.output else ("[", "]")
        lines.append(f'    {node[step.id]}{left}"{_escape(label)}"{right}')
    for edge in plan.edges:
        lines.append(f"    {node[edge.source]} -->|{_escape(edge.argument)}| {node[edge.target]}")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace('"', "#quot;").replace("|", "#124;")


def one_step_plan(call: Call, text: str) -> Plan:
    """A routed call as a plan of one step (what ``Engine.plan`` gives for one instruction)."""
    step = Step(
        id="s1",
        instruction=call.instruction,
        arguments=call.arguments.model_dump(mode="json"),
        text=text,
    )
    route = PlanRoute(
        planner="route",
        score=call.route.score,
        explanation=call.route.explanation,
        details={"tier": call.route.tier},
    )
    return Plan(steps=[step], output="s1", route=route, text=text)


def plan_literals(plan: Plan) -> list[int | float]:
    """Every number the steps' arguments hold as a literal (references are results, not
    numbers of the text), each as often as it occurs."""
    return [
        value
        for step in plan.steps
        for value in step.arguments.values()
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]
