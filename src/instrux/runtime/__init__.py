"""The inference side of neural executors: verified artifacts and ONNX Runtime sessions.

Nothing here imports torch. ``onnxruntime`` and ``numpy`` are imported inside the functions
that run a model, so importing this package (or building an :class:`instrux.Engine`) stays
cheap; the first execution pays for them.
"""

from instrux.runtime.artifacts import (
    CONFIG_FILE,
    MANIFEST_FILE,
    METRICS_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    Artifact,
    atomic_artifact,
    load_artifact,
    sha256_file,
    write_json,
    write_manifest,
)
from instrux.runtime.errors import ArtifactError, DeviceUnavailableError, ExportParityError
from instrux.runtime.onnx import (
    DEVICE_ENV,
    THREADS_ENV,
    OnnxRunner,
    clear_sessions,
    get_runner,
    resolve_device,
    resolve_threads,
    select_providers,
)

__all__ = [
    "CONFIG_FILE",
    "DEVICE_ENV",
    "MANIFEST_FILE",
    "METRICS_FILE",
    "MODEL_FILE",
    "THREADS_ENV",
    "WEIGHTS_FILE",
    "Artifact",
    "ArtifactError",
    "DeviceUnavailableError",
    "ExportParityError",
    "OnnxRunner",
    "atomic_artifact",
    "clear_sessions",
    "get_runner",
    "load_artifact",
    "resolve_device",
    "resolve_threads",
    "select_providers",
    "sha256_file",
    "write_json",
    "write_manifest",
]
