"""The head routing tier: a raw sentence reaches the head that recognises it, calibrated.

An intent head (``routes`` in its config: ``instrux train head --route``, the default for an
instruction named ``*.intent``) is also a router tier for its own labels: "my card got stuck
in the ATM" goes to ``bank.intent`` with the sentence as its ``text``, without a wrapper
phrase ("what is the intent of ..."). The built-in plugin ``instrux.heads`` asks this tier
``trylast``, so the exact template tier and the semantic tier keep every text they decide,
and it runs before the LLM tier (registered earlier, so called later).

A decision is the same evidence the head's executor acts on: the calibrated probability of the
top label (``softmax(logits / temperature)``), kept only at or above the head's out-of-scope
threshold and with a nearest training example at or above its floor
(:mod:`instrux.heads.calibration`); otherwise the text is not routed, and the head
appears in the near misses with its reading and threshold, so that off-topic text ends as
``no_match``. Among several routing heads that accept a text the most probable wins, the
others are its alternatives. The call's ``route`` has tier ``head``, the calibrated ``score``,
an explanation and ``details`` (head, label, threshold, nearest-example similarity and floor,
temperature, the best labels).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from instrux.heads.runtime import HeadModel, Prediction
from instrux.schemas.call import Call, Route
from instrux.schemas.errors import Candidate

__all__ = ["TIER", "RoutingHead", "route_texts"]

TIER = "head"
SHOWN_LABELS = 3  # labels listed in a decision's details


@dataclass(frozen=True)
class RoutingHead:
    """A head that routes: its instruction, artifact and a way to get its loaded model."""

    instruction: str
    folder: Path
    model: Callable[[], HeadModel]  # loads (and verifies) the artifact on first use


def route_texts(
    heads: Sequence[RoutingHead], texts: Sequence[str]
) -> list[tuple[Call | None, list[Candidate]]]:
    """Per text: the call to the most probable head that accepts it, and the near misses."""
    from instrux.heads.plugin import HeadText

    readings = [(head, head.model().predict(list(texts))) for head in heads]
    out: list[tuple[Call | None, list[Candidate]]] = []
    for row, text in enumerate(texts):
        ranked = sorted(((h, p[row]) for h, p in readings), key=lambda hp: -hp[1].score)
        accepted = [(h, p) for h, p in ranked if p.in_scope]
        misses = [_refused(h, p) for h, p in ranked if not p.in_scope]
        if not accepted:
            out.append((None, misses))
            continue
        head, prediction = accepted[0]
        others = [_alternative(h, p) for h, p in accepted[1:]] + misses
        route = _route(head, prediction, others)
        call = Call(instruction=head.instruction, arguments=HeadText(text=text), route=route,
                    text=text)  # fmt: skip
        out.append((call, []))
    return out


def _route(head: RoutingHead, prediction: Prediction, others: list[Candidate]) -> Route:
    model = head.model()
    best = sorted(prediction.scores.items(), key=lambda kv: -kv[1])[:SHOWN_LABELS]
    return Route(
        tier=TIER,
        score=round(prediction.score, 4),
        alternatives=others,
        explanation=(
            f"Head {head.instruction} reads it as {prediction.label!r} with calibrated "
            f"probability {prediction.score:.2f} >= its out-of-scope threshold "
            f"{model.threshold:.2f}."
        ),
        details={
            "head": str(head.folder),
            "label": prediction.label,
            "threshold": round(model.threshold, 4),
            "similarity": prediction.similarity,  # cosine of the nearest training example
            "floor": round(model.floor, 4),
            "temperature": round(model.temperature, 4),
            "labels": [{"label": label, "score": round(p, 4)} for label, p in best],
        },
    )


def _refused(head: RoutingHead, prediction: Prediction) -> Candidate:
    return Candidate(
        instruction=head.instruction,
        score=round(prediction.score, 3),
        tier=TIER,
        evidence=f"its head {head.model().refusal(prediction)}",
    )


def _alternative(head: RoutingHead, prediction: Prediction) -> Candidate:
    return Candidate(
        instruction=head.instruction,
        score=round(prediction.score, 3),
        tier=TIER,
        evidence=f"its head reads it as {prediction.label!r}; a more probable head won",
    )
