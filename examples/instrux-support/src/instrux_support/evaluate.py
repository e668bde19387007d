"""``instrux support eval``: the published StackFAQ protocol, and refusal calibration.

Protocol (BERT-FAQ's, on StackFAQ): the FAQ items are the (question, answer) pairs; every pair
of a query's thread is relevant. The rephrasings of each thread are split into train and test
with a fixed seed (:func:`split_rephrasings`); the head learns from the train rephrasings
only, the metrics are on the test rephrasings. The fusion weights and the refusal threshold
are chosen on a second split of the *train* rephrasings (fit / validation), never on the test
ones: weights by validation MAP, the threshold so that at most ``max_refused`` of the
validation rephrasings are refused while refusing as many calibration off-topic questions as
possible. The off-topic test set is read once, at the end, and never used to choose anything.
"""

from __future__ import annotations

import contextlib
import math
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, Field

from instrux_support.index import Fusion, build_index, load_index, train_phrasing_head
from instrux_support.metrics import ranking_metrics
from instrux_support.models import FaqEntry
from instrux_support.retrieve import Retriever, Scores

if TYPE_CHECKING:
    from instrux.models import Encoder

__all__ = ["EvalReport", "evaluate", "split_rephrasings"]

BM25_WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3)
HEAD_WEIGHTS = (0.25, 0.5, 1.0, 2.0)
METHODS = ("bm25", "dense", "hybrid", "hybrid+head")


class EvalReport(BaseModel):
    """What ``instrux support eval --json`` prints."""

    protocol: dict[str, Any]
    methods: dict[str, dict[str, float]] = Field(
        description="Per method: MAP, P@1, P@5, NDCG@10, MRR (pair level) and thread_p@1."
    )
    fusion: dict[str, float]
    validation_map: dict[str, dict[str, float]] = Field(
        description="Validation MAP of every fusion weight tried (how the weights were chosen)."
    )
    threshold: float
    refusal: dict[str, Any]
    latency_ms: dict[str, float]
    later_entries: dict[str, Any] = Field(
        description="Entries the head never saw (a tenth of the threads, their rephrasings "
        "left out of its training): metrics on their test rephrasings."
    )


@dataclass(frozen=True)
class Query:
    text: str
    group: str


def split_rephrasings(
    entries: Sequence[FaqEntry], *, test_share: float, seed: int
) -> tuple[list[FaqEntry], list[Query]]:
    """Split each thread's rephrasings: ``round(n * test_share)`` go to test, the rest stay
    on the entries (train). Per thread, the sorted rephrasings are shuffled by
    ``random.Random(f"{seed}/{thread}")``, so a thread's split never depends on the others."""
    by_group: dict[str, tuple[set[str], set[str]]] = {}
    for entry in entries:
        if entry.group in by_group:
            continue
        shuffled = sorted(set(entry.rephrasings))
        random.Random(f"{seed}/{entry.group}").shuffle(shuffled)
        n_test = round(len(shuffled) * test_share)
        by_group[entry.group] = (set(shuffled[n_test:]), set(shuffled[:n_test]))
    train = [
        e.model_copy(
            update={"rephrasings": tuple(r for r in e.rephrasings if r in by_group[e.group][0])}
        )
        for e in entries
    ]
    test = [Query(text, group) for group, (_, held) in by_group.items() for text in sorted(held)]
    return train, test


