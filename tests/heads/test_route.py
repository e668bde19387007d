"""The head routing tier's decision rule, on stand-in models (no encoder): the most probable
head that accepts a text wins, refusals become near misses that say why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from instrux.heads.route import RoutingHead, route_texts
from instrux.heads.runtime import Prediction


@dataclass
class _Model:
    """A head model that reads every text the same way."""

    label: str
    score: float
    in_scope: bool
    threshold: float = 0.5
    temperature: float = 1.0

    def predict(self, texts: list[str]) -> list[Prediction]:
        scores = {self.label: self.score, "other": 1.0 - self.score}
        return [Prediction(self.label, self.score, scores, self.in_scope, 0.6) for _ in texts]


def _head(name: str, model: _Model) -> RoutingHead:
    stand_in: Any = model
    return RoutingHead(name, Path(f"/heads/{name}"), lambda: stand_in)


def test_the_most_probable_accepting_head_wins_with_a_calibrated_route() -> None:
    bank = _head("bank.intent", _Model("card_stuck", 0.91, True))
    shop = _head("shop.intent", _Model("track_order", 0.95, False))  # surer, but refused
    travel = _head("travel.intent", _Model("book_flight", 0.7, True))
    ((call, misses),) = route_texts([travel, shop, bank], ["my card got stuck in the atm"])
    assert call is not None and not misses
    assert call.instruction == "bank.intent"
    assert call.arguments.text == "my card got stuck in the atm"  # type: ignore[attr-defined]
    route = call.route
    assert route.tier == "head" and route.score == 0.91
    assert route.details["label"] == "card_stuck" and route.details["threshold"] == 0.5
    assert [c.instruction for c in route.alternatives] == ["travel.intent", "shop.intent"]
    assert "below its out-of-scope threshold" in route.alternatives[1].evidence


def test_a_text_every_head_refuses_is_no_call_with_near_misses() -> None:
    bank = _head("bank.intent", _Model("card_stuck", 0.4, False))
    ((call, misses),) = route_texts([bank], ["tell me a joke"])
    assert call is None
    assert [(m.instruction, m.tier, m.score) for m in misses] == [("bank.intent", "head", 0.4)]
    assert "reads it as 'card_stuck' at 0.40" in misses[0].evidence
