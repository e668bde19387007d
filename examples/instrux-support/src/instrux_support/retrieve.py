"""Hybrid retrieval over an FAQ index: dense (LanceDB), BM25 (bm25s), the head, fused.

:class:`Retriever` scores a question against every entry three ways and fuses them
(:class:`~instrux_support.index.Fusion`); :meth:`Retriever.answer` returns the best entry or
refuses (a ``no_match`` error with the closest entries) below the index's threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from instrux import Candidate, NoMatchError
from instrux_support.index import Fusion, SupportIndex
from instrux_support.models import FaqMatch, SupportAnswer

if TYPE_CHECKING:
    from instrux.models import Encoder

__all__ = ["DENSE_CANDIDATES", "Ranking", "Retriever", "Scores"]

# The dense search asks LanceDB for this many nearest entries; an entry outside them gets
# the lowest score returned (an upper bound of its own). With fewer entries it is exact.
DENSE_CANDIDATES = 100
# Up to this many entries the vectors are read from the LanceDB table once and searched
# exactly in memory: one LanceDB query costs ~5-8 ms here whatever the table's size (measured
# on StackFAQ's 719 rows), a (n, 384) product 0.05 ms. Larger banks are searched by LanceDB
# (give the table an ANN index there: docs/support.md). tests/apps/support checks that both
# paths score alike.
IN_MEMORY_ROWS = 50_000


@dataclass(frozen=True)
class Scores:
    """One question's scores for every entry (each an (n,) float array)."""

    dense: Any
    bm25: Any  # raw BM25
    head: Any  # head probability of the entry's question (0 for entries it does not know)
    head_known: Any  # (n,) bool: the head was trained on the entry's question

    @property
    def bm25_share(self) -> Any:
        best = float(self.bm25.max()) if self.bm25.size else 0.0
        return self.bm25 / best if best > 0 else np.zeros_like(self.bm25)

    @property
    def head_term(self) -> Any:
        """The head's probability, and for an entry added after the head was trained its
        dense score instead: a zero there would hand every such entry's questions to the
        closest entry the head knows (StackFAQ, a tenth of the threads unseen by the head:
        thread P@1 on them 0.35 with a zero, measured; docs/support.md has the figures)."""
        return np.where(self.head_known, self.head, self.dense)

    def fused(self, fusion: Fusion) -> Any:
        return fusion.fuse(self.dense, self.bm25_share, self.head_term)


@dataclass(frozen=True)
class Ranking:
    """Entries best first with their fused scores."""

    order: Any  # (n,) entry rows
    scores: Any  # (n,) fused score of each row (not reordered)

    @property
    def best_score(self) -> float:
        return float(self.scores[self.order[0]])


class Retriever:
    """Scores questions against one loaded index with the encoder it was built on."""

    def __init__(
        self, index: SupportIndex, encoder: Encoder, *, in_memory_rows: int = IN_MEMORY_ROWS
    ) -> None:
        self.index = index
        self.encoder = encoder
        self.vectors = _table_vectors(index) if len(index.entries) <= in_memory_rows else None

    def embed(self, texts: Sequence[str]) -> Any:
        return self.encoder.encode(list(texts)).astype(np.float32)

    def scores(self, text: str, vector: Any, *, candidates: int = DENSE_CANDIDATES) -> Scores:
        """The three scores of ``text`` (its sentence vector ``vector``) for every entry."""
        return Scores(
            self._dense(vector, candidates),
            self._bm25(text),
            self._head(vector),
            self.index.head_class >= 0,
        )

    def rank(self, text: str, *, fusion: Fusion | None = None, vector: Any = None) -> Ranking:
        vector = self.embed([text])[0] if vector is None else vector
        fused = self.scores(text, vector).fused(fusion or self.index.fusion)
        return Ranking(order=np.argsort(-fused, kind="stable"), scores=fused)

    def answer(
        self, text: str, *, runners_up: int = 3, ranking: Ranking | None = None
    ) -> SupportAnswer:
        """The best entry's answer, or a refusal below the threshold.

        :raises NoMatchError: no entry is relevant enough; ``candidates`` and
            ``details["closest"]`` are the closest entries.
        """
        ranking = ranking or self.rank(text)
        matches = [self.match(int(row), ranking) for row in ranking.order[: runners_up + 1]]
        if ranking.best_score < self.index.threshold:
            raise self.refusal(text, matches)
        best = matches[0]
        return SupportAnswer(
            answer=best.answer,
            source_id=best.id,
            score=best.score,
            entry=best,
            runners_up=matches[1:],
        )

    def match(self, row: int, ranking: Ranking) -> FaqMatch:
        entry = self.index.entries[row]
        return FaqMatch(
            id=entry.id,
            question=entry.question,
            answer=entry.answer,
            score=round(float(ranking.scores[row]), 4),
            tags=list(entry.tags),
        )

    def refusal(self, text: str, closest: list[FaqMatch]) -> NoMatchError:
        threshold = self.index.threshold
        candidates = [
            Candidate(
                instruction="support.answer",
                score=m.score,
                tier="support",
                evidence=f"the closest FAQ entry {m.id!r} ({m.question!r}) scored "
                f"{m.score:.2f}, below the refusal threshold {threshold:.2f}",
            )
            for m in closest
        ]
        err = NoMatchError(text, candidates)
        err.details.update({"closest": [m.model_dump() for m in closest], "threshold": threshold})
        return err

    def _dense(self, vector: Any, candidates: int) -> Any:
        if self.vectors is not None:
            return (self.vectors @ np.asarray(vector, dtype=np.float32)).astype(np.float64)
        return self.lance_dense(vector, candidates)

    def lance_dense(self, vector: Any, candidates: int) -> Any:
        """Dense scores from a LanceDB vector search (the path of large banks)."""
        n = len(self.index.entries)
        found = (
            self.index.table.search(np.asarray(vector, dtype=np.float32))
            .metric("cosine")
            .limit(min(candidates, n))
            .select(["row", "_distance"])
            .to_arrow()
        )
        rows = found.column("row").to_numpy()
        cosines = 1.0 - found.column("_distance").to_numpy().astype(np.float64)
        dense = np.full(n, float(cosines.min()) if len(cosines) else 0.0)
        dense[rows] = cosines
        return dense

    def _bm25(self, text: str) -> Any:
        import bm25s  # type: ignore[import-untyped]

        tokens = bm25s.tokenize([text], stopwords="en", return_ids=False, show_progress=False)[0]
        if not tokens:  # only stop words: no lexical evidence
            return np.zeros(len(self.index.entries))
        return np.asarray(self.index.bm25.get_scores(tokens), dtype=np.float64)

    def _head(self, vector: Any) -> Any:
        index = self.index
        if index.head is None:
            return np.zeros(len(index.entries))
        weight, bias = index.head
        logits = weight @ np.asarray(vector, dtype=np.float32) + bias
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        known = index.head_class >= 0
        return np.where(known, probabilities[np.maximum(index.head_class, 0)], 0.0)


def _table_vectors(index: SupportIndex) -> Any:
    """Every entry's vector, read from the LanceDB table, in row order."""
    table = index.table.to_arrow().select(["row", "vector"]).sort_by("row")
    column = table.column("vector").combine_chunks()
    return column.values.to_numpy().reshape(len(column), -1).astype(np.float32)
