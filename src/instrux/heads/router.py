"""``instrux train router``: an intent router from data, calibrated, saved as an artifact.

A router's intents are a head's labels, so a router is trained by the heads trainer
(:func:`instrux.heads.train.train_head`, any mode with a linear head: ``linear``, ``setfit``,
``finetune``, ``lora``) with the router's presets (:func:`router_head_config`), then packaged:

1. export the head as one ONNX graph (encoder + pooling + L2 norm + head; or the head alone on
   an encoder without torch weights), and embed the training rows with it (the router's memory
   of examples);
2. calibrate the out-of-scope threshold on validation rows (see
   :mod:`instrux.semantic.calibrate`): the confidence below which ``reject_share`` of in-scope
   validation rows fall. Without a validation split, the same quantile of out-of-fold
   confidences on the training rows (:mod:`instrux.heads.crossfit`), so that off-topic text is
   still refused;
3. write the artifact (:mod:`instrux.semantic.artifact`), with up to ``examples_per_intent``
   training sentences per intent kept as the instructions' examples (:mod:`instrux.heads.intents`
   registers them from the artifact, no code needed).

Validation rows calibrate; they never stop the head's training early (the router's head is
the one trained for the whole schedule).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from instrux.heads.config import HeadTrainConfig, Mode, RouterConfig
from instrux.heads.crossfit import leave_one_out_similarity, out_of_fold_softmax
from instrux.heads.export import export_head
from instrux.heads.train import TrainedHead, train_head
from instrux.models.load import EncoderRef
from instrux.models.onnx_encoder import EncoderWithHead, OnnxEncoder, graph_runner
from instrux.runtime.artifacts import MODEL_FILE, scratch_dir
from instrux.schemas.errors import ConfigurationError
from instrux.semantic.artifact import RouterArtifact, write_router
from instrux.semantic.calibrate import quantile_threshold, sweep
from instrux.semantic.router import SemanticRouter
from instrux.train.config import build_config
from instrux.train.data import OOS, LabelledSplits, instruction_name
from instrux.train.progress import Watcher

__all__ = ["ROUTER_MODES", "RouterConfig", "router_head_config", "train_router", "training_rows"]

log = logging.getLogger("instrux.heads.router")
FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
ROUTER_MODES = ("linear", "setfit", "finetune", "lora")  # a linear head: logits the router reads


def router_head_config(mode: Mode = "linear", **changes: Any) -> HeadTrainConfig:
    """The heads trainer's settings for a router's head in ``mode`` (then ``changes``).

    A frozen linear head: batch 256 shrunk for few-shot data (10 batches an epoch, 8 rows at
    least), a one-cycle schedule, 60 epochs raised to 1000 steps (10 examples per intent at
    batch 256 took 240 steps and gave 75.8 % on a 77-intent set; batch 32 gave 85.0 %). A tuned
    encoder: lr 1e-4 (it beat 5e-5 on CLINC150, ../shared/MEASURED.md) and 1e-2 for the head
    on L2-normalised embeddings (96.16 / 71.1 on CLINC150 test where 1e-3 gave 95.36 / 65.4,
    docs/results.md), label smoothing 0.1, 5 epochs raised to 300 steps.
    """
    _check_head(mode, "cross_entropy")
    if mode == "linear":
        preset: dict[str, Any] = dict(
            batch_size=256, min_batches=10, weight_decay=1e-4, schedule="onecycle",
            base_epochs=60, min_steps=1000, lr_head=1e-2,
        )  # fmt: skip
    else:
        preset = dict(
            batch_size=32, min_batches=10, weight_decay=0.01, warmup=0.06, base_epochs=5,
            min_steps=300, lr_head=1e-2, lr_encoder=1e-4, label_smoothing=0.1,
        )  # fmt: skip
    values = {**preset, "patience": 0, "mode": mode}  # validation split: the heads' rule
    return build_config(HeadTrainConfig, **{**values, **{k: v for k, v in changes.items()
                                                         if v is not None}})  # fmt: skip


def _check_head(mode: str, loss: str) -> None:
    if mode not in ROUTER_MODES or loss != "cross_entropy":
        raise ConfigurationError(
            "A router needs a classification head with a linear layer, not mode "
            f"{mode!r} with loss {loss!r}.",
            hint=f"Use --mode {' | '.join(ROUTER_MODES)} and the cross_entropy loss.",
        )


def training_rows(
    data: LabelledSplits, config: RouterConfig
) -> tuple[list[str], list[str], IntArray]:
    """``(classes, texts, labels)`` of the training split; out-of-scope rows only as a class.

    Classes are sorted, as a head's labels are (with ``oos_class``, ``oos`` among them).
    """
    classes = sorted(data.intents() + ([OOS] if config.oos_class else []))
    index = {name: i for i, name in enumerate(classes)}
    rows = [(t, i) for t, i in data.require("train") if i in index]
    return classes, [t for t, _ in rows], np.array([index[i] for _, i in rows], dtype=np.int64)


def train_router(
    data: LabelledSplits,
    out: Path,
    config: RouterConfig,
    head: HeadTrainConfig,
    *,
    encoder: EncoderRef,
    watcher: Watcher,
) -> RouterArtifact:
    """Train, export, calibrate and write a router artifact to ``out``; returns it (loaded)."""
    _check_head(head.mode, head.loss)
    classes, texts, y = training_rows(data, config)
    rows = [(text, classes[int(label)]) for text, label in zip(texts, y, strict=True)]
    trained = train_head(LabelledSplits(data.name, {"train": rows}), head, encoder=encoder,
                         watcher=watcher)  # fmt: skip
    if trained.labels != classes:  # the head's outputs are the router's classes
        raise ConfigurationError(
            "The trained head's labels differ from the router's intents.",
            hint="Give every intent training rows in the train split.",
        )
    return package_router(data, out, config, trained, encoder)


def package_router(
    data: LabelledSplits,
    out: Path,
    config: RouterConfig,
    trained: TrainedHead,
    encoder: EncoderRef,
) -> RouterArtifact:
    """Export a trained head, calibrate it and write the router artifact."""
    classes, texts, y = training_rows(data, config)
    with scratch_dir(out) as work:
        graph = work / MODEL_FILE
        folder = encoder.folder() if trained.layout == "pipeline" else None
        tokenizer = folder / "tokenizer.json" if folder is not None else None
        parity = export_head(trained.module, graph, layout=trained.layout, model_dir=folder,
                             dim=trained.dim, probes=texts[:64])  # fmt: skip
        runner = graph_runner(graph, trained.layout, built_on=trained.encoder, device="cpu",
                              tokenizer=tokenizer, encoder=encoder.runtime())  # fmt: skip
        artifact = _assemble(data, runner, texts, y, classes, trained, config)
        artifact.metrics["export"] = parity
        write_router(artifact, out, graph, encoder=trained.encoder, layout=trained.layout,
                     tokenizer=tokenizer)  # fmt: skip
    return artifact


def _assemble(
    data: LabelledSplits,
    runner: OnnxEncoder | EncoderWithHead,
    texts: list[str],
    y: IntArray,
    classes: list[str],
    trained: TrainedHead,
    config: RouterConfig,
) -> RouterArtifact:
    oos_index = classes.index(OOS) if config.oos_class else None
    in_scope = np.flatnonzero(y != (oos_index if oos_index is not None else -1))
    memory = runner.encode([texts[i] for i in in_scope])
    labels = [instruction_name(config.prefix, c) if c != OOS else OOS for c in classes]
    settings = {**config.model_dump(), "head": trained.config.to_dict()}
    values = {
        "labels": labels,
        "intents": classes,
        "prefix": config.prefix,
        "oos_index": oos_index,
        "thresholds": [0.0] * len(classes),
        "margin": config.margin,
        "confidence": config.confidence,
        "mode": trained.config.mode,
        "settings": settings,
        "examples": _examples(texts, y, classes, in_scope, config.examples_per_intent),
    }
    weights = {
        **trained.weights,
        "memory": memory,
        "memory_labels": y[in_scope].astype(np.int64),
    }
    artifact = RouterArtifact(values, weights, [texts[i] for i in in_scope])
    # Calibrate the very router the artifact will build at inference: one code path.
    if data.split("val"):
        threshold, artifact.metrics = _calibrate(artifact.router(), runner, data, classes, config)
    else:
        threshold, values["floor"], artifact.metrics = _calibrate_out_of_fold(
            memory, y[in_scope], len(classes), config, trained.config
        )
    values["thresholds"] = [threshold] * len(classes)
    return artifact


def _calibrate(
    router: SemanticRouter,
    runner: OnnxEncoder | EncoderWithHead,
    data: LabelledSplits,
    classes: list[str],
    config: RouterConfig,
) -> tuple[float, dict[str, Any]]:
    """The threshold from in-scope validation rows, and validation metrics at it."""
    val = data.split("val")
    embeddings, logits = runner.run_batched([t for t, _ in val])[:2]
    scores, confidence = router.scores(embeddings, logits)
    index = {name: i for i, name in enumerate(classes)}
    target = np.array([index.get(i, -1) if i != OOS else -1 for _, i in val])
    is_oos = target < 0
    top = scores.argmax(axis=1)
    correct = top == target
    threshold = quantile_threshold(confidence[~is_oos], config.reject_share)
    # As at inference (SemanticRouter.predict): a winning out-of-scope class rejects too.
    accept = (confidence >= threshold) & (
        top != (-1 if router.oos_index is None else router.oos_index)
    )
    metrics = {
        "val_in_scope_accuracy": float((correct & accept)[~is_oos].mean()),
        "val_in_scope_accuracy_no_rejection": float(correct[~is_oos].mean()),
        "val_oos_recall": float((~accept)[is_oos].mean()) if is_oos.any() else None,
        "threshold": threshold,
        "threshold_from": "validation",
        "sweep": sweep(confidence, correct, is_oos, points=50) if is_oos.any() else [],
    }
    log.info(
        "calibrated threshold %.4f: %s",
        threshold,
        {k: v for k, v in metrics.items() if k != "sweep"},
    )
    return threshold, metrics


def _calibrate_out_of_fold(
    memory: FloatArray, y: IntArray, classes: int, config: RouterConfig, head: HeadTrainConfig
) -> tuple[float, float, dict[str, Any]]:
    """``(threshold, floor, metrics)`` from the training rows alone (no validation split).

    The threshold is the ``reject_share`` quantile of out-of-fold confidences; a softmax
    router also gets a floor on the nearest example's cosine (the same quantile of
    leave-one-out similarities): with no out-of-scope rows to learn from, the head's softmax
    alone sent "tell me a joke" to play_music at 0.66 (tests/semantic/test_own_data.py).
    """
    nearest = leave_one_out_similarity(memory)
    floor = quantile_threshold(nearest, config.reject_share)
    if config.confidence == "knn":
        threshold, floor, method = floor, 0.0, "leave-one-out nearest example"
    else:
        folds_head = router_head_config("linear", seed=head.seed, threads=head.threads)
        confidence = out_of_fold_softmax(memory, y, classes, folds_head, config.folds)
        threshold = quantile_threshold(confidence, config.reject_share)
        method = f"out-of-fold softmax ({config.folds} folds) + nearest-example floor"
    log.info("no validation split: threshold %.4f, floor %.4f from %s", threshold, floor, method)
    return threshold, floor, {"threshold": threshold, "floor": floor, "threshold_from": method}


def _examples(
    texts: list[str],
    y: IntArray,
    classes: list[str],
    in_scope: IntArray,
    per_intent: int,
) -> dict[str, list[str]]:
    """Up to ``per_intent`` distinct training sentences per intent, in file order."""
    kept: dict[str, list[str]] = {c: [] for c in classes if c != OOS}
    for row in in_scope:
        bucket = kept[classes[int(y[row])]]
        text = " ".join(texts[row].split())
        if len(bucket) < per_intent and text and text not in bucket:
            bucket.append(text)
    return kept
