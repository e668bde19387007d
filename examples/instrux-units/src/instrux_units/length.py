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
    # The same units in the other languages instrux reads (French, German, Spanish, Chinese):
    # the slot's spoken forms are these names, so "convertis 5 kilomètres en miles" routes.
    kilomètre = "km"
    mètre = "m"
    centimètre = "cm"
    millimètre = "mm"
    pied = "ft"
    pouce = "in"
    mille_marin = "nmi"
    milles_marins = "nmi"
    mille_nautique = "nmi"
    milles_nautiques = "nmi"
    Meile = "mi"
    Meilen = "mi"
    Fuß = "ft"
    Zoll = "in"
    Zentimeter = "cm"
    Millimeter = "mm"
    Seemeile = "nmi"
    Seemeilen = "nmi"
    kilómetro = "km"
    kilometro = "km"
    metro = "m"
    centímetro = "cm"
    centimetro = "cm"
    milímetro = "mm"
    milimetro = "mm"
    milla = "mi"
    pie = "ft"
    pulgada = "in"
    yarda = "yd"
    milla_náutica = "nmi"
    millas_náuticas = "nmi"
    milla_nautica = "nmi"
    millas_nauticas = "nmi"
    公里 = "km"
    千米 = "km"
    米 = "m"
    厘米 = "cm"
    毫米 = "mm"
    英里 = "mi"
    码 = "yd"
    英尺 = "ft"
    英寸 = "in"
    海里 = "nmi"


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
    examples={
        "en": [
            "convert {value} {from_unit} (to|into|in) {to_unit}",
            "{value} {from_unit} (to|into|in) {to_unit}",
            "how many {to_unit} [(are|is) [there]] in {value} {from_unit}",
            "how many {to_unit} [(are|is) [there]] in (a|an) {from_unit}",
            "{value} {from_unit} (is|are|equals) how many {to_unit}",
        ],
        "zh": [
            "{value}{from_unit}(等于|是|合|折合|相当于|有)[(多少|几)]{to_unit}",
            "[把]{value}{from_unit}(换算|转换|换|转|化)(成|为){to_unit}",
        ],
        "fr": [
            "(convertis|convertir|convertissez|convertit|passe|transforme) {value} {from_unit} en {to_unit}",  # noqa: E501
            "{value} {from_unit} en {to_unit}",
            "combien de {to_unit} (dans|en|font|fait|pour) {value} {from_unit}",
            "[je cherche] l'(équivalent|equivalent) (de|en {to_unit} de) {value} {from_unit} [en {to_unit}]",  # noqa: E501
            "{value} {from_unit} (font|fait|ça fait|ca fait|c'est) combien (de|en) {to_unit}",
        ],
        "de": [
            "(rechne|wandle|konvertiere|umrechnen) [bitte] {value} {from_unit} in {to_unit} [um]",
            "{value} {from_unit} (entsprechen|entspricht|sind) (wie viele|wieviele|wievielen|wie vielen) {to_unit}",  # noqa: E501
            "(wie viele|wieviele) {to_unit} (sind|hat|haben|ergeben|machen) {value} {from_unit}",
            "{value} {from_unit} in {to_unit} [umrechnen]",
            "wie viele {to_unit} (sind|hat|haben|ergeben|machen) {value} {from_unit}",
            "{value} {from_unit} (sind|ergeben|machen) wie viele {to_unit}",
        ],
        "es": [
            "(convierte|convertir|pasa|pasar|transforma) {value} {from_unit} (a|en) {to_unit}",
            "{value} {from_unit} (a|en) {to_unit}",
            "cuántos {to_unit} (son|hay en|tiene|tienen) {value} {from_unit}",
            "{value} {from_unit} (son|es|equivale a|equivalen a) cuántos {to_unit}",
        ],
    },
    tags=["units", "length"],
)
def convert_length(value: Length = 1, *, from_unit: LengthUnit, to_unit: LengthUnit) -> int | float:
    """Convert a length between metric and imperial units, exactly.

    Whole results are exact integers (1 mile -> 5280 feet); others are the float nearest to
    the exact value.
    """
    meters = to_fraction(value) * METERS[from_unit]
    return to_number(meters / METERS[to_unit], "units.length")
