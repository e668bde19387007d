"""Trained router artifacts: one directory, written atomically, verified when loaded.

Layout (``instrux train router`` writes it; :func:`load_artifact` reads it)::

    config.json         labels (instruction names), intents, thresholds, margin, settings
    weights.safetensors head.weight (C, D), head.bias (C,), memory (M, D), memory_labels (M,)
                        and, when the encoder was fine-tuned, its weights (encoder.*)
    memory.json         the training sentences behind ``memory`` (nearest-example evidence)
    tokenizer.json      the encoder's tokenizer
    model.onnx          ONE graph: encoder + mean pooling + L2 norm + head
    metrics.json        validation metrics and calibration sweep
    manifest.json       sha256 of every file above

Nothing is pickled; the ONNX graph is all that inference needs besides the thresholds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from instrux.registry import Registry
from instrux.schemas.errors import ConfigurationError
from instrux.semantic.encoder import Encoder
from instrux.semantic.router import Decision, Head, SemanticRouter

__all__ = ["FORMAT", "RouterArtifact", "TrainedTier", "load_artifact", "write_artifact"]

FORMAT = "instrux.router/1"
FloatArray = npt.NDArray[np.float32]
_MANIFEST = "manifest.json"


@dataclass
class RouterArtifact:
    """An artifact in memory: what :func:`write_artifact` writes, :func:`load_artifact` reads."""

    config: dict[str, Any]  # labels, intents, thresholds, margin, confidence, oos_index, ...
    weights: dict[str, FloatArray]  # head.weight, head.bias, memory, memory_labels, encoder.*
    memory_texts: list[str]
    metrics: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

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
        )

    def encoder(self, *, graph: Path | None = None, threads: int | None = None) -> Encoder:
        """The artifact's ONNX graph (or an int8 copy of it) as an :class:`Encoder`."""
        assert self.path is not None, "load the artifact from disk first"
        return Encoder(
            graph or self.path / "model.onnx", self.path / "tokenizer.json", threads=threads
        )


def write_artifact(
    artifact: RouterArtifact, out: Path, write_graph: Callable[[Path], None], tokenizer: Path
) -> Path:
    """Write every file into a temporary directory, then rename it onto ``out``."""
    from safetensors.numpy import save_file

    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-"))
    temp.chmod(0o755)  # mkdtemp makes it private; an artifact is meant to be shared
    try:
        _json(temp / "config.json", {"format": FORMAT, **artifact.config})
        save_file(
            {k: np.ascontiguousarray(v) for k, v in artifact.weights.items()},
            str(temp / "weights.safetensors"),
        )
        _json(temp / "memory.json", artifact.memory_texts)
        _json(temp / "metrics.json", artifact.metrics)
        shutil.copyfile(tokenizer, temp / "tokenizer.json")
        write_graph(temp / "model.onnx")
        files = sorted(p.name for p in temp.iterdir())
        _json(temp / _MANIFEST, {"format": FORMAT, "files": {n: _sha256(temp / n) for n in files}})
        _swap_into_place(temp, out)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    artifact.path = out
    return out


def load_artifact(path: Path | str, *, verify: bool = True) -> RouterArtifact:
    """Read an artifact; with ``verify`` every file must match the manifest's sha256."""
    from safetensors.numpy import load_file

    folder = Path(path)
    manifest = _read_json(folder / _MANIFEST, folder)
    if verify:
        for name, digest in manifest["files"].items():
            if _sha256(folder / name) != digest:
                raise _broken(folder, f"{name} does not match its sha256 in the manifest")
    config = _read_json(folder / "config.json", folder)
    if config.get("format") != FORMAT:
        raise _broken(folder, f"format {config.get('format')!r}, expected {FORMAT!r}")
    return RouterArtifact(
        config=config,
        weights=load_file(str(folder / "weights.safetensors")),
        memory_texts=_read_json(folder / "memory.json", folder),
        metrics=_read_json(folder / "metrics.json", folder),
        path=folder,
    )


class TrainedTier:
    """The semantic tier routing with an artifact; its labels must be registered."""

    def __init__(self, artifact: RouterArtifact, encoder: Encoder) -> None:
        self.artifact = artifact
        self.encoder = encoder
        self.router = artifact.router()

    @classmethod
    def load(cls, path: Path | str, registry: Registry | None = None) -> TrainedTier:
        artifact = load_artifact(path)
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
                    hint="Register them (instrux.semantic.bulk.DatasetInstructions) "
                    "or train on your instructions.",
                )
        return cls(artifact, artifact.encoder())

    def decide(self, text: str) -> tuple[Decision, str | None]:
        embeddings, logits = self.encoder.run([text])[:2]
        return self.router.decide(embeddings[0], logits[0]), None


def _swap_into_place(temp: Path, out: Path) -> None:
    """``os.replace`` cannot replace a non-empty directory: move the old one aside first."""
    old = out.with_name(f".{out.name}-old")
    if out.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
    os.replace(temp, out)
    shutil.rmtree(old, ignore_errors=True)


def _json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _read_json(path: Path, folder: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise _broken(folder, str(err)) from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _broken(folder: Path, reason: str) -> ConfigurationError:
    return ConfigurationError(
        f"{folder} is not a usable router artifact: {reason}.",
        hint="Train it again with `instrux train router --data FILE --out DIR`.",
    )
