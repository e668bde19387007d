"""Fixtures for the semantic tier: the real MiniLM encoder, exported once into the cache.

The ONNX export lands in ``Settings().cache_dir`` (``INSTRUX_CACHE_DIR``, default
``~/.cache/instrux``), never in the working tree; later sessions reuse it. Tests that check
cache behaviour use ``tmp_path``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from instrux import Engine
from instrux.models import Encoder
from instrux.models.load import EncoderRef, encoder_ref
from instrux.settings import load_settings
from instrux.train.benchmarks import load_named
from instrux.train.data import LabelledSplits

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"

# A tiny intent dataset written for these tests: three intents, clearly apart.
TINY: dict[str, list[str]] = {
    "weather": [
        "what's the weather like today",
        "will it rain tomorrow",
        "is it going to be sunny",
        "how cold is it outside",
        "do i need an umbrella",
        "what's the forecast for the weekend",
        "will it snow tonight",
        "how hot will it get today",
    ],
    "play_music": [
        "play some music",
        "put on my favourite song",
        "play the latest album by adele",
        "i want to hear some jazz",
        "start my workout playlist",
        "play something relaxing",
        "shuffle my liked songs",
        "play rock music loudly",
    ],
    "book_table": [
        "book a table for two",
        "reserve a table at an italian restaurant",
        "make a dinner reservation",
        "get me a table for four at eight",
        "book a restaurant for tonight",
        "i need a table for lunch",
        "reserve dinner for six people",
        "can you book us a table downtown",
    ],
}


@pytest.fixture(scope="session")
def encoder_cache() -> Path:
    """Where the real encoder's graphs are cached (shared with every later test session)."""
    return load_settings().cache_dir


@pytest.fixture(scope="session")
def semantic_engine() -> Engine:
    """Built-ins only, Python executors: results do not depend on the neural executors."""
    return Engine(load_entry_points=False, prefer_executor_kind="python")


@pytest.fixture(scope="session")
def minilm(semantic_engine: Engine) -> EncoderRef:
    """The default encoder as training sees it (on the CPU)."""
    settings = semantic_engine.settings.model_copy(update={"device": "cpu"})
    return encoder_ref(semantic_engine.registry, settings)


@pytest.fixture(scope="session")
def encoder(semantic_engine: Engine) -> Encoder:
    """The default encoder (all-MiniLM-L6-v2), as the engine loads it."""
    return semantic_engine.encoder()


@pytest.fixture(scope="session")
def clinc() -> LabelledSplits:
    if not (SHARED_DATA / "clinc150" / "data_full.json").exists():
        pytest.skip(
            f"CLINC150 is not at {SHARED_DATA / 'clinc150'} (../shared/data beside the repo)"
        )
    return load_named("clinc150", SHARED_DATA)


def tiny_dataset() -> LabelledSplits:
    """TINY as a dataset: six training and two validation examples per intent."""
    train = [(t, i) for i, texts in TINY.items() for t in texts[:6]]
    val = [(t, i) for i, texts in TINY.items() for t in texts[6:]]
    val += [("what is the capital of france", "oos"), ("tell me a joke", "oos")]
    return LabelledSplits("tiny", {"train": train, "val": val, "test": val})
