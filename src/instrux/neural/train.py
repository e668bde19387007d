"""One generic training loop for every neural executor.

Losses: MSE, MAE, cross-entropy. Optimizers: Adam, AdamW, SGD (with momentum). Seeded
mini-batches, validation every ``eval_every`` steps, early stopping on a target loss or on a
plateau (the best weights are restored), a tqdm progress bar showing the loss, and metrics
written as JSON.
"""

from __future__ import annotations

import copy
import json
import math
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn
from torch.nn import functional as F

__all__ = [
    "LOSSES",
    "OPTIMIZERS",
    "TrainConfig",
    "TrainData",
    "TrainResult",
    "evaluate",
    "seed_everything",
    "train",
]

LOSSES: dict[str, Callable[[Tensor, Tensor], Tensor]] = {
    "mse": F.mse_loss,
    "mae": F.l1_loss,
    "cross_entropy": F.cross_entropy,
}


def _adam(params: Any, config: TrainConfig) -> torch.optim.Optimizer:
    return torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay)


def _adamw(params: Any, config: TrainConfig) -> torch.optim.Optimizer:
    return torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)


def _sgd(params: Any, config: TrainConfig) -> torch.optim.Optimizer:
    return torch.optim.SGD(
        params, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay
    )


OPTIMIZERS: dict[str, Callable[[Any, TrainConfig], torch.optim.Optimizer]] = {
    "adam": _adam,
    "adamw": _adamw,
    "sgd": _sgd,
}


@dataclass(frozen=True)
class TrainConfig:
    steps: int = 5000  # most optimizer steps; early stopping usually ends sooner
    batch_size: int = 256
    lr: float = 1e-2
    loss: str = "mse"  # one of LOSSES
    optimizer: str = "adam"  # one of OPTIMIZERS
    weight_decay: float = 0.0
    momentum: float = 0.9  # SGD only
    seed: int = 0  # mini-batch order (the model's init is seeded by the caller)
    eval_every: int = 50  # steps between validation passes
    patience: int = 20  # validations without improvement before stopping; 0 never stops
    min_delta: float = 1e-3  # relative improvement of the best loss that counts
    target_loss: float | None = None  # stop as soon as the validation loss is at most this
    progress: bool = True  # tqdm bar with the loss (hidden when stderr is not a terminal)
    desc: str = "train"  # label of the progress bar

    def __post_init__(self) -> None:
        if self.loss not in LOSSES:
            raise ValueError(f"loss {self.loss!r} is not one of {sorted(LOSSES)}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer {self.optimizer!r} is not one of {sorted(OPTIMIZERS)}")
        if self.steps < 1 or self.batch_size < 1 or self.eval_every < 1:
            raise ValueError("steps, batch_size and eval_every must be positive")


@dataclass(frozen=True)
class TrainData:
    """Training and validation tensors; targets are class indices for cross-entropy."""

    x_train: Tensor  # (N, F)
    y_train: Tensor  # (N, O) or (N,) class indices
    x_val: Tensor  # (M, F)
    y_val: Tensor  # (M, O) or (M,)


@dataclass
class TrainResult:
    steps: int = 0
    best_step: int = 0
    best_val_loss: float = math.inf
    last_train_loss: float = math.nan
    stopped: str = "max_steps"  # "target_loss", "plateau" or "max_steps"
    seconds: float = 0.0
    config: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def write(self, path: Path) -> None:
        """Write the metrics as JSON."""
        path.write_text(json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n")


def seed_everything(seed: int) -> torch.Generator:
    """Seed Python and torch (model init) and return a generator for data sampling."""
    random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def train(model: nn.Module, data: TrainData, config: TrainConfig) -> TrainResult:
    """Train ``model`` in place on ``data``; returns the metrics (best weights restored)."""
    from tqdm.auto import tqdm  # type: ignore[import-untyped]

    loss_fn = LOSSES[config.loss]
    optimizer = OPTIMIZERS[config.optimizer](model.parameters(), config)
    generator = torch.Generator().manual_seed(config.seed)
    result = TrainResult(config=asdict(config))
    best_state = copy.deepcopy(model.state_dict())
    stale, start = 0, time.perf_counter()
    bar = tqdm(
        total=config.steps, desc=config.desc, disable=None if config.progress else True, leave=False
    )
    for step in range(1, config.steps + 1):
        result.last_train_loss = _step(model, data, loss_fn, optimizer, config, generator)
        result.steps = step
        bar.update(1)
        if step % config.eval_every and step != config.steps:
            continue
        val_loss = evaluate(model, data.x_val, data.y_val, loss_fn)
        result.history.append(
            {"step": step, "train_loss": result.last_train_loss, "val_loss": val_loss}
        )
        bar.set_postfix(loss=f"{result.last_train_loss:.3g}", val=f"{val_loss:.3g}")
        if _improved(val_loss, result.best_val_loss, config.min_delta):
            result.best_val_loss, result.best_step, stale = val_loss, step, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            stale += 1
        if config.target_loss is not None and val_loss <= config.target_loss:
            result.stopped = "target_loss"
            break
        if config.patience and stale >= config.patience:
            result.stopped = "plateau"
            break
    bar.close()
    if result.stopped != "target_loss":
        model.load_state_dict(best_state)
    result.seconds = round(time.perf_counter() - start, 3)
    return result


@torch.no_grad()
def evaluate(
    model: nn.Module,
    x: Tensor,
    y: Tensor,
    loss_fn: Callable[[Tensor, Tensor], Tensor],
) -> float:
    """The loss of ``model`` on ``(x, y)`` without gradients."""
    model.eval()
    loss = float(loss_fn(model(x), y))
    model.train()
    return loss


def _step(
    model: nn.Module,
    data: TrainData,
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    optimizer: torch.optim.Optimizer,
    config: TrainConfig,
    generator: torch.Generator,
) -> float:
    index = torch.randint(0, data.x_train.shape[0], (config.batch_size,), generator=generator)
    loss = loss_fn(model(data.x_train[index]), data.y_train[index])  # scalar
    optimizer.zero_grad(set_to_none=True)
    loss.backward()  # type: ignore[no-untyped-call]
    optimizer.step()
    return float(loss.detach())


def _improved(loss: float, best: float, min_delta: float) -> bool:
    if not math.isfinite(best):
        return math.isfinite(loss)
    return loss < best - min_delta * abs(best)
