"""The one inference layer of every model kind: sessions, artifacts, export, int8, device.

One layer for the arithmetic nets, sentence encoders, heads, routers and slot taggers alike:

- :mod:`.onnx`: the only place that builds ``onnxruntime.InferenceSession``;
- :mod:`.device`: the one device policy (ONNX Runtime providers and onnxruntime-genai's);
- :mod:`.loaded`: the one process-wide cache of loaded models (sessions, encoders, heads...);
- :mod:`.artifacts`: the one artifact format: writer, reader (manifest with sha256), atomic
  directories, and the encoder an artifact was built on;
- :mod:`.cache`: derived files keyed on their sources, built once under a lock;
- :mod:`.export`: the one export from torch, always checked against torch
  (:mod:`.parity`: the one parity formula);
- :mod:`.quantize`: the one int8 quantizer, with the accuracy change measured;
- :mod:`.optimize`: ORT's transformer fusions, kept only when they change nothing;
- :mod:`.errors`: their typed errors (all :class:`~instrux.ConfigurationError`).

Nothing here imports torch at import time or reads the environment (values come from
:class:`instrux.Settings` through the engine). ``onnxruntime``, ``numpy`` and ``torch`` are
imported inside the functions that need them, so importing this package (or building an
:class:`instrux.Engine`) stays cheap.
"""

from instrux.runtime.artifacts import (
    CONFIG_FILE,
    MANIFEST_FILE,
    METRICS_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    Artifact,
    EncoderRecord,
    atomic_artifact,
    atomic_dir,
    check_encoder,
    clean_stale_siblings,
    load_artifact,
    sha256_file,
    write_artifact,
    write_json,
    write_manifest,
)
from instrux.runtime.errors import (
    ArtifactError,
    DeviceUnavailableError,
    EncoderMismatchError,
    ExportParityError,
    MissingDependencyError,
)
from instrux.runtime.onnx import (
    DEVICES,
    OnnxRunner,
    clear_sessions,
    get_runner,
    make_session,
    resolve_device,
    resolve_threads,
    select_providers,
)

__all__ = [
    "CONFIG_FILE",
    "DEVICES",
    "MANIFEST_FILE",
    "METRICS_FILE",
    "MODEL_FILE",
    "WEIGHTS_FILE",
    "Artifact",
    "ArtifactError",
    "DeviceUnavailableError",
    "EncoderMismatchError",
    "EncoderRecord",
    "ExportParityError",
    "MissingDependencyError",
    "OnnxRunner",
    "atomic_artifact",
    "atomic_dir",
    "check_encoder",
    "clean_stale_siblings",
    "clear_sessions",
    "get_runner",
    "load_artifact",
    "make_session",
    "resolve_device",
    "resolve_threads",
    "select_providers",
    "sha256_file",
    "write_artifact",
    "write_json",
    "write_manifest",
]
