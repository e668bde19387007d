"""The one int8 quantizer: per-channel dynamic int8 of an fp32 graph, with its cost measured.

Every int8 graph in instrux (the sentence encoder, trained routers and heads, the arithmetic
nets' optional int8 copies) is written by :func:`quantize_int8`: ONNX Runtime's dynamic
quantization with per-channel int8 weights. Per-channel matters on CPUs without VNNI: per-tensor
weights gave a worst cosine of 0.93 to fp32 on the MiniLM encoder, per-channel 0.984-0.996.
``DefaultTensorType`` is always given, because graphs with ORT's fused transformer ops
otherwise fail with "Unable to find data type for weight_name" (measured with onnxruntime
1.32); on plain graphs it changes nothing.

:func:`int8_change` runs both graphs on the same inputs and reports how far int8 is from fp32
(and from a reference, e.g. torch in float64), so every caller reports the accuracy change
the same way. onnxruntime's quantization tools are imported inside the functions.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.runtime.onnx import make_session

if TYPE_CHECKING:
    import numpy as np

__all__ = ["QUANTIZED_OPS", "int8_change", "quantize_int8"]

# Ops that only a quantized graph has: whether quantization changed anything at all.
QUANTIZED_OPS = frozenset({"DynamicQuantizeLinear", "MatMulInteger", "DynamicQuantizeMatMul"})


def quantize_int8(src: Path, dst: Path) -> bool:
    """Write the per-channel dynamic int8 copy of the graph ``src`` to ``dst``.

    :return: whether any op was quantized (a graph without MatMul/Gemm comes out unchanged).
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic  # type: ignore[import-untyped]

    quiet = logging.getLogger()  # quantize_dynamic logs a pre-processing tip on the root logger
    level = quiet.level
    quiet.setLevel(max(level, logging.ERROR))
    try:
        quantize_dynamic(
            str(src),
            str(dst),
            per_channel=True,
            weight_type=QuantType.QInt8,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    finally:
        quiet.setLevel(level)
    ops = {node.op_type for node in onnx.load(str(dst)).graph.node}
    return bool(ops & QUANTIZED_OPS)


def int8_change(
    fp32: Path,
    int8: Path,
    feeds: Sequence[Mapping[str, np.ndarray]],
    *,
    reference: Sequence[np.ndarray] | None = None,
) -> dict[str, Any]:
    """How far the int8 graph's first output is from the fp32 graph's on ``feeds``.

    Dynamic quantization scales activations per tensor, i.e. per batch: run ``feeds`` both as
    given and one row at a time if that matters to the caller (pass both as feeds).

    :param reference: per feed, the values both graphs should reproduce (default: fp32's).
    :return: ``max_rel_error_fp32`` (against the reference, when one is given),
        ``max_rel_error_int8``, ``median_rel_error_int8`` and ``min_cosine_int8`` (rows of the
        output against the same rows of the reference).
    """
    import numpy as np

    got = {name: _first_outputs(path, feeds) for name, path in (("fp32", fp32), ("int8", int8))}
    want = [np.asarray(r, dtype=np.float64) for r in reference] if reference else got["fp32"]
    report: dict[str, Any] = {"per_channel": True}
    for name, outputs in got.items():
        if name == "fp32" and reference is None:
            continue
        relative = np.concatenate(
            [_relative(o, w).ravel() for o, w in zip(outputs, want, strict=True)]
        )
        report[f"max_rel_error_{name}"] = float(relative.max(initial=0.0))
        report[f"median_rel_error_{name}"] = float(np.median(relative)) if relative.size else 0.0
    report["min_cosine_int8"] = min(
        _min_cosine(o, w) for o, w in zip(got["int8"], want, strict=True)
    )
    return report


def _first_outputs(path: Path, feeds: Sequence[Mapping[str, np.ndarray]]) -> list[np.ndarray]:
    import numpy as np

    session = make_session(path, device="cpu")
    return [np.asarray(session.run(None, dict(feed))[0], dtype=np.float64) for feed in feeds]


def _relative(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    import numpy as np

    relative: np.ndarray = np.abs(got - want) / np.maximum(np.abs(want), np.finfo(np.float64).tiny)
    return relative


def _min_cosine(got: np.ndarray, want: np.ndarray) -> float:
    import numpy as np

    a = got.reshape(len(got), -1)
    b = want.reshape(len(want), -1)
    norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    cosine = (a * b).sum(axis=1) / np.maximum(norms, np.finfo(np.float64).tiny)
    return float(cosine.min(initial=1.0))
