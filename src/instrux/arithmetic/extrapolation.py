"""Extrapolation: the largest relative error of an arithmetic net for operands up to 1e2 ... 1e9.

Two operand distributions per range ``R``, both with random signs (``positive=True`` drops
the signs):

- ``up_to``: half of the magnitudes uniform in ``[0, R]``, half log-uniform in ``[1, R]``, so
  every scale up to ``R`` is covered (small results expose a learned bias);
- ``at_scale``: magnitudes uniform in ``[R / 10, R]`` (how error grows with the operands).

Targets are exact (``fractions.Fraction`` arithmetic on the float operands), except powers with
a non-integer exponent, whose target is libm's ``pow`` (itself within an ulp). The relative
error is ``|y - t| / |t|`` (``|y - t|`` when ``t == 0``). Power draws the base from the range
and the exponent from ``[-3, 3]`` (whole numbers for negative bases), its training range.

This module needs only numpy, so it evaluates ONNX sessions as well as torch models.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np

__all__ = ["OPS", "RANGES", "max_relative_errors", "operands", "relative_errors"]

RANGES: tuple[float, ...] = (1e2, 1e4, 1e6, 1e9)
OPS: tuple[str, ...] = ("add", "subtract", "multiply", "divide", "power")
POWER_EXPONENT = 3  # |exponent| <= 3, the range the power net is trained on

Predict = Callable[[np.ndarray], np.ndarray]  # (N, 2) operands -> (N,) or (N, 1) outputs


def operands(
    op: str,
    limit: float,
    n: int,
    rng: np.random.Generator,
    *,
    positive: bool = False,
    at_scale: bool = False,
) -> np.ndarray:
    """``n`` operand rows (N, 2) for ``op`` with magnitudes up to ``limit``."""
    a = _magnitudes(limit, n, rng, at_scale)
    if op == "power":
        return _power_operands(a, n, rng, positive)
    b = _magnitudes(limit, n, rng, at_scale)
    if op == "divide":
        b = np.maximum(np.abs(b), 1.0)  # keep quotients of the order of the operands
    if not positive:
        a = a * rng.choice([-1.0, 1.0], n)
        b = b * rng.choice([-1.0, 1.0], n)
    return np.stack([a, b], axis=1)


def relative_errors(op: str, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Relative error of outputs ``y`` (N,) against the exact result of ``op`` on rows ``x``."""
    errors = np.empty(len(x))
    for i, (row, value) in enumerate(zip(x.tolist(), np.ravel(y).tolist(), strict=True)):
        errors[i] = _relative_error(op, row[0], row[1], value)
    return errors


def max_relative_errors(
    op: str, predict: Predict, *, ranges: tuple[float, ...] = RANGES, n: int = 2000,
    seed: int = 0, positive: bool = False, at_scale: bool = False,
) -> dict[str, float]:  # fmt: skip
    """Largest relative error of ``predict`` per operand range (keys like ``"1e+06"``)."""
    rng = np.random.default_rng(seed)
    table = {}
    for limit in ranges:
        x = operands(op, limit, n, rng, positive=positive, at_scale=at_scale)
        table[f"{limit:.0e}"] = float(relative_errors(op, x, predict(x)).max())
    return table


def _magnitudes(limit: float, n: int, rng: np.random.Generator, at_scale: bool) -> np.ndarray:
    if at_scale:
        return rng.uniform(limit / 10.0, limit, n)
    half = n // 2
    uniform = rng.uniform(0.0, limit, half)
    logs = 10.0 ** rng.uniform(0.0, math.log10(limit), n - half)
    return np.concatenate([uniform, logs])


def _power_operands(
    base: np.ndarray, n: int, rng: np.random.Generator, positive: bool
) -> np.ndarray:
    whole = rng.integers(-POWER_EXPONENT, POWER_EXPONENT + 1, n).astype(np.float64)
    real = rng.uniform(-POWER_EXPONENT, POWER_EXPONENT, n)
    negative = (rng.random(n) < 0.5) & (not positive)
    base = np.maximum(base, 1e-3)  # 0 ** negative is a domain error, not a number
    exponent = np.where(negative | (rng.random(n) < 0.5), whole, real)  # negative bases: whole
    return np.stack([np.where(negative, -base, base), exponent], axis=1)


def _relative_error(op: str, a: float, b: float, y: float) -> float:
    target = _exact(op, a, b)
    if not math.isfinite(y):
        return math.inf
    if isinstance(target, float):  # libm pow for non-integer exponents
        return abs(y - target) / abs(target) if target else abs(y)
    diff = abs(Fraction(y) - target)
    return float(diff / abs(target)) if target else float(diff)


def _exact(op: str, a: float, b: float) -> Fraction | float:
    fa, fb = Fraction(a), Fraction(b)
    if op == "add":
        return fa + fb
    if op == "subtract":
        return fa - fb
    if op == "multiply":
        return fa * fb
    if op == "divide":
        return fa / fb
    if op == "power":
        return fa ** int(b) if b.is_integer() else math.pow(a, b)
    raise ValueError(f"unknown op {op!r}")
