"""``units.temperature``: written with a hand-built InstructionSpec and ExecutorSpec.

This is the long form of what ``@instrux.executor`` does: an explicit pydantic model for the
arguments, an :class:`instrux.InstructionSpec` declaring the instruction, and an
:class:`instrux.ExecutorSpec` whose ``run`` receives the validated model. The plugin
registers the two in different hooks (see :mod:`instrux_units.plugin`), which is also how a
plugin adds a second executor (an ONNX model, a remote service) to someone else's
instruction.
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

import instrux
from instrux_units.exact import Number, to_fraction, to_number

__all__ = [
    "EXECUTOR",
    "INSTRUCTION",
    "TemperatureArguments",
    "TemperatureUnit",
    "convert_temperature",
]

NAME = "units.temperature"


class TemperatureUnit(StrEnum):
    """Temperature scales; the router matches "celsius" or "c", "kelvin" or "k", ..."""

    celsius = "C"
    fahrenheit = "F"
    kelvin = "K"
    # Other languages' names of the scales (French, German and Spanish write "celsius").
    centígrados = "C"
    centigrados = "C"
    摄氏度 = "C"
    摄氏 = "C"
    华氏度 = "F"
    华氏 = "F"
    开尔文 = "K"

    @property
    def symbol(self) -> str:
        """How a reading is written: "°C" and "°F", but plain "K" (kelvins are not degrees)."""
        return self.value if self is TemperatureUnit.kelvin else f"°{self.value}"


# Each scale as (offset, scale) in:  kelvin = (value + offset) * scale. Exact decimals.
_TO_KELVIN: dict[TemperatureUnit, tuple[Fraction, Fraction]] = {
    TemperatureUnit.celsius: (Fraction("273.15"), Fraction(1)),
    TemperatureUnit.fahrenheit: (Fraction("459.67"), Fraction(5, 9)),
    TemperatureUnit.kelvin: (Fraction(0), Fraction(1)),
}


class TemperatureArguments(BaseModel):
    """Arguments of ``units.temperature``; field names are the template slots."""

    # extra="forbid": a misspelt argument in Engine.make_call is an error, not ignored.
    model_config = ConfigDict(extra="forbid")

    value: Number = Field(description="The temperature to convert.")
    from_unit: TemperatureUnit = Field(description="Scale of `value`.")
    to_unit: TemperatureUnit = Field(description="Scale of the result.")


def _kelvin(value: Fraction, unit: TemperatureUnit) -> Fraction:
    offset, scale = _TO_KELVIN[unit]
    return (value + offset) * scale


def _from_kelvin(kelvin: Fraction, unit: TemperatureUnit) -> Fraction:
    offset, scale = _TO_KELVIN[unit]
    return kelvin / scale - offset


def convert_temperature(
    value: int | float, from_unit: TemperatureUnit, to_unit: TemperatureUnit
) -> int | float:
    """Convert a temperature exactly; below absolute zero is an InvalidArgumentsError."""
    kelvin = _kelvin(to_fraction(value), from_unit)
    if kelvin < 0:
        # Checked here, not in the model: the limit depends on from_unit, and a typed
        # instrux error carries the instruction and argument to the CLI and HTTP layers.
        zero = to_number(_from_kelvin(Fraction(0), from_unit), NAME)
        raise instrux.InvalidArgumentsError(
            NAME,
            "value",
            f"{value} {from_unit.symbol} is below absolute zero ({zero} {from_unit.symbol})",
            hint="Give a temperature at or above absolute zero.",
        )
    return to_number(_from_kelvin(kelvin, to_unit), NAME)


def _run(arguments: BaseModel) -> int | float:
    # The engine hands over the model it validated; model_validate returns that same
    # instance unchanged, and gives the type checker a TemperatureArguments.
    args = TemperatureArguments.model_validate(arguments)
    return convert_temperature(args.value, args.from_unit, args.to_unit)


# "[(degrees|°)]" accepts "100 degrees celsius", "100 °C" and "100°C" (a symbol may touch
# its neighbours); "in" and "to" cover "-40 c in f" and "convert 300 k to celsius".
INSTRUCTION = instrux.InstructionSpec(
    name=NAME,
    description="Convert a temperature between Celsius, Fahrenheit and Kelvin, exactly.",
    arguments=TemperatureArguments,
    result_type=int | float,
    examples={
        "en": [
            "convert {value} [(degrees|°)] {from_unit} (to|into|in) [(degrees|°)] {to_unit}",
            "{value} [(degrees|°)] {from_unit} (to|into|in) [(degrees|°)] {to_unit}",
            "how many [degrees] {to_unit} (is|are|in) {value} [(degrees|°)] {from_unit}",
        ],
        "zh": [
            "{value}[°]{from_unit}(等于|是|合|折合|相当于)[多少]{to_unit}",
            "[把]{value}[°]{from_unit}(换算|转换|换|转|化)(成|为){to_unit}",
        ],
        "fr": [
            "(convertis|convertir|convertissez|passe) {value} [(degrés|°)] {from_unit} en [(degrés|°)] {to_unit}",  # noqa: E501
            "{value} [(degrés|°)] {from_unit} en [(degrés|°)] {to_unit}",
            "{value} [(degrés|°)] {from_unit} (font|fait|ça fait|ca fait|c'est) combien [(de|en)] [degrés] {to_unit}",  # noqa: E501
        ],
        "de": [
            "(rechne|wandle|konvertiere) {value} [(Grad|°)] {from_unit} in [(Grad|°)] {to_unit} [um]",  # noqa: E501
            "{value} [(Grad|°)] {from_unit} in [(Grad|°)] {to_unit}",
            "wie viel [Grad] {to_unit} sind {value} [(Grad|°)] {from_unit}",
        ],
        "es": [
            "(convierte|convertir|pasa|transforma) {value} [(grados|°)] {from_unit} (a|en) [(grados|°)] {to_unit}",  # noqa: E501
            "{value} [(grados|°)] {from_unit} (a|en) [(grados|°)] {to_unit}",
            "cuántos grados {to_unit} son {value} [(grados|°)] {from_unit}",
        ],
    },
    tags=("units", "temperature"),
)

EXECUTOR = instrux.ExecutorSpec(
    name=f"{NAME}.python",
    instructions=(NAME,),
    kind="python",
    description="Exact conversion with fractions.Fraction.",
    run=_run,
)
