"""Pydantic validation errors as instrux errors, shared by every tier and the engine."""

from __future__ import annotations

from pydantic import ValidationError

from instrux.schemas.errors import InvalidArgumentsError

__all__ = ["validation_error_to_invalid_arguments"]


def validation_error_to_invalid_arguments(
    instruction: str, err: ValidationError
) -> InvalidArgumentsError:
    """The first problem of a pydantic error as an :class:`InvalidArgumentsError`.

    A validator can say how to fix the value by raising
    ``PydanticCustomError(kind, message, {"hint": "..."})``: the hint is kept.
    """
    first = err.errors()[0]
    argument = str(first["loc"][0]) if first["loc"] else "arguments"
    reason = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        reason = "it is required but was not given"
    hint = (first.get("ctx") or {}).get("hint", "")
    return InvalidArgumentsError(instruction, argument, reason, hint=str(hint))
