"""Train a head (torch side): frozen-embedding heads, SetFit-style, full fine-tuning, LoRA.

:func:`train_head` returns a :class:`TrainedHead`: the torch module to export, in eval mode,
ready for :mod:`instrux.heads.export`, and the weights to save. On an encoder with torch
weights (``EncoderRef.trainable``) the module is the pipeline (encoder + mean pooling + L2 norm
+ head, :func:`instrux.models.torch_modules.pipeline_module`, the same module routers are
exported from): layout ``pipeline``. On one without (the numpy USE) only frozen modes work and
the module is the head alone, run on the encoder's vectors: layout ``head``. Frozen heads train
on embeddings made by the encoder the runtime uses (cached, see
:func:`instrux.models.vectors.cached_vectors`). Every stage runs in the one training loop
(:func:`instrux.train.loop.run_stage`). With a teacher head (:mod:`instrux.heads.distill`) the
same stages train on its soft labels too, over the labelled rows and then its unlabelled texts.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from instrux.heads.config import HeadTrainConfig
from instrux.models.load import EncoderRef
from instrux.runtime.artifacts import EncoderRecord
from instrux.schemas.errors import ConfigurationError
from instrux.train.data import LabelledSplits
from instrux.train.loop import Stage, run_stage
from instrux.train.progress import Watcher

if TYPE_CHECKING:
    from instrux.heads.distill import SoftTargets, Teacher

__all__ = [
    "Layout",
    "TrainedHead",
    "data_max_tokens",
    "fit_head_on_vectors",
    "fit_on_vectors",
    "train_head",
]

MAX_TOKENS = 256  # what the encoder was trained on
Layout = Literal["pipeline", "head"]


@dataclass
class TrainedHead:
    module: Any  # the module to export: the pipeline, or the head alone (see layout)
    labels: list[str]  # classification labels in output order; [] for regression
    config: HeadTrainConfig
    max_tokens: int
    weights: dict[str, Any]  # name -> numpy array, for weights.safetensors
    encoder: EncoderRecord  # the encoder it was trained on
    layout: Layout = "pipeline"  # "head": the module reads the encoder's embeddings
    dim: int = 0  # embedding size (what a "head" module reads)
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Rows:
    texts: list[str]
    y: Any  # torch tensor: int64 labels or float32 targets


def train_head(
    data: LabelledSplits,
    cfg: HeadTrainConfig,
    *,
    encoder: EncoderRef,
    watcher: Watcher,
    checkpoint_dir: Path | None = None,
    resume: bool = False,
    teacher: Teacher | None = None,
) -> TrainedHead:
    """Train a head on ``data``'s train split, validating (and early stopping) on ``val``;
    with a ``teacher``, on its soft labels too (:mod:`instrux.heads.distill`)."""
    import torch

    torch.set_num_threads(cfg.threads)
    labels = [] if cfg.regression else sorted(data.label_counts())  # out-of-scope rows: none
    train, val = _rows(data.split("train"), labels), _rows(data.split("val"), labels)
    if len(train.texts) < 2 or (not cfg.regression and len(labels) < 2):
        raise ConfigurationError(
            f"{data.name} has {len(train.texts)} training rows and {len(labels)} label(s).",
            hint="A head needs at least two labels with examples of each.",
        )
    _check_mode(cfg, encoder)
    targets = _soft_targets(teacher, cfg, labels, train.texts, checkpoint_dir, watcher)
    folder = encoder.folder() if encoder.trainable else None
    max_tokens = cfg.max_tokens or (data_max_tokens(folder, train.texts) if folder else 0)
    started = time.perf_counter()
    cfg = cfg.with_changes(batch_size=cfg.batch_for(len(train.texts)))
    context = _Context(train, val, labels, cfg, encoder, watcher, checkpoint_dir, resume, targets)
    if cfg.mode in ("linear", "mlp"):
        module, weights, stages = _frozen(context)
    elif cfg.mode == "setfit":
        module, weights, stages = _setfit(context, max_tokens)
    else:
        module, weights, stages = _end_to_end(context, max_tokens)
    summary = {
        "stages": stages,
        "train_rows": len(train.texts),
        "val_rows": len(val.texts),
        "trainable_parameters": max(s["trainable_parameters"] for s in stages),
        "seconds": round(time.perf_counter() - started, 2),
    }
    if targets is not None:
        summary["distillation"] = targets.record
    runtime = encoder.runtime()
    return TrainedHead(
        module.eval(),
        labels,
        cfg,
        max_tokens,
        weights,
        runtime.record(),
        "pipeline" if encoder.trainable else "head",
        runtime.dim,
        summary,
    )


def _check_mode(cfg: HeadTrainConfig, encoder: EncoderRef) -> None:
    if cfg.mode not in ("linear", "mlp") and not encoder.trainable:
        raise ConfigurationError(
            f"--mode {cfg.mode} tunes the encoder, and {encoder.name} has no torch weights.",
            hint="Use --mode linear or mlp (a frozen head) on it, or a trainable encoder "
            "(`instrux models list`).",
            details={"mode": cfg.mode, "encoder": encoder.name},
        )


def _soft_targets(
    teacher: Teacher | None,
    cfg: HeadTrainConfig,
    labels: list[str],
    texts: list[str],
    checkpoint_dir: Path | None,
    watcher: Watcher,
) -> SoftTargets | None:
    """The teacher's logits for the training rows (and its unlabelled texts), if distilling."""
    from instrux.heads.distill import DISTILLED_MODES, soft_targets

    if teacher is None:
        return None
    if cfg.regression or cfg.mode not in DISTILLED_MODES:
        raise ConfigurationError(
            f"A teacher's soft labels train a classification head in modes "
            f"{', '.join(DISTILLED_MODES)}; this run is --mode {cfg.mode} --loss {cfg.loss}.",
            hint="Use --mode finetune (or linear, mlp, lora) with --loss cross_entropy, or "
            "leave out --teacher.",
        )
    return soft_targets(teacher, labels, texts, cache_dir=checkpoint_dir, watcher=watcher)


