"""Tokenization with the ``tokenizers`` library (no transformers, no torch)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["MAX_TOKENS", "load_tokenizer", "tokenize"]

# all-MiniLM-L6-v2 was trained on (and sentence-transformers truncates to) 256 word pieces.
MAX_TOKENS = 256

IntArray = npt.NDArray[np.int64]


def load_tokenizer(path: Path, max_tokens: int = MAX_TOKENS) -> Any:
    """A fast tokenizer that truncates to ``max_tokens`` and pads to the longest in a batch."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_tokens)
    # MiniLM's tokenizer.json ships with fixed padding to 128: pad to the batch's longest text
    # instead, with the model's own pad token (id 0 "[PAD]" for BERT, 1 "<pad>" for MPNet).
    pad_id, pad_token = _pad_token(tokenizer)
    tokenizer.enable_padding(pad_id=pad_id, pad_token=pad_token)
    return tokenizer


def _pad_token(tokenizer: Any) -> tuple[int, str]:
    padding = tokenizer.padding
    if padding:
        return int(padding["pad_id"]), str(padding["pad_token"])
    for token in ("[PAD]", "<pad>"):
        found = tokenizer.token_to_id(token)
        if found is not None:
            return int(found), token
    return 0, "[PAD]"


def tokenize(tokenizer: Any, texts: Sequence[str]) -> tuple[IntArray, IntArray]:
    """``(input_ids, attention_mask)``, both ``(batch, tokens)`` int64."""
    if len(texts) == 1:  # the routing hot path: no batch machinery, no padding
        encoding = tokenizer.encode(texts[0])
        ids = np.asarray([encoding.ids], dtype=np.int64)
        return ids, np.ones_like(ids)
    encodings = tokenizer.encode_batch(list(texts))
    ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
    mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
    return ids, mask
