"""Errors for JSON the engine reads back (a call, an execute request): which instrux error
explains a pydantic ``ValidationError``, and what to send instead."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from instrux.schemas.errors import InstructionRunError, InvalidArgumentsError, InvalidInputError

__all__ = ["call_error", "instruction_of", "invalid_json"]


def call_error(err: ValidationError, data: Any) -> InstructionRunError:
    """A validation error of a call read from JSON, as the instrux error that explains it."""
    first = err.errors()[0]
    location = [str(part) for part in first["loc"]]
    if first["type"] == "json_invalid" or not location:
        return invalid_json("call", err)
    if location[0] == "arguments" and isinstance(data, Mapping | str | bytes):
        instruction = instruction_of(data)
        argument = location[1] if len(location) > 1 else "arguments"
        reason = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            reason = "it is required but was not given"
        return InvalidArgumentsError(instruction or "(unknown)", argument, reason)
    return invalid_json("call", err)


def instruction_of(data: Mapping[str, Any] | str | bytes) -> str | None:
    if isinstance(data, Mapping):
        return data.get("instruction")
    try:
        found = json.loads(data).get("instruction")
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None


def invalid_json(what: str, err: ValidationError) -> InvalidInputError:
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or what
    return InvalidInputError(
        f"The {what} is not valid: {where}: {first['msg']}.",
        hint='Send JSON like {"instruction": "math.add", "arguments": {"a": 1, '
        '"b": 2}} (see Engine.call_schema() or `instrux show NAME`).',
        reason="invalid_json",
    )
