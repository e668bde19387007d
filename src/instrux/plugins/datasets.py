"""A plugin registering instructions in bulk from an intent dataset (intent + phrasings).

>>> from instrux import Engine
>>> from instrux.plugins.datasets import DatasetInstructions
>>> plugin = DatasetInstructions({"greet": ["hello there", "hi"]}, prefix="chat")
>>> Engine(plugins={"chat": plugin}, load_entry_points=False).parse("hello there").instruction
'chat.greet'

Each intent becomes an instruction without arguments whose Python executor returns the intent
name, so that ``instrux run`` reports what was recognised; a plugin can register a real
executor for the same instruction with a higher priority. Trained routers
(``instrux train router``) route to instructions named like these; the built-in plugin
``instrux.routers`` registers a router's intents this way from the artifact alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from pydantic import BaseModel, ConfigDict

from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RegisterExecutor, RegisterInstruction
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec
from instrux.semantic.data import OOS, IntentDataset, instruction_name, template_safe

__all__ = ["DatasetInstructions"]


class NoArguments(BaseModel):
    """An intent takes no arguments."""

    model_config = ConfigDict(frozen=True)


class DatasetInstructions:
    """A plugin registering one instruction per intent of a dataset (or a mapping)."""

    def __init__(
        self,
        data: IntentDataset | Mapping[str, Iterable[str]],
        *,
        prefix: str,
        split: str = "train",
        max_examples: int | None = None,
    ) -> None:
        examples: dict[str, list[str]] = {}
        rows = (
            data.split(split)
            if isinstance(data, IntentDataset)
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
