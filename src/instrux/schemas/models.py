"""Models as plugins: sentence encoders and language models, described by typed specs.

A plugin registers models through the ``instrux_register_models`` hook, as it registers
instructions: each is a :class:`ModelSpec` (name, kind, languages, dimension, token limit,
licence, how to obtain it) with a loader (:class:`instrux.models.ModelLoader`) that says
whether the model can be used here, prepares it once (``instrux models build NAME``) and loads
it. The semantic tier
runs the encoder that :class:`instrux.Settings` names (``encoder``), training uses it by
default, and every artifact built on an encoder records which one (``EncoderRecord``).
:class:`ModelInfo` is the listing (``instrux models list --json``, ``Engine.models()``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "MODELS_LISTING",
    "MODEL_NAME_PATTERN",
    "ModelInfo",
    "ModelKind",
    "ModelSource",
    "ModelSpec",
]

MODEL_NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
MODELS_LISTING = "instrux models list"  # the command that lists the registered models
ModelKind = Literal["encoder", "llm"]


class ModelSource(BaseModel):
    """How to obtain a model: the packages that carry it and the commands that prepare it."""

    model_config = ConfigDict(frozen=True)

    packages: tuple[str, ...] = Field(
        default=(), description="Distributions that ship the weights or the runtime."
    )
    install: str = Field(default="", description="The command that installs them.")
    build: str | None = Field(
        default=None, description="The command that prepares it once (None: nothing to build)."
    )
    url: str | None = Field(default=None, description="The model card.")


class ModelSpec(BaseModel):
    """One model: what it is, what it reads, and how to get and load it."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    name: str = Field(pattern=MODEL_NAME_PATTERN, description="e.g. 'all-minilm-l6-v2'.")
    kind: ModelKind
    description: str = Field(min_length=1)
    languages: tuple[str, ...] = Field(
        min_length=1, description="ISO 639-1 codes of the languages it was trained on."
    )
    dimension: int | None = Field(default=None, description="Embedding size (encoders).")
    max_tokens: int | None = Field(
        default=None, ge=1, description="Longest input it reads, in its own tokens (None: any)."
    )
    licence: str
    source: ModelSource = Field(default_factory=ModelSource)
    trainable: bool = Field(
        default=False,
        description="Whether heads can tune its weights (torch); frozen heads work on any.",
    )
    aliases: tuple[str, ...] = Field(default=(), description="Other names it answers to.")
    loader: Any = Field(exclude=True, description="An instrux.models.ModelLoader.")

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class ModelInfo(BaseModel):
    """One registered model as listed to people and programs."""

    name: str
    kind: ModelKind
    description: str
    languages: list[str]
    dimension: int | None
    max_tokens: int | None
    licence: str
    source: ModelSource
    trainable: bool
    aliases: list[str]
    plugin: str = Field(description="Plugin that registered the model.")
    available: bool = Field(description="Whether what it needs is installed here.")
    missing: str | None = Field(description="What is missing, when it is not available.")
    ready: bool = Field(description="Whether it is prepared (nothing left to build).")
    default: bool = Field(description="Whether the engine's settings choose it (encoder).")
