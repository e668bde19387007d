"""The whole user path on the command line, with the tiny encoder as ``--encoder``.

YAML with inline examples -> ``instrux train head`` -> ``instrux list`` shows it -> ``instrux
run "what is the sentiment of '...'"`` executes its ONNX graph -> ``instrux eval head``;
``instrux heads add`` registers an artifact from elsewhere; a plain ``text,intent`` CSV trains.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from instrux.cli.main import build_app
from tests.heads.conftest import sentiment_rows

pytestmark = pytest.mark.slow

YAML = """\
instruction: finance.sentiment
description: Sentiment of a finance headline.
phrasings: ["what is the sentiment of {text}"]
labels:
  positive: [profits rose, strong quarter, the gain was great, up sharply today, happy profits]
  negative: [profits fell, weak quarter, the loss was awful, down sharply today, sad profits]
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "INSTRUX_HEADS_DIR": str(tmp_path / "heads"),
        "INSTRUX_CACHE_DIR": str(tmp_path / "c"),
        "COLUMNS": "200",
    }


def _invoke(env: dict[str, str], *args: str) -> dict[str, object]:
    result = CliRunner(env=env).invoke(build_app(), list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_inline_examples_become_an_instruction_run_through_onnx(
    tiny_model: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    data = tmp_path / "finance.yaml"
    data.write_text(YAML)
    trained = _invoke(
        env,
        "train",
        "head",
        "--data",
        str(data),
        "--encoder",
        str(tiny_model),
        "--mode",
        "finetune",
        "--lr-encoder",
        "0.03",
        "--epochs",
        "20",
        "--val-fraction",
        "0",
        "--no-progress",
        "--plot",
        str(tmp_path / "plots"),
        "--log-dir",
        str(tmp_path / "tb"),
        "--json",
    )
    assert trained["artifact"] == str(tmp_path / "heads" / "finance.sentiment")
    assert {Path(p).name for p in trained["plots"]} == {"learning_curve.png"}  # type: ignore[union-attr]
    assert any(p.name.startswith("events.out.tfevents") for p in (tmp_path / "tb").iterdir())

    listed = {i["name"]: i for i in _invoke(env, "list", "--json")}  # type: ignore[union-attr]
    head = listed["finance.sentiment"]
    assert "labels negative, positive" in head["description"]
    assert head["executor"] == "finance.sentiment.head"

    result = _invoke(
        env, "run", "what is the sentiment of 'profits fell sharply this quarter'", "--json"
    )
    assert result["executor_kind"] == "head"
    assert result["value"] in ("negative", "positive")
    scores = result["details"]["scores"]  # type: ignore[index]
    assert result["details"]["score"] == max(scores.values())  # type: ignore[index]
    assert result["value"] == max(scores, key=scores.get)


def test_a_plain_csv_trains_and_evaluates_then_heads_add_registers_it(
    tiny_model: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    train, test = tmp_path / "intents.csv", tmp_path / "test.csv"
    train.write_text("text,intent\n" + "".join(f"{t},{i}\n" for t, i in sentiment_rows(64, 1)))
    test.write_text("text,intent\n" + "".join(f"{t},{i}\n" for t, i in sentiment_rows(20, 3)))
    out = tmp_path / "shop-intent"
    _invoke(
        env,
        "train",
        "head",
        "--data",
        str(train),
        "--instruction",
        "shop.intent",
        "--out",
        str(out),
        "--encoder",
        str(tiny_model),
        "--no-progress",
        "--json",
    )
    assert not (tmp_path / "heads").exists()  # --out: not registered yet
    report = _invoke(env, "eval", "head", "--artifact", str(out), "--data", str(test), "--json")
    assert report["rows"] == 20
    assert 0.0 <= report["accuracy"] <= 1.0 and 0.0 <= report["macro_f1"] <= 1.0  # type: ignore[operator]
    added = _invoke(env, "heads", "add", str(out), "--json")
    assert added["added"] == str(tmp_path / "heads" / "shop.intent")
    names = [h["name"] for h in _invoke(env, "heads", "list", "--json")]  # type: ignore[union-attr]
    assert names == ["shop.intent"]
    listed = {i["name"] for i in _invoke(env, "list", "--json")}  # type: ignore[union-attr]
    assert "shop.intent" in listed


def test_bad_data_is_a_typed_error_not_a_traceback(tmp_path: Path, env: dict[str, str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("body,what\nhello,greet\n")  # no column a reader would guess
    result = CliRunner(env=env).invoke(
        build_app(), ["train", "head", "--data", str(bad), "--instruction", "x.y", "--json"]
    )
    assert result.exit_code == 10
    error = json.loads(result.stdout)
    assert "--text-column" in error["hint"]
