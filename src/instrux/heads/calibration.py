"""Calibrated head scores and the out-of-scope threshold of every classification head.

A head's softmax is not a probability by itself: trained to near-zero loss on few rows it is
over- or under-confident (15 intents x 8 sentences: median top score 0.11 with an early-stopped
head). Two numbers fix that, both fitted on **held-out** scores, and stored in the artifact's
config (``temperature``, ``threshold``), applied by :class:`instrux.heads.runtime.HeadModel`:

- **temperature scaling** (Guo et al., 2017): ``softmax(logits / T)``, ``T`` chosen to minimise
  the negative log-likelihood of the held-out rows; it keeps the argmax (accuracy unchanged)
  and makes ``score`` a calibrated probability. The expected calibration error (ECE, 15 equal
  bins of the top probability) is reported before and after;
- an **out-of-scope threshold**: the ``reject_share`` quantile of the held-out in-scope rows'
  calibrated top probabilities, as the routers' thresholds (:func:`instrux.semantic.calibrate.
  quantile_threshold`), and a **floor** on the cosine of the nearest training example (the
  same quantile of the held-out rows' nearest-example cosines; the artifact keeps up to
  :data:`MEMORY_PER_LABEL` training embeddings per label as ``memory`` in its weights).
  A head refuses a text below either: off-topic text is ``no_match``, not a label. The floor
  is what refuses most off-topic text: a softmax over a few intents is often sure of one of
  them for any sentence (12 shop intents: "what time is it in sydney" got 1.00 for
  delivery_time, at cosine 0.29 to its nearest example, where in-scope test sentences were
  at 0.36 or more). Out-of-scope rows (labelled ``oos``), when the data has some, can only
  raise either value: to the one that gets the most held-out rows right (in-scope rows kept
  plus out-of-scope rows refused, counted in rows), the floor first, then the threshold for
  the out-of-scope rows the floor lets through.

Held-out scores are the validation split's, from the exported graph, when the data has one;
else, for a frozen encoder (modes ``linear`` and ``mlp``), out-of-fold scores: every training
row scored by a head of its kind trained, on the same schedule, without its fold
(:func:`instrux.heads.crossfit.out_of_fold_logits`), and its nearest *other* training
example (:func:`instrux.heads.crossfit.nearest_in_memory`).
A head that tuned its encoder on every row, without validation, is left uncalibrated
(temperature 1, never refuses) and says so in its metrics.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from instrux.heads.crossfit import nearest_in_memory, out_of_fold_logits
from instrux.runtime.numeric import softmax
from instrux.semantic.calibrate import quantile_threshold
from instrux.train.data import OOS, LabelledSplits

if TYPE_CHECKING:
    from instrux.heads.config import HeadTrainConfig
    from instrux.heads.runtime import HeadModel

__all__ = [
    "MEMORY_PER_LABEL",
    "Calibration",
    "calibrate",
    "calibrate_head",
    "expected_calibration_error",
    "fit_temperature",
    "out_of_scope_threshold",
]

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
ECE_BINS = 15
# Training embeddings kept per label for the nearest-example floor: as many as a label may
# have without a validation split, so small data keeps every row (the memory product costs
# 0.38 ms p50 a text for 150 labels x 50 rows on one busy core, measured with numpy).
MEMORY_PER_LABEL = 50
# Modes whose encoder stays frozen: out-of-fold heads see the embeddings the final head sees.
# A tuned encoder has seen every training row (out-of-fold scores on it are near 1.0: a tiny
# finetuned head got threshold 1.00 and refused everything), so it needs a validation split.
FROZEN_MODES = ("linear", "mlp")
_LOG_T = np.linspace(np.log(0.02), np.log(50.0), 241)  # temperatures searched, 0.02 to 50


@dataclass(frozen=True)
class Calibration:
    """What calibration chose, and how well it fits the held-out rows."""

    temperature: float
    threshold: float  # on the calibrated top probability
    floor: float  # on the cosine of the nearest training example
    source: str  # "validation", or "out-of-fold (K folds)"
    rows: int  # in-scope held-out rows
    ece_before: float
    ece_after: float
    in_scope_refused: float  # share of held-out in-scope rows below the threshold or floor
    oos_rows: int = 0
    oos_refused: float | None = None  # share of held-out out-of-scope rows below it

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def fit_temperature(logits: FloatArray, y: IntArray) -> float:
    """The temperature minimising the negative log-likelihood of ``y`` (grid, then refined).

    The targets are smoothed by ``1 / (N + 2)`` (Laplace's rule: N right of N estimates an
    accuracy of (N + 1) / (N + 2), not 1): held-out rows that are all right would otherwise
    drive the temperature to its lower bound (12 intents x 8 sentences on mpnet: T 0.02, and
    an out-of-scope threshold of 0.993).
    """
    if not len(y):
        return 1.0
    smoothing = 1.0 / (len(y) + 2)

    def nll(log_t: float) -> float:
        scaled = logits.astype(np.float64) / np.exp(log_t)
        scaled -= scaled.max(axis=1, keepdims=True)
        log_probs = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        right = log_probs[np.arange(len(y)), y]
        return float(-((1 - smoothing) * right + smoothing * log_probs.mean(axis=1)).mean())

    losses = [nll(t) for t in _LOG_T]
    best = int(np.argmin(losses))
    low, high = _LOG_T[max(best - 1, 0)], _LOG_T[min(best + 1, len(_LOG_T) - 1)]
    for _ in range(40):  # golden-section search inside the best grid cell's neighbours
        a, b = high - 0.618 * (high - low), low + 0.618 * (high - low)
        if nll(a) < nll(b):
            high = b
        else:
            low = a
    return float(np.exp((low + high) / 2))


def expected_calibration_error(probs: FloatArray, y: IntArray, bins: int = ECE_BINS) -> float:
    """Top-label ECE: the gap between confidence and accuracy, weighted over equal bins."""
    if not len(y):
        return 0.0
    top = probs.max(axis=1)
    correct = probs.argmax(axis=1) == y
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(top, edges[1:-1], right=True), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        rows = which == b
        if rows.any():
            error += rows.mean() * abs(float(top[rows].mean()) - float(correct[rows].mean()))
    return float(error)


def out_of_scope_threshold(
    in_scope: FloatArray, out_of_scope: FloatArray, reject_share: float
) -> float:
    """The in-scope quantile threshold, raised by out-of-scope rows where they call for it:
    to the value that gets the most held-out rows right (in-scope kept plus out-of-scope
    refused, counted in rows, so one out-of-scope row never costs more than one in-scope row;
    shares weighed equally raised CLINC150's threshold to 0.986 on its 100 oos_val rows and
    refused 29 % of in-scope test queries)."""
    threshold = quantile_threshold(in_scope, reject_share)
    if not len(out_of_scope) or not len(in_scope) or reject_share <= 0:
        return threshold
    candidates = np.unique(np.concatenate([in_scope, out_of_scope]))
    below_in = np.searchsorted(np.sort(in_scope), candidates, side="left")
    below_oos = np.searchsorted(np.sort(out_of_scope), candidates, side="left")
    right = (len(in_scope) - below_in) + below_oos  # kept in-scope rows + refused others
    best = float(candidates[int(np.argmax(right))])
    return max(threshold, best)


@dataclass(frozen=True)
class HeldOut:
    """Held-out scores: in-scope rows (logits, labels, nearest-example cosines), and
    out-of-scope rows (logits, cosines; none when the data has no such rows)."""

    logits: FloatArray
    y: IntArray
    nearest: FloatArray
    oos_logits: FloatArray
    oos_nearest: FloatArray
    source: str


def calibrate(held: HeldOut, *, reject_share: float) -> Calibration:
    """Temperature, threshold and floor from held-out scores."""
    temperature = fit_temperature(held.logits, held.y)
    after = softmax(held.logits / temperature)
    top = after.max(axis=1)
    oos_top = (
        softmax(held.oos_logits / temperature).max(axis=1) if len(held.oos_logits) else top[:0]
    )
    # The floor first (it separates off-topic text best); the threshold then only for the
    # out-of-scope rows the floor lets through, judged on the in-scope rows it keeps.
    floor = out_of_scope_threshold(held.nearest, held.oos_nearest, reject_share)
    kept, passed = held.nearest >= floor, held.oos_nearest >= floor
    threshold = max(
        quantile_threshold(top, reject_share),
        out_of_scope_threshold(top[kept], oos_top[passed], reject_share),
    )
    refused = (top < threshold) | (held.nearest < floor)
    oos_refused = (oos_top < threshold) | (held.oos_nearest < floor)
    return Calibration(
        temperature=temperature,
        threshold=threshold,
        floor=floor,
        source=held.source,
        rows=len(held.y),
        ece_before=expected_calibration_error(softmax(held.logits), held.y),
        ece_after=expected_calibration_error(after, held.y),
        in_scope_refused=float(refused.mean()) if len(refused) else 0.0,
        oos_rows=len(oos_top),
        oos_refused=float(oos_refused.mean()) if len(oos_refused) else None,
    )


def calibrate_head(
    model: HeadModel, data: LabelledSplits, cfg: HeadTrainConfig
) -> tuple[Calibration, FloatArray]:
    """A classification head's calibration and its memory (training embeddings, by label).

    The validation rows are held out when they have labels of the head; else out-of-fold
    scores of the training rows (module docstring).
    """
    index = {label: i for i, label in enumerate(model.labels)}
    train = [(t, index[label]) for t, label in data.split("train") if label in index]
    kept = _per_label([label for _, label in train], MEMORY_PER_LABEL)
    val = [(t, index[label]) for t, label in data.split("val") if label in index]
    oos = [t for t, label in data.split("val" if val else "train") if label == OOS]
    oos_x = _embed(model, oos)
    if val or cfg.mode not in FROZEN_MODES:
        memory = _embed(model, [train[i][0] for i in kept])
        if not val:
            return _uncalibrated(len(train), cfg.mode), memory
        x, logits = model.outputs([t for t, _ in val])
        oos_logits = model.logits(oos) if oos else np.zeros((0, len(index)), np.float32)
        held = HeldOut(logits, _labels(val), nearest_in_memory(x, memory), oos_logits,
                       nearest_in_memory(oos_x, memory), "validation")  # fmt: skip
        return calibrate(held, reject_share=cfg.reject_share), memory
    x = _embed(model, [t for t, _ in train])  # small data: scored out of fold
    return calibrate(_out_of_fold(x, _labels(train), kept, oos_x, len(index), cfg),
                     reject_share=cfg.reject_share), x[kept]  # fmt: skip


def _out_of_fold(
    x: FloatArray, y: IntArray, kept: IntArray, oos_x: FloatArray, classes: int,
    cfg: HeadTrainConfig,
) -> HeldOut:  # fmt: skip
    """Every training row scored by a head trained without its fold, and by its nearest
    *other* row among those kept as memory (``kept``: their indices)."""
    folds = cfg.calibration_folds
    logits, oos_logits = out_of_fold_logits(
        x, y, classes, cfg, folds, oos_x if len(oos_x) else None
    )
    own = np.full(len(x), -1, dtype=np.int64)
    own[kept] = np.arange(len(kept))
    memory = x[kept]
    return HeldOut(logits, y, nearest_in_memory(x, memory, own), oos_logits,
                   nearest_in_memory(oos_x, memory), f"out-of-fold ({folds} folds)")  # fmt: skip


def _uncalibrated(rows: int, mode: str) -> Calibration:
    """A head that tuned its encoder on every row: nothing held out to calibrate on."""
    return Calibration(
        temperature=1.0, threshold=0.0, floor=0.0, rows=rows, ece_before=float("nan"),
        ece_after=float("nan"), in_scope_refused=0.0,
        source=f"none: --mode {mode} tuned the encoder on every row and the data has no "
        "validation split (give one, or --val-fraction, to calibrate it)",
    )  # fmt: skip


def _per_label(labels: list[int], limit: int) -> IntArray:
    """Indices of the first ``limit`` rows of every label, in file order."""
    seen: dict[int, int] = {}
    kept = []
    for row, label in enumerate(labels):
        if seen.get(label, 0) < limit:
            seen[label] = seen.get(label, 0) + 1
            kept.append(row)
    return np.array(kept, dtype=np.int64)


def _embed(model: HeadModel, texts: list[str]) -> FloatArray:
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.asarray(model.outputs(texts)[0], dtype=np.float32)


def _labels(rows: list[tuple[str, int]]) -> IntArray:
    return np.array([label for _, label in rows], dtype=np.int64)
