"""int8 copies of trained router graphs, cached next to the encoder graphs."""

from __future__ import annotations

from pathlib import Path

from instrux.runtime.artifacts import MODEL_FILE
from instrux.runtime.cache import atomic_build
from instrux.runtime.cache import cache_dir as cache_subdir
from instrux.semantic.artifact import RouterArtifact

__all__ = ["artifact_int8_graph", "quantize_fused"]


def artifact_int8_graph(artifact: RouterArtifact, *, cache_dir: Path) -> Path:
    """The int8 graph of an artifact under ``cache_dir/routers``, keyed on its fp32 graph."""
    folder = artifact.path
    assert folder is not None, "load the artifact from disk first"
    key = artifact.sha256[MODEL_FILE][:16]
    return atomic_build(
        cache_subdir(cache_dir, "routers") / f"router-{key}-int8.onnx",
        lambda out: quantize_fused(folder / MODEL_FILE, out),
    )


def quantize_fused(fp32: Path, out: Path) -> None:
    """Per-channel dynamic int8 of a graph with ORT's fused BERT ops.

    Quantizing a fused graph fails with "Unable to find data type for weight_name" unless the
    default tensor type is given (measured with onnxruntime 1.32).
    """
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic  # type: ignore[import-untyped]

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))
    quantize_dynamic(
        str(fp32),
        str(out),
        per_channel=True,
        weight_type=QuantType.QInt8,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
