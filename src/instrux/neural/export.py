"""ONNX export with a parity check, int8 quantization, and artifact save/load (torch side).

Every export is run through ONNX Runtime on probe inputs at two batch sizes (the batch axis
is dynamic) and compared with the torch model: ``|onnx - torch| <= atol + rtol * |torch|``
elementwise, with the tolerances of :data:`TOLERANCES` unless given, by the same helper
the sentence encoder's export uses (:func:`instrux.runtime.parity.check_parity`). A failure
raises :class:`~instrux.runtime.errors.ExportParityError`; nothing is written under the final
name. Sessions come from :func:`instrux.runtime.onnx.make_session`, on the CPU.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn

from instrux.neural.models import build_model, model_type_of
from instrux.runtime.artifacts import (
    CONFIG_FILE,
    METRICS_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    Artifact,
    atomic_artifact,
    load_artifact,
    write_json,
)
from instrux.runtime.errors import ArtifactError
from instrux.runtime.onnx import make_session
from instrux.runtime.parity import check_parity as check_outputs

__all__ = [
    "INT8_FILE",
    "OPSET",
    "TOLERANCES",
    "ParityReport",
    "check_parity",
    "export_artifact",
    "export_onnx",
    "load_model",
    "quantize_int8",
    "save_artifact",
]

OPSET = 17
INT8_FILE = "model.int8.onnx"
# (rtol, atol) per dtype: float64 graphs run the same correctly rounded ops as torch, so they
# agree to a few ulps; float32 allows for different summation orders.
TOLERANCES: dict[str, tuple[float, float]] = {"float64": (1e-12, 1e-12), "float32": (1e-5, 1e-5)}
DTYPES: dict[str, torch.dtype] = {"float64": torch.float64, "float32": torch.float32}


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


def export_onnx(model: nn.Module, path: Path, n_features: int, dtype: str = "float64") -> None:
    """Export ``model`` (cast to ``dtype``) to ``path`` with a dynamic batch axis."""
    model = model.to(DTYPES[dtype]).eval()
    example = torch.zeros(2, n_features, dtype=DTYPES[dtype])  # (B, F)
    with warnings.catch_warnings():
        # The TorchScript exporter is deprecated in favour of dynamo=True, which takes ~20 s
        # and writes a side .data file; for these few-op graphs the legacy one is exact and
        # fast, and the parity check below guards against silent tracing mistakes.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            (example,),
            str(path),
            input_names=["x"],
            output_names=["y"],
            dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )


def check_parity(
    model: nn.Module,
    path: Path,
    probe: Tensor,
    dtype: str = "float64",
    rtol: float | None = None,
    atol: float | None = None,
) -> ParityReport:
    """Compare the ONNX graph at ``path`` with ``model`` on ``probe`` (raises on mismatch).

    :raises ExportParityError: when any output is outside ``atol + rtol |torch|``.
    """
    default_rtol, default_atol = TOLERANCES[dtype]
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    model = model.to(DTYPES[dtype]).eval()
    x = probe.to(DTYPES[dtype])
    # The CPU, whatever the runtime device: an artifact must not depend on the exporting host.
    session = make_session(path, device="cpu")
    with torch.no_grad():
        expected = model(x).numpy()  # (N, O)
    batched = session.run(None, {"x": x.numpy()})[0]
    single = np.concatenate([session.run(None, {"x": row[None]})[0] for row in x.numpy()[:8]])
    parity = check_outputs(
        type(model).__name__,
        np.concatenate([expected, expected[:8]]),
        np.concatenate([batched, single]),
        rtol=rtol,
        atol=atol,
        where=str(path),
    )
    return ParityReport(
        dtype=dtype, rtol=rtol, atol=atol, batch_sizes=(len(x), 1), samples=parity.samples,
        max_abs_error=parity.max_abs_error, max_rel_error=parity.max_rel_error,
        worst_excess=parity.worst_excess,
    )  # fmt: skip


def quantize_int8(src: Path, dst: Path) -> bool:
    """Dynamic int8 quantization (per-channel weights) of a float32 graph.

    :return: whether any op was quantized (graphs without MatMul/Gemm are copied unchanged).
    """
    from onnxruntime.quantization import (  # type: ignore[import-untyped]
        QuantType,
        quantize_dynamic,
    )

    quiet = logging.getLogger()  # quantize_dynamic logs a pre-processing tip on the root logger
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        quantize_dynamic(str(src), str(dst), per_channel=True, weight_type=QuantType.QInt8)
    finally:
        quiet.setLevel(level)
    import onnx

    ops = {node.op_type for node in onnx.load(str(dst)).graph.node}
    return bool(ops & {"DynamicQuantizeLinear", "MatMulInteger", "DynamicQuantizeMatMul"})


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
    from safetensors.torch import save_file

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
    with atomic_artifact(dest) as tmp:
        write_json(tmp / CONFIG_FILE, config)
        model = model.to(DTYPES[dtype])
        state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
        save_file(state, str(tmp / WEIGHTS_FILE))
        export_onnx(model, tmp / MODEL_FILE, n_features, dtype)
        metrics = {
            **metrics,
            "parity": check_parity(model, tmp / MODEL_FILE, probe, dtype).to_dict(),
        }
        if int8:
            metrics["int8"] = _write_int8(model, tmp / INT8_FILE, probe, reference)
        write_json(tmp / METRICS_FILE, metrics)
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
    from safetensors.torch import load_file

    artifact = load_artifact(path, require=(CONFIG_FILE, WEIGHTS_FILE))
    try:
        model = build_model(artifact.config["model_type"], artifact.config["model_config"])
    except (KeyError, TypeError) as err:
        raise ArtifactError(
            artifact.path, CONFIG_FILE, f"does not describe a model ({err})"
        ) from None
    state = load_file(str(artifact.file(WEIGHTS_FILE)))
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
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "model.fp32.onnx"
        export_onnx(model.to(torch.float32), fp32, probe.shape[1], "float32")
        quantized = quantize_int8(fp32, dst)
        x = probe.to(torch.float32).numpy()
        report: dict[str, Any] = {"quantized": quantized, "per_channel": True}
        for name, path in (("float32", fp32), ("int8", dst)):
            batch, rows = _run_both_ways(path, x)
            report[f"max_rel_error_{name}"] = float(_relative(batch, reference).max())
            report[f"max_rel_error_{name}_row_by_row"] = float(_relative(rows, reference).max())
            report[f"median_rel_error_{name}_row_by_row"] = float(
                np.median(_relative(rows, reference))
            )
    return report


def _run_both_ways(path: Path, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    session = make_session(path, device="cpu")
    batch = session.run(None, {"x": x})[0].astype(np.float64)  # (N, O)
    rows = np.concatenate([session.run(None, {"x": row[None]})[0] for row in x])  # (N, O)
    return batch, rows.astype(np.float64)


def _relative(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    relative: np.ndarray = np.abs(got - want) / np.maximum(np.abs(want), np.finfo(np.float64).tiny)
    return relative
