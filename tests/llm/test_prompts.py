"""Prompt executors through the engine, on the tiny model: labels, structured outputs,
few-shot prefixes, details, and the errors a user sees."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel

import instrux
from instrux import ConfigurationError, Engine, InvalidArgumentsError
from instrux.llm import prompt_instruction
from instrux.llm.plugin import split_labels
from instrux.llm.prompts import label_values, prefix_text
from instrux.settings import Settings

SENTIMENT = prompt_instruction(
    "review.sentiment",
    template="Review: {text}\nSentiment:",
    result_type=Literal["positive", "negative"],
    examples=[({"text": "a delight"}, "positive"), ({"text": "dull and long"}, "negative")],
    phrasings=["sentiment of {text}"],
)


class Grade(BaseModel):
    verdict: Literal["pass", "fail"]
    ok: bool


GRADE = prompt_instruction(
    "review.grade", template="Review: {text}\nJSON:", result_type=Grade,
    preamble="Grade the review as JSON.",
)  # fmt: skip


class Plugin:
    @instrux.hookimpl
    def instrux_register_instructions(self, register, settings):  # type: ignore[no-untyped-def]
        register(SENTIMENT.bind(settings))
        register(GRADE.bind(settings))


@pytest.fixture
def engine(tiny_settings: Settings) -> Engine:
    return Engine({"reviews": Plugin()}, settings=tiny_settings, load_entry_points=False)


def test_few_shot_label_scoring_answers_one_of_the_labels(engine: Engine) -> None:
    result = engine.run("sentiment of 'the battery died after a day'")
    assert result.value in ("positive", "negative")
    assert result.executor == "review.sentiment.llm" and result.executor_kind == "llm"
    details = result.details
    assert details["backend"] == "onnxruntime-genai" and details["model"] == "tiny-genai"
    assert details["mode"] == "label_scoring"
    assert set(details["label_scores"]) == {"positive", "negative"}
    assert sum(details["label_scores"].values()) == pytest.approx(1.0, abs=1e-3)
    best = max(details["label_scores"], key=details["label_scores"].get)
    assert result.value == best
    assert details["cached_prefix_tokens"] > 0
    assert details["prompt_tokens"] > details["cached_prefix_tokens"]


def test_calibration_subtracts_the_content_free_prior(tiny_settings: Settings) -> None:
    from instrux.llm import get_backend, run_prompt
    from instrux.llm.prompts import CONTENT_FREE
    from instrux.llm.prompts import label_probabilities as softmax

    template, labels = "Review: {text}\nSentiment:", ["positive", "negative"]
    raw = prompt_instruction(
        "review.raw",
        template=template,
        result_type=Literal["positive", "negative"],
        calibrate=False,
    )
    calibrated = prompt_instruction(
        "review.calibrated", template=template, result_type=Literal["positive", "negative"]
    )
    backend = get_backend(tiny_settings)
    arguments = raw.spec.arguments(text="the battery died")
    plain = run_prompt(raw.prompt, arguments, backend, budget=8, timeout_s=30)
    logprobs = [plain.details["label_logprobs"][label] for label in labels]
    assert plain.value == labels[logprobs.index(max(logprobs))]
    options = [" " + label for label in labels]
    runs = [
        backend.score("", template.format(text=free), options).logprobs for free in CONTENT_FREE
    ]
    prior = [sum(run[i] for run in runs) / len(runs) for i in range(len(labels))]
    expected = softmax([s - p for s, p in zip(logprobs, prior, strict=True)])
    out = run_prompt(calibrated.prompt, arguments, backend, budget=8, timeout_s=30)
    assert out.details["calibrated"] is True
    assert [out.details["label_scores"][label] for label in labels] == pytest.approx(
        expected, abs=2e-4
    )


def test_the_few_shot_prefix_holds_every_example() -> None:
    prefix = prefix_text(SENTIMENT.prompt, label_values(SENTIMENT.prompt.result_type))
    assert prefix == ("Review: a delight\nSentiment: positive\n\n"
                      "Review: dull and long\nSentiment: negative\n\n")  # fmt: skip


def test_structured_output_is_schema_constrained_and_validated(engine: Engine) -> None:
    result = engine.execute(engine.make_call("review.grade", text="fine"))
    assert isinstance(result.value, Grade)
    details = result.details
    assert details["mode"] == "json_schema"
    assert details["attempts"][-1]["error"] is None
    assert details["completion_tokens"] > 0
    assert Grade.model_validate_json(details["attempts"][-1]["output"]) == result.value


def test_zero_shot_classify_builtin(engine: Engine) -> None:
    result = engine.run("classify 'the battery died after a day' as positive or negative")
    assert result.call.instruction == "text.classify"
    assert result.call.arguments.text == "the battery died after a day"  # type: ignore[attr-defined]
    assert result.value in ("positive", "negative")
    assert set(result.details["label_scores"]) == {"positive", "negative"}


def test_extract_builtin_drops_values_not_in_the_text(engine: Engine) -> None:
    result = engine.execute(engine.make_call("text.extract", fields="name and city",
                                             text="Ann lives in Oslo"))  # fmt: skip
    assert set(result.value) == {"name", "city"}
    for value in result.value.values():  # whatever the random model wrote, only text survives
        assert value is None or value.casefold() in "ann lives in oslo"
    assert "dropped_not_in_text" in result.details


def test_labels_are_split_and_checked() -> None:
    assert split_labels("positive, negative or 'neutral'") == ["positive", "negative", "neutral"]
    engine = Engine(settings=Settings(plugins=frozenset()), load_entry_points=False)
    with pytest.raises(InvalidArgumentsError, match="labels"):
        engine.make_call("text.classify", text="hi", labels="positive")


def test_a_missing_model_says_how_to_build_it(tmp_path: Path) -> None:
    engine = Engine(settings=Settings(cache_dir=tmp_path, plugins=frozenset()),
                    load_entry_points=False)  # fmt: skip
    with pytest.raises(ConfigurationError) as err:
        engine.run("classify 'the battery died' as positive or negative")
    assert "instrux llm setup" in err.value.hint


def test_template_fields_must_be_arguments() -> None:
    class Args(BaseModel):
        text: str

    with pytest.raises(instrux.InvalidSpecError, match="topic"):
        prompt_instruction("x.y", template="{text} {topic}", result_type=str, arguments=Args)
