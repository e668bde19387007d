"""Export a trained head as ONE ONNX graph, checked against torch.

A ``pipeline`` head (encoder, pooling, head) is written by
:func:`instrux.models.torch_modules.export_pipeline` (the exporter routers use; it checks its own
probes), fused with ORT's BERT fusions when they keep the outputs
(:func:`instrux.runtime.optimize.fuse`), then compared once more with torch on real texts (up to
64 validation rows) through :func:`instrux.runtime.parity.check_parity`; the figures go into the
artifact's metrics. A ``head`` head (the head alone, on an encoder's vectors) is written by
:func:`instrux.models.torch_modules.export_head`. ``int8`` copies come from the one quantizer,
:func:`instrux.runtime.quantize.quantize_int8`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from instrux.models.tokenize import load_tokenizer, tokenize
from instrux.runtime.onnx import make_session
from instrux.runtime.optimize import fuse
from instrux.runtime.parity import check_parity

__all__ = ["HEAD_ATOL", "export_head", "export_pipeline_head", "torch_outputs"]

HEAD_ATOL = 1e-3  # logits: a fine-tuned head scales the 1e-6 embedding differences up
PARITY_ROWS = 64


def export_head(
    module: Any, graph: Path, *, layout: str, model_dir: Path | None, dim: int, probes: list[str]
) -> dict[str, Any]:
    """Write ``graph`` from ``module`` in its layout; returns the parity figures."""
    if layout == "head":
        from instrux.models.torch_modules import export_head as export_head_only

        (parity,) = export_head_only(module, dim, graph)
        return {"parity": parity.to_dict()}
    assert model_dir is not None, "a pipeline head needs its encoder's folder"
    return export_pipeline_head(module, model_dir, graph, probes)


def export_pipeline_head(
    module: Any, model_dir: Path, graph: Path, probe_texts: list[str]
) -> dict[str, Any]:
    """Write ``graph`` from a pipeline module; the parity figures (torch vs ORT, fused graph)."""
    from instrux.models.torch_modules import export_pipeline

    plain = graph.with_name("plain.onnx")
    export_pipeline(module, model_dir / "tokenizer.json", plain)
    config = json.loads((model_dir / "config.json").read_text())
    fuse(plain, graph, heads=int(config["num_attention_heads"]), hidden=int(config["hidden_size"]))
    plain.unlink(missing_ok=True)
    texts = probe_texts[:PARITY_ROWS] or ["hello world"]
    want = torch_outputs(module, model_dir / "tokenizer.json", texts)
    got = _onnx_outputs(graph, model_dir / "tokenizer.json", texts)
    parity = check_parity(
        "head", want, got, rtol=0.0, atol=HEAD_ATOL, where=f"{graph.name}, {len(texts)} texts"
    )
    return {"parity": parity.to_dict()}


def torch_outputs(module: Any, tokenizer_file: Path, texts: list[str]) -> Any:
    """The module's logits for ``texts``, one text at a time (no padding effects)."""
    import torch

    tokenizer = load_tokenizer(tokenizer_file)
    rows = []
    with torch.inference_mode():
        for text in texts:
            ids, mask = tokenize(tokenizer, [text])
            rows.append(module(torch.from_numpy(ids), torch.from_numpy(mask))[-1].numpy())
    return np.concatenate(rows)


def _onnx_outputs(graph: Path, tokenizer_file: Path, texts: list[str]) -> Any:
    tokenizer = load_tokenizer(tokenizer_file)
    session = make_session(graph, device="cpu")
    rows = []
    for text in texts:
        ids, mask = tokenize(tokenizer, [text])
        rows.append(session.run(None, {"input_ids": ids, "attention_mask": mask})[-1])
    return np.concatenate(rows)
