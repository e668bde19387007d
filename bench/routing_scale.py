"""Routing latency as registered examples grow: 100 instructions, 10 vs 100 examples each.

The issue-9 scale goal: ``Engine.parse`` p50 with 10,000 registered examples over 100
instructions at most 1.5x the p50 with 10 examples each. Both engines are built in one run
(random six-word examples from one vocabulary, registered through
:class:`~instrux.heads.intents.DatasetInstructions`, as a user registering a dataset would)
and timed *interleaved*, text by text, so that load from other processes hits both alike.
Texts are half examples with two words changed (routed by the semantic tier) and half random
word sequences (declined), so both the accepting and the refusing path are timed. The
encoder alone (``Encoder.encode`` of the same texts) is reported as the floor of both.

Each round times every text once per engine; the figures are medians over texts, and the
ratio is the median over rounds of the per-round ratio of medians. Writes
``bench/results/routing_scale.json`` and ``.md``. Usage::

    python bench/routing_scale.py [--rounds 7] [--texts 60]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import string
import time
from collections.abc import Callable
from pathlib import Path

from _common import machine, measured_at, pin_to_one_core  # bench/ is on sys.path

from instrux import Engine, InstruxError
from instrux.heads.intents import DatasetInstructions

RESULTS = Path(__file__).resolve().parent / "results"
INSTRUCTIONS = 100
SIZES = (10, 100)  # examples per instruction
GOAL_RATIO = 1.5


def vocabulary(size: int = 3000, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    letters = string.ascii_lowercase
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 8))) for _ in range(size)]


def examples(words: list[str], per_instruction: int) -> dict[str, list[str]]:
    rng = random.Random(1)
    return {
        f"i{n}": [" ".join(rng.choice(words) for _ in range(6)) for _ in range(per_instruction)]
        for n in range(INSTRUCTIONS)
    }


def texts(words: list[str], data: dict[str, list[str]], count: int) -> list[str]:
    """Half perturbed examples of the smaller engine (known to both), half random texts."""
    rng = random.Random(2)
    out = []
    for number in range(count):
        if number % 2:
            out.append(" ".join(rng.choice(words) for _ in range(6)))
            continue
        sentence = rng.choice(data[rng.choice(sorted(data))][: SIZES[0]]).split()
        for position in rng.sample(range(len(sentence)), 2):
            sentence[position] = rng.choice(words)
        out.append(" ".join(sentence))
    return out


def parse_quietly(engine: Engine) -> Callable[[str], object]:
    def parse(text: str) -> object:
        try:
            return engine.parse(text)
        except InstruxError as err:  # a decline is a routing outcome too
            return err

    return parse


def time_ms(fn: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    fn(text)
    return (time.perf_counter() - start) * 1000.0


def measure(rounds: int, count: int) -> dict[str, object]:
    words = vocabulary()
    engines = {
        size: Engine(
            plugins={"scale": DatasetInstructions(examples(words, size), prefix="scale")},
            load_entry_points=False,
        )
        for size in SIZES
    }
    sample = texts(words, examples(words, SIZES[-1]), count)
    started = time.perf_counter()
    for engine in engines.values():  # build indexes, embed examples (cached), warm up
        for text in sample[:10]:
            parse_quietly(engine)(text)
    build_s = time.perf_counter() - started
    encoder = engines[SIZES[0]].encoder()  # the one the engines' semantic tier uses
    routines: dict[str, Callable[[str], object]] = {
        f"{size}_per_instruction": parse_quietly(e) for size, e in engines.items()
    }
    routines["encoder_only"] = lambda text: encoder.encode([text])
    per_round: list[dict[str, float]] = []
    for _ in range(rounds):
        timings: dict[str, list[float]] = {name: [] for name in routines}
        for text in sample:
            for name, routine in routines.items():  # interleaved: same load for each
                timings[name].append(time_ms(routine, text))
        per_round.append({name: statistics.median(t) for name, t in timings.items()})
    small, large = (f"{size}_per_instruction" for size in SIZES)
    accepted = {
        size: sum(not isinstance(parse_quietly(e)(t), InstruxError) for t in sample)
        for size, e in engines.items()
    }
    return {
        "measured_at": measured_at(),
        "machine": machine(),
        "instructions": INSTRUCTIONS,
        "examples": {str(size): size * INSTRUCTIONS for size in SIZES},
        "texts": count,
        "rounds": rounds,
        "accepted_texts": {str(size): n for size, n in accepted.items()},
        "p50_ms": {
            name: round(statistics.median(r[name] for r in per_round), 3) for name in routines
        },
        "ratio_large_to_small": round(statistics.median(r[large] / r[small] for r in per_round), 3),
        "ratio_per_round": [round(r[large] / r[small], 3) for r in per_round],
        "goal_ratio": GOAL_RATIO,
        "first_use_s": round(build_s, 1),
    }


def write(results: dict[str, object], pinned: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "routing_scale.json").write_text(json.dumps(results, indent=2) + "\n")
    p50 = results["p50_ms"]
    assert isinstance(p50, dict)
    lines = [
        "# Routing latency with 1,000 vs 10,000 registered examples (bench/routing_scale.py)",
        "",
        f"{results['measured_at']}, {results['machine']}, {pinned}; "
        f"{results['texts']} texts x {results['rounds']} rounds, interleaved.",
        "",
        "| | p50 ms |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in p50.items()),
        "",
        f"Ratio 10,000 / 1,000 examples (median of per-round ratios): "
        f"**{results['ratio_large_to_small']}** (goal at most {GOAL_RATIO}); "
        f"per round {results['ratio_per_round']}.",
        f"Texts accepted: {results['accepted_texts']}.",
        "",
    ]
    (RESULTS / "routing_scale.md").write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--texts", type=int, default=60)
    args = parser.parse_args()
    pinned = pin_to_one_core()
    results = measure(args.rounds, args.texts)
    write(results, pinned)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
