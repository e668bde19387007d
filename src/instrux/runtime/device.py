"""Where models run: one device policy for ONNX Runtime sessions and onnxruntime-genai.

``device`` is ``auto`` (CUDA when the installed runtime build has it, the CPU otherwise),
``cpu`` or ``cuda`` (an error naming the missing package when CUDA cannot be used). The value
comes from :class:`instrux.Settings` (``INSTRUX_DEVICE``, ``--device``); nothing here reads the
environment. Both runtimes are imported or looked up inside the functions, never at import.
"""

from __future__ import annotations

from typing import Any

from instrux.runtime.errors import DeviceUnavailableError, MissingDependencyError, installed
from instrux.schemas.errors import ConfigurationError

__all__ = [
    "CPU",
    "CUDA",
    "DEVICES",
    "genai_provider",
    "import_onnxruntime",
    "resolve_device",
    "resolve_threads",
    "select_providers",
]

DEVICES = ("auto", "cpu", "cuda")
CPU = "CPUExecutionProvider"
CUDA = "CUDAExecutionProvider"
GENAI_CUDA_PACKAGE = "onnxruntime-genai-cuda"


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


def import_onnxruntime() -> Any:
    """Import onnxruntime, or raise :class:`MissingDependencyError` saying how to install it."""
    try:
        import onnxruntime  # type: ignore[import-untyped]
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


def select_providers(device: str = "auto", available: list[str] | None = None) -> tuple[str, ...]:
    """ONNX Runtime execution providers for ``device``, best first (CPU last as fallback)."""
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


def genai_provider(device: str = "auto", *, has_cuda: bool | None = None) -> str | None:
    """The onnxruntime-genai provider for ``device``: ``"cuda"``, or ``None`` for the CPU.

    The same policy as :func:`select_providers`: ``auto`` takes CUDA when the CUDA build
    (``onnxruntime-genai-cuda``) is installed, ``cuda`` without it is an error.
    """
    chosen = resolve_device(device)
    if chosen == "cpu":
        return None
    if has_cuda is None:
        has_cuda = installed(GENAI_CUDA_PACKAGE)
    if not has_cuda:
        if chosen == "cuda":
            raise DeviceUnavailableError(
                "cuda",
                f"the language-model runtime needs the {GENAI_CUDA_PACKAGE} package",
                hint=f"pip install {GENAI_CUDA_PACKAGE} (instead of onnxruntime-genai), "
                "or use --device cpu.",
            )
        return None
    return "cuda"
