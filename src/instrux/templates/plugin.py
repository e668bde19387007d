"""The template router tier, first in the cascade (``tryfirst``): exact and model-free.

Its templates are compiled once, in ``instrux_startup`` (a few milliseconds: the registry is
frozen by then, so they stay right for the engine's life and routing reads them unchecked).
"""

from __future__ import annotations

from collections.abc import Sequence

from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RouteRequest
from instrux.registry import Registry
from instrux.schemas.call import Call
from instrux.schemas.errors import InstructionRunError
from instrux.templates import TemplateRouter


class TemplateTier:
    """One instance per engine; compiles the registry's examples when the engine starts."""

    # Whether the compiled examples match a text the same way whatever its digits (see
    # ``TemplateRouter.value_blind``): the engine's exact tiers say so to let it reuse a plan
    # for a text of a known shape without routing it (hookspecs.instrux_startup).
    value_blind = False
    _router: TemplateRouter  # set by instrux_startup, read-only afterwards

    @hookimpl
    def instrux_startup(self, registry: Registry) -> None:
        self._router = TemplateRouter(entry.spec for entry in registry.instructions())
        self.value_blind = self._router.value_blind

    @hookimpl(tryfirst=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        router = self._router
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
