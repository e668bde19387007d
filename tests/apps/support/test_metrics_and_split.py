"""Ranking metrics against hand-computed values, and the seeded per-thread split."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.apps.support.conftest import require_support

require_support()

from instrux_support import FaqEntry  # noqa: E402
from instrux_support.evaluate import split_rephrasings  # noqa: E402
from instrux_support.metrics import (  # noqa: E402
    average_precision,
    ndcg_at,
    precision_at,
    ranking_metrics,
    reciprocal_rank,
)


def test_metrics_by_hand() -> None:
    order = np.array([2, 0, 1, 3])
    relevant = np.array([True, False, False, True])  # rows 0 and 3: ranks 2 and 4
    assert average_precision(order, relevant) == pytest.approx((1 / 2 + 2 / 4) / 2)
    assert precision_at(order, relevant, 1) == 0.0
    assert precision_at(order, relevant, 4) == 0.5
    assert reciprocal_rank(order, relevant) == 0.5
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at(order, relevant, 10) == pytest.approx(
        (1 / math.log2(3) + 1 / math.log2(5)) / ideal
    )
    perfect = ranking_metrics([np.array([0, 3, 1, 2])], [relevant])
    assert perfect == {"map": 1.0, "p@1": 1.0, "p@5": 0.4, "ndcg@10": 1.0, "mrr": 1.0}


def _thread(t: int, answers: int, rephrasings: int) -> list[FaqEntry]:
    phr = tuple(f"t{t} phrasing {i}" for i in range(rephrasings))
    return [
        FaqEntry(id=f"{t}.{a}", question=f"q{t}", answer=f"a{a}", thread=str(t), rephrasings=phr)
        for a in range(answers)
    ]


def test_split_is_per_thread_seeded_and_disjoint() -> None:
    entries = _thread(0, 3, 10) + _thread(1, 1, 7)
    train, test = split_rephrasings(entries, test_share=0.5, seed=0)
    held = {q.text for q in test}
    assert (
        len([q for q in test if q.group == "0"]) == 5
        and len([q for q in test if q.group == "1"]) == 4
    )
    for entry in train:
        assert not held & set(entry.rephrasings)
        assert len(entry.rephrasings) == {"0": 5, "1": 3}[entry.group]
    assert train[0].rephrasings == train[1].rephrasings == train[2].rephrasings  # one thread
    assert split_rephrasings(entries, test_share=0.5, seed=0)[1] == test  # reproducible
    assert split_rephrasings(entries, test_share=0.5, seed=1)[1] != test
    # A thread's split does not depend on the other threads.
    alone = split_rephrasings(_thread(1, 1, 7), test_share=0.5, seed=0)[1]
    assert alone == [q for q in test if q.group == "1"]


def test_entries_the_head_does_not_know_are_fused_with_their_dense_score() -> None:
    from instrux_support import Fusion
    from instrux_support.retrieve import Scores

    scores = Scores(
        dense=np.array([0.9, 0.4]),
        bm25=np.array([2.0, 1.0]),
        head=np.array([0.0, 0.8]),  # the head knows only the second entry
        head_known=np.array([False, True]),
    )
    fused = scores.fused(Fusion(bm25=0.5, head=1.0))
    np.testing.assert_allclose(fused, [(0.9 + 0.5 * 1.0 + 0.9) / 2.5, (0.4 + 0.25 + 0.8) / 2.5])
    assert fused.argmax() == 0  # a zero head term would rank the known entry first
