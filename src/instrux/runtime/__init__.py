"""The inference side of every ONNX executor kind: sessions, artifacts, caches, parity.

One layer for the neural arithmetic nets and the semantic tier alike:

- :mod:`.onnx`: the only place that builds ``onnxruntime.InferenceSession`` (device, threads);
- :mod:`.artifacts`: artifact directories (manifest with sha256, atomic writes, verification);
- :mod:`.cache`: derived files keyed on their sources, built once under a lock;
- :mod:`.parity`: the parity check every export runs;
- :mod:`.errors`: their typed errors (all :class:`~instrux.ConfigurationError`).

Nothing here imports torch or reads the environment (values come from :class:`instrux.Settings`
through the engine). ``onnxruntime`` and ``numpy`` are imported inside the functions that run
a model, so importing this package (or building an :class:`instrux.Engine`) stays cheap; the
first execution pays for them.
"""

from instrux.runtime.artifacts import (
    CONFIG_FILE,
    MANIFEST_FILE,
    METRICS_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    Artifact,
    atomic_artifact,
    clean_stale_siblings,
    load_artifact,
    sha256_file,
    write_json,
    write_manifest,
)
from instrux.runtime.errors import (
    ArtifactError,
    DeviceUnavailableError,
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
    "ExportParityError",
    "MissingDependencyError",
    "OnnxRunner",
    "atomic_artifact",
    "clean_stale_siblings",
    "clear_sessions",
    "get_runner",
    "load_artifact",
    "make_session",
    "resolve_device",
    "resolve_threads",
    "select_providers",
    "sha256_file",
    "write_json",
    "write_manifest",
]
