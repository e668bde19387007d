"""``instrux train router``: an intent router from data, calibrated, saved as an artifact.

1. Embed the training split with the base encoder (frozen) and fit a linear head, or fine-tune
   encoder and head end to end (``fine_tune=...``).
2. Export encoder + pooling + head as one ONNX graph, and embed train and validation with it.
3. Calibrate the out-of-scope threshold on validation (see :mod:`instrux.semantic.calibrate`):
   the confidence below which ``reject_share`` of in-scope validation rows fall. Without a
   validation split, the same quantile of out-of-fold confidences on the training rows
   (:mod:`instrux.semantic.crossfit`), so that off-topic text is still refused.
4. Write the artifact (see :mod:`instrux.semantic.artifact`), with up to
   ``examples_per_intent`` training sentences per intent kept as the instructions' examples
   (:mod:`instrux.plugins.builtin.routers` registers them from the artifact, no code needed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from instrux.semantic.artifact import RouterArtifact, write_artifact
from instrux.semantic.calibrate import quantile_threshold, sweep
from instrux.semantic.data import OOS, IntentDataset, instruction_name
from instrux.semantic.encoder import default_model_dir, fuse, get_encoder, graph_stem
from instrux.semantic.finetune import FineTuneConfig, HeadConfig, fine_tune, train_head
from instrux.semantic.index import cached_vectors
from instrux.semantic.router import Confidence, SemanticRouter
from instrux.settings import default_cache_dir

__all__ = ["TrainSettings", "package_router", "train_router", "training_rows"]

log = logging.getLogger("instrux.semantic.train")
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class TrainSettings:
    prefix: str = "intent"  # instruction names are "<prefix>.<intent>"
    fine_tune: FineTuneConfig | None = None  # None: frozen encoder, linear head
    head: HeadConfig = field(default_factory=HeadConfig)
    oos_class: bool = False  # train out-of-scope rows as one more class (rejects when it wins)
    confidence: Confidence = "softmax"
    reject_share: float = 0.01  # share of in-scope validation rows below the threshold
    margin: float = 0.0
    threads: int = 1  # torch threads (Settings.ort_threads from the CLI)
    progress: bool = False  # a progress bar on stderr while training
    folds: int = 5  # cross-fitting folds for the threshold when there is no validation split
    examples_per_intent: int = 10  # training sentences kept per intent as its examples
    heads_config: dict[str, Any] | None = None  # trained by the heads trainer (heads_router)


def train_router(
    dataset: IntentDataset,
    out: Path,
    settings: TrainSettings,
    model_dir: Path | None = None,
    *,
    cache_dir: Path | None = None,
) -> RouterArtifact:
    """Train, export, calibrate and write an artifact to ``out``; returns it (loaded).

    :param cache_dir: the cache of the base encoder's graph and of the training texts'
        embeddings (``Settings.cache_dir``; default ``~/.cache/instrux``).
    """
    folder = model_dir or default_model_dir()
    classes, texts, y = training_rows(dataset, settings)
    cache = cache_dir if cache_dir is not None else default_cache_dir()
    module, weights = _fit(folder, texts, y, len(classes), settings, cache)
    return package_router(dataset, out, settings, module, weights, folder)


def training_rows(
    dataset: IntentDataset, settings: TrainSettings
) -> tuple[list[str], list[str], npt.NDArray[np.int64]]:
    """``(classes, texts, labels)`` of the training split; out-of-scope rows only as a class."""
    classes = dataset.intents() + ([OOS] if settings.oos_class else [])
    index = {name: i for i, name in enumerate(classes)}
    rows = [(t, i) for t, i in dataset.split("train") if i in index]
    return classes, [t for t, _ in rows], np.array([index[i] for _, i in rows], dtype=np.int64)


def package_router(
    dataset: IntentDataset,
    out: Path,
    settings: TrainSettings,
    module: Any,
    weights: dict[str, FloatArray],
    model_dir: Path,
) -> RouterArtifact:
    """Export a trained pipeline module, calibrate it and write the artifact.

    Split from :func:`train_router` so that weights trained elsewhere (a longer fine-tuning
    run, say) are packaged exactly like the ones it trains.
    """
    classes, texts, y = training_rows(dataset, settings)
    graph_dir = out.parent / f".{out.name}-graph"
    graph_dir.mkdir(parents=True, exist_ok=True)
    graph = graph_dir / "model.onnx"
    try:
        _export(module, model_dir, graph)
        artifact = _assemble(dataset, graph, model_dir, texts, y, classes, weights, settings)
        write_artifact(artifact, out, _mover(graph), model_dir / "tokenizer.json")
    finally:
        for leftover in graph_dir.iterdir():
            leftover.unlink()
        graph_dir.rmdir()
    return artifact


def _fit(
    folder: Path,
    texts: list[str],
    y: npt.NDArray[np.int64],
    classes: int,
    settings: TrainSettings,
    cache_dir: Path,
) -> tuple[Any, dict[str, FloatArray]]:
    """The torch pipeline module to export, and the weights to save."""
    import torch

    from instrux.heads.watch import Watcher
    from instrux.semantic.export import load_encoder_module, pipeline_module

    torch.set_num_threads(settings.threads)
    with Watcher(progress=settings.progress) as watcher:
        if settings.fine_tune is not None:
            state, weight, bias = fine_tune(folder, texts, y, classes, settings.fine_tune, watcher)
            encoder = load_encoder_module(folder)
            encoder.load_state_dict(state)
            saved = {f"encoder.{k}": v.numpy() for k, v in state.items()}
        else:
            vectors = get_encoder(folder, threads=settings.threads, cache_dir=cache_dir)
            embeddings = cached_vectors(vectors, texts)
            weight, bias = train_head(embeddings, y, classes, settings.head, watcher)
            encoder, saved = load_encoder_module(folder), {}
    head = torch.nn.Linear(weight.shape[1], classes)
    with torch.no_grad():
        head.weight.copy_(torch.from_numpy(weight))
        head.bias.copy_(torch.from_numpy(bias))
    return pipeline_module(encoder, head), {**saved, "head.weight": weight, "head.bias": bias}


def _export(module: Any, folder: Path, graph: Path) -> None:
    from instrux.semantic.export import export_pipeline

    plain = graph.with_name("plain.onnx")
    export_pipeline(module, folder / "tokenizer.json", plain)
    import json

    fuse(plain, graph, json.loads((folder / "config.json").read_text()))


def _assemble(
    dataset: IntentDataset,
    graph: Path,
    folder: Path,
    texts: list[str],
    y: npt.NDArray[np.int64],
    classes: list[str],
    weights: dict[str, FloatArray],
    settings: TrainSettings,
) -> RouterArtifact:
    from instrux.semantic.encoder import Encoder

    encoder = Encoder(graph, folder / "tokenizer.json")
    oos_index = classes.index(OOS) if settings.oos_class else None
    in_scope = np.flatnonzero(y != (oos_index if oos_index is not None else -1))
    memory = encoder.encode([texts[i] for i in in_scope])
    labels = [instruction_name(settings.prefix, c) if c != OOS else OOS for c in classes]
    config = {
        "labels": labels,
        "intents": classes,
        "prefix": settings.prefix,
        "oos_index": oos_index,
        "thresholds": [0.0] * len(classes),
        "margin": settings.margin,
        "confidence": settings.confidence,
        "base_model": graph_stem(folder),
        "settings": _settings_dict(settings),
    }
    weights = {**weights, "memory": memory, "memory_labels": y[in_scope].astype(np.int64)}
    artifact = RouterArtifact(config, weights, [texts[i] for i in in_scope])
    # Calibrate the very router the artifact will build at inference: one code path.
    config["examples"] = _examples(texts, y, classes, in_scope, settings.examples_per_intent)
    if dataset.splits.get("val"):
        threshold, artifact.metrics = _calibrate(
            artifact.router(), encoder, dataset, classes, settings
        )
    else:
        threshold, config["floor"], artifact.metrics = _calibrate_out_of_fold(
            memory, y[in_scope], len(classes), settings
        )
    config["thresholds"] = [threshold] * len(classes)
    return artifact


def _calibrate(
    router: SemanticRouter,
    encoder: Any,
    dataset: IntentDataset,
    classes: list[str],
    settings: TrainSettings,
) -> tuple[float, dict[str, Any]]:
    """The threshold from in-scope validation rows, and validation metrics at it."""
    val = dataset.split("val")
    embeddings, logits = encoder.run_batched([t for t, _ in val])[:2]
    scores, confidence = router.scores(embeddings, logits)
    index = {name: i for i, name in enumerate(classes)}
    target = np.array([index.get(i, -1) if i != OOS else -1 for _, i in val])
    is_oos = target < 0
    top = scores.argmax(axis=1)
    correct = top == target
    threshold = quantile_threshold(confidence[~is_oos], settings.reject_share)
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
    memory: FloatArray, y: npt.NDArray[np.int64], classes: int, settings: TrainSettings
) -> tuple[float, float, dict[str, Any]]:
    """``(threshold, floor, metrics)`` from the training rows alone (no validation split).

    The threshold is the ``reject_share`` quantile of out-of-fold confidences; a softmax
    router also gets a floor on the nearest example's cosine (the same quantile of
    leave-one-out similarities): with no out-of-scope rows to learn from, the head's softmax
    alone sent "tell me a joke" to play_music at 0.66 (tests/semantic/test_own_data.py).
    """
    from instrux.semantic.crossfit import leave_one_out_similarity, out_of_fold_softmax

    nearest = leave_one_out_similarity(memory)
    floor = quantile_threshold(nearest, settings.reject_share)
    if settings.confidence == "knn":
        threshold, floor, method = floor, 0.0, "leave-one-out nearest example"
    else:
        confidence = out_of_fold_softmax(memory, y, classes, settings.head, settings.folds)
        threshold = quantile_threshold(confidence, settings.reject_share)
        method = f"out-of-fold softmax ({settings.folds} folds) + nearest-example floor"
    log.info("no validation split: threshold %.4f, floor %.4f from %s", threshold, floor, method)
    return threshold, floor, {"threshold": threshold, "floor": floor, "threshold_from": method}


def _examples(
    texts: list[str],
    y: npt.NDArray[np.int64],
    classes: list[str],
    in_scope: npt.NDArray[np.int64],
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


def _mover(source: Path) -> Callable[[Path], None]:
    """Moves the exported graph into the artifact being written (no second 90 MB copy)."""

    def move(target: Path) -> None:
        source.replace(target)

    return move


def _settings_dict(settings: TrainSettings) -> dict[str, Any]:
    return asdict(settings)
