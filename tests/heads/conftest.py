"""Fixtures for heads: a tiny seeded BERT (built here, in tmp_path) and small labelled data.

The tiny encoder (2 layers, 16 hidden units, a word-level vocabulary of the words below) goes
through exactly the code the real MiniLM does: export, fusion, parity checks, ONNX Runtime.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from instrux.models.load import EncoderRef, folder_encoder
from instrux.settings import Settings
from instrux.train.data import LabelledSplits

POSITIVE = ["good", "great", "fine", "happy", "rose", "gain", "strong", "up"]
NEGATIVE = ["bad", "awful", "poor", "sad", "fell", "loss", "weak", "down"]
FILLER = ["the", "profits", "film", "was", "very", "today", "quarter", "this", "sharply"]
SLOT_WORDS = [
    "play",
    "some",
    "by",
    "book",
    "a",
    "table",
    "for",
    "at",
    "adele",
    "queen",
    "jazz",
    "rock",
    "two",
    "four",
    "eight",
    "paris",
    "in",
    "music",
]
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
VOCAB = SPECIAL + sorted(set(POSITIVE + NEGATIVE + FILLER + SLOT_WORDS + ["'", "?", "."]))


def write_tiny_model(folder: Path, seed: int = 0) -> Path:
    """A 2-layer BERT with random (seeded) weights and a word-level tokenizer."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import BertConfig, BertModel

    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    # 8,000 rows: the fusion check probes real MiniLM ids (up to 7592); the tokenizer uses few.
    config = BertConfig(
        vocab_size=8000,
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(str(folder))
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    tokenizer.save(str(folder / "tokenizer.json"))
    return folder


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def tiny_encoder(folder: Path, cache: Path) -> EncoderRef:
    """The tiny model as training sees an encoder given as a folder (``--encoder DIR``)."""
    return EncoderRef(folder_encoder(folder), Settings(cache_dir=cache, device="cpu"))


def sentiment_rows(n: int, seed: int) -> list[tuple[str, str]]:
    """Sentences whose label is given by the sentiment word they contain."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = "positive" if i % 2 == 0 else "negative"
        word = rng.choice(POSITIVE if label == "positive" else NEGATIVE)
        words = [*rng.sample(FILLER, 3), word]
        rng.shuffle(words)
        rows.append((" ".join(words), label))
    return rows


@pytest.fixture
def sentiment() -> LabelledSplits:
    return LabelledSplits(
        "tiny-sentiment",
        {
            "train": sentiment_rows(64, 1),
            "val": sentiment_rows(16, 2),
            "test": sentiment_rows(24, 3),
        },
    )
