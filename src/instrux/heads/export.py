"""Export a trained head as ONE ONNX graph (encoder, pooling, head), checked against torch.

The graph is written by :func:`instrux.semantic.export.export_pipeline` (the exporter routers
use; it checks its own probes), fused with ORT's BERT fusions when they keep the outputs
(:func:`instrux.semantic.encoder.fuse`), then compared once more with torch on real texts
(up to 64 validation rows) through :func:`instrux.runtime.parity.check_parity`; the figures go
into the artifact's metrics. ``int8`` adds a per-channel dynamic int8 copy of the graph.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from instrux.runtime.onnx import make_session
from instrux.runtime.parity import check_parity

__all__ = ["HEAD_ATOL", "export_head", "quantize_head", "torch_outputs"]

HEAD_ATOL = 1e-3  # logits: a fine-tuned head scales the 1e-6 embedding differences up
PARITY_ROWS = 64


def export_head(
    module: Any, model_dir: Path, graph: Path, probe_texts: list[str]
) -> dict[str, Any]:
    """Write ``graph`` from ``module``; returns the parity figures (torch vs ORT, fused graph)."""
    from instrux.semantic.encoder import fuse
    from instrux.semantic.export import export_pipeline

    plain = graph.with_name("plain.onnx")
    export_pipeline(module, model_dir / "tokenizer.json", plain)
    fuse(plain, graph, json.loads((model_dir / "config.json").read_text()))
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

    from instrux.semantic.tokenize import load_tokenizer, tokenize

    tokenizer = load_tokenizer(tokenizer_file)
    rows = []
    with torch.inference_mode():
        for text in texts:
            ids, mask = tokenize(tokenizer, [text])
            rows.append(module(torch.from_numpy(ids), torch.from_numpy(mask))[-1].numpy())
    return np.concatenate(rows)


def _onnx_outputs(graph: Path, tokenizer_file: Path, texts: list[str]) -> Any:
    from instrux.semantic.tokenize import load_tokenizer, tokenize

    tokenizer = load_tokenizer(tokenizer_file)
    session = make_session(graph, device="cpu")
    rows = []
    for text in texts:
        ids, mask = tokenize(tokenizer, [text])
        rows.append(session.run(None, {"input_ids": ids, "attention_mask": mask})[-1])
    return np.concatenate(rows)


def quantize_head(fp32: Path, out: Path) -> None:
    """Per-channel dynamic int8 copy of a (possibly fused) head graph."""
    from instrux.semantic.quantize import quantize_fused

    quantize_fused(fp32, out)
