"""Right / refused / wrong of the engine on tests/data/trust/multi_step.jsonl, per split.

A case is ``{"text", "expect": "plan"|"refuse", "value", "split": "dev"|"heldout"}``. For a
"plan" case, *right* is a value equal to ``value`` (floats within 1e-9), *refused* is an
instrux error, *wrong* is any other value. For a "refuse" case, *right* is an error and
*wrong* is any value. ``--no-semantic`` leaves the semantic tier out (templates only).

    .venv/bin/python bench/plan_eval.py [--no-semantic] [--json] [--show]
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

from instrux import Engine, InstruxError

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "trust" / "multi_step.jsonl"


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def judge(engine: Engine, case: dict[str, Any]) -> tuple[str, Any]:
    """("right" | "refused" | "wrong", what the engine gave)."""
    try:
        value = engine.run(case["text"]).value
    except InstruxError as err:
        return ("right" if case["expect"] == "refuse" else "refused"), err.code
    if case["expect"] == "refuse":
        return "wrong", value
    same = isinstance(value, int | float) and math.isclose(value, case["value"], rel_tol=1e-9)
    return ("right" if same else "wrong"), value


def evaluate(engine: Engine, cases: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    counts: dict[str, Counter[str]] = {}
    misses: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        verdict, got = judge(engine, case)
        for split in (case["split"], "all"):
            counts.setdefault(split, Counter())[verdict] += 1
        if verdict != "right":
            misses.setdefault(case["split"], []).append(
                {"text": case["text"], "verdict": verdict, "got": got}
            )
    return {
        split: {
            "cases": sum(c.values()),
            "right": c["right"],
            "refused": c["refused"],
            "wrong": c["wrong"],
            "right_pct": round(100.0 * c["right"] / max(sum(c.values()), 1), 1),
            "misses": misses.get(split, []) if split != "all" else [],
        }
        for split, c in counts.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="List the cases not right.")
    args = parser.parse_args()
    disabled = ["semantic"] if args.no_semantic else []
    engine = Engine(load_entry_points=False, disable_builtins=disabled)
    report = evaluate(engine, load_cases())
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for split, row in report.items():
        print(f"{split:8} cases {row['cases']:3}  right {row['right']:3} ({row['right_pct']}%)"
              f"  refused {row['refused']:3}  wrong {row['wrong']:3}")  # fmt: skip
        if args.show:
            for miss in row["misses"]:
                print(f"    {miss['verdict']:8} {miss['text']!r} -> {miss['got']!r}")


if __name__ == "__main__":
    main()
