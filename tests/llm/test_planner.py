"""The LLM planner: off by default; when on, a plan from the model's rewrite is kept only
when its numbers are exactly the text's and a word of the text names every step.

The decisions are tested with a scripted backend (a ``Backend`` that writes what the test
says, standing in for a model that is right or wrong on purpose); the plumbing with the
tiny model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from instrux import Engine, NoMatchError, PlanResult
from instrux.llm.backend import Generation, Scores
from instrux.llm.planner import PROMPT
from instrux.settings import Settings

TEXT = "add 4 and 6 and after that take what you get and divide it by 5"


class Writes:
    """A backend whose every generation is ``text`` (and that records its prompts)."""

    name = "scripted"
    model = "scripted"

    def __init__(self, text: str) -> None:
        self.text = text
        self.prompts: list[str] = []

    def score(self, prefix: str, item: str, options: Sequence[str]) -> Scores:
        return Scores([0.0] * len(options), 10, 8, len(options))

    def generate(self, prompt: str, *, max_new_tokens: int,
                 json_schema: dict[str, Any] | None = None,
                 deadline: float | None = None) -> Generation:  # fmt: skip
        self.prompts.append(prompt)
        return Generation(self.text, 10, 5, "eos")


def _engine(
    monkeypatch: pytest.MonkeyPatch, writes: str, *, on: bool = True
) -> tuple[Engine, Writes]:
    backend = Writes(writes)
    monkeypatch.setattr("instrux.llm.plugin.get_backend", lambda settings: backend)
    engine = Engine(settings=Settings(llm_planner=on, plugins=frozenset()), load_entry_points=False)
    return engine, backend


def test_the_exact_planners_refuse_the_sample_text() -> None:
    # Otherwise the tests below would not be about the LLM planner.
    with pytest.raises(NoMatchError):
        Engine(settings=Settings(plugins=frozenset()), load_entry_points=False).run(TEXT)


def test_a_verified_rewrite_is_planned_by_the_exact_planners(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine, backend = _engine(monkeypatch, "add 4 and 6, then divide the result by 5\nRequest: x")
    result = engine.run(TEXT)
    assert isinstance(result, PlanResult)
    assert result.value == 2
    route = result.plan.route
    assert route.planner == "llm" and route.score <= 0.6
    assert route.details["rewrite"] == "add 4 and 6, then divide the result by 5"
    assert [s.instruction for s in result.plan.steps] == ["math.add", "math.divide"]
    assert backend.prompts[0].startswith(PROMPT) and backend.prompts[0].endswith(f"{TEXT}\nSteps:")


@pytest.mark.parametrize(
    "rewrite",
    [
        "add 4 and 7, then divide the result by 5",  # an invented number
        "add 4 and 6",  # a dropped number
        "add 4 and 6, then multiply the result by 5",  # no word of the text says multiply
        "none",
        "sing a song",  # not something the planners can plan
    ],
)
def test_a_rewrite_that_adds_or_drops_anything_is_refused(
    monkeypatch: pytest.MonkeyPatch, rewrite: str
) -> None:
    engine, _ = _engine(monkeypatch, rewrite)
    with pytest.raises(NoMatchError):
        engine.run(TEXT)


def test_a_one_call_rewrite_is_a_one_step_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    engine, _ = _engine(monkeypatch, "subtract 8 from 20")
    result = engine.run("of my 20 dollars I had to subtract the 8 I owed, what remains")
    assert isinstance(result, PlanResult) and result.value == 12
    assert len(result.plan.steps) == 1 and result.plan.route.planner == "llm"


def test_the_planner_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    engine, backend = _engine(monkeypatch, "add 4 and 6, then divide the result by 5", on=False)
    with pytest.raises(NoMatchError):
        engine.run(TEXT)
    assert backend.prompts == []


def test_sub_phrases_are_not_rewritten(monkeypatch: pytest.MonkeyPatch) -> None:
    # The exact planners ask the planners about parts of a text; the model is asked once,
    # about the whole text, never about its parts.
    engine, backend = _engine(monkeypatch, "none")
    with pytest.raises(NoMatchError):
        engine.run("add 4 and 6, then frobnicate the result")
    assert len(backend.prompts) == 1


def test_with_the_tiny_model_it_plans_or_declines(tiny_settings: Settings) -> None:
    # A random-weight model writes noise: the planner must decline it, not fail.
    settings = tiny_settings.model_copy(update={"llm_planner": True})
    engine = Engine(settings=settings, load_entry_points=False)
    with pytest.raises(NoMatchError):
        engine.run(TEXT)
