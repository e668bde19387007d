"""Specs: what an instruction is, what can execute it, and what can read its arguments.

An :class:`InstructionSpec` is the contract of one instruction: a dotted name, a description,
the pydantic model of its arguments, the type of its result, example phrasings with typed
slots (``"add {a} and {b}"``) and tags. An :class:`ExecutorSpec` is one way to run one or more
instructions (a Python function, an ONNX sub-network, an LLM prompt...). A
:class:`SlotFillerSpec` is a model that reads an instruction's arguments out of text (a BIO
slot tagger); the semantic tier asks it when the words alone do not yield the arguments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    TypeAdapter,
    field_serializer,
    field_validator,
    model_validator,
)

__all__ = ["ExecutorSpec", "InstructionSpec", "SlotFill", "SlotFillerSpec", "example_slots"]

NAME_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CONSTANT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)=([^{}]*)\}")


def example_slots(example: str) -> list[str]:
    """Slot names in an example phrasing, in order: ``"add {a} and {b}"`` -> ``["a", "b"]``."""
    return _SLOT.findall(example)


def example_constants(example: str) -> dict[str, str]:
    """Arguments an example fixes without text: ``"double {a}{b=2}"`` -> ``{"b": "2"}``.

    A phrasing like "double 21" or "halve 50" means an operation with one argument implied;
    the constant is read like text typed into that slot, so it is typed by the field.
    """
    return dict(_CONSTANT.findall(example))


class InstructionSpec(BaseModel):
    """One instruction: name, arguments model, result type and example phrasings."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    name: str = Field(pattern=NAME_PATTERN, description="Dotted name, e.g. 'math.add'.")
    description: str = Field(min_length=1)
    arguments: type[BaseModel] = Field(description="Pydantic model of the arguments.")
    result_type: Any = Field(default=Any, description="Python type of the result value.")
    examples: tuple[str, ...] = Field(
        default=(),
        description="Phrasings with typed slots named after argument fields, in any language: "
        "one list, or a mapping of BCP 47 language tag to phrasings (flattened here, the "
        "languages kept in example_languages).",
    )
    example_languages: tuple[tuple[str, str], ...] = Field(
        default=(),
        description="Language of each example not in English, as (example, tag) pairs: an "
        "encoder that reads English only is shown the English ones.",
    )
    tags: tuple[str, ...] = ()
    _result_adapter: TypeAdapter[Any] = PrivateAttr()

    @model_validator(mode="before")
    @classmethod
    def _examples_by_language(cls, data: Any) -> Any:
        """``examples={"en": [...], "zh": [...]}``: one flat list, each language remembered."""
        if not isinstance(data, dict) or not isinstance(data.get("examples"), Mapping):
            return data
        flat: list[str] = []
        languages = list(data.get("example_languages") or ())
        for language, phrasings in data["examples"].items():
            for phrasing in phrasings:
                flat.append(phrasing)
                if language != "en":
                    languages.append((phrasing, language))
        return {**data, "examples": tuple(flat), "example_languages": tuple(languages)}

    def language_of(self, example: str) -> str:
        """The language an example is written in ("en" when none was given)."""
        return next((tag for text, tag in self.example_languages if text == example), "en")

    def examples_in(self, languages: Collection[str]) -> tuple[str, ...]:
        """The examples written in one of ``languages`` (an untagged example is English)."""
        tagged = dict(self.example_languages)
        return tuple(e for e in self.examples if tagged.get(e, "en") in languages)

    @field_validator("arguments")
    @classmethod
    def _is_model(cls, value: Any) -> type[BaseModel]:
        if not (isinstance(value, type) and issubclass(value, BaseModel)):
            raise ValueError("arguments must be a pydantic BaseModel subclass")
        return value

    @model_validator(mode="after")
    def _slots_are_fields(self) -> InstructionSpec:
        fields = set(self.arguments.model_fields)
        for example in self.examples:
            named = [*example_slots(example), *example_constants(example)]
            unknown = [slot for slot in named if slot not in fields]
            if unknown:
                raise ValueError(
                    f"example {example!r} uses slot(s) {unknown} that are not fields of "
                    f"{self.arguments.__name__} (fields: {sorted(fields)})"
                )
        self._result_adapter = TypeAdapter(self.result_type)
        return self

    @field_serializer("arguments")
    def _arguments_schema(self, value: type[BaseModel]) -> dict[str, Any]:
        return value.model_json_schema()

    @field_serializer("result_type")
    def _result_schema(self, value: Any) -> dict[str, Any]:
        return self.result_schema()

    def arguments_schema(self) -> dict[str, Any]:
        """JSON schema of the arguments model."""
        return self.arguments.model_json_schema()

    def result_schema(self) -> dict[str, Any]:
        """JSON schema of the result type."""
        return self._result_adapter.json_schema()

    def validate_result(self, value: Any) -> Any:
        """Check (and coerce) an executor's value against ``result_type``."""
        # Read the private attribute from its dict: pydantic's __getattr__ path costs ~1 us.
        adapter: TypeAdapter[Any] = self.__pydantic_private__["_result_adapter"]  # type: ignore[index]
        return adapter.validate_python(value)

    def argument_types(self) -> dict[str, str]:
        """Argument name -> readable type, for listings."""
        return {
            name: _type_name(field.annotation)
            for name, field in self.arguments.model_fields.items()
        }


