"""Engine.run cost in CPU instructions (valgrind callgrind): deterministic where time is noisy.

On a shared machine wall-clock timings of a ~40 us call vary by 2x from run to run; the number
of instructions does not. This script counts the instructions of ``Engine.run`` on
template-routed arithmetic (exact Python executors) for this tree and, with ``--baseline
REF``, for a git revision checked out into a temporary worktree, and reports both and their
ratio. Each count is (run with N calls) - (run with 0 calls), divided by N, so start-up and
imports cancel out. Needs ``valgrind`` (Debian package); takes about a minute per tree.

    python bench/engine_instructions.py --baseline e5f4b1d
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, baseline_worktree, machine, measured_at

RESULTS = ROOT / "bench" / "results"
TEXTS = ("what is 3 plus 5", "add 3 and 5", "12 + 30", "the product of 6 and 7", "square of 12")
CHILD = """
import sys
from instrux import Engine
engine = Engine(load_entry_points=False, prefer_executor_kind="python")
texts = {texts!r}
for _ in range(200):
    for text in texts:
        engine.run(text)
for _ in range(int(sys.argv[1])):
    for text in texts:
        engine.run(text)
"""


def instructions(src: Path, calls: int) -> int:
    """Instructions callgrind counts for the child script with ``calls`` rounds of TEXTS."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(CHILD.format(texts=TEXTS))
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, script.name, str(calls)],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(src)},
    )  # fmt: skip
    found = re.search(r"Collected : ([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_run(src: Path, calls: int) -> float:
    return (instructions(src, calls) - instructions(src, 0)) / (calls * len(TEXTS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", metavar="REF", help="git revision to compare with")
    parser.add_argument("--calls", type=int, default=400, help="rounds of the five texts")
    args = parser.parse_args()
    results: dict[str, object] = {"texts": TEXTS, "calls": args.calls}
    results["instructions_per_run"] = round(per_run(ROOT / "src", args.calls))
    if args.baseline:
        with baseline_worktree(args.baseline) as tree:
            base = per_run(tree / "src", args.calls)
        results.update(
            baseline=args.baseline,
            baseline_instructions_per_run=round(base),
            ratio_vs_baseline=round(float(results["instructions_per_run"]) / base, 3),  # type: ignore[arg-type]
        )
    results.update(measured_at=measured_at(), machine=machine())
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "engine_instructions.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
