"""The built-in planners (``instrux_plan``): "X, then Y" sequences, arithmetic, then word
problems of one amount.

Asked only when routing the whole text gave no call. The sequence planner goes first: its
parts may be any instruction, and a part that is itself arithmetic is planned by asking the
planners again (``request.plan``). Third-party planners (an LLM planner) should be
``trylast``, so that these exact ones decide first.
"""

from __future__ import annotations

from instrux.plans.planners import plan_expression, plan_sequence, plan_story
from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import PlanRequest
from instrux.schemas.plan import Plan


@hookimpl
def instrux_plan(request: PlanRequest) -> Plan | None:
    return plan_sequence(request) or plan_expression(request) or plan_story(request)
