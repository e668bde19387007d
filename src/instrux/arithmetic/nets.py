"""Sub-network executors: small torch modules, each with a config dataclass.

Execution is ``M(x, I) = f(theta, phi(x, I))``: ``phi`` turns the operands (and, for the
conditioned net, a one-hot instruction code) into one feature row, ``f`` is the module.

- :class:`AffineStack`: the classic learned adder, ``Linear(2, 2) -> Linear(2, 1)``.
- :class:`ConditionedAffine`: one net for several linear ops from ``[a, b, onehot(I)]``.
- :class:`ProductUnit`: ``prod_i sign_i * |x_i| ** w_i``, the multiplicative path of NALU
  (``exp(W log|x|)``) written with ``pow`` so that, with integer weights, it is exactly
  ``a * b`` or ``a * (1 / b)`` in floating point. Learns multiply and divide.
- :class:`PowerUnit`: ``sign * |base| ** (scale * exponent + shift)``, a log-space unit whose
  exponent is an input.

All four extrapolate because their form, not a fit of the training range, carries the
operation; training only has to find a few coefficients, which snapping then makes exact.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
from torch import Tensor, nn

__all__ = [
    "MODEL_TYPES",
    "AffineStack",
    "AffineStackConfig",
    "ConditionedAffine",
    "ConditionedAffineConfig",
    "LogMagnitude",
    "PowerUnit",
    "PowerUnitConfig",
    "ProductUnit",
    "ProductUnitConfig",
    "build_model",
    "model_type_of",
]


@dataclass(frozen=True)
class AffineStackConfig:
    in_features: int = 2  # the operands a, b
    hidden: int = 2  # width of the first Linear; the classic adder uses 2
    out_features: int = 1


class AffineStack(nn.Module):
    """``Linear(in, hidden) -> Linear(hidden, out)`` with no activation: an affine map."""

    def __init__(self, config: AffineStackConfig) -> None:
        super().__init__()
        self.config = config
        self.hidden = nn.Linear(config.in_features, config.hidden)
        self.out = nn.Linear(config.hidden, config.out_features)

    def forward(self, x: Tensor) -> Tensor:
        h: Tensor = self.hidden(x)  # (B, hidden)
        return self.out(h)  # type: ignore[no-any-return]  # (B, out)

    @torch.no_grad()
    def canonicalize_(self) -> None:
        """Rewrite the same function as ``hidden = identity``, ``out = W2 W1, W2 b1 + b2``.

        The two layers are not identifiable (any invertible map can sit between them), so
        their individual weights cannot be snapped; the collapsed affine map can. The first
        layer keeps its shape, so the architecture stays ``Linear(2, 2) -> Linear(2, 1)``.
        """
        w1, b1 = self.hidden.weight, self.hidden.bias  # (H, I), (H,)
        w2, b2 = self.out.weight, self.out.bias  # (O, H), (O,)
        if self.config.hidden < self.config.in_features:
            return  # a bottleneck cannot hold the identity; leave it as trained
        w_eff, b_eff = w2 @ w1, w2 @ b1 + b2  # (O, I), (O,)
        eye = torch.zeros_like(w1)
        eye[: self.config.in_features, :].copy_(torch.eye(self.config.in_features))
        w1.copy_(eye)
        b1.zero_()
        w2.zero_()
        w2[:, : self.config.in_features].copy_(w_eff)
        b2.copy_(b_eff)


@dataclass(frozen=True)
class ConditionedAffineConfig:
    n_operands: int = 2  # a, b
    ops: tuple[str, ...] = ("add", "subtract")  # one-hot positions, in order


class ConditionedAffine(nn.Module):
    """``y = sum_j c_j(I) * x_j + c_0(I)`` with ``c(I) = W onehot(I)``: a tiny hypernetwork.

    The instruction code picks a column of ``W`` (no bias, so each column is identifiable and
    can be snapped on its own).
    """

    def __init__(self, config: ConditionedAffineConfig) -> None:
        super().__init__()
        self.config = config
        self.coefficients = nn.Linear(len(config.ops), config.n_operands + 1, bias=False)

    def forward(self, x: Tensor) -> Tensor:
        n = self.config.n_operands
        operands, code = x[:, :n], x[:, n:]  # (B, n), (B, n_ops)
        coeff: Tensor = self.coefficients(code)  # (B, n + 1)
        y = (coeff[:, :n] * operands).sum(dim=-1, keepdim=True)  # (B, 1)
        return y + coeff[:, n:]  # (B, 1)


@dataclass(frozen=True)
class ProductUnitConfig:
    n_inputs: int = 2
    init: tuple[float, ...] = field(default=(0.5, 0.5))  # starting exponents


class ProductUnit(nn.Module):
    """``y = prod_i s_i |x_i|^{w_i}``, with ``s_i = cos(pi w_i)`` for negative ``x_i``.

    ``cos(pi w)`` is ``(-1)^w`` for integer ``w`` and smooth in between, so the sign needs no
    separate gate (NALU drops the sign altogether).
    """

    def __init__(self, config: ProductUnitConfig) -> None:
        super().__init__()
        self.config = config
        self.weight = nn.Parameter(torch.tensor(config.init, dtype=torch.float32))

    def forward(self, x: Tensor) -> Tensor:
        magnitude = torch.pow(x.abs(), self.weight)  # (B, n)
        flip = torch.cos(math.pi * self.weight).expand_as(x)  # (B, n)
        sign = torch.where(x < 0, flip, torch.ones_like(x))  # (B, n)
        return (sign * magnitude).prod(dim=-1, keepdim=True)  # (B, 1)

    def log_magnitude(self, x: Tensor) -> Tensor:
        """``log |y| = sum_i w_i log |x_i|``: NALU's log-space form, linear in the weights."""
        return (torch.log(x.abs()) * self.weight).sum(dim=-1, keepdim=True)  # (B, 1)


