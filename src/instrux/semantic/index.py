"""Instruction vectors: every registered instruction's examples, embedded once and cached.

The cache file is keyed on the encoder and on every sentence that goes into the index, so it
is rebuilt when an instruction, an example or the model changes, and shared by processes
whose registries are equal. It lives in the encoder's cache directory (``Encoder.cache_dir``,
set by :func:`~instrux.semantic.encoder.get_encoder` from ``Settings.cache_dir``) unless a
directory is given; an encoder without one (a router artifact's graph) embeds every time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from instrux.runtime.cache import atomic_build, digest_text
from instrux.runtime.cache import cache_dir as cache_subdir
from instrux.schemas.instruction import InstructionSpec
from instrux.semantic.calibrate import example_thresholds
from instrux.semantic.encoder import Encoder
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
        vectors = cached_vectors(encoder, [*sentences, *OFF_TOPIC])[: len(sentences)]
        return cls(instructions, np.asarray(labels, dtype=np.int64), templates, sentences, vectors)


def cached_vectors(encoder: Encoder, texts: list[str], cache_dir: Path | None = None) -> FloatArray:
    """Embeddings of ``texts``, from the cache when these exact texts were embedded before.

    :param cache_dir: the cache root (default: the encoder's; neither: no caching).
    """
    root = cache_dir if cache_dir is not None else encoder.cache_dir
    if root is None:
        fresh: FloatArray = encoder.encode(texts).astype(np.float32, copy=False)
        return fresh
    key = digest_text(encoder.key, *texts)
    path = cache_subdir(root, "vectors") / f"{key}.npy"

    def build(out: Path) -> None:
        with out.open("wb") as handle:
            np.save(handle, encoder.encode(texts), allow_pickle=False)

    atomic_build(path, build)
    vectors = np.load(path, allow_pickle=False)
    if vectors.shape != (len(texts), encoder.dim):  # a foreign file under our name: redo it
        path.unlink(missing_ok=True)
        atomic_build(path, build)
        vectors = np.load(path, allow_pickle=False)
    out: FloatArray = vectors.astype(np.float32, copy=False)
    return out


def build_router(
    index: ExampleIndex, encoder: Encoder, margin: float = DEFAULT_MARGIN
) -> SemanticRouter:
    """A nearest-example router with thresholds derived from the examples (see calibrate)."""
    off_topic = cached_vectors(encoder, [*index.sentences, *OFF_TOPIC])[len(index.sentences) :]
    thresholds = example_thresholds(index.vectors, index.labels, len(index.instructions), off_topic)
    return SemanticRouter(
        index.instructions, index.vectors, index.labels, index.sentences, thresholds, margin=margin
    )
