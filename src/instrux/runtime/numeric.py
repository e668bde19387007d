"""Small numeric helpers every runtime shares (numpy only)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["softmax"]


def softmax(logits: Any) -> Any:
    """Softmax over the last axis (rows of ``(n, k)`` logits, or one ``(k,)`` row), stable."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)
