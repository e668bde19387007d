"""The built-in plugin ``instrux.heads``: registration from the heads directory, failures."""

from __future__ import annotations

import json
from pathlib import Path

from instrux import Engine, Settings
from instrux.heads.plugin import head_spec

CONFIG = {
    "format": "instrux.head/1",
    "task": "classification",
    "instruction": "text.sentiment",
    "description": "Sentiment of a text.",
    "phrasings": ["what is the sentiment of {text}"],
    "labels": ["negative", "positive"],
    "mode": "setfit",
    "summary": {"test": {"accuracy": 0.8512, "macro_f1": 0.85}},
}


def test_a_head_config_becomes_a_typed_instruction() -> None:
    spec = head_spec(CONFIG)
    assert spec.name == "text.sentiment"
    assert list(spec.arguments.model_fields) == ["text"]
    assert spec.validate_result("positive") == "positive"
    assert "labels negative, positive; test accuracy 0.851, test macro-f1 0.850." in (
        spec.description
    )
    assert spec.result_schema() == {"enum": ["negative", "positive"], "type": "string"}
    regression = head_spec({**CONFIG, "task": "regression", "labels": []})
    assert regression.validate_result(0.5) == 0.5


def test_a_directory_that_is_not_a_head_fails_the_plugin_by_name(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text(json.dumps({"format": "something/1"}))
    engine = Engine(settings=Settings(heads_dir=tmp_path), load_entry_points=False)
    info = {i.name: i for i in engine.plugins()}["instrux.heads"]
    assert info.status == "failed"
    assert "broken" in (info.error or "") and "something/1" in (info.error or "")
    assert engine.run("add 2 and 3").value == 5  # the rest of the engine works


def test_no_heads_directory_means_no_heads(tmp_path: Path) -> None:
    engine = Engine(settings=Settings(heads_dir=tmp_path / "absent"), load_entry_points=False)
    info = {i.name: i for i in engine.plugins()}["instrux.heads"]
    assert info.status in ("loaded", "no_hooks")
    assert not [i for i in engine.instructions() if "head" in i.tags]
