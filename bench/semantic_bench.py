"""Semantic tier benchmark: latency, throughput, int8 vs fp32, and semantic-router side by side.

All in one run, on one thread (``INSTRUX_ORT_THREADS=1``, ``torch.set_num_threads(1)``), on the
CLINC150 test split (4,500 in-scope + 1,000 out-of-scope utterances):

- ``encoder``: the encoder alone at batch 1 (tokenize + encode) for ONNX Runtime fp32/int8 and,
  when sentence-transformers is installed, torch; ratios against torch;
- ``routing``: the full route of one text (tokenize, encode, score, threshold) with a trained
  router artifact, p50/p95 at batch 1, and batched throughput (32 texts per call, sorted by
  length), fp32 and int8, with accuracy for both (the int8 change in points);
- ``semantic_router``: semantic-router (PyPI) with its ``HuggingFaceEncoder`` on the same local
  MiniLM directory, routes = the CLINC150 training utterances, scored on the same test split:
  accuracy, out-of-scope recall (no threshold, and a threshold set like ours: the confidence
  below which 1 % of in-scope validation queries fall) and latency per query.

Writes ``bench/results/semantic.json`` and ``bench/results/semantic.md``. Usage::

    python bench/semantic_bench.py --artifact DIR [--data-dir ../shared/data] [--sr-sample N]

``--artifact`` is a router from ``instrux train router``; without it a frozen-encoder head is
trained first (about a minute once the embeddings are cached).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("INSTRUX_ORT_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
from _common import MINILM, builtin_registry, encoder_folder, loaded_encoder, training_encoder

from instrux.heads.evaluate import evaluate_router, latency_ms, targets
from instrux.models.load import load_encoder
from instrux.semantic.artifact import RouterArtifact, artifact_int8_graph, load_router_artifact
from instrux.settings import load_settings
from instrux.train.benchmarks import load_named
from instrux.train.data import OOS, LabelledSplits
from instrux.train.metrics import open_set_metrics

RESULTS = Path(__file__).resolve().parent / "results"
REPO = Path(__file__).resolve().parents[1]


def percentiles(timings: list[float]) -> dict[str, float]:
    return {
        "p50_ms": float(np.percentile(timings, 50)),
        "p95_ms": float(np.percentile(timings, 95)),
    }


def bench_encoder(texts: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    settings = load_settings()  # INSTRUX_ORT_THREADS=1 (set above), INSTRUX_CACHE_DIR, ...
    for name, int8 in (("onnx_fp32", False), ("onnx_int8", True)):
        variant = settings.model_copy(update={"semantic_int8": int8})
        encoder = load_encoder(builtin_registry(), variant, MINILM)
        out[name] = percentiles(latency_ms(lambda t, e=encoder: e.encode([t]), texts))
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return out
    torch.set_num_threads(1)
    model = SentenceTransformer(str(encoder_folder()), device="cpu")
    with torch.inference_mode():
        out["torch"] = percentiles(
            latency_ms(lambda t: model.encode([t], normalize_embeddings=True), texts)
        )
    for name in ("onnx_fp32", "onnx_int8"):
        out[name]["p50_vs_torch"] = out[name]["p50_ms"] / out["torch"]["p50_ms"]
    return out


def bench_routing(artifact: RouterArtifact, data: LabelledSplits, samples: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    test = data.split("test")
    int8 = artifact_int8_graph(artifact, cache_dir=load_settings().cache_dir)
    # A ``head`` artifact reads the vectors of the encoder it was built on; a pipeline has it.
    base = loaded_encoder(artifact.encoder_record.name) if artifact.layout == "head" else None
    for name, graph in (("fp32", None), ("int8", int8)):
        encoder = artifact.runner(encoder=base, graph=graph, threads=1)
        report = evaluate_router(
            f"artifact {name}", "clinc150", test, artifact.config["intents"], encoder,
            artifact.router(), latency_samples=samples,
        )  # fmt: skip
        out[name] = report.as_dict()
    out["int8_accuracy_change_points"] = 100 * (
        out["int8"]["in_scope_accuracy"] - out["fp32"]["in_scope_accuracy"]
    )
    out["int8_oos_recall_change_points"] = 100 * (
        out["int8"]["oos_recall"] - out["fp32"]["oos_recall"]
    )
    out["int8_throughput_ratio"] = out["int8"]["throughput_per_s"] / out["fp32"]["throughput_per_s"]
    return out


def bench_semantic_router(data: LabelledSplits, sample: int | None) -> dict[str, Any]:
    """semantic-router 1.1 with the same MiniLM; its public per-query call, one thread."""
    try:
        import torch
        from semantic_router import IndexedRouter, Route
        from semantic_router.encoders import HuggingFaceEncoder
    except ImportError as err:
        return {"skipped": f"semantic-router is not installed ({err})"}
    torch.set_num_threads(1)
    by_intent: dict[str, list[str]] = {}
    for text, intent in data.split("train"):
        if intent != OOS:
            by_intent.setdefault(intent, []).append(text)
    started = time.perf_counter()
    encoder = HuggingFaceEncoder(name=str(encoder_folder()), device="cpu")
    router = IndexedRouter(
        encoder=encoder, routes=[Route(name=n, utterances=u) for n, u in by_intent.items()]
    )
    index_s = time.perf_counter() - started
    test, val = _sample(data.split("test"), sample), _sample(data.split("val"), sample)
    predicted, confidence, timings = _route_all(router, test)
    _, val_confidence, _ = _route_all(router, [r for r in val if r[1] != OOS])
    threshold = float(np.quantile(val_confidence, 0.01))
    intents = sorted(by_intent)
    target = targets(test, intents)
    index = {n: i for i, n in enumerate(intents)}
    labels = np.array([index.get(p, -1) for p in predicted])
    return {
        "version": _version("semantic-router"),
        "index_seconds": index_s,
        "test_rows": len(test),
        "no_threshold": open_set_metrics(labels, target, len(intents)),
        "threshold": threshold,
        "with_threshold": open_set_metrics(
            np.where(confidence >= threshold, labels, -1), target, len(intents)
        ),
        "latency": percentiles(timings),
    }


def _route_all(
    router: Any, rows: list[tuple[str, str]]
) -> tuple[list[str], np.ndarray, list[float]]:
    names, scores, timings = [], [], []
    for text, _ in rows:
        start = time.perf_counter()
        choice = router(text, threshold=0.0)
        timings.append((time.perf_counter() - start) * 1000.0)
        names.append(choice.name or "")
        scores.append(choice.confidence or 0.0)
    return names, np.asarray(scores), timings


def _sample(rows: list[tuple[str, str]], size: int | None) -> list[tuple[str, str]]:
    return rows if not size or size >= len(rows) else rows[:: max(1, len(rows) // size)][:size]


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _artifact(path: Path | None, data: LabelledSplits, folder: str) -> RouterArtifact:
    if path is not None:
        return load_router_artifact(path)
    from instrux.heads.config import RouterConfig
    from instrux.heads.router import router_head_config, train_router
    from instrux.train.progress import Watcher

    out = Path(folder) / "router"
    with Watcher(progress=False) as watcher:
        train_router(data, out, RouterConfig(prefix="clinc150"), router_head_config("linear"),
                     encoder=training_encoder(), watcher=watcher)  # fmt: skip
    return load_router_artifact(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifact", type=Path, default=None)
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--latency-samples", type=int, default=1000)
    parser.add_argument(
        "--sr-sample", type=int, default=0, help="queries per split for semantic-router (0: all)"
    )
    parser.add_argument("--skip-semantic-router", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "semantic.json")
    args = parser.parse_args()
    data = load_named("clinc150", args.data_dir)
    test_texts = [t for t, _ in data.split("test")]
    # The same sample that evaluate_router times, so encoder-alone and routing compare.
    texts = test_texts[:: max(1, len(test_texts) // args.latency_samples)][: args.latency_samples]
    with tempfile.TemporaryDirectory() as folder:
        artifact = _artifact(args.artifact, data, folder)
        results: dict[str, Any] = {
            "machine": {
                "python": platform.python_version(),
                "cpu_count": os.cpu_count(),
                "threads": 1,
            },
            "artifact": str(args.artifact) if args.artifact else "frozen head trained for this run",
            "artifact_settings": artifact.config.get("settings"),
            "encoder": bench_encoder(texts),
            "routing": bench_routing(artifact, data, args.latency_samples),
        }
    if not args.skip_semantic_router:
        results["semantic_router"] = bench_semantic_router(data, args.sr_sample or None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(render(results))
    print(render(results))


def render(results: dict[str, Any]) -> str:
    """The results as a Markdown page (``bench/results/semantic.md``)."""
    lines = ["# Semantic tier benchmark (one thread, CLINC150 test)", ""]
    lines += _encoder_table(results["encoder"]) + _routing_table(results["routing"])
    sr = results.get("semantic_router")
    if sr and "skipped" not in sr:
        lines += _semantic_router_table(sr)
    return "\n".join(lines) + "\n"


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _encoder_table(enc: dict[str, Any]) -> list[str]:
    lines = ["## Encoder alone, batch 1", "", _row("backend", "p50 ms", "p95 ms", "p50 vs torch")]
    lines.append(_row("---", "---", "---", "---"))
    for name, r in enc.items():
        ratio = f"{r['p50_vs_torch']:.2f}" if "p50_vs_torch" in r else "1"
        lines.append(_row(name, f"{r['p50_ms']:.2f}", f"{r['p95_ms']:.2f}", ratio))
    return [*lines, ""]


def _routing_table(routing: dict[str, Any]) -> list[str]:
    head = ("graph", "in-scope acc", "OOS recall", "OOS precision", "macro-F1", "p50 ms", "p95 ms")
    lines = ["## Routing one text (tokenize, encode, score)", "", _row(*head, "batched texts/s")]
    lines.append(_row(*["---"] * 8))
    for name in ("fp32", "int8"):
        r = routing[name]
        pct = [f"{100 * r[k]:.2f}" for k in ("in_scope_accuracy", "oos_recall", "oos_precision")]
        lat = [f"{r['latency_ms_p50']:.2f}", f"{r['latency_ms_p95']:.2f}"]
        lines.append(
            _row(name, *pct, f"{100 * r['macro_f1']:.2f}", *lat, f"{r['throughput_per_s']:.0f}")
        )
    lines.append("")
    lines.append(
        f"int8 vs fp32: in-scope accuracy {routing['int8_accuracy_change_points']:+.2f} points, "
        f"OOS recall {routing['int8_oos_recall_change_points']:+.2f} points, "
        f"batched throughput x{routing['int8_throughput_ratio']:.2f}."
    )
    return [*lines, ""]


def _semantic_router_table(sr: dict[str, Any]) -> list[str]:
    title = (
        f"## semantic-router {sr['version']}, same MiniLM (torch), {sr['test_rows']} test queries"
    )
    lines = [title, "", _row("setting", "in-scope acc", "OOS recall", "p50 ms", "p95 ms")]
    lines.append(_row(*["---"] * 5))
    latency = [f"{sr['latency']['p50_ms']:.2f}", f"{sr['latency']['p95_ms']:.2f}"]
    for key, label in (("no_threshold", "no threshold"), ("with_threshold", "threshold (1 % val)")):
        m = sr[key]
        recall = f"{100 * m['oos_recall']:.2f}" if m["oos_recall"] is not None else "-"
        lines.append(_row(label, f"{100 * m['in_scope_accuracy']:.2f}", recall, *latency))
    return [*lines, ""]


if __name__ == "__main__":
    main()
