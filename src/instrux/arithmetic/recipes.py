"""Recipes that build, train, snap and export the built-in arithmetic sub-networks.

``instrux train arithmetic`` runs :func:`train_arithmetic`, which writes one artifact per
recipe (``adder``, ``subtractor``, ``addsub``, ``multiply``, ``divide``, ``power``) under
``src/instrux/artifacts/arithmetic`` by default. Every recipe: seed, sample operands in
[-100, 100], train with :func:`instrux.arithmetic.fit.fit` (the one loop) in float64, measure
extrapolation, snap (:func:`instrux.arithmetic.snap.snap`), measure again, export float64 ONNX
with a parity check, and write the artifact atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn

from instrux.arithmetic.extrapolation import max_relative_errors, operands
from instrux.arithmetic.fit import LOSSES, NetConfig, TrainData, evaluate, fit, seed_everything
from instrux.arithmetic.nets import (
    AffineStack,
    AffineStackConfig,
    ConditionedAffine,
    ConditionedAffineConfig,
    LogMagnitude,
    PowerUnit,
    PowerUnitConfig,
    ProductUnit,
    ProductUnitConfig,
)
from instrux.arithmetic.report import with_code
from instrux.arithmetic.snap import snap

__all__ = ["DEFAULT_OUT", "RECIPES", "Recipe", "train_arithmetic", "train_recipe"]

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "artifacts" / "arithmetic"
LOW, HIGH = -100.0, 100.0  # training range of every operand
N_TRAIN, N_VAL = 20_000, 2_000
Sampler = Callable[[torch.Generator, int], tuple[Tensor, Tensor]]  # -> x (N, F), y (N, 1)


@dataclass(frozen=True)
class Recipe:
    name: str  # artifact directory name
    instructions: tuple[str, ...]  # what the net executes (one-hot order for conditioned nets)
    features: tuple[str, ...]  # names of the input columns
    build: Callable[[], nn.Module]
    sample: Sampler
    train: NetConfig
    ops: tuple[str, ...]  # extrapolation ops, one per instruction
    log_space: bool = False  # fit log|y| through the unit's LogMagnitude view


def _uniform(g: torch.Generator, n: int, low: float = LOW, high: float = HIGH) -> Tensor:
    return low + (high - low) * torch.rand(n, generator=g, dtype=torch.float64)  # (n,)


def _pair(
    g: torch.Generator, n: int, fn: Callable[[Tensor, Tensor], Tensor]
) -> tuple[Tensor, Tensor]:
    a, b = _uniform(g, n), _uniform(g, n)
    return torch.stack([a, b], dim=1), fn(a, b)[:, None]  # (n, 2), (n, 1)


def _divide_sample(g: torch.Generator, n: int) -> tuple[Tensor, Tensor]:
    a = _uniform(g, n)
    sign = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0).double()
    b = sign * _uniform(g, n, 1.0, HIGH)  # |b| >= 1 keeps the targets bounded by 100
    return torch.stack([a, b], dim=1), (a / b)[:, None]


def _power_sample(g: torch.Generator, n: int) -> tuple[Tensor, Tensor]:
    base = _uniform(g, n)
    base = torch.where(base < 0, -1.0, 1.0).double() * base.abs().clamp_min(0.5)  # no 0 ** -e
    whole = torch.randint(-3, 4, (n,), generator=g).double()
    real = _uniform(g, n, -3.0, 3.0)
    exponent = torch.where(base < 0, whole, real)  # a negative base needs a whole exponent
    y = torch.where(base < 0, (-1.0) ** whole, torch.ones_like(base)) * base.abs() ** exponent
    return torch.stack([base, exponent], dim=1), y[:, None]


def _addsub_sample(g: torch.Generator, n: int) -> tuple[Tensor, Tensor]:
    x, _ = _pair(g, n, torch.add)
    code = torch.randint(0, 2, (n,), generator=g)
    onehot = torch.nn.functional.one_hot(code, 2).double()  # (n, 2)
    y = x[:, 0] + torch.where(code == 0, 1.0, -1.0).double() * x[:, 1]
    return torch.cat([x, onehot], dim=1), y[:, None]  # (n, 4), (n, 1)


_ADAM = NetConfig(steps=20_000, lr=1e-2, loss="mse", optimizer="adam", target_loss=1e-6,
                  patience=40, eval_every=50)  # fmt: skip

RECIPES: dict[str, Recipe] = {
    r.name: r
    for r in (
        Recipe("adder", ("math.add",), ("a", "b"), lambda: AffineStack(AffineStackConfig()),
               lambda g, n: _pair(g, n, torch.add), _ADAM.with_changes(desc="adder"), ("add",)),
        Recipe("subtractor", ("math.subtract",), ("a", "b"),
               lambda: AffineStack(AffineStackConfig()), lambda g, n: _pair(g, n, torch.sub),
               _ADAM.with_changes(desc="subtractor"), ("subtract",)),
        Recipe("addsub", ("math.add", "math.subtract"), ("a", "b", "op=add", "op=subtract"),
               lambda: ConditionedAffine(ConditionedAffineConfig()), _addsub_sample,
               _ADAM.with_changes(desc="addsub"), ("add", "subtract")),
        Recipe("multiply", ("math.multiply", "math.square"), ("a", "b"),
               lambda: ProductUnit(ProductUnitConfig()), lambda g, n: _pair(g, n, torch.mul),
               _ADAM.with_changes(target_loss=1e-12, desc="multiply"), ("multiply",),
               log_space=True),
        Recipe("divide", ("math.divide",), ("a", "b"), lambda: ProductUnit(ProductUnitConfig()),
               _divide_sample, _ADAM.with_changes(target_loss=1e-12, desc="divide"), ("divide",),
               log_space=True),
        Recipe("power", ("math.power",), ("base", "exponent"),
               lambda: PowerUnit(PowerUnitConfig()), _power_sample,
               _ADAM.with_changes(target_loss=1e-12, desc="power"), ("power",), log_space=True),
    )
}  # fmt: skip


def train_recipe(
    recipe: Recipe, out_dir: Path, *, seed: int = 0, steps: int | None = None, progress: bool = True
) -> dict[str, Any]:
    """Train, snap and export one recipe to ``out_dir / recipe.name``; returns its metrics."""
    from instrux.arithmetic.export import save_artifact

    g = seed_everything(seed)
    model = recipe.build().double()
    x, y = recipe.sample(g, N_TRAIN + N_VAL)
    fitted: nn.Module = LogMagnitude(model) if recipe.log_space else model  # type: ignore[arg-type]
    y = torch.log(y.abs()) if recipe.log_space else y  # (N, 1)
    data = TrainData(x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN:], y[N_TRAIN:])
    config = recipe.train.with_changes(seed=seed, progress=progress, steps=steps)
    result = fit(fitted, data, config)
    before = extrapolation(recipe, model, seed)
    loss_fn = LOSSES[config.loss]
    report = snap(model, lambda _: evaluate(fitted, data.x_val, data.y_val, loss_fn))
    metrics = {
        "recipe": recipe.name,
        "seed": seed,
        "train": result,
        "snap": report.to_dict(),
        "extrapolation": {"before_snap": before, "after_snap": extrapolation(recipe, model, seed)},
        "weights": {k: v.flatten().tolist() for k, v in model.state_dict().items()},
    }
    info = {"name": recipe.name, "instructions": list(recipe.instructions),
            "features": list(recipe.features), "train_range": [LOW, HIGH]}  # fmt: skip
    return save_artifact(out_dir / recipe.name, model, info=info, metrics=metrics,
                         probe=probe(recipe, seed))  # fmt: skip


def train_arithmetic(
    out_dir: Path = DEFAULT_OUT,
    *,
    seed: int = 0,
    steps: int | None = None,
    only: tuple[str, ...] = (),
    progress: bool = True,
) -> dict[str, dict[str, Any]]:
    """Train every recipe (or those named in ``only``); returns metrics by recipe name."""
    torch.set_num_threads(1)  # tiny models: threads only add contention on shared machines
    unknown = set(only) - set(RECIPES)
    if unknown:
        raise KeyError(f"unknown recipe(s) {sorted(unknown)}; known: {sorted(RECIPES)}")
    names = only or tuple(RECIPES)
    return {name: train_recipe(RECIPES[name], Path(out_dir), seed=seed, steps=steps,
                               progress=progress) for name in names}  # fmt: skip


def torch_predict(recipe: Recipe, model: nn.Module, op: str) -> Callable[[np.ndarray], np.ndarray]:
    """Operand rows (N, 2) -> outputs (N,), appending the one-hot code for conditioned nets."""

    def predict(x: np.ndarray) -> np.ndarray:
        features = _with_code(recipe, op, x)
        with torch.no_grad():
            y: np.ndarray = model(torch.from_numpy(features)).numpy().ravel()  # (N,)
        return y

    return predict


def extrapolation(
    recipe: Recipe, model: nn.Module, seed: int, n: int = 500
) -> dict[str, dict[str, float]]:
    """Largest relative error per op and operand range, evaluated on the torch model."""
    return {op: max_relative_errors(op, torch_predict(recipe, model, op), n=n, seed=seed)
            for op in recipe.ops}  # fmt: skip


def probe(recipe: Recipe, seed: int) -> Tensor:
    """Inputs for the export parity check: in range and far outside it."""
    rng = np.random.default_rng(seed)
    rows = [_with_code(recipe, op, operands(op, limit, 64, rng))
            for op in recipe.ops for limit in (1e2, 1e6, 1e9)]  # fmt: skip
    return torch.from_numpy(np.concatenate(rows))


def _with_code(recipe: Recipe, op: str, x: np.ndarray) -> np.ndarray:
    return with_code(x, len(recipe.features) - x.shape[1], recipe.ops.index(op))
