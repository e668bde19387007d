"""Resumable training: the model, the optimizer and the loop's position, never pickled.

A checkpoint is a directory written atomically (:func:`instrux.runtime.artifacts.
atomic_artifact`) after every epoch of a stage::

    model.safetensors      the module's state dict
    best.safetensors       the state with the best validation score so far
    optimizer.safetensors  the optimizer's tensors (exp_avg, momentum buffers, ...)
    state.json             stage, epoch, step, best score and epoch, the optimizer's
                           non-tensor state and param groups, the run's config

Shuffling and dropout are seeded from ``seed + epoch``, so a resumed run repeats exactly the
epochs the interrupted one would have run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from instrux.runtime.artifacts import atomic_artifact, read_json
from instrux.schemas.errors import ConfigurationError

__all__ = ["Position", "load_checkpoint", "save_checkpoint"]

STATE_FILE = "state.json"


@dataclass
class Position:
    """Where a stage's loop stands."""

    stage: str
    epoch: int = 0  # epochs completed
    step: int = 0
    best_score: float = float("-inf")
    best_epoch: int = 0
    stale: int = 0  # epochs since the best
    extra: dict[str, Any] = field(default_factory=dict)


def save_checkpoint(
    folder: Path,
    module: Any,
    optimizer: Any,
    best: dict[str, Any],
    position: Position,
    config: dict[str, Any],
) -> None:
    from safetensors.torch import save_file

    with atomic_artifact(folder) as temp:
        save_file(_contiguous(module.state_dict()), str(temp / "model.safetensors"))
        save_file(_contiguous(best), str(temp / "best.safetensors"))
        tensors, rest = _split_optimizer(optimizer.state_dict())
        save_file(tensors, str(temp / "optimizer.safetensors"))
        state = {"position": position.__dict__, "optimizer": rest, "config": config}
        (temp / STATE_FILE).write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")


def load_checkpoint(
    folder: Path, stage: str, module: Any, optimizer: Any
) -> tuple[Position, dict[str, Any]] | None:
    """Restore ``module`` and ``optimizer`` from ``folder``; ``(position, best state)``.

    ``None`` when ``folder`` holds no checkpoint of this stage (a run that had not reached it).
    """
    from safetensors.torch import load_file

    if not (folder / STATE_FILE).exists():
        return None
    state = read_json(folder, STATE_FILE)
    if state["position"]["stage"] != stage:
        return None
    try:
        module.load_state_dict(load_file(str(folder / "model.safetensors")))
    except RuntimeError as err:
        raise ConfigurationError(
            f"Checkpoint {folder} does not fit this model ({str(err)[:200]}).",
            hint="Resume with the options of the interrupted run, or start without --resume.",
        ) from None
    optimizer.load_state_dict(
        _join_optimizer(load_file(str(folder / "optimizer.safetensors")), state["optimizer"])
    )
    best = load_file(str(folder / "best.safetensors"))
    return Position(**state["position"]), best


def _contiguous(state: dict[str, Any]) -> dict[str, Any]:
    return {k: v.detach().contiguous().clone() for k, v in state.items()}


def _split_optimizer(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Tensors (for safetensors) and everything else (for JSON) of an optimizer state dict."""
    import torch

    tensors: dict[str, Any] = {}
    plain: dict[str, dict[str, Any]] = {}
    for index, values in state["state"].items():
        for key, value in values.items():
            if isinstance(value, torch.Tensor):
                tensors[f"{index}.{key}"] = value.detach().contiguous().clone()
            else:
                plain.setdefault(str(index), {})[key] = value
    return tensors, {"state": plain, "param_groups": state["param_groups"]}


def _join_optimizer(tensors: dict[str, Any], rest: dict[str, Any]) -> dict[str, Any]:
    state: dict[int, dict[str, Any]] = {int(k): dict(v) for k, v in rest["state"].items()}
    for name, value in tensors.items():
        index, _, key = name.partition(".")
        state.setdefault(int(index), {})[key] = value
    return {"state": state, "param_groups": rest["param_groups"]}
