"""The template router tier, first in the cascade (``tryfirst``): exact and model-free."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RouteRequest
from instrux.registry import Registry
from instrux.schemas.call import Call
from instrux.schemas.errors import InstructionRunError
from instrux.templates import TemplateRouter


class TemplateTier:
    """One instance per engine; compiles the registry's examples on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._compiled: tuple[Registry, int, TemplateRouter] | None = None

    def router(self, registry: Registry) -> TemplateRouter:
        compiled = self._compiled
        if compiled is not None and compiled[0] is registry and compiled[1] == registry.version:
            return compiled[2]
        with self._lock:
            router = TemplateRouter(entry.spec for entry in registry.instructions())
            self._compiled = (registry, registry.version, router)
        return router

    @hookimpl(tryfirst=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        router = self.router(request.registry)
        call = router.route(request.normalized, request.text)
        if call is None and request.near_misses_wanted:  # lexical scoring: ~1 ms a text
            request.near_misses.extend(router.near_misses(request.normalized))
        return call

    @hookimpl(tryfirst=True)
    def instrux_route_many(self, requests: Sequence[RouteRequest]) -> None:
        # Matching is per text anyway; the batch form exists so that the tiers after this one
        # (the semantic tier) can still take the whole batch at once.
        for request in requests:
            if request.call is not None or request.error is not None:
                continue
            try:
                request.call = self.instrux_route(request)
            except InstructionRunError as err:
                request.error = err


# The plugin host instantiates classes: the module exposes the class as its plugin object.
plugin = TemplateTier
