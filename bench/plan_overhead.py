"""Planning overhead: a two-step plan against one template-routed instruction, in one run.

Measured in the same process, pinned to one core, as medians of many repetitions; every call
gets a text with other numbers (drawn once, before timing, from a seeded generator), so that
nothing can be remembered by text:

- ``single``: ``Engine.run("add A and B")``, one template-routed call (the baseline);
- ``plan``: ``Engine.run("add A and B, then divide the result by C")``: the whole text fails
  routing and the text is planned; by default its shape is known (the engine keeps exact
  plans by text shape, ``instrux.plans.shapes``: the same words with other numbers), so the
  plan is filled in from the shape's template, compiled (graphs are kept by structure) and
  its two steps run;
- ``expression``: ``Engine.run("what is A plus B times C")`` (the expression planner);
- ``run_plan``: ``Engine.run_plan`` of a planned two-step plan (no planning: execution only).

The row ``templates, long way`` is the same with shapes kept off (``PlanShapes(size=0)``):
what every text costs the first time its shape is seen (the planners split it, route each
part, bind references).

Both with the exact Python executors, so the figures are the engine's own work. The goal is
``plan`` at most 3x ``single``. With ``--semantic`` the semantic tier is loaded as well
(reported separately).

With ``--instructions`` the same texts are also counted in CPU instructions (valgrind
callgrind, deterministic where wall time on a shared machine is not), as
``bench/engine_instructions.py`` does: a child process runs N texts after a warm-up,
another runs none, and the difference divided by N is one run (start-up and imports
cancel out). Needs ``valgrind``; about six minutes.

Writes ``bench/results/plan_overhead.json`` and ``.md``. Usage::

    python bench/plan_overhead.py [--repeat 31] [--number 300] [--semantic] [--instructions]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _common import machine, measured_at, pin_to_one_core, sample_us  # bench/ is on sys.path

from instrux import Engine
from instrux.plans.shapes import PlanShapes

RESULTS = Path(__file__).resolve().parent / "results"
SINGLE = "add {} and {}"
TWO_STEPS = "add {} and {}, then divide the result by {}"
EXPRESSION = "what is {} plus {} times {}"
GOAL = 3.0


def texts(form: str, count: int, seed: int = 0) -> list[str]:
    """``count`` texts of one form, each with its own numbers."""
    rng = random.Random(seed)
    return [form.format(*(rng.randint(2, 999) for _ in range(form.count("{}"))))
            for _ in range(count)]  # fmt: skip


def cycling(engine_call: Callable[[str], object], form: str) -> Callable[[], object]:
    """A call of ``engine_call`` on the next text of the form (4,096 of them, in turn)."""
    pool = itertools.cycle(texts(form, 4096))
    return lambda: engine_call(next(pool))


def median(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def measure(engine: Engine, number: int, repeat: int) -> dict[str, float]:
    """Medians of interleaved samples; ratios are medians of ratios of neighbouring samples,
    so that a machine whose load changes during the run slows both sides alike."""
    planned = engine.plan(TWO_STEPS.format(4, 6, 5))
    runs = {
        "single": cycling(engine.run, SINGLE),
        "plan": cycling(engine.run, TWO_STEPS),
        "expression": cycling(engine.run, EXPRESSION),
        "run_plan": lambda: engine.run_plan(planned),
    }
    for run in runs.values():  # warm: templates compiled, shapes seen, graphs compiled
        for _ in range(3):
            run()
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            samples[name] += sample_us(run, number, 1)
    figures = {f"{name}_us": median(values) for name, values in samples.items()}
    for name in ("plan", "expression"):
        ratios = [b / a for a, b in zip(samples["single"], samples[name], strict=True)]
        figures[f"{name}_ratio"] = round(statistics.median(ratios), 3)
    return figures


CHILD = """
import sys
sys.path.insert(0, sys.argv[4])  # bench/: the same texts as the wall-time runs
from plan_overhead import texts
from instrux import Engine
from instrux.plans.shapes import PlanShapes
engine = Engine(load_entry_points=False, disable_builtins=["semantic"],
                prefer_executor_kind="python")
