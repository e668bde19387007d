"""The semantic tier inside the engine's cascade: templates first, then meaning."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from instrux import Engine, InvalidArgumentsError, NoMatchError, PluginError, Settings
from instrux.semantic import plugin as semantic_plugin


def test_a_paraphrase_routes_semantically_to_add(semantic_engine: Engine) -> None:
    result = semantic_engine.run("could you tell me what 3 and 5 add up to")
    assert result.value == 8
    route = result.call.route
    assert (result.call.instruction, route.tier) == ("math.add", "semantic")
    assert route.score >= route.details["threshold"]
    assert route.details["margin"] > 0
    nearest = route.details["nearest"]
    assert nearest and nearest[0]["instruction"] == "math.add" and "example" in nearest[0]
    assert "math.add" in route.explanation and route.alternatives


def test_exact_phrasings_stay_with_the_template_tier(semantic_engine: Engine) -> None:
    assert semantic_engine.parse("add 3 and 5").route.tier == "template"


@pytest.mark.parametrize(
    ("text", "instruction", "arguments"),
    [
        ("what do you get if you multiply 6 by 7", "math.multiply", {"a": 6, "b": 7}),
        ("subtract 4 from 10 please thanks", "math.subtract", {"a": 10, "b": 4}),
        ("could you split 12 into 3 parts for me", "math.divide", {"a": 12, "b": 3}),
        ("could you take away 6 from 20 for me", "math.subtract", {"a": 20, "b": 6}),
        ("so what would 3 more than 5 be", "math.add", {"a": 5, "b": 3}),
    ],
)
def test_paraphrases_get_typed_arguments_in_template_order(
    semantic_engine: Engine, text: str, instruction: str, arguments: dict[str, int]
) -> None:
    call = semantic_engine.parse(text)
    assert call.route.tier == "semantic"
    assert (call.instruction, call.arguments.model_dump()) == (instruction, arguments)


def test_off_topic_text_is_no_match_with_semantic_candidates(semantic_engine: Engine) -> None:
    with pytest.raises(NoMatchError) as caught:
        semantic_engine.parse("book a table for two")
    semantic = [c for c in caught.value.candidates if c.tier == "semantic"]
    assert semantic, caught.value.candidates
    assert all(c.instruction.startswith("math.") and c.evidence for c in semantic)


def test_a_missing_argument_is_named(semantic_engine: Engine) -> None:
    with pytest.raises(InvalidArgumentsError) as caught:
        semantic_engine.parse("what do you get if you multiply 6 by")
    assert (caught.value.instruction, caught.value.argument) == ("math.multiply", "b")
    assert "'b'" in str(caught.value) and "required" in str(caught.value)


def test_engine_start_imports_no_runtime() -> None:
    code = (
        "import sys; from instrux import Engine; Engine(load_entry_points=False); "
        "heavy = [m for m in ('onnxruntime', 'tokenizers', 'torch') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_missing_package_is_reported_by_plugin_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from instrux.models import transformer

    real = importlib.util.find_spec

    def without_tokenizers(name: str, *args: object) -> object:
        return None if name == "tokenizers" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(transformer.importlib.util, "find_spec", without_tokenizers)
    engine = Engine(load_entry_points=False, settings=Settings(cache_dir=Path("/nonexistent")))
    assert engine.parse("add 3 and 5").route.tier == "template"  # other tiers still work
    with pytest.raises(PluginError) as caught:
        engine.parse("could you tell me what 3 and 5 add up to")
    assert caught.value.plugin == "instrux.semantic" and "tokenizers" in str(caught.value)
    assert "pip install" in caught.value.hint
    assert semantic_plugin.plugin is semantic_plugin.SemanticTier
