"""What a head training run is configured by: one pydantic model, defaults per mode.

Modes (``--mode``):

- ``linear`` / ``mlp``: a linear or one-hidden-layer head on frozen sentence embeddings
  (embedded once by the encoder at inference, then only the head trains: seconds). These work
  on any encoder, including ones without torch weights (the numpy USE).
- ``setfit``: SetFit-style few-shot: the encoder is first tuned contrastively on sentence
  pairs (same label: cosine 1, different: 0), then a linear head is fitted on its embeddings.
- ``finetune``: encoder and head trained end to end.
- ``lora``: low-rank adapters on the encoder's attention (peft) and the head; the adapters
  are merged into the encoder before export, so the graph is the same size as ``finetune``'s.

Schedules scale with the data: the number of epochs grows until at least ``min_steps``
optimizer steps are taken (10 examples per intent at batch 256 gave 240 steps and 75.8 %
where batch 32 gave 85.0 % on a 77-intent set: too few steps, not a bad head), and with
``min_batches`` the batch shrinks so that an epoch of few-shot data has that many batches.
Early stopping never stops before ``min_steps`` either.

A validation split is held out only where it can measure something (:meth:`HeadTrainConfig.
validation_share`): when every label has at least :data:`MIN_ROWS_FOR_VALIDATION` training
rows (so at least 5 validation rows each), unless ``val_fraction`` is given. Smaller data
trains on every row for the whole schedule, and the head's calibration (temperature and
out-of-scope threshold, :mod:`instrux.heads.calibration`) comes from out-of-fold scores.

The CLI's options (``instrux train head``, ``train router``, ``train slots``) are generated from
the fields of :class:`HeadTrainConfig` and :class:`LoopConfig`: their descriptions are the help.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from instrux.schemas.errors import ConfigurationError
from instrux.train.config import LoopConfig, Loss
from instrux.train.data import LabelledSplits

__all__ = [
    "MIN_ROWS_FOR_VALIDATION",
    "VAL_FRACTION",
    "Confidence",
    "HeadTrainConfig",
    "Mode",
    "RouterConfig",
]

Mode = Literal["linear", "mlp", "setfit", "finetune", "lora"]
Confidence = Literal["softmax", "knn"]

# lr of the head / of the encoder (or its adapters) per mode. The head sits on L2-normalised
# embeddings, so its weights must grow large: 1e-2 (docs/results.md, CLINC150 router).
_LR: dict[str, tuple[float, float]] = {
    "linear": (1e-2, 0.0),
    "mlp": (3e-3, 0.0),
    "setfit": (1e-2, 2e-5),
    "finetune": (1e-2, 5e-5),
    "lora": (1e-2, 5e-4),
}
# Fine-tuning a base-size encoder (width >= 768: all-mpnet-base-v2, BERT-base) takes BERT's
# encoder lr, 2e-5; 5e-5 is MiniLM's (width 384). all-mpnet-base-v2 on Financial PhraseBank
# at 2e-5: 0.8691 (docs/results.md).
BASE_SIZE_WIDTH = 768
BASE_SIZE_FINETUNE_LR = 2e-5
_EPOCHS: dict[str, int] = {"linear": 100, "mlp": 100, "setfit": 100, "finetune": 3, "lora": 3}
# The automatic validation split: VAL_FRACTION of each label, and only when every label has at
# least this many rows. 15 intents x 8 sentences held out one sentence per intent: accuracy
# 1.0 after the first epoch, early stopping at 44 steps, accuracy 0.85 on new sentences where
# training on every row gave 0.95 (docs/heads.md).
VAL_FRACTION = 0.1
MIN_ROWS_FOR_VALIDATION = 50


class HeadTrainConfig(LoopConfig):
    """A head's recipe: the mode, its loss and learning rates, and the loop's settings."""

    mode: Mode = Field(default="linear", description="linear, mlp, setfit, finetune or lora.")
    loss: Loss = Field(
        default="cross_entropy",
        description="cross_entropy (labels), or mse / mae (a regression head on numeric labels).",
    )
    lr_head: float | None = Field(default=None, gt=0, description="Head learning rate.")
    lr_encoder: float | None = Field(
        default=None, ge=0, description="Encoder (or LoRA adapter) learning rate."
    )
    max_epochs: int | None = Field(
        default=None,
        ge=1,
        description="Most epochs (default: per mode, raised to reach --min-steps).",
    )
    base_epochs: int | None = Field(
        default=None,
        ge=1,
        description="Epochs before --min-steps raises them (default: per mode; ignored with "
        "--epochs).",
    )
    min_steps: int = Field(default=300, ge=0, description="Fewest optimizer steps.")
    min_batches: int = Field(
        default=0,
        ge=0,
        description="Shrink the batch (to 8 at least) so that an epoch has this many batches "
        "(0: keep --batch-size).",
    )
    class_weights: bool = Field(
        default=False, description="Weight the loss by inverse label frequency."
    )
    label_smoothing: float = Field(default=0.0, ge=0, lt=1, description="Label smoothing.")
    val_fraction: float | None = Field(
        default=None,
        ge=0,
        lt=1,
        description="Share of train held out for validation when the data has no validation "
        "split (default: 0.1 when every label has 50 rows or more, else 0: calibrate on "
        "out-of-fold scores).",
    )
    reject_share: float = Field(
        default=0.01,
        ge=0,
        lt=1,
        description="Share of in-scope held-out rows the out-of-scope threshold may refuse, and "
        "the nearest-example floor too (0: never refuse).",
    )
    calibration_folds: int = Field(
        default=5,
        ge=2,
        description="Folds of the out-of-fold scores that calibrate a head without validation.",
    )
    max_tokens: int | None = Field(
        default=None,
        ge=8,
        description="Word pieces per text (default: the longest training text, at most 256).",
    )
    hidden: int = Field(default=256, ge=1, description="Hidden units of an mlp head.")
    dropout: float = Field(default=0.1, ge=0, lt=1, description="Dropout (mlp, lora).")
    lora_rank: int = Field(default=8, ge=1, description="LoRA rank.")
    lora_alpha: int = Field(default=16, ge=1, description="LoRA alpha.")
    setfit_pairs: int = Field(
        default=20, ge=1, description="Contrastive pairs per example and epoch (setfit)."
    )
    setfit_epochs: int = Field(default=1, ge=1, description="Contrastive epochs (setfit).")
    setfit_batch_size: int = Field(default=16, ge=1, description="Pairs per step (setfit).")

    @model_validator(mode="after")
    def _regression_has_no_pairs(self) -> HeadTrainConfig:
        if self.regression and self.mode == "setfit":
            raise ConfigurationError(
                "SetFit-style training pairs texts by label: it needs a classification loss.",
                hint="Use --loss cross_entropy, or another --mode for a regression head.",
            )
        return self

    @property
    def regression(self) -> bool:
        return self.loss != "cross_entropy"

    def validation_share(self, data: LabelledSplits) -> float:
        """The share of each label's rows to hold out for validation (module docstring); a
        regression head (no labels to count) needs ten times as many rows in all."""
        if self.val_fraction is not None:
            return self.val_fraction
        if self.regression:
            counts = [len(data.split("train")) // 10]
        else:
            counts = list(data.label_counts().values())
        enough = bool(counts) and min(counts) >= MIN_ROWS_FOR_VALIDATION
        return VAL_FRACTION if enough else 0.0

    def head_lr(self) -> float:
        return self.lr_head if self.lr_head is not None else _LR[self.mode][0]

    def encoder_lr(self, width: int | None = None) -> float:
        """The encoder's lr: ``--lr-encoder``, else the mode's, else (``finetune`` of an
        encoder ``width`` >= 768 wide) :data:`BASE_SIZE_FINETUNE_LR`."""
        if self.lr_encoder is not None:
            return self.lr_encoder
        if self.mode == "finetune" and width is not None and width >= BASE_SIZE_WIDTH:
            return BASE_SIZE_FINETUNE_LR
        return _LR[self.mode][1]

    def batch_for(self, rows: int) -> int:
        """The batch size for ``rows`` training rows (smaller for few-shot data)."""
        if not self.min_batches:
            return self.batch_size
        return max(1, min(self.batch_size, max(8, rows // self.min_batches)))

    def epochs_for(self, rows: int, *, head_only: bool = False) -> int:
        """Epochs for ``rows`` training rows: ``max_epochs`` when given, else ``base_epochs``
        (default: the mode's) raised to reach ``min_steps``."""
        if self.max_epochs is not None:
            return self.max_epochs
        mode_epochs = _EPOCHS["linear" if head_only else self.mode]
        epochs = self.base_epochs if self.base_epochs is not None else mode_epochs
        per_epoch = max(1, math.ceil(rows / self.batch_for(rows)))
        return max(1, epochs, math.ceil(self.min_steps / per_epoch))

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()


class RouterConfig(BaseModel):
    """What a router is besides its head: names, out-of-scope handling, calibration."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prefix: str = Field(default="intent", description="Instruction names become PREFIX.<intent>.")
    oos_class: bool = Field(default=False, description="Train out-of-scope rows as an extra class.")
    confidence: Confidence = Field(
        default="softmax",
        description="Score thresholded for out-of-scope: top softmax probability (softmax) or "
        "nearest-example cosine (knn).",
    )
    reject_share: float = Field(
        default=0.01,
        ge=0,
        lt=1,
        description="Share of in-scope validation rows the threshold may reject (0: no rejection).",
    )
    margin: float = Field(default=0.0, ge=0, description="Lead the top intent must have.")
    folds: int = Field(
        default=5, ge=2, description="Cross-fitting folds for the threshold without validation."
    )
    examples_per_intent: int = Field(
        default=10, ge=0, description="Training sentences kept per intent as its examples."
    )
