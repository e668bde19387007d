"""Heads at inference: ONNX Runtime (and the encoder a ``head`` graph reads), no torch.

:class:`HeadModel` runs a head's graph and turns logits into a :class:`Prediction`: the label,
its calibrated probability (``softmax(logits / temperature)``, the temperature fitted on
held-out rows: :mod:`instrux.heads.calibration`), every label's probability, the cosine of the
nearest training example in the artifact's ``memory``, and whether the text is in scope: the
probability reaches the head's threshold and the cosine its floor. A regression head predicts
a number (``score`` is that number). Artifacts written before calibration have temperature 1,
threshold 0 and no memory (they never refuse). A ``pipeline`` artifact's graph reads token
ids (encoder inside); a ``head`` artifact's graph reads the embeddings of the encoder it names,
which is loaded, and checked to be the same model (name and file fingerprint), through the
model registry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.heads.artifact import HeadArtifact, load_head
from instrux.models.onnx_encoder import EncoderWithHead, OnnxEncoder, graph_runner
from instrux.runtime.artifacts import EncoderRecord, graph_layout
from instrux.runtime.loaded import loaded
from instrux.runtime.numeric import softmax
from instrux.schemas.errors import UnknownNameError
from instrux.schemas.models import MODELS_LISTING

if TYPE_CHECKING:
    from instrux.models.encoder import Encoder
    from instrux.schemas.models import ModelSpec
    from instrux.settings import Settings

__all__ = ["HeadModel", "Prediction", "get_head", "head_encoder"]


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str | float  # the label, or the number a regression head predicts
    score: float  # calibrated probability of ``label`` (regression: the number)
    scores: dict[str, float]  # every label's probability (regression: empty)
    in_scope: bool = True  # score >= threshold and similarity >= floor (regression: always)
    similarity: float | None = None  # cosine of the nearest training example (None: no memory)


class HeadModel:
    """A head's graph, ready to predict. Thread-safe (ORT sessions are)."""

    def __init__(
        self, runner: OnnxEncoder | EncoderWithHead, config: dict[str, Any], memory: Any = None
    ) -> None:
        self.graph = runner.graph
        self.config = config
        self.labels: list[str] = list(config.get("labels", []))
        self.regression = config.get("task") == "regression"
        self.temperature = float(config.get("temperature", 1.0))
        self.threshold = float(config.get("threshold", 0.0))
        self.floor = float(config.get("floor", 0.0))
        self.memory = memory  # (K, D) training embeddings, L2-normalised; None: no floor
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
        runner = graph_runner(
            graph, artifact.layout, built_on=artifact.encoder, tokenizer=artifact.tokenizer,
            encoder=encoder, artifact=artifact.path, kind="Head", threads=threads, device=device,
        )  # fmt: skip
        return cls(runner, artifact.config, artifact.memory())

    def outputs(self, texts: Sequence[str], batch_size: int = 32) -> tuple[Any, Any]:
        """``(embeddings (n, D), logits (n, labels))`` of the graph (regression: ``(n, 1)``)."""
        outputs = self._runner.run(texts) if len(texts) == 1 else (
            self._runner.run_batched(texts, batch_size)
        )  # fmt: skip
        return outputs[0], outputs[-1]

    def logits(self, texts: Sequence[str], batch_size: int = 32) -> Any:
        """``(n, labels)`` float32 logits (``(n, 1)`` for regression), in input order."""
        return self.outputs(texts, batch_size)[1]

    def probabilities(self, logits: Any) -> Any:
        """Calibrated probabilities of ``(n, labels)`` logits."""
        return softmax(logits / self.temperature)

    def predict(self, texts: Sequence[str], batch_size: int = 32) -> list[Prediction]:
        embeddings, logits = self.outputs(texts, batch_size)
        if self.regression:
            return [Prediction(float(v), float(v), {}) for v in logits[:, 0]]
        probs = self.probabilities(logits)
        best = probs.argmax(axis=1)
        nearest = self.similarities(embeddings)
        return [
            Prediction(
                self.labels[int(i)],
                float(row[i]),
                {label: float(p) for label, p in zip(self.labels, row, strict=True)},
                bool(row[i] >= self.threshold and (near is None or near >= self.floor)),
                near,
            )
            for i, row, near in zip(best, probs, nearest, strict=True)
        ]

    def refusal(self, prediction: Prediction) -> str:
        """Why a prediction is out of scope ("" when it is in scope)."""
        if prediction.in_scope:
            return ""
        reading = f"reads it as {prediction.label!r} at {prediction.score:.2f}"
        if prediction.score < self.threshold:
            return f"{reading}, below its out-of-scope threshold {self.threshold:.2f}"
        return (
            f"{reading}, but its nearest training example is at cosine "
            f"{prediction.similarity or 0.0:.2f}, below its floor {self.floor:.2f}"
        )

    def similarities(self, embeddings: Any) -> list[float | None]:
        """Each text's cosine to its nearest training example (``None`` without memory)."""
        if self.memory is None or not len(self.memory):
            return [None] * len(embeddings)
        return [float(v) for v in (embeddings @ self.memory.T).max(axis=1)]


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


def head_encoder(
    config: Mapping[str, Any], models: Mapping[str, ModelSpec], settings: Settings
) -> Encoder | None:
    """The encoder a ``head`` artifact reads (``None`` for ``pipeline`` ones: theirs is in the
    graph), loaded through its model spec; ``models`` by name or alias
    (:meth:`instrux.registry.Registry.model_specs`).

    :raises UnknownNameError: no plugin registered the encoder the artifact names.
    """
    from instrux.models.load import checked_encoder, load_model_spec

    if graph_layout(config) == "pipeline":
        return None
    record = EncoderRecord.of(config)
    name = record.name if record is not None else settings.encoder
    spec = models.get(name)
    if spec is None:
        raise UnknownNameError("model", name, sorted(models), listing=MODELS_LISTING)
    encoder: Encoder = load_model_spec(checked_encoder(spec), settings)
    return encoder
