"""The LLM router tier: off by default; when on, it executes only what it verified.

The decision logic is tested with a scripted backend (a ``Backend`` that answers what the test
says, standing in for a model that is right or wrong on purpose); the plumbing with the tiny
model."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest
from pydantic import BaseModel

from instrux import Engine, NoMatchError
from instrux.llm.backend import Generation, Scores
from instrux.llm.router import LLMRouter, numbers_in, unverified_arguments
from instrux.settings import Settings


class Scripted:
    """Picks ``choice`` with log-probability ``margin`` over the rest; fills ``arguments``."""

    name = "scripted"
    model = "scripted"

    def __init__(self, choice: str, arguments: dict[str, Any], margin: float = 5.0) -> None:
        self.choice, self.arguments, self.margin = choice, arguments, margin

    def score(self, prefix: str, item: str, options: Sequence[str]) -> Scores:
        logprobs = [self.margin if o.strip() == self.choice else 0.0 for o in options]
        return Scores(logprobs, 10, 8, len(options))

    def generate(self, prompt: str, *, max_new_tokens: int,
                 json_schema: dict[str, Any] | None = None,
                 deadline: float | None = None) -> Generation:  # fmt: skip
        return Generation(json.dumps(self.arguments), 10, 5, "eos")


@pytest.fixture(scope="module")
def registry() -> Any:
    return Engine(settings=Settings(plugins=frozenset()), load_entry_points=False).registry


def test_numbers_are_read_in_digits_and_words() -> None:
    assert numbers_in("add 2.5 and twenty-one, then -3") == {2.5, 21.0, -3.0}


def test_every_argument_must_be_in_the_text() -> None:
    class Args(BaseModel):
        a: float
        b: float
        unit: str | None = None

    assert unverified_arguments(Args(a=2, b=3), "add 2 and 3") == []
    assert unverified_arguments(Args(a=2, b=4), "add 2 and 3") == ["b=4.0"]
    assert unverified_arguments(Args(a=2, b=3, unit="km"), "add 2 and 3 km") == []
    wrong_unit = Args(a=2, b=3, unit="miles")
    assert unverified_arguments(wrong_unit, "add 2 and 3 km") == ['unit="miles"']


def test_a_verified_choice_becomes_an_llm_call(registry: Any) -> None:
    router = LLMRouter(registry, Scripted("math.add", {"a": 2, "b": 3}))
    verdict = router.decide("could you total 2 with 3")
    assert verdict.call is not None
    assert verdict.call.instruction == "math.add"
    assert verdict.call.route.tier == "llm"
    assert verdict.call.route.score > 0.6
    assert verdict.call.arguments.model_dump() == {"a": 2, "b": 3}


def test_an_invented_number_is_declined_with_the_reason(registry: Any) -> None:
    verdict = LLMRouter(registry, Scripted("math.add", {"a": 2, "b": 4})).decide("total 2 with 3")
    assert verdict.call is None
    assert "b=4" in verdict.reason and "not found in the text" in verdict.reason
    assert verdict.near_misses()[0].instruction == "math.add"


def test_an_unsure_or_none_choice_is_declined(registry: Any) -> None:
    unsure = LLMRouter(registry, Scripted("math.add", {"a": 2, "b": 3}, margin=0.1))
    assert unsure.decide("total 2 with 3").call is None
    assert "unsure" in unsure.decide("total 2 with 3").reason
    none = LLMRouter(registry, Scripted("none", {}))
    assert none.decide("sing me a song").call is None


def test_arguments_that_do_not_validate_are_declined(registry: Any) -> None:
    verdict = LLMRouter(registry, Scripted("math.add", {"a": "x"})).decide("add x")
    assert verdict.call is None and "did not validate" in verdict.reason


def test_an_instruction_without_arguments_is_never_taken_on_the_llm_word() -> None:
    import instrux

    @instrux.executor("demo.ping", examples=["ping"])
    def ping() -> str:
        return "pong"

    class Plugin:
        @instrux.hookimpl
        def instrux_register_instructions(self, register):  # type: ignore[no-untyped-def]
            register(ping)

    engine = Engine({"demo": Plugin()}, settings=Settings(plugins=frozenset()),
                    load_entry_points=False)  # fmt: skip
    verdict = LLMRouter(engine.registry, Scripted("demo.ping", {})).decide("are you there")
    assert verdict.call is None and "no arguments to check" in verdict.reason


def test_the_tier_is_off_by_default(tiny_settings: Settings) -> None:
    # Without the semantic tier (it would take the text, and export an encoder first).
    engine = Engine(settings=tiny_settings, load_entry_points=False, disable_builtins=["semantic"])
    with pytest.raises(NoMatchError) as err:
        engine.parse("please total up 2 with 3 for me, friend")
    assert all(c.tier != "llm" for c in err.value.candidates)


def test_when_on_the_tiny_model_routes_or_declines_with_reasons(tiny_settings: Settings) -> None:
    settings = tiny_settings.model_copy(update={"llm_router": True})
    engine = Engine(settings=settings, load_entry_points=False, disable_builtins=["semantic"])
    text = "please total up 2 with 3 for me, friend"
    try:
        call = engine.parse(text)
    except NoMatchError as err:  # the usual outcome for random weights: declined, explained
        assert any(c.tier == "llm" and c.evidence for c in err.candidates)
        return
    assert call.route.tier == "llm"  # accepted only after verification
    assert unverified_arguments(call.arguments, text) == []
