"""The one training loop: arithmetic nets, routers, heads, slot taggers, contrastive pairs.

A :class:`Stage` says what trains (``module`` and its parameter groups with their learning
rates), how a batch of row indices becomes a loss, how to score the model on validation
(higher is better: accuracy, minus a loss) and how long to run. The loop adds what every
stage needs: AdamW, Adam or SGD; a learning-rate schedule (linear warm-up then decay,
one-cycle, or constant); validation, early stopping on a plateau (never before the stage's
``min_steps``) or on reaching a target score, the best weights restored; a checkpoint after
every epoch (resumable); and the :class:`~instrux.train.progress.Watcher`'s progress bar,
TensorBoard scalars and history.

Two ways to run, both seeded:

- ``epochs``: passes over the rows in a fresh order each epoch (seeded with ``seed + epoch``,
  so a resumed epoch is the same epoch), validating after each;
- ``steps``: that many batches drawn with replacement from one generator seeded once,
  validating every ``eval_every`` steps (small exact nets trained for thousands of steps).

The best round is the one with the highest validation score, ties broken by the lower
validation loss: a validation split small enough to reach accuracy 1.0 at once would otherwise
keep that first round's weights for the whole run (docs/heads.md, "How long a head trains").
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from instrux.train.checkpoint import Position, load_checkpoint, save_checkpoint
from instrux.train.config import LoopConfig
from instrux.train.progress import Watcher

__all__ = ["Stage", "make_optimizer", "run_stage", "trainable_parameters"]


@dataclass
class Stage:
    """One thing to train, and for how long (``epochs`` or ``steps``, not both)."""

    name: str
    module: Any  # torch.nn.Module: what is trained, checkpointed and restored to its best
    param_groups: list[dict[str, Any]]  # [{"params": [...], "lr": ...}, ...]
    rows: int
    loss_of: Callable[[Any], Any]  # LongTensor of row indices (B,) -> scalar loss
    epochs: int | None = None
    validate: Callable[[], tuple[float, float]] | None = None  # () -> (score, loss)
    steps: int | None = None  # batches drawn with replacement, instead of epochs
    eval_every: int = 0  # steps between validations ("steps" runs; 0: at the end only)
    target: float | None = None  # stop once the validation score reaches this (weights kept)
    min_steps: int = 0  # no early stopping on a plateau before this many optimizer steps
    history: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if (self.epochs is None) == (self.steps is None):
            raise ValueError(f"stage {self.name!r}: give epochs or steps, not both")


def make_optimizer(cfg: LoopConfig, groups: list[dict[str, Any]]) -> Any:
    import torch

    if cfg.optimizer == "sgd":
        return torch.optim.SGD(groups, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
    if cfg.optimizer == "adam":
        return torch.optim.Adam(groups, weight_decay=cfg.weight_decay)
    return torch.optim.AdamW(groups, weight_decay=cfg.weight_decay)


def trainable_parameters(stage: Stage) -> int:
    return sum(p.numel() for g in stage.param_groups for p in g["params"] if p.requires_grad)


def run_stage(
    stage: Stage,
    cfg: LoopConfig,
    watcher: Watcher,
    *,
    checkpoint_dir: Path | None = None,
    resume: bool = False,
) -> dict[str, Any]:
    """Train ``stage`` (or until early stopping); returns its summary."""
    run = _Run(stage, cfg, watcher, checkpoint_dir)
    if resume:
        run.resume()
    watcher.stage(stage.name, run.total)
    started = time.perf_counter()
    stopped = "completed"
    for batches in run.rounds():
        train_loss = run.train(batches)
        outcome = run.after_round(train_loss)
        if outcome is not None:
            stopped = outcome
            break
    if stage.validate is not None and stopped != "target":
        stage.module.load_state_dict(run.best)  # the round with the best validation score
    stage.module.eval()
    return run.summary(stopped, time.perf_counter() - started)


class _Run:
    """The state of one stage's run: optimizer, schedule, position, best weights."""

    def __init__(
        self, stage: Stage, cfg: LoopConfig, watcher: Watcher, checkpoint_dir: Path | None
    ) -> None:
        self.stage, self.cfg, self.watcher = stage, cfg, watcher
        self.optimizer = make_optimizer(cfg, stage.param_groups)
        for group in self.optimizer.param_groups:
            group["initial_lr"] = group["lr"]
        self.per_round = max(1, math.ceil(stage.rows / cfg.batch_size))
        self.total = (
            stage.steps if stage.steps is not None else (stage.epochs or 0) * self.per_round
        )
        self.position = Position(stage.name)
        self.best = _copy_state(stage.module)
        self.folder = checkpoint_dir / stage.name if checkpoint_dir is not None else None
        self.scheduler = (
            _onecycle(self.optimizer, self.total) if cfg.schedule == "onecycle" else None
        )
        self.last_loss = math.nan

    def resume(self) -> None:
        if self.folder is None:
            return
        loaded = load_checkpoint(self.folder, self.stage.name, self.stage.module, self.optimizer)
        if loaded is not None:
            self.position, self.best = loaded

    def rounds(self) -> Iterator[list[Any]]:
        """Batches of row indices, one list per round (an epoch, or ``eval_every`` steps)."""
        import torch

        if self.stage.steps is None:
            for epoch in range(self.position.epoch, self.stage.epochs or 0):
                torch.manual_seed(self.cfg.seed + epoch)  # dropout: a resumed epoch is the same
                generator = torch.Generator().manual_seed(self.cfg.seed + epoch)
                order = torch.randperm(self.stage.rows, generator=generator)
                size = self.cfg.batch_size
                yield [order[start : start + size] for start in range(0, self.stage.rows, size)]
            return
        generator = torch.Generator().manual_seed(self.cfg.seed)
        every = self.stage.eval_every or self.stage.steps
        for start in range(0, self.stage.steps, every):
            count = min(every, self.stage.steps - start)
            yield [torch.randint(0, self.stage.rows, (self.cfg.batch_size,), generator=generator)
                   for _ in range(count)]  # fmt: skip

    def train(self, batches: list[Any]) -> float:
        self.stage.module.train()
        losses = []
        warmup = int(self.cfg.warmup * self.total)
        for batch in batches:
            if self.cfg.schedule == "linear":
                factor = _linear(self.position.step, self.total, warmup)
                for group in self.optimizer.param_groups:
                    group["lr"] = group["initial_lr"] * factor
            loss = self.stage.loss_of(batch)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            if self.scheduler is not None:
                self.scheduler.step()
            self.position.step += 1
            losses.append(float(loss.item()))
            self.watcher.step(self.stage.name, self.position.step, losses[-1])
        self.last_loss = losses[-1] if losses else math.nan
        return sum(losses) / max(len(losses), 1)

    def after_round(self, train_loss: float) -> str | None:
        """Validate, keep the best state, checkpoint; why to stop now, if so."""
        record = self._validate(train_loss)
        self.stage.history.append(record)
        self.watcher.epoch(self.stage.name, record)
        if self.folder is not None:
            save_checkpoint(self.folder, self.stage.module, self.optimizer, self.best,
                            self.position, self.cfg.model_dump())  # fmt: skip
        score = record.get("val_score")
        if score is not None and self.stage.target is not None and score >= self.stage.target:
            return "target"
        if (
            self.stage.validate is not None
            and self.cfg.patience
            and self.position.stale >= self.cfg.patience
            and self.position.step >= self.stage.min_steps
        ):
            return "early_stopping"
        return None

    def _validate(self, train_loss: float) -> dict[str, Any]:
        import torch

        self.position.epoch += 1
        record: dict[str, Any] = {
            "epoch": self.position.epoch,
            "step": self.position.step,
            "train_loss": train_loss,
        }
        if self.stage.validate is None:
            return record
        self.stage.module.eval()
        with torch.inference_mode():
            score, val_loss = self.stage.validate()
        record.update(val_score=score, val_loss=val_loss)
        if self._improves(score, val_loss):
            self.position.best_score, self.position.stale = score, 0
            self.position.extra["best_loss"] = val_loss
            self.position.best_epoch, self.position.extra["best_step"] = (
                self.position.epoch, self.position.step,
            )  # fmt: skip
            self.best = _copy_state(self.stage.module)
        else:
            self.position.stale += 1
        return record

    def _improves(self, score: float, loss: float) -> bool:
        """A higher score, or the same score at a lower loss (a saturated split still ranks)."""
        best = self.position.best_score
        if math.isinf(best):
            return True
        # relative, so that losses near 1e-12 (the arithmetic nets) still improve
        if score > best + self.cfg.min_delta * abs(best):
            return True
        best_loss = float(self.position.extra.get("best_loss", math.inf))
        return score >= best and loss < best_loss * (1 - self.cfg.min_delta)

    def summary(self, stopped: str, seconds: float) -> dict[str, Any]:
        validated = self.stage.validate is not None
        return {
            "stage": self.stage.name,
            "epochs": self.position.epoch,
            "steps": self.position.step,
            "stopped": stopped,
            "best_epoch": self.position.best_epoch,
            "best_step": self.position.extra.get("best_step", 0),
            "best_val_score": self.position.best_score if validated else None,
            "last_train_loss": self.last_loss,
            "trainable_parameters": trainable_parameters(self.stage),
            "seconds": round(seconds, 3),
        }


def _linear(step: int, total: int, warmup: int) -> float:
    if step < warmup:
        return (step + 1) / max(warmup, 1)
    return max(0.0, (total - step) / max(total - warmup, 1))


def _onecycle(optimizer: Any, total: int) -> Any:
    """torch's one-cycle schedule (warm up to each group's lr, then anneal), stepped per batch."""
    import torch

    peaks = [group["lr"] for group in optimizer.param_groups]
    return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=peaks, total_steps=max(total, 1))


def _copy_state(module: Any) -> dict[str, Any]:
    return {k: v.detach().clone() for k, v in module.state_dict().items()}