@dataclass
class _Context:
    """What every mode trains from."""

    train: _Rows
    val: _Rows
    labels: list[str]
    cfg: HeadTrainConfig
    encoder: EncoderRef
    watcher: Watcher
    checkpoint_dir: Path | None
    resume: bool
    targets: SoftTargets | None = None  # a teacher's logits: distillation

    def run(self, stage: Stage, cfg: HeadTrainConfig | None = None) -> dict[str, Any]:
        return run_stage(stage, cfg or self.cfg, self.watcher,
                         checkpoint_dir=self.checkpoint_dir, resume=self.resume)  # fmt: skip

    def texts(self) -> list[str]:
        """The rows a stage trains on: the labelled ones, then a teacher's unlabelled texts."""
        extra = self.targets.unlabelled_texts if self.targets is not None else []
        return self.train.texts + extra

    def objective(self, loss_fn: Any) -> Any:
        """``(logits (B, C), row indices (B,)) -> loss``: the hard labels' loss, or with a
        teacher the distillation loss (rows past the labelled ones are unlabelled)."""
        if self.targets is None:
            return lambda logits, batch: loss_fn(logits, self.train.y[batch])
        return self.targets.objective(loss_fn, self.train.y)


def data_max_tokens(model_dir: Path, texts: Sequence[str]) -> int:
    """The longest training text in word pieces (at most 256): no silent truncation."""
    from instrux.models.tokenize import load_tokenizer

    tokenizer = load_tokenizer(model_dir / "tokenizer.json", MAX_TOKENS)
    tokenizer.no_padding()
    longest = max(len(e.ids) for e in tokenizer.encode_batch(list(texts)))
    return int(min(MAX_TOKENS, longest))


