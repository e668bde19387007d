"""Build an instrux Engine with the built-ins and the two plugins of this folder.

Run from this folder with `PYTHONPATH=/work/main/src:.`.
"""

from __future__ import annotations

from typing import Any

from instrux import Engine

from home_plugin import HomePlugin
from travel_plugin import TravelPlugin


def engine(**options: Any) -> Engine:
    """Built-ins + home + travel. A fresh plugin instance per engine (docs: an object passed
    to two engines is started by both). Entry-point plugins installed in the environment load
    too, as with a plain `Engine()`; pass `load_entry_points=False` to leave them out."""
    return Engine(plugins={"home": HomePlugin(), "travel": TravelPlugin()}, **options)


if __name__ == "__main__":
    e = engine()
    for info in e.plugins():
        if info.name in {"home", "travel"}:
            print(info.name, info.status, info.instructions, info.error or "")
