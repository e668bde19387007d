"""Slot filling: BIO decoding, a tiny joint tagger trained, exported and used to fill arguments."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from instrux.cli.main import build_app
from instrux.heads.artifact import SLOTS_FORMAT, load_head, served_instructions
from instrux.heads.slots import (
    SlotModel,
    bio_spans,
    fill_from_tags,
    slot_model,
    split_words,
)
from instrux.schemas.instruction import InstructionSpec
from instrux.train.benchmarks import load_jointbert


def test_bio_runs_become_spans() -> None:
    tags = ["O", "B-artist", "I-artist", "O", "I-genre", "B-genre", "B-genre", "I-artist"]
    assert bio_spans(tags) == [
        ("artist", 1, 3),
        ("genre", 4, 5),
        ("genre", 5, 6),
        ("genre", 6, 7),
        ("artist", 7, 8),
    ]


def test_an_inside_tag_that_continues_nothing_is_inconsistent() -> None:
    from instrux.heads.slots import _stray_words

    words = ["play", "adele", "jazz", "now"]
    assert _stray_words(words, ["O", "B-artist", "I-artist", "O"]) == []
    assert _stray_words(words, ["O", "I-artist", "O", "O"]) == ["adele"]
    assert _stray_words(words, ["O", "B-artist", "I-genre", "O"]) == ["jazz"]


def test_words_keep_their_offsets() -> None:
    text = "book a table, for 2 at 8:30 in o'hare?"
    words = split_words(text)
    assert [w for w, _, _ in words] == [
        "book",
        "a",
        "table",
        ",",
        "for",
        "2",
        "at",
        "8:30",
        "in",
        "o'hare",
        "?",
    ]
    assert all(text[a:b] == w for w, a, b in words)


def _sentence(rng: random.Random) -> tuple[str, str, str]:
    if rng.random() < 0.5:
        genre, artist = rng.choice(["jazz", "rock"]), rng.choice(["adele", "queen"])
        return (f"play some {genre} by {artist}", "O O B-genre O B-artist", "PlayMusic")
    size, city = rng.choice(["two", "four", "eight"]), rng.choice(["paris"])
    return (f"book a table for {size} in {city}", "O O O O B-party_size O B-city", "BookRestaurant")


def _jointbert(root: Path) -> Path:
    rng = random.Random(0)
    for split, n in (("train", 96), ("dev", 16), ("test", 16)):
        rows = [_sentence(rng) for _ in range(n)]
        (root / split).mkdir(parents=True)
        for index, name in enumerate(("seq.in", "seq.out", "label")):
            (root / split / name).write_text("".join(r[index] + "\n" for r in rows))
    return root


class Booking(BaseModel):
    party_size: int
    city: str | None = None


BOOKING = InstructionSpec(name="tiny.book_restaurant", description="Book.", arguments=Booking)


@pytest.mark.slow
def test_a_tiny_tagger_trains_exports_and_fills_typed_arguments(
    tiny_model: Path, tmp_path: Path
) -> None:
    folder = _jointbert(tmp_path / "data")
    heads = tmp_path / "heads"
    env = {"INSTRUX_HEADS_DIR": str(heads)}
    trained = CliRunner(env=env).invoke(build_app(), [
        "train", "slots", "--data", str(folder), "--prefix", "tiny", "--encoder",
        str(tiny_model), "--lr-encoder", "0.03", "--lr-head", "0.03", "--epochs", "12",
        "--patience", "0", "--no-progress", "--json"])  # fmt: skip
    assert trained.exit_code == 0, trained.output
    metrics = json.loads(trained.stdout)
    assert metrics["artifact"] == str(heads / "tiny-slots")
    assert metrics["parity"]["tag_logits"]["max_abs_error"] <= 1e-3
    test = metrics["eval"]["test"]
    assert test["intent_accuracy"] == 1.0 and test["slot_f1"] == 1.0, test["report_text"]
    evaluated = CliRunner(env=env).invoke(build_app(), [
        "eval", "slots", "--artifact", str(heads / "tiny-slots"), "--data", str(folder),
        "--json"])  # fmt: skip
    assert json.loads(evaluated.stdout)["slot_f1"] == test["slot_f1"]

    artifact = load_head(heads / "tiny-slots", formats=(SLOTS_FORMAT,))
    assert artifact.config["instructions"]["BookRestaurant"] == "tiny.book_restaurant"
    tagged = SlotModel(artifact, device="cpu").tag("Book a table for four in Paris")
    assert tagged.intent == "BookRestaurant"
    assert [(s.slot, s.text) for s in tagged.spans] == [("party_size", "four"), ("city", "Paris")]

    assert served_instructions(heads)["tiny.book_restaurant"] == heads / "tiny-slots"
    assert served_instructions(tmp_path / "none") == {}
    model = slot_model(heads / "tiny-slots")
    filled = fill_from_tags(BOOKING, "book a table for four in paris", model)
    assert filled.arguments == Booking(party_size=4, city="paris")
    assert filled.source == str(heads / "tiny-slots") and len(filled.spans) == 2
    # Nothing this instruction needs in the text: not understood, never a guess.
    assert fill_from_tags(BOOKING, "play some jazz by adele", model).arguments is None


def test_bad_slot_data_is_a_typed_error(tmp_path: Path) -> None:
    from instrux.schemas.errors import ConfigurationError

    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "seq.in").write_text("play jazz\n")
    (tmp_path / "train" / "seq.out").write_text("O\n")
    (tmp_path / "train" / "label").write_text("PlayMusic\n")
    with pytest.raises(ConfigurationError, match="one BIO tag per word"):
        load_jointbert(tmp_path)
    with pytest.raises(ConfigurationError, match="JointBERT"):
        load_jointbert(tmp_path / "missing")
