"""Plans: multi-step instructions as graphs of calls (see docs/plans.md).

- :mod:`.graph`: a plan compiled to a ``networkx.DiGraph``, checked (cycles, dangling
  references, step limit), levels, Mermaid pictures;
- :mod:`.run`: running the levels (thread pool or ``asyncio``), batching same-instruction steps;
- :mod:`.tokens`, :mod:`.expression`, :mod:`.stories`, :mod:`.steps`, :mod:`.binding`,
  :mod:`.planners`: the built-in planners' tokens and grammars, how an arithmetic tree becomes
  steps, and how a sub-phrase's routed call takes earlier results;
- :mod:`.shapes`: exact plans kept by the shape of their text (other numbers, same words).

The planners are plugged in by :mod:`.plugin` (the plugin ``instrux.planners``, written with
the hooks of :mod:`instrux.plugins`); the engine uses the graph and the runner. Nothing here
imports the engine.
"""

from instrux.plans.graph import DEFAULT_MAX_STEPS, compile_plan, levels, to_mermaid

__all__ = ["DEFAULT_MAX_STEPS", "compile_plan", "levels", "to_mermaid"]
