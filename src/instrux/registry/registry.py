"""The registry: every instruction, executor and model, stamped with the plugin that registered it.

It is filled while the engine starts (through the plugins' ``register`` callbacks) and then
:meth:`Registry.freeze` makes it read-only, so that lookups need no locks and the engine can be
used from several threads at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Annotated, Any, Generic, Literal, TypeVar, Union, cast

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model

from instrux.schemas.errors import DuplicateRegistrationError, InvalidSpecError, UnknownNameError
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec, SlotFillerSpec
from instrux.schemas.listing import ExecutorInfo, InstructionInfo
from instrux.schemas.models import MODELS_LISTING, ModelSpec

__all__ = ["Registered", "Registry"]

SpecT = TypeVar("SpecT", InstructionSpec, ExecutorSpec, ModelSpec, SlotFillerSpec)


@dataclass(frozen=True, slots=True)
class Registered(Generic[SpecT]):
    """A spec and the name of the plugin that registered it."""

    spec: SpecT
    plugin: str


class Registry:
    """Instructions, executors and models keyed by name, with provenance."""

    def __init__(self) -> None:
        self._instructions: dict[str, Registered[InstructionSpec]] = {}
        self._executors: dict[str, Registered[ExecutorSpec]] = {}
        self._models: dict[str, Registered[ModelSpec]] = {}
        self._fillers: dict[str, Registered[SlotFillerSpec]] = {}
        self._model_names: dict[str, str] = {}  # name or alias -> name
        self._frozen = False
        self._chosen: dict[str, Registered[ExecutorSpec] | None] = {}
        self._filler_of: dict[str, Registered[SlotFillerSpec]] = {}
        self._calls: TypeAdapter[Any] | None = None

    # --- filling -------------------------------------------------------------------------

    def add_instruction(self, spec: InstructionSpec, plugin: str) -> None:
        self._add(self._instructions, InstructionSpec, "instruction", spec, plugin)

    def add_executor(self, spec: ExecutorSpec, plugin: str) -> None:
        self._add(self._executors, ExecutorSpec, "executor", spec, plugin)

    def add_filler(self, spec: SlotFillerSpec, plugin: str) -> None:
        self._add(self._fillers, SlotFillerSpec, "slot filler", spec, plugin)

    def add_model(self, spec: ModelSpec, plugin: str) -> None:
        """A model, known by its name and its aliases (two models sharing one is a conflict)."""
        if isinstance(spec, ModelSpec):
            for name in spec.names():
                owner = self._model_names.get(name)
                if owner is not None:
                    raise DuplicateRegistrationError(
                        "model", name, self._models[owner].plugin, plugin
                    )
        self._add(self._models, ModelSpec, "model", spec, plugin)
        self._model_names.update(dict.fromkeys(spec.names(), spec.name))

    def _add(
        self,
        table: dict[str, Registered[SpecT]],
        expected: type[SpecT],
        what: str,
        spec: SpecT,
        plugin: str,
    ) -> None:
        if not isinstance(spec, expected):
            raise InvalidSpecError(
                f"Plugin {plugin!r} registered {spec!r}, which is not an {expected.__name__}.",
                hint=f"Pass an instrux.{expected.__name__} or a function decorated with "
                "@instrux.executor to register().",
                plugin=plugin,
            )
        self._check_open(spec.name, plugin)
        existing = table.get(spec.name)
        if existing is not None:
            raise DuplicateRegistrationError(what, spec.name, existing.plugin, plugin)
        table[spec.name] = Registered(spec, plugin)

    def discard_plugin(self, plugin: str) -> None:
        """Take back everything ``plugin`` registered (it failed while registering)."""
        self._check_open(plugin, plugin)
        self._instructions = {k: v for k, v in self._instructions.items() if v.plugin != plugin}
        self._executors = {k: v for k, v in self._executors.items() if v.plugin != plugin}
        self._models = {k: v for k, v in self._models.items() if v.plugin != plugin}
        self._fillers = {k: v for k, v in self._fillers.items() if v.plugin != plugin}
        self._model_names = {k: v for k, v in self._model_names.items() if v in self._models}

    def freeze(self, prefer_kind: str | None = None) -> None:
        """Check cross references, choose each instruction's executor, and stop changes."""
        served: list[tuple[ExecutorSpec | SlotFillerSpec, str]] = [
            (e.spec, e.plugin) for e in self._executors.values()
        ] + [(e.spec, e.plugin) for e in self._fillers.values()]
        for spec, plugin in served:
            what = "Executor" if isinstance(spec, ExecutorSpec) else "Slot filler"
            for name in spec.instructions:
                if name not in self._instructions:
                    raise InvalidSpecError(
                        f"{what} {spec.name!r} (plugin {plugin!r}) serves "
                        f"instruction {name!r}, which no plugin registered.",
                        hint="Register the instruction, or fix the executor's instructions.",
                        plugin=plugin,
                    )
        self._chosen = {name: self._choose(name, prefer_kind) for name in self._instructions}
        self._filler_of = {  # the first registration wins: later ones are written first
            name: entry
            for entry in reversed(list(self._fillers.values()))
            for name in entry.spec.instructions
        }
        self._frozen = True

    # --- lookups -------------------------------------------------------------------------

    def instruction(self, name: str) -> Registered[InstructionSpec]:
        try:
            return self._instructions[name]
        except KeyError:
            raise UnknownNameError("instruction", name, list(self._instructions)) from None

    def argument_model(self, instruction: str) -> type[BaseModel]:
        """The argument model of ``instruction`` (raises ``UnknownNameError``)."""
        return self.instruction(instruction).spec.arguments

    def call_adapter(self) -> TypeAdapter[Any]:
        """A pydantic adapter for ``{"instruction": name, "arguments": {...}}`` of any instruction.

        One discriminated union over every registered instruction (the discriminator is the
        name), so validation picks the right argument model and the JSON schema documents
        them all: what an HTTP API or an LLM producing calls needs.
        """
        adapter = self._calls
        if adapter is None:  # built once: the registry no longer changes once frozen
            adapter = TypeAdapter(_calls_union(self.instructions()))
            if self._frozen:
                self._calls = adapter
        return adapter

    def call_schema(self) -> dict[str, Any]:
        """JSON schema of a call to any registered instruction (see :meth:`call_adapter`)."""
        return self.call_adapter().json_schema()

    def executor(self, name: str) -> Registered[ExecutorSpec]:
        try:
            return self._executors[name]
        except KeyError:
            raise UnknownNameError("executor", name, list(self._executors)) from None

    def instructions(self) -> list[Registered[InstructionSpec]]:
        return list(self._instructions.values())

    def model(self, name: str) -> Registered[ModelSpec]:
        """A model by its name or one of its aliases (raises ``UnknownNameError``)."""
        try:
            return self._models[self._model_names[name.strip().lower()]]
        except KeyError:
            raise UnknownNameError(
                "model", name, list(self._models), listing=MODELS_LISTING
            ) from None

    def models(self) -> list[Registered[ModelSpec]]:
        return list(self._models.values())

    def model_specs(self) -> Mapping[str, ModelSpec]:
        """Every model spec by its name and by each of its aliases (read-only)."""
        return MappingProxyType({n: e.spec for e in self._models.values() for n in e.spec.names()})

    def slot_fillers(self) -> list[Registered[SlotFillerSpec]]:
        return list(self._fillers.values())

    def filler_for(self, instruction: str) -> Registered[SlotFillerSpec] | None:
        """The slot filler that reads ``instruction``'s arguments (the first registered)."""
        chosen = self._filler_of.get(instruction)
        if chosen is not None or self._frozen:
            return chosen
        return next((e for e in self._fillers.values() if instruction in e.spec.instructions), None)

    def executors(self) -> list[Registered[ExecutorSpec]]:
        return list(self._executors.values())

    def executors_for(self, instruction: str) -> list[Registered[ExecutorSpec]]:
        """Executors that serve ``instruction``, highest priority first."""
        found = [e for e in self._executors.values() if instruction in e.spec.instructions]
        return sorted(found, key=lambda e: (-e.spec.priority, e.spec.name))

    def chosen_executors(self) -> Mapping[str, Registered[ExecutorSpec] | None]:
        """Each instruction's executor as decided at :meth:`freeze` (read-only; a hot path
        looks calls up in it directly)."""
        return MappingProxyType(self._chosen)

    def chosen_executor(self, instruction: str) -> Registered[ExecutorSpec] | None:
        """The executor the engine uses for ``instruction`` (decided at :meth:`freeze`)."""
        if instruction in self._chosen:
            return self._chosen[instruction]
        return self._choose(instruction, None)

    def listing(
        self,
        *,
        plugin: str | None = None,
        tag: str | None = None,
        prefix: str | None = None,
    ) -> list[InstructionInfo]:
        """Instructions as :class:`InstructionInfo`, filtered, sorted by name."""
        rows = []
        for entry in sorted(self._instructions.values(), key=lambda e: e.spec.name):
            spec = entry.spec
            if plugin is not None and entry.plugin != plugin:
                continue
            if tag is not None and tag not in spec.tags:
                continue
            if prefix is not None and not spec.name.startswith(prefix):
                continue
            rows.append(self._info(entry))
        return rows

    def info(self, name: str) -> InstructionInfo:
        """One instruction as :class:`InstructionInfo` (raises ``UnknownNameError``)."""
        return self._info(self.instruction(name))

    def to_json(self, **filters: str | None) -> str:
        """The filtered listing as a JSON array (what ``instrux list --json`` prints)."""
        return json.dumps(
            [row.model_dump(mode="json") for row in self.listing(**filters)], indent=2
        )

    # --- helpers -------------------------------------------------------------------------

    def _check_open(self, name: str, plugin: str) -> None:
        if self._frozen:
            raise InvalidSpecError(
                f"Plugin {plugin!r} tried to register {name!r} after the engine started.",
                hint="Register instructions and executors only from the register hooks.",
                plugin=plugin,
            )

    def _choose(self, instruction: str, prefer_kind: str | None) -> Registered[ExecutorSpec] | None:
        candidates = self.executors_for(instruction)
        if prefer_kind is not None:
            preferred = [e for e in candidates if e.spec.kind == prefer_kind]
            candidates = preferred or candidates
        return candidates[0] if candidates else None

    def _info(self, entry: Registered[InstructionSpec]) -> InstructionInfo:
        spec = entry.spec
        chosen = self.chosen_executor(spec.name)
        return InstructionInfo(
            name=spec.name,
            description=spec.description,
            plugin=entry.plugin,
            arguments=spec.argument_types(),
            arguments_schema=spec.arguments_schema(),
            result_schema=spec.result_schema(),
            examples=list(spec.examples),
            examples_by_language=_by_language(spec),
            tags=list(spec.tags),
            executor=chosen.spec.name if chosen else None,
            executors=[_executor_info(e) for e in self.executors_for(spec.name)],
        )


