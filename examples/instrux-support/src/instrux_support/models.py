"""The pydantic models of the FAQ assistant: the one contract of its Python API, its
``--json`` output, HTTP and the result type of ``support.answer``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_QUESTION_CHARS = 10_000  # instrux's default longest text

__all__ = ["FaqEntry", "FaqMatch", "Fusion", "SupportAnswer", "SupportArguments"]


class FaqEntry(BaseModel):
    """One FAQ item: a question and its answer, as read from the bank."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, description="Source id, unique in the bank.")
    question: str = Field(min_length=1)
    answer: str = Field(min_length=1)
    tags: tuple[str, ...] = ()
    thread: str | None = Field(
        default=None,
        description="Entries of one thread share a question (StackFAQ: one thread, several "
        "answers); default: entries with the same question text.",
    )
    rephrasings: tuple[str, ...] = Field(
        default=(), description="Customers' phrasings of the question: what the head learns."
    )

    @property
    def group(self) -> str:
        """The key the head's classes are: the thread, else the folded question."""
        return self.thread if self.thread is not None else " ".join(self.question.lower().split())


class FaqMatch(BaseModel):
    """An FAQ entry as retrieved for a question, with its fused score."""

    id: str
    question: str
    answer: str
    score: float = Field(description="Fused score in [0, 1] (dense, BM25 and head).")
    tags: list[str] = Field(default_factory=list)


class SupportAnswer(BaseModel):
    """What ``support.answer`` returns: the best entry's answer and where it came from."""

    answer: str = Field(description="The answer of the best FAQ entry.")
    source_id: str = Field(description="Id of the FAQ entry the answer is from.")
    score: float = Field(description="Its fused score; refused below the index's threshold.")
    entry: FaqMatch
    runners_up: list[FaqMatch] = Field(default_factory=list, description="The next entries.")


class SupportArguments(BaseModel):
    """The arguments of ``support.answer``."""

    question: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS, description="The customer's question."
    )


@dataclass(frozen=True)
class Fusion:
    """How the three scores of an entry become one, in [0, 1] for in-range inputs:
    ``(dense + bm25 * bm25_share + head * head_probability) / (1 + bm25 + head)``.

    ``dense`` is the cosine of the question and the entry's question; ``bm25_share`` the
    entry's BM25 score over the best BM25 score for this query (1 for the best, 0 without a
    shared word); ``head_probability`` the head's probability of the entry's question (for an
    entry added after the head was trained, its dense score stands in: it is found by
    retrieval without retraining).
    """

    # What `instrux support eval` chose on StackFAQ's validation split: BM25 added nothing
    # there (validation MAP 0.9605 at weight 0, 0.9600 at 0.1; docs/support.md), so it is
    # off by default; `--bm25-weight` turns it on for banks with rare terms (codes, names).
    bm25: float = 0.0
    head: float = 1.0

    def fuse(self, dense: Any, bm25_share: Any, head: Any) -> Any:
        return (dense + self.bm25 * bm25_share + self.head * head) / (1.0 + self.bm25 + self.head)
