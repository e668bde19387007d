"""Thresholds: from examples alone (plugin instructions) or from validation data (datasets).

**From examples** (:func:`example_thresholds`): an instruction with a handful of examples and no
validation set gets ``t = off + share * (loo - off)``, where ``off`` is the 90th percentile of
the similarities of generic off-topic sentences (:mod:`instrux.semantic.offtopic`) to its
examples and ``loo`` is the lower quartile of leave-one-out similarities among its own
examples (how close a *new* phrasing of it tends to be). ``share = 0.25`` puts the threshold
a quarter of the way from the off-topic ceiling towards in-scope phrasings: paraphrases are
much further from the examples than the examples are from each other, so the threshold sits
low in that gap.

**From validation data** (:func:`quantile_threshold`): on a dataset, the threshold is the
confidence below which a chosen share of in-scope *validation* utterances fall. It is set on the
in-scope side on purpose: CLINC150's ``oos_val`` is easier than ``oos_test`` (thresholds tuned
for 60 % out-of-scope recall on val gave 47-54 % on test), while in-scope val and test come
from one distribution, so the in-scope cost of a threshold transfers.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["example_thresholds", "quantile_threshold", "sweep"]

FloatArray = npt.NDArray[np.float32]
SHARE = 0.25
MIN_GAP = 0.05  # never closer than this to the off-topic ceiling
OFF_TOPIC_PERCENTILE = 90


def example_thresholds(
    memory: FloatArray,
    labels: npt.NDArray[np.int64],
    classes: int,
    off_topic: FloatArray,
    share: float = SHARE,
) -> FloatArray:
    """One threshold per class from example vectors and off-topic vectors (module docstring)."""
    thresholds = np.zeros(classes, dtype=np.float32)
    for label in range(classes):
        rows = memory[labels == label]  # (k, D)
        loo = _leave_one_out(rows)
        off = _off_topic_ceiling(off_topic @ rows.T, loo)
        thresholds[label] = max(off + share * (loo - off), off + MIN_GAP)
    return thresholds


def _off_topic_ceiling(similarity: FloatArray, loo: float) -> float:
    """A high percentile of the off-topic sentences' similarity to this instruction.

    Not the maximum: a generic list always contains a few requests that *are* in scope for
    some instruction ("find flights to denver" for a flight-booking intent), and the maximum
    would let one of them make the instruction unreachable. Sentences within ``MIN_GAP`` of
    the instruction's own phrasings are dropped for the same reason.
    """
    best = similarity.max(axis=1) if similarity.size else np.zeros(0, dtype=np.float32)
    kept = best[best < loo - MIN_GAP]
    return float(np.percentile(kept, OFF_TOPIC_PERCENTILE)) if kept.size else 0.0


def _leave_one_out(rows: FloatArray) -> float:
    if len(rows) < 2:
        return 1.0  # one example: nothing to compare; the off-topic gap decides
    similarity = rows @ rows.T
    np.fill_diagonal(similarity, -1.0)
    return float(np.percentile(similarity.max(axis=1), 25))


def quantile_threshold(in_scope_confidence: FloatArray, reject_share: float) -> float:
    """The confidence below which ``reject_share`` of in-scope validation rows fall (0: none)."""
    if reject_share <= 0 or not len(in_scope_confidence):
        return 0.0
    return float(np.quantile(in_scope_confidence, reject_share))


def sweep(
    confidence: FloatArray,
    correct: npt.NDArray[np.bool_],
    is_oos: npt.NDArray[np.bool_],
    points: int = 200,
) -> list[dict[str, float]]:
    """In-scope accuracy and out-of-scope recall for a range of thresholds (for reports)."""
    rows = []
    for threshold in np.quantile(confidence, np.linspace(0.0, 0.99, points)):
        accept = confidence >= threshold
        rows.append(
            {
                "threshold": float(threshold),
                "in_scope_accuracy": float((correct & accept)[~is_oos].mean()),
                "oos_recall": float((~accept)[is_oos].mean()),
            }
        )
    return rows
