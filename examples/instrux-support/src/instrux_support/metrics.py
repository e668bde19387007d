"""Ranking metrics of FAQ retrieval with binary relevance (all pairs of the query's thread).

Each takes the ranked rows (best first, every entry) and a boolean relevance per row.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["average_precision", "ndcg_at", "precision_at", "ranking_metrics", "reciprocal_rank"]


def average_precision(order: Any, relevant: Any) -> float:
    hits = np.asarray(relevant)[np.asarray(order)]
    if not hits.any():
        return 0.0
    ranks = np.flatnonzero(hits) + 1
    return float(np.mean(np.arange(1, len(ranks) + 1) / ranks))


def precision_at(order: Any, relevant: Any, k: int) -> float:
    return float(np.asarray(relevant)[np.asarray(order)[:k]].sum() / k)


def reciprocal_rank(order: Any, relevant: Any) -> float:
    hits = np.flatnonzero(np.asarray(relevant)[np.asarray(order)])
    return 1.0 / (hits[0] + 1) if len(hits) else 0.0


def ndcg_at(order: Any, relevant: Any, k: int) -> float:
    gains = np.asarray(relevant)[np.asarray(order)[:k]].astype(float)
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    ideal = discounts[: min(int(np.asarray(relevant).sum()), k)].sum()
    return float((gains * discounts[: len(gains)]).sum() / ideal) if ideal > 0 else 0.0


def ranking_metrics(orders: list[Any], relevance: list[Any]) -> dict[str, float]:
    """Means over queries: MAP, P@1, P@5, NDCG@10, MRR."""
    rows = [
        (
            average_precision(o, r),
            precision_at(o, r, 1),
            precision_at(o, r, 5),
            ndcg_at(o, r, 10),
            reciprocal_rank(o, r),
        )
        for o, r in zip(orders, relevance, strict=True)
    ]
    means = np.mean(np.asarray(rows), axis=0) if rows else [math.nan] * 5
    return {
        name: round(float(v), 4)
        for name, v in zip(("map", "p@1", "p@5", "ndcg@10", "mrr"), means, strict=True)
    }
