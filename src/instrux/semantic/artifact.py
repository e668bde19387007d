"""Trained router artifacts: one directory, written atomically, verified when loaded.

Layout (``instrux train router`` writes it; :func:`load_router_artifact` reads it)::

    config.json         format, labels (instruction names), intents, thresholds, margin, settings
    weights.safetensors head.weight (C, D), head.bias (C,), memory (M, D), memory_labels (M,)
                        and, when the encoder was fine-tuned, its weights (encoder.*)
    memory.json         the training sentences behind ``memory`` (nearest-example evidence)
    tokenizer.json      the encoder's tokenizer
    model.onnx          ONE graph: encoder + mean pooling + L2 norm + head
    metrics.json        validation metrics and calibration sweep
    manifest.json       sha256 and size of every file above

The directory is an ordinary instrux artifact: written with
:func:`instrux.runtime.artifacts.atomic_artifact` and read with
:func:`instrux.runtime.artifacts.load_artifact`, which also accepts the manifests of routers
written before the two formats were merged (plain sha256 strings). Nothing is pickled; the
ONNX graph is all that inference needs besides the thresholds.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from instrux.registry import Registry
from instrux.runtime.artifacts import (
    CONFIG_FILE,
    MANIFEST_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    atomic_artifact,
    read_json,
)
from instrux.runtime.artifacts import load_artifact as load_verified
from instrux.runtime.errors import ArtifactError
from instrux.schemas.errors import ConfigurationError
from instrux.semantic.encoder import Encoder
from instrux.semantic.router import Decision, Head, SemanticRouter

__all__ = [
    "FORMAT",
    "ROUTER_FILES",
    "RouterArtifact",
    "TrainedTier",
    "load_router_artifact",
    "write_artifact",
]

FORMAT = "instrux.router/1"  # config.json's "format": what kind of artifact this is
MEMORY_FILE = "memory.json"
TOKENIZER_FILE = "tokenizer.json"
ROUTER_FILES = (CONFIG_FILE, WEIGHTS_FILE, MEMORY_FILE, TOKENIZER_FILE, MODEL_FILE)
FloatArray = npt.NDArray[np.float32]
_RETRAIN_HINT = "Train it again with `instrux train router --data FILE --out DIR`."


@dataclass
class RouterArtifact:
    """An artifact in memory: what :func:`write_artifact` writes and
    :func:`load_router_artifact` reads."""

    config: dict[str, Any]  # labels, intents, thresholds, margin, confidence, oos_index, ...
    weights: dict[str, FloatArray]  # head.weight, head.bias, memory, memory_labels, encoder.*
    memory_texts: list[str]
    metrics: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    sha256: dict[str, str] = field(default_factory=dict)  # file -> sha256, once on disk

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

    def encoder(
        self, *, graph: Path | None = None, threads: int = 1, device: str = "auto"
    ) -> Encoder:
        """The artifact's ONNX graph (or an int8 copy of it) as an :class:`Encoder`."""
        assert self.path is not None, "load the artifact from disk first"
        return Encoder(
            graph or self.path / MODEL_FILE,
            self.path / TOKENIZER_FILE,
            threads=threads,
            device=device,
        )


def write_artifact(
    artifact: RouterArtifact, out: Path, write_graph: Callable[[Path], None], tokenizer: Path
) -> Path:
    """Write every file into a temporary directory, then rename it onto ``out``."""
    from safetensors.numpy import save_file

    with atomic_artifact(out, content=FORMAT) as temp:
        _json(temp / CONFIG_FILE, {"format": FORMAT, **artifact.config})
        save_file(
            {k: np.ascontiguousarray(v) for k, v in artifact.weights.items()},
            str(temp / WEIGHTS_FILE),
        )
        _json(temp / MEMORY_FILE, artifact.memory_texts)
        _json(temp / "metrics.json", artifact.metrics)
        shutil.copyfile(tokenizer, temp / TOKENIZER_FILE)
        write_graph(temp / MODEL_FILE)
    artifact.path = out
    files = read_json(out, MANIFEST_FILE)["files"]
    artifact.sha256 = {name: entry["sha256"] for name, entry in files.items()}
    return out


def load_router_artifact(path: Path | str) -> RouterArtifact:
    """Read a router artifact; every file must match the manifest's sha256.

    :raises ArtifactError: a missing or corrupt file, or a directory that is not a router.
    """
    from safetensors.numpy import load_file

    try:
        verified = load_verified(Path(path), require=ROUTER_FILES)
    except ArtifactError as err:  # same finding, with the fix for a router (not a net)
        raise ArtifactError(err.artifact, err.file, err.reason, hint=_RETRAIN_HINT) from None
    folder, config = verified.path, verified.config
    if config.get("format") != FORMAT:
        raise ArtifactError(
            folder,
            CONFIG_FILE,
            f"has format {config.get('format')!r}, expected {FORMAT!r}",
            hint=_RETRAIN_HINT,
        )
    return RouterArtifact(
        config=config,
        weights=load_file(str(folder / WEIGHTS_FILE)),
        memory_texts=_read_json(folder, MEMORY_FILE),
        metrics=verified.metrics(),
        path=folder,
        sha256={name: entry["sha256"] for name, entry in verified.manifest["files"].items()},
    )


class TrainedTier:
    """The semantic tier routing with an artifact; its labels must be registered."""

    def __init__(self, artifact: RouterArtifact, encoder: Encoder) -> None:
        self.artifact = artifact
        self.encoder = encoder
        self.router = artifact.router()

    @classmethod
    def load(
        cls,
        path: Path | str,
        registry: Registry | None = None,
        *,
        device: str = "auto",
        threads: int = 1,
    ) -> TrainedTier:
        """Load and verify the artifact at ``path``; its graph runs on ``device``."""
        artifact = load_router_artifact(path)
        if registry is not None:
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
                    "(instrux.plugins.datasets.DatasetInstructions), or train on your "
                    "instructions.",
                )
        return cls(artifact, artifact.encoder(threads=threads, device=device))

    def decide(self, text: str) -> tuple[Decision, str | None]:
        embeddings, logits = self.encoder.run([text])[:2]
        return self.router.decide(embeddings[0], logits[0]), None


def _json(path: Path, data: Any) -> None:
    # ensure_ascii=False: training sentences in any language stay readable in memory.json
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _read_json(folder: Path, name: str) -> Any:
    try:
        return json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ArtifactError(folder, name, f"cannot be read ({err})", hint=_RETRAIN_HINT) from None
