"""One training loop for every stage of every mode (head, encoder, contrastive pairs).

A :class:`Stage` says what trains (``module`` and its parameter groups), how a batch of row
indices becomes a loss, and how to score the model on validation (higher is better). The
loop adds what every stage needs: AdamW or SGD, a linear warm-up then decay, seeded shuffling
per epoch, early stopping on validation with the best weights restored, a checkpoint per
epoch (resumable) and the :class:`~instrux.heads.watch.Watcher`'s progress and logs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from instrux.heads.checkpoint import Position, load_checkpoint, save_checkpoint
from instrux.heads.config import HeadTrainConfig
from instrux.heads.watch import Watcher

__all__ = ["Stage", "make_optimizer", "run_stage"]


@dataclass
class Stage:
    name: str
    module: Any  # torch.nn.Module: what is trained, checkpointed and restored to its best
    param_groups: list[dict[str, Any]]  # [{"params": [...], "lr": ...}, ...]
    rows: int
    loss_of: Callable[[Any], Any]  # LongTensor of row indices (B,) -> scalar loss
    epochs: int
    validate: Callable[[], tuple[float, float]] | None = None  # () -> (score, loss)


def make_optimizer(kind: str, groups: list[dict[str, Any]], weight_decay: float) -> Any:
    import torch

    if kind == "sgd":
        return torch.optim.SGD(groups, momentum=0.9, weight_decay=weight_decay)
    return torch.optim.AdamW(groups, weight_decay=weight_decay)


def trainable_parameters(stage: Stage) -> int:
    return sum(p.numel() for g in stage.param_groups for p in g["params"] if p.requires_grad)


def run_stage(
    stage: Stage,
    cfg: HeadTrainConfig,
    watcher: Watcher,
    *,
    checkpoint_dir: Path | None = None,
    resume: bool = False,
) -> dict[str, Any]:
    """Train ``stage`` for its epochs (or until early stopping); returns its summary."""
    optimizer = make_optimizer(cfg.optimizer, stage.param_groups, cfg.weight_decay)
    for group in optimizer.param_groups:
        group["initial_lr"] = group["lr"]
    per_epoch = max(1, math.ceil(stage.rows / cfg.batch_size))
    total = stage.epochs * per_epoch
    position, best = Position(stage.name), _copy_state(stage.module)
    folder = checkpoint_dir / stage.name if checkpoint_dir is not None else None
    if resume and folder is not None:
        loaded = load_checkpoint(folder, stage.name, stage.module, optimizer)
        if loaded is not None:
            position, best = loaded
    watcher.stage(stage.name, total)
    started, stopped = time.perf_counter(), "epochs"
    for epoch in range(position.epoch, stage.epochs):
        train_loss = _epoch(stage, cfg, optimizer, position, watcher, epoch, total)
        record = _after_epoch(stage, position, best, train_loss)
        watcher.epoch(stage.name, record)
        if folder is not None:
            save_checkpoint(folder, stage.module, optimizer, best, position, cfg.to_dict())
        if stage.validate is not None and cfg.patience and position.stale >= cfg.patience:
            stopped = "early_stopping"
            break
    if stage.validate is not None:
        stage.module.load_state_dict(best)  # the epoch with the best validation score
    stage.module.eval()
    return {
        "stage": stage.name,
        "epochs": position.epoch,
        "steps": position.step,
        "stopped": stopped,
        "best_epoch": position.best_epoch,
        "best_val_score": position.best_score if stage.validate is not None else None,
        "trainable_parameters": trainable_parameters(stage),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _epoch(
    stage: Stage,
    cfg: HeadTrainConfig,
    optimizer: Any,
    position: Position,
    watcher: Watcher,
    epoch: int,
    total: int,
) -> float:
    import torch

    torch.manual_seed(cfg.seed + epoch)  # dropout: a resumed epoch is the same epoch
    order = torch.randperm(stage.rows, generator=torch.Generator().manual_seed(cfg.seed + epoch))
    stage.module.train()
    losses = []
    warmup = int(cfg.warmup * total)
    for start in range(0, stage.rows, cfg.batch_size):
        factor = _schedule(position.step, total, warmup)
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"] * factor
        loss = stage.loss_of(order[start : start + cfg.batch_size])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        position.step += 1
        losses.append(float(loss.item()))
        watcher.step(stage.name, position.step, losses[-1])
    return sum(losses) / max(len(losses), 1)


def _after_epoch(
    stage: Stage, position: Position, best: dict[str, Any], train_loss: float
) -> dict[str, Any]:
    """Score on validation; keep the best state (in ``best``, updated in place)."""
    import torch

    position.epoch += 1
    record: dict[str, Any] = {
        "epoch": position.epoch,
        "step": position.step,
        "train_loss": train_loss,
    }
    if stage.validate is None:
        return record
    stage.module.eval()
    with torch.inference_mode():
        score, val_loss = stage.validate()
    record.update(val_score=score, val_loss=val_loss)
    if score > position.best_score + 1e-9:
        position.best_score, position.best_epoch, position.stale = score, position.epoch, 0
        best.clear()
        best.update(_copy_state(stage.module))
    else:
        position.stale += 1
    return record


def _schedule(step: int, total: int, warmup: int) -> float:
    if step < warmup:
        return (step + 1) / max(warmup, 1)
    return max(0.0, (total - step) / max(total - warmup, 1))


def _copy_state(module: Any) -> dict[str, Any]:
    return {k: v.detach().clone() for k, v in module.state_dict().items()}
