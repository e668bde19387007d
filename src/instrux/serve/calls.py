"""What the HTTP routes ask of the engine, beyond calling it: the same for every server
(the FastAPI app, the Ray deployment).

``/v1/execute`` validates its arguments strictly: JSON types as they are written.

``Engine.execute_request`` validates like Python code calls it (pydantic's lax mode): ``true``
is 1 and ``"1"`` is 1. Over HTTP a client sends JSON, which has its own types, so a boolean or
a string where a number is expected is a mistake to report, not to repair. The arguments are
checked in pydantic's strict JSON mode (ISO date strings, enum values and integers where a
float is expected still pass), then run through the engine as before.

An instruction opts out by saying so in its argument model: ``model_config =
ConfigDict(strict=False)`` (left unset, the default, means strict over HTTP).

``/v1/parse`` answers a text of several instructions with its plan, where ``/v1/run`` would
run that plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError
from pydantic_core import to_json

from instrux.parsing.validation import validation_error_to_invalid_arguments
from instrux.schemas.call import Call, ExecuteRequest, Result
from instrux.schemas.errors import InstructionRunError
from instrux.schemas.plan import Plan

if TYPE_CHECKING:
    from instrux.engine import Engine

__all__ = ["execute_strictly", "parse_or_plan", "strict_arguments"]


def strict_arguments(engine: Engine, request: ExecuteRequest) -> None:
    """Raise ``InvalidArgumentsError`` when the arguments have a JSON type their instruction
    does not take (``UnknownNameError`` for an unknown instruction)."""
    model = engine.registry.instruction(request.instruction).spec.arguments
    if model.model_config.get("strict") is False:
        return
    try:
        model.model_validate_json(to_json(request.arguments), strict=True)
    except ValidationError as err:
        raise validation_error_to_invalid_arguments(request.instruction, err) from None


def execute_strictly(engine: Engine, request: ExecuteRequest) -> Result:
    """``engine.execute_request(request)`` after :func:`strict_arguments`."""
    strict_arguments(engine, request)
    return engine.execute_request(request)


def parse_or_plan(engine: Engine, text: str) -> Call | Plan:
    """The call of ``text``; for a text of several instructions, where routing finds none
    but ``Engine.run`` would run a plan, that plan (what ``Engine.plan`` gives)."""
    try:
        return engine.parse(text)
    except InstructionRunError as routing_error:
        try:
            plan = engine.plan(text)
        except InstructionRunError:
            raise routing_error from None
        if len(plan.steps) < 2:
            raise routing_error from None
        return plan