def _rows(rows: Sequence[tuple[str, str]], labels: list[str]) -> _Rows:
    import torch

    texts = [t for t, _ in rows]
    if not labels:  # regression
        try:
            values = [float(v) for _, v in rows]
        except ValueError as err:
            raise ConfigurationError(
                f"A regression head needs numeric labels ({err}).",
                hint="Use --loss cross_entropy for a classification head.",
            ) from None
        return _Rows(texts, torch.tensor(values, dtype=torch.float32))
    index = {label: i for i, label in enumerate(labels)}
    known = [(t, index[v]) for t, v in rows if v in index]  # val labels unseen in train: skip
    return _Rows([t for t, _ in known], torch.tensor([i for _, i in known], dtype=torch.int64))


def _head(dim: int, outputs: int, cfg: HeadTrainConfig) -> Any:
    import torch

    torch.manual_seed(cfg.seed)
    if cfg.mode == "mlp":
        return torch.nn.Sequential(
            torch.nn.Linear(dim, cfg.hidden),
            torch.nn.GELU(),
            torch.nn.Dropout(cfg.dropout),
            torch.nn.Linear(cfg.hidden, outputs),
        )
    return torch.nn.Linear(dim, outputs)


def _loss_fn(cfg: HeadTrainConfig, y: Any, classes: int) -> Any:
    """Cross-entropy (optionally class-weighted), MSE or MAE; logits (B, C) -> scalar."""
    import torch

    if cfg.loss == "mse":
        return lambda logits, target: torch.nn.functional.mse_loss(logits[:, 0], target)
    if cfg.loss == "mae":
        return lambda logits, target: torch.nn.functional.l1_loss(logits[:, 0], target)
    weight = None
    if cfg.class_weights:
        counts = torch.bincount(y, minlength=classes).clamp(min=1).to(torch.float32)
        weight = len(y) / (classes * counts)  # inverse frequency, mean 1 on the data
    return torch.nn.CrossEntropyLoss(weight=weight, label_smoothing=cfg.label_smoothing)


def _score(cfg: HeadTrainConfig, logits: Any, y: Any) -> float:
    """Validation score, higher is better: accuracy, or minus the mean absolute error."""
    if cfg.regression:
        return -float((logits[:, 0] - y).abs().mean())
    return float((logits.argmax(1) == y).to(float).mean())


def _head_stage(
    name: str, head: Any, x: Any, x_val: Any, context: _Context, *, epochs: int | None = None
) -> Stage:
    """A head trained on fixed embeddings ``x`` (N, D): the labelled rows, then (distilling)
    the unlabelled ones."""
    cfg, train, val = context.cfg, context.train, context.val
    loss_fn = _loss_fn(cfg, train.y, len(context.labels))
    objective = context.objective(loss_fn)

    def loss_of(batch: Any) -> Any:
        return objective(head(x[batch]), batch)  # (B, C) vs the rows' labels

    def validate() -> tuple[float, float]:
        logits = head(x_val)
        return _score(cfg, logits, val.y), float(loss_fn(logits, val.y))

    return Stage(
        name,
        head,
        [{"params": list(head.parameters()), "lr": cfg.head_lr()}],
        len(x),
        loss_of,
        epochs or cfg.epochs_for(len(x), head_only=True),
        validate if len(val.texts) else None,
        min_steps=cfg.min_steps,
    )


def frozen_head(
    x: Any, x_val: Any, context: _Context, *, epochs: int | None = None
) -> tuple[Any, dict[str, Any]]:
    """A linear or MLP head trained on embeddings ``x`` (N, D): the head and its summary."""
    head = _head(x.shape[1], max(len(context.labels), 1), context.cfg)
    summary = context.run(_head_stage("head", head, x, x_val, context, epochs=epochs))
    return head, summary


def fit_on_vectors(
    x: Any, y: Any, classes: int, cfg: HeadTrainConfig, watcher: Watcher | None = None
) -> tuple[Any, Any]:
    """A linear head on fixed vectors ``x`` (N, D), labels ``y`` (N,), no validation:
    ``(weight (C, D), bias (C,))`` as numpy arrays (cross-fitting, and routers' own folds)."""
    head = fit_head_on_vectors(x, y, classes, cfg.with_changes(mode="linear"), watcher)
    return head.weight.detach().numpy().copy(), head.bias.detach().numpy().copy()


