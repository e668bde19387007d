"""Arithmetic nets to artifacts: ONNX export with a parity check, optional int8, save/load.

Every export goes through the one exporter (:func:`instrux.runtime.export.export_onnx`), which
runs the graph with ONNX Runtime on probe inputs at two batch sizes (the batch axis is dynamic:
the whole probe, then its first rows one at a time) and compares it with the torch model,
``|onnx - torch| <= atol + rtol * |torch|`` elementwise, with the tolerances of
:data:`TOLERANCES` unless given. A failure raises
:class:`~instrux.runtime.errors.ExportParityError`; nothing is written under the final name.
int8 copies come from the one quantizer (:mod:`instrux.runtime.quantize`) with the accuracy
change reported, and artifacts are written by the one writer
(:func:`instrux.runtime.artifacts.write_artifact`).
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn

from instrux.arithmetic.nets import build_model, model_type_of
from instrux.runtime.artifacts import (
    CONFIG_FILE,
    INT8_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    Artifact,
    load_artifact,
    write_artifact,
)
from instrux.runtime.errors import ArtifactError
from instrux.runtime.export import export_onnx
from instrux.runtime.quantize import int8_change, quantize_int8

__all__ = [
    "INT8_FILE",
    "TOLERANCES",
    "ParityReport",
    "export_artifact",
    "export_net",
    "load_model",
    "save_artifact",
]

# (rtol, atol) per dtype: float64 graphs run the same correctly rounded ops as torch, so they
# agree to a few ulps; float32 allows for different summation orders.
TOLERANCES: dict[str, tuple[float, float]] = {"float64": (1e-12, 1e-12), "float32": (1e-5, 1e-5)}
DTYPES: dict[str, torch.dtype] = {"float64": torch.float64, "float32": torch.float32}
SINGLE_ROWS = 8  # probe rows also run one at a time (batch size 1)


@dataclass(frozen=True)
class ParityReport:
    dtype: str
    rtol: float
    atol: float
    batch_sizes: tuple[int, ...]
    samples: int
    max_abs_error: float
    max_rel_error: float
    worst_excess: float  # max of |diff| - (atol + rtol |torch|); <= 0 means it passed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def export_net(
    model: nn.Module,
    path: Path,
    probe: Tensor,
    dtype: str = "float64",
    rtol: float | None = None,
    atol: float | None = None,
) -> ParityReport:
    """Export ``model`` (cast to ``dtype``) to ``path`` with a dynamic batch axis, checked on
    ``probe`` as one batch and its first rows one at a time.

    :raises ExportParityError: when any output is outside ``atol + rtol |torch|``.
    """
    default_rtol, default_atol = TOLERANCES[dtype]
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    model = model.to(DTYPES[dtype]).eval()
    x = probe.to(DTYPES[dtype])
    (parity,) = export_onnx(
        model,
        (torch.zeros(2, x.shape[1], dtype=DTYPES[dtype]),),  # (B, F)
        path,
        input_names=["x"],
        output_names=["y"],
        dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
        probes=[(x,), *((row[None],) for row in x[:SINGLE_ROWS])],
        rtol=rtol,
        atol=atol,
        name=type(model).__name__,
    )
    return ParityReport(
        dtype=dtype, rtol=rtol, atol=atol, batch_sizes=(len(x), 1), samples=parity.samples,
        max_abs_error=parity.max_abs_error, max_rel_error=parity.max_rel_error,
        worst_excess=parity.worst_excess,
    )  # fmt: skip


def save_artifact(
    dest: Path,
    model: nn.Module,
    *,
    info: dict[str, Any],
    metrics: dict[str, Any],
    probe: Tensor,
    dtype: str = "float64",
    int8: bool = False,
) -> dict[str, Any]:
    """Write ``model`` as an artifact directory at ``dest`` (atomically, parity-checked).

    :param info: extra ``config.json`` fields (features, instructions, recipe, ...).
    :param metrics: written to ``metrics.json`` together with the parity report.
    :param int8: also write ``model.int8.onnx`` and its accuracy change under ``int8``.
    :return: the metrics as written.
    """
    model_type, model_config = model_type_of(model)
    n_features = probe.shape[1]
    config = {
        **info,
        "model_type": model_type,
        "model_config": model_config,
        "dtype": dtype,
        "input": {"name": "x", "features": n_features},
        "output": {"name": "y"},
    }
    reference = _outputs(model, probe)  # float64 outputs before any cast
    with tempfile.TemporaryDirectory() as scratch:
        graphs = {MODEL_FILE: Path(scratch) / MODEL_FILE}
        model = model.to(DTYPES[dtype])
        parity = export_net(model, graphs[MODEL_FILE], probe, dtype)
        metrics = {**metrics, "parity": parity.to_dict()}
        # The weights in the artifact's dtype, read before the int8 step casts the model.
        state = {k: v.detach().contiguous().numpy() for k, v in model.state_dict().items()}
        if int8:
            graphs[INT8_FILE] = Path(scratch) / INT8_FILE
            metrics["int8"] = _write_int8(model, graphs[INT8_FILE], probe, reference)
        write_artifact(dest, config=config, metrics=metrics, weights=state, moved=graphs)
    return metrics


def export_artifact(
    src: Path,
    out: Path | None = None,
    *,
    dtype: str | None = None,
    int8: bool = False,
    probe: Tensor | None = None,
) -> dict[str, Any]:
    """Re-export an artifact's weights: another dtype, another opset, or with an int8 graph.

    :param out: where to write (default: replace ``src`` atomically).
    :param probe: inputs for the parity check and the int8 report (default: seeded normal
        samples scaled to the training range).
    :return: the new artifact's metrics.
    """
    model, artifact = load_model(src)
    if probe is None:
        generator = torch.Generator().manual_seed(0)
        features = int(artifact.config.get("input", {}).get("features", 1))
        probe = 100.0 * torch.randn(256, features, generator=generator, dtype=torch.float64)
    skip = {"model_type", "model_config", "dtype", "input", "output"}
    info = {k: v for k, v in artifact.config.items() if k not in skip}
    metrics = {k: v for k, v in artifact.metrics().items() if k not in ("parity", "int8")}
    return save_artifact(
        Path(out) if out is not None else artifact.path, model, info=info, metrics=metrics,
        probe=probe, dtype=dtype or artifact.config.get("dtype", "float32"), int8=int8,
    )  # fmt: skip


def load_model(path: Path) -> tuple[nn.Module, Artifact]:
    """Rebuild the torch module of a verified artifact from its config and safetensors."""
    artifact = load_artifact(path, require=(CONFIG_FILE, WEIGHTS_FILE))
    try:
        model = build_model(artifact.config["model_type"], artifact.config["model_config"])
    except (KeyError, TypeError) as err:
        raise ArtifactError(
            artifact.path, CONFIG_FILE, f"does not describe a model ({err})"
        ) from None
    state = {k: torch.from_numpy(v) for k, v in artifact.weights().items()}
    model = model.to(DTYPES[artifact.config.get("dtype", "float32")])
    try:
        model.load_state_dict(state)
    except RuntimeError as err:
        raise ArtifactError(
            artifact.path, WEIGHTS_FILE, f"does not fit the model ({err})"
        ) from None
    return model.eval(), artifact


def _outputs(model: nn.Module, probe: Tensor) -> np.ndarray:
    with torch.no_grad():
        y: Tensor = model.to(torch.float64).eval()(probe.double())  # (N, O)
    out: np.ndarray = y.numpy()
    return out


def _write_int8(
    model: nn.Module, dst: Path, probe: Tensor, reference: np.ndarray
) -> dict[str, Any]:
    """Quantize a float32 export of ``model`` to ``dst``; report the accuracy change.

    Dynamic quantization scales activations per tensor, i.e. per batch, so errors are
    reported for the probe run as one batch and row by row.
    """
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "model.fp32.onnx"
        export_net(model.to(torch.float32), fp32, probe, "float32")
        quantized = quantize_int8(fp32, dst)
        x = probe.to(torch.float32).numpy()
        batch = int8_change(fp32, dst, [{"x": x}], reference=[reference])
        rows = int8_change(
            fp32, dst, [{"x": row[None]} for row in x], reference=[r[None] for r in reference]
        )
    return {
        "quantized": quantized,
        "per_channel": True,
        "max_rel_error_float32": batch["max_rel_error_fp32"],
        "max_rel_error_int8": batch["max_rel_error_int8"],
        "max_rel_error_float32_row_by_row": rows["max_rel_error_fp32"],
        "max_rel_error_int8_row_by_row": rows["max_rel_error_int8"],
        "median_rel_error_float32_row_by_row": rows["median_rel_error_fp32"],
        "median_rel_error_int8_row_by_row": rows["median_rel_error_int8"],
    }
