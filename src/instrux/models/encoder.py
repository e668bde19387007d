"""The sentence-encoder protocol: texts in, one L2-normalised vector per text out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from instrux.runtime.artifacts import EncoderRecord

__all__ = ["Encoder"]


class Encoder(Protocol):
    """A loaded sentence encoder. Implementations are thread-safe.

    ``name`` is the registered model's name; ``key`` names its files and variant (fp32, int8)
    and keys the cache of vectors made with it; ``cache_dir`` is where those are cached
    (``None``: not cached); ``dim`` is the embedding size.
    """

    name: str
    key: str
    dim: int
    cache_dir: Path | None

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> npt.NDArray[np.float32]:
        """``(len(texts), dim)`` L2-normalised float32 embeddings, in input order."""
        ...

    def record(self) -> EncoderRecord:
        """What an artifact built on this encoder records: its name and file fingerprint."""
        ...
