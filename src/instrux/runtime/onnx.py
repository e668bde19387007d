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

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.runtime.device import (
    CPU,
    CUDA,
    DEVICES,
    import_onnxruntime,
    resolve_device,
    resolve_threads,
    select_providers,
)
from instrux.runtime.errors import DeviceUnavailableError
from instrux.runtime.loaded import forget, loaded

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


def get_runner(path: Path, *, device: str = "auto", threads: int = 1) -> OnnxRunner:
    """A cached session for the ONNX file at ``path`` (created on first use).

    Kept in the one cache of loaded models (:mod:`instrux.runtime.loaded`), keyed by the
    file's identity (a re-trained file has a new mtime or size), providers and threads.
    """
    path = Path(path)
    chosen = resolve_device(device)
    providers = select_providers(chosen)
    n_threads = resolve_threads(threads)
    stat = path.stat()
    key = ("session", str(path.resolve()), stat.st_mtime_ns, stat.st_size, chosen, providers,
           n_threads)  # fmt: skip
    return loaded(key, lambda: _runner(path, chosen, n_threads))


def _runner(path: Path, device: str, threads: int) -> OnnxRunner:
    session = make_session(path, device=device, threads=threads)
    return OnnxRunner(
        session=session,
        input_name=session.get_inputs()[0].name,
        output_name=session.get_outputs()[0].name,
        providers=tuple(session.get_providers()),
    )


def clear_sessions() -> None:
    """Forget every cached session (tests, or after re-training in the same process)."""
    forget("session")
