"""Small numeric helpers every runtime shares (numpy, imported when called)."""

from __future__ import annotations

from typing import Any

__all__ = ["softmax"]


def softmax(logits: Any) -> Any:
    """Softmax over the last axis of an array (rows of ``(n, k)`` logits, or one ``(k,)`` row,
    or a list of scores), computed stably; a numpy array of the input's shape."""
    import numpy as np

    values = np.asarray(logits)
    shifted = values - values.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)
