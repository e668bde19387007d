"""Training an arithmetic net: tensors in, the one training loop, a summary out.

The nets are trained on sampled operands for a fixed number of steps, each a batch drawn with
replacement, validated every ``eval_every`` steps, stopped early on a target loss or a plateau
(:class:`NetConfig`, run by :func:`instrux.train.loop.run_stage` in its ``steps`` form). Losses:
MSE, MAE, cross-entropy; optimizers: those of the loop (Adam for the shipped nets).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from pydantic import Field
from torch import Tensor, nn
from torch.nn import functional as F

from instrux.train.config import LoopConfig, Loss, Optimizer, Schedule
from instrux.train.loop import Stage, run_stage
from instrux.train.progress import Watcher

__all__ = ["LOSSES", "NetConfig", "TrainData", "evaluate", "fit", "seed_everything"]

LOSSES: dict[str, Callable[[Tensor, Tensor], Tensor]] = {
    "mse": F.mse_loss,
    "mae": F.l1_loss,
    "cross_entropy": F.cross_entropy,
}


class NetConfig(LoopConfig):
    """An arithmetic net's run: the loop's settings with the nets' defaults, plus steps."""

    optimizer: Optimizer = "adam"
    weight_decay: float = 0.0
    batch_size: int = 256
    schedule: Schedule = "constant"
    patience: int = Field(default=20, ge=0, description="Validations without improvement.")
    min_delta: float = Field(default=1e-3, ge=0, description="Relative improvement that counts.")
    steps: int = Field(default=5000, ge=1, description="Most optimizer steps.")
    lr: float = Field(default=1e-2, ge=0, description="Learning rate.")
    loss: Loss = "mse"
    eval_every: int = Field(default=50, ge=1, description="Steps between validations.")
    target_loss: float | None = Field(
        default=None, description="Stop as soon as the validation loss is at most this."
    )
    progress: bool = Field(default=True, description="A progress bar on stderr.")
    desc: str = Field(default="train", description="Label of the progress bar.")


@dataclass(frozen=True)
class TrainData:
    """Training and validation tensors; targets are class indices for cross-entropy."""

    x_train: Tensor  # (N, F)
    y_train: Tensor  # (N, O) or (N,) class indices
    x_val: Tensor  # (M, F)
    y_val: Tensor  # (M, O) or (M,)


def seed_everything(seed: int) -> torch.Generator:
    """Seed Python and torch (model init) and return a generator for data sampling."""
    random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def fit(model: nn.Module, data: TrainData, config: NetConfig) -> dict[str, Any]:
    """Train ``model`` in place on ``data``; returns the summary (best weights restored,
    except after reaching the target loss, which keeps the weights that reached it)."""
    loss_fn = LOSSES[config.loss]

    def loss_of(batch: Tensor) -> Tensor:
        return loss_fn(model(data.x_train[batch]), data.y_train[batch])  # scalar

    def validate() -> tuple[float, float]:
        loss = float(loss_fn(model(data.x_val), data.y_val))
        return -loss, loss  # the loop keeps the highest score

    stage = Stage(
        config.desc,
        model,
        [{"params": list(model.parameters()), "lr": config.lr}],
        int(data.x_train.shape[0]),
        loss_of,
        validate=validate,
        steps=config.steps,
        eval_every=config.eval_every,
        target=None if config.target_loss is None else -config.target_loss,
    )
    with Watcher(progress=config.progress) as watcher:
        summary = run_stage(stage, config, watcher)
    best = summary["best_val_score"]
    return {
        **summary,
        "best_val_loss": -best if best is not None else None,
        "config": config.model_dump(),
        "history": [
            {"step": r["step"], "train_loss": r["train_loss"], "val_loss": r["val_loss"]}
            for r in stage.history
        ],
    }


@torch.no_grad()
def evaluate(
    model: nn.Module, x: Tensor, y: Tensor, loss_fn: Callable[[Tensor, Tensor], Tensor]
) -> float:
    """The loss of ``model`` on ``(x, y)`` without gradients."""
    model.eval()
    loss = float(loss_fn(model(x), y))
    model.train()
    return loss
