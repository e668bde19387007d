"""The one metrics module: classification, open-set intent routing, regression.

- :func:`classification_metrics`: accuracy, macro-F1, scikit-learn's per-label report and the
  confusion matrix (rows: true label) of string labels; a true label the model never saw counts
  as an error.
- :func:`open_set_metrics`: routing with rejection, as in Larson et al. (2019): *in-scope
  accuracy* is the share of in-scope rows routed to their own intent (a rejection counts as
  wrong), *out-of-scope recall* the share of out-of-scope rows rejected, *precision* the share
  of rejections that were out of scope; *macro-F1* averages F1 over every intent plus, when
  there are out-of-scope rows, the out-of-scope class.
- :func:`regression_metrics`: mean absolute error, mean squared error, Pearson correlation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "classification_metrics",
    "headline",
    "open_set_metrics",
    "regression_metrics",
]

IntArray = npt.NDArray[np.int64]


def classification_metrics(
    truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    from sklearn.metrics import (  # type: ignore[import-untyped]
        classification_report,
        confusion_matrix,
        f1_score,
    )

    names = list(labels) + sorted(set(truth) - set(labels))  # unseen labels: always wrong
    report = classification_report(
        truth, predicted, labels=names, output_dict=True, zero_division=0
    )
    return {
        "accuracy": float(np.mean([t == p for t, p in zip(truth, predicted, strict=True)])),
        "macro_f1": float(
            f1_score(truth, predicted, labels=names, average="macro", zero_division=0)
        ),
        "report": report,
        "report_text": classification_report(
            truth, predicted, labels=names, zero_division=0, digits=4
        ),
        "labels": names,
        "confusion": confusion_matrix(truth, predicted, labels=names).tolist(),
    }


def open_set_metrics(
    predicted: IntArray, target: IntArray, classes: int
) -> dict[str, float | None]:
    """Metrics for labels in ``[0, classes)`` where ``-1`` means out of scope / rejected."""
    is_oos, rejected = target < 0, predicted < 0
    in_scope = float((predicted == target)[~is_oos].mean()) if (~is_oos).any() else 0.0
    recall = float(rejected[is_oos].mean()) if is_oos.any() else None
    precision = (
        float(is_oos[rejected].mean()) if rejected.any() else (None if recall is None else 0.0)
    )
    labels = list(range(classes)) + ([-1] if is_oos.any() else [])
    return {
        "in_scope_accuracy": in_scope,
        "oos_recall": recall,
        "oos_precision": precision,
        "macro_f1": float(np.mean([_f1(predicted, target, c) for c in labels])),
    }


def _f1(predicted: IntArray, target: IntArray, label: int) -> float:
    tp = float(((predicted == label) & (target == label)).sum())
    fp = float(((predicted == label) & (target != label)).sum())
    fn = float(((predicted != label) & (target == label)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def regression_metrics(truth: Sequence[float], predicted: Sequence[float]) -> dict[str, Any]:
    want, got = np.asarray(truth, dtype=np.float64), np.asarray(predicted, dtype=np.float64)
    pearson = float(np.corrcoef(want, got)[0, 1]) if len(want) > 1 and want.std() > 0 else None
    return {
        "mae": float(np.abs(want - got).mean()),
        "mse": float(((want - got) ** 2).mean()),
        "pearson": pearson,
    }


def headline(metrics: dict[str, Any]) -> dict[str, Any]:
    """The numbers worth a line (no per-label report or matrix)."""
    keep = ("accuracy", "macro_f1", "in_scope_accuracy", "refused", "oos_refused", "ece",
            "mae", "mse", "pearson", "rows", "seconds")  # fmt: skip
    return {k: metrics[k] for k in keep if k in metrics}
