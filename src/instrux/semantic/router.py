"""Scoring and deciding: nearest examples or a trained head, thresholds, ambiguity margin.

A :class:`SemanticRouter` holds a *memory* of example vectors (one row per example sentence,
labelled with its instruction) and, optionally, a trained linear head. For one embedding it
ranks instructions and decides:

- without a head, an instruction's score is the cosine of its nearest example;
- with a head, instructions are ranked by the head's softmax, and the score that is
  thresholded is the one named by ``confidence`` (``"softmax"``: the top probability;
  ``"knn"``: the cosine of the nearest training example, whatever its label; both were
  compared on CLINC150, see docs/semantic.md).

It accepts the top instruction when its score reaches that instruction's threshold and it leads
the runner-up by at least ``margin``; otherwise it rejects, and the ranked candidates explain
why. A router trained without validation data also has a ``floor``: the cosine of the nearest
training example must reach it, whatever the head says (a softmax is confident far from its
data; see :mod:`instrux.heads.crossfit`). Everything is vectorised so that evaluation over
thousands of texts is one matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from instrux.runtime.numeric import softmax

__all__ = ["Decision", "Head", "Neighbour", "SemanticRouter"]

FloatArray = npt.NDArray[np.float32]
Confidence = Literal["softmax", "knn"]


@dataclass(frozen=True, slots=True)
class Head:
    weight: FloatArray  # (C, D)
    bias: FloatArray  # (C,)


@dataclass(frozen=True, slots=True)
class Neighbour:
    instruction: str
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class Decision:
    """What the router concluded for one text (``instruction`` is None when it rejected)."""

    instruction: str | None
    score: float
    margin: float
    threshold: float
    ranked: list[tuple[str, float]]  # best first
    nearest: list[Neighbour]
    reason: str  # "accepted", "below_threshold", "ambiguous", "out_of_scope"
    margin_required: float = 0.0
    # Ranked instructions whose score reaches their own threshold: the ones a tier may still
    # choose between with other evidence (the words of the text) when the margin is too small.
    eligible: list[tuple[str, float]] = field(default_factory=list)
    # Each ranked instruction's own threshold: a call for another instruction than the top
    # one (the words chose it) is explained with its own threshold, not the top one's.
    thresholds: dict[str, float] = field(default_factory=dict)


class SemanticRouter:
    """Ranks ``labels`` for embeddings; see the module docstring for the scores."""

    def __init__(
        self,
        labels: Sequence[str],
        memory: FloatArray,
        memory_labels: npt.NDArray[np.int64],
        memory_texts: Sequence[str],
        thresholds: FloatArray,
        *,
        margin: float = 0.0,
        head: Head | None = None,
        confidence: Confidence = "softmax",
        oos_index: int | None = None,
        floor: float = 0.0,
    ) -> None:
        self.labels = list(labels)
        self.memory = memory  # (M, D), L2-normalised
        self.memory_labels = memory_labels  # (M,)
        self.memory_texts = list(memory_texts)
        self.thresholds = thresholds  # (C,)
        self.margin = margin
        self.head = head
        self.confidence: Confidence = confidence
        # A head trained with an out-of-scope class: predicting it is a rejection.
        self.oos_index = oos_index
        self.floor = floor  # the nearest example's cosine must reach it (0: no floor)
        order = np.argsort(memory_labels, kind="stable")
        present, starts = np.unique(memory_labels[order], return_index=True)
        self._grouping = (order, present, starts)  # memory columns grouped by label

    # --- vectorised scores -----------------------------------------------------------------

    def scores(
        self, embeddings: FloatArray, logits: FloatArray | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """``(class_scores (N, C), confidence (N,))`` for a batch of embeddings."""
        return self._scores(embeddings, logits, None)

    def _scores(
        self,
        embeddings: FloatArray,
        logits: FloatArray | None,
        similarity: FloatArray | None,
    ) -> tuple[FloatArray, FloatArray]:
        """:meth:`scores`, reusing ``similarity`` (N, M) to the memory when given."""
        if self.head is None:
            if similarity is None:
                similarity = embeddings @ self.memory.T
            per_class = self._max_per_class(similarity)  # (N, C)
            return per_class, per_class.max(axis=1)
        if logits is None:
            logits = embeddings @ self.head.weight.T + self.head.bias  # (N, C)
        probs = softmax(logits).astype(np.float32, copy=False)  # (N, C)
        if self.confidence == "knn":  # only then: (N, M) against every training example
            if similarity is None:
                similarity = embeddings @ self.memory.T
            return probs, similarity.max(axis=1)
        return probs, probs.max(axis=1)

    def predict(
        self, embeddings: FloatArray, logits: FloatArray | None = None
    ) -> npt.NDArray[np.int64]:
        """Label index per row, or -1 where the router rejects."""
        per_class, confidence = self.scores(embeddings, logits)
        top = per_class.argmax(axis=1)
        ordered = np.sort(per_class, axis=1)
        margin = ordered[:, -1] - (ordered[:, -2] if per_class.shape[1] > 1 else 0.0)
        accept = (confidence >= self.thresholds[top]) & (margin >= self.margin)
        if self.oos_index is not None:
            accept &= top != self.oos_index
        if self.floor > 0:
            accept &= self._nearest_similarity(embeddings) >= self.floor
        return np.where(accept, top, -1).astype(np.int64)

    def _nearest_similarity(self, embeddings: FloatArray, chunk: int = 1024) -> FloatArray:
        """Each row's cosine to its nearest example, in chunks (N x M may not fit)."""
        out = np.empty(len(embeddings), dtype=np.float32)
        for start in range(0, len(embeddings), chunk):
            out[start : start + chunk] = (embeddings[start : start + chunk] @ self.memory.T).max(
                axis=1
            )
        return out

    # --- one text, explained ---------------------------------------------------------------

    def decide(
        self, embedding: FloatArray, logits: FloatArray | None = None, k: int = 3
    ) -> Decision:
        """The decision for one embedding ``(D,)``, with ranked candidates and neighbours."""
        # One product with the memory serves the scores and the nearest examples: with
        # 10,000 examples it is the tier's biggest cost after the encoder (memory-bound).
        similarity = self.memory @ embedding  # (M,)
        per_class, confidence = self._scores(
            embedding[None, :], None if logits is None else logits[None, :], similarity[None, :]
        )
        row = per_class[0]
        order = np.argsort(-row)
        top = int(order[0])
        margin = float(row[top] - row[order[1]]) if len(order) > 1 else float(row[top])
        score = float(confidence[0])
        threshold = float(self.thresholds[top])
        reason = self._reason(top, score, threshold, margin)
        eligible = [
            (self.labels[i], float(row[i]))
            for i in order[: max(k, 2) + 1]
            if i != self.oos_index and self._reaches_threshold(int(i), top, row, score)
        ]
        nearest_similarity = float(similarity.max()) if len(similarity) else 0.0
        if reason != "out_of_scope" and nearest_similarity < self.floor:
            # Far from every training example: refused, and explained in the floor's terms
            # (each instruction's nearest-example cosine), not by head probabilities.
            score, threshold, reason, eligible = (
                nearest_similarity,
                self.floor,
                "below_threshold",
                [],
            )
            row = self._max_per_class(similarity[None, :])[0]
            order = np.argsort(-row)
        shown = [int(i) for i in order[: max(k, 2) + 1] if i != self.oos_index]
        return Decision(
            instruction=self.labels[top] if reason == "accepted" else None,
            score=score,
            margin=margin,
            threshold=threshold,
            ranked=[(self.labels[i], float(row[i])) for i in shown][: max(k, 2)],
            nearest=self._nearest(similarity, k),
            reason=reason,
            margin_required=self.margin,
            eligible=eligible if top != self.oos_index else [],
            thresholds={self.labels[i]: float(self.thresholds[i]) for i in shown},
        )

    def _reaches_threshold(self, index: int, top: int, row: FloatArray, score: float) -> bool:
        if self.head is not None and self.confidence == "knn":  # one confidence for the text
            return index == top and score >= self.thresholds[top]
        return bool(row[index] >= self.thresholds[index])

    def _reason(self, top: int, score: float, threshold: float, margin: float) -> str:
        if top == self.oos_index:
            return "out_of_scope"
        if score < threshold:
            return "below_threshold"
        return "ambiguous" if margin < self.margin else "accepted"

    def nearest(self, embedding: FloatArray, k: int = 3) -> list[Neighbour]:
        """The ``k`` most similar example sentences."""
        return self._nearest(self.memory @ embedding, k)

    def _nearest(self, similarity: FloatArray, k: int) -> list[Neighbour]:
        count = min(k, len(similarity))
        best = np.argpartition(-similarity, count - 1)[:count]
        best = best[np.argsort(-similarity[best])]
        return [
            Neighbour(
                self.labels[int(self.memory_labels[i])],
                self.memory_texts[i],
                round(float(similarity[i]), 4),
            )
            for i in best
        ]

    def _max_per_class(self, similarity: FloatArray) -> FloatArray:
        """Best example per class in one pass: columns sorted by label, then reduceat."""
        order, present, starts = self._grouping
        out = np.full((similarity.shape[0], len(self.labels)), -1.0, dtype=np.float32)
        if len(order):
            out[:, present] = np.maximum.reduceat(similarity[:, order], starts, axis=1)
        return out
