"""The engine: router tiers, dispatch and (later) runtimes, behind :class:`Engine`."""

from instrux.engine.engine import Engine

__all__ = ["Engine"]
