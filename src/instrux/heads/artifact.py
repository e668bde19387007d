"""Head artifacts: the one instrux artifact format, with a head's config.

Layout (the files and manifest of :mod:`instrux.runtime.artifacts`, as routers have)::

    config.json          format "instrux.head/1" (or "instrux.slots/1"), task, instruction,
                         description, phrasings, labels, mode, max_tokens, training settings
    weights.safetensors  the trained tensors (head.*; encoder.* when the encoder was tuned;
                         lora.* adapters for LoRA, merged into the graph's encoder)
    tokenizer.json       the encoder's tokenizer
    model.onnx           ONE graph: encoder + pooling + head (slots: + token tagger)
    model.int8.onnx      optional per-channel dynamic int8 copy (``--int8``)
    metrics.json         training summary, validation/test metrics, parity, int8 change
    manifest.json        sha256 and size of every file above

Written atomically (a temporary sibling renamed into place); loading verifies every hash.
:func:`read_config` reads only config.json: the plugin lists heads without hashing graphs,
and verifies an artifact the first time it executes.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from instrux.runtime.artifacts import (
    CONFIG_FILE,
    METRICS_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    atomic_artifact,
    load_artifact,
    read_json,
    write_json,
)
from instrux.runtime.errors import ArtifactError

__all__ = [
    "HEAD_FORMAT",
    "INT8_FILE",
    "SLOTS_FORMAT",
    "TOKENIZER_FILE",
    "HeadArtifact",
    "find_heads",
    "load_head",
    "read_config",
    "write_head",
]

HEAD_FORMAT = "instrux.head/1"
SLOTS_FORMAT = "instrux.slots/1"
FORMATS = (HEAD_FORMAT, SLOTS_FORMAT)
TOKENIZER_FILE = "tokenizer.json"
INT8_FILE = "model.int8.onnx"
REQUIRED = (CONFIG_FILE, TOKENIZER_FILE, MODEL_FILE)
_HINT = "Train it again (`instrux train head` or `instrux train slots`, see docs/heads.md)."


@dataclass(frozen=True)
class HeadArtifact:
    """A verified head (or slot-filling) artifact on disk."""

    path: Path
    config: dict[str, Any]
    metrics: dict[str, Any]

    @property
    def labels(self) -> list[str]:
        return list(self.config.get("labels", []))

    @property
    def graph(self) -> Path:
        return self.path / MODEL_FILE

    @property
    def int8_graph(self) -> Path | None:
        graph = self.path / INT8_FILE
        return graph if graph.is_file() else None

    @property
    def tokenizer(self) -> Path:
        return self.path / TOKENIZER_FILE


def write_head(
    out: Path,
    config: dict[str, Any],
    weights: dict[str, Any],
    metrics: dict[str, Any],
    *,
    tokenizer: Path,
    graphs: dict[str, Path],
) -> Path:
    """Write an artifact atomically; ``graphs`` maps file names to built graphs (moved in)."""
    import numpy as np
    from safetensors.numpy import save_file

    with atomic_artifact(out, content=config["format"]) as temp:
        write_json(temp / CONFIG_FILE, config)
        save_file(
            {k: np.ascontiguousarray(v) for k, v in weights.items()}, str(temp / WEIGHTS_FILE)
        )
        (temp / METRICS_FILE).write_text(json.dumps(metrics, indent=1, default=float) + "\n")
        shutil.copyfile(tokenizer, temp / TOKENIZER_FILE)
        for name, graph in graphs.items():
            shutil.move(str(graph), temp / name)
    return out


def load_head(path: Path | str, *, formats: tuple[str, ...] = FORMATS) -> HeadArtifact:
    """Read and verify a head artifact (every file against the manifest's sha256).

    :raises ArtifactError: a missing or corrupt file, or a directory that is not a head.
    """
    try:
        verified = load_artifact(Path(path), require=REQUIRED)
    except ArtifactError as err:
        raise ArtifactError(err.artifact, err.file, err.reason, hint=_HINT) from None
    _check_format(verified.path, verified.config, formats)
    return HeadArtifact(verified.path, verified.config, verified.metrics())


def read_config(path: Path, *, formats: tuple[str, ...] = FORMATS) -> dict[str, Any]:
    """config.json of a head artifact, unverified (cheap: for listing and registering)."""
    config = read_json(path, CONFIG_FILE)
    _check_format(path, config, formats)
    return config


def find_heads(root: Path | None) -> list[Path]:
    """Artifact directories directly under ``root`` (sorted); none when it does not exist."""
    if root is None or not root.is_dir():
        return []
    return sorted(
        child
        for child in root.iterdir()
        if child.is_dir() and not child.name.startswith(".") and (child / CONFIG_FILE).is_file()
    )


def _check_format(path: Path, config: dict[str, Any], formats: tuple[str, ...]) -> None:
    if config.get("format") not in formats:
        raise ArtifactError(
            path,
            CONFIG_FILE,
            f"has format {config.get('format')!r}, expected one of {list(formats)}",
            hint=_HINT,
        )
