"""Training a router, its artifact (one ONNX graph + safetensors), and routing with it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from instrux import ConfigurationError, Engine, Settings
from instrux.heads.config import RouterConfig
from instrux.heads.intents import DatasetInstructions
from instrux.models import Encoder
from instrux.models.load import EncoderRef
from instrux.runtime import ArtifactError
from instrux.semantic.artifact import TrainedTier, load_router_artifact
from instrux.train.data import instruction_name
from instrux.train.progress import Watcher

from .conftest import tiny_dataset

pytest.importorskip("torch", reason="training needs torch (instrux[train])")

from instrux.heads.router import router_head_config, train_router


@pytest.fixture(scope="module")
def artifact_dir(tmp_path_factory: pytest.TempPathFactory, minilm: EncoderRef) -> Path:
    out = tmp_path_factory.mktemp("router") / "tiny"
    with Watcher(progress=False) as watcher:
        train_router(
            tiny_dataset(),
            out,
            RouterConfig(prefix="tiny", reject_share=0.0),
            router_head_config("linear", base_epochs=200),
            encoder=minilm,
            watcher=watcher,
        )
    return out


def test_the_artifact_has_every_file_in_its_manifest(artifact_dir: Path) -> None:
    manifest = json.loads((artifact_dir / "manifest.json").read_text())
    expected = {
        "config.json",
        "weights.safetensors",
        "memory.json",
        "tokenizer.json",
        "model.onnx",
        "metrics.json",
    }
    assert set(manifest["files"]) == expected
    assert manifest["format"] == "instrux.artifact"  # the one artifact format
    assert all(set(entry) == {"sha256", "bytes"} for entry in manifest["files"].values())
    assert not list(artifact_dir.parent.glob(".tiny*"))  # no temporary leftovers


def test_one_onnx_graph_matches_the_python_pipeline(artifact_dir: Path, encoder: Encoder) -> None:
    artifact = load_router_artifact(artifact_dir)
    texts = ["will it be windy later", "play me a song", "table for 3 tonight", "what is 2 plus 2"]
    embeddings, logits = artifact.runner().run(texts)
    reference = encoder.encode(texts)  # the frozen base encoder ...
    expected = (
        reference @ artifact.weights["head.weight"].T + artifact.weights["head.bias"]
    )  # ... + head
    assert np.abs(embeddings - reference).max() < 1e-4
    assert np.abs(logits - expected).max() < 1e-3


def test_a_tampered_artifact_is_refused(artifact_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(artifact_dir, copy)
    config = json.loads((copy / "config.json").read_text())
    config["thresholds"] = [0.0] * len(config["thresholds"])
    (copy / "config.json").write_text(json.dumps(config))
    with pytest.raises(ArtifactError, match="corrupt") as caught:
        load_router_artifact(copy)
    assert caught.value.details["file"] == "config.json"
    assert "instrux train router" in caught.value.hint


def test_the_trained_routers_intents_route_without_code(artifact_dir: Path) -> None:
    settings = Settings(semantic_router=artifact_dir, device="cpu")
    engine = Engine(settings=settings, load_entry_points=False)  # instrux.routers registers
    result = engine.run("is it going to be chilly this evening")
    assert (result.call.instruction, result.value) == ("tiny.weather", "weather")
    assert engine.parse("reserve a table for my family on friday").instruction == "tiny.book_table"


def test_intents_registered_by_a_plugin_route_with_the_routers_builtin_off(
    artifact_dir: Path,
) -> None:
    plugin = DatasetInstructions(tiny_dataset(), prefix="tiny")
    settings = Settings(semantic_router=artifact_dir, device="cpu")
    engine = Engine(
        plugins={"tiny": plugin},
        settings=settings,
        load_entry_points=False,
        disable_builtins={"routers"},
    )
    result = engine.run("is it going to be chilly this evening")
    assert (result.call.instruction, result.value) == ("tiny.weather", "weather")
    assert result.call.route.tier == "semantic" and result.call.route.details["nearest"]
    assert engine.parse("reserve a table for my family on friday").instruction == "tiny.book_table"


def test_a_router_for_unregistered_instructions_is_a_configuration_error(
    artifact_dir: Path,
) -> None:
    with pytest.raises(ConfigurationError, match="unregistered"):
        TrainedTier.load(artifact_dir, Engine(load_entry_points=False).registry)


def test_a_trained_tier_runs_on_the_device_it_is_given(artifact_dir: Path) -> None:
    tier = TrainedTier.load(artifact_dir, None, device="cpu", threads=2)
    assert tier.encoder.providers == ("CPUExecutionProvider",)
    decision, _ = tier.decide("will it rain tomorrow")
    assert decision.instruction == "tiny.weather"


def test_bulk_registration_names_and_cleans_examples() -> None:
    plugin = DatasetInstructions(
        {"PlayMusic": ["play (some) [jazz] {now}", "play music"]}, prefix="snips"
    )
    assert instruction_name("snips", "PlayMusic") == "snips.play_music"
    assert plugin.specs[0].name == "snips.play_music"
    assert plugin.specs[0].examples == ("play some jazz now", "play music")
    engine = Engine(plugins={"snips": plugin}, load_entry_points=False)
    assert engine.run("play music").value == "PlayMusic"


@pytest.mark.slow
def test_end_to_end_fine_tuning_writes_encoder_weights(tmp_path: Path, minilm: EncoderRef) -> None:
    head = router_head_config("finetune", max_epochs=1, batch_size=8, max_tokens=16, min_steps=0)
    with Watcher(progress=False) as watcher:
        artifact = train_router(
            tiny_dataset(), tmp_path / "ft", RouterConfig(prefix="tiny", reject_share=0.0),
            head, encoder=minilm, watcher=watcher,
        )  # fmt: skip
    loaded = load_router_artifact(tmp_path / "ft")
    assert any(k.startswith("encoder.") for k in loaded.weights)
    assert loaded.config["settings"]["head"]["max_epochs"] == 1
    assert loaded.config["encoder"]["name"] == "all-minilm-l6-v2"
    embeddings, logits = loaded.runner().run(["will it rain"])
    assert embeddings.shape == (1, 384) and logits.shape == (1, 3)
    assert artifact.config["labels"] == ["tiny.book_table", "tiny.play_music", "tiny.weather"]
