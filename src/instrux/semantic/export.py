"""Export a sentence encoder (and optionally an intent head) from torch to one ONNX graph.

This is the only module of the semantic tier that imports torch, and only while a graph is
built: once per model into the cache (see :mod:`instrux.semantic.encoder`) or once per
trained router artifact. The graph takes ``input_ids`` and ``attention_mask`` (both int64,
``(batch, tokens)``) and returns ``embeddings`` (mean-pooled, L2-normalised, ``(batch, dim)``)
and, with a head, ``logits`` (``(batch, labels)``). Every export is checked against torch with
:func:`instrux.runtime.parity.check_parity` and fails with
:class:`~instrux.runtime.errors.ExportParityError` when they disagree.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.runtime.onnx import make_session
from instrux.runtime.parity import check_parity

if TYPE_CHECKING:
    import torch

__all__ = ["EXPORT_ATOL", "check_export", "export_pipeline", "load_encoder_module"]

OPSET = 17
EXPORT_ATOL = 1e-4  # float32 encoder: torch and ORT sum in different orders
_PROBES = [
    "add 3 and 5",
    "could you tell me what the weather will be like tomorrow in paris please",
]


def load_encoder_module(model_dir: Path) -> Any:
    """The Hugging Face encoder in eval mode, with plain (exportable) attention."""
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    return AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()


def pipeline_module(encoder: Any, head: torch.nn.Module | None = None) -> torch.nn.Module:
    """Encoder + mean pooling + L2 norm (+ head) as one module; also used for training."""
    import torch

    class Pipeline(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = head

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> Any:
            token_types = torch.zeros_like(input_ids)  # single sentences: one segment
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_types
            ).last_hidden_state  # (B, T, H)
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)  # (B, T, 1)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)  # (B, H)
            embeddings = torch.nn.functional.normalize(pooled, p=2.0, dim=1)  # (B, H)
            if self.head is None:
                return embeddings
            return embeddings, self.head(embeddings)  # (B, H), (B, L)

    return Pipeline().eval()


def export_pipeline(module: torch.nn.Module, tokenizer_file: Path, out: Path) -> None:
    """Write ``module`` (from :func:`pipeline_module`) to ``out`` as one self-contained graph."""
    import torch

    batch = _probe_batch(tokenizer_file)
    has_head = getattr(module, "head", None) is not None
    outputs = ["embeddings", "logits"] if has_head else ["embeddings"]
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}}
    axes.update({name: {0: "batch"} for name in outputs})
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer chatter about shapes; parity is checked below
        # The TorchScript exporter: 2-4 s instead of 15-22 s for dynamo, and a single file.
        # The parity check below catches the shape-specialisation trap it has on some models.
        torch.onnx.export(
            module,
            (batch["input_ids"], batch["attention_mask"]),
            str(out),
            input_names=["input_ids", "attention_mask"],
            output_names=outputs,
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
    check_export(module, out, tokenizer_file)


def check_export(
    module: torch.nn.Module, graph: Path, tokenizer_file: Path, atol: float = EXPORT_ATOL
) -> None:
    """Compare torch and ONNX Runtime on probes of other lengths than the traced ones.

    :raises ExportParityError: when any output differs by more than ``atol``.
    """
    import torch

    session = make_session(graph, device="cpu")  # the cached graph must not depend on a GPU
    for texts in ([_PROBES[0]], [_PROBES[1]], _PROBES):
        batch = _probe_batch(tokenizer_file, texts)
        with torch.inference_mode():
            expected = module(batch["input_ids"], batch["attention_mask"])
        expected_list = list(expected) if isinstance(expected, tuple) else [expected]
        feeds = {k: v.numpy() for k, v in batch.items()}
        for want, got in zip(expected_list, session.run(None, feeds), strict=True):
            check_parity(
                "sentence encoder", want.numpy(), got, rtol=0.0, atol=atol,
                where=f"{graph.name}, batch of {len(texts)}",
            )  # fmt: skip


def _probe_batch(tokenizer_file: Path, texts: list[str] | None = None) -> dict[str, Any]:
    import torch

    from instrux.semantic.tokenize import load_tokenizer, tokenize

    ids, mask = tokenize(
        load_tokenizer(tokenizer_file), texts or ["hello world", "add 3 and 5 now"]
    )
    return {"input_ids": torch.from_numpy(ids), "attention_mask": torch.from_numpy(mask)}
