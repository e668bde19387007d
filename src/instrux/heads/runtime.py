"""Heads at inference: ONNX Runtime (and the encoder a ``head`` graph reads), no torch.

:class:`HeadModel` runs a head's graph and turns logits into a :class:`Prediction`: the label,
its probability, and every label's probability. A regression head predicts a number (``score``
is that number). A ``pipeline`` artifact's graph reads token ids (encoder inside); a ``head``
artifact's graph reads the embeddings of the encoder it names, which is loaded, and checked to
be the same model (name and file fingerprint), through the model registry.
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
        runner = graph_runner(
            graph, artifact.layout, built_on=artifact.encoder, tokenizer=artifact.tokenizer,
            encoder=encoder, artifact=artifact.path, kind="Head", threads=threads, device=device,
        )  # fmt: skip
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
