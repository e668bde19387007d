"""Routers are heads: ``instrux train router`` trains with the heads trainer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from instrux import ConfigurationError, Engine, NoMatchError, Settings
from instrux.cli.main import app
from instrux.semantic.artifact import load_router_artifact

from .conftest import TINY

pytest.importorskip("torch", reason="training needs torch (instrux[train])")


@pytest.mark.slow
def test_a_router_trained_by_the_heads_trainer_routes_and_refuses(tmp_path: Path) -> None:
    rows = [{"text": t, "intent": i} for i, texts in TINY.items() for t in texts]
    data = tmp_path / "intents.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows))
    out = tmp_path / "router"
    result = CliRunner().invoke(
        app,
        [
            *("train", "router", "--data", str(data), "--out", str(out), "--prefix", "shop"),
            *("--mode", "linear", "--val-fraction", "0", "--min-steps", "200", "--no-progress"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    loaded = load_router_artifact(out)
    assert loaded.config["settings"]["head"]["mode"] == "linear"
    assert loaded.config["settings"]["head"]["min_steps"] == 200
    assert loaded.config["floor"] > 0  # no validation split: out-of-fold calibration
    engine = Engine(settings=Settings(semantic_router=out, device="cpu"))
    assert engine.run("put on some classical music").value == "play_music"
    with pytest.raises(NoMatchError):
        engine.parse("what is the capital of australia")


def test_heads_modes_without_a_linear_head_are_refused(minilm: Any) -> None:
    from instrux.heads.config import HeadTrainConfig, RouterConfig
    from instrux.heads.router import router_head_config, train_router
    from instrux.train.data import LabelledSplits
    from instrux.train.progress import Watcher

    data = LabelledSplits("d", {"train": [("hi", "greet"), ("bye", "leave")]})
    for cfg in (HeadTrainConfig(mode="mlp"), HeadTrainConfig(loss="mse")):
        with pytest.raises(ConfigurationError, match="--mode"):
            train_router(data, Path("unused"), RouterConfig(), cfg, encoder=minilm,
                         watcher=Watcher(progress=False))  # fmt: skip
    with pytest.raises(ConfigurationError, match="--mode"):
        router_head_config("mlp")