class ExecutorSpec(BaseModel):
    """One way to execute one or more instructions.

    ``run`` takes the validated argument model and returns the value. ``run_batch``, when
    given, takes a list of argument models and returns a list of values in the same order;
    ``Engine.run_many`` uses it to send many calls to the executor at once. With
    ``accepts_call=True`` they also get the :class:`~instrux.Call` (its text and route):
    ``run(arguments, call)`` and ``run_batch(arguments_list, calls)``.

    Either may return an :class:`~instrux.Output` (value + details) instead of a bare value,
    and may raise :class:`~instrux.DeclinedError` for a call it cannot serve well: the engine
    then tries the instruction's next executor. Among the executors of an instruction the
    engine picks the highest ``priority`` (unless a preferred ``kind`` is configured).
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    name: str = Field(pattern=NAME_PATTERN)
    instructions: tuple[str, ...] = Field(min_length=1)
    kind: str = Field(default="python", description="python, onnx, llm, ...")
    priority: int = 0
    description: str = ""
    run: Callable[..., Any] = Field(exclude=True)
    run_batch: Callable[..., Sequence[Any]] | None = Field(default=None, exclude=True)
    accepts_call: bool = Field(
        default=False, description="Whether run/run_batch also get the Call(s) they serve."
    )

    @field_validator("instructions")
    @classmethod
    def _names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for name in value:
            if not re.match(NAME_PATTERN, name):
                raise ValueError(f"instruction name {name!r} is not a dotted name like 'math.add'")
        return value


class SlotFill(BaseModel):
    """What a slot filler made of a text: arguments and the spans they came from, or why not."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    arguments: BaseModel | None = Field(description="The instruction's arguments, or None.")
    spans: tuple[tuple[int, int], ...] = Field(
        default=(), description="Character spans of the text whose words became values."
    )
    reason: str = Field(default="", description="Why it declined ('' when it filled them).")
    source: str = Field(default="", description="The model that read them (its artifact).")


class SlotFillerSpec(BaseModel):
    """A model that reads the arguments of some instructions out of text.

    ``fill(spec, text)`` returns a :class:`SlotFill`: the arguments (validated by the spec's
    argument model) and the character spans they were read from, or ``None`` and the reason
    it declines. It must decline rather than guess; the semantic tier still checks that the
    words outside the spans belong to the instruction.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    name: str = Field(pattern=NAME_PATTERN)
    instructions: tuple[str, ...] = Field(min_length=1)
    description: str = ""
    fill: Callable[[InstructionSpec, str], SlotFill] = Field(exclude=True)


def _type_name(annotation: Any) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "")
