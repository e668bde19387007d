"""Plans: multi-step instructions as graphs of calls (see docs/plans.md).

- :mod:`.graph`: a plan compiled to a ``networkx.DiGraph``, checked (cycles, dangling
  references, step limit), levels, Mermaid pictures;
- :mod:`.run`: running the levels (thread pool or ``asyncio``), batching same-instruction steps;
- :mod:`.request`: :class:`PlanRequest`, what an ``instrux_plan`` hook gets;
- :mod:`.tokens`, :mod:`.expression`, :mod:`.stories`, :mod:`.steps`, :mod:`.binding`,
  :mod:`.planners`: the built-in planners' tokens and grammars, how an arithmetic tree becomes
  steps, and how a sub-phrase's routed call takes earlier results;
- :mod:`.shapes`: exact plans kept by the shape of their text (other numbers, same words).

The planners are plugged in by :mod:`instrux.plans.plugin`; the engine uses the
graph and the runner. Nothing here imports the engine or the plugin host.
"""

from instrux.plans.graph import DEFAULT_MAX_STEPS, compile_plan, levels, to_mermaid
from instrux.plans.request import PlanRequest

__all__ = ["DEFAULT_MAX_STEPS", "PlanRequest", "compile_plan", "levels", "to_mermaid"]
