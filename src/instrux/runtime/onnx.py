"""ONNX Runtime sessions: the one place that builds them, and a thread-safe session cache.

Every session in instrux (the arithmetic nets, the sentence encoder, trained routers, the
parity checks of exports) is made by :func:`make_session`, so the device and thread settings
reach all of them the same way. Nothing here reads the environment: the device and thread
count are passed in (the engine takes them from :class:`instrux.Settings`, i.e.
``INSTRUX_DEVICE`` and ``INSTRUX_ORT_THREADS``).

- ``device``: ``auto`` (CUDA when the onnxruntime build has it, i.e. onnxruntime-gpu, with the
  CPU as fallback), ``cpu``, or ``cuda`` (an error when CUDA cannot be used).
- ``threads``: intra-op threads (default 1); one inter-op thread, sequential execution, no
  spinning. The arithmetic nets are a handful of scalar ops and the encoder runs at batch 1
  in routing, so more threads mostly add wake-up latency, and ORT's spinning workers steal a
  core from other processes on a shared machine.

``onnxruntime`` is imported inside these functions, never when this module is imported.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.runtime.errors import DeviceUnavailableError, MissingDependencyError
from instrux.schemas.errors import ConfigurationError

if TYPE_CHECKING:
    import numpy as np
    import onnxruntime  # type: ignore[import-untyped]

__all__ = [
    "CPU",
    "CUDA",
    "DEVICES",
    "OnnxRunner",
    "clear_sessions",
    "get_runner",
    "import_onnxruntime",
    "make_session",
    "resolve_device",
    "resolve_threads",
    "select_providers",
]

DEVICES = ("auto", "cpu", "cuda")
CPU = "CPUExecutionProvider"
CUDA = "CUDAExecutionProvider"


def import_onnxruntime() -> Any:
    """Import onnxruntime, or raise :class:`MissingDependencyError` saying how to install it."""
    try:
        import onnxruntime
    except ImportError as err:
        raise MissingDependencyError(
            "onnxruntime",
            "running ONNX graphs",
            install="onnxruntime",
            alternative="Use onnxruntime-gpu (`instrux[gpu]`) for CUDA, or the exact Python "
            "executors with `--executor-kind python`.",
            reason=str(err),
        ) from err
    return onnxruntime


def resolve_device(device: str = "auto") -> str:
    """``device`` lower-cased and checked against :data:`DEVICES`."""
    chosen = device.strip().lower()
    if chosen not in DEVICES:
        raise ConfigurationError(
            f"Unknown device {chosen!r}.",
            hint=f"Use one of {', '.join(DEVICES)} (--device or INSTRUX_DEVICE).",
            details={"device": chosen},
        )
    return chosen


def resolve_threads(threads: int = 1) -> int:
    """``threads`` checked to be a positive integer."""
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ConfigurationError(
            f"Invalid ONNX Runtime thread count {threads!r}.",
            hint="Give a positive integer (--threads or INSTRUX_ORT_THREADS).",
            details={"threads": repr(threads)},
        )
    return threads


def select_providers(device: str = "auto", available: list[str] | None = None) -> tuple[str, ...]:
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
            "or use --device cpu (INSTRUX_DEVICE=cpu).",
        )
    if chosen == "cpu" or not has_cuda:
        return (CPU,)
    return (CUDA, CPU)


def make_session(
    path: Path, *, device: str = "auto", threads: int = 1, optimize: bool = True
) -> onnxruntime.InferenceSession:
    """An ONNX Runtime session for the graph at ``path``.

    :param device: ``auto``, ``cpu`` or ``cuda`` (see the module docstring).
    :param threads: intra-op threads.
    :param optimize: apply ORT's graph optimisations (the default, and what inference runs).
        ``False`` runs the graph exactly as written: the reference side of a check that an
        optimised graph (the fused encoder) still computes the same function.
    :raises DeviceUnavailableError: ``cuda`` was asked for and ORT cannot use it.
    """
    ort = import_onnxruntime()
    chosen = resolve_device(device)
    providers = select_providers(chosen)
    options = _session_options(ort, resolve_threads(threads), optimize)
    session = ort.InferenceSession(str(path), sess_options=options, providers=list(providers))
    if chosen == "cuda" and CUDA not in session.get_providers():
        # ORT silently falls back to the CPU when the CUDA libraries fail to load.
        raise DeviceUnavailableError(
            "cuda",
            "ONNX Runtime fell back to the CPU (no usable GPU or CUDA libraries)",
            hint="Check `nvidia-smi` and the CUDA/cuDNN versions, or use --device cpu "
            "(INSTRUX_DEVICE=cpu).",
        )
    return session


def _session_options(ort: Any, threads: int, optimize: bool) -> Any:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    levels = ort.GraphOptimizationLevel
    options.graph_optimization_level = levels.ORT_ENABLE_ALL if optimize else levels.ORT_DISABLE_ALL
    # Spinning workers burn a core that other processes may need; at batch 1 it buys nothing.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


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

    def get(self, path: Path, device: str, threads: int) -> OnnxRunner:
        chosen = resolve_device(device)
        providers = select_providers(chosen)
        n_threads = resolve_threads(threads)
        stat = path.stat()  # a re-trained file (new mtime or size) gets a new session
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, chosen, providers, n_threads)
        with self._lock:  # creation is rare and cheap next to a race that builds two sessions
            runner = self._runners.get(key)
            if runner is None:
                session = make_session(path, device=chosen, threads=n_threads)
                runner = OnnxRunner(
                    session=session,
                    input_name=session.get_inputs()[0].name,
                    output_name=session.get_outputs()[0].name,
                    providers=tuple(session.get_providers()),
                )
                self._runners[key] = runner
        return runner

    def clear(self) -> None:
        with self._lock:
            self._runners.clear()


_CACHE = _SessionCache()


def get_runner(path: Path, *, device: str = "auto", threads: int = 1) -> OnnxRunner:
    """A cached session for the ONNX file at ``path`` (created on first use)."""
    return _CACHE.get(Path(path), device, threads)


def clear_sessions() -> None:
    """Forget every cached session (tests, or after re-training in the same process)."""
    _CACHE.clear()
