"""Head artifacts: the one instrux artifact format, with a head's config.

Layout (the files and manifest of :mod:`instrux.runtime.artifacts`, as routers have)::

    config.json          format "instrux.head/1" (or "instrux.slots/1"), task, instruction,
                         description, phrasings, labels, mode, max_tokens, training settings,
                         encoder (name and fingerprint), graph ("pipeline" or "head")
    weights.safetensors  the trained tensors (head.*; encoder.* when the encoder was tuned;
                         lora.* adapters for LoRA, merged into the graph's encoder; memory:
                         training embeddings of a classification head, for its floor)
    tokenizer.json       the encoder's tokenizer ("pipeline" graphs)
    model.onnx           "pipeline": ONE graph, encoder + pooling + head (slots: + token
                         tagger); "head": the head alone, on the named encoder's embeddings
    model.int8.onnx      optional per-channel dynamic int8 copy (``--int8``)
    metrics.json         training summary, validation/test metrics, parity, int8 change
    manifest.json        sha256 and size of every file above

Written atomically by the one artifact writer (:func:`instrux.runtime.artifacts.write_artifact`);
loading verifies every hash. :func:`read_config` reads only config.json: the plugin lists heads
without hashing graphs, and verifies an artifact the first time it executes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from instrux.runtime.artifacts import (
    CONFIG_FILE,
    INT8_FILE,
    MODEL_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
    EncoderRecord,
    GraphLayout,
    check_format,
    graph_layout,
    load_graph_artifact,
    read_json,
    write_artifact,
)

__all__ = [
    "HEAD_FORMAT",
    "INT8_FILE",
    "SLOTS_FORMAT",
    "TOKENIZER_FILE",
    "HeadArtifact",
    "find_heads",
    "load_head",
    "read_config",
    "served_instructions",
    "slot_instructions",
    "write_head",
]

HEAD_FORMAT = "instrux.head/1"
SLOTS_FORMAT = "instrux.slots/1"
FORMATS = (HEAD_FORMAT, SLOTS_FORMAT)
REQUIRED = (CONFIG_FILE, MODEL_FILE)
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

    @property
    def layout(self) -> GraphLayout:
        return graph_layout(self.config)

    def memory(self) -> Any:
        """The training embeddings a classification head keeps for its nearest-example floor
        (``memory`` in weights.safetensors, read alone), or ``None`` (older artifacts)."""
        from safetensors import safe_open

        weights = self.path / WEIGHTS_FILE
        if not weights.is_file():
            return None
        with safe_open(str(weights), framework="numpy") as tensors:
            return tensors.get_tensor("memory") if "memory" in tensors.keys() else None  # noqa: SIM118

    @property
    def encoder(self) -> EncoderRecord:
        """The encoder it was built on (all-MiniLM-L6-v2 for heads that record none)."""
        return EncoderRecord.built_on(self.config)


def write_head(
    out: Path,
    config: dict[str, Any],
    weights: dict[str, Any],
    metrics: dict[str, Any],
    *,
    encoder: EncoderRecord,
    graphs: dict[str, Path],
    tokenizer: Path | None = None,
) -> Path:
    """Write an artifact atomically; ``graphs`` maps file names to built graphs (moved in).

    ``tokenizer`` is copied in for ``pipeline`` graphs (they read token ids).
    """
    write_artifact(
        out,
        config=config,
        metrics=metrics,
        weights=weights,
        moved=graphs,
        copied={TOKENIZER_FILE: tokenizer} if tokenizer is not None else {},
        encoder=encoder,
        content=config["format"],
    )
    return out


def load_head(path: Path | str, *, formats: tuple[str, ...] = FORMATS) -> HeadArtifact:
    """Read and verify a head artifact (every file against the manifest's sha256).

    :raises ArtifactError: a missing or corrupt file, or a directory that is not a head.
    """
    verified = load_graph_artifact(Path(path), require=REQUIRED, formats=formats, hint=_HINT)
    return HeadArtifact(verified.path, verified.config, verified.metrics())


def read_config(path: Path, *, formats: tuple[str, ...] = FORMATS) -> dict[str, Any]:
    """config.json of a head artifact, unverified (cheap: for listing and registering)."""
    config = read_json(path, CONFIG_FILE)
    check_format(path, config, formats, _HINT)
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


def served_instructions(heads_dir: Path | None) -> dict[str, Path]:
    """Instruction name -> the slots artifact under ``heads_dir`` that serves it.

    The first artifact (by name) wins (see :func:`slot_instructions`).
    """
    served: dict[str, Path] = {}
    for folder in find_heads(heads_dir):
        try:
            config = read_config(folder, formats=(SLOTS_FORMAT,))
        except Exception:  # another kind of artifact (or a broken one: the plugin reports it)
            continue
        for instruction in slot_instructions(config):
            served.setdefault(instruction, folder)
    return served


def slot_instructions(config: dict[str, Any]) -> list[str]:
    """The instructions a slots artifact serves: those its config's ``instructions`` map names
    (``instrux train slots --prefix P`` writes ``P.<intent>``)."""
    return [str(name) for name in config.get("instructions", {}).values()]
