"""The real runtime (onnxruntime-genai, the tiny model built in conftest) in worker processes:
the default isolation gives the same answers as the model run in the caller's thread, and
the input-token cap is a typed error that crosses the process boundary."""

from __future__ import annotations

import pytest

from instrux import Engine, InvalidInputError
from instrux.llm.instruction import get_backend
from instrux.llm.worker import ProcessBackend
from instrux.settings import Settings

TEXT = "classify 'the battery died after a day' as positive or negative"


def test_the_default_runs_the_model_in_a_worker_with_the_same_answer(
    tiny_settings: Settings,
) -> None:
    assert tiny_settings.llm_isolation == "process"
    isolated = Engine(settings=tiny_settings, load_entry_points=False)
    threaded = Engine(settings=tiny_settings.model_copy(update={"llm_isolation": "thread"}),
                      load_entry_points=False)  # fmt: skip
    in_worker, in_thread = isolated.run(TEXT), threaded.run(TEXT)
    backend = get_backend(tiny_settings)
    assert isinstance(backend, ProcessBackend) and backend.worker_pids()
    assert in_worker.details["backend"] == "onnxruntime-genai"
    assert in_worker.value == in_thread.value
    assert in_worker.details["label_scores"] == pytest.approx(
        in_thread.details["label_scores"], abs=1e-6
    )


def test_the_input_token_cap_is_invalid_input_from_the_worker(tiny_settings: Settings) -> None:
    capped = tiny_settings.model_copy(update={"llm_max_input_tokens": 200})
    engine = Engine(settings=capped, load_entry_points=False)
    with pytest.raises(InvalidInputError) as caught:
        engine.run(f"classify '{'the battery died ' * 100}' as positive or negative")
    assert caught.value.details["reason"] == "too_many_tokens"
    assert engine.run(TEXT).value in ("positive", "negative")  # the worker lives on
