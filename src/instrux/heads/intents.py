"""Intents as instructions: from a dataset, or from a trained router (built-in ``instrux.routers``).

:class:`DatasetInstructions` is a plugin registering instructions in bulk from an intent
dataset (intent + phrasings):

>>> from instrux import Engine
>>> from instrux.heads.intents import DatasetInstructions
>>> plugin = DatasetInstructions({"greet": ["hello there", "hi"]}, prefix="chat")
>>> Engine(plugins={"chat": plugin}, load_entry_points=False).parse("hello there").instruction
'chat.greet'

Each intent becomes an instruction without arguments whose Python executor returns the intent
name, so that ``instrux run`` reports what was recognised; a plugin can register a real
executor for the same instruction with a higher priority. Trained routers
(``instrux train router``) route to instructions named like these.

:class:`RouterInstructions` (the built-in plugin ``instrux.routers``): with
``Settings.semantic_router`` (``INSTRUX_SEMANTIC_ROUTER=DIR``) set to an artifact of ``instrux
train router``, every intent it routes to becomes an instruction named like its label
(``PREFIX.<intent>``) this way, from the artifact alone. Its examples are the training
sentences the artifact keeps per intent (``config.json``'s ``examples``; artifacts written
before that field: the first sentences of ``memory.json`` per intent), so ``instrux list``
shows them and the template tier matches them exactly. Starting an engine reads only
``config.json``; the semantic tier verifies the whole artifact against its manifest on the
first text it routes. A plugin registering the same names itself wins the first registration;
the engine reports the conflict (``instrux plugins``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RegisterExecutor, RegisterInstruction
from instrux.runtime.artifacts import CONFIG_FILE, read_json
from instrux.runtime.errors import ArtifactError
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec
from instrux.train.data import OOS, LabelledSplits, instruction_name, template_safe

if TYPE_CHECKING:
    from instrux.settings import Settings

__all__ = ["DatasetInstructions", "RouterInstructions", "router_examples"]

EXAMPLES_PER_INTENT = 10  # for router artifacts that do not list their examples


class NoArguments(BaseModel):
    """An intent takes no arguments."""

    model_config = ConfigDict(frozen=True)


class DatasetInstructions:
    """A plugin registering one instruction per intent of a dataset (or a mapping)."""

    def __init__(
        self,
        data: LabelledSplits | Mapping[str, Iterable[str]],
        *,
        prefix: str,
        split: str = "train",
        max_examples: int | None = None,
    ) -> None:
        examples: dict[str, list[str]] = {}
        rows = (
            data.split(split)
            if isinstance(data, LabelledSplits)
            else [(t, i) for i, ts in data.items() for t in ts]
        )
        for text, intent in rows:
            if intent != OOS:
                examples.setdefault(intent, []).append(template_safe(text))
        self.specs = [
            InstructionSpec(
                name=instruction_name(prefix, intent),
                description=f"Intent {intent!r} ({prefix}).",
                arguments=NoArguments,
                result_type=str,
                examples=tuple(dict.fromkeys(t for t in texts if t))[:max_examples],
                tags=(prefix, "intent"),
            )
            for intent, texts in sorted(examples.items())
        ]
        self.intents = dict(zip((s.name for s in self.specs), sorted(examples), strict=True))

    @hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        for spec in self.specs:
            register(spec)

    @hookimpl
    def instrux_register_executors(self, register: RegisterExecutor) -> None:
        for name, intent in self.intents.items():
            register(
                ExecutorSpec(
                    name=f"{name}.intent",
                    instructions=(name,),
                    priority=-10,
                    description="Returns the recognised intent's name.",
                    run=_returns(intent),
                )
            )


def _returns(intent: str) -> Callable[[BaseModel], str]:
    def run(_: BaseModel) -> str:
        return intent

    return run


def router_examples(path: Path) -> tuple[str, dict[str, list[str]]]:
    """``(prefix, intent -> example sentences)`` of a router artifact (its config.json)."""
    config = read_json(path, CONFIG_FILE)
    if not str(config.get("format", "")).startswith("instrux.router"):
        raise ArtifactError(
            path,
            CONFIG_FILE,
            f"has format {config.get('format')!r}: not a router artifact",
            hint="Point INSTRUX_SEMANTIC_ROUTER at a directory written by "
            "`instrux train router --out DIR`.",
        )
    examples: dict[str, list[str]] | None = config.get("examples")
    if examples is None:
        examples = _examples_from_memory(path, config)
    oos = config.get("oos_index")
    intents = [i for n, i in enumerate(config["intents"]) if n != oos]
    return str(config["prefix"]), {intent: list(examples.get(intent, [])) for intent in intents}


def _examples_from_memory(path: Path, config: dict[str, Any]) -> dict[str, list[str]]:
    from instrux.semantic.artifact import load_router_artifact

    artifact = load_router_artifact(path)
    out: dict[str, list[str]] = {}
    for text, label in zip(
        artifact.memory_texts, artifact.weights["memory_labels"].tolist(), strict=True
    ):
        bucket = out.setdefault(config["intents"][int(label)], [])
        if len(bucket) < EXAMPLES_PER_INTENT:
            bucket.append(text)
    return out


class RouterInstructions:
    """Registers the intents of ``Settings.semantic_router`` (module docstring)."""

    def __init__(self) -> None:
        self._loaded: tuple[Path, DatasetInstructions] | None = None

    def _intents(self, settings: Settings) -> DatasetInstructions | None:
        path = settings.semantic_router
        if path is None:
            return None
        if self._loaded is None or self._loaded[0] != path:
            prefix, examples = router_examples(path)
            plugin = DatasetInstructions(examples, prefix=prefix)
            labels = set(read_json(path, CONFIG_FILE)["labels"])
            _check_names(path, plugin.specs, labels)
            self._loaded = (path, plugin)
        return self._loaded[1]

    @hookimpl
    def instrux_register_instructions(
        self, register: RegisterInstruction, settings: Settings
    ) -> None:
        intents = self._intents(settings)
        if intents is not None:
            intents.instrux_register_instructions(register)

    @hookimpl
    def instrux_register_executors(self, register: RegisterExecutor, settings: Settings) -> None:
        intents = self._intents(settings)
        if intents is not None:
            intents.instrux_register_executors(register)


def _check_names(path: Path, specs: list[InstructionSpec], labels: set[str]) -> None:
    """The instructions must be the ones the router routes to (its labels)."""
    strays = sorted({spec.name for spec in specs} - labels)
    if strays:
        raise ArtifactError(
            path,
            CONFIG_FILE,
            f"names intents {strays[:3]} that are not among its labels",
            hint="Train the router again with `instrux train router`.",
        )


# The plugin host instantiates classes: the module exposes the class as its plugin object.
plugin = RouterInstructions