if sys.argv[3] == "long":
    engine._decider.shapes = PlanShapes(size=0)
for text in texts(sys.argv[1], int(sys.argv[2]) + 50):
    engine.run(text)  # the first 50 warm up: templates compiled, the shape seen
"""


def _callgrind(script: Path, form: str, calls: int, way: str) -> int:
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           sys.executable, str(script), form, str(calls), way,
                           str(Path(__file__).resolve().parent)],
                          check=True, capture_output=True, text=True)  # fmt: skip
    found = re.search(r"Collected : ([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def count_instructions(calls: int = 100) -> dict[str, float]:
    """Instructions per run of each form (templates only, Python executors), see above."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "child.py"
        script.write_text(CHILD)
        for name, form, way in (("single", SINGLE, "shapes"), ("plan", TWO_STEPS, "shapes"),
                                ("expression", EXPRESSION, "shapes"),
                                ("plan_long_way", TWO_STEPS, "long")):  # fmt: skip
            spent = _callgrind(script, form, calls, way) - _callgrind(script, form, 0, way)
            figures[f"{name}_instructions"] = round(spent / calls)
    for name in ("plan", "expression", "plan_long_way"):
        figures[f"{name}_ratio"] = round(
            figures[f"{name}_instructions"] / figures["single_instructions"], 3
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("--number", type=int, default=300)
    parser.add_argument("--semantic", action="store_true", help="Also with the semantic tier.")
    parser.add_argument("--instructions", action="store_true",
                        help="Also count CPU instructions (valgrind callgrind).")  # fmt: skip
    args = parser.parse_args()
    pinned = pin_to_one_core()
    configs = {"templates": ["semantic"]} | ({"semantic": []} if args.semantic else {})
    report: dict[str, object] = {"measured_at": measured_at(), "machine": machine(),
                                 "pinned": pinned, "goal_ratio": GOAL}  # fmt: skip
    configs["templates, long way"] = ["semantic"]
    for name, disabled in configs.items():
        engine = Engine(load_entry_points=False, disable_builtins=disabled,
                        prefer_executor_kind="python")  # fmt: skip
        if name == "templates, long way":
            engine._decider.shapes = PlanShapes(size=0)
        number = max(args.number // 10, 10) if name == "semantic" else args.number
        report[name] = measure(engine, number, args.repeat)
    if args.instructions:
        report["instructions"] = count_instructions()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "plan_overhead.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"# Plan overhead ({report['measured_at']}, {report['machine']}, {pinned})", "",
             "| tiers | single run (us) | two-step plan (us) | ratio | expression (us) | ratio "
             "| run_plan only (us) |", "|---|---|---|---|---|---|---|"]  # fmt: skip
    for name in configs:
        f = report[name]
        assert isinstance(f, dict)
        cells = [f["single_us"], f["plan_us"], f"{f['plan_ratio']}x", f["expression_us"],
                 f"{f['expression_ratio']}x", f["run_plan_us"]]  # fmt: skip
        lines.append(f"| {name} | " + " | ".join(map(str, cells)) + " |")
    counted = report.get("instructions")
    if isinstance(counted, dict):
        lines += ["", "| CPU instructions per run (callgrind, templates) | single | two-step plan "
                  "| ratio | expression | ratio | two-step plan, long way | ratio |",
                  "|---|---|---|---|---|---|---|---|",
                  f"| | {counted['single_instructions']} | {counted['plan_instructions']} | "
                  f"{counted['plan_ratio']}x | {counted['expression_instructions']} | "
                  f"{counted['expression_ratio']}x | {counted['plan_long_way_instructions']} | "
                  f"{counted['plan_long_way_ratio']}x |"]  # fmt: skip
    lines.append(f"\nGoal: two-step plan at most {GOAL}x a single template-routed run.")
    (RESULTS / "plan_overhead.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
