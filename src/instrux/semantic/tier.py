"""The semantic tier's logic: text -> decision -> :class:`~instrux.Call` or near misses.

:class:`ExampleTier` routes over the registry's own examples (what the built-in plugin uses by
default); :class:`instrux.semantic.artifact.TrainedTier` routes with a trained router artifact.
Both expose ``decide(text)`` (``ExampleTier`` also ``decide_many(texts)``: one encoder call for
a batch) and share the conversion to calls and candidates below.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from instrux.registry import Registry
from instrux.schemas.call import Call, Route
from instrux.schemas.errors import Candidate
from instrux.semantic.arguments import extract_arguments
from instrux.semantic.encoder import Encoder
from instrux.semantic.index import ExampleIndex, build_router
from instrux.semantic.router import Decision, SemanticRouter

__all__ = ["TIER", "ExampleTier", "Routed", "decision_to_call", "decision_to_candidates"]

TIER = "semantic"


class Routed(Protocol):
    """What the plugin needs from a tier implementation."""

    def decide(self, text: str) -> tuple[Decision, str | None]:
        """The decision, and the chosen instruction's nearest example template (if accepted)."""
        ...


class ExampleTier:
    """Nearest registered examples, thresholds from :mod:`instrux.semantic.calibrate`."""

    def __init__(self, registry: Registry, encoder: Encoder) -> None:
        self.encoder = encoder
        specs = [entry.spec for entry in registry.instructions()]
        self.index = ExampleIndex.build(specs, self.encoder)
        self.router: SemanticRouter = build_router(self.index, self.encoder)

    def decide(self, text: str) -> tuple[Decision, str | None]:
        return self._decide_embedded(self.encoder.encode([text])[0])  # (D,)

    def decide_many(self, texts: list[str]) -> list[tuple[Decision, str | None]]:
        """:meth:`decide` for many texts, embedded in one batched encoder call."""
        embeddings = self.encoder.encode(texts)
        return [self._decide_embedded(row) for row in embeddings]

    def _decide_embedded(self, embedding: np.ndarray) -> tuple[Decision, str | None]:
        decision = self.router.decide(embedding)
        if decision.instruction is None:
            return decision, None
        return decision, self._nearest_template(decision.instruction, embedding)

    def _nearest_template(self, instruction: str, embedding: np.ndarray) -> str:
        label = self.index.instructions.index(instruction)
        rows = np.flatnonzero(self.index.labels == label)
        best = rows[int(np.argmax(self.index.vectors[rows] @ embedding))]
        return str(self.index.templates[best])


def decision_to_call(
    decision: Decision, text: str, registry: Registry, template: str | None
) -> Call:
    """An accepted decision as a call with typed arguments and an explained route."""
    assert decision.instruction is not None
    spec = registry.instruction(decision.instruction).spec
    arguments = extract_arguments(spec, text, template)
    runner_up = decision.ranked[1] if len(decision.ranked) > 1 else None
    # The nearest examples go into the sentence too: it is what `instrux parse` shows.
    examples = ", ".join(f"{n.text!r} ({n.score:.2f})" for n in decision.nearest)
    explanation = (
        f"Semantically closest to {decision.instruction}: score {decision.score:.2f}"
        f" >= threshold {decision.threshold:.2f}"
        + (f", margin {decision.margin:.2f} over {runner_up[0]}" if runner_up else "")
        + (f"; nearest examples {examples}." if examples else ".")
    )
    return Call.model_construct(
        instruction=decision.instruction,
        arguments=arguments,
        route=Route.model_construct(
            tier=TIER,
            score=round(decision.score, 4),
            alternatives=[
                _candidate(name, score, "runner-up") for name, score in decision.ranked[1:]
            ],
            explanation=explanation,
            details=_details(decision, template),
        ),
        text=text,
    )


def decision_to_candidates(decision: Decision) -> list[Candidate]:
    """A rejected decision's ranked instructions, saying why each was not taken."""
    why = {
        "below_threshold": f"below threshold {decision.threshold:.2f}",
        "ambiguous": f"ambiguous: margin {decision.margin:.3f} < {decision.margin_required:.3f}",
    }.get(decision.reason, "the router's out-of-scope class won")
    return [_candidate(name, score, why) for name, score in decision.ranked]


def _candidate(name: str, score: float, why: str) -> Candidate:
    return Candidate(instruction=name, score=round(score, 3), tier=TIER, evidence=why)


def _details(decision: Decision, template: str | None) -> dict[str, object]:
    return {
        "margin": round(decision.margin, 4),
        "threshold": round(decision.threshold, 4),
        "template": template,
        "nearest": [
            {"instruction": n.instruction, "example": n.text, "score": n.score}
            for n in decision.nearest
        ],
    }
