"""Calibration of heads (temperature, ECE, out-of-scope threshold) and the validation rule."""

from __future__ import annotations

import numpy as np
import pytest

from instrux.heads.calibration import (
    HeldOut,
    calibrate,
    expected_calibration_error,
    fit_temperature,
    out_of_scope_threshold,
)
from instrux.heads.config import MIN_ROWS_FOR_VALIDATION, VAL_FRACTION, HeadTrainConfig
from instrux.runtime.numeric import softmax
from instrux.train.data import OOS, LabelledSplits


def _sampled(temperature: float, rows: int = 4000, classes: int = 5, seed: int = 0):
    """Logits whose labels are drawn from softmax(logits / temperature): that T is right."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 3, size=(rows, classes)).astype(np.float32)
    probs = softmax(logits / temperature)
    y = np.array([rng.choice(classes, p=p) for p in probs], dtype=np.int64)
    return logits, y


@pytest.mark.parametrize("temperature", [0.5, 2.0])
def test_the_fitted_temperature_is_the_one_the_labels_were_drawn_with(temperature: float) -> None:
    logits, y = _sampled(temperature)
    assert fit_temperature(logits, y) == pytest.approx(temperature, rel=0.1)


def test_held_out_rows_all_right_do_not_make_the_head_infinitely_sure() -> None:
    logits = np.eye(4, dtype=np.float32).repeat(25, axis=0) * 6.0  # 100 rows, all right
    y = np.arange(4).repeat(25)
    temperature = fit_temperature(logits, y)
    top = softmax(logits / temperature).max(axis=1)
    assert 0.5 < temperature < 5.0
    assert top.mean() == pytest.approx(1 - 1 / 102, abs=0.01)  # Laplace: (N + 1) / (N + 2)


def test_temperature_scaling_lowers_the_calibration_error() -> None:
    logits, y = _sampled(3.0)  # the raw softmax is far too sure
    before = expected_calibration_error(softmax(logits), y)
    after = expected_calibration_error(softmax(logits / fit_temperature(logits, y)), y)
    assert before > 0.15 and after < 0.03


def test_out_of_scope_rows_can_only_raise_the_threshold() -> None:
    in_scope = np.linspace(0.3, 1.0, 100, dtype=np.float32)
    quantile = out_of_scope_threshold(in_scope, np.zeros(0, np.float32), 0.01)
    assert quantile == pytest.approx(np.quantile(in_scope, 0.01))
    # 40 out-of-scope rows at 0.5: refusing them costs the 29 in-scope rows below 0.5
    raised = out_of_scope_threshold(in_scope, np.full(40, 0.5, dtype=np.float32), 0.01)
    assert 0.5 < raised <= 0.52
    # 20 of them are not worth 29 in-scope rows: counted in rows, not in shares
    assert out_of_scope_threshold(in_scope, np.full(20, 0.5, dtype=np.float32), 0.01) == quantile
    low_oos = np.full(20, 0.1, dtype=np.float32)
    assert out_of_scope_threshold(in_scope, low_oos, 0.01) == quantile


def test_calibrate_reports_both_refusal_rules() -> None:
    logits, y = _sampled(2.0, rows=500)
    nearest = np.linspace(0.4, 0.9, 500, dtype=np.float32)
    oos_nearest = np.full(10, 0.1, dtype=np.float32)
    held = HeldOut(logits, y, nearest, logits[:10], oos_nearest, "validation")
    result = calibrate(held, reject_share=0.01)
    assert result.temperature == pytest.approx(2.0, rel=0.2)
    assert result.floor == pytest.approx(np.quantile(nearest, 0.01), abs=0.01)
    assert result.in_scope_refused <= 0.03 and result.oos_refused == 1.0
    assert result.ece_after < result.ece_before


def _data(per_label: int) -> LabelledSplits:
    rows = [(f"text {i} {label}", label) for label in ("a", "b") for i in range(per_label)]
    return LabelledSplits("t", {"train": [*rows, ("off topic", OOS)]})


def test_a_validation_split_is_held_out_only_where_it_can_measure_something() -> None:
    cfg = HeadTrainConfig()
    assert cfg.validation_share(_data(8)) == 0.0  # 8 rows a label: out-of-fold instead
    assert cfg.validation_share(_data(MIN_ROWS_FOR_VALIDATION)) == VAL_FRACTION
    assert HeadTrainConfig(val_fraction=0.3).validation_share(_data(8)) == 0.3
    assert _data(8).label_counts() == {"a": 8, "b": 8}  # out-of-scope rows are no label