@dataclass(frozen=True)
class PowerUnitConfig:
    init_scale: float = 0.5  # starting multiplier of the exponent
    init_shift: float = 0.0


class PowerUnit(nn.Module):
    """``y = s * |base|^(scale * exponent + shift)`` from ``x = [base, exponent]``.

    ``|base|^t`` is ``exp(t log|base|)``, the log-space unit, computed by ``pow`` (one
    rounding instead of two). The sign of a negative base is ``(-1)^round(t)``, from
    ``fmod``; it carries no gradient (a non-integer exponent with a negative base is a domain
    error that the executor rejects before the net runs).
    """

    def __init__(self, config: PowerUnitConfig) -> None:
        super().__init__()
        self.config = config
        self.scale = nn.Parameter(torch.tensor([config.init_scale]))
        self.shift = nn.Parameter(torch.tensor([config.init_shift]))

    def forward(self, x: Tensor) -> Tensor:
        base, exponent = x[:, 0:1], x[:, 1:2]  # (B, 1), (B, 1)
        t = self.scale * exponent + self.shift  # (B, 1)
        whole = torch.round(t.detach())  # (B, 1); the sign carries no gradient
        parity = 1.0 - 2.0 * torch.fmod(whole, 2.0).abs()  # (B, 1): +1 even, -1 odd
        sign = torch.where(base < 0, parity, torch.ones_like(base))  # (B, 1)
        return sign * torch.pow(base.abs(), t)  # (B, 1)

    def log_magnitude(self, x: Tensor) -> Tensor:
        """``log |y| = (scale * exponent + shift) * log |base|``, linear in the parameters."""
        t = self.scale * x[:, 1:2] + self.shift  # (B, 1)
        return t * torch.log(x[:, 0:1].abs())  # (B, 1)


class LogMagnitude(nn.Module):
    """Training view of a multiplicative unit: its ``log |y|``, to fit against ``log |target|``.

    Products and powers span many orders of magnitude, so a loss on ``y`` is dominated by the
    largest samples and (as a relative error) is lopsided; in log space the fit is a linear
    least-squares problem in the unit's weights. The view shares the unit's parameters; only
    the unit itself is exported.
    """

    def __init__(self, unit: ProductUnit | PowerUnit) -> None:
        super().__init__()
        self.unit = unit

    def forward(self, x: Tensor) -> Tensor:
        return self.unit.log_magnitude(x)  # (B, 1)


MODEL_TYPES: dict[str, tuple[type[Any], type[nn.Module]]] = {
    "affine_stack": (AffineStackConfig, AffineStack),
    "conditioned_affine": (ConditionedAffineConfig, ConditionedAffine),
    "product_unit": (ProductUnitConfig, ProductUnit),
    "power_unit": (PowerUnitConfig, PowerUnit),
}


def build_model(model_type: str, config: dict[str, Any]) -> nn.Module:
    """A fresh module of ``model_type`` from its config as stored in ``config.json``."""
    if model_type not in MODEL_TYPES:
        raise KeyError(f"unknown model type {model_type!r}; known: {sorted(MODEL_TYPES)}")
    config_cls, module_cls = MODEL_TYPES[model_type]
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in config.items()}
    return module_cls(config_cls(**values))


def model_type_of(model: nn.Module) -> tuple[str, dict[str, Any]]:
    """The ``(model_type, config dict)`` that :func:`build_model` rebuilds ``model`` from."""
    for name, (_, module_cls) in MODEL_TYPES.items():
        if type(model) is module_cls:
            return name, asdict(model.config)  # type: ignore[call-overload]
    raise KeyError(f"{type(model).__name__} is not a registered model type")
