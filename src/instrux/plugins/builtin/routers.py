"""Built-in: a trained router's intents are registered instructions, with no code.

With ``Settings.semantic_router`` (``INSTRUX_SEMANTIC_ROUTER=DIR``) set to an artifact of
``instrux train router``, every intent it routes to becomes an instruction named like its
label (``PREFIX.<intent>``), without arguments, whose executor returns the intent's name (as
:class:`~instrux.plugins.datasets.DatasetInstructions` does; a plugin may register a real
executor for the same instruction with a higher priority). Its examples are the training
sentences the artifact keeps per intent (``config.json``'s ``examples``; artifacts written
before that field: the first sentences of ``memory.json`` per intent), so ``instrux list``
shows them and the template tier matches them exactly.

Starting an engine reads only ``config.json``; the semantic tier verifies the whole artifact
against its manifest on the first text it routes. A plugin registering the same names itself
wins the first registration; the engine reports the conflict (``instrux plugins``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RegisterExecutor, RegisterInstruction
from instrux.runtime.artifacts import CONFIG_FILE, read_json
from instrux.runtime.errors import ArtifactError

if TYPE_CHECKING:
    from instrux.plugins.datasets import DatasetInstructions
    from instrux.schemas.instruction import InstructionSpec
    from instrux.settings import Settings

__all__ = ["RouterInstructions", "router_examples"]

EXAMPLES_PER_INTENT = 10  # for artifacts that do not list their examples


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
            from instrux.plugins.datasets import DatasetInstructions

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
