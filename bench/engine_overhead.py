"""Engine overhead of ``Engine.run`` for template-routed arithmetic, against calling the executor.

Everything is measured in one run, pinned to one core, as medians over many repetitions:

- ``direct``: the Python executor function itself (``add(3, 5)``), the baseline;
- ``parse``: ``Engine.parse`` (input check, normalisation, template routing, validation);
- ``run``: ``Engine.run`` end to end (parse + pluggy dispatch + output guard + result model),
  with the exact Python executors (the engine's own overhead), and once more on the default
  ONNX executors;
- context: one pluggy hook call with one implementation, and one pydantic validation.

Writes ``bench/results/engine_overhead.json`` and ``.md``. Usage::

    python bench/engine_overhead.py [--repeat 31] [--number 2000]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

import pluggy
from _common import machine, measured_at, pin_to_one_core, sample_us  # bench/ is on sys.path
from pydantic import BaseModel

from instrux import Engine
from instrux.arithmetic import instructions as arithmetic

RESULTS = Path(__file__).resolve().parent / "results"
TEXTS = ["what is 3 plus 5", "add 3 and 5", "12 + 30", "the product of 6 and 7", "square of 12"]
TARGET_US = 50.0


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_us": round(statistics.median(ordered), 3),
        "p95_us": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
        "min_us": round(ordered[0], 3),
    }


def context_baselines(number: int, repeat: int) -> dict[str, dict[str, float]]:
    spec = pluggy.HookspecMarker("bench")
    impl = pluggy.HookimplMarker("bench")

    class Specs:
        @spec
        def hello(self, x: int) -> int: ...

    class Plugin:
        @impl
        def hello(self, x: int) -> int:
            return x

    pm = pluggy.PluginManager("bench")
    pm.add_hookspecs(Specs)
    pm.register(Plugin())

    class Args(BaseModel):
        a: int
        b: int
        c: int

    return {
        "pluggy_hook_1_impl": summary(sample_us(lambda: pm.hook.hello(x=1), number, repeat)),
        "pydantic_validate_3_fields": summary(
            sample_us(lambda: Args.model_validate({"a": 1, "b": 2, "c": 3}), number, repeat)
        ),
    }


def measure(number: int, repeat: int) -> dict[str, object]:
    engine = Engine(load_entry_points=False, prefer_executor_kind="python")
    per_text = {}
    for text in TEXTS:
        engine.run(text)  # warm: compile templates
        run = summary(sample_us(lambda t=text: engine.run(t), number, repeat))
        parse = summary(sample_us(lambda t=text: engine.parse(t), number, repeat))
        per_text[text] = {"run": run, "parse": parse}
    direct = summary(sample_us(lambda: arithmetic.add(3, 5), number * 10, repeat))
    # The same texts on the default executors (the ONNX sub-networks), for comparison.
    default = Engine(load_entry_points=False)
    onnx_p50 = []
    for text in TEXTS:
        default.run(text)  # warm: templates, ONNX sessions
        samples = sample_us(lambda t=text: default.run(t), number, repeat)
        onnx_p50.append(summary(samples)["p50_us"])
    run_p50 = statistics.median(v["run"]["p50_us"] for v in per_text.values())
    return {
        "direct_executor_call": direct,
        "per_text": per_text,
        "run_p50_us_median_over_texts": round(run_p50, 3),
        "ratio_run_vs_direct": round(run_p50 / direct["p50_us"], 1),
        "run_p50_us_default_onnx_executors": round(statistics.median(onnx_p50), 3),
        "target_run_p50_us": TARGET_US,
        "meets_target": run_p50 <= TARGET_US,
        "context": context_baselines(number, repeat),
    }


def write(results: dict[str, object]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "engine_overhead.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "# Engine overhead (bench/engine_overhead.py)",
        "",
        f"Measured {results['measured_at']} on {results['machine']}, {results['pinning']}.",
        "",
        "| text | run p50 (us) | parse p50 (us) |",
        "|---|---|---|",
    ]
    for text, row in results["per_text"].items():  # type: ignore[attr-defined]
        lines.append(f"| `{text}` | {row['run']['p50_us']} | {row['parse']['p50_us']} |")
    lines += [
        "",
        f"- direct executor call p50: {results['direct_executor_call']['p50_us']} us",  # type: ignore[index]
        f"- `Engine.run` p50 (median over texts): {results['run_p50_us_median_over_texts']} us "
        f"(target <= {TARGET_US} us: {'met' if results['meets_target'] else 'NOT met'})",
        f"- ratio run / direct: {results['ratio_run_vs_direct']}x",
        "- the same texts on the default executors (ONNX sub-networks): `Engine.run` p50 "
        f"{results['run_p50_us_default_onnx_executors']} us",
        f"- context: {json.dumps(results['context'])}",
        "",
    ]
    (RESULTS / "engine_overhead.md").write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--number", type=int, default=2000, help="calls per sample")
    parser.add_argument("--repeat", type=int, default=31, help="samples (median is reported)")
    args = parser.parse_args()
    pinning = pin_to_one_core()
    results = measure(args.number, args.repeat)
    results.update(
        measured_at=measured_at(),
        machine=machine(),
        pinning=pinning,
        number=args.number,
        repeat=args.repeat,
    )
    write(results)
    print(
        json.dumps(
            {
                k: results[k]
                for k in ("run_p50_us_median_over_texts", "ratio_run_vs_direct", "meets_target")
            }
        )
    )


if __name__ == "__main__":
    main()
