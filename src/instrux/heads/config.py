"""What a head training run is configured by: one frozen dataclass, defaults per mode.

Modes (``--mode``):

- ``linear`` / ``mlp``: a linear or one-hidden-layer head on frozen sentence embeddings
  (embedded once by ONNX Runtime, then only the head trains: seconds).
- ``setfit``: SetFit-style few-shot: the encoder is first tuned contrastively on sentence
  pairs (same label: cosine 1, different: 0), then a linear head is fitted on its embeddings.
- ``finetune``: encoder and head trained end to end.
- ``lora``: low-rank adapters on the encoder's attention (peft) and the head; the adapters
  are merged into the encoder before export, so the graph is the same size as ``finetune``'s.

Schedules scale with the data: the number of epochs grows until at least ``min_steps``
optimizer steps are taken (10 examples per intent at batch 256 gave 240 steps and 75.8 %
where batch 32 gave 85.0 % on a 77-intent set: too few steps, not a bad head).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, get_args

from instrux.schemas.errors import ConfigurationError

__all__ = ["LOSSES", "MODES", "OPTIMIZERS", "HeadTrainConfig", "Loss", "Mode", "Optimizer"]

Mode = Literal["linear", "mlp", "setfit", "finetune", "lora"]
Loss = Literal["cross_entropy", "mse", "mae"]
Optimizer = Literal["adamw", "sgd"]
MODES: tuple[str, ...] = get_args(Mode)
LOSSES: tuple[str, ...] = get_args(Loss)
OPTIMIZERS: tuple[str, ...] = get_args(Optimizer)
FROZEN: tuple[str, ...] = ("linear", "mlp")

# lr of the head / of the encoder (or its adapters) per mode. The head sits on L2-normalised
# embeddings, so its weights must grow large: 1e-2 (docs/results.md, CLINC150 router).
_LR: dict[str, tuple[float, float]] = {
    "linear": (1e-2, 0.0),
    "mlp": (3e-3, 0.0),
    "setfit": (1e-2, 2e-5),
    "finetune": (1e-2, 5e-5),
    "lora": (1e-2, 5e-4),
}
_EPOCHS: dict[str, int] = {"linear": 100, "mlp": 100, "setfit": 100, "finetune": 3, "lora": 3}


@dataclass(frozen=True)
class HeadTrainConfig:
    mode: Mode = "linear"
    loss: Loss = "cross_entropy"  # mse / mae make a regression head (numeric labels)
    optimizer: Optimizer = "adamw"
    lr_head: float | None = None  # None: the mode's default (see _LR)
    lr_encoder: float | None = None  # encoder (finetune, setfit) or adapters (lora)
    max_epochs: int | None = None  # None: the mode's default; early stopping may end sooner
    min_steps: int = 300  # epochs are added until this many optimizer steps
    batch_size: int = 32
    weight_decay: float = 0.01
    warmup: float = 0.06  # share of steps with a linear warm-up (then linear decay)
    class_weights: bool = False  # weight the loss by inverse label frequency
    label_smoothing: float = 0.0
    seed: int = 0
    patience: int = 5  # epochs without a better validation score before stopping; 0: never
    val_fraction: float = 0.1  # carved out of train (stratified) when there is no val split
    max_tokens: int | None = None  # None: the longest training text (at most 256)
    hidden: int = 256  # mlp hidden units
    dropout: float = 0.1
    lora_rank: int = 8
    lora_alpha: int = 16
    setfit_pairs: int = 20  # contrastive pairs per example and epoch (SetFit's num_iterations)
    setfit_epochs: int = 1
    setfit_batch_size: int = 16  # pairs per step (SetFit's default: twice the steps of 32)
    threads: int = 1  # torch threads (2 on a busy 2-core machine was 15x slower than 1)

    def __post_init__(self) -> None:
        _check_choice("mode", self.mode, MODES)
        _check_choice("loss", self.loss, LOSSES)
        _check_choice("optimizer", self.optimizer, OPTIMIZERS)
        if self.batch_size < 1 or self.min_steps < 0 or self.threads < 1:
            raise ConfigurationError(
                "batch size and threads must be at least 1, min steps at least 0.",
                hint="Fix --batch-size, --threads or --min-steps.",
            )
        if self.regression and self.mode == "setfit":
            raise ConfigurationError(
                "SetFit-style training pairs texts by label: it needs a classification loss.",
                hint="Use --loss cross_entropy, or another --mode for a regression head.",
            )

    @property
    def regression(self) -> bool:
        return self.loss != "cross_entropy"

    @property
    def frozen(self) -> bool:
        """Whether the encoder stays as it is while the head trains."""
        return self.mode in FROZEN or self.mode == "setfit"

    def head_lr(self) -> float:
        return self.lr_head if self.lr_head is not None else _LR[self.mode][0]

    def encoder_lr(self) -> float:
        return self.lr_encoder if self.lr_encoder is not None else _LR[self.mode][1]

    def epochs_for(self, rows: int, *, head_only: bool = False) -> int:
        """Epochs for ``rows`` training rows: the default, raised to reach ``min_steps``."""
        mode_epochs = _EPOCHS["linear" if head_only else self.mode]
        epochs = self.max_epochs if self.max_epochs is not None else mode_epochs
        per_epoch = max(1, math.ceil(rows / self.batch_size))
        if self.max_epochs is None:
            epochs = max(epochs, math.ceil(self.min_steps / per_epoch))
        return max(1, epochs)

    def with_changes(self, **changes: Any) -> HeadTrainConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigurationError(
            f"Unknown {name} {value!r}.",
            hint=f"Use one of: {', '.join(choices)}.",
            details={name: value, "choices": list(choices)},
        )
