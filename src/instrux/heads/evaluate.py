"""Metrics of heads on labelled rows, computed from what the ONNX graph predicts.

Classification: accuracy, macro-F1, scikit-learn's per-label report and the confusion matrix
(rows: true label). A true label the head never saw counts as an error. Regression: mean
absolute error, mean squared error, Pearson correlation.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from instrux.heads.runtime import HeadModel

__all__ = ["classification_metrics", "evaluate_head", "regression_metrics"]


def evaluate_head(model: HeadModel, rows: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Metrics of ``model`` on ``(text, label)`` rows, with the time it took."""
    texts = [t for t, _ in rows]
    started = time.perf_counter()
    predictions = model.predict(texts)
    seconds = time.perf_counter() - started
    if model.regression:
        metrics = regression_metrics(
            [float(v) for _, v in rows], [float(p.label) for p in predictions]
        )
    else:
        metrics = classification_metrics(
            [v for _, v in rows], [str(p.label) for p in predictions], model.labels
        )
    return {**metrics, "rows": len(rows), "seconds": round(seconds, 3)}


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
    keep = ("accuracy", "macro_f1", "mae", "mse", "pearson", "rows", "seconds")
    return {k: metrics[k] for k in keep if k in metrics}
