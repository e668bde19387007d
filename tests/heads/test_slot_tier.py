"""The semantic tier fills arguments with a slot head where the words do not find them.

A tiny seeded tagger (the conftest's 2-layer BERT) is trained here on sentences of two
intents and written to a heads directory as ``tiny-slots``; an instruction ``tiny.play_music``
is registered by a plugin with the real encoder routing it. "play adele jazz" matches none of
its phrasings ("play some {genre} by {artist}"), so only the tagger can find the arguments:
with the heads directory it runs, without it it declines, and the tagger's reading must still
pass the word check, be of this instruction and be confident.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import instrux
from instrux import Engine
from instrux.heads.config import HeadTrainConfig
from instrux.heads.slots import fill_from_tags, slot_model
from instrux.heads.slots_train import build_slots
from instrux.plugins import RegisterInstruction
from instrux.runtime.loaded import forget
from instrux.schemas.errors import InstructionRunError
from instrux.settings import load_settings
from instrux.train.benchmarks import SlotData
from instrux.train.progress import Watcher

from .conftest import tiny_encoder

GENRES, ARTISTS = ("jazz", "rock"), ("adele", "queen")


# Sentence forms: words with {genre} / {artist} / {size} placeholders, and their intent.
FORMS = [
    ("play some {genre} by {artist}", "PlayMusic"),
    ("play {artist} {genre}", "PlayMusic"),
    ("play {genre} music by {artist}", "PlayMusic"),
    ("book a table for {size} in paris", "BookRestaurant"),
]
TAG_OF = {"{genre}": "B-genre", "{artist}": "B-artist", "{size}": "B-party_size", "paris": "B-city"}


def _sentences(rng: random.Random, n: int) -> list[tuple[list[str], list[str], str]]:
    rows: list[tuple[list[str], list[str], str]] = []
    while len(rows) < n:
        form, intent = rng.choice(FORMS)
        values = {
            "{genre}": rng.choice(GENRES),
            "{artist}": rng.choice(ARTISTS),
            "{size}": rng.choice(["two", "four", "eight"]),
        }
        words = [values.get(w, w) for w in form.split()]
        if " ".join(words) == "play adele jazz":
            continue
        rows.append((words, [TAG_OF.get(w, "O") for w in form.split()], intent))
    return rows


@pytest.fixture(scope="module")
def heads_dir(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(0)  # "play adele jazz" is never a training sentence
    data = SlotData("tiny", {"train": _sentences(rng, 96), "val": _sentences(rng, 16)})
    cfg = HeadTrainConfig(
        mode="finetune", max_epochs=12, min_steps=0, batch_size=16, lr_head=0.03,
        lr_encoder=0.03, patience=0, seed=0,
    )  # fmt: skip
    folder = tmp_path_factory.mktemp("slot-heads")
    with Watcher(progress=False) as watcher:
        metrics = build_slots(
            data, cfg, folder / "tiny-slots", encoder=tiny_encoder(tiny_model, folder / "cache"),
            watcher=watcher, prefix="tiny",
        )  # fmt: skip
    assert metrics["eval"]["val"]["slot_f1"] == 1.0, metrics["eval"]["val"]["report_text"]
    forget("slots")
    return folder


@instrux.executor(
    "tiny.play_music", examples=["play some {genre} by {artist}", "play {genre} music by {artist}"]
)
def play_music(genre: str, artist: str) -> str:
    """Play music of a genre by an artist."""
    return f"{genre} by {artist}"


class MusicPlugin:
    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        register(play_music)


def _engine(heads: Path) -> Engine:
    settings = load_settings(heads_dir=heads)
    return Engine([MusicPlugin()], settings=settings, load_entry_points=False)


@pytest.mark.slow
def test_the_slot_head_fills_what_the_words_do_not(heads_dir: Path, tmp_path: Path) -> None:
    engine = _engine(heads_dir)
    filler = engine.registry.filler_for("tiny.play_music")
    assert filler is not None and filler.plugin == "instrux.heads"  # through the registry
    call = engine.parse("play adele jazz")
    assert call.instruction == "tiny.play_music" and call.route.tier == "semantic"
    assert call.arguments.model_dump() == {"genre": "jazz", "artist": "adele"}
    assert call.route.details["slot_head"] == str(heads_dir / "tiny-slots")
    assert "slot head" in call.route.explanation
    assert engine.run("play adele jazz").value == "jazz by adele"
    # The phrasings still find their own arguments first.
    assert engine.parse("play some rock by queen").arguments.model_dump() == {
        "genre": "rock",
        "artist": "queen",
    }
    # Without a slot head the same text is not understood: the head made the difference.
    with pytest.raises(InstructionRunError):
        _engine(tmp_path / "no-heads").parse("play adele jazz")


@pytest.mark.slow
def test_the_tagger_reading_must_pass_the_word_check(heads_dir: Path) -> None:
    engine = _engine(heads_dir)
    # "eight" is tagged (a party size) or left over; either way no argument of the call
    # takes it, so the text says more than the call would do.
    with pytest.raises(InstructionRunError):
        engine.parse("play adele jazz eight")


@pytest.mark.slow
def test_an_unsure_or_inconsistent_tagging_declines(heads_dir: Path) -> None:
    model = slot_model(heads_dir / "tiny-slots")
    spec = _engine(heads_dir).registry.instruction("tiny.play_music").spec
    assert fill_from_tags(spec, "play adele jazz", model).arguments is not None
    other = fill_from_tags(spec, "book a table for four in paris", model)
    assert other.arguments is None and "reads the text as tiny.book_restaurant" in other.reason
    unsure = fill_from_tags(spec, "play adele jazz", model, min_tag_score=0.999999)
    assert unsure.arguments is None and "unsure of the tag" in unsure.reason
    doubtful = fill_from_tags(spec, "play adele jazz", model, min_intent_score=0.999999)
    assert doubtful.arguments is None and "unsure of the intent" in doubtful.reason
