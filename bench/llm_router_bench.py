"""The LLM router tier behind the template and semantic tiers, on a stratified CLINC150 subset.

Two engines over the same instructions (one per intent, 25 training examples each, as
``tests/semantic/test_clinc_subset.py`` builds them, plus the built-ins): the cascade without
the LLM tier, and with it (``llm_router=True``, SmolLM2-135M int8 from ``instrux llm setup``).
For the same test texts it reports in-scope accuracy, out-of-scope recall, *wrong answers*
(a text routed to an instruction that is not its intent: what the first rule forbids) and the
median latency per text, and which tier decided. Intents are every ``--stride``-th of the
sorted 150, so they spread over CLINC's domains. Writes ``bench/results/llm_router.json`` and
``.md``. Usage::

    python bench/llm_router_bench.py [--stride 15] [--per-intent 10] [--oos 50]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _common import machine, measured_at, pin_to_one_core  # bench/ is on sys.path

RESULTS = Path(__file__).resolve().parent / "results"
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def route(engine: Any, text: str) -> tuple[str | None, str | None, float]:
    from instrux import InstructionRunError

    start = time.perf_counter()
    try:
        call = engine.parse(text)
    except InstructionRunError:
        return None, None, (time.perf_counter() - start) * 1000
    return call.instruction, call.route.tier, (time.perf_counter() - start) * 1000


def measure(engine: Any, rows: list[tuple[str, str]]) -> dict[str, Any]:
    from instrux.train.data import OOS

    tiers: Counter[str] = Counter()
    right = wrong = oos_rejected = 0
    times = []
    for text, intent in rows:
        chosen, tier, ms = route(engine, text)
        times.append(ms)
        tiers[tier or "declined"] += 1
        if intent == OOS:
            oos_rejected += chosen is None
            wrong += chosen is not None
        elif chosen == f"clinc.{intent}":
            right += 1
        elif chosen is not None:
            wrong += 1
    in_scope = sum(i != OOS for _, i in rows)
    return {"in_scope_accuracy": round(right / in_scope, 3),
            "oos_recall": round(oos_rejected / max(1, len(rows) - in_scope), 3),
            "wrong_answers": wrong, "texts": len(rows), "decided_by": dict(tiers),
            "median_ms": round(statistics.median(times), 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stride", type=int, default=15)
    parser.add_argument("--per-intent", type=int, default=10)
    parser.add_argument("--oos", type=int, default=50)
    args = parser.parse_args()
    pinned = pin_to_one_core()
    from instrux import Engine, Settings
    from instrux.heads.intents import DatasetInstructions
    from instrux.train.benchmarks import load_named
    from instrux.train.data import OOS

    clinc = load_named("clinc150", DATA)
    intents = set(clinc.intents()[:: args.stride])
    subset = clinc.subset(intents, oos_per_split=args.oos)
    seen: Counter[str] = Counter()
    rows = []
    for text, intent in subset.split("test"):
        if seen[intent] < (args.oos if intent == OOS else args.per_intent):
            seen[intent] += 1
            rows.append((text, intent))
    plugin = DatasetInstructions(subset, prefix="clinc", max_examples=25)
    report: dict[str, Any] = {"measured_at": measured_at(), "machine": machine(),
                              "pinned": pinned, "intents": sorted(intents)}  # fmt: skip
    for name, on in (("without_llm_tier", False), ("with_llm_tier", True)):
        settings = Settings(llm_router=on, device="cpu")
        engine = Engine({"clinc": plugin}, settings=settings, load_entry_points=False,
                        disable_builtins=["arithmetic", "neural"])  # fmt: skip
        report[name] = measure(engine, rows)
        print(name, report[name], flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "llm_router.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"# LLM router tier on CLINC150 ({len(intents)} intents, {report['measured_at']})",
             "", f"{report['machine']}; {pinned}.", ""]  # fmt: skip
    lines += [f"- **{k}**: {json.dumps(v)}" for k, v in report.items() if isinstance(v, dict)]
    (RESULTS / "llm_router.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