def evaluate(
    entries: Sequence[FaqEntry],
    encoder: Encoder,
    *,
    seed: int = 0,
    test_share: float = 0.5,
    calibration_offtopic: Sequence[str] = (),
    offtopic: Sequence[str] = (),
    max_refused: float = 0.02,
) -> EvalReport:
    """Run the whole protocol (see the module docstring) and return the report."""
    train, test = split_rephrasings(entries, test_share=test_share, seed=seed)
    fit, val = split_rephrasings(train, test_share=0.5, seed=seed + 1)
    with tempfile.TemporaryDirectory(prefix="instrux-support-eval-") as tmp:
        tuned = _retriever(fit, encoder, Path(tmp) / "fit", seed)
        val_scores = _all_scores(tuned, val)
        fusion, grid = _choose_fusion(tuned, val, val_scores)
        threshold, calibration = _choose_threshold(
            tuned, val_scores, fusion, calibration_offtopic, max_refused
        )
        no_head = Fusion(fusion.bm25, 0.0)
        calibration["threshold_without_head"] = round(
            _choose_threshold(tuned, val_scores, no_head, calibration_offtopic, max_refused)[0], 4
        )
        final = _retriever(train, encoder, Path(tmp) / "train", seed, fusion, threshold)
        test_scores = _all_scores(final, test)
        methods = {m: _method_metrics(final, test, test_scores, m, fusion) for m in METHODS}
        refusal = {
            "in_scope_refused": _refused_share(test_scores, fusion, threshold),
            "in_scope_count": len(test),
            **_offtopic_refusal(final, offtopic, fusion, threshold),
            "calibration": calibration,
        }
        latency = _latency(final, [q.text for q in test])
        later = _later_entries(train, test, encoder, Path(tmp) / "later", seed, fusion)
    protocol = {
        "faq_pairs": len(entries),
        "threads": len({e.group for e in entries}),
        "train_rephrasings": sum(len(v) for v in _group_rephrasings(train).values()),
        "test_rephrasings": len(test),
        "seed": seed,
        "test_share": test_share,
        "split": "per thread: sorted rephrasings shuffled by random.Random(f'{seed}/{thread}'), "
        "the first round(n * test_share) are test",
        "tuning": "fusion weights and threshold on a second split (seed + 1, half) of the train "
        "rephrasings; the head of the reported numbers is trained on all train rephrasings",
        "relevance": "every (question, answer) pair of the query's thread",
        "encoder": encoder.name,
    }
    return EvalReport(
        protocol=protocol,
        methods=methods,
        fusion={"bm25": fusion.bm25, "head": fusion.head},
        validation_map=grid,
        threshold=round(threshold, 4),
        refusal=refusal,
        latency_ms=latency,
        later_entries=later,
    )


def _group_rephrasings(entries: Sequence[FaqEntry]) -> dict[str, tuple[str, ...]]:
    return {e.group: e.rephrasings for e in entries}


def _retriever(
    entries: Sequence[FaqEntry],
    encoder: Encoder,
    dest: Path,
    seed: int,
    fusion: Fusion | None = None,
    threshold: float = 0.0,
) -> Retriever:
    head = train_phrasing_head(entries, encoder, seed=seed)
    build_index(entries, encoder, dest, head=head, fusion=fusion, threshold=threshold)
    return Retriever(load_index(dest), encoder)


def _all_scores(retriever: Retriever, queries: Sequence[Query]) -> list[Scores]:
    vectors = retriever.embed([q.text for q in queries])
    n = len(retriever.index.entries)
    return [
        retriever.scores(q.text, v, candidates=n) for q, v in zip(queries, vectors, strict=True)
    ]


def _ranked(scores: Scores, method: str, fusion: Fusion) -> Any:
    values = {
        "bm25": scores.bm25,
        "dense": scores.dense,
        "hybrid": Fusion(bm25=fusion.bm25, head=0.0).fuse(scores.dense, scores.bm25_share, 0.0),
        "hybrid+head": scores.fused(fusion),
    }[method]
    return np.argsort(-values, kind="stable")


def _method_metrics(
    retriever: Retriever,
    queries: Sequence[Query],
    scores: list[Scores],
    method: str,
    fusion: Fusion,
) -> dict[str, float]:
    groups = np.asarray([e.group for e in retriever.index.entries])
    orders = [_ranked(s, method, fusion) for s in scores]
    relevance = [groups == q.group for q in queries]
    metrics = ranking_metrics(orders, relevance)
    metrics["thread_p@1"] = round(
        float(np.mean([r[o[0]] for o, r in zip(orders, relevance, strict=True)])), 4
    )
    return metrics


def _choose_fusion(
    retriever: Retriever, val: Sequence[Query], scores: list[Scores]
) -> tuple[Fusion, dict[str, dict[str, float]]]:
    """The BM25 weight by validation MAP of ``hybrid``, then the head weight by that of
    ``hybrid+head`` (the first best in grid order: the smaller weight on a tie); and every
    validation MAP of the grid, for the report."""

    def val_map(fusion: Fusion, method: str) -> float:
        return _method_metrics(retriever, val, scores, method, fusion)["map"]

    hybrid = {w: val_map(Fusion(w, 0.0), "hybrid") for w in BM25_WEIGHTS}
    bm25 = max(BM25_WEIGHTS, key=lambda w: (hybrid[w], -w))
    with_head = {w: val_map(Fusion(bm25, w), "hybrid+head") for w in HEAD_WEIGHTS}
    head = max(HEAD_WEIGHTS, key=lambda w: (with_head[w], -w))
    grid = {"hybrid_by_bm25_weight": {str(w): m for w, m in hybrid.items()},
            "hybrid+head_by_head_weight": {str(w): m for w, m in with_head.items()}}  # fmt: skip
    return Fusion(bm25=bm25, head=head), grid


