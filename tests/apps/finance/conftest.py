"""Fixtures for the instrux-finance plugin (examples/instrux-finance).

The package must be importable (``pip install -e examples/instrux-finance``; ``make setup``
does it); without it every test module here skips itself, saying so (``NOT_INSTALLED``).
Scores come from a keyword scorer (fakes.py) or from a tiny seeded head trained here
(tests/heads/conftest.py's BERT), never from a real model.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from instrux import Settings
from tests.heads.conftest import FILLER, NEGATIVE, POSITIVE

# Each test module skips itself, saying why, when the package is not installed (a skip raised
# here, in a conftest, would stop the whole run instead).
NOT_INSTALLED = (
    "instrux-finance is not installed: run `pip install -e examples/instrux-finance` "
    "(make setup does)"
)


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
    """Settings whose cache holds a finance.sentiment head trained on a tiny seeded BERT, and
    the PhraseBank-format file it was trained on."""
    from instrux_finance.sentiment import head_dir

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
