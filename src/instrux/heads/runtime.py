"""Heads at inference: ONNX Runtime (and the encoder a ``head`` graph reads), no torch.

:class:`HeadModel` runs a head's graph and turns logits into a :class:`Prediction`: the label,
its probability, and every label's probability. A regression head predicts a number (``score``
is that number). A ``pipeline`` artifact's graph reads token ids (encoder inside); a ``head``
artifact's graph reads the embeddings of the encoder it names, which is loaded, and checked to
be the same model (name and file fingerprint), through the model registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.heads.artifact import HeadArtifact, load_head
from instrux.models.onnx_encoder import EncoderWithHead, OnnxEncoder
from instrux.runtime.artifacts import check_encoder
from instrux.runtime.loaded import loaded
from instrux.runtime.numeric import softmax
from instrux.schemas.errors import ConfigurationError

if TYPE_CHECKING:
    from instrux.models.encoder import Encoder

__all__ = ["HeadModel", "Prediction", "get_head"]


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str | float  # the label, or the number a regression head predicts
    score: float  # probability of ``label`` (regression: the number)
    scores: dict[str, float]  # every label's probability (regression: empty)


class HeadModel:
    """A head's graph, ready to predict. Thread-safe (ORT sessions are)."""

    def __init__(self, runner: OnnxEncoder | EncoderWithHead, config: dict[str, Any]) -> None:
        self.graph = runner.graph
        self.config = config
        self.labels: list[str] = list(config.get("labels", []))
        self.regression = config.get("task") == "regression"
        self._runner = runner

    @classmethod
    def from_artifact(
        cls,
        artifact: HeadArtifact,
        *,
        encoder: Encoder | None = None,
        int8: bool = False,
        threads: int = 1,
        device: str = "auto",
    ) -> HeadModel:
        """The artifact's graph (its int8 copy with ``int8`` when it has one).

        :param encoder: the encoder a ``head`` artifact reads (checked against its record).
        """
        graph = artifact.int8_graph if int8 and artifact.int8_graph else artifact.graph
        if artifact.layout == "pipeline":
            runner: OnnxEncoder | EncoderWithHead = OnnxEncoder(
                graph, artifact.tokenizer, name=artifact.encoder.name, threads=threads,
                device=device,
            )  # fmt: skip
        else:
            if encoder is None:
                raise ConfigurationError(
                    f"Head {artifact.path} runs on the vectors of encoder "
                    f"{artifact.encoder.name!r}, which was not given.",
                    hint="Run it through an engine (it loads the encoder the head names).",
                )
            check_encoder(artifact.path, artifact.encoder, encoder.record())
            runner = EncoderWithHead(encoder, graph, threads=threads, device=device)
        return cls(runner, artifact.config)

    def logits(self, texts: Sequence[str], batch_size: int = 32) -> Any:
        """``(n, labels)`` float32 logits (``(n, 1)`` for regression), in input order."""
        if len(texts) == 1:
            return self._runner.run(texts)[-1]
        return self._runner.run_batched(texts, batch_size)[-1]

    def predict(self, texts: Sequence[str], batch_size: int = 32) -> list[Prediction]:
        logits = self.logits(texts, batch_size)
        if self.regression:
            return [Prediction(float(v), float(v), {}) for v in logits[:, 0]]
        probs = softmax(logits)
        best = probs.argmax(axis=1)
        return [
            Prediction(
                self.labels[int(i)],
                float(row[i]),
                {label: float(p) for label, p in zip(self.labels, row, strict=True)},
            )
            for i, row in zip(best, probs, strict=True)
        ]


def get_head(
    path: Path,
    *,
    encoder: Encoder | None = None,
    int8: bool = False,
    threads: int = 1,
    device: str = "auto",
) -> HeadModel:
    """The process-wide model of the artifact at ``path`` (verified and loaded once)."""
    key = ("head", str(Path(path).resolve()), int8, threads, device,
           encoder.key if encoder is not None else None)  # fmt: skip

    def build() -> HeadModel:
        artifact = load_head(path)
        return HeadModel.from_artifact(
            artifact, encoder=encoder, int8=int8, threads=threads, device=device
        )

    return loaded(key, build)
