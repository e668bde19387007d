"""The engine: router tiers, dispatch and (later) runtimes, behind :class:`Engine`.

``Engine`` is imported on first access, so that :mod:`instrux.engine.builtins` (the list of
built-in plugins the command line loads) does not pull in the whole engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from instrux.engine.engine import Engine

__all__ = ["Engine"]


def __getattr__(name: str) -> Any:
    if name == "Engine":
        from instrux.engine.engine import Engine

        return Engine
    raise AttributeError(f"module 'instrux.engine' has no attribute {name!r}")
