"""Building a config model from user values: a bad value is an error naming the option."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from instrux.schemas.errors import ConfigurationError

__all__ = ["first_error", "validated"]

C = TypeVar("C", bound=BaseModel)


def validated(kind: type[C], values: Mapping[str, Any], names: Mapping[str, str] = {}) -> C:
    """``kind(**values)``; a :class:`ConfigurationError` naming ``--the-option`` when invalid.

    :param names: field -> option name, where the command line calls a field otherwise.
    """
    try:
        return kind(**values)
    except ValidationError as err:
        field, value, problem = first_error(err)
        option = "--" + names.get(field, field).replace("_", "-")
        raise ConfigurationError(
            f"Invalid value {value!r} for {option}: {problem}.",
            hint=f"Fix {option} (see --help).",
            details={"option": option, "problem": problem},
        ) from None


def first_error(err: ValidationError) -> tuple[str, Any, str]:
    """The first problem of a validation error: the field ("" for the model), the value
    given, and pydantic's message."""
    first = err.errors()[0]
    return (str(first["loc"][0]) if first["loc"] else "", first.get("input"), first["msg"])
