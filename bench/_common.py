"""Helpers shared by the benchmark scripts (run them as ``python bench/NAME.py``)."""

from __future__ import annotations

import contextlib
import functools
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # instrux is imported inside the helpers: most benches only time things
    from instrux.models.encoder import Encoder
    from instrux.models.load import EncoderRef
    from instrux.registry import Registry
    from instrux.settings import Settings


def pin_to_one_core() -> str:
    """Pin this process to one core, so that 'per core' figures mean one core."""
    if hasattr(os, "sched_setaffinity"):
        core = sorted(os.sched_getaffinity(0))[0]
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def baseline_worktree(ref: str) -> Iterator[Path]:
    """A temporary git worktree of ``ref`` (its root), removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref],
                       check=True, capture_output=True)  # fmt: skip
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False, capture_output=True)  # fmt: skip


def measured_at() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())


def machine() -> str:
    return f"{platform.processor() or platform.machine()}, Python {sys.version.split()[0]}"


def sample_us(fn: Callable[[], object], number: int, repeat: int) -> list[float]:
    """Per-call time in microseconds for each of ``repeat`` batches of ``number`` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number * 1e6)
    return samples


MINILM = "all-minilm-l6-v2"  # the encoder every bench that names MiniLM measures


@functools.cache
def builtin_registry() -> Registry:
    """The registry of an engine with the built-in plugins (where the encoders are)."""
    from instrux import Engine

    return Engine(load_entry_points=False).registry


def cpu_settings(threads: int = 1) -> Settings:
    """The user's settings on the CPU with ``threads`` ORT threads and the fp32 encoder."""
    from instrux.settings import load_settings

    update = {"device": "cpu", "ort_threads": threads, "semantic_int8": False}
    return load_settings().model_copy(update=update)


def training_encoder(name: str = MINILM, threads: int = 1) -> EncoderRef:
    """The registered encoder ``name`` as training sees it: on the CPU with ``threads``."""
    from instrux.models.load import encoder_ref

    return encoder_ref(builtin_registry(), cpu_settings(threads), name)


def loaded_encoder(name: str = MINILM, threads: int = 1) -> Encoder:
    """The registered encoder ``name``, loaded on the CPU with ``threads`` (fp32)."""
    from instrux.models.load import load_encoder

    return load_encoder(builtin_registry(), cpu_settings(threads), name)


def encoder_folder(name: str = MINILM) -> Path:
    """The Hugging Face folder of the encoder ``name`` (what torch-side libraries load)."""
    return training_encoder(name).folder()


def parse_or_refuse(engine: object, text: str) -> None:
    """``engine.parse(text)``, a refusal included: it costs the same route."""
    from instrux.schemas.errors import InstruxError

    with contextlib.suppress(InstruxError):
        engine.parse(text)  # type: ignore[attr-defined]
