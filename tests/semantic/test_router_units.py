"""Scoring, thresholds, margins and calibration on hand-made vectors (no encoder)."""

from __future__ import annotations

import numpy as np

from instrux.semantic.calibrate import example_thresholds, quantile_threshold, sweep
from instrux.semantic.phrasing import expand_template
from instrux.semantic.router import Head, SemanticRouter
from instrux.train.metrics import open_set_metrics


def _unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


MEMORY = np.stack([_unit(1, 0, 0), _unit(1, 0.1, 0), _unit(0, 1, 0), _unit(0, 0.9, 0.1)])
LABELS = np.array([0, 0, 1, 1])


def _router(threshold: float = 0.8, margin: float = 0.0) -> SemanticRouter:
    return SemanticRouter(
        ["a.x", "b.y"],
        MEMORY,
        LABELS,
        ["ax1", "ax2", "by1", "by2"],
        np.full(2, threshold, np.float32),
        margin=margin,
    )


def test_nearest_example_scores_accept_and_explain() -> None:
    decision = _router().decide(_unit(1, 0.05, 0))
    assert decision.instruction == "a.x" and decision.reason == "accepted"
    assert decision.ranked[0][0] == "a.x" and decision.margin > 0.5
    assert [n.instruction for n in decision.nearest[:2]] == ["a.x", "a.x"]


def test_below_threshold_and_ambiguous_texts_are_rejected() -> None:
    far = _router().decide(_unit(0, 0, 1))
    assert far.instruction is None and far.reason == "below_threshold"
    between = _router(threshold=0.5, margin=0.1).decide(_unit(1, 1, 0))
    assert between.instruction is None and between.reason == "ambiguous"
    assert list(
        _router(threshold=0.5, margin=0.1).predict(np.stack([_unit(1, 1, 0), _unit(1, 0, 0)]))
    ) == [-1, 0]


def test_a_head_with_an_out_of_scope_class_rejects_when_it_wins() -> None:
    head = Head(np.array([[5, 0, 0], [0, 5, 0], [0, 0, 5]], np.float32), np.zeros(3, np.float32))
    router = SemanticRouter(
        ["a.x", "b.y", "oos"],
        MEMORY,
        LABELS,
        ["1", "2", "3", "4"],
        np.zeros(3, np.float32),
        head=head,
        oos_index=2,
    )
    assert router.decide(_unit(0, 0, 1)).reason == "out_of_scope"
    assert "oos" not in [name for name, _ in router.decide(_unit(0, 0, 1)).ranked]
    assert list(router.predict(np.stack([_unit(0, 0, 1), _unit(0, 1, 0)]))) == [-1, 1]


def test_example_thresholds_sit_between_off_topic_and_own_examples() -> None:
    off_topic = np.stack([_unit(0.3, 0.3, 1)])
    thresholds = example_thresholds(MEMORY, LABELS, 2, off_topic)
    ceiling = (off_topic @ MEMORY.T).max()
    assert np.all(thresholds > ceiling) and np.all(thresholds < 0.99)


def test_an_off_topic_sentence_that_is_in_scope_is_ignored() -> None:
    thresholds = example_thresholds(MEMORY, LABELS, 2, np.stack([MEMORY[0]]))
    assert thresholds[0] < 0.99  # the instruction stays reachable


def test_quantile_threshold_and_sweep() -> None:
    confidence = np.linspace(0, 1, 101, dtype=np.float32)
    assert abs(quantile_threshold(confidence, 0.1) - 0.1) < 1e-6
    is_oos = confidence < 0.2
    rows = sweep(confidence, ~is_oos, is_oos, points=10)
    assert rows[0]["oos_recall"] == 0.0 and rows[-1]["oos_recall"] == 1.0


def test_classification_metrics_by_hand() -> None:
    target = np.array([0, 0, 1, -1, -1])
    predicted = np.array([0, -1, 1, -1, 0])
    metrics = open_set_metrics(predicted, target, 2)
    assert metrics["in_scope_accuracy"] == 2 / 3
    assert metrics["oos_recall"] == 0.5 and metrics["oos_precision"] == 0.5
    # F1: class 0 = 2*1/(2+1+1) = 0.5, class 1 = 1.0, oos = 2*1/(2+1+1) = 0.5
    assert abs(metrics["macro_f1"] - (0.5 + 1.0 + 0.5) / 3) < 1e-9  # type: ignore[operator]


def test_templates_expand_optional_words_and_alternatives() -> None:
    assert expand_template("[the] sum of {a} and {b}") == [
        "the sum of {a} and {b}",
        "sum of {a} and {b}",
    ]
    assert expand_template("{a} (plus|added to) {b}") == ["{a} plus {b}", "{a} added to {b}"]
