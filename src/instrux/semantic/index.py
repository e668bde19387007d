"""Instruction vectors: every registered instruction's examples, embedded once and cached.

The vectors are cached by :func:`instrux.models.vectors.cached_vectors`, keyed on the encoder
and on every sentence that goes into the index, so they are rebuilt when an instruction, an
example or the model changes, and shared by processes whose registries are equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from instrux.models.encoder import Encoder
from instrux.models.vectors import cached_vectors
from instrux.schemas.instruction import InstructionSpec
from instrux.semantic.calibrate import example_thresholds
from instrux.semantic.offtopic import OFF_TOPIC
from instrux.semantic.phrasing import example_sentences
from instrux.semantic.router import SemanticRouter

__all__ = ["DEFAULT_MARGIN", "ExampleIndex", "build_router"]

FloatArray = npt.NDArray[np.float32]
# Top-1 must beat top-2 by this much cosine: on the built-in math instructions, true
# paraphrases led by 0.04-0.26, while texts that fit two of them ("2 to the 10th") led by <0.01.
DEFAULT_MARGIN = 0.02


@dataclass(frozen=True)
class ExampleIndex:
    """Example sentences with their instruction, template and vector."""

    instructions: list[str]
    labels: npt.NDArray[np.int64]  # (M,) index into instructions
    templates: list[str]
    sentences: list[str]
    vectors: FloatArray  # (M, D)
    off_topic: FloatArray  # (len(OFF_TOPIC), D): the off-topic probes, embedded in the same call

    @classmethod
    def build(cls, specs: Iterable[InstructionSpec], encoder: Encoder) -> ExampleIndex:
        instructions: list[str] = []
        labels: list[int] = []
        templates: list[str] = []
        sentences: list[str] = []
        for spec in specs:
            pairs = example_sentences(spec)
            if not pairs:
                continue  # nothing to compare with: the semantic tier cannot route it
            instructions.append(spec.name)
            for template, sentence in pairs:
                labels.append(len(instructions) - 1)
                templates.append(template)
                sentences.append(sentence)
        both = cached_vectors(encoder, [*sentences, *OFF_TOPIC])
        examples, off_topic = both[: len(sentences)], both[len(sentences) :]
        labelled = np.asarray(labels, dtype=np.int64)
        return cls(instructions, labelled, templates, sentences, examples, off_topic)


def build_router(index: ExampleIndex, margin: float = DEFAULT_MARGIN) -> SemanticRouter:
    """A nearest-example router with thresholds derived from the examples (see calibrate)."""
    thresholds = example_thresholds(
        index.vectors, index.labels, len(index.instructions), index.off_topic
    )
    return SemanticRouter(
        index.instructions, index.vectors, index.labels, index.sentences, thresholds, margin=margin
    )
