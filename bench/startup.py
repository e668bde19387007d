"""Start-up wall time: `instrux --help`, `import instrux` and `Engine()`, medians of N runs.

Start-up is paid by every CLI call and every worker process, and an import that creeps into
it (numpy, networkx, torch) costs tens to hundreds of milliseconds. This script runs each
command N times in fresh interpreters (cwd = the tree, ``PYTHONPATH=src``) for this tree and,
with ``--baseline REF``, for a git revision checked out into a temporary worktree. The trees
are interleaved round-robin, so load on a shared machine hits both alike, and each command
runs once unmeasured first (to write ``__pycache__``). It reports medians and their ratio.

    python bench/startup.py --baseline 7a92e80 --runs 20
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, baseline_worktree, machine, measured_at

RESULTS = ROOT / "bench" / "results"
COMMANDS = {
    "cli_help": ["-m", "instrux.cli.main", "--help"],
    "import_instrux": ["-c", "import instrux"],
    "engine_no_entry_points": ["-c", "from instrux import Engine; Engine(load_entry_points=False)"],
}


def once(tree: Path, args: list[str]) -> float:
    """Wall seconds of one fresh interpreter running ``args`` in ``tree``."""
    env = {**os.environ, "PYTHONPATH": "src"}
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def medians(trees: dict[str, Path], runs: int) -> dict[str, dict[str, float]]:
    """Median seconds per tree and command, the trees and commands interleaved."""
    times: dict[str, dict[str, list[float]]] = {t: {c: [] for c in COMMANDS} for t in trees}
    for tree in trees.values():
        for command in COMMANDS.values():
            once(tree, command)
    for _ in range(runs):
        for name, command in COMMANDS.items():
            for label, tree in trees.items():
                times[label][name].append(once(tree, command))
    return {
        label: {name: round(statistics.median(values), 4) for name, values in per.items()}
        for label, per in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", metavar="REF", help="git revision to compare with")
    parser.add_argument("--runs", type=int, default=20, help="runs of each command per tree")
    args = parser.parse_args()
    results: dict[str, object] = {"runs": args.runs, "commands": COMMANDS}
    if args.baseline:
        with baseline_worktree(args.baseline) as tree:
            found = medians({"this": ROOT, "baseline": tree}, args.runs)
        results.update(
            median_s=found["this"],
            baseline=args.baseline,
            baseline_median_s=found["baseline"],
            ratio_vs_baseline={
                name: round(found["this"][name] / found["baseline"][name], 3) for name in COMMANDS
            },
        )
    else:
        results["median_s"] = medians({"this": ROOT}, args.runs)["this"]
    results.update(loadavg=os.getloadavg(), measured_at=measured_at(), machine=machine())
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "startup.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
