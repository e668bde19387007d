"""Bring your own data: a plain CSV trains a router with one command, its intents become
instructions with no code, off-topic text is refused without out-of-scope rows or a
validation split, and ``instrux eval router --data`` measures it on one's own test file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from instrux import Engine, NoMatchError, Settings
from instrux.cli.main import app
from instrux.heads.crossfit import fold_of, leave_one_out_similarity

from .conftest import TINY

pytest.importorskip("torch", reason="training needs torch (instrux[train])")

# Requests none of TINY's intents (weather, music, restaurant tables) covers.
OFF_TOPIC = [
    "what is the capital of australia",
    "how many calories are in an apple",
    "translate good morning into spanish",
    "my card was declined",
    "tell me a joke",
    "set an alarm for 6 am",
]
PARAPHRASES = {
    "is it going to be chilly this evening": "shop.weather",
    "reserve a table for my family on friday": "shop.book_table",
    "put on some classical music": "shop.play_music",
}


def _csv(path: Path, rows: list[tuple[str, str]], header: tuple[str, str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def router(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Trained by the CLI from a CSV as published (sentence,category), no validation split."""
    root = tmp_path_factory.mktemp("own")
    rows = [(text, intent) for intent, texts in TINY.items() for text in texts]
    data = _csv(root / "intents.csv", rows, ("sentence", "category"))
    out = root / "router"
    result = CliRunner().invoke(
        app,
        [
            *("train", "router", "--data", str(data), "--out", str(out), "--prefix", "shop"),
            *("--val-fraction", "0", "--min-steps", "300", "--no-progress", "--json"),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["threshold_from"].startswith("out-of-fold")
    assert report["threshold"] > 0 and report["floor"] > 0
    return out


def test_off_topic_text_is_refused_without_out_of_scope_rows(router: Path) -> None:
    engine = Engine(settings=Settings(semantic_router=router, device="cpu"))
    for text in OFF_TOPIC:
        with pytest.raises(NoMatchError):
            engine.parse(text)
    for text, instruction in PARAPHRASES.items():
        assert engine.parse(text).instruction == instruction


def test_the_router_intents_are_instructions_without_code(
    router: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTRUX_SEMANTIC_ROUTER", str(router))
    listed = CliRunner().invoke(app, ["list", "--json"])
    assert listed.exit_code == 0, listed.output
    names = {item["name"]: item for item in json.loads(listed.stdout)}
    assert {"shop.weather", "shop.play_music", "shop.book_table"} <= set(names)
    assert "will it rain tomorrow" in names["shop.weather"]["examples"]
    ran = CliRunner().invoke(app, ["run", "is it going to be chilly this evening"])
    assert ran.exit_code == 0 and ran.stdout.strip() == "weather", ran.output


def test_eval_router_on_ones_own_test_file(router: Path, tmp_path: Path) -> None:
    rows = [(text, PARAPHRASES[text].split(".")[1]) for text in PARAPHRASES]
    rows += [(text, "out_of_scope") for text in OFF_TOPIC[:4]]
    test = _csv(tmp_path / "test.csv", rows, ("text", "label"))
    result = CliRunner().invoke(
        app,
        [
            *("eval", "router", "--data", str(test), "--artifact", str(router), "--json"),
            *("--latency-samples", "5"),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["test_rows"] == 7
    assert report["in_scope_accuracy"] == 1.0 and report["macro_f1"] == 1.0
    assert report["oos_recall"] == 1.0 and report["oos_precision"] == 1.0
    assert report["latency_ms_p50"] > 0 and report["unknown_intent_rows"] == 0


def test_eval_router_needs_a_test_split_to_train_on_the_rest(tmp_path: Path) -> None:
    data = _csv(tmp_path / "d.csv", [("hi", "greet")], ("text", "intent"))
    result = CliRunner().invoke(app, ["eval", "router", "--data", str(data), "--json"])
    assert result.exit_code == 10
    assert "no test split" in result.stdout and "--test-data" in result.stdout
    missing = CliRunner().invoke(app, ["eval", "router", "--json"])
    assert missing.exit_code == 10 and "--data" in missing.stdout


def test_folds_spread_every_label_and_leave_one_out_skips_itself() -> None:
    y = np.array([0, 0, 0, 0, 0, 1, 1, 2], dtype=np.int64)
    folds = fold_of(y, 3)
    assert sorted(np.bincount(folds[y == 0])) == [1, 2, 2]
    assert len(set(folds[y == 1])) == 2
    x = np.eye(3, dtype=np.float32)[[0, 0, 1]]  # rows 0 and 1 equal, row 2 alone
    assert leave_one_out_similarity(x, chunk=2).tolist() == [1.0, 1.0, 0.0]


def test_schedules_scale_with_the_data() -> None:
    from instrux.heads.router import router_head_config

    def schedule(rows: int, mode: str, **changes: int) -> tuple[int, int]:
        cfg = router_head_config(mode, **changes)  # type: ignore[arg-type]
        return cfg.batch_for(rows), cfg.epochs_for(rows, head_only=mode == "linear")

    # 10 examples x 77 intents: batch 77 (not 256: 4 steps an epoch), epochs until 1000 steps.
    assert schedule(770, "linear") == (77, 100)
    assert schedule(15_000, "linear") == (256, 60)  # enough steps already
    assert schedule(24, "finetune") == (8, 100)  # tiny data: small batches, more epochs
    assert schedule(24, "finetune", min_steps=0) == (8, 5)


def test_the_head_reports_progress_while_it_trains() -> None:
    from instrux.heads.router import router_head_config
    from instrux.heads.train import fit_on_vectors
    from instrux.train.progress import Watcher

    class Recorder(Watcher):
        def __init__(self) -> None:
            super().__init__(progress=False)
            self.steps: list[int] = []

        def step(self, stage: str, step: int, loss: float) -> None:
            self.steps.append(step)

    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 8)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    recorder = Recorder()
    fit_on_vectors(x, y, 2, router_head_config("linear", base_epochs=1, min_steps=100), recorder)
    assert recorder.steps == list(range(1, 101))  # one report per optimizer step


def test_the_floor_refuses_alike_one_text_at_a_time_and_in_batches() -> None:
    """Parity of SemanticRouter.predict (evaluation) and .decide (routing) with a floor."""
    from instrux.semantic.router import Head, SemanticRouter

    rng = np.random.default_rng(1)

    def unit(rows: int) -> np.ndarray:
        x = rng.normal(size=(rows, 16)).astype(np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    memory, labels = unit(30), np.arange(30, dtype=np.int64) % 3
    head = Head(rng.normal(size=(3, 16)).astype(np.float32) * 5, np.zeros(3, dtype=np.float32))
    router = SemanticRouter(
        ["a", "b", "c"],
        memory,
        labels,
        [f"t{i}" for i in range(30)],
        np.full(3, 0.4, dtype=np.float32),
        head=head,
        floor=0.45,
    )
    texts = np.concatenate([memory[:10] + 0.05 * unit(10), unit(40)])
    texts /= np.linalg.norm(texts, axis=1, keepdims=True)
    batch = router.predict(texts)
    single = [router.decide(t).instruction for t in texts]
    assert [None if p < 0 else router.labels[p] for p in batch] == single
    floored = [d for d in map(router.decide, texts) if d.threshold == 0.45]
    assert floored and all(d.reason == "below_threshold" and not d.eligible for d in floored)
    for decision in floored:  # explained by nearest-example cosines, all below the floor
        assert decision.ranked[0][1] == pytest.approx(decision.score)
        assert all(score < 0.45 for _, score in decision.ranked)
    assert (batch >= 0).any()


def test_a_trained_router_adds_to_the_cascade_and_hides_no_built_in(router: Path) -> None:
    """With a router set, the registered examples still route every other instruction."""
    engine = Engine(settings=Settings(semantic_router=router, device="cpu"))
    assert engine.run("could you tell me what 3 and 5 add up to").value == 8  # the README's
    assert engine.parse("could you tell me what 3 and 5 add up to").route.tier == "semantic"
    for text, instruction in PARAPHRASES.items():  # and the router's own intents are its
        assert engine.parse(text).instruction == instruction
