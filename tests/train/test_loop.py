"""The one training loop: early stopping waits for ``min_steps``, and the kept round is the
best by validation score, then by validation loss (a split that saturates still ranks)."""

from __future__ import annotations

from typing import Any

import pytest

from instrux.train.config import LoopConfig
from instrux.train.loop import Stage, run_stage
from instrux.train.progress import Watcher

torch = pytest.importorskip("torch")


def _stage(scores: list[tuple[float, float]], *, min_steps: int = 0) -> tuple[Stage, Any]:
    """A one-weight module trained for len(scores) epochs; validation returns ``scores`` in
    turn and records the weight it saw, so the restored weight names the kept round."""
    module = torch.nn.Linear(1, 1, bias=False)
    seen: list[float] = []
    rounds = iter(scores)

    def validate() -> tuple[float, float]:
        seen.append(float(module.weight.item()))
        return next(rounds)

    def loss_of(batch: Any) -> Any:
        return (module(torch.ones(len(batch), 1)) - 5.0).pow(2).mean()

    stage = Stage("s", module, [{"params": list(module.parameters()), "lr": 0.1}], rows=4,
                  loss_of=loss_of, epochs=len(scores), validate=validate,
                  min_steps=min_steps)  # fmt: skip
    return stage, seen


def test_a_saturated_score_keeps_the_round_with_the_lowest_loss() -> None:
    # Accuracy 1.0 from the first round on (one validation sentence per label): the loss
    # still falls, and the weights of its lowest round are kept, not those of round one.
    stage, seen = _stage([(1.0, 0.9), (1.0, 0.5), (1.0, 0.2), (1.0, 0.3)])
    summary = run_stage(stage, LoopConfig(batch_size=4, patience=0), Watcher(progress=False))
    assert summary["best_epoch"] == 3
    assert stage.module.weight.item() == pytest.approx(seen[2])


def test_early_stopping_waits_for_min_steps() -> None:
    plateau = [(0.5, 1.0)] * 10  # no round is better than the first
    stage, _ = _stage(plateau, min_steps=6)
    summary = run_stage(stage, LoopConfig(batch_size=4, patience=1), Watcher(progress=False))
    assert summary["stopped"] == "early_stopping" and summary["steps"] == 6
    stage, _ = _stage(plateau)
    summary = run_stage(stage, LoopConfig(batch_size=4, patience=1), Watcher(progress=False))
    assert summary["steps"] == 2  # without min_steps: stopped after one stale round
