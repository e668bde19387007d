"""Evaluating heads and routers on labelled rows, from what their ONNX graphs predict.

- :func:`evaluate_head`: a head's accuracy, macro-F1, per-label report and confusion matrix
  on the rows of its labels, as published benchmarks count them (the top label, no
  refusal), its calibration error (ECE) and how it refuses: ``in_scope_accuracy`` (right and
  above the out-of-scope threshold), ``refused`` (in-scope rows below it) and, for rows
  labelled ``oos``, ``oos_refused`` (their share refused); or its errors (regression), with
  the time it took.
- :func:`evaluate_router`: ``instrux eval router``: in-scope accuracy, out-of-scope recall and
  precision, macro-F1 (:func:`instrux.train.metrics.open_set_metrics`) and latency on a test
  split. Latency is one text at a time (tokenize, encode, score), on the encoder's threads (one
  by default); throughput is batches of ``batch_size`` texts. A test split without out-of-scope
  rows (SNIPS) is scored closed-set, without rejection, as published.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from instrux.heads.runtime import HeadModel, Prediction
from instrux.models.onnx_encoder import EncoderWithHead, OnnxEncoder
from instrux.semantic.router import SemanticRouter
from instrux.train.data import OOS
from instrux.train.metrics import classification_metrics, open_set_metrics, regression_metrics

__all__ = ["EvalReport", "evaluate_head", "evaluate_router", "latency_ms", "targets"]

IntArray = npt.NDArray[np.int64]
GraphRunner = OnnxEncoder | EncoderWithHead


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
        metrics = _refusals(model, rows, predictions)
    return {**metrics, "rows": len(rows), "seconds": round(seconds, 3)}


def _refusals(
    model: HeadModel, rows: Sequence[tuple[str, str]], predictions: Sequence[Prediction]
) -> dict[str, Any]:
    """Closed-set metrics on in-scope rows, calibration error, and the refusals."""
    from instrux.heads.calibration import expected_calibration_error

    scored = list(zip(rows, predictions, strict=True))
    inside = [(label, p) for (_, label), p in scored if label != OOS]
    outside = [p for (_, label), p in scored if label == OOS]
    metrics: dict[str, Any] = {}
    if inside:
        metrics = classification_metrics(
            [label for label, _ in inside], [str(p.label) for _, p in inside], model.labels
        )
        probs = np.array([[p.scores[name] for name in model.labels] for _, p in inside])
        index = {name: i for i, name in enumerate(model.labels)}
        known = np.array([label in index for label, _ in inside])
        y = np.array([index.get(label, -1) for label, _ in inside], dtype=np.int64)
        metrics.update(
            ece=expected_calibration_error(probs[known], y[known]),
            in_scope_accuracy=float(np.mean([p.in_scope and p.label == t for t, p in inside])),
            refused=float(np.mean([not p.in_scope for _, p in inside])),
        )
    if outside:
        metrics.update(
            oos_rows=len(outside), oos_refused=float(np.mean([not p.in_scope for p in outside]))
        )
    return {**metrics, "threshold": model.threshold, "temperature": model.temperature}


@dataclass
class EvalReport:
    dataset: str
    router: str
    test_rows: int
    in_scope_accuracy: float
    oos_recall: float | None
    oos_precision: float | None
    macro_f1: float
    latency_ms_p50: float
    latency_ms_p95: float
    throughput_per_s: float
    seconds: float
    # Test rows whose intent the router does not know: scored as out of scope (a test file
    # with intents the training file lacked; the count says how many).
    unknown_intent_rows: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def targets(rows: Sequence[tuple[str, str]], labels: Sequence[str]) -> IntArray:
    """Label index per row (``-1`` for out of scope; an unknown intent also counts as one)."""
    index = {name: i for i, name in enumerate(labels)}
    return np.array(
        [-1 if intent == OOS else index.get(intent, -1) for _, intent in rows], dtype=np.int64
    )


def evaluate_router(
    name: str,
    dataset: str,
    rows: Sequence[tuple[str, str]],
    intents: Sequence[str],
    encoder: GraphRunner,
    router: SemanticRouter,
    *,
    latency_samples: int = 1000,
    batch_size: int = 32,
) -> EvalReport:
    """Route every test row (batched) and time single-text routing on a sample of them."""
    started = time.perf_counter()
    texts = [t for t, _ in rows]
    outputs = encoder.run_batched(texts, batch_size)
    batched_s = time.perf_counter() - started
    target = targets(rows, intents)
    if (target < 0).any():
        predicted = router.predict(outputs[0], outputs[1] if len(outputs) > 1 else None)
    else:  # closed-set benchmark (SNIPS): no rejection, as in the published protocol
        predicted = router.scores(outputs[0], outputs[1] if len(outputs) > 1 else None)[0].argmax(1)
    metrics = open_set_metrics(predicted, target, len(intents))
    known = set(intents)
    sample = texts[:: max(1, len(texts) // latency_samples)][:latency_samples]
    timings = latency_ms(lambda text: _route_one(encoder, router, text), sample)
    return EvalReport(
        dataset=dataset,
        router=name,
        test_rows=len(rows),
        in_scope_accuracy=float(metrics["in_scope_accuracy"] or 0.0),
        oos_recall=metrics["oos_recall"],
        oos_precision=metrics["oos_precision"],
        macro_f1=float(metrics["macro_f1"] or 0.0),
        latency_ms_p50=float(np.percentile(timings, 50)),
        latency_ms_p95=float(np.percentile(timings, 95)),
        throughput_per_s=len(texts) / batched_s,
        seconds=time.perf_counter() - started,
        unknown_intent_rows=len([i for _, i in rows if i != OOS and i not in known]),
    )


def _route_one(encoder: GraphRunner, router: SemanticRouter, text: str) -> None:
    outputs = encoder.run([text])
    router.predict(outputs[0], outputs[1] if len(outputs) > 1 else None)


def latency_ms(
    route: Callable[[str], object], texts: Sequence[str], warmup: int = 20
) -> list[float]:
    """Milliseconds per call of ``route(text)``, after a few warm-up calls."""
    for text in texts[:warmup]:
        route(text)
    timings = []
    for text in texts:
        start = time.perf_counter()
        route(text)
        timings.append((time.perf_counter() - start) * 1000.0)
    return timings
