"""Helpers shared by the benchmark scripts (run them as ``python bench/NAME.py``)."""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable


def pin_to_one_core() -> str:
    """Pin this process to one core, so that 'per core' figures mean one core."""
    if hasattr(os, "sched_setaffinity"):
        core = sorted(os.sched_getaffinity(0))[0]
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


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