def fit_head_on_vectors(
    x: Any, y: Any, classes: int, cfg: HeadTrainConfig, watcher: Watcher | None = None
) -> Any:
    """A head of ``cfg.mode`` (``mlp``, else linear) trained on fixed vectors ``x`` (N, D),
    labels ``y`` (N,), no validation, on the head's schedule: the torch module, in eval mode."""
    import torch

    features, targets = torch.from_numpy(np.asarray(x)), torch.from_numpy(np.asarray(y))
    cfg = cfg.with_changes(batch_size=cfg.batch_for(len(features)))
    head = _head(features.shape[1], classes, cfg)
    loss_fn = _loss_fn(cfg, targets, classes)
    stage = Stage(
        "head",
        head,
        [{"params": list(head.parameters()), "lr": cfg.head_lr()}],
        len(features),
        lambda batch: loss_fn(head(features[batch]), targets[batch]),
        cfg.epochs_for(len(features), head_only=True),
    )
    run_stage(stage, cfg, watcher or Watcher(progress=False))
    return head.eval()


def _frozen(context: _Context) -> tuple[Any, dict[str, Any], list[dict[str, Any]]]:
    import torch

    from instrux.models.vectors import cached_vectors

    encoder = context.encoder.runtime()
    val = context.val
    x = torch.from_numpy(cached_vectors(encoder, context.texts()))
    x_val = torch.from_numpy(cached_vectors(encoder, val.texts)) if val.texts else x[:0]
    head, summary = frozen_head(x, x_val, context)
    return _exportable(head, context.encoder), _numpy(head.state_dict(), "head."), [summary]


def _exportable(head: Any, encoder: EncoderRef) -> Any:
    """The module a frozen head is exported as: the whole pipeline, or the head alone."""
    from instrux.models.torch_modules import head_module, load_encoder_module, pipeline_module

    if not encoder.trainable:
        return head_module(head)
    return pipeline_module(load_encoder_module(encoder.folder()), head)


def _setfit(context: _Context, max_tokens: int) -> tuple[Any, dict[str, Any], list[dict[str, Any]]]:
    """Contrastive pairs tune the encoder (SetFit), then a linear head on its embeddings."""
    import torch

    from instrux.models.torch_modules import load_encoder_module, pipeline_module

    cfg, train, val = context.cfg, context.train, context.val
    folder = context.encoder.folder()
    torch.manual_seed(cfg.seed)
    body: Any = pipeline_module(load_encoder_module(folder))
    embed = _embedder(folder, max_tokens)
    pairs = _pairs(train.y.tolist(), cfg.setfit_pairs, cfg.seed)
    a, b, sim = (torch.tensor(c) for c in zip(*pairs, strict=True))
    sim = sim.to(torch.float32)

    def pair_loss(batch: Any) -> Any:
        left = embed(body, [train.texts[i] for i in a[batch]])  # (B, D), L2-normalised
        right = embed(body, [train.texts[i] for i in b[batch]])
        return torch.nn.functional.mse_loss((left * right).sum(1), sim[batch])  # cosine

    groups = [{"params": list(body.parameters()), "lr": cfg.encoder_lr()}]
    pair_stage = Stage("pairs", body, groups, len(pairs), pair_loss, cfg.setfit_epochs)
    summaries = [context.run(pair_stage, cfg.with_changes(batch_size=cfg.setfit_batch_size))]
    with torch.inference_mode():
        x = _embed_all(embed, body, train.texts)
        x_val = _embed_all(embed, body, val.texts) if val.texts else x[:0]
    head = _head(x.shape[1], len(context.labels), cfg)
    summaries.append(context.run(_head_stage("head", head, x, x_val, context)))
    module = pipeline_module(body.encoder, head)
    weights = {
        **_numpy(body.encoder.state_dict(), "encoder."),
        **_numpy(head.state_dict(), "head."),
    }
    return module, weights, summaries


