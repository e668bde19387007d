"""Neural executors: ONNX Runtime vs torch, engine overhead, and batching, in one run.

All timings are medians of many samples taken in the same process, pinned to one core, with
one torch thread and one ORT intra-op thread, so the ratios compare like with like:

1. ``ort_vs_torch``: the shipped adder (float64, and a float32 export of the same weights)
   in torch eager (``inference_mode``) and in ONNX Runtime, at batch 1 and 1024;
2. ``engine_vs_session``: ``Engine.run("add 123456 and 654321")`` end to end, the executor
   alone (``NeuralArithmetic.run``), and a bare ``session.run`` of the same adder;
3. ``run_many``: 10,000 mixed arithmetic instructions through one ``run_many`` call vs
   10,000 ``run`` calls (ONNX executors, and the Python reference executors for context).

CUDA is not measured: no GPU was available; provider selection lives in
``instrux.runtime.onnx`` (``INSTRUX_DEVICE``). Writes ``bench/results/neural_bench.json`` and
``.md``. Usage::

    python bench/neural_bench.py [--repeat 31] [--number 2000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from _common import machine, measured_at, pin_to_one_core, sample_us  # bench/ is on sys.path

RESULTS = Path(__file__).resolve().parent / "results"


def per_call_us(fn: Callable[[], object], number: int, repeat: int) -> float:
    """Median over ``repeat`` samples of the mean time of ``number`` calls, in microseconds."""
    fn()  # warm
    return round(statistics.median(sample_us(fn, number, repeat)), 3)


def ort_vs_torch(number: int, repeat: int) -> dict[str, Any]:
    import torch

    from instrux.arithmetic.export import export_net, load_model
    from instrux.arithmetic.plugin import artifacts_root
    from instrux.arithmetic.recipes import RECIPES, probe

    model, artifact = load_model(artifacts_root() / "adder")
    rows: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "adder32.onnx"
        export_net(model, fp32, probe(RECIPES["adder"], 0), "float32")  # parity-checked
        for dtype, path in (("float64", artifact.file("model.onnx")), ("float32", fp32)):
            net = model.to(getattr(torch, dtype)).eval()
            for batch in (1, 1024):
                rows[f"{dtype}_batch{batch}"] = _time_pair(net, path, batch, number, repeat)
    return rows


def _time_pair(net: Any, path: Path, batch: int, number: int, repeat: int) -> dict[str, float]:
    """torch eager and ORT on the same random batch; fewer calls per sample for big batches."""
    import onnxruntime as ort
    import torch

    session = ort.InferenceSession(str(path), _options(ort), providers=["CPUExecutionProvider"])
    dtype = next(net.parameters()).dtype
    x = torch.rand(batch, 2, dtype=dtype) * 1e6  # (B, 2)
    feeds = {"x": x.numpy()}
    calls = number // (1 + batch // 64)
    with torch.inference_mode():
        t_torch = per_call_us(lambda: net(x), calls, repeat)
    t_ort = per_call_us(lambda: session.run(None, feeds), calls, repeat)
    return {"torch_us": t_torch, "ort_us": t_ort, "ort_over_torch": round(t_ort / t_torch, 3)}


def _options(ort: Any) -> Any:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return options


def engine_vs_session(number: int, repeat: int) -> dict[str, Any]:
    from instrux import Engine
    from instrux.arithmetic.executor import NeuralArithmetic

    engine = Engine(load_entry_points=False)
    text = "add 123456 and 654321"
    assert engine.run(text).executor == "math.add.onnx"
    arguments = engine.parse(text).arguments
    executor: NeuralArithmetic = engine.registry.executor("math.add.onnx").spec.run.__self__  # type: ignore[attr-defined]
    runner = executor.load().runner
    x = np.array([[123456.0, 654321.0]])
    reference = Engine(load_entry_points=False, prefer_executor_kind="python")
    result = {
        "session_run_us": per_call_us(lambda: runner.session.run(None, {"x": x}), number, repeat),
        "executor_run_us": per_call_us(lambda: executor.run(arguments), number, repeat),
        "engine_parse_us": per_call_us(lambda: engine.parse(text), number, repeat),
        "engine_run_us": per_call_us(lambda: engine.run(text), number, repeat),
        "engine_run_python_executor_us": per_call_us(lambda: reference.run(text), number, repeat),
    }
    result["engine_over_session"] = round(result["engine_run_us"] / result["session_run_us"], 2)
    result["executor_over_session"] = round(result["executor_run_us"] / result["session_run_us"], 2)
    return result


def run_many_throughput(count: int, repeat: int) -> dict[str, Any]:
    from instrux import Engine

    rng = np.random.default_rng(0)
    templates = ["add {} and {}", "{} minus {}", "multiply {} by {}", "divide {} by {}"]
    templates += ["{} to the power of 2", "square {}"]
    texts = [templates[i % 6].format(*rng.integers(1, 10_000, 2).tolist()) for i in range(count)]
    rows: dict[str, Any] = {}
    for kind in ("onnx", "python"):
        engine = Engine(load_entry_points=False, prefer_executor_kind=kind)
        batched = [r.value for r in engine.run_many(texts)]
        single = [engine.run(t).value for t in texts]
        assert batched == single
        t_many = _median_seconds(lambda e=engine: e.run_many(texts), repeat)
        t_single = _median_seconds(lambda e=engine: [e.run(t) for t in texts], repeat)
        rows[kind] = {
            "run_many_s": t_many,
            "run_loop_s": t_single,
            "run_many_per_s": round(count / t_many),
            "run_loop_per_s": round(count / t_single),
            "speedup": round(t_single / t_many, 2),
        }
    return {"instructions": count, "mix": templates, **rows}


def int8_accuracy() -> dict[str, Any]:
    """Per shipped net: float32 export and int8 (dynamic, per-channel) relative errors."""
    from instrux.arithmetic.export import export_artifact
    from instrux.arithmetic.plugin import artifacts_root
    from instrux.arithmetic.recipes import RECIPES, probe

    rows = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, recipe in RECIPES.items():
            metrics = export_artifact(
                artifacts_root() / name,
                Path(scratch) / name,
                dtype="float32",
                int8=True,
                probe=probe(recipe, 0),
            )
            rows[name] = metrics["int8"]
    return rows


def _median_seconds(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return round(statistics.median(samples), 4)


def write(results: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "neural_bench.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "# Neural executors (bench/neural_bench.py)",
        "",
        f"Measured {results['measured_at']} on {results['machine']}, {results['pinning']}, "
        "1 torch thread, 1 ORT thread; medians. CUDA: not measured (no GPU).",
        "",
        "| adder | torch eager (us) | ONNX Runtime (us) | ORT / torch |",
        "|---|---|---|---|",
    ]
    for key, row in results["ort_vs_torch"].items():
        lines.append(f"| {key} | {row['torch_us']} | {row['ort_us']} | {row['ort_over_torch']} |")
    e = results["engine_vs_session"]
    lines += [
        "",
        "| path (add 123456 and 654321) | us per call |",
        "|---|---|",
        f"| bare `session.run` | {e['session_run_us']} |",
        f"| executor (`NeuralArithmetic.run`) | {e['executor_run_us']} |",
        f"| `Engine.parse` | {e['engine_parse_us']} |",
        f"| `Engine.run`, ONNX executor | {e['engine_run_us']} |",
        f"| `Engine.run`, Python executor | {e['engine_run_python_executor_us']} |",
        "",
        f"Engine.run / session.run: {e['engine_over_session']}x; "
        f"executor / session.run: {e['executor_over_session']}x.",
        "",
        f"| {results['run_many']['instructions']:,} mixed instructions | run_many (s) | "
        "loop of run (s) | run_many/s | run/s | speedup |",
        "|---|---|---|---|---|---|",
    ]
    for kind in ("onnx", "python"):
        r = results["run_many"][kind]
        lines.append(
            f"| {kind} executors | {r['run_many_s']} | {r['run_loop_s']} | "
            f"{r['run_many_per_s']} | {r['run_loop_per_s']} | {r['speedup']}x |"
        )
    lines += [
        "",
        "Accuracy of float32 and int8 exports against the float64 net (largest relative error "
        "on the parity probe: operands up to 1e9; int8 quantizes activations per tensor, so "
        "row by row and as one batch differ):",
        "",
        "| net | ops quantized | float32 | int8, row by row | int8 median, row by row "
        "| int8, one batch |",
        "|---|---|---|---|---|---|",
    ]
    for name, q in results["int8"].items():
        lines.append(
            f"| {name} | {q['quantized']} | {q['max_rel_error_float32']:.2e} | "
            f"{q['max_rel_error_int8_row_by_row']:.2e} | "
            f"{q['median_rel_error_int8_row_by_row']:.2e} | {q['max_rel_error_int8']:.2e} |"
        )
    (RESULTS / "neural_bench.md").write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--number", type=int, default=2000, help="calls per sample")
    parser.add_argument("--repeat", type=int, default=31, help="samples (median is reported)")
    parser.add_argument("--count", type=int, default=10_000, help="instructions for run_many")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    pinning = pin_to_one_core()
    results = {
        "ort_vs_torch": ort_vs_torch(args.number, args.repeat),
        "engine_vs_session": engine_vs_session(args.number, args.repeat),
        "run_many": run_many_throughput(args.count, max(3, args.repeat // 6)),
        "int8": int8_accuracy(),
        "measured_at": measured_at(),
        "machine": machine(),
        "pinning": pinning,
        "number": args.number,
        "repeat": args.repeat,
        "cuda": "not measured: no GPU in this session (provider choice: INSTRUX_DEVICE)",
    }
    write(results)
    print((RESULTS / "neural_bench.md").read_text())


if __name__ == "__main__":
    main()
