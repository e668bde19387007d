"""Planning overhead: a two-step plan against one template-routed instruction, in one run.

Measured in the same process, pinned to one core, as medians of many repetitions:

- ``single``: ``Engine.run("add 4 and 6")``, one template-routed call (the baseline);
- ``plan``: ``Engine.run("add 4 and 6, then divide the result by 5")``: the whole text fails
  routing, the planners split it, route each part (the second twice, for its placeholder),
  compile the graph and run two steps;
- ``expression``: ``Engine.run("what is 2 plus 2 times 3")`` (the expression planner);
- ``run_plan``: ``Engine.run_plan`` of the planned two steps (no planning: execution only).

Both with the exact Python executors, so the figures are the engine's own work. The goal is
``plan`` at most 3x ``single``. With ``--semantic`` the semantic tier is loaded as well: the
whole text is then embedded once before the planners are asked (reported separately).

The planners are asked after routing the whole text failed, and on that path the template
tier scores every example against the text for the no-match error's near misses (difflib),
which the plan never shows. The row ``templates, no near misses`` measures the same with that
scoring replaced by an empty list (patched in this process, last): the share of the time it
takes, and what the plan would cost if near misses were computed only when the error is
raised.

With ``--instructions`` the same three texts are also counted in CPU instructions (valgrind
callgrind, deterministic where wall time on a shared machine is not), as
``bench/engine_instructions.py`` does: a child process runs the text N times after a warm-up,
another runs it 0 times, and the difference divided by N is one run (start-up and imports
cancel out). Needs ``valgrind``; about six minutes.

Writes ``bench/results/plan_overhead.json`` and ``.md``. Usage::

    python bench/plan_overhead.py [--repeat 31] [--number 300] [--semantic] [--instructions]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import machine, measured_at, pin_to_one_core, sample_us  # bench/ is on sys.path

from instrux import Engine

RESULTS = Path(__file__).resolve().parent / "results"
SINGLE = "add 4 and 6"
TWO_STEPS = "add 4 and 6, then divide the result by 5"
EXPRESSION = "what is 2 plus 2 times 3"
GOAL = 3.0


def median(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def measure(engine: Engine, number: int, repeat: int) -> dict[str, float]:
    """Medians of interleaved samples; ratios are medians of ratios of neighbouring samples,
    so that a machine whose load changes during the run slows both sides alike."""
    planned = engine.plan(TWO_STEPS)
    runs = {
        "single": lambda: engine.run(SINGLE),
        "plan": lambda: engine.run(TWO_STEPS),
        "expression": lambda: engine.run(EXPRESSION),
        "run_plan": lambda: engine.run_plan(planned),
    }
    for run in runs.values():  # warm: templates compiled, models loaded, shapes routed
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
from instrux import Engine
engine = Engine(load_entry_points=False, disable_builtins=["semantic"],
                prefer_executor_kind="python")
text = sys.argv[1]
for _ in range(50):
    engine.run(text)
for _ in range(int(sys.argv[2])):
    engine.run(text)
"""


def _callgrind(script: Path, text: str, calls: int) -> int:
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           sys.executable, str(script), text, str(calls)],
                          check=True, capture_output=True, text=True)  # fmt: skip
    found = re.search(r"Collected : ([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def count_instructions(calls: int = 100) -> dict[str, float]:
    """Instructions per run of each text (templates only, Python executors), see above."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "child.py"
        script.write_text(CHILD)
        for name, text in (("single", SINGLE), ("plan", TWO_STEPS), ("expression", EXPRESSION)):
            spent = _callgrind(script, text, calls) - _callgrind(script, text, 0)
            figures[f"{name}_instructions"] = round(spent / calls)
    for name in ("plan", "expression"):
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
    configs["templates, no near misses"] = ["semantic"]
    for name, disabled in configs.items():
        if name == "templates, no near misses":
            from instrux.templates import TemplateRouter

            TemplateRouter.near_misses = lambda self, normalized, limit=3: []  # type: ignore[method-assign]
        engine = Engine(load_entry_points=False, disable_builtins=disabled,
                        prefer_executor_kind="python")  # fmt: skip
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
                  "| ratio | expression | ratio |", "|---|---|---|---|---|---|",
                  f"| | {counted['single_instructions']} | {counted['plan_instructions']} | "
                  f"{counted['plan_ratio']}x | {counted['expression_instructions']} | "
                  f"{counted['expression_ratio']}x |"]  # fmt: skip
    lines.append(f"\nGoal: two-step plan at most {GOAL}x a single template-routed run.")
    (RESULTS / "plan_overhead.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
