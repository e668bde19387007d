"""finance.sentiment end to end on the tiny seeded head (conftest.py): calibration, the
instruction through the engine, and parity between ``Engine.run_many`` and the monitor's
direct path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from instrux import Engine, Settings
from tests.apps.finance.conftest import NOT_INSTALLED

pytest.importorskip("instrux_finance", reason=NOT_INSTALLED)

from instrux_finance import plugin
from instrux_finance.calibration import (
    expected_calibration_error,
    fit_temperature,
    read_calibration,
    scaled_probabilities,
)
from instrux_finance.sentiment import calibration_dir, head_dir, load_sentiment
from instrux_finance.training import calibrate

pytestmark = pytest.mark.slow


def test_calibration_is_fitted_stored_and_used(tiny_head: tuple[Settings, Path]) -> None:
    settings, data = tiny_head
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
    tiny_head: tuple[Settings, Path],
) -> None:
    settings, _ = tiny_head
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


def test_a_head_trained_elsewhere_is_verified_then_installed(
    tiny_head: tuple[Settings, Path], tmp_path: Path
) -> None:
    import shutil

    from instrux_finance.training import install

    from instrux.runtime.errors import ArtifactError

    settings, _ = tiny_head
    other = Settings(cache_dir=tmp_path / "cache", heads_dir=tmp_path / "heads")
    placed = install(other, head_dir(settings))
    assert placed == head_dir(other)
    assert (placed / "model.onnx").read_bytes() == (head_dir(settings) / "model.onnx").read_bytes()
    broken = shutil.copytree(head_dir(settings), tmp_path / "broken")
    (broken / "config.json").write_text("{}")
    with pytest.raises(ArtifactError):
        install(Settings(cache_dir=tmp_path / "third"), broken)
    assert not head_dir(Settings(cache_dir=tmp_path / "third")).exists()


def test_texts_are_batched_by_token_count_with_the_same_outputs(
    tiny_head: tuple[Settings, Path],
) -> None:
    """OnnxEncoder.run_batched groups texts by word pieces, not characters, and answers as
    one text at a time would (the fp32 graph: padding changes nothing), in input order."""
    settings, _ = tiny_head
    runner = load_sentiment(settings, {}, int8=False).head._runner
    # Long in characters, few word pieces; and the other way round.
    texts = [f"{'x' * (40 - 3 * n)} " + " ".join(["rose"] * n) for n in range(1, 12)]
    texts += ["fell", "profits fell sharply weak", "gain " * 9]
    widths: list[int] = []
    session = runner._session

    class Recording:
        def run(self, names: object, feeds: dict[str, np.ndarray]) -> object:
            widths.append(int(feeds["input_ids"].shape[1]))
            return session.run(names, feeds)

    runner._session = Recording()
    try:
        batched = runner.run_batched(texts, batch_size=4)
    finally:
        runner._session = session
    alone = []
    for text in texts:
        ids, mask = _ids(runner, text)
        alone.append(session.run(None, {"input_ids": ids, "attention_mask": mask}))
    for k in range(len(batched)):
        np.testing.assert_allclose(batched[k], np.concatenate([a[k] for a in alone]), atol=1e-5)
    counts = sorted(int(_ids(runner, t)[1].sum()) for t in texts)
    assert widths == [max(counts[i : i + 4]) for i in range(0, len(counts), 4)]


def _ids(runner: object, text: str) -> tuple[np.ndarray, np.ndarray]:
    from instrux.models.tokenize import tokenize

    return tokenize(runner._tokenizer, [text])  # type: ignore[attr-defined]
