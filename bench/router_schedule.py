"""The router head's schedule on few-shot data: the former fixed one against the scaled one.

CLINC150, 10 training rows per intent (1,500 rows, 150 intents) drawn with
``random.Random(seed)`` per draw; a linear head on frozen MiniLM embeddings; in-scope test
accuracy without rejection (4,500 rows). ``fixed``: batch 256 and 60 epochs (360 steps, the
former defaults); ``scaled``: the router's preset, ``router_head_config("linear")`` (batch 150,
epochs until 1,000 steps). Both on the same embeddings in one run. Usage::

    python bench/router_schedule.py [--draws 3] [--data ../shared/data/clinc150/data_full.json]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
from _common import loaded_encoder  # bench/ is on sys.path

from instrux.heads.router import router_head_config
from instrux.heads.train import fit_on_vectors
from instrux.models.vectors import cached_vectors

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "clinc150" / "data_full.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    encoder = loaded_encoder()
    # min_batches=0 keeps the batch at 256 and min_steps=0 the 60 epochs: the former schedule.
    configs = {
        "fixed": router_head_config("linear", min_batches=0, min_steps=0),
        "scaled": router_head_config("linear"),
    }
    data = json.loads(args.data.read_text(encoding="utf-8"))
    intents = sorted({i for _, i in data["train"]})
    index = {name: k for k, name in enumerate(intents)}
    test_x = cached_vectors(encoder, [t for t, _ in data["test"]])
    test_y = np.array([index[i] for _, i in data["test"]])
    by_intent: dict[str, list[str]] = {}
    for text, intent in data["train"]:
        by_intent.setdefault(intent, []).append(text)
    for seed in range(args.draws):
        rng = random.Random(seed)
        rows = [(t, i) for i in intents for t in rng.sample(by_intent[i], 10)]
        x = cached_vectors(encoder, [t for t, _ in rows])
        y = np.array([index[i] for _, i in rows])
        out = {}
        for name, cfg in configs.items():
            started = time.perf_counter()
            weight, bias = fit_on_vectors(x, y, len(intents), cfg)
            seconds = time.perf_counter() - started
            plan = (cfg.batch_for(len(x)), cfg.epochs_for(len(x), head_only=True))
            accuracy = float(((test_x @ weight.T + bias).argmax(1) == test_y).mean())
            out[name] = {"accuracy": round(accuracy * 100, 2), "batch_epochs": plan, "s": seconds}
        print(seed, json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
