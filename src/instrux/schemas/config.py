"""Building a config model from user values: a bad value is an error naming the option."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from instrux.schemas.errors import ConfigurationError

__all__ = ["validated"]

C = TypeVar("C", bound=BaseModel)


def validated(kind: type[C], values: Mapping[str, Any], names: Mapping[str, str] = {}) -> C:
    """``kind(**values)``; a :class:`ConfigurationError` naming ``--the-option`` when invalid.

    :param names: field -> option name, where the command line calls a field otherwise.
    """
    try:
        return kind(**values)
    except ValidationError as err:
        first = err.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        option = "--" + names.get(field, field).replace("_", "-")
        raise ConfigurationError(
            f"Invalid value {first.get('input')!r} for {option}: {first['msg']}.",
            hint=f"Fix {option} (see --help).",
            details={"option": option, "problem": first["msg"]},
        ) from None
