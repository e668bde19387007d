"""examples/instrux-units: exact conversions, routing of its phrasings, public API only.

The plugin is loaded from code here (``Engine(plugins=[module])``), so these tests do not
depend on the entry point; ``test_entry_point.py`` covers discovery.
"""

from __future__ import annotations

import ast
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import instrux
import instrux.plugins
from instrux import Engine, InvalidArgumentsError

units = pytest.importorskip(
    "instrux_units", reason="instrux-units is not installed: pip install -e examples/instrux-units"
)
from instrux_units import (  # noqa: E402  (after the skip guard)
    LengthUnit,
    TemperatureUnit,
    convert_length,
    convert_temperature,
    plugin,
    word_count,
)

PACKAGE = Path(units.__file__).parent


@pytest.fixture(scope="module")
def units_engine() -> Engine:
    return Engine([plugin], load_entry_points=False)


@pytest.mark.parametrize(
    ("text", "instruction", "value"),
    [
        ("convert 5 km to m", "units.length", 5000),
        ("convert 5 kilometers to meters", "units.length", 5000),
        ("what is 0.1 km in m", "units.length", 100),
        ("12 in in cm", "units.length", 30.48),
        ("how many inches are in 3 ft", "units.length", 36),
        ("how many ft are in 1 mile", "units.length", 5280),
        ("how many yards are there in a mile", "units.length", 1760),
        ("how many inches in a foot", "units.length", 12),
        ("3 nautical miles in km", "units.length", 5.556),
        ("5 m is how many ft", "units.length", 16.404199475065617),
        ("Convert 1 MI to YD, please", "units.length", 1760),
        ("convert 100 °C to fahrenheit", "units.temperature", 212),
        ("100°C in F", "units.temperature", 212),
        ("-40 c in f", "units.temperature", -40),
        ("minus forty degrees celsius in fahrenheit", "units.temperature", -40),
        ("convert 300 k to celsius", "units.temperature", 26.85),
        ("how many degrees fahrenheit is 37 degrees celsius", "units.temperature", 98.6),
        ("how many kelvin is 0 c", "units.temperature", 273.15),
        ("convert 0 K to F", "units.temperature", -459.67),
        ('count the words in "don\'t stop me now"', "units.word_count", 4),
        ("how many words are in 'pi is 3.14, well-known'", "units.word_count", 4),
        ("word count of 'a b c'", "units.word_count", 3),
        ("count the words in hello, world!", "units.word_count", 2),
        ("add 3 and 5", "math.add", 8),  # built-ins still route next to the plugin
    ],
)
def test_phrasings_route_and_convert(
    units_engine: Engine, text: str, instruction: str, value: Any
) -> None:
    result = units_engine.run(text)
    assert result.call.instruction == instruction
    assert result.value == value
    assert type(result.value) is type(value)  # whole results are ints, not 5000.0


@pytest.mark.parametrize("text", ["how many feet are in a mile", "convert 3 metres to cm"])
def test_enum_aliases_are_spoken_forms(units_engine: Engine, text: str) -> None:
    call = units_engine.parse(text)
    assert (call.instruction, call.route.tier) == ("units.length", "template")


def test_semantic_extraction_keeps_same_typed_slots_apart() -> None:
    arguments = pytest.importorskip("instrux.semantic.arguments")
    template = "convert {value} {from_unit} (to|into|in) {to_unit}"
    found = arguments.extract_arguments(convert_length.spec, "convert 5 km into miles", template)
    assert (found.from_unit, found.to_unit) == (LengthUnit.kilometer, LengthUnit.mile)


def test_length_is_exact() -> None:
    # Float arithmetic gives 5280.000000000001 feet in a mile; fractions give 5280.
    assert convert_length(1, from_unit=LengthUnit.mile, to_unit=LengthUnit.foot) == 5280
    assert convert_length(0.1, from_unit=LengthUnit.kilometer, to_unit=LengthUnit.meter) == 100
    exact = Fraction(10000, 3048)  # 1 m in ft
    assert convert_length(1, from_unit=LengthUnit.meter, to_unit=LengthUnit.foot) == float(exact)
    big = 10**30
    km, m = LengthUnit.kilometer, LengthUnit.meter
    assert convert_length(big, from_unit=km, to_unit=m) == big * 1000


@pytest.mark.parametrize("unit", list(LengthUnit))
def test_length_round_trips_through_meters(unit: LengthUnit) -> None:
    there = convert_length(7, from_unit=unit, to_unit=LengthUnit.meter)
    assert convert_length(there, from_unit=LengthUnit.meter, to_unit=unit) == pytest.approx(7)
    assert convert_length(7, from_unit=unit, to_unit=unit) == 7


