"""Embeddings cached on disk: the same texts through the same encoder are embedded once.

The cache file is keyed on the encoder (``Encoder.key``: model files and variant) and on every
text, so it is rebuilt when a text or the model changes, and shared by processes that embed
the same texts (the semantic tier's examples, a head's training rows). It lives under the
encoder's cache directory (``Encoder.cache_dir``, from ``Settings.cache_dir``) unless one is
given; an encoder without one embeds every time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from instrux.models.encoder import Encoder
from instrux.runtime.cache import atomic_build, digest_text
from instrux.runtime.cache import cache_dir as cache_subdir

__all__ = ["cached_vectors"]

FloatArray = npt.NDArray[np.float32]


def cached_vectors(encoder: Encoder, texts: list[str], cache_dir: Path | None = None) -> FloatArray:
    """Embeddings of ``texts``, from the cache when these exact texts were embedded before.

    :param cache_dir: the cache root (default: the encoder's; neither: no caching).
    """
    root = cache_dir if cache_dir is not None else encoder.cache_dir
    if root is None:
        fresh: FloatArray = encoder.encode(texts).astype(np.float32, copy=False)
        return fresh
    key = digest_text(encoder.key, *texts)
    path = cache_subdir(root, "vectors") / f"{key}.npy"

    def build(out: Path) -> None:
        with out.open("wb") as handle:
            np.save(handle, encoder.encode(texts), allow_pickle=False)

    atomic_build(path, build)
    vectors = np.load(path, allow_pickle=False)
    if vectors.shape != (len(texts), encoder.dim):  # a foreign file under our name: redo it
        path.unlink(missing_ok=True)
        atomic_build(path, build)
        vectors = np.load(path, allow_pickle=False)
    out: FloatArray = vectors.astype(np.float32, copy=False)
    return out
