"""Routing through pluggy: one text through the ``instrux_route`` hook, many through the cascade.

One text is one ``instrux_route`` hook call (``firstresult``): wrappers and tracing see it,
and the per-plugin guard keeps a crashing tier from hiding the next one. The tiers marked
``tryfirst`` are the *exact* ones (exact and model-free, like the built-in template tier):
:meth:`Router.route_exact` asks them alone. Roles come from these markers, never from plugin
names, so a third-party tier can take any of them.

Many texts (``Engine.run_many``) are routed by the tiers that implement
``instrux_route_many`` in one call each (the semantic tier embeds every pending text at once),
*as long as the cascade order allows*: the batch pass covers the leading tiers that have a
batch form; from the first tier without one, the rest of the cascade runs text by text through
``instrux_route``. So every text is decided by the same tier as with ``Engine.run``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pluggy
from pluggy import HookImpl

from instrux.parsing.language import (
    Prepared,
    chinese_runs,
    has_chinese,
    prepare,
    teach_chinese_words,
)
from instrux.parsing.slots import slot_for
from instrux.parsing.text import normalize
from instrux.plugins.types import RouteRequest
from instrux.registry import Registry
from instrux.schemas.call import Call
from instrux.schemas.errors import Candidate, InstructionRunError, NoMatchError
from instrux.settings import Settings

__all__ = ["MAX_NEAR_MISSES", "Router"]

MAX_NEAR_MISSES = 5


class Router:
    """The engine's routing: hook callers prepared once, at engine start."""

    def __init__(self, pm: pluggy.PluginManager, registry: Registry, settings: Settings) -> None:
        teach_chinese_words(*_chinese_vocabulary(registry))
        self.registry = registry
        self.settings = settings
        self._route = pm.hook.instrux_route
        batch_plugins, later_batch_plugins = _split_cascade(pm)
        self._route_many = (
            pm.subset_hook_caller("instrux_route_many", remove_plugins=later_batch_plugins)
            if batch_plugins
            else None
        )
        self._route_rest = pm.subset_hook_caller("instrux_route", remove_plugins=batch_plugins)
        tiers = _tiers(pm)
        exact = _plugins([impl for impl in tiers if impl.tryfirst])
        fuzzy = _plugins([impl for impl in tiers if not impl.tryfirst])
        # A caller of ``instrux_route`` for the exact tiers alone (and every wrapper).
        self.exact_caller: Any = (
            pm.subset_hook_caller("instrux_route", remove_plugins=fuzzy) if exact else None
        )
        # Whether every exact tier decides a text the same way whatever its digits (each says
        # so with ``value_blind = True``, set at the latest in its instrux_startup).
        self.exact_value_blind = bool(exact) and all(
            getattr(tier, "value_blind", False) is True for tier in exact
        )

    @property
    def has_exact_tier(self) -> bool:
        return self.exact_caller is not None

    def route_exact(self, request: RouteRequest) -> Call | None:
        """The exact tiers (``tryfirst``) alone, with every wrapper: what :meth:`route` gives
        when one of them matches, ``None`` where it would go on to the next tier."""
        if self.exact_caller is None:
            return None
        call: Call | None = self.exact_caller(request=request)
        return call

    def request(self, text: str) -> RouteRequest:
        return self.prepared_request(prepare(text), text)

    def prepared_request(self, prepared: Prepared, text: str) -> RouteRequest:
        """The request for a text already read by ``prepare`` (instrux.parsing.language)."""
        return RouteRequest(
            text=prepared.text,
            normalized=normalize(prepared.text),
            registry=self.registry,
            settings=self.settings,
            language=prepared.language,
            original=text,
            alternative=prepared.alternative,
        )

    def route(self, request: RouteRequest) -> Call:
        """The call for one checked text, or the error that explains why there is none."""
        call: Call | None = self._route(request=request)
        if call is None:
            raise no_call_error(request)
        return call

    def route_many(self, requests: Sequence[RouteRequest]) -> None:
        """Decide every request (``request.call`` or ``request.error`` is set afterwards)."""
        if self._route_many is not None:
            self._route_many(requests=requests)
        for request in requests:
            if request.call is not None or request.error is not None:
                continue
            try:
                request.call = self._route_rest(request=request)
            except InstructionRunError as err:
                request.error = err
                continue
            if request.call is None:
                request.error = no_call_error(request)


def _chinese_vocabulary(registry: Registry) -> tuple[set[str], set[str]]:
    """The Chinese words of every instruction: runs of its examples between template syntax,
    and the names of its choices ("英尺")."""
    words: set[str] = set()
    names: set[str] = set()
    for entry in registry.instructions():
        for example in entry.spec.examples:
            words.update(chinese_runs(example))
        for field in entry.spec.arguments.model_fields.values():
            try:
                spellings = slot_for(field.annotation).spellings
            except (TypeError, ValueError):
                continue  # a type no slot reads: no words to learn from it
            names.update(s for s in spellings if has_chinese(s))
    return words, names


def no_call_error(request: RouteRequest) -> InstructionRunError:
    """A crashed tier (named) when one crashed, else a no-match listing the closest guesses."""
    if request.failures:
        return request.failures[0]
    return NoMatchError(request.original or request.text, closest(request.near_misses))


def _split_cascade(pm: pluggy.PluginManager) -> tuple[list[Any], list[Any]]:
    """(leading tiers that have a batch form, batch implementations that must wait).

    The first list is the batch pass: tiers in cascade order up to the first one without
    ``instrux_route_many``. The second is every other plugin with a batch implementation:
    they sit after that tier, so they must not run in the batch pass.
    """
    tiers = _plugins(_tiers(pm))
    batch = _plugins(pm.hook.instrux_route_many.get_hookimpls())
    cut = next((i for i, tier in enumerate(tiers) if not _among(tier, batch)), len(tiers))
    prefix = tiers[:cut]
    return prefix, [plugin for plugin in batch if not _among(plugin, prefix)]


def _tiers(pm: pluggy.PluginManager) -> list[HookImpl]:
    """The ``instrux_route`` implementations in cascade order, wrappers left out: the
    ``tryfirst`` ones (the exact tiers) come first, as pluggy calls them first."""
    return [impl for impl in reversed(pm.hook.instrux_route.get_hookimpls())
            if not (impl.wrapper or impl.hookwrapper)]  # fmt: skip


def _plugins(impls: Sequence[HookImpl]) -> list[Any]:
    return [impl.plugin for impl in impls]


def _among(plugin: object, plugins: list[Any]) -> bool:
    return any(plugin is other for other in plugins)


def closest(near_misses: list[Candidate]) -> list[Candidate]:
    """Each instruction once, later tiers' candidates first, best score first within a tier.

    Tiers run from exact to fuzzy, so a later tier's scores (semantic similarity) say more
    about what the text meant than an earlier one's (lexical likeness to an example); scores
    of different tiers are not on one scale, so they are not mixed in one sort.
    """
    tiers = list(dict.fromkeys(c.tier for c in near_misses))
    rank = {tier: -index for index, tier in enumerate(tiers)}  # later tier, lower rank
    ordered = sorted(near_misses, key=lambda c: (rank[c.tier], -c.score))
    best: dict[str, Candidate] = {}
    for candidate in ordered:
        best.setdefault(candidate.instruction, candidate)
    return list(best.values())[:MAX_NEAR_MISSES]
