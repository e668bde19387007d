"""The semantic router tier: routes paraphrases by meaning, after the template tier.

It runs in normal hook order, so the exact template tier (``tryfirst``) decides first and a
later tier (an LLM, ``trylast``) can still take what this one rejects. Nothing heavy happens
at import or engine construction (not even in ``instrux_startup``): the encoder is loaded and
the registry's examples are embedded on the first text that reaches this tier, once (the
registry is frozen by then), and reused for the engine's life. ``Engine.run_many`` embeds all
its pending texts in one encoder call (``instrux_route_many``).

Configuration comes from the engine's settings (``request.settings``): ``encoder`` (the
sentence encoder, a registered model: ``instrux models list``), ``semantic_router`` (a trained
router artifact from ``instrux train router``, its intents registered instructions, built on
that encoder: it routes its own intents *after* the registered examples have routed every
other instruction, so a trained router adds to the cascade and never hides a built-in),
``semantic_int8`` (the int8 encoder), ``device``, ``ort_threads`` and ``cache_dir``. Slot
fillers in the registry fill the arguments the words do not yield
(:func:`instrux.semantic.tier.conclude`).

When a package it needs is missing, the tier raises at first use; the engine reports that as
a :class:`~instrux.PluginError` naming ``instrux.semantic`` (after the other tiers had their
chance). Returning ``None`` instead would turn a fixable set-up problem into a misleading
"no instruction matched".
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RouteRequest
from instrux.registry import Registry
from instrux.schemas.call import Call
from instrux.schemas.errors import InstructionRunError

if TYPE_CHECKING:
    from instrux.semantic.router import Decision
    from instrux.semantic.tier import Routed
    from instrux.settings import Settings


class SemanticTier:
    """One instance per engine (its registry is frozen); builds its router on first use.

    Text in a language the encoder does not read (``request.language``, see
    :mod:`instrux.parsing.language`) goes to a second examples' tier on
    ``settings.multilingual_encoder``, built on the first such text: the same examples (every
    language's), the same evidence and verification, another encoder.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: dict[bool, list[Routed]] = {}  # English reader or not -> its tiers

    def tiers(self, registry: Registry, settings: Settings, language: str = "en") -> list[Routed]:
        other = language != "en" and _needs_multilingual(registry, settings, language)
        built = self._built.get(other)
        if built is None:
            with self._lock:  # one engine serves many threads: build it once
                built = self._built.get(other)
                if built is None:  # a build that raises is tried again on the next text
                    make = _make_multilingual_tiers if other else _make_tiers
                    built = self._built[other] = make(registry, settings)
        return built

    @hookimpl
    def instrux_route(self, request: RouteRequest) -> Call | None:
        for tier in self.tiers(request.registry, request.settings, request.language):
            call = _conclude(request, tier, *tier.decide(request.text))
            if call is not None:
                return call
        return None

    @hookimpl
    def instrux_route_many(self, requests: Sequence[RouteRequest]) -> None:
        for language in dict.fromkeys(r.language for r in requests):
            self._route_batch([r for r in requests if r.language == language], language)

    def _route_batch(self, requests: Sequence[RouteRequest], language: str) -> None:
        first = requests[0]
        for tier in self.tiers(first.registry, first.settings, language):
            pending = [r for r in requests if r.call is None and r.error is None]
            if not pending:
                return
            decide_many = getattr(tier, "decide_many", None)
            texts = [r.text for r in pending]
            decisions = decide_many(texts) if decide_many else [tier.decide(t) for t in texts]
            for request, (decision, template) in zip(pending, decisions, strict=True):
                try:
                    request.call = _conclude(request, tier, decision, template)
                except InstructionRunError as err:  # bad arguments for this text only
                    request.error = err


def _conclude(
    request: RouteRequest, tier: Routed, decision: Decision, template: str | None
) -> Call | None:
    from instrux.semantic.tier import conclude

    call, near_misses = conclude(
        decision, request.text, request.registry, template, tier.evidence, tier.specs
    )
    if call is None:
        request.near_misses.extend(near_misses)
    return call


def _needs_multilingual(registry: Registry, settings: Settings, language: str) -> bool:
    """Whether ``language`` needs the multilingual encoder: the encoder does not read it."""
    from instrux.models.load import encoder_spec

    return language not in encoder_spec(registry, settings.encoder).languages


def _make_multilingual_tiers(registry: Registry, settings: Settings) -> list[Routed]:
    """The examples' tier alone, every language's examples, on the multilingual encoder (a
    trained router is built on one encoder, the default's)."""
    from instrux.models.load import load_encoder
    from instrux.semantic.tier import ExampleTier

    encoder = load_encoder(registry, settings, settings.multilingual_encoder)
    return [ExampleTier(registry, encoder)]


def _make_tiers(registry: Registry, settings: Settings) -> list[Routed]:
    """The registered examples' tier, then the trained router's (when one is set).

    The examples' tier leaves out the router's intents: those are the router's to decide,
    and it is shown the examples in the languages its encoder reads.
    """
    trained: list[Routed] = []
    own: frozenset[str] = frozenset()
    if settings.semantic_router is not None:
        from instrux.semantic.artifact import TrainedTier

        router = TrainedTier.load(
            settings.semantic_router,
            registry,
            settings,
            device=settings.device,
            threads=settings.ort_threads,
        )
        trained, own = [router], frozenset(router.labels)
    if not any(e.spec.examples for e in registry.instructions() if e.spec.name not in own):
        return trained
    from instrux.models.load import encoder_spec, load_encoder
    from instrux.semantic.tier import ExampleTier

    languages = frozenset(encoder_spec(registry, settings.encoder).languages)
    encoder = load_encoder(registry, settings)
    return [ExampleTier(registry, encoder, exclude=own, languages=languages), *trained]


# The plugin host instantiates classes: the module exposes the class as its plugin object.
plugin = SemanticTier
