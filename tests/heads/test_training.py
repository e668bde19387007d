"""Training modes, losses, optimizers, class weights, early stopping, checkpoints and export.

Everything runs on the tiny seeded BERT of conftest.py: the real code paths (torch training,
ONNX export, ORT fusion, parity against torch, int8) in a few seconds each.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from instrux.heads.artifact import HEAD_FORMAT, INT8_FILE, load_head
from instrux.heads.build import HeadRecipe, build_head
from instrux.heads.config import HeadTrainConfig
from instrux.heads.runtime import HeadModel
from instrux.runtime.errors import ArtifactError
from instrux.schemas.errors import ConfigurationError
from instrux.train.config import build_config
from instrux.train.data import LabelledSplits
from instrux.train.progress import Watcher
from tests.heads.conftest import sentiment_rows, tiny_encoder

pytestmark = pytest.mark.slow


def _build(
    data: LabelledSplits, cfg: HeadTrainConfig, out: Path, model: Path, **kw: object
) -> dict[str, object]:
    with Watcher(progress=False) as watcher:
        return build_head(
            data,
            cfg,
            HeadRecipe("text.sentiment", **kw),
            out,  # type: ignore[arg-type]
            encoder=tiny_encoder(model, out.parent / "cache"),
            watcher=watcher,
        )


def test_a_fine_tuned_head_learns_and_its_graph_matches_torch(
    tiny_model: Path, sentiment: LabelledSplits, tmp_path: Path
) -> None:
    cfg = HeadTrainConfig(mode="finetune", lr_encoder=3e-2, max_epochs=20, patience=0)
    metrics = _build(sentiment, cfg, tmp_path / "head", tiny_model, int8=True)
    artifact = load_head(tmp_path / "head")
    assert artifact.config["format"] == HEAD_FORMAT
    assert artifact.labels == ["negative", "positive"]
    assert metrics["eval"]["test"]["accuracy"] >= 0.9  # type: ignore[index]
    assert metrics["parity"]["max_abs_error"] <= 1e-3  # type: ignore[index]
    assert "accuracy_change" in metrics["int8"]["test"]  # type: ignore[index]
    assert (tmp_path / "head" / INT8_FILE).is_file()
    assert set(json.loads((tmp_path / "head" / "manifest.json").read_text())["files"]) >= {
        "config.json",
        "weights.safetensors",
        "tokenizer.json",
        "model.onnx",
        "metrics.json",
    }
    prediction = HeadModel.from_artifact(artifact, device="cpu").predict(["profits rose"])[0]
    assert prediction.label == max(prediction.scores, key=prediction.scores.__getitem__)
    assert sum(prediction.scores.values()) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("mode", ["linear", "mlp", "setfit", "lora"])
def test_every_mode_writes_a_working_artifact(
    mode: str, tiny_model: Path, sentiment: LabelledSplits, tmp_path: Path
) -> None:
    cfg = HeadTrainConfig(mode=mode, max_epochs=3, setfit_pairs=2)  # type: ignore[arg-type]
    metrics = _build(sentiment, cfg, tmp_path / mode, tiny_model)
    training = metrics["training"]
    assert training["trainable_parameters"] > 0  # type: ignore[index]
    if mode == "lora":  # adapters and head only: far fewer than the encoder's parameters
        assert training["trainable_parameters"] < 5000  # type: ignore[index]
        weights = load_head(tmp_path / mode).path / "weights.safetensors"
        from safetensors.numpy import load_file

        assert any(k.startswith("lora.") for k in load_file(str(weights)))
    assert 0.0 <= metrics["eval"]["test"]["accuracy"] <= 1.0  # type: ignore[index]


def test_regression_head_with_mae_and_sgd(tiny_model: Path, tmp_path: Path) -> None:
    rows = [(t, "1.0" if label == "positive" else "-1.0") for t, label in sentiment_rows(48, 4)]
    data = LabelledSplits("scores", {"train": rows[:40], "val": rows[40:]})
    cfg = HeadTrainConfig(mode="linear", loss="mae", optimizer="sgd", max_epochs=5)
    metrics = _build(data, cfg, tmp_path / "reg", tiny_model)
    assert load_head(tmp_path / "reg").config["task"] == "regression"
    assert "mae" in metrics["eval"]["val"]  # type: ignore[index]


def test_class_weights_follow_inverse_frequency() -> None:
    import torch

    from instrux.heads.train import _loss_fn

    y = torch.tensor([0, 0, 0, 1])
    loss = _loss_fn(HeadTrainConfig(class_weights=True), y, 2)
    assert loss.weight.tolist() == pytest.approx([4 / 6, 2.0])
    assert _loss_fn(HeadTrainConfig(), y, 2).weight is None


def test_the_fine_tuning_lr_follows_the_encoder_size() -> None:
    cfg = HeadTrainConfig(mode="finetune")
    assert cfg.encoder_lr(384) == 5e-5  # MiniLM
    assert cfg.encoder_lr(768) == 2e-5  # base size (mpnet, BERT-base): BERT's recipe
    assert HeadTrainConfig(mode="finetune", lr_encoder=3e-5).encoder_lr(768) == 3e-5
    assert HeadTrainConfig(mode="lora").encoder_lr(768) == 5e-4  # adapters keep theirs


def test_schedules_scale_with_the_data() -> None:
    cfg = HeadTrainConfig(mode="finetune", min_steps=300, batch_size=32)
    assert cfg.epochs_for(100) == 75  # 4 steps per epoch -> 75 epochs for 300 steps
    assert cfg.epochs_for(100_000) == 3  # the mode's default when that is enough
    assert HeadTrainConfig(max_epochs=2).epochs_for(10) == 2  # an explicit count wins


def test_early_stopping_keeps_the_best_epoch(
    tiny_model: Path, sentiment: LabelledSplits, tmp_path: Path
) -> None:
    cfg = HeadTrainConfig(mode="linear", lr_head=1.0, max_epochs=60, patience=2, min_steps=0)
    metrics = _build(sentiment, cfg, tmp_path / "es", tiny_model)
    stage = metrics["training"]["stages"][0]  # type: ignore[index]
    assert stage["stopped"] == "early_stopping"
    assert stage["epochs"] == stage["best_epoch"] + 2
    scores = [r["val_score"] for r in metrics["history"]]  # type: ignore[attr-defined]
    assert max(scores) == stage["best_val_score"]


def test_a_resumed_run_ends_where_an_uninterrupted_one_does(
    tiny_model: Path, sentiment: LabelledSplits, tmp_path: Path
) -> None:
    from safetensors.numpy import load_file

    from instrux.heads.train import train_head

    class Interrupted(Watcher):
        def step(self, stage: str, step: int, loss: float) -> None:
            if step == 5:  # the first step of epoch 3 (two steps per epoch)
                raise KeyboardInterrupt
            super().step(stage, step, loss)

    def run(watcher: Watcher, checkpoint: Path | None, resume: bool) -> dict[str, np.ndarray]:
        cfg = HeadTrainConfig(mode="finetune", max_epochs=3, patience=0, lr_encoder=1e-3)
        head = train_head(
            sentiment,
            cfg,
            encoder=tiny_encoder(tiny_model, tmp_path / "c"),
            watcher=watcher,
            checkpoint_dir=checkpoint,
            resume=resume,
        )
        return {k: np.asarray(v) for k, v in head.weights.items()}

    straight = run(Watcher(progress=False), None, False)
    checkpoints = tmp_path / "ckpt"
    with pytest.raises(KeyboardInterrupt):
        run(Interrupted(progress=False), checkpoints, False)
    saved = json.loads((checkpoints / "finetune" / "state.json").read_text())
    assert saved["position"]["epoch"] == 2
    assert load_file(str(checkpoints / "finetune" / "optimizer.safetensors"))
    resumed = run(Watcher(progress=False), checkpoints, True)
    for name, value in straight.items():
        np.testing.assert_allclose(resumed[name], value, atol=1e-6, err_msg=name)


def test_a_failed_build_leaves_the_previous_artifact(
    tiny_model: Path, sentiment: LabelledSplits, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    out = tmp_path / "head"
    _build(sentiment, HeadTrainConfig(max_epochs=1), out, tiny_model)
    before = (out / "manifest.json").read_text()

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    # Fails inside the atomic write, after the temporary directory was made.
    from instrux.runtime import artifacts as runtime_artifacts

    monkeypatch.setattr(runtime_artifacts, "write_json", broken)
    with pytest.raises(RuntimeError):
        _build(sentiment, HeadTrainConfig(max_epochs=1, seed=5), out, tiny_model)
    assert (out / "manifest.json").read_text() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".head")] == []


def test_a_corrupt_graph_is_refused_by_name(
    tiny_model: Path, sentiment: LabelledSplits, tmp_path: Path
) -> None:
    out = tmp_path / "head"
    _build(sentiment, HeadTrainConfig(max_epochs=1), out, tiny_model)
    (out / "model.onnx").write_bytes(b"not a graph")
    with pytest.raises(ArtifactError, match=r"model\.onnx"):
        load_head(out)


def test_bad_options_are_typed_errors() -> None:
    with pytest.raises(ConfigurationError, match="--mode"):
        build_config(HeadTrainConfig, mode="boosting")
    with pytest.raises(ConfigurationError, match="SetFit"):
        build_config(HeadTrainConfig, mode="setfit", loss="mse")
    with pytest.raises(ConfigurationError, match="instruction name"):
        HeadRecipe("Sentiment")
    with pytest.raises(ConfigurationError, match="text"):
        HeadRecipe("text.sentiment", phrasings=("what is the sentiment",))
