"""The semantic router tier: routes paraphrases by meaning, after the template tier.

It runs in normal hook order, so the exact template tier (``tryfirst``) decides first and a
later tier (an LLM, ``trylast``) can still take what this one rejects. Nothing heavy happens
at import or engine construction: the encoder is loaded and the registry's examples are
embedded on the first text that reaches this tier, then reused while the registry's version
stays the same.

Configuration (environment, read at first use):

- ``INSTRUX_SEMANTIC_ROUTER``: a trained router artifact (``instrux train router``) to route
  with instead of the registered examples; its intents must be registered instructions.
- ``INSTRUX_SEMANTIC_INT8=1``: the int8 encoder (faster, slightly less accurate).

When a package it needs is missing, the tier raises at first use; the engine reports that as
a :class:`~instrux.PluginError` naming ``instrux.semantic`` (after the other tiers had their
chance). Returning ``None`` instead would turn a fixable set-up problem into a misleading
"no instruction matched".
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RouteRequest
from instrux.registry import Registry
from instrux.schemas.call import Call

if TYPE_CHECKING:
    from instrux.semantic.tier import Routed


class SemanticTier:
    """One instance per engine; builds its router on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: tuple[Registry, int, Routed | None] | None = None

    def tier(self, registry: Registry) -> Routed | None:
        built = self._built
        if built is not None and built[0] is registry and built[1] == registry.version:
            return built[2]
        with self._lock:
            built = self._built
            if built is None or built[0] is not registry or built[1] != registry.version:
                built = (registry, registry.version, _make_tier(registry))
                self._built = built
        return built[2]

    @hookimpl
    def instrux_route(self, request: RouteRequest) -> Call | None:
        tier = self.tier(request.registry)
        if tier is None:
            return None
        from instrux.semantic.tier import decision_to_call, decision_to_candidates

        decision, template = tier.decide(request.text)
        if decision.instruction is None:
            request.near_misses.extend(decision_to_candidates(decision))
            return None
        return decision_to_call(decision, request.text, request.registry, template)


def _make_tier(registry: Registry) -> Routed | None:
    from instrux.semantic.encoder import get_encoder

    artifact = os.environ.get("INSTRUX_SEMANTIC_ROUTER")
    if artifact:
        from instrux.semantic.artifact import TrainedTier

        return TrainedTier.load(artifact, registry)
    if not any(entry.spec.examples for entry in registry.instructions()):
        return None
    from instrux.semantic.tier import ExampleTier

    int8 = os.environ.get("INSTRUX_SEMANTIC_INT8", "") not in ("", "0", "false")
    return ExampleTier(registry, get_encoder(int8=int8))


# The plugin host instantiates classes: the module exposes the class as its plugin object.
plugin = SemanticTier
