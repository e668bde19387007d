"""Structured outputs must come from the text (issue 19, item 2): a model that copies a
value from its few-shot example ("Lisbon" for "where is my refund") is refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import pytest
from pydantic import BaseModel

from instrux import DeclinedError, Engine
from instrux.llm import prompt_instruction
from instrux.llm.backend import Generation, Scores
from instrux.llm.prompts import NotInTextError, run_prompt
from instrux.settings import Settings


class Trip(BaseModel):
    city: str
    mode: Literal["train", "plane"]


class ScriptedBackend:
    """Answers every generation with one fixed JSON text (the model is not under test)."""

    name, model = "scripted", "scripted"

    def __init__(self, answer: str) -> None:
        self.answer = answer

    def score(self, prefix: str, item: str, options: Sequence[str]) -> Scores:
        raise AssertionError("not a label instruction")

    def generate(self, prompt: str, *, max_new_tokens: int,
                 json_schema: dict[str, Any] | None = None,
                 deadline: float | None = None) -> Generation:  # fmt: skip
        return Generation(self.answer, len(prompt), len(self.answer), "eos")


TRIP = prompt_instruction(
    "travel.trip", template="Request: {text}\nTrip:", result_type=Trip,
    examples=[({"text": "a train to Lisbon"}, Trip(city="Lisbon", mode="train"))],
    phrasings=["plan a trip: {text}"],
)  # fmt: skip


def _run(answer: str, text: str) -> Any:
    arguments = TRIP.spec.arguments(text=text)
    return run_prompt(TRIP.prompt, arguments, ScriptedBackend(answer), budget=32, timeout_s=5)


def test_values_in_the_text_are_kept_and_schema_constants_are_not_checked() -> None:
    output = _run('{"city":"Oslo","mode":"plane"}', "fly me to oslo")
    assert output.value == Trip(city="Oslo", mode="plane")  # "plane" is an enum value


def test_a_value_copied_from_an_example_is_refused() -> None:
    with pytest.raises(NotInTextError) as caught:
        _run('{"city":"Lisbon","mode":"train"}', "where is my refund")
    assert caught.value.missing == {"value.city": "Lisbon"}


def test_the_executor_declines_and_an_instruction_may_opt_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    copied = ScriptedBackend('{"city":"Lisbon","mode":"train"}')
    monkeypatch.setattr("instrux.llm.instruction.get_backend", lambda settings: copied)
    settings = Settings(cache_dir=tmp_path, plugins=frozenset())
    free = prompt_instruction("travel.free", template="Request: {text}\nTrip:", result_type=Trip,
                              grounded=False)  # fmt: skip

    class Plugin:
        from instrux import hookimpl

        @hookimpl
        def instrux_register_instructions(self, register: Any, settings: Settings) -> None:
            register(TRIP.bind(settings))
            register(free.bind(settings))

    engine = Engine({"trips": Plugin()}, settings=settings, load_entry_points=False)
    with pytest.raises(DeclinedError, match="Lisbon"):
        engine.execute_request({"instruction": "travel.trip",
                                "arguments": {"text": "where is my refund"}})  # fmt: skip
    result = engine.execute_request({"instruction": "travel.free",
                                     "arguments": {"text": "where is my refund"}})  # fmt: skip
    assert result.value == Trip(city="Lisbon", mode="train")