def _end_to_end(
    context: _Context, max_tokens: int
) -> tuple[Any, dict[str, Any], list[dict[str, Any]]]:
    """Full fine-tuning, or LoRA adapters (peft) merged into the encoder afterwards."""
    from instrux.models.torch_modules import hidden_size, load_encoder_module, pipeline_module

    cfg, train, val, labels = context.cfg, context.train, context.val, context.labels
    folder = context.encoder.folder()
    encoder = load_encoder_module(folder)
    if cfg.mode == "lora":
        encoder = _with_lora(encoder, cfg)
    width = hidden_size(encoder)
    head = _head(width, max(len(labels), 1), cfg)
    model = pipeline_module(encoder, head)
    embed = _embedder(folder, max_tokens)
    loss_fn = _loss_fn(cfg, train.y, len(labels))
    objective, texts = context.objective(loss_fn), context.texts()

    def loss_of(batch: Any) -> Any:
        return objective(embed(model, [texts[i] for i in batch]), batch)

    def validate() -> tuple[float, float]:
        logits = _embed_all(embed, model, val.texts)
        return _score(cfg, logits, val.y), float(loss_fn(logits, val.y))

    encoder_params = [p for p in encoder.parameters() if p.requires_grad]
    groups = [
        {"params": encoder_params, "lr": cfg.encoder_lr(width)},  # by encoder size
        {"params": list(head.parameters()), "lr": cfg.head_lr()},
    ]
    stage = Stage(
        cfg.mode,
        model,
        groups,
        len(texts),
        loss_of,
        cfg.epochs_for(len(texts)),
        validate if val.texts else None,
        min_steps=cfg.min_steps,
    )
    summary = context.run(stage)
    if cfg.mode == "lora":
        adapters = {k: v for k, v in encoder.state_dict().items() if "lora_" in k}
        weights = _numpy(adapters, "lora.")
        model = pipeline_module(encoder.merge_and_unload(), head)
    else:
        weights = _numpy(encoder.state_dict(), "encoder.")
    return model.eval(), {**weights, **_numpy(head.state_dict(), "head.")}, [summary]


def _with_lora(encoder: Any, cfg: HeadTrainConfig) -> Any:
    try:
        from peft import LoraConfig, get_peft_model
    except ImportError as err:
        raise ConfigurationError(
            f"--mode lora needs the peft package ({err}).", hint="pip install 'instrux[heads]'"
        ) from None
    config = LoraConfig(
        r=cfg.lora_rank,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.dropout,
        target_modules=["query", "value"],
    )
    return get_peft_model(encoder, config)


def _embedder(model_dir: Path, max_tokens: int) -> Any:
    """texts -> the module's last output ((B, D) embeddings, or (B, C) logits with a head)."""
    import torch

    from instrux.models.tokenize import load_tokenizer, tokenize

    tokenizer = load_tokenizer(model_dir / "tokenizer.json", max_tokens)

    def embed(model: Any, texts: list[str]) -> Any:
        ids, mask = tokenize(tokenizer, texts)
        out = model(torch.from_numpy(ids), torch.from_numpy(mask))
        return out[-1] if isinstance(out, tuple) else out

    return embed


def _embed_all(embed: Any, module: Any, texts: list[str], batch: int = 64) -> Any:
    import torch

    parts = [embed(module, texts[i : i + batch]) for i in range(0, len(texts), batch)]
    return torch.cat(parts) if parts else torch.zeros(0)


def _pairs(y: list[int], per_example: int, seed: int) -> list[tuple[int, int, int]]:
    """SetFit's sampling: per example and iteration one same-label and one other-label pair."""
    rng = random.Random(seed)
    by_label: dict[int, list[int]] = {}
    for i, label in enumerate(y):
        by_label.setdefault(label, []).append(i)
    pairs = []
    for _ in range(per_example):
        for i, label in enumerate(y):
            same = [j for j in by_label[label] if j != i] or [i]
            other = [j for j in range(len(y)) if y[j] != label]
            pairs.append((i, rng.choice(same), 1))
            if other:
                pairs.append((i, rng.choice(other), 0))
    return pairs


def _numpy(state: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {prefix + k: np.ascontiguousarray(v.detach().cpu().numpy()) for k, v in state.items()}