def _by_language(spec: InstructionSpec) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"en": []}
    for example in spec.examples:
        found.setdefault(spec.language_of(example), []).append(example)
    return {language: examples for language, examples in found.items() if examples}


def _calls_union(entries: list[Registered[InstructionSpec]]) -> Any:
    """``Annotated[Union[<one model per instruction>], Field(discriminator="instruction")]``."""
    models: list[Any] = []
    for entry in sorted(entries, key=lambda e: e.spec.name):
        spec = entry.spec
        title = "".join(p.title() for p in spec.name.replace(".", "_").split("_")) + "Call"
        models.append(
            create_model(
                title,
                __config__=ConfigDict(extra="forbid", title=title),
                __doc__=spec.description,
                instruction=(cast(Any, Literal)[spec.name], ...),
                arguments=(spec.arguments, ...),
            )
        )
    if not models:
        return create_model("NoInstructions", __config__=ConfigDict(extra="forbid"))
    if len(models) == 1:
        return models[0]
    return Annotated[Union[tuple(models)], Field(discriminator="instruction")]  # noqa: UP007


def _executor_info(entry: Registered[ExecutorSpec]) -> ExecutorInfo:
    return ExecutorInfo(
        name=entry.spec.name,
        kind=entry.spec.kind,
        plugin=entry.plugin,
        priority=entry.spec.priority,
        batched=entry.spec.run_batch is not None,
    )
