"""Calibrated sentiment scores: temperature scaling (Guo et al. 2017) of the head's logits.

The head's softmax is fitted to the training split and tends to be over- or under-confident.
One temperature ``T`` per graph (fp32, int8), fitted on the PhraseBank validation split by
minimising the negative log-likelihood of ``softmax(logits / T)``, makes its probabilities
match how often it is right, without changing any prediction (the argmax is the same). The
fit is a grid search over ``T`` in [0.05, 10] (log-spaced), then a finer grid around the best:
deterministic and dependency-free. :func:`expected_calibration_error` (10 equal-width bins of
the top probability) is what `instrux finance train` reports before and after.

The temperatures are stored as an artifact of their own (``runtime/artifacts.py`` format,
written atomically) that records the head it was fitted for (its weights' sha256), so a
retrained head never runs with a stale temperature.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "CALIBRATION_FORMAT",
    "Calibration",
    "expected_calibration_error",
    "fit_temperature",
    "read_calibration",
    "scaled_probabilities",
    "write_calibration",
]

CALIBRATION_FORMAT = "instrux-finance.calibration/1"


@dataclass(frozen=True, slots=True)
class Calibration:
    head_sha256: str  # the head's weights this was fitted for
    temperatures: dict[str, float]  # graph ("fp32", "int8") -> T

    def temperature(self, graph: str) -> float:
        return self.temperatures.get(graph, 1.0)


def scaled_probabilities(logits: Any, temperature: float) -> Any:
    """``softmax(logits / T)``, row by row."""
    values = np.asarray(logits, dtype=np.float64) / temperature
    values -= values.max(axis=1, keepdims=True)
    exp = np.exp(values)
    return exp / exp.sum(axis=1, keepdims=True)


def _nll(logits: Any, labels: Any, temperature: float) -> float:
    probs = scaled_probabilities(logits, temperature)
    picked = probs[np.arange(len(labels)), labels]
    return float(-np.log(np.clip(picked, 1e-12, 1.0)).mean())


def fit_temperature(logits: Any, labels: Sequence[int]) -> float:
    """The temperature that minimises the validation NLL (grid search, then refined)."""
    y = np.asarray(labels, dtype=np.int64)
    grid = np.exp(np.linspace(np.log(0.05), np.log(10.0), 121))
    best = min(grid, key=lambda t: _nll(logits, y, float(t)))
    fine = np.linspace(best * 0.95, best * 1.05, 41)
    return round(float(min(fine, key=lambda t: _nll(logits, y, float(t)))), 4)


def expected_calibration_error(probabilities: Any, labels: Any, bins: int = 10) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width bins."""
    probs = np.asarray(probabilities)
    y = np.asarray(labels)
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == y
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return round(float(error), 4)


def write_calibration(dest: Path, calibration: Calibration, metrics: dict[str, Any]) -> None:
    """Write the temperatures as an artifact at ``dest`` (atomically, with a manifest)."""
    from instrux.runtime.artifacts import CONFIG_FILE, atomic_artifact, write_json

    config = {
        "format": CALIBRATION_FORMAT,
        "head_sha256": calibration.head_sha256,
        "temperatures": calibration.temperatures,
    }
    with atomic_artifact(dest) as tmp:
        write_json(tmp / CONFIG_FILE, config)
        write_json(tmp / "metrics.json", metrics)


def read_calibration(path: Path) -> Calibration | None:
    """The calibration at ``path`` (verified), or ``None`` when there is none."""
    from instrux.runtime.artifacts import CONFIG_FILE, check_format, load_artifact

    if not path.is_dir():
        return None
    artifact = load_artifact(path, require=(CONFIG_FILE,))
    check_format(path, artifact.config, (CALIBRATION_FORMAT,), "Run `instrux finance train`.")
    temperatures = {str(k): float(v) for k, v in artifact.config["temperatures"].items()}
    return Calibration(str(artifact.config["head_sha256"]), temperatures)