def _choose_threshold(
    retriever: Retriever,
    val_scores: list[Scores],
    fusion: Fusion,
    offtopic: Sequence[str],
    max_refused: float,
) -> tuple[float, dict[str, Any]]:
    inside = np.sort([float(s.fused(fusion).max()) for s in val_scores])
    outside = np.asarray([_best(retriever, t, fusion) for t in offtopic])
    # The highest threshold that refuses at most max_refused of the validation rephrasings ...
    threshold = float(inside[math.floor(max_refused * len(inside))]) if len(inside) else 0.0
    below = outside[outside < threshold] if len(outside) else outside
    if len(below):  # ... lowered half-way to the highest off-topic score it still refuses
        threshold = (threshold + float(below.max())) / 2
    return threshold, {
        "in_scope_val_count": len(inside),
        "in_scope_val_refused": float(np.mean(inside < threshold)) if len(inside) else 0.0,
        "offtopic_calibration_count": len(outside),
        "offtopic_calibration_refused": float(np.mean(outside < threshold))
        if len(outside)
        else None,
        "max_refused": max_refused,
    }


def _best(retriever: Retriever, text: str, fusion: Fusion) -> float:
    vector = retriever.embed([text])[0]
    return float(retriever.scores(text, vector).fused(fusion).max())


def _refused_share(scores: list[Scores], fusion: Fusion, threshold: float) -> float:
    return round(float(np.mean([s.fused(fusion).max() < threshold for s in scores])), 4)


def _offtopic_refusal(
    retriever: Retriever, offtopic: Sequence[str], fusion: Fusion, threshold: float
) -> dict[str, Any]:
    if not offtopic:
        return {"offtopic_refused": None, "offtopic_count": 0}
    best = [_best(retriever, text, fusion) for text in offtopic]
    return {
        "offtopic_refused": round(float(np.mean(np.asarray(best) < threshold)), 4),
        "offtopic_count": len(offtopic),
    }


def _latency(retriever: Retriever, texts: Sequence[str]) -> dict[str, float]:
    """Per query, one at a time, the whole path (embed, three scores, fuse, answer or refuse),
    and the part after the sentence encoder (what this package adds to an encoder call)."""
    from instrux import NoMatchError

    whole, after_encoder = [], []
    for text in texts:
        start = time.perf_counter()
        vector = retriever.embed([text])[0]
        embedded = time.perf_counter()
        with contextlib.suppress(NoMatchError):  # a refusal is an answer too
            retriever.answer(text, ranking=retriever.rank(text, vector=vector))
        end = time.perf_counter()
        whole.append((end - start) * 1000)
        after_encoder.append((end - embedded) * 1000)
    return {
        "p50": round(float(np.percentile(whole, 50)), 2),
        "p95": round(float(np.percentile(whole, 95)), 2),
        "p50_after_encoder": round(float(np.percentile(after_encoder, 50)), 3),
        "queries": len(whole),
    }


def _later_entries(
    train: Sequence[FaqEntry],
    test: Sequence[Query],
    encoder: Encoder,
    dest: Path,
    seed: int,
    fusion: Fusion,
) -> dict[str, Any]:
    """Entries added after the head was trained: a tenth of the threads (``random.Random(
    seed)``) stay in the index but their questions and rephrasings are not in the head's
    training; they can only be found by retrieval. Metrics on their test rephrasings."""
    groups = sorted({e.group for e in train})
    later = set(random.Random(seed).sample(groups, max(1, len(groups) // 10)))
    head = train_phrasing_head([e for e in train if e.group not in later], encoder, seed=seed)
    build_index(train, encoder, dest, head=head, fusion=fusion, threshold=0.0)
    retriever = Retriever(load_index(dest), encoder)
    queries = [q for q in test if q.group in later]
    scores = _all_scores(retriever, queries)
    return {
        "threads": len(later),
        "queries": len(queries),
        **{
            m: _method_metrics(retriever, queries, scores, m, fusion)
            for m in ("dense", "hybrid+head")
        },
    }
