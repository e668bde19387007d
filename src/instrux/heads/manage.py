"""The heads directory: add a verified artifact, list what is there."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from instrux.heads.artifact import find_heads, load_head, read_config
from instrux.runtime.artifacts import atomic_artifact
from instrux.runtime.errors import ArtifactError

__all__ = ["add_head", "list_heads"]


def add_head(source: Path, heads_dir: Path, name: str | None = None) -> Path:
    """Copy ``source`` (verified first) to ``heads_dir/NAME`` atomically; returns the copy.

    NAME defaults to the head's instruction (slots artifacts: the source directory's name).
    """
    artifact = load_head(source)
    target = heads_dir / (name or artifact.config.get("instruction") or source.resolve().name)
    if target.resolve() == source.resolve():
        return target  # already in place
    with atomic_artifact(target, content=artifact.config["format"]) as temp:
        for file in artifact.path.iterdir():
            if file.is_file() and file.name != "manifest.json":
                shutil.copy2(file, temp / file.name)
    return target


def list_heads(heads_dir: Path) -> list[dict[str, Any]]:
    """Name, format, instruction(s), labels and headline metrics of every artifact there."""
    heads: list[dict[str, Any]] = []
    for folder in find_heads(heads_dir):
        try:
            config = read_config(folder)
        except ArtifactError as err:
            heads.append({"name": folder.name, "format": "invalid", "summary": err.message})
            continue
        heads.append(
            {
                "name": folder.name,
                "path": str(folder),
                "format": config["format"],
                "instruction": config.get("instruction"),
                "instructions": sorted(config.get("instructions", {}).values()),
                "labels": config.get("labels", []),
                "metrics": config.get("summary", {}),
                "summary": _summary(config),
            }
        )
    return heads


def _summary(config: dict[str, Any]) -> str:
    if "instructions" in config:
        return f"{len(config['instructions'])} intents, {len(config.get('tags', []))} tags"
    numbers = ", ".join(
        f"{split} accuracy {m['accuracy']:.3f}"
        for split, m in config.get("summary", {}).items()
        if "accuracy" in m
    )
    return f"{config.get('instruction')} [{', '.join(config.get('labels', []))}] {numbers}"
