"""Few-shot SST-2: 8 labelled examples per class, mean accuracy over random draws.

Each draw trains an instrux head in SetFit style (``--mode setfit``: contrastive pairs tune
the encoder, then a linear head; ``--mode linear``: a linear head on frozen embeddings),
exports it to ONE ONNX graph and scores the graph on SST-2 test (1,821 sentences). The
encoder is all-MiniLM-L6-v2 unless ``--encoder`` names another registered one
(all-mpnet-base-v2). With ``--setfit`` the setfit library runs on the same draws with the same
local encoder, side by side in the same process (``pip install 'instrux[compare]'``). Writes
bench/results/heads_fewshot.json (or ``--out``).

    nice -n 10 python bench/heads_fewshot.py --data ../shared/data/sst2 [--draws 5] [--setfit]
    nice -n 10 python bench/heads_fewshot.py --encoder all-mpnet-base-v2 --mode linear \
        --out bench/results/heads_fewshot_mpnet_linear.json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import MINILM, encoder_folder, machine, measured_at, training_encoder

from instrux.heads.build import HeadRecipe, build_head
from instrux.heads.config import HeadTrainConfig, Mode
from instrux.train.benchmarks import load_sst2
from instrux.train.data import LabelledSplits
from instrux.train.progress import Watcher

RESULTS = Path(__file__).parent / "results" / "heads_fewshot.json"


def draw(train: list[tuple[str, str]], per_class: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    rows: list[tuple[str, str]] = []
    for label in sorted({label for _, label in train}):
        rows += rng.sample([r for r in train if r[1] == label], per_class)
    return rows


def run_instrux(
    rows: list[tuple[str, str]], test: list[tuple[str, str]], seed: int, mode: Mode, encoder: str
) -> dict[str, Any]:
    data = LabelledSplits("sst2-draw", {"train": rows, "test": test})
    cfg = HeadTrainConfig(mode=mode, val_fraction=0.0, seed=seed)
    with tempfile.TemporaryDirectory() as folder, Watcher(progress=False) as watcher:
        started, cpu_started = time.perf_counter(), time.process_time()
        metrics = build_head(
            data,
            cfg,
            HeadRecipe("text.sentiment"),
            Path(folder) / "head",
            encoder=training_encoder(encoder),
            watcher=watcher,
        )
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    return {
        "accuracy": metrics["eval"]["test"]["accuracy"],
        "train_seconds": metrics["training"]["seconds"],
        "train_export_eval_seconds": round(total, 1),
        "train_export_eval_cpu_seconds": round(cpu, 1),
        "macro_f1": metrics["eval"]["test"].get("macro_f1"),
        "eval_seconds": metrics["eval"]["test"]["seconds"],
    }


def run_setfit(
    rows: list[tuple[str, str]], test: list[tuple[str, str]], seed: int, encoder: str
) -> dict[str, Any]:
    from datasets import Dataset
    from setfit import SetFitModel, Trainer, TrainingArguments

    model = SetFitModel.from_pretrained(str(encoder_folder(encoder)))
    train = Dataset.from_dict({"text": [t for t, _ in rows], "label": [label for _, label in rows]})
    with tempfile.TemporaryDirectory() as folder:  # its checkpoints, not in the working tree
        args = TrainingArguments(
            output_dir=folder, batch_size=16, num_iterations=20, num_epochs=1, seed=seed
        )
        trainer = Trainer(model=model, args=args, train_dataset=train)
        started = time.perf_counter()
        trainer.train()
        seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted = model.predict([t for t, _ in test])
    return {
        "accuracy": sum(str(p) == y for p, (_, y) in zip(predicted, test, strict=True)) / len(test),
        "train_seconds": round(seconds, 1),
        "eval_seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/sst2"))
    parser.add_argument("--draws", type=int, default=5)
    parser.add_argument("--per-class", type=int, default=8)
    parser.add_argument("--setfit", action="store_true", help="also run the setfit library")
    parser.add_argument("--encoder", default=MINILM, help="a registered trainable encoder")
    parser.add_argument("--mode", choices=["setfit", "linear"], default="setfit")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not (args.data / "stsa.binary.train").exists():
        sys.exit(f"SST-2 is not at {args.data}")
    import torch

    torch.set_num_threads(1)
    sst2 = load_sst2(args.data)
    test = sst2.split("test")
    ours = f"instrux_{args.mode}_mode"
    runs: dict[str, list[dict[str, Any]]] = {ours: [], "setfit_library": []}
    for seed in range(args.draws):
        rows = draw(sst2.split("train"), args.per_class, seed)
        runs[ours].append(run_instrux(rows, test, seed, args.mode, args.encoder))
        if args.setfit:
            runs["setfit_library"].append(run_setfit(rows, test, seed, args.encoder))
        print(seed, {k: v[-1] for k, v in runs.items() if v}, file=sys.stderr, flush=True)
    summary = {name: _summary(r) for name, r in runs.items() if r}
    result = {
        "measured_at": measured_at(),
        "machine": machine(),
        "encoder": args.encoder,
        "mode": args.mode,
        "draws": args.draws,
        "per_class": args.per_class,
        "test_rows": len(test),
        "summary": summary,
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    accuracies = [r["accuracy"] for r in runs]
    return {
        "mean_accuracy": round(statistics.mean(accuracies), 4),
        "stdev_accuracy": round(statistics.stdev(accuracies), 4) if len(runs) > 1 else 0.0,
        "median_train_seconds": statistics.median(r["train_seconds"] for r in runs),
    }


if __name__ == "__main__":
    main()
