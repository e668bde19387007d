"""Weight snapping: move near-integer weights onto the integers, keep it only if it helps.

Gradient descent gets an adder's coefficients to about 0.99998, never to 1, and that error
grows linearly with the operands (relative 2.3e-5 at 1e6 for the plain two-layer adder).
Snapping every weight within ``tolerance`` of an integer to that integer makes the network
compute ``1*a + 1*b + 0`` exactly. It is accepted only when the validation loss does not get
worse, so a network that learned something other than integer coefficients keeps its weights.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import torch
from torch import Tensor, nn

__all__ = ["SnapReport", "snap"]


@dataclass(frozen=True)
class SnapReport:
    accepted: bool
    tolerance: float
    snapped: int  # weights moved onto an integer
    total: int  # weights in the model
    max_shift: float  # largest distance a weight moved
    val_loss_before: float
    val_loss_after: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@torch.no_grad()
def snap(
    model: nn.Module, val_loss: Callable[[nn.Module], float], tolerance: float = 0.01
) -> SnapReport:
    """Snap ``model`` in place (after ``canonicalize_()`` when it has one).

    :param val_loss: the validation loss of a model; the snapped weights are kept only when it
        is not larger than before snapping.
    :param tolerance: weights farther than this from every integer are left as they are.
    """
    before = copy.deepcopy(model.state_dict())
    loss_before = val_loss(model)
    canonicalize = getattr(model, "canonicalize_", None)
    if callable(canonicalize):
        canonicalize()
    snapped = total = 0
    max_shift = 0.0
    for param in model.parameters():
        nearest = torch.round(param) + 0.0  # + 0.0 turns -0.0 into 0.0
        close = (param - nearest).abs() <= tolerance  # same shape as param
        max_shift = max(max_shift, float(_masked_max((param - nearest).abs(), close)))
        param.copy_(torch.where(close, nearest, param))
        snapped += int(close.sum())
        total += param.numel()
    loss_after = val_loss(model)
    accepted = snapped > 0 and loss_after <= loss_before
    if not accepted:
        model.load_state_dict(before)
    return SnapReport(accepted, tolerance, snapped, total, max_shift, loss_before, loss_after)


def _masked_max(values: Tensor, mask: Tensor) -> Tensor:
    return torch.where(mask, values, torch.zeros_like(values)).max()
