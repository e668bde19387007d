"""Heads at inference: ONNX Runtime + ``tokenizers``, no torch.

:class:`HeadModel` runs a head's graph (through :class:`instrux.semantic.encoder.Encoder`,
whose session comes from :func:`instrux.runtime.onnx.make_session`) and turns logits into a
:class:`Prediction`: the label, its probability, and every label's probability. A regression
head predicts a number (``score`` is that number).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from instrux.heads.artifact import HeadArtifact, load_head

__all__ = ["HeadModel", "Prediction", "get_head"]


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str | float  # the label, or the number a regression head predicts
    score: float  # probability of ``label`` (regression: the number)
    scores: dict[str, float]  # every label's probability (regression: empty)


class HeadModel:
    """A head's graph, ready to predict. Thread-safe (ORT sessions are)."""

    def __init__(
        self,
        graph: Path,
        tokenizer: Path,
        config: dict[str, Any],
        *,
        threads: int = 1,
        device: str = "auto",
    ) -> None:
        from instrux.semantic.encoder import Encoder

        self.graph = graph
        self.config = config
        self.labels: list[str] = list(config.get("labels", []))
        self.regression = config.get("task") == "regression"
        self._encoder = Encoder(graph, tokenizer, threads=threads, device=device)

    @classmethod
    def from_artifact(
        cls, artifact: HeadArtifact, *, int8: bool = False, threads: int = 1, device: str = "auto"
    ) -> HeadModel:
        graph = artifact.int8_graph if int8 and artifact.int8_graph else artifact.graph
        return cls(graph, artifact.tokenizer, artifact.config, threads=threads, device=device)

    def logits(self, texts: Sequence[str], batch_size: int = 32) -> Any:
        """``(n, labels)`` float32 logits (``(n, 1)`` for regression), in input order."""
        if len(texts) == 1:
            return self._encoder.run(texts)[-1]
        return self._encoder.run_batched(texts, batch_size)[-1]

    def predict(self, texts: Sequence[str], batch_size: int = 32) -> list[Prediction]:
        logits = self.logits(texts, batch_size)
        if self.regression:
            return [Prediction(float(v), float(v), {}) for v in logits[:, 0]]
        probs = _softmax(logits)
        best = probs.argmax(axis=1)
        return [
            Prediction(
                self.labels[int(i)],
                float(row[i]),
                {label: float(p) for label, p in zip(self.labels, row, strict=True)},
            )
            for i, row in zip(best, probs, strict=True)
        ]


def _softmax(logits: Any) -> Any:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


_MODELS: dict[tuple[str, bool, int, str], HeadModel] = {}
_LOCK = threading.Lock()


def get_head(
    path: Path, *, int8: bool = False, threads: int = 1, device: str = "auto"
) -> HeadModel:
    """The process-wide model of the artifact at ``path`` (verified and loaded once)."""
    key = (str(Path(path).resolve()), int8, threads, device)
    with _LOCK:
        model = _MODELS.get(key)
        if model is None:
            artifact = load_head(path)
            model = HeadModel.from_artifact(artifact, int8=int8, threads=threads, device=device)
            _MODELS[key] = model
    return model


def clear_heads() -> None:
    """Forget loaded heads (tests, or after re-training in the same process)."""
    with _LOCK:
        _MODELS.clear()
