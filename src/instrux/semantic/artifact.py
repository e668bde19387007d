"""Trained router artifacts: one directory, written atomically, verified when loaded.

Layout (``instrux train router`` writes it; :func:`load_router_artifact` reads it)::

    config.json         format, labels (instruction names), intents, thresholds, margin, settings,
                        encoder (name and fingerprint), graph ("pipeline" or "head")
    weights.safetensors head.weight (C, D), head.bias (C,), memory (M, D), memory_labels (M,)
                        and, when the encoder was fine-tuned, its weights (encoder.*)
    memory.json         the training sentences behind ``memory`` (nearest-example evidence)
    tokenizer.json      the encoder's tokenizer ("pipeline" graphs)
    model.onnx          "pipeline": ONE graph, encoder + mean pooling + L2 norm + head, reading
                        token ids; "head": the head alone, reading the encoder's embeddings
                        (encoders that are not exported with their head: the numpy USE)
    metrics.json        validation metrics and calibration sweep
    manifest.json       sha256 and size of every file above

The directory is an ordinary instrux artifact: written with
:func:`instrux.runtime.artifacts.write_artifact` and read with
:func:`instrux.runtime.artifacts.load_artifact`, which also accepts the manifests of routers
written before the two formats were merged (plain sha256 strings). Nothing is pickled. A router
is used only with the encoder it was built on (:func:`instrux.runtime.artifacts.check_encoder`);
routers written before encoders were recorded were built on all-MiniLM-L6-v2.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from instrux.models.onnx_encoder import EncoderWithHead, OnnxEncoder, graph_runner
from instrux.runtime.artifacts import (
    CONFIG_FILE,
    GRAPH_KEY,
    MODEL_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
    EncoderRecord,
    GraphLayout,
    check_encoder,
    graph_layout,
    load_graph_artifact,
    write_artifact,
)
from instrux.runtime.cache import atomic_build
from instrux.runtime.cache import cache_dir as cache_subdir
from instrux.runtime.errors import ArtifactError
from instrux.runtime.quantize import quantize_int8
from instrux.schemas.errors import ConfigurationError
from instrux.semantic.router import Decision, Head, SemanticRouter

if TYPE_CHECKING:
    from instrux.models.encoder import Encoder
    from instrux.registry import Registry
    from instrux.semantic.evidence import WordEvidence
    from instrux.settings import Settings

__all__ = [
    "FORMAT",
    "ROUTER_FILES",
    "RouterArtifact",
    "TrainedTier",
    "artifact_int8_graph",
    "load_router_artifact",
    "write_router",
]

FORMAT = "instrux.router/1"  # config.json's "format": what kind of artifact this is
MEMORY_FILE = "memory.json"
ROUTER_FILES = (CONFIG_FILE, WEIGHTS_FILE, MEMORY_FILE, MODEL_FILE)
FloatArray = npt.NDArray[np.float32]
_RETRAIN_HINT = "Train it again with `instrux train router --data FILE --out DIR`."


@dataclass
class RouterArtifact:
    """An artifact in memory: what :func:`write_router` writes and
    :func:`load_router_artifact` reads."""

    config: dict[str, Any]  # labels, intents, thresholds, margin, confidence, oos_index, ...
    weights: dict[str, FloatArray]  # head.weight, head.bias, memory, memory_labels, encoder.*
    memory_texts: list[str]
    metrics: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    sha256: dict[str, str] = field(default_factory=dict)  # file -> sha256, once on disk

    @property
    def layout(self) -> GraphLayout:
        return graph_layout(self.config)

    @property
    def encoder_record(self) -> EncoderRecord:
        """The encoder it was built on (all-MiniLM-L6-v2 for routers that record none)."""
        return EncoderRecord.built_on(self.config)

    def router(self) -> SemanticRouter:
        cfg = self.config
        return SemanticRouter(
            cfg["labels"],
            self.weights["memory"].astype(np.float32),
            self.weights["memory_labels"].astype(np.int64),
            self.memory_texts,
            np.asarray(cfg["thresholds"], dtype=np.float32),
            margin=float(cfg.get("margin", 0.0)),
            head=Head(self.weights["head.weight"], self.weights["head.bias"]),
            confidence=cfg.get("confidence", "softmax"),
            oos_index=cfg.get("oos_index"),
            floor=float(cfg.get("floor", 0.0)),
        )

    def runner(
        self,
        *,
        encoder: Encoder | None = None,
        graph: Path | None = None,
        threads: int = 1,
        device: str = "auto",
    ) -> OnnxEncoder | EncoderWithHead:
        """Texts -> ``[embeddings, logits]`` with the artifact's graph (or an int8 copy).

        :param encoder: the encoder it was built on; needed by ``head`` artifacts (checked
            against the artifact's record), ignored by ``pipeline`` ones.
        """
        assert self.path is not None, "load the artifact from disk first"
        return graph_runner(
            graph or self.path / MODEL_FILE, self.layout, built_on=self.encoder_record,
            tokenizer=self.path / TOKENIZER_FILE, encoder=encoder, artifact=self.path,
            kind="Router", threads=threads, device=device,
        )  # fmt: skip


def write_router(
    artifact: RouterArtifact,
    out: Path,
    graph: Path,
    *,
    encoder: EncoderRecord,
    layout: GraphLayout,
    tokenizer: Path | None = None,
) -> Path:
    """Write the artifact to ``out`` (atomically); ``graph`` is moved in as model.onnx."""
    written = write_artifact(
        out,
        config={"format": FORMAT, **artifact.config, GRAPH_KEY: layout},
        metrics=artifact.metrics,
        weights=artifact.weights,
        documents={MEMORY_FILE: artifact.memory_texts},
        copied={TOKENIZER_FILE: tokenizer} if tokenizer is not None else {},
        moved={MODEL_FILE: graph},
        encoder=encoder,
        content=FORMAT,
    )
    artifact.config = {k: v for k, v in written.config.items() if k != "format"}
    artifact.path = out
    artifact.sha256 = {name: entry["sha256"] for name, entry in written.manifest["files"].items()}
    return out


def load_router_artifact(path: Path | str) -> RouterArtifact:
    """Read a router artifact; every file must match the manifest's sha256.

    :raises ArtifactError: a missing or corrupt file, or a directory that is not a router.
    """
    verified = load_graph_artifact(
        Path(path), require=ROUTER_FILES, formats=(FORMAT,), hint=_RETRAIN_HINT
    )
    folder, config = verified.path, verified.config
    return RouterArtifact(
        config=config,
        weights=verified.weights(),
        memory_texts=_memory(folder),
        metrics=verified.metrics(),
        path=folder,
        sha256={name: entry["sha256"] for name, entry in verified.manifest["files"].items()},
    )


def artifact_int8_graph(artifact: RouterArtifact, *, cache_dir: Path) -> Path:
    """The int8 copy of an artifact's graph under ``cache_dir/routers``, keyed on the fp32 one."""
    folder = artifact.path
    assert folder is not None, "load the artifact from disk first"
    key = artifact.sha256[MODEL_FILE][:16]
    return atomic_build(
        cache_subdir(cache_dir, "routers") / f"router-{key}-int8.onnx",
        lambda out: quantize_int8(folder / MODEL_FILE, out),
    )


class TrainedTier:
    """The semantic tier routing with an artifact; its labels must be registered."""

    # Head probabilities are not cosines against off-topic-calibrated thresholds: no
    # evidence from the encoder (:mod:`instrux.semantic.evidence`).
    evidence: WordEvidence | None = None
    # Verified against the registry's own examples (every language).
    specs: None = None

    def __init__(self, artifact: RouterArtifact, encoder: OnnxEncoder | EncoderWithHead) -> None:
        self.artifact = artifact
        self.encoder = encoder
        self.router = artifact.router()
        oos = self.router.oos_index
        self._registered = {
            label for i, label in enumerate(self.router.labels) if oos is None or i != oos
        }

    @property
    def labels(self) -> list[str]:
        """The instructions this router decides (its out-of-scope class excluded)."""
        return [label for label in self.router.labels if label in self._registered]

    @classmethod
    def load(
        cls,
        path: Path | str,
        registry: Registry | None = None,
        settings: Settings | None = None,
        *,
        device: str = "auto",
        threads: int = 1,
    ) -> TrainedTier:
        """Load and verify the artifact at ``path``; its graph runs on ``device``.

        With a registry: its labels must be registered instructions. With settings too: it
        must have been built on the encoder they choose (``settings.encoder``), which a
        ``head`` artifact runs on.
        """
        artifact = load_router_artifact(path)
        encoder = None
        if registry is not None:
            _check_labels(Path(path), artifact, registry)
            if settings is not None:
                encoder = _engine_encoder(Path(path), artifact, registry, settings)
        runner = artifact.runner(encoder=encoder, threads=threads, device=device)
        return cls(artifact, runner)

    def decide(self, text: str) -> tuple[Decision, str | None]:
        embeddings, logits = self.encoder.run([text])[:2]
        return self.router.decide(embeddings[0], logits[0]), None


def _engine_encoder(
    path: Path, artifact: RouterArtifact, registry: Registry, settings: Settings
) -> Encoder:
    """The engine's encoder, refused when the router was built on another one."""
    from instrux.models.load import load_encoder

    encoder = load_encoder(registry, settings)
    # A pipeline graph carries its encoder: the name check alone keeps the engine consistent
    # without hashing the engine's model files. A head graph runs on this encoder's vectors:
    # the runner checks name and files (graph_runner).
    if artifact.layout == "pipeline":
        check_encoder(path, artifact.encoder_record, EncoderRecord(encoder.name))
    return encoder


def _check_labels(path: Path, artifact: RouterArtifact, registry: Registry) -> None:
    known = {entry.spec.name for entry in registry.instructions()}
    missing = [
        n
        for i, n in enumerate(artifact.config["labels"])
        if n not in known and i != artifact.config.get("oos_index")
    ]
    if missing:
        raise ConfigurationError(
            f"Router {path} routes to {len(missing)} unregistered instruction(s), "
            f"e.g. {missing[:3]}.",
            hint="Leave the built-in plugin instrux.routers on (it registers a "
            "router's intents), register them yourself "
            "(instrux.heads.intents.DatasetInstructions), or train on your "
            "instructions.",
        )


def _memory(folder: Path) -> list[str]:
    try:
        texts = json.loads((folder / MEMORY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ArtifactError(
            folder, MEMORY_FILE, f"cannot be read ({err})", hint=_RETRAIN_HINT
        ) from None
    if not isinstance(texts, list):
        raise ArtifactError(folder, MEMORY_FILE, "is not a list of texts", hint=_RETRAIN_HINT)
    return [str(t) for t in texts]