def test_enum_aliases_are_the_same_members() -> None:
    assert LengthUnit["feet"] is LengthUnit.foot and LengthUnit["metre"] is LengthUnit.meter
    assert len(list(LengthUnit)) == 9  # aliases do not add units


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (100, TemperatureUnit.celsius, TemperatureUnit.fahrenheit, 212),
        (32, TemperatureUnit.fahrenheit, TemperatureUnit.celsius, 0),
        (0, TemperatureUnit.kelvin, TemperatureUnit.celsius, -273.15),
        (-459.67, TemperatureUnit.fahrenheit, TemperatureUnit.kelvin, 0),
        (98.6, TemperatureUnit.fahrenheit, TemperatureUnit.celsius, 37),
        (20.5, TemperatureUnit.celsius, TemperatureUnit.celsius, 20.5),
    ],
)
def test_temperature_is_exact(
    value: float, source: TemperatureUnit, target: TemperatureUnit, expected: float
) -> None:
    assert convert_temperature(value, source, target) == expected


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("convert -300 celsius to kelvin", "-273.15 °C"),
        ("convert -1 k to c", "(0 K)"),
        ("-460 f in c", "-459.67 °F"),
    ],
)
def test_below_absolute_zero_is_invalid_arguments(
    units_engine: Engine, text: str, limit: str
) -> None:
    with pytest.raises(InvalidArgumentsError) as caught:
        units_engine.run(text)
    err = caught.value
    assert (err.instruction, err.argument) == ("units.temperature", "value")
    assert err.code == "invalid_arguments"
    assert "below absolute zero" in err.reason and limit in err.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("convert -5 km to m", "greater than or equal to 0"),
        ("convert inf km to m", "finite"),
        ("convert 1.5e308 km to in", "too large"),
    ],
)
def test_impossible_lengths_are_invalid_arguments(
    units_engine: Engine, text: str, reason: str
) -> None:
    with pytest.raises(InvalidArgumentsError) as caught:
        units_engine.run(text)
    assert (caught.value.instruction, caught.value.argument) == ("units.length", "value")
    assert reason in caught.value.reason


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("one", 1),
        ("don't stop", 2),
        ("a well-known fact", 3),
        ("pi is 3.14 and 1,000 is big", 7),
        ("hello — world", 2),
        ("naïve café", 2),
        ("  spaced\tout\nlines  ", 3),
        ("snake_case is_one", 4),
    ],
)
def test_word_count(text: str, count: int) -> None:
    assert word_count(text) == count


def test_quoted_text_keeps_its_punctuation(units_engine: Engine) -> None:
    call = units_engine.parse('count the words in "Hello, world!"')
    assert call.arguments.model_dump() == {"text": "Hello, world!"}


def test_make_call_and_listing(units_engine: Engine) -> None:
    call = units_engine.make_call("units.temperature", value=100, from_unit="C", to_unit="F")
    assert units_engine.execute(call).value == 212
    info = units_engine.instruction("units.length")
    assert info.arguments_schema["required"] == ["from_unit", "to_unit"]
    assert info.arguments_schema["properties"]["value"]["default"] == 1
    assert (info.executor, info.plugin) == ("units.length.python", "instrux_units.plugin")
    assert units_engine.instruction("units.temperature").executor == "units.temperature.python"


def test_run_many_mixes_instructions(units_engine: Engine) -> None:
    texts = ["convert 1 km to m", "count the words in 'a b'", "convert 2 km to m", "0 c in k"]
    assert [r.value for r in units_engine.run_many(texts)] == [1000, 2, 2000, 273.15]


# --- written like a third party: only instrux's public names --------------------------------


def _public_names(module: ModuleType) -> set[str]:
    return set(getattr(module, "__all__", ()))


def _instrux_uses(tree: ast.AST) -> list[tuple[str, str]]:
    """(module, name) for every ``from instrux... import name`` and ``instrux.name``."""
    uses: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "instrux":
            uses.extend((node.module or "", alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            # `import instrux.x` reaches past the package's front door: always reported.
            uses.extend((a.name, "") for a in node.names if a.name.startswith("instrux."))
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "instrux"
        ):
            uses.append(("instrux", node.attr))
    return uses


def test_plugin_uses_only_the_public_api() -> None:
    public = {"instrux": _public_names(instrux), "instrux.plugins": _public_names(instrux.plugins)}
    sources = sorted(PACKAGE.glob("*.py"))
    assert sources, f"no sources under {PACKAGE}"
    offending = [
        f"{path.name}: {module}.{name}"
        for path in sources
        for module, name in _instrux_uses(ast.parse(path.read_text(encoding="utf-8")))
        if name not in public.get(module, set())
    ]
    assert offending == [], "instrux-units must use only instrux's public API"
