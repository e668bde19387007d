"""Exact arithmetic for conversions: inputs become fractions, results become numbers.

Conversion factors between units are exact decimals (an inch is 0.0254 m by definition), so
computing with :class:`~fractions.Fraction` and rounding once at the end gives
``1 mile -> 5280 feet`` exactly, where float arithmetic gives ``5280.000000000001``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Annotated

from pydantic import AfterValidator, Field

import instrux

__all__ = ["NonNegativeNumber", "Number", "to_fraction", "to_number"]


def _finite(value: int | float) -> int | float:
    # inf and nan parse as numbers; reject them here so the user gets "must be finite"
    # from argument validation instead of a nonsense conversion.
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


# int | float keeps whole numbers exact (and unbounded) while still accepting 2.5.
Number = Annotated[int | float, AfterValidator(_finite)]
# The bound sits on each branch: on the union itself pydantic writes it as "ge", which is no
# JSON Schema keyword (an OpenAPI document built from it would not be valid JSON Schema).
NonNegativeNumber = Annotated[
    Annotated[int, Field(ge=0)] | Annotated[float, Field(ge=0)], AfterValidator(_finite)
]


def to_fraction(value: int | float) -> Fraction:
    """The number the user meant: ``0.1`` is one tenth, not the nearest binary float."""
    if isinstance(value, int):
        return Fraction(value)
    # repr() is the shortest text that round-trips, i.e. the decimal the user typed.
    return Fraction(repr(value))


def to_number(value: Fraction, instruction: str) -> int | float:
    """An exact whole number as ``int``; anything else as the nearest float."""
    if value.denominator == 1:
        return int(value)
    try:
        return float(value)
    except OverflowError:
        raise instrux.InvalidArgumentsError(
            instruction,
            "value",
            "the result is too large for a 64-bit float",
            hint="Use a smaller value, or a whole number (whole results stay exact).",
        ) from None
