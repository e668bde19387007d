"""The one process-wide cache of loaded models: sessions, encoders, heads, taggers, LLMs.

Loading a model is slow (an ONNX Runtime session, a sentence encoder, a language model) and
its result is read-only, so every feature keeps what it loads here, under a key that names
what was loaded and how (kind first: ``("session", path, mtime, size, providers, threads)``,
``("encoder", name, int8, threads, device, cache_dir)``, ...). One cache means one place to
clear (tests, or after re-training in the same process) and one locking rule: a key is built
once, under its own lock, so a slow build (a 30 s encoder export) does not hold up loads of
other keys, and two threads asking for the same key at once build it once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["forget", "loaded"]

T = TypeVar("T")
Key = tuple[Hashable, ...]


class _Loaded:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[Key, Any] = {}
        self._building: dict[Key, threading.Lock] = {}

    def get(self, key: Key, build: Callable[[], T]) -> T:
        found = self._values.get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[no-any-return]
        with self._lock:
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            found = self._values.get(key, _MISSING)
            if found is _MISSING:
                found = build()
                with self._lock:
                    self._values[key] = found
            return found  # type: ignore[no-any-return]

    def forget(self, kind: str | None) -> None:
        with self._lock:
            keys = [k for k in self._values if kind is None or (k and k[0] == kind)]
            for key in keys:
                del self._values[key]
                self._building.pop(key, None)


_MISSING = object()
_CACHE = _Loaded()


def loaded(key: Key, build: Callable[[], T]) -> T:
    """The value cached under ``key``, built with ``build()`` on first use (thread-safe).

    :param key: a tuple whose first item names the kind of model (``"session"``,
        ``"encoder"``, ``"head"``, ``"slots"``, ``"llm"``), then whatever identifies it.
    :param build: makes the value; an exception propagates and nothing is cached.
    """
    return _CACHE.get(key, build)


def forget(kind: str | None = None) -> None:
    """Drop the cached models of one kind (``None``: all of them)."""
    _CACHE.forget(kind)
