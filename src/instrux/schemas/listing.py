"""Read-only views: ``instrux list``, ``instrux plugins``, ``Engine.instructions()``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = ["ExecutorInfo", "InstructionInfo", "PluginInfo"]


class ExecutorInfo(BaseModel):
    name: str
    kind: str
    plugin: str
    priority: int
    batched: bool = Field(description="Whether it executes many calls in one batch.")


class InstructionInfo(BaseModel):
    """One registered instruction as listed to people and programs."""

    name: str
    description: str
    plugin: str = Field(description="Plugin that registered the instruction.")
    arguments: dict[str, str] = Field(description="Argument name -> type.")
    arguments_schema: dict[str, Any] = Field(description="JSON schema of the arguments.")
    result_schema: dict[str, Any]
    examples: list[str]
    # The examples by language (BCP 47 tag -> phrasings), English first.
    examples_by_language: dict[str, list[str]] = {}
    tags: list[str]
    executor: str | None = Field(description="Executor the engine would use now.")
    executors: list[ExecutorInfo]


class PluginInfo(BaseModel):
    """One plugin known to the engine, loaded or not."""

    name: str
    source: str = Field(description="'builtin', 'entrypoint' or 'api'.")
    status: str = Field(
        description="'loaded', 'disabled', 'failed' or 'no_hooks' (loaded, but it has no hook "
        "implementations: see error)."
    )
    hooks: list[str] = Field(default_factory=list)
    instructions: list[str] = Field(default_factory=list)
    executors: list[str] = Field(default_factory=list)
    models: list[str] = Field(default_factory=list)
    slot_fillers: list[str] = Field(default_factory=list)
    version: str | None = None
    error: str | None = None
    conflicts: list[str] = Field(
        default_factory=list,
        description="Names this plugin registers that another plugin registers too; while any "
        "exist the engine lists everything but refuses to run instructions.",
    )
