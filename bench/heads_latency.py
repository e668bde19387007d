"""Head execution latency: one text at a time (tokenization included) and batch throughput.

Pinned to one core, one ORT thread. Baseline in the same run: the bare sentence encoder graph
(what the semantic tier runs per query) on the same texts, so the ratio says what the head and
its softmax add. Writes bench/results/heads_latency.json
(or ``--out``).

    nice -n 10 python bench/heads_latency.py --artifact DIR --texts FILE_OR_SST2_DIR
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from _common import loaded_encoder, machine, measured_at, pin_to_one_core

from instrux.heads.artifact import load_head
from instrux.heads.runtime import HeadModel
from instrux.train.readers import load_any

RESULTS = Path(__file__).parent / "results" / "heads_latency.json"


def per_text_ms(fn: Any, texts: list[str], rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            fn([text])
            timings.append((time.perf_counter() - started) * 1e3)
    return timings


def throughput(fn: Any, texts: list[str], batch: int, rounds: int) -> float:
    """Median texts per second over ``rounds`` passes in batches of ``batch``."""
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        for i in range(0, len(texts), batch):
            fn(texts[i : i + batch])
        rates.append(len(texts) / (time.perf_counter() - started))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--artifact", type=Path, required=True)
    parser.add_argument("--texts", type=Path, default=Path("../shared/data/sst2"))
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args()
    pinned = pin_to_one_core()
    data = load_any(args.texts)
    texts = [t for split in data.splits.values() for t, _ in split][: args.samples]
    artifact = load_head(args.artifact)
    results: dict[str, Any] = {
        "measured_at": measured_at(),
        "machine": machine(),
        "pinned": pinned,
        "texts": len(texts),
        "source": str(args.texts),
        "mean_words": round(statistics.mean(len(t.split()) for t in texts), 1),
    }
    # The encoder the head was built on: a frozen head's graph reads its vectors.
    encoder = loaded_encoder(artifact.encoder.name)
    for int8 in (False, True) if artifact.int8_graph else (False,):
        model = HeadModel.from_artifact(
            artifact, encoder=encoder, int8=int8, threads=1, device="cpu"
        )
        model.predict(texts[:8])  # warm-up
        encoder.encode(texts[:1])
        head = per_text_ms(model.predict, texts, args.rounds)
        base = per_text_ms(encoder.encode, texts, args.rounds)
        name = "int8" if int8 else "fp32"
        results[name] = {
            "p50_ms": round(statistics.median(head), 3),
            "p90_ms": round(statistics.quantiles(head, n=10)[-1], 3),
            "encoder_only_p50_ms": round(statistics.median(base), 3),
            "ratio_head_vs_encoder": round(statistics.median(head) / statistics.median(base), 3),
            "batch32_texts_per_s": round(throughput(model.predict, texts, 32, args.rounds), 1),
        }
        print(name, results[name], flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
