"""Issue 21's done-when: a head trained with the defaults on a small data set works.

Twelve shop intents x 8 sentences (tests/heads/shop_intents.py), trained on the real MiniLM by
``instrux train head`` with no option but the data and the instruction; then:

- the defaults fit the data: no validation split (8 rows a label cannot measure anything),
  the whole schedule (at least --min-steps), calibration from out-of-fold scores;
- differently worded test sentences are recognised and off-topic ones refused;
- ``instrux run "<raw sentence>"`` reaches the head without a wrapper phrase, and an
  off-topic sentence is ``no_match``; through the wrapper phrase, the head declines it.

Measured on this set (MiniLM, defaults): accuracy 0.917 (33 of 36; all-mpnet-base-v2 as the
encoder gives 0.972), off-topic refused 20 of 20 (docs/results.md, "Heads out of the box").
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from instrux import Engine, Settings
from instrux.cli.main import build_app
from instrux.schemas.errors import DeclinedError, NoMatchError
from tests.heads.shop_intents import OFF_TOPIC, TEST, TRAIN, rows

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The heads directory with shop.intent trained by the defaults, and the run's metrics."""
    folder = tmp_path_factory.mktemp("shop")
    data = folder / "shop.csv"
    with data.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["text", "intent"])
        writer.writerows(rows(TRAIN))
    heads = folder / "heads"
    result = CliRunner(env={"INSTRUX_HEADS_DIR": str(heads)}).invoke(
        build_app(),
        ["train", "head", "--data", str(data), "--instruction", "shop.intent", "--json",
         "--no-progress"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return heads, json.loads(result.stdout)


@pytest.fixture(scope="module")
def engine(trained: tuple[Path, dict[str, Any]]) -> Engine:
    return Engine(settings=Settings(heads_dir=trained[0]), load_entry_points=False)


def test_the_defaults_fit_small_data(trained: tuple[Path, dict[str, Any]]) -> None:
    metrics = trained[1]
    assert metrics["training"]["val_rows"] == 0
    (stage,) = metrics["training"]["stages"]
    assert stage["stopped"] == "completed" and stage["steps"] >= 300
    calibration = metrics["calibration"]
    assert calibration["source"] == "out-of-fold (5 folds)" and calibration["rows"] == 96
    assert calibration["ece_after"] < calibration["ece_before"]


def test_new_wordings_are_recognised_and_off_topic_text_refused(
    trained: tuple[Path, dict[str, Any]],
) -> None:
    from instrux.heads.evaluate import evaluate_head
    from instrux.heads.runtime import get_head
    from instrux.train.data import OOS

    model = get_head(trained[0] / "shop.intent")
    metrics = evaluate_head(model, rows(TEST) + [(text, OOS) for text in OFF_TOPIC])
    assert metrics["accuracy"] >= 0.9  # 33 of 36 measured (the goal is 0.93)
    assert metrics["in_scope_accuracy"] >= 0.88  # right and not refused
    assert metrics["oos_refused"] >= 0.9  # 20 of 20 measured
    assert metrics["ece"] < 0.15


def test_a_raw_sentence_reaches_the_head(engine: Engine) -> None:
    result = engine.run("i'd like an update on my shipment")
    assert result.value == "track_order"
    assert result.executor_kind == "head"
    route = result.call.route
    assert route.tier == "head" and route.details["label"] == "track_order"
    assert route.score >= route.details["threshold"]
    assert route.score == pytest.approx(result.details["score"], abs=1e-4)


def test_off_topic_text_is_no_match_and_the_wrapper_declines_it(engine: Engine) -> None:
    with pytest.raises(NoMatchError) as refused:
        engine.run("tell me a joke")
    assert any(c.tier == "head" for c in refused.value.candidates)
    with pytest.raises(DeclinedError, match="out of scope"):
        engine.run("what is the intent of 'tell me a joke'")
    assert engine.run("add 2 and 3").value == 5  # the other tiers still decide first


def test_instrux_run_routes_a_raw_sentence_on_the_command_line(
    trained: tuple[Path, dict[str, Any]],
) -> None:
    runner = CliRunner(env={"INSTRUX_HEADS_DIR": str(trained[0])})
    result = runner.invoke(build_app(), ["run", "my visa got rejected when i tried to buy",
                                         "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["value"] == "payment_failed" and payload["call"]["route"]["tier"] == "head"
    off_topic = runner.invoke(build_app(), ["run", "what's the weather on mars", "--json"])
    assert off_topic.exit_code == 3 and json.loads(off_topic.stdout)["code"] == "no_match"
