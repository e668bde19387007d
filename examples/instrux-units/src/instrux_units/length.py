"""``units.length``: exact length conversion, written with ``@instrux.executor``.

The decorator derives everything instrux needs from the function: the argument model from
the signature (an Enum annotation makes ``{from_unit}`` a choice slot that matches the
member names and values, with plurals), the result type from the return annotation and the
description from the docstring.
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction
from typing import Annotated

from pydantic import Field

import instrux
from instrux_units.exact import NonNegativeNumber, to_fraction, to_number

__all__ = ["METERS", "LengthUnit", "convert_length"]


class LengthUnit(StrEnum):
    """Length units. The router matches a member's name ("kilometer") and value ("km")."""

    kilometer = "km"
    meter = "m"
    centimeter = "cm"
    millimeter = "mm"
    mile = "mi"
    yard = "yd"
    foot = "ft"
    inch = "in"
    nautical_mile = "nmi"  # "_" reads as a space: "3 nautical miles in km"
    # Aliases (same value as a member above): other spellings people use. Python keeps
    # aliases out of iteration and today's template router reads spoken forms by iterating,
    # so these serve Python callers (LengthUnit["feet"]) and route once the router reads
    # LengthUnit.__members__ (tests/plugins/test_units.py tracks this as xfail).
    kilometre = "km"
    metre = "m"
    centimetre = "cm"
    millimetre = "mm"
    feet = "ft"


# Exact definitions in meters (the international yard and pound agreement of 1959 defines
# the yard as 0.9144 m; the nautical mile is 1852 m by definition).
METERS: dict[LengthUnit, Fraction] = {
    LengthUnit.kilometer: Fraction(1000),
    LengthUnit.meter: Fraction(1),
    LengthUnit.centimeter: Fraction(1, 100),
    LengthUnit.millimeter: Fraction(1, 1000),
    LengthUnit.mile: Fraction("1609.344"),
    LengthUnit.yard: Fraction("0.9144"),
    LengthUnit.foot: Fraction("0.3048"),
    LengthUnit.inch: Fraction("0.0254"),
    LengthUnit.nautical_mile: Fraction(1852),
}

# A length is a magnitude: the constraint rejects "-5 km" during argument validation, so
# the user gets an invalid_arguments error naming `value` before the executor runs.
Length = Annotated[NonNegativeNumber, Field(description="The length to convert (not negative).")]


@instrux.executor(
    "units.length",
    examples=[
        "convert {value} {from_unit} (to|into|in) {to_unit}",
        "{value} {from_unit} (to|into|in) {to_unit}",
        "how many {to_unit} [(are|is) [there]] in {value} {from_unit}",
        # `value` defaults to 1, so a template may leave it out: "how many inches in a foot".
        "how many {to_unit} [(are|is) [there]] in (a|an) {from_unit}",
        "{value} {from_unit} (is|are|equals) how many {to_unit}",
    ],
    tags=["units", "length"],
)
def convert_length(value: Length = 1, *, from_unit: LengthUnit, to_unit: LengthUnit) -> int | float:
    """Convert a length between metric and imperial units, exactly.

    Whole results are exact integers (1 mile -> 5280 feet); others are the float nearest to
    the exact value.
    """
    meters = to_fraction(value) * METERS[from_unit]
    return to_number(meters / METERS[to_unit], "units.length")
