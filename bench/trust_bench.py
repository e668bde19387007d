"""What verification costs: semantic routes with and without the word check, on one core.

All in one run, pinned to one core, ONNX Runtime on one thread (fp32 encoder), medians over
many repetitions, on the paraphrases of the trust development set (``tests/data/trust``,
dev split) that the template tier does not match:

- ``encode``: the encoder alone on one text (tokenize + encode), the floor of any route;
- ``decide``: the encoder's decision (delexicalised text, nearest examples, thresholds);
- ``route``: the semantic tier's full route: the decision, then the verification of its
  candidates (word accounting, role alignment, argument validation) - what ``Engine.parse``
  pays in that tier;
- ``verify_only``: the verification alone, on decisions made beforehand;
- ``template``: ``Engine.parse`` of texts the template tier matches, for contrast.

The texts: the dev paraphrases, role phrasings and near misses that reach the semantic tier
(answered by it, or refused with its candidates).

Reports p50 per text and the ratios route/decide and route/encode. Writes
``bench/results/trust_bench.json``. Usage: ``python bench/trust_bench.py [--repeat 15]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("INSTRUX_ORT_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from _common import machine, measured_at, parse_or_refuse, pin_to_one_core  # bench/ is on sys.path

from instrux import Engine, InstruxError
from instrux.semantic.arguments import delexicalize
from instrux.semantic.tier import ExampleTier, conclude
from instrux.settings import load_settings
from instrux.trust import default_cases_dir, load_cases

RESULTS = Path(__file__).resolve().parent / "results"
TEMPLATE_TEXTS = ("what is 3 plus 5", "add 3 and 5", "12 + 30", "the product of 6 and 7")


def per_text_ms(fn: object, texts: list[str], repeat: int) -> float:
    """Median over ``repeat`` passes of the mean time per text, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            fn(text)  # type: ignore[operator]
        samples.append((time.perf_counter() - start) / len(texts) * 1e3)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    pinned = pin_to_one_core()
    fp32 = load_settings().model_copy(update={"semantic_int8": False})
    engine = Engine(settings=fp32, load_entry_points=False, prefer_executor_kind="python")
    # The tier the built-in plugin builds: the registry's examples on the engine's encoder.
    tier = ExampleTier(engine.registry, engine.encoder())
    kinds = ("paraphrase", "roles", "near_miss")
    cases = [c for c in load_cases(default_cases_dir(), ("dev",)) if c.kind in kinds]
    texts = []
    for case in cases:
        try:
            if engine.parse(case.text).route.tier == "semantic":
                texts.append(case.text)
        except InstruxError as err:  # refused: by the semantic tier when it had candidates
            if any(c.tier == "semantic" for c in getattr(err, "candidates", [])):
                texts.append(case.text)
    decided = {text: tier.decide(text) for text in texts}

    def verify(text: str) -> None:
        decision, template = decided[text]
        conclude(decision, text, engine.registry, template)

    def route(text: str) -> None:
        decision, template = tier.decide(text)
        conclude(decision, text, engine.registry, template)

    timings = {
        "encode": per_text_ms(lambda t: tier.encoder.encode([delexicalize(t)]), texts, args.repeat),
        "decide": per_text_ms(tier.decide, texts, args.repeat),
        "route": per_text_ms(route, texts, args.repeat),
        "verify_only": per_text_ms(verify, texts, args.repeat),
        "parse_semantic": per_text_ms(lambda t: parse_or_refuse(engine, t), texts, args.repeat),
        "template_parse": per_text_ms(engine.parse, list(TEMPLATE_TEXTS) * 50, args.repeat),
    }
    report = {
        "measured_at": measured_at(),
        "machine": machine(),
        "pinned": pinned,
        "texts": len(texts),
        "p50_ms_per_text": {k: round(v, 4) for k, v in timings.items()},
        "ratios": {
            "route/decide": round(timings["route"] / timings["decide"], 3),
            "route/encode": round(timings["route"] / timings["encode"], 3),
        },
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "trust_bench.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
