"""Out-of-fold confidences: a threshold (and a head's temperature) without a validation split.

``instrux train router --val-fraction 0`` on a file without out-of-scope rows used to leave
the threshold at 0, so every off-topic text went to some intent. Here every training row gets
the confidence a router that never saw it would give it, and the threshold is their
``reject_share`` quantile, as on validation rows (:func:`~instrux.semantic.calibrate.
quantile_threshold`):

- ``softmax`` confidence: the rows are split into ``folds`` stratified folds and a linear head
  is trained on the embeddings of the other folds (cross-fitting), on the same schedule as the
  router's own linear head; a fold's rows are scored by the head that did not see them.
- ``knn`` confidence: the cosine of the nearest *other* training row (leave one out).

A frozen head without validation rows is calibrated the same way
(:mod:`instrux.heads.calibration`): :func:`out_of_fold_logits` gives every training row the
logits of a head of its kind (linear or mlp) that did not see it, and out-of-scope rows the
mean logits of the fold heads.

Heads trained on (folds - 1) / folds of the data are a little less sure than the final one,
so the threshold errs towards accepting; with a fine-tuned encoder the embeddings have seen
every row, so the threshold errs towards rejecting (docs/semantic.md).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from instrux.heads.config import HeadTrainConfig
from instrux.heads.train import fit_head_on_vectors
from instrux.runtime.numeric import softmax

__all__ = [
    "fold_of",
    "leave_one_out_similarity",
    "nearest_in_memory",
    "out_of_fold_logits",
    "out_of_fold_softmax",
]

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


def fold_of(y: IntArray, folds: int, seed: int = 0) -> IntArray:
    """A fold number per row, each label's rows spread evenly over the folds."""
    rng = np.random.default_rng(seed)
    out = np.zeros(len(y), dtype=np.int64)
    offset = 0
    for label in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == label))
        out[rows] = (np.arange(len(rows)) + offset) % folds
        offset += len(rows)  # labels with one row do not all land in fold 0
    return out


def out_of_fold_softmax(
    x: FloatArray, y: IntArray, classes: int, cfg: HeadTrainConfig, folds: int = 5
) -> FloatArray:
    """The top softmax probability of every row, from a head trained without its fold."""
    logits, _ = out_of_fold_logits(x, y, classes, cfg, folds)
    return np.asarray(softmax(logits).max(axis=1), dtype=np.float32)


def out_of_fold_logits(
    x: FloatArray,
    y: IntArray,
    classes: int,
    cfg: HeadTrainConfig,
    folds: int = 5,
    extra: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """``(logits (N, C), extra_logits (M, C))``: each row's logits from the head (linear, or
    ``mlp`` as ``cfg.mode`` says) trained without its fold; each ``extra`` row's mean logits
    over the fold heads."""
    import torch

    fold = fold_of(y, folds, cfg.seed)
    logits = np.zeros((len(y), classes), dtype=np.float32)
    others = np.zeros((0 if extra is None else len(extra), classes), dtype=np.float32)
    heads = 0
    for number in range(folds):
        held = fold == number
        if not held.any() or held.all():
            continue
        head = fit_head_on_vectors(x[~held], y[~held], classes, cfg)
        with torch.inference_mode():
            logits[held] = head(torch.from_numpy(x[held])).numpy()
            if extra is not None and len(extra):
                others += head(torch.from_numpy(extra)).numpy()
                heads += 1
    return logits, (others / max(heads, 1)).astype(np.float32)


def leave_one_out_similarity(x: FloatArray, chunk: int = 2048) -> FloatArray:
    """Each row's cosine to its nearest other row (rows L2-normalised), in chunks of rows."""
    return nearest_in_memory(x, x, np.arange(len(x), dtype=np.int64), chunk)


def nearest_in_memory(
    x: FloatArray, memory: FloatArray, own: IntArray | None = None, chunk: int = 2048
) -> FloatArray:
    """Each row's cosine to its nearest memory row (rows L2-normalised), in chunks of rows;
    ``own[i]`` is the memory row that *is* row ``i`` (-1: none), never its own neighbour."""
    out = np.zeros(len(x), dtype=np.float32)
    if not len(x) or not len(memory):
        return out
    for start in range(0, len(x), chunk):
        similarity = x[start : start + chunk] @ memory.T  # (chunk, K)
        if own is not None:
            rows = np.flatnonzero(own[start : start + chunk] >= 0)
            similarity[rows, own[start + rows]] = -1.0
        out[start : start + chunk] = similarity.max(axis=1)
    return out
