"""finance.sentiment end to end on a tiny seeded head: training, calibration, the instruction
through the engine, and parity between ``Engine.run_many`` and the monitor's direct path."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from instrux_finance import plugin
from instrux_finance.calibration import (
    expected_calibration_error,
    fit_temperature,
    read_calibration,
    scaled_probabilities,
)
from instrux_finance.sentiment import calibration_dir, head_dir, load_sentiment
from instrux_finance.training import calibrate

from instrux import Engine, Settings
from tests.heads.conftest import FILLER, NEGATIVE, POSITIVE

pytestmark = pytest.mark.slow


def _phrasebank(path: Path, n: int = 150, seed: int = 0) -> Path:
    """A PhraseBank-format file (``sentence@label``, ISO-8859-1) in the tiny vocabulary."""
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        label = ("positive", "negative", "neutral")[i % 3]
        words = rng.sample(FILLER, 3)
        if label != "neutral":
            words.append(rng.choice(POSITIVE if label == "positive" else NEGATIVE))
        rng.shuffle(words)
        lines.append(f"{' '.join(words)}@{label}")
    path.write_text("\n".join(lines) + "\n", encoding="iso-8859-1")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    from instrux.heads.build import HeadRecipe, build_head
    from instrux.heads.config import HeadTrainConfig
    from instrux.train.benchmarks import load_phrasebank
    from instrux.train.progress import Watcher
    from tests.heads.conftest import tiny_encoder, write_tiny_model

    root = tmp_path_factory.mktemp("finance")
    settings = Settings(
        cache_dir=root / "cache",
        heads_dir=root / "heads",
        device="cpu",
        disable_builtins=frozenset({"semantic"}),
    )
    data = _phrasebank(root / "Sentences_tiny.txt")
    model = write_tiny_model(root / "model")
    cfg = HeadTrainConfig(mode="finetune", lr_encoder=3e-2, max_epochs=3, patience=0, min_steps=0)
    with Watcher(progress=False) as watcher:
        build_head(
            load_phrasebank(data),
            cfg,
            HeadRecipe("finance.sentiment", int8=True),
            head_dir(settings),
            encoder=tiny_encoder(model, root / "enc"),
            watcher=watcher,
        )
    return settings, data


def test_calibration_is_fitted_stored_and_used(trained: tuple[Settings, Path]) -> None:
    settings, data = trained
    engine = Engine(plugins={"finance": plugin}, settings=settings, load_entry_points=False)
    report = calibrate(settings, engine.registry.model_specs(), head_dir(settings), data)
    stored = read_calibration(calibration_dir(settings))
    assert stored is not None
    assert set(stored.temperatures) == {"fp32", "int8"}
    assert stored.temperature("fp32") == report["fp32"]["temperature"] > 0
    assert report["fp32"]["test"]["rows"] == 30
    model = load_sentiment(settings, engine.registry.model_specs(), int8=False)
    assert model.temperature == stored.temperature("fp32")


def test_the_instruction_and_the_monitor_path_give_the_same_scores(
    trained: tuple[Settings, Path],
) -> None:
    settings, _ = trained
    engine = Engine(plugins={"finance": plugin}, settings=settings, load_entry_points=False)
    texts = ["profits rose sharply today", "the quarter was very weak", "this film today"]
    results = engine.run_many([f"what is the financial sentiment of {t}" for t in texts])
    model = load_sentiment(settings, engine.registry.model_specs())
    direct = model.score(texts)
    for result, scored in zip(results, direct, strict=True):
        assert result.call.instruction == "finance.sentiment"
        assert result.value == scored.label
        assert result.details["scores"] == pytest.approx(scored.scores, abs=1e-6)
        assert sum(scored.scores.values()) == pytest.approx(1.0, abs=1e-6)
    assert engine.run("add 2 and 3").value == 5


def test_temperature_scaling_fixes_overconfidence_without_changing_predictions() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 2000)
    logits = rng.normal(0, 1, (2000, 3))
    logits[np.arange(2000), labels] += 1.0  # right about 55 % of the time ...
    overconfident = logits * 5  # ... but sure of itself
    t = fit_temperature(overconfident, labels.tolist())
    assert 3.5 < t < 7.0
    before = expected_calibration_error(scaled_probabilities(overconfident, 1.0), labels)
    after = expected_calibration_error(scaled_probabilities(overconfident, t), labels)
    assert after < 0.05 < before
    same = scaled_probabilities(overconfident, t).argmax(1)
    assert (same == overconfident.argmax(1)).all()
