"""The extrapolation report: the seed adder next to the shipped ONNX sub-networks.

For every artifact and operation, the largest relative error for operands up to 1e2, 1e4,
1e6 and 1e9 (see :mod:`instrux.arithmetic.extrapolation` for the distributions). The shipped nets
are evaluated through ONNX Runtime, exactly as the executors run them; the seed adder (the
plain ``Linear(2, 2) -> Linear(2, 1)`` trained with Adam on MSE until MSE < 1e-6, float32,
operands in [0, 100], no snapping) is trained here with torch. Without torch the report still
covers the shipped nets.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from instrux.arithmetic.extrapolation import OPS, RANGES, Predict, max_relative_errors
from instrux.runtime.artifacts import MODEL_FILE, load_artifact
from instrux.runtime.onnx import get_runner

__all__ = ["extrapolation_report", "onnx_predictors", "render_markdown", "seed_adder_report"]

NETS = ("adder", "subtractor", "addsub", "multiply", "divide", "power")
TARGETS = {"1e+06": 1e-6, "1e+09": 1e-5}  # the bounds per operand range


def with_code(x: np.ndarray, n_codes: int, index: int) -> np.ndarray:
    """Operand rows (N, 2) with the one-hot code of op ``index`` appended: (N, 2 + n_codes)."""
    if n_codes == 0:
        return x
    code = np.zeros((len(x), n_codes))
    code[:, index] = 1.0
    return np.concatenate([x, code], axis=1)


def onnx_predictors(
    root: Path, nets: tuple[str, ...] = NETS, device: str = "auto"
) -> dict[str, tuple[str, Predict]]:
    """``"net/op" -> (op, predict)`` for each shipped net, running its verified ONNX graph."""
    found: dict[str, tuple[str, Predict]] = {}
    for net in nets:
        artifact = load_artifact(root / net)
        runner = get_runner(artifact.file(MODEL_FILE), device=device)
        ops = [name.split(".", 1)[1] for name in artifact.config["instructions"]]
        n_codes = len(artifact.config["features"]) - 2
        dtype = artifact.config.get("dtype", "float32")
        for index, op in enumerate(ops):
            if op in OPS:
                found[f"{net}/{op}"] = (op, _onnx_predict(runner, n_codes, index, dtype))
    return found


def _onnx_predict(runner: Any, n_codes: int, index: int, dtype: str) -> Predict:
    def predict(x: np.ndarray) -> np.ndarray:
        y: np.ndarray = runner(with_code(x, n_codes, index).astype(dtype)).astype(np.float64)
        return y.ravel()

    return predict


def both_scales(
    op: str, predict: Predict, n: int, seed: int, positive: bool = False
) -> dict[str, Any]:
    """The ``up_to`` and ``at_scale`` tables of one op."""
    return {
        "up_to": max_relative_errors(op, predict, n=n, seed=seed, positive=positive),
        "at_scale": max_relative_errors(
            op, predict, n=n, seed=seed, positive=positive, at_scale=True
        ),
    }


def seed_adder_report(n: int, seed: int) -> dict[str, Any]:
    """Train the seed adder (torch) and measure it; the baseline of the issue."""
    import torch

    from instrux.arithmetic.fit import NetConfig, TrainData, fit, seed_everything
    from instrux.arithmetic.nets import AffineStack, AffineStackConfig

    torch.set_num_threads(1)
    generator = seed_everything(seed)
    model = AffineStack(AffineStackConfig())  # float32, as in the measurement it reproduces
    x = 100.0 * torch.rand(22_000, 2, generator=generator)  # (N, 2) operands in [0, 100]
    y = x.sum(dim=1, keepdim=True)  # (N, 1)
    data = TrainData(x[:20_000], y[:20_000], x[20_000:], y[20_000:])
    config = NetConfig(steps=30_000, lr=1e-2, target_loss=1e-6, patience=0, progress=False)
    result = fit(model, data, config)

    def predict(rows: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            out: np.ndarray = model(torch.from_numpy(rows).float()).double().numpy().ravel()
        return out

    return {
        "train": {"steps": result["steps"], "seconds": result["seconds"],
                  "val_mse": result["best_val_loss"], "stopped": result["stopped"],
                  "lr": config.lr, "optimizer": config.optimizer},
        "weights": {k: v.flatten().tolist() for k, v in model.state_dict().items()},
        "signed": both_scales("add", predict, n, seed),
        "positive": both_scales("add", predict, n, seed, positive=True),
    }  # fmt: skip


def extrapolation_report(
    root: Path,
    *,
    samples: int = 2000,
    seed: int = 0,
    baseline: bool = True,
    device: str = "auto",
) -> dict[str, Any]:
    """The whole report as a JSON-ready dict (see the module docstring)."""
    ours = {key: both_scales(op, predict, samples, seed)
            for key, (op, predict) in onnx_predictors(root, device=device).items()}  # fmt: skip
    before = {}
    for net in NETS:
        snapped = load_artifact(root / net).metrics().get("extrapolation", {})
        for op, table in snapped.get("before_snap", {}).items():
            before[f"{net}/{op}"] = table
    report: dict[str, Any] = {
        "ranges": [f"{r:.0e}" for r in RANGES],
        "samples_per_range": samples,
        "seed": seed,
        "targets": TARGETS,
        "ours_onnx": ours,
        "ours_before_snap_torch": before,
        "meets_targets": all(_meets(table["up_to"]) for table in ours.values()),
    }
    if baseline:
        report["seed_adder"] = seed_adder_report(samples, seed)
    return report


def _meets(table: dict[str, float]) -> bool:
    return all(table[key] <= bound for key, bound in TARGETS.items())


def render_markdown(report: dict[str, Any]) -> str:
    """A short markdown table of the report (largest relative error, operands up to R)."""
    ranges = report["ranges"]
    head = "| net / op | " + " | ".join(f"up to {r}" for r in ranges) + " |"
    lines = [head, "|---" * (len(ranges) + 1) + "|"]
    seed = report.get("seed_adder")
    if seed is not None:
        for sign in ("positive", "signed"):
            for scale in ("up_to", "at_scale"):
                label = f"seed adder ({sign} operands, {scale.replace('_', ' ')})"
                lines.append(_row(label, seed[sign][scale], ranges))
    for key, table in report["ours_before_snap_torch"].items():
        lines.append(_row(f"{key}, trained, before snapping (torch)", table, ranges))
    for key, tables in report["ours_onnx"].items():
        lines.append(_row(f"**{key}** (shipped ONNX, float64)", tables["up_to"], ranges))
    return "\n".join(lines) + "\n"


def _row(label: str, table: dict[str, float], ranges: list[str]) -> str:
    return f"| {label} | " + " | ".join(_fmt(table[r]) for r in ranges) + " |"


def _fmt(value: float) -> str:
    return "inf" if math.isinf(value) else f"{value:.2e}"
