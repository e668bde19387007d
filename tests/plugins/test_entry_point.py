"""The examples/instrux-units package is found through its entry point, like any third party.

These tests need the package installed (``pip install -e examples/instrux-units``; ``make
setup`` does it) and are skipped, saying so, when it is not.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, PackageNotFoundError, entry_points, version

import pytest

from instrux import Engine, PluginInfo
from instrux.plugins import ENTRY_POINT_GROUP

DISTRIBUTION = "instrux-units"
PLUGIN = "units"
UNITS_INSTRUCTIONS = {"units.length", "units.temperature", "units.word_count"}


def _units_entry_point() -> EntryPoint | None:
    matches = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == PLUGIN]
    return matches[0] if matches else None


def _installed() -> bool:
    try:
        version(DISTRIBUTION)
    except PackageNotFoundError:
        return False
    return _units_entry_point() is not None


pytestmark = pytest.mark.skipif(
    not _installed(),
    reason=f"{DISTRIBUTION} is not installed with its '{ENTRY_POINT_GROUP}' entry point: "
    "run `pip install -e examples/instrux-units` (make setup does)",
)


def _info(engine: Engine, name: str) -> PluginInfo:
    found = [info for info in engine.plugins() if info.name == name]
    assert found, f"plugin {name!r} is not listed at all: {[i.name for i in engine.plugins()]}"
    return found[0]


def test_entry_point_names_the_plugin_module() -> None:
    entry_point = _units_entry_point()
    assert entry_point is not None
    assert entry_point.value == "instrux_units.plugin"
    assert entry_point.dist is not None and entry_point.dist.name == DISTRIBUTION


def test_engine_discovers_units_through_its_entry_point() -> None:
    engine = Engine()  # entry points on, INSTRUX_PLUGINS unset (conftest)
    info = _info(engine, PLUGIN)
    assert (info.source, info.status, info.error) == ("entrypoint", "loaded", None)
    assert info.version == version(DISTRIBUTION)
    assert set(info.instructions) == UNITS_INSTRUCTIONS
    assert {"instrux_register_instructions", "instrux_register_executors"} <= set(info.hooks)

    result = engine.run("convert 5 km to m")
    assert result.value == 5000
    assert (result.call.instruction, result.plugin) == ("units.length", PLUGIN)
    assert engine.instruction("units.temperature").plugin == PLUGIN


def test_empty_instrux_plugins_leaves_units_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUX_PLUGINS", "")
    engine = Engine()
    info = _info(engine, PLUGIN)
    assert (info.source, info.status) == ("entrypoint", "disabled")
    assert engine.instructions(prefix="units.") == []
    assert engine.run("add 3 and 5").value == 8  # built-ins are not entry points


def test_instrux_plugins_selects_entry_points_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUX_PLUGINS", f"some-other-plugin, {PLUGIN}")
    assert _info(Engine(), PLUGIN).status == "loaded"
    monkeypatch.setenv("INSTRUX_PLUGINS", "some-other-plugin")
    assert _info(Engine(), PLUGIN).status == "disabled"


def test_entry_points_can_be_turned_off_in_code() -> None:
    engine = Engine(load_entry_points=False)
    assert PLUGIN not in {info.name for info in engine.plugins()}
    assert engine.instructions(prefix="units.") == []
