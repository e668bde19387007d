"""The head routing tier's decision rule, on real :class:`HeadModel` objects over stand-in
graphs (no encoder): the most probable head that accepts a text wins; refusals (by threshold
or by floor) become near misses that say why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from instrux.heads.route import RoutingHead, route_texts
from instrux.heads.runtime import HeadModel


class _Graph:
    """Reads every text as the same embedding and logits (what a graph runner returns)."""

    graph = Path("stand-in.onnx")

    def __init__(self, embedding: list[float], logits: list[float]) -> None:
        self.outputs = np.array([embedding], np.float32), np.array([logits], np.float32)

    def run(self, texts: list[str]) -> list[Any]:
        return [np.repeat(out, len(texts), axis=0) for out in self.outputs]

    run_batched = run


def _head(name: str, logits: list[float], *, near: float, threshold: float = 0.5) -> RoutingHead:
    """A head with labels a, b; the text's nearest training example is at cosine ``near``."""
    config = {"labels": ["a", "b"], "temperature": 1.0, "threshold": threshold, "floor": 0.4}
    memory = np.array([[near, (1 - near**2) ** 0.5]], np.float32)
    runner: Any = _Graph([1.0, 0.0], logits)
    model = HeadModel(runner, config, memory)
    return RoutingHead(name, Path(f"/heads/{name}"), lambda: model)


def test_the_most_probable_accepting_head_wins_with_a_calibrated_route() -> None:
    bank = _head("bank.intent", [2.0, 0.0], near=0.6)  # a at 0.88
    shop = _head("shop.intent", [4.0, 0.0], near=0.2)  # surer (0.98), but far from its examples
    travel = _head("travel.intent", [1.0, 0.0], near=0.6)  # a at 0.73
    ((call, misses),) = route_texts([travel, shop, bank], ["my card got stuck in the atm"])
    assert call is not None and not misses
    assert call.instruction == "bank.intent"
    assert call.arguments.text == "my card got stuck in the atm"  # type: ignore[attr-defined]
    route = call.route
    assert route.tier == "head" and route.score == 0.8808
    assert route.details["label"] == "a" and route.details["threshold"] == 0.5
    assert route.details["similarity"] == np.float32(0.6) and route.details["floor"] == 0.4
    assert [c.instruction for c in route.alternatives] == ["travel.intent", "shop.intent"]
    assert "nearest training example is at cosine 0.20, below its floor 0.40" in (
        route.alternatives[1].evidence
    )


def test_a_text_every_head_refuses_is_no_call_with_near_misses() -> None:
    bank = _head("bank.intent", [0.1, 0.0], near=0.9)  # a at 0.52, below 0.6
    ((call, misses),) = route_texts([_head("x.intent", [0.1, 0.0], near=0.9, threshold=0.6)],
                                    ["tell me a joke"])  # fmt: skip
    assert call is None
    assert [(m.instruction, m.tier, m.score) for m in misses] == [("x.intent", "head", 0.525)]
    assert "reads it as 'a' at 0.52, below its out-of-scope threshold 0.60" in misses[0].evidence
    ((accepted, _),) = route_texts([bank], ["a text"])  # the same reading, threshold 0.5
    assert accepted is not None
