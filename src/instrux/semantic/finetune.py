"""Training on torch: a linear intent head on frozen embeddings, or the encoder end to end.

Both return plain numpy/safetensors-ready tensors; :mod:`instrux.semantic.train` turns them
into an artifact. Torch is imported inside the functions (``instrux[train]``).

Schedules scale with the data, as the heads trainer's do (:mod:`instrux.heads.config`): the
batch shrinks for few-shot data (at least ``ROWS_PER_BATCH`` batches an epoch) and epochs are
added until ``min_steps`` optimizer steps (10 examples per intent at batch 256 took 240 steps
and gave 75.8 % on a 77-intent set, batch 32 gave 85.0 %). The token limit of fine-tuning is
the longest training text (no silent truncation; 7 % of that set's texts exceeded the former
fixed 32). Both loops report progress through :class:`instrux.heads.watch.Watcher` (a bar on
stderr with loss and speed).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from instrux.heads.watch import Watcher

__all__ = ["FineTuneConfig", "HeadConfig", "fine_tune", "schedule", "train_head"]

log = logging.getLogger("instrux.semantic.train")
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class HeadConfig:
    epochs: int = 60  # full passes over the (cheap, precomputed) embeddings, at least
    lr: float = 1e-2
    weight_decay: float = 1e-4
    batch_size: int = 256  # at most: smaller for few-shot data (see schedule)
    min_steps: int = 1000  # epochs are added until this many optimizer steps
    label_smoothing: float = 0.0
    seed: int = 0


@dataclass(frozen=True)
class FineTuneConfig:
    epochs: int = 5
    lr_encoder: float = 1e-4  # 1e-4 beat 5e-5 on CLINC150 (shared/MEASURED.md)
    # The head sits on L2-normalised embeddings, so its weights must grow large: 1e-2 gave
    # 96.16 / 71.1 on CLINC150 test where 1e-3 gave 95.36 / 65.4 (docs/results.md).
    lr_head: float = 1e-2
    weight_decay: float = 0.01
    warmup: float = 0.06  # fraction of steps with a linear warm-up
    batch_size: int = 32  # at most: smaller for few-shot data (see schedule)
    min_steps: int = 300  # epochs are added until this many optimizer steps
    max_tokens: int | None = None  # None: the longest training text (at most 256)
    label_smoothing: float = 0.1
    seed: int = 0
    threads: int = 1  # torch threads (2 on a busy 2-core machine was 15x slower than 1)


MIN_BATCH = 8
ROWS_PER_BATCH = 10  # few-shot data: at least this many batches an epoch


def schedule(rows: int, batch_size: int, epochs: int, min_steps: int) -> tuple[int, int]:
    """``(batch size, epochs)`` for ``rows`` training rows (see the module docstring)."""
    batch = max(1, min(batch_size, max(MIN_BATCH, rows // ROWS_PER_BATCH)))
    per_epoch = math.ceil(rows / batch)
    return batch, max(epochs, math.ceil(min_steps / max(per_epoch, 1)))


def train_head(
    x: FloatArray,
    y: npt.NDArray[np.int64],
    classes: int,
    cfg: HeadConfig,
    watcher: Watcher | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Multinomial logistic regression on embeddings: ``(weight (C, D), bias (C,))``."""
    import torch

    torch.manual_seed(cfg.seed)
    head = torch.nn.Linear(x.shape[1], classes)
    optimizer = torch.optim.AdamW(head.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    features, targets = torch.from_numpy(x), torch.from_numpy(y)
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=cfg.label_smoothing)
    batch_size, epochs = schedule(len(x), cfg.batch_size, cfg.epochs, cfg.min_steps)
    steps = epochs * math.ceil(len(x) / batch_size)
    schedule_lr = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=cfg.lr, total_steps=steps)
    generator = torch.Generator().manual_seed(cfg.seed)
    if watcher is not None:
        watcher.stage("router head", steps)
    step = 0
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            loss = loss_fn(head(features[batch]), targets[batch])  # (B, C) vs (B,)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule_lr.step()
            step += 1
            if watcher is not None and (step % 20 == 0 or step == steps):
                watcher.step("router head", step, loss.item())
    if watcher is not None:
        watcher.stage_done()
    return head.weight.detach().numpy().copy(), head.bias.detach().numpy().copy()


def fine_tune(
    model_dir: Path,
    texts: Sequence[str],
    y: npt.NDArray[np.int64],
    classes: int,
    cfg: FineTuneConfig,
    watcher: Watcher | None = None,
) -> tuple[dict[str, Any], FloatArray, FloatArray]:
    """Train encoder + head end to end; ``(encoder state dict, head weight, head bias)``."""
    import torch

    from instrux.heads.train import data_max_tokens
    from instrux.semantic.export import load_encoder_module, pipeline_module
    from instrux.semantic.tokenize import load_tokenizer, tokenize

    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    max_tokens = cfg.max_tokens or data_max_tokens(model_dir, texts)
    tokenizer = load_tokenizer(model_dir / "tokenizer.json", max_tokens)
    model: Any = pipeline_module(
        load_encoder_module(model_dir), torch.nn.Linear(384, classes)
    ).train()
    optimizer = _optimizer(model, cfg)
    batch_size, epochs = schedule(len(texts), cfg.batch_size, cfg.epochs, cfg.min_steps)
    steps = epochs * math.ceil(len(texts) / batch_size)
    lr_schedule = _linear_schedule(optimizer, steps, int(cfg.warmup * steps))
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=cfg.label_smoothing)
    generator = torch.Generator().manual_seed(cfg.seed)
    log.info(
        "fine-tuning: %d steps (batch %d, %d epochs, %d tokens)",
        steps,
        batch_size,
        epochs,
        max_tokens,
    )
    if watcher is not None:
        watcher.stage("router fine-tuning", steps)
    started, step = time.perf_counter(), 0
    for epoch in range(epochs):
        order = torch.randperm(len(texts), generator=generator)
        for start in range(0, len(texts), batch_size):
            batch = order[start : start + batch_size]
            ids, mask = tokenize(tokenizer, [texts[i] for i in batch])
            _, logits = model(torch.from_numpy(ids), torch.from_numpy(mask))  # (B, C)
            loss = loss_fn(logits, torch.from_numpy(y[batch.numpy()]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            lr_schedule.step()
            step += 1
            if watcher is not None:
                watcher.step("router fine-tuning", step, loss.item())
            if step % 50 == 0:
                log.info(
                    "epoch %d step %d/%d loss %.4f (%.0f s)",
                    epoch + 1,
                    step,
                    steps,
                    loss.item(),
                    time.perf_counter() - started,
                )
    if watcher is not None:
        watcher.stage_done()
    model.eval()
    head = model.head
    state = {k: v.detach().contiguous() for k, v in model.encoder.state_dict().items()}
    return state, head.weight.detach().numpy().copy(), head.bias.detach().numpy().copy()


def _optimizer(model: Any, cfg: FineTuneConfig) -> Any:
    import torch

    return torch.optim.AdamW(
        [
            {"params": model.encoder.parameters(), "lr": cfg.lr_encoder},
            {"params": model.head.parameters(), "lr": cfg.lr_head},
        ],
        weight_decay=cfg.weight_decay,
    )


def _linear_schedule(optimizer: Any, steps: int, warmup: int) -> Any:
    import torch

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / max(warmup, 1)
        return max(0.0, (steps - step) / max(steps - warmup, 1))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
