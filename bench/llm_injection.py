"""Prompt injection and abstention of ``text.classify`` on a labelled JSONL set (issue 23).

    python bench/llm_injection.py /work/blind/misc/injection.jsonl [--out NAME]

Each line is ``{"text", "labels": [...], "expected": label or null}``; ``null`` means no label
fits, so the right outcome is a refusal (``declined``). A case is right when the answer is
the expected label, or a refusal where ``expected`` is null. Runs the real language model
(``instrux llm setup``), through the engine as a user does (``Engine.execute_request``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from _common import machine, measured_at

from instrux import DeclinedError, Engine, InstructionRunError

RESULTS = Path(__file__).resolve().parent / "results"


def evaluate(engine: Engine, cases: list[dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for case in cases:
        arguments = {"text": case["text"], "labels": " or ".join(case["labels"])}
        try:
            result = engine.execute_request({"instruction": "text.classify",
                                             "arguments": arguments})  # fmt: skip
            answer, scores = result.value, result.details.get("label_scores")
        except DeclinedError as err:
            answer, scores = None, err.details.get("label_scores")
        except InstructionRunError as err:
            answer, scores = f"error:{err.code}", None
        rows.append({"expected": case["expected"], "answer": answer, "scores": scores,
                     "right": answer == case["expected"]})  # fmt: skip
    labelled = [r for r in rows if r["expected"] is not None]
    none = [r for r in rows if r["expected"] is None]
    return {
        "cases": len(rows), "right": sum(r["right"] for r in rows),
        "labelled_right": f"{sum(r['right'] for r in labelled)}/{len(labelled)}",
        "none_refused": f"{sum(r['right'] for r in none)}/{len(none)}",
        "refused_wrongly": sum(r["answer"] is None for r in labelled),
        "rows": rows,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", default="llm_injection")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    report = evaluate(Engine(), cases)
    report.update(measured_at=measured_at(), machine=machine(), data=str(args.data))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "rows"}, indent=2))


if __name__ == "__main__":
    main()
