"""The one data container and its readers: CLINC150 JSON, JointBERT SNIPS folders, JSONL and
CSV training files, and the one validation splitter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from instrux import ConfigurationError
from instrux.train.benchmarks import load_named
from instrux.train.data import OOS, LabelledSplits, with_val
from instrux.train.readers import load_labelled

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def load_file(
    path: Path, val_fraction: float = 0.0, *, text_column: str | None = None,
    label_column: str | None = None,
) -> LabelledSplits:  # fmt: skip
    """Intent data as ``instrux train router`` reads it: out-of-scope labels mapped, and a
    validation split carved out when asked."""
    data = load_labelled(path, text_column=text_column, label_column=label_column, oos=True)
    return with_val(data, val_fraction, 0)


def test_clinc_style_json_merges_out_of_scope_rows(tmp_path: Path) -> None:
    path = tmp_path / "data_full.json"
    data = {
        "train": [["hi", "greet"]],
        "val": [["hello", "greet"]],
        "test": [["hey", "greet"]],
        "oos_train": [["pizza?", "oos"]],
        "oos_val": [],
        "oos_test": [["why", "oos"]],
    }
    path.write_text(json.dumps(data))
    dataset = load_named("clinc150", tmp_path)
    assert dataset.split("train") == [("hi", "greet"), ("pizza?", OOS)]
    assert dataset.split("test")[-1] == ("why", OOS) and dataset.intents() == ["greet"]


def test_snips_folders(tmp_path: Path) -> None:
    for split in ("train", "dev", "test"):
        (tmp_path / split).mkdir()
        (tmp_path / split / "seq.in").write_text("play some jazz\nwill it rain\n")
        (tmp_path / split / "label").write_text("PlayMusic\nGetWeather\n")
    dataset = load_named("snips", tmp_path)
    assert dataset.counts() == {"train": 2, "val": 2, "test": 2}
    assert dataset.intents() == ["GetWeather", "PlayMusic"]


def test_jsonl_and_csv_with_a_carved_validation_split(tmp_path: Path) -> None:
    rows = [{"text": f"greeting {i}", "intent": "greet"} for i in range(10)]
    rows += [{"text": f"farewell {i}", "intent": "bye"} for i in range(10)]
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    dataset = load_file(tmp_path / "d.jsonl", val_fraction=0.2)
    assert dataset.counts() == {"train": 16, "val": 4}
    (tmp_path / "d.csv").write_text("text,intent,split\nhi,greet,train\nbye,bye,val\n")
    assert load_file(tmp_path / "d.csv").counts() == {"train": 1, "val": 1}


def test_bad_files_say_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"text": "no intent"}\n')
    with pytest.raises(ConfigurationError, match="no label column"):
        load_file(tmp_path / "bad.jsonl")
    (tmp_path / "gap.jsonl").write_text('{"text": "hi", "intent": "greet"}\n{"text": "yo"}\n')
    with pytest.raises(ConfigurationError, match="row 2"):
        load_file(tmp_path / "gap.jsonl")
    with pytest.raises(ConfigurationError, match="no 'val' split"):
        LabelledSplits("x", {"train": []}).require("val")


def test_the_shared_clinc150_has_the_published_sizes() -> None:
    if not (SHARED_DATA / "clinc150" / "data_full.json").exists():
        pytest.skip(f"CLINC150 is not at {SHARED_DATA / 'clinc150'} (../shared/data)")
    clinc = load_named("clinc150", SHARED_DATA)
    assert clinc.counts() == {"train": 15_100, "val": 3_100, "test": 5_500}
    assert len(clinc.intents()) == 150


def test_any_plain_csv_by_common_or_given_column_names(tmp_path: Path) -> None:
    """A benchmark as published (text,category) trains without renaming its columns."""
    (tmp_path / "bank.csv").write_text(
        "text,category\nmy card is lost,lost_card\nwhere is my money,transfer\n"
    )
    assert load_file(tmp_path / "bank.csv").split("train") == [
        ("my card is lost", "lost_card"),
        ("where is my money", "transfer"),
    ]
    (tmp_path / "own.csv").write_text("utterance,label,topic\nhi there,greet,chat\n")
    assert load_file(tmp_path / "own.csv").split("train") == [("hi there", "greet")]
    chosen = load_file(tmp_path / "own.csv", text_column="utterance", label_column="topic")
    assert chosen.split("train") == [("hi there", "chat")]


def test_missing_columns_are_typed_errors_naming_the_columns(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("sentence,category\nhi,greet\n")
    with pytest.raises(ConfigurationError, match="no text column 'body'") as caught:
        load_file(tmp_path / "d.csv", text_column="body")
    assert caught.value.details["columns"] == ["sentence", "category"]
    assert "--text-column" in (caught.value.hint or "")
    (tmp_path / "e.csv").write_text("words,what\nhi,greet\n")
    with pytest.raises(ConfigurationError, match=r"no text column .* and no label column"):
        load_file(tmp_path / "e.csv")
    with pytest.raises(ConfigurationError, match="does not exist"):
        load_file(tmp_path / "absent.csv")


def test_out_of_scope_labels_and_splits_of_a_plain_file(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"text": "hi", "label": "greet", "split": "train"},
                {"text": "weather?", "label": "out_of_scope", "split": "test"},
                {"text": "hello", "label": "greet", "split": "validation"},
            ]
        )
    )
    dataset = load_file(tmp_path / "d.jsonl")
    assert dataset.splits == {
        "train": [("hi", "greet")],
        "test": [("weather?", OOS)],
        "val": [("hello", "greet")],
    }


def test_the_one_splitter_keeps_labels_with_two_rows_whole(tmp_path: Path) -> None:
    rows = [(f"a{i}", "a") for i in range(10)] + [("b0", "b"), ("b1", "b")]
    data = with_val(LabelledSplits("d", {"train": rows}), 0.5, 0)
    assert sorted(label for _, label in data.split("val")) == ["a"] * 5
    assert [t for t, label in data.split("train") if label == "b"] == ["b0", "b1"]
    assert with_val(data, 0.5, 0) is data  # a validation split is never carved twice
