"""Extrapolation report: largest relative error per operation for operands up to 1e2 ... 1e9.

Compares the seed adder (the plain ``Linear(2, 2) -> Linear(2, 1)`` trained with Adam on MSE
until MSE < 1e-6, float32, operands in [0, 100]; trained here, about 5 s) with the shipped
ONNX sub-networks (evaluated through ONNX Runtime as the executors run them) and with the same
nets before snapping (from their ``metrics.json``). Distributions and the error definition:
:mod:`instrux.arithmetic.extrapolation`. Same report as ``instrux eval extrapolation``.

Writes ``bench/results/extrapolation.json`` and ``.md``. Usage::

    python bench/extrapolation.py [--samples 2000] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from instrux.arithmetic.plugin import artifacts_root
from instrux.arithmetic.report import extrapolation_report, render_markdown

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=2000, help="operand pairs per range")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    report = extrapolation_report(artifacts_root(), samples=args.samples, seed=args.seed)
    report.update(
        measured_at=time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        machine=f"{platform.processor() or platform.machine()}, Python {sys.version.split()[0]}",
        seconds=round(time.perf_counter() - start, 1),
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "extrapolation.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    seed = report["seed_adder"]["train"]
    header = [
        "# Extrapolation (bench/extrapolation.py)",
        "",
        f"Measured {report['measured_at']}, {args.samples} operand pairs per range, seed "
        f"{args.seed}. Largest relative error |y - t| / |t| against exact (Fraction) results; "
        "'up to R': magnitudes in [0, R] (half uniform, half log-uniform), 'at scale': [R/10, R].",
        f"Seed adder: {seed['steps']} Adam steps, {seed['seconds']} s, "
        f"val MSE {seed['val_mse']:.2e}. All shipped nets meet 1e-6 up to 1e6 and 1e-5 up to "
        f"1e9: {report['meets_targets']}.",
        "",
    ]
    (RESULTS / "extrapolation.md").write_text("\n".join(header) + "\n" + render_markdown(report))
    print((RESULTS / "extrapolation.md").read_text())


if __name__ == "__main__":
    main()
