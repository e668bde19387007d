"""The loaded index and encoder of an engine, shared by the route tier and the executor.

Loaded once per process per index version (through instrux's one cache of loaded models,
``instrux.runtime.loaded``); rebuilding the index (a new directory renamed into place) gives
a new version, loaded on the next question.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING

from instrux_support.index import MANIFEST, default_index_dir, load_index, no_index_error
from instrux_support.retrieve import Ranking, Retriever

if TYPE_CHECKING:
    from instrux import Settings
    from instrux.registry import Registry

__all__ = ["RecentRankings", "index_present", "open_retriever"]


def index_present(settings: Settings, path: Path | None = None) -> bool:
    """Cheap (one stat): is there an index for this engine?"""
    return ((path or default_index_dir(settings)) / MANIFEST).is_file()


def open_retriever(registry: Registry, settings: Settings, path: Path | None = None) -> Retriever:
    """The retriever of the index at ``path`` (default: the engine's), loaded once.

    :raises ConfigurationError: no index there (with the command that builds one), or its
        encoder is not available.
    :raises EncoderMismatchError: the encoder's files changed since the index was built.
    """
    from instrux.models import load_encoder
    from instrux.runtime.artifacts import check_encoder
    from instrux.runtime.loaded import loaded

    folder = (path or default_index_dir(settings)).expanduser().resolve()
    try:
        stamp = (folder / MANIFEST).stat()
    except FileNotFoundError:
        raise no_index_error(folder) from None

    def build() -> Retriever:
        index = load_index(folder)
        encoder = load_encoder(registry, settings, index.encoder_name)
        check_encoder(folder, index.recorded_encoder, encoder.record())
        return Retriever(index, encoder)

    key = (
        "support-index",
        str(folder),
        stamp.st_ino,
        stamp.st_mtime_ns,
        settings.cache_dir,
        settings.device,
        settings.ort_threads,
    )
    return loaded(key, build)


class RecentRankings:
    """The last rankings the route tier computed, so that the executor that runs the call
    it routed does not embed and score the same text again."""

    def __init__(self, size: int = 64) -> None:
        self._lock = Lock()
        self._rankings: OrderedDict[tuple[str, str], Ranking] = OrderedDict()
        self._size = size

    def put(self, version: str, text: str, ranking: Ranking) -> None:
        with self._lock:
            self._rankings[(version, text)] = ranking
            while len(self._rankings) > self._size:
                self._rankings.popitem(last=False)

    def get(self, version: str, text: str) -> Ranking | None:
        with self._lock:
            return self._rankings.get((version, text))
