"""Routers are heads: ``instrux train router --mode MODE`` trains with the heads trainer.

The router's intents are a head's labels: the training rows go to
:func:`instrux.heads.train.train_head` (any of its modes with a linear head: ``linear``,
``setfit``, ``finetune``, ``lora``; its schedules, early stopping on validation, progress and
threads), and the torch pipeline it returns (encoder + pooling + L2 norm + head) is packaged by
:func:`instrux.semantic.train.package_router` exactly like the router trainer's own: one ONNX
graph, the calibrated threshold (validation quantile, or out-of-fold without validation), the
examples kept per intent. So one command reproduces a router from a data file::

    instrux train router --data train.csv --out ./router --mode setfit

A router's out-of-scope class (``--oos-class``) is not a head label here: heads sort their
labels, so the class would not stay last; out-of-scope rows are left out of training (they
still measure the threshold on validation).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from instrux.schemas.errors import ConfigurationError
from instrux.semantic.artifact import RouterArtifact
from instrux.semantic.data import OOS, IntentDataset
from instrux.semantic.encoder import default_model_dir
from instrux.semantic.train import TrainSettings, package_router

if TYPE_CHECKING:
    from instrux.heads.config import HeadTrainConfig
    from instrux.heads.watch import Watcher

__all__ = ["ROUTER_MODES", "train_router_with_heads"]

ROUTER_MODES = ("linear", "setfit", "finetune", "lora")  # a linear head: logits the router reads


def train_router_with_heads(
    dataset: IntentDataset,
    out: Path,
    settings: TrainSettings,
    cfg: HeadTrainConfig,
    *,
    cache_dir: Path,
    watcher: Watcher,
    model_dir: Path | None = None,
) -> RouterArtifact:
    """Train the router's head with the heads trainer, then package it as a router artifact."""
    from instrux.heads.data import LabelledSplits
    from instrux.heads.train import train_head

    _check(settings, cfg)
    folder = model_dir or default_model_dir()
    splits = {
        name: [(text, intent) for text, intent in rows if intent != OOS]
        for name, rows in dataset.splits.items()
        if name in ("train", "val")
    }
    trained = train_head(
        LabelledSplits(dataset.name, splits),
        cfg,
        model_dir=folder,
        cache_dir=cache_dir,
        watcher=watcher,
    )
    if trained.labels != dataset.intents():  # the head's outputs are the router's classes
        raise ConfigurationError(
            "The trained head's labels differ from the router's intents.",
            hint="Give every intent training rows in the train split.",
        )
    return package_router(dataset, out, settings, trained.module, trained.weights, folder)


def _check(settings: TrainSettings, cfg: HeadTrainConfig) -> None:
    if cfg.mode not in ROUTER_MODES or cfg.regression:
        raise ConfigurationError(
            f"A router needs a classification head with a linear layer, not mode {cfg.mode!r}"
            f" with loss {cfg.loss!r}.",
            hint=f"Use --mode {' | '.join(ROUTER_MODES)}.",
        )
    if settings.oos_class or settings.fine_tune is not None:
        raise ConfigurationError(
            "--mode trains with the heads trainer: --oos-class and --fine-tune do not apply.",
            hint="Use --mode finetune to fine-tune the encoder; leave --oos-class out.",
        )
