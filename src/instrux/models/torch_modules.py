"""The torch side of a transformer sentence encoder: load it, pool it, export it to ONNX.

This is the only module of the model layer that imports torch, and only inside its
functions: when a graph is built (once per model into the cache, see
:mod:`instrux.models.transformer`; once per trained head, router or tagger) and when heads are
trained. The pipeline takes ``input_ids`` and ``attention_mask`` (int64, ``(batch, tokens)``)
and returns ``embeddings`` (mean-pooled, L2-normalised, ``(batch, dim)``) and, with a head,
``logits`` (``(batch, labels)``). Exports go through the one exporter,
:func:`instrux.runtime.export.export_onnx`, which checks the graph against torch on probes of
other lengths than the traced ones.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.models.tokenize import load_tokenizer, tokenize
from instrux.runtime.export import export_onnx
from instrux.runtime.parity import Parity

if TYPE_CHECKING:
    import torch

__all__ = [
    "EXPORT_ATOL",
    "export_head",
    "export_pipeline",
    "head_module",
    "hidden_size",
    "load_encoder_module",
    "pipeline_module",
    "token_batch",
]

EXPORT_ATOL = 1e-4  # float32 encoder: torch and ORT sum in different orders
_PROBES = (
    ["add 3 and 5"],
    ["could you tell me what the weather will be like tomorrow in paris please"],
    ["add 3 and 5", "could you tell me what the weather will be like tomorrow in paris please"],
)


def load_encoder_module(model_dir: Path) -> Any:
    """The Hugging Face encoder in eval mode, with plain (exportable) attention."""
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    return AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()


def hidden_size(encoder: Any) -> int:
    """The width of the encoder's token vectors (and of its sentence embeddings)."""
    return int(encoder.config.hidden_size)


def pipeline_module(encoder: Any, head: torch.nn.Module | None = None) -> torch.nn.Module:
    """Encoder + mean pooling + L2 norm (+ head) as one module; also used for training."""
    import torch

    # BERT-style encoders take segment ids (all zeros: single sentences); MPNet has none.
    segments = "token_type_ids" in inspect.signature(encoder.forward).parameters

    class Pipeline(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = head

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> Any:
            extra = {"token_type_ids": torch.zeros_like(input_ids)} if segments else {}
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, **extra
            ).last_hidden_state  # (B, T, H)
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)  # (B, T, 1)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)  # (B, H)
            embeddings = torch.nn.functional.normalize(pooled, p=2.0, dim=1)  # (B, H)
            if self.head is None:
                return embeddings
            return embeddings, self.head(embeddings)  # (B, H), (B, L)

    return Pipeline().eval()


def token_batch(tokenizer_file: Path, texts: list[str]) -> tuple[Any, Any]:
    """``(input_ids, attention_mask)`` torch tensors for ``texts``."""
    import torch

    ids, mask = tokenize(load_tokenizer(tokenizer_file), texts)
    return torch.from_numpy(ids), torch.from_numpy(mask)


def export_pipeline(
    module: torch.nn.Module, tokenizer_file: Path, out: Path, *, atol: float = EXPORT_ATOL
) -> list[Parity]:
    """Write ``module`` (from :func:`pipeline_module`) to ``out`` as one self-contained graph.

    :return: the parity of each output against torch (embeddings, and logits with a head).
    :raises ExportParityError: when any output differs by more than ``atol``.
    """
    has_head = getattr(module, "head", None) is not None
    outputs = ["embeddings", "logits"] if has_head else ["embeddings"]
    inputs = ["input_ids", "attention_mask"]
    axes = {name: {0: "batch", 1: "tokens"} for name in inputs}
    axes.update({name: {0: "batch"} for name in outputs})
    return export_onnx(
        module,
        token_batch(tokenizer_file, ["hello world", "add 3 and 5 now"]),
        out,
        input_names=inputs,
        output_names=outputs,
        dynamic_axes=axes,
        probes=[token_batch(tokenizer_file, list(texts)) for texts in _PROBES],
        rtol=0.0,
        atol=atol,
        name="sentence encoder",
    )


def head_module(head: torch.nn.Module) -> torch.nn.Module:
    """A head alone, on an encoder's vectors: ``embeddings (B, D) -> logits (B, L)``.

    What a head on an encoder that is not exported with it (the numpy USE) is saved as; the
    runtime feeds it the encoder's embeddings
    (:class:`instrux.models.onnx_encoder.EncoderWithHead`).
    """
    import torch

    class HeadOnly(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.head = head

        def forward(self, embeddings: torch.Tensor) -> Any:
            return self.head(embeddings)  # (B, L)

    return HeadOnly().eval()


def export_head(
    module: torch.nn.Module, dim: int, out: Path, *, atol: float = 1e-5
) -> list[Parity]:
    """Write a :func:`head_module` to ``out``: input ``embeddings`` (B, dim), output ``logits``."""
    import torch

    generator = torch.Generator().manual_seed(0)
    probe = torch.nn.functional.normalize(torch.randn(16, dim, generator=generator), dim=1)
    return export_onnx(
        module,
        (probe[:2],),
        out,
        input_names=["embeddings"],
        output_names=["logits"],
        dynamic_axes={"embeddings": {0: "batch"}, "logits": {0: "batch"}},
        probes=[(probe,), (probe[:1],)],
        rtol=0.0,
        atol=atol,
        name="head",
    )
