"""ONNX Runtime sessions: provider choice, thread settings and a thread-safe session cache.

Environment variables (read when a session is first needed):

- ``INSTRUX_DEVICE``: ``auto`` (default: CUDA when onnxruntime-gpu is installed and a GPU is
  visible, else CPU), ``cpu`` or ``cuda`` (an error when CUDA cannot be used).
- ``INSTRUX_ORT_THREADS``: intra-op threads per session (default 1). The arithmetic nets are a
  handful of scalar ops, so more threads only add wake-up latency; on a shared machine ORT's
  spinning threads also steal time from other processes.

``onnxruntime`` is imported inside these functions, never when this module is imported.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.runtime.errors import DeviceUnavailableError
from instrux.schemas.errors import ConfigurationError

if TYPE_CHECKING:
    import numpy as np
    import onnxruntime  # type: ignore[import-untyped]

__all__ = [
    "DEVICES",
    "DEVICE_ENV",
    "THREADS_ENV",
    "OnnxRunner",
    "clear_sessions",
    "get_runner",
    "import_onnxruntime",
    "resolve_device",
    "resolve_threads",
    "select_providers",
]

DEVICE_ENV = "INSTRUX_DEVICE"
THREADS_ENV = "INSTRUX_ORT_THREADS"
DEVICES = ("auto", "cpu", "cuda")
CPU = "CPUExecutionProvider"
CUDA = "CUDAExecutionProvider"


def import_onnxruntime() -> Any:
    """Import onnxruntime, or explain how to install it."""
    try:
        import onnxruntime
    except ImportError as err:
        raise ConfigurationError(
            f"onnxruntime cannot be imported ({err}).",
            hint="Install it (`pip install onnxruntime`, or `instrux[gpu]` for CUDA), or use "
            "the Python executors with `--executor-kind python`.",
        ) from err
    return onnxruntime


def resolve_device(device: str | None = None) -> str:
    """``device``, else ``INSTRUX_DEVICE``, else ``auto``; checked against :data:`DEVICES`."""
    chosen = (device or os.environ.get(DEVICE_ENV) or "auto").strip().lower()
    if chosen not in DEVICES:
        raise ConfigurationError(
            f"Unknown device {chosen!r}.",
            hint=f"Use one of {', '.join(DEVICES)} (--device or {DEVICE_ENV}).",
            details={"device": chosen},
        )
    return chosen


def resolve_threads(threads: int | None = None) -> int:
    """``threads``, else ``INSTRUX_ORT_THREADS``, else 1."""
    raw = threads if threads is not None else os.environ.get(THREADS_ENV, "1")
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigurationError(
            f"Invalid ONNX Runtime thread count {raw!r}.",
            hint=f"Give a positive integer ({THREADS_ENV} or the threads argument).",
        )
    return value


def select_providers(
    device: str | None = None, available: list[str] | None = None
) -> tuple[str, ...]:
    """Execution providers for ``device``, best first (CPU always last as the fallback)."""
    chosen = resolve_device(device)
    if available is None:
        available = list(import_onnxruntime().get_available_providers())
    has_cuda = CUDA in available
    if chosen == "cuda" and not has_cuda:
        raise DeviceUnavailableError(
            "cuda",
            "this onnxruntime build has no CUDAExecutionProvider",
            hint="Install onnxruntime-gpu in place of onnxruntime (`instrux[gpu]`), "
            f"or set {DEVICE_ENV}=cpu.",
        )
    if chosen == "cpu" or not has_cuda:
        return (CPU,)
    return (CUDA, CPU)


@dataclass(slots=True)
class OnnxRunner:
    """One ONNX Runtime session with its input and output names."""

    session: onnxruntime.InferenceSession
    input_name: str
    output_name: str
    providers: tuple[str, ...] = field(default=())

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Run the graph on one batch ``x`` (B, F) and return its first output (B, ...)."""
        result: np.ndarray = self.session.run([self.output_name], {self.input_name: x})[0]
        return result


class _SessionCache:
    """Sessions keyed by file identity, providers and threads; safe to share across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runners: dict[tuple[Any, ...], OnnxRunner] = {}

    def get(self, path: Path, device: str | None, threads: int | None) -> OnnxRunner:
        providers = select_providers(device)
        n_threads = resolve_threads(threads)
        stat = path.stat()  # a re-trained file (new mtime or size) gets a new session
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, providers, n_threads)
        with self._lock:  # creation is rare and cheap next to a race that builds two sessions
            runner = self._runners.get(key)
            if runner is None:
                runner = _create_runner(path, providers, n_threads, resolve_device(device))
                self._runners[key] = runner
        return runner

    def clear(self) -> None:
        with self._lock:
            self._runners.clear()


_CACHE = _SessionCache()


def get_runner(path: Path, *, device: str | None = None, threads: int | None = None) -> OnnxRunner:
    """A cached session for the ONNX file at ``path`` (created on first use)."""
    return _CACHE.get(Path(path), device, threads)


def clear_sessions() -> None:
    """Forget every cached session (tests, or after re-training in the same process)."""
    _CACHE.clear()


def _create_runner(path: Path, providers: tuple[str, ...], threads: int, device: str) -> OnnxRunner:
    ort = import_onnxruntime()
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    if threads > 1:  # spinning workers burn a core that other processes may need
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(str(path), sess_options=options, providers=list(providers))
    used = tuple(session.get_providers())
    if device == "cuda" and CUDA not in used:
        raise DeviceUnavailableError(
            "cuda",
            "ONNX Runtime fell back to the CPU (no usable GPU or CUDA libraries)",
            hint=f"Check `nvidia-smi` and the CUDA/cuDNN versions, or set {DEVICE_ENV}=cpu.",
        )
    return OnnxRunner(
        session=session,
        input_name=session.get_inputs()[0].name,
        output_name=session.get_outputs()[0].name,
        providers=used,
    )
