"""Fixtures for the instrux-finance plugin (examples/instrux-finance).

The package must be importable (``pip install -e examples/instrux-finance``; ``make setup``
does it); without it every test here is skipped, saying so. Scores come from a keyword
scorer or from a tiny seeded head trained here (tests/heads/conftest.py's BERT), never from
a real model.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip(
    "instrux_finance",
    reason="instrux-finance is not installed: run `pip install -e examples/instrux-finance` "
    "(make setup does)",
)

from instrux_finance.sentiment import Scored, head_dir
from instrux_finance.stream import Post

from instrux import Settings
from tests.heads.conftest import FILLER, NEGATIVE, POSITIVE

NEGATIVE_WORDS = ("fell", "loss", "weak", "down", "lawsuit")
POSITIVE_WORDS = ("rose", "gain", "strong", "up")


def keyword_score(texts: list[str]) -> list[Scored]:
    """A stand-in for the head: negative / positive by keyword, else neutral."""
    scored = []
    for text in texts:
        words = set(text.lower().split())
        if words & set(NEGATIVE_WORDS):
            scores = {"negative": 0.8, "neutral": 0.15, "positive": 0.05}
        elif words & set(POSITIVE_WORDS):
            scores = {"negative": 0.05, "neutral": 0.15, "positive": 0.8}
        else:
            scores = {"negative": 0.1, "neutral": 0.8, "positive": 0.1}
        label = max(scores, key=scores.__getitem__)
        scored.append(Scored(label, scores[label], scores))
    return scored


START = date(2015, 3, 2)  # a Monday


def quiet_then_surge(ticker: str = "AAPL", quiet_days: int = 20, surge_day: int = 20) -> list[Post]:
    """Two neutral posts a day for ``quiet_days`` days, then one day of 8 negative posts."""
    posts = []
    for offset in range(quiet_days):
        day = START + timedelta(days=offset)
        posts += [
            Post(day, ticker, f"{ticker} news item {offset} {i}", f"{offset}-{i}") for i in range(2)
        ]
    day = START + timedelta(days=surge_day)
    posts += [Post(day, ticker, f"shares fell on weak guidance {i}", f"s-{i}") for i in range(8)]
    return posts


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


@pytest.fixture(scope="session")
def tiny_head(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    from instrux.heads.build import HeadRecipe, build_head
    from instrux.heads.config import HeadTrainConfig
    from instrux.train.benchmarks import load_phrasebank
    from instrux.train.progress import Watcher
    from tests.heads.conftest import tiny_encoder, write_tiny_model

    """Settings whose cache holds a finance.sentiment head trained on a tiny seeded BERT, and
    the PhraseBank-format file it was trained on."""
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
