"""What the one training loop is configured by: a pydantic model, shared by every recipe.

Recipes (arithmetic nets, heads, routers, slot taggers) extend :class:`LoopConfig` with their
own fields; the CLI generates its options from these models
(:func:`instrux.plugins.commands.options_from`), so a default or a description is written once.
"""

from __future__ import annotations

from typing import Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from instrux.schemas.config import validated

__all__ = ["LoopConfig", "Loss", "Optimizer", "Schedule", "build_config"]

C = TypeVar("C", bound=BaseModel)
Optimizer = Literal["adamw", "adam", "sgd"]
Schedule = Literal["linear", "onecycle", "constant"]
# Losses of the recipes: cross_entropy on labels; mse or mae on numbers (regression, nets).
Loss = Literal["cross_entropy", "mse", "mae"]


class LoopConfig(BaseModel):
    """How the loop trains: optimizer, batches, schedule, early stopping, seed, threads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    optimizer: Optimizer = Field(default="adamw", description="adamw, adam or sgd.")
    weight_decay: float = Field(default=0.01, ge=0, description="Weight decay.")
    momentum: float = Field(default=0.9, ge=0, description="SGD momentum.")
    batch_size: int = Field(default=32, ge=1, description="Rows per optimizer step.")
    schedule: Schedule = Field(
        default="linear",
        description="Learning rate over the run: linear (warm-up then decay), onecycle or "
        "constant.",
    )
    warmup: float = Field(
        default=0.06, ge=0, le=1, description="Share of steps warming up (linear schedule)."
    )
    patience: int = Field(
        default=5,
        ge=0,
        description="Validations without a better score before stopping (0: never stop early).",
    )
    min_delta: float = Field(
        default=0.0, ge=0, description="Relative improvement of the best score that counts."
    )
    seed: int = Field(default=0, description="Seed of weights, shuffling and splits.")
    threads: int = Field(default=1, ge=1, description="torch threads.")

    def with_changes(self, **changes: Any) -> Self:
        """A copy with the given (non-``None``) values, validated again."""
        given = {k: v for k, v in changes.items() if v is not None}
        return build_config(type(self), **{**self.model_dump(), **given}) if given else self


def build_config(kind: type[C], **values: Any) -> C:
    """``kind(**values)``, a bad value raised as a ConfigurationError naming the option."""
    return validated(kind, values)
